package ingest

import (
	"context"
	"time"

	"github.com/heistwatch/heistwatch"
)

// batchStore is offered by stores that can save several articles in one
// transaction (store/sqldb's DB), each still with its item marked done in
// that same transaction.
type batchStore interface {
	SaveDocuments(ctx context.Context, itemIDs []int64, docs []heistwatch.Document, claims [][]heistwatch.Claim) ([]heistwatch.Document, []bool, error)
}

const (
	// maxSaveGroup bounds one grouped transaction.
	maxSaveGroup = 24
	// saveQueue is how many finished articles may wait for the saver before
	// a worker blocks. What a kill makes the next run fetch again is what
	// was leased and not committed: this queue, the group being committed,
	// the workers' articles and the leased items waiting for a worker (with
	// 16 workers at most 24 + 8 + 16 + 32 = 80; the crash check allows 100).
	saveQueue = 8
	// saveLinger is how long the saver waits for a group to fill once it
	// holds an article: short beside a page fetch, long enough for busy
	// workers to add many.
	saveLinger = 20 * time.Millisecond
	// saveTimeout bounds one store call of the saver.
	saveTimeout = 30 * time.Second
)

// saver stores finished articles from its own goroutine, many to a
// transaction. Article workers hand an article over and go on to their next
// page, so a commit (with SQLite most of the cost of saving a small article)
// is shared by up to maxSaveGroup articles and never keeps a worker from
// fetching. Each article is still stored with its item marked done in the
// same transaction: a killed process loses only articles not yet committed,
// whose items are leased again once their lease ends.
type saver struct {
	st     heistwatch.Store
	batch  batchStore // nil: every article is one SaveDocument
	linger time.Duration
	reqs   chan *saveReq
	done   chan struct{}
}

// saveReq is one article to store.
type saveReq struct {
	itemID int64
	doc    heistwatch.Document
	claims []heistwatch.Claim
	// stored is called from the saver's goroutine once the article is
	// committed (changed: its text was new under its URL) or could not be.
	stored func(changed bool, err error)
}

// startSaver starts a saver; close stops it.
func startSaver(st heistwatch.Store, linger time.Duration) *saver {
	s := &saver{st: st, linger: linger, reqs: make(chan *saveReq, saveQueue), done: make(chan struct{})}
	if b, ok := st.(batchStore); ok {
		s.batch = b
	}
	go s.run()
	return s
}

// save queues one article; it blocks only while the queue is full.
func (s *saver) save(r *saveReq) { s.reqs <- r }

// close stores every article queued and stops the saver. No save may follow.
func (s *saver) close() {
	close(s.reqs)
	<-s.done
}

func (s *saver) run() {
	defer close(s.done)
	for r := range s.reqs {
		s.commit(s.fill([]*saveReq{r}))
	}
}

// fill adds queued articles to a group until it is full, the queue is
// closed, or the linger has passed.
func (s *saver) fill(group []*saveReq) []*saveReq {
	t := time.NewTimer(s.linger)
	defer t.Stop()
	for len(group) < maxSaveGroup {
		select {
		case r, ok := <-s.reqs:
			if !ok {
				return group
			}
			group = append(group, r)
		case <-t.C:
			return group
		}
	}
	return group
}

// commit saves a group in one transaction. When that fails, each article is
// saved on its own, so one bad article costs only itself. The work is done
// by then, so a stop asked meanwhile does not cancel it.
func (s *saver) commit(group []*saveReq) {
	if s.batch != nil && len(group) > 1 {
		ids := make([]int64, len(group))
		docs := make([]heistwatch.Document, len(group))
		claims := make([][]heistwatch.Claim, len(group))
		for i, r := range group {
			ids[i], docs[i], claims[i] = r.itemID, r.doc, r.claims
		}
		ctx, cancel := context.WithTimeout(context.Background(), saveTimeout)
		_, changed, err := s.batch.SaveDocuments(ctx, ids, docs, claims)
		cancel()
		if err == nil {
			for i, r := range group {
				r.stored(changed[i], nil)
			}
			return
		}
	}
	for _, r := range group {
		ctx, cancel := context.WithTimeout(context.Background(), saveTimeout)
		_, changed, err := s.st.SaveDocument(ctx, r.itemID, r.doc, r.claims)
		cancel()
		r.stored(changed, err)
	}
}

// MaxRefetched is how many articles a process with the given number of
// article workers may have fetched and not yet committed when it is killed,
// which the next run fetches again: those its workers hold, those queued for
// the saver and the group being committed.
func MaxRefetched(articleWorkers int) int { return articleWorkers + saveQueue + maxSaveGroup }
