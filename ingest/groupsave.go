package ingest

import (
	"context"
	"sync"

	"github.com/heistwatch/heistwatch"
)

// batchStore is offered by stores that can save several articles in one
// transaction (store/sqldb's DB), each still with its item marked done in
// that same transaction.
type batchStore interface {
	SaveDocuments(ctx context.Context, itemIDs []int64, docs []heistwatch.Document, claims [][]heistwatch.Claim) ([]heistwatch.Document, []bool, error)
}

// maxSaveGroup bounds one grouped transaction: a crash loses at most this
// many finished articles, which are then fetched again.
const maxSaveGroup = 32

// groupSaver stores articles for the workers, grouping the saves that arrive
// while a transaction is committing into the next transaction: with SQLite
// the commit is most of the cost of saving a small article, and only one
// writer commits at a time anyway. A worker whose save finds no commit in
// progress leads: it commits what is pending, its own article included, then
// hands the lead to the oldest waiting worker, so no worker is kept waiting
// on others' saves for long.
type groupSaver struct {
	st    heistwatch.Store
	batch batchStore // nil: every article is one SaveDocument

	mu      sync.Mutex
	pending []*saveReq
	busy    bool // a worker leads
}

type saveReq struct {
	itemID int64
	doc    heistwatch.Document
	claims []heistwatch.Claim

	changed  bool
	err      error
	finished bool          // written by the leader that committed it
	lead     bool          // set under mu before wake closes
	wake     chan struct{} // closed when finished, or when this request is to lead
}

func newGroupSaver(st heistwatch.Store) *groupSaver {
	g := &groupSaver{st: st}
	if b, ok := st.(batchStore); ok {
		g.batch = b
	}
	return g
}

// save stores one article with its item's new state and reports whether the
// text was new (false: the same text was stored under this URL already).
func (g *groupSaver) save(ctx context.Context, itemID int64, doc heistwatch.Document, claims []heistwatch.Claim) (bool, error) {
	if g.batch == nil {
		_, changed, err := g.st.SaveDocument(ctx, itemID, doc, claims)
		return changed, err
	}
	r := &saveReq{itemID: itemID, doc: doc, claims: claims, wake: make(chan struct{})}
	g.mu.Lock()
	g.pending = append(g.pending, r)
	if g.busy {
		g.mu.Unlock()
		<-r.wake
		if !r.lead {
			return r.changed, r.err
		}
		g.mu.Lock()
	}
	g.busy, r.lead = true, true
	for !r.finished {
		n := min(len(g.pending), maxSaveGroup)
		group := append([]*saveReq(nil), g.pending[:n]...)
		g.pending = g.pending[n:]
		g.mu.Unlock()
		g.commit(ctx, group)
		g.mu.Lock()
	}
	if len(g.pending) > 0 {
		next := g.pending[0]
		next.lead = true
		close(next.wake)
	} else {
		g.busy = false
	}
	g.mu.Unlock()
	return r.changed, r.err
}

// commit saves a group in one transaction. When that fails, each article is
// saved on its own, so one bad article costs only itself.
func (g *groupSaver) commit(ctx context.Context, group []*saveReq) {
	ok := false
	if len(group) > 1 {
		ids := make([]int64, len(group))
		docs := make([]heistwatch.Document, len(group))
		claims := make([][]heistwatch.Claim, len(group))
		for i, r := range group {
			ids[i], docs[i], claims[i] = r.itemID, r.doc, r.claims
		}
		if _, changed, err := g.batch.SaveDocuments(ctx, ids, docs, claims); err == nil {
			for i, r := range group {
				r.changed = changed[i]
			}
			ok = true
		}
	}
	if !ok {
		for _, r := range group {
			_, r.changed, r.err = g.st.SaveDocument(ctx, r.itemID, r.doc, r.claims)
		}
	}
	for _, r := range group {
		r.finished = true
		if !r.lead {
			close(r.wake)
		}
	}
}
