package ingest

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/heistwatch/heistwatch"
)

// leaseKeeper keeps the leases of the items a process holds alive until each
// item is finished. An item may wait a while between its claim and its
// commit: in the queue behind busy workers, for its host's turn, for the
// saver. Were its lease to run out meanwhile, another process would claim
// the item and both would fetch the page. So every quarter lease the keeper
// renews, in one statement, each held item whose lease is half gone.
// An item another process took anyway (this one stalled past a whole lease)
// is reported lost, and its worker leaves it alone.
type leaseKeeper struct {
	st      heistwatch.Store
	owner   string
	lease   time.Duration
	now     func() time.Time
	log     *slog.Logger
	journal *journal

	mu   sync.Mutex
	ends map[int64]time.Time // held item → the end of its lease as last set
	lost map[int64]bool      // held items another process claimed
}

func (in *Ingester) newLeaseKeeper() *leaseKeeper {
	return &leaseKeeper{st: in.st, owner: in.owner, lease: in.cfg.Fetch.Lease, now: in.now, log: in.log,
		journal: in.journal, ends: map[int64]time.Time{}, lost: map[int64]bool{}}
}

// add records items just claimed, leased until end.
func (k *leaseKeeper) add(ids []int64, end time.Time) {
	k.mu.Lock()
	for _, id := range ids {
		k.ends[id] = end
	}
	k.mu.Unlock()
}

// drop forgets an item that is finished or released.
func (k *leaseKeeper) drop(id int64) {
	k.mu.Lock()
	delete(k.ends, id)
	delete(k.lost, id)
	k.mu.Unlock()
}

// holds tells whether this process still holds an item; a lost one is
// forgotten.
func (k *leaseKeeper) holds(id int64) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.lost[id] {
		delete(k.lost, id)
		delete(k.ends, id)
		return false
	}
	return true
}

// renew extends the leases that are half gone.
func (k *leaseKeeper) renew(ctx context.Context) {
	now := k.now()
	k.mu.Lock()
	var due []int64
	for id, end := range k.ends {
		if !k.lost[id] && end.Sub(now) < k.lease/2 {
			due = append(due, id)
		}
	}
	k.mu.Unlock()
	if len(due) == 0 {
		return
	}
	end := now.Add(k.lease)
	kept, err := k.st.RenewItems(ctx, k.owner, due, end)
	if err != nil {
		if ctx.Err() == nil {
			k.log.Warn("renew item leases; trying again shortly", "items", len(due), "err", err)
		}
		return
	}
	renewed := make(map[int64]bool, len(kept))
	for _, id := range kept {
		renewed[id] = true
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, id := range due {
		if _, held := k.ends[id]; !held {
			continue // finished meanwhile
		}
		if renewed[id] {
			k.ends[id] = end
			continue
		}
		// Not pending under this owner: finished a moment ago (dropped
		// soon), or claimed by another process after the lease ran out.
		k.lost[id] = true
		k.journal.done(id)
		k.log.Info("item lease ran out before its fetch; another process has it", "item", id)
	}
}

// run renews every quarter lease until stop is closed.
func (k *leaseKeeper) run(ctx context.Context, stop <-chan struct{}) {
	t := time.NewTicker(max(k.lease/4, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ctx.Done():
			return
		case <-t.C:
			k.renew(ctx)
		}
	}
}
