package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
)

// RunDaemons runs three "daemons" against one database, each with two
// workers and its own handle from open (its own connections, as separate
// processes would have). They poll feeds and fetch items through leases:
// every feed must be polled once and every item fetched once. Then a daemon
// dies holding leases, and the survivors take its work over only after the
// leases expire. open must return a new handle on the same database each
// time; the suite closes the dead one itself.
func RunDaemons(t *testing.T, open Opener) {
	const feeds, perFeed, daemons, workers = 30, 20, 3, 2
	lease := time.Minute
	dbs := make([]heistwatch.Store, daemons)
	for i := range dbs {
		dbs[i] = open(t)
	}
	ctx := t.Context()
	for i := range feeds {
		if _, err := dbs[0].AddFeed(ctx, heistwatch.Feed{URL: fmt.Sprintf("https://farm.example/feed/%d", i)}); err != nil {
			t.Fatal(err)
		}
	}

	var mu sync.Mutex
	polled := map[int64]int{}
	fetched := map[string]int{}
	var feedsDone atomic.Int64
	work := func(db heistwatch.Store, owner string, now time.Time) error {
		for {
			fs, err := db.ClaimFeeds(ctx, heistwatch.FeedClaim{Owner: owner, Now: now, Lease: lease, Limit: 2, PolledBefore: base.Add(time.Second)})
			if err != nil {
				return err
			}
			for _, f := range fs {
				mu.Lock()
				polled[f.ID]++
				mu.Unlock()
				f.LastPollAt, f.NextPollAt = base.Add(time.Second), base.Add(time.Hour)
				var items []heistwatch.Item
				for j := range perFeed {
					items = append(items, heistwatch.Item{GUID: fmt.Sprint(j), Link: fmt.Sprintf("%s/a/%d", f.URL, j), State: heistwatch.ItemPending})
				}
				if _, err := db.RecordPoll(ctx, heistwatch.PollResult{Owner: owner, Feed: f, Items: items}); err != nil {
					return err
				}
				feedsDone.Add(1)
			}
			items, err := db.ClaimItems(ctx, owner, now, lease, 5)
			if err != nil {
				return err
			}
			for _, it := range items {
				mu.Lock()
				fetched[it.Link]++
				mu.Unlock()
				d := heistwatch.Document{URL: it.Link, FeedID: it.FeedID, Text: "article " + it.Link}
				if _, _, err := db.SaveDocument(ctx, it.ID, d, nil); err != nil {
					return err
				}
			}
			if len(fs) == 0 && len(items) == 0 && feedsDone.Load() >= feeds {
				return nil
			}
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, daemons*workers)
	for d := range daemons {
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := work(dbs[d], fmt.Sprintf("daemon%d/worker%d", d, w), base); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for id, n := range polled {
		if n != 1 {
			t.Errorf("feed %d polled %d times", id, n)
		}
	}
	for link, n := range fetched {
		if n != 1 {
			t.Errorf("%s fetched %d times", link, n)
		}
	}
	if len(polled) != feeds || len(fetched) != feeds*perFeed {
		t.Fatalf("polled %d feeds and fetched %d items, want %d and %d", len(polled), len(fetched), feeds, feeds*perFeed)
	}
	st, err := dbs[1].Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != feeds*perFeed || st.Items["done"] != feeds*perFeed || st.Items["pending"] != 0 {
		t.Fatalf("stats = documents %d, items %v", st.Documents, st.Items)
	}

	// A daemon polls one more feed, claims its items and dies (kill -9).
	dead := dbs[2]
	f, err := dead.AddFeed(ctx, heistwatch.Feed{URL: "https://farm.example/late"})
	if err != nil {
		t.Fatal(err)
	}
	var late []heistwatch.Item
	for j := range 8 {
		late = append(late, heistwatch.Item{GUID: fmt.Sprint(j), Link: fmt.Sprintf("https://farm.example/late/%d", j), State: heistwatch.ItemPending})
	}
	f.LastPollAt = base.Add(time.Second)
	if _, err := dead.RecordPoll(ctx, heistwatch.PollResult{Owner: "dead", Feed: f, Items: late}); err != nil {
		t.Fatal(err)
	}
	held, err := dead.ClaimItems(ctx, "dead", base, lease, 100)
	if err != nil || len(held) != 8 {
		t.Fatalf("dead daemon claimed %d: %v", len(held), err)
	}
	dead.Close()
	// Before expiry the survivors find nothing; after it they take exactly
	// the eight, once between them.
	for _, tc := range []struct {
		at   time.Time
		want int
	}{{base.Add(30 * time.Second), 0}, {base.Add(lease + time.Second), 8}} {
		var got atomic.Int64
		var wg sync.WaitGroup
		for d := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				items, err := dbs[d].ClaimItems(context.Background(), fmt.Sprintf("survivor%d", d), tc.at, lease, 100)
				if err != nil {
					t.Error(err)
				}
				got.Add(int64(len(items)))
			}()
		}
		wg.Wait()
		if int(got.Load()) != tc.want {
			t.Fatalf("at %s survivors claimed %d, want %d", tc.at.Sub(base), got.Load(), tc.want)
		}
	}
}
