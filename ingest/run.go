package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/heistwatch/heistwatch"
)

// Once polls every feed not polled since it started, fetches every pending
// article (including those left by earlier runs), clusters the new claims
// and returns. Feed polls and article fetches run at the same time. Several
// processes may run Once on one store: each takes only what it leases. It
// fails only when the store does; a failing feed or page is counted.
func (in *Ingester) Once(ctx context.Context) (Summary, error) {
	start := in.now()
	in.begin(ctx)
	defer in.journal.close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var fatal atomic.Pointer[error]
	fail := func(err error) {
		fatal.CompareAndSwap(nil, &err)
		cancel()
	}

	p := in.newPipeline()
	feedsDone := make(chan struct{})
	go func() {
		defer close(feedsDone)
		if err := in.pollUntilEmpty(ctx, p, start); err != nil {
			fail(err)
		}
	}()
	// Claims are clustered in passes while articles arrive, so the pass
	// after the last article has little left to place.
	fetchDone := make(chan struct{})
	clusterDone := make(chan struct{})
	go func() {
		defer close(clusterDone)
		tick := time.NewTicker(clusterEvery)
		defer tick.Stop()
		for {
			select {
			case <-fetchDone:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			// A failing pass costs nothing: the pass at the end places what
			// it left and reports a store that stays broken.
			if err := in.cluster(ctx); err != nil && ctx.Err() == nil {
				in.log.Warn("cluster claims during the fetch", "err", err)
			}
		}
	}()
	if err := in.fetchArticles(ctx, p, feedsDone); err != nil {
		fail(err)
	}
	close(fetchDone)
	<-clusterDone
	<-feedsDone
	if errp := fatal.Load(); errp != nil {
		return in.Metrics.Snapshot(), *errp
	}
	if ctx.Err() != nil {
		return in.Metrics.Snapshot(), ctx.Err()
	}
	in.log.Info("feeds and articles done", "took", in.now().Sub(start).Round(time.Millisecond))
	if err := in.cluster(ctx); err != nil {
		return in.Metrics.Snapshot(), err
	}
	return in.Metrics.Snapshot(), nil
}

// clusterEvery is how often Once clusters the claims saved so far while it
// is still fetching. On the 200x50 farm, passes every 2 s cost no more CPU
// than one pass at the end and leave ~0.1-0.3 s for the end, not 1.2-2 s.
const clusterEvery = 2 * time.Second

// Run is the daemon: every second it leases the feeds that are due (by
// their NextPollAt, which the schedules and backoff set) up to the free
// pollers, article workers take pending items as they appear, and every few
// seconds new claims are clustered. It returns when ctx is done, after
// releasing what was in flight.
func (in *Ingester) Run(ctx context.Context) error {
	in.begin(ctx)
	defer in.journal.close()
	p := in.newPipeline()

	feedJobs := make(chan heistwatch.Feed)
	var busy atomic.Int64
	var wg sync.WaitGroup
	for range in.cfg.Fetch.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range feedJobs {
				in.pollOne(ctx, p, f, true)
				busy.Add(-1)
			}
		}()
	}

	// cron runs the periodic jobs; SkipIfStillRunning keeps one tick of each
	// at a time, so a slow store never piles ticks up.
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	_, err := c.AddFunc("@every 1s", func() {
		free := in.cfg.Fetch.Workers - int(busy.Load())
		if free <= 0 || ctx.Err() != nil {
			return
		}
		fs, err := in.st.ClaimFeeds(ctx, heistwatch.FeedClaim{Owner: in.owner, Now: in.now(), Lease: in.cfg.Fetch.Lease, Limit: free})
		if err != nil {
			if ctx.Err() == nil {
				in.log.Error("claim due feeds", "err", err)
			}
			return
		}
		in.journal.leased("f", feedIDs(fs))
		for i, f := range fs {
			busy.Add(1)
			select {
			case feedJobs <- f:
			case <-ctx.Done():
				busy.Add(-1)
				in.releaseFeeds(fs[i:])
				return
			}
		}
	})
	if err != nil {
		return fmt.Errorf("schedule feed polls: %w", err)
	}
	_, err = c.AddFunc("@every 5s", func() {
		if err := in.cluster(ctx); err != nil && ctx.Err() == nil {
			in.log.Error("cluster claims", "err", err)
		}
	})
	if err != nil {
		return fmt.Errorf("schedule clustering: %w", err)
	}
	c.Start()

	artErr := make(chan error, 1)
	go func() { artErr <- in.fetchArticles(ctx, p, nil) }()
	<-ctx.Done()
	<-c.Stop().Done() // no tick is sending any more
	close(feedJobs)
	wg.Wait()
	if err := <-artErr; err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// Progress returns the counters so far (for a progress line).
func (in *Ingester) Progress() Summary { return in.Metrics.Snapshot() }

// begin releases the leases of processes that died on this machine and opens
// this process's own lease journal.
func (in *Ingester) begin(ctx context.Context) {
	recoverJournals(ctx, in.cfg.StateDir, in.st, in.log)
	in.journal = openJournal(in.cfg.StateDir, in.owner, in.log)
}

// pipeline connects pollers to article workers within one process.
type pipeline struct {
	// wake is signalled when a poll recorded new pending items.
	wake chan struct{}
}

func (in *Ingester) newPipeline() *pipeline {
	return &pipeline{wake: make(chan struct{}, 1)}
}

func (p *pipeline) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// pollUntilEmpty polls, with Fetch.Workers pollers, every feed that has not
// been polled since start and that no other process holds.
func (in *Ingester) pollUntilEmpty(ctx context.Context, p *pipeline, start time.Time) error {
	jobs := make(chan heistwatch.Feed)
	var wg sync.WaitGroup
	for range in.cfg.Fetch.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				in.pollOne(ctx, p, f, false)
			}
		}()
	}
	defer func() {
		close(jobs)
		wg.Wait()
	}()
	for ctx.Err() == nil {
		fs, err := in.st.ClaimFeeds(ctx, heistwatch.FeedClaim{Owner: in.owner, Now: in.now(), Lease: in.cfg.Fetch.Lease,
			Limit: in.cfg.Fetch.Workers, PolledBefore: start})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("claim feeds: %w", err)
		}
		if len(fs) == 0 {
			return nil
		}
		in.journal.leased("f", feedIDs(fs))
		for i, f := range fs {
			select {
			case jobs <- f:
			case <-ctx.Done():
				in.releaseFeeds(fs[i:])
				return nil
			}
		}
	}
	return nil
}

// pollOne polls a leased feed and records the outcome; a cancelled poll
// gives the lease back instead.
func (in *Ingester) pollOne(ctx context.Context, p *pipeline, f heistwatch.Feed, jitter bool) {
	res, out := in.poll(ctx, f, jitter)
	in.Metrics.observeFetch("feed", out.elapsed)
	if ctx.Err() != nil {
		in.releaseFeeds([]heistwatch.Feed{f})
		return
	}
	log := in.log.With("feed", f.ID, "url", f.URL)
	// The poll is done: record it even if a stop is asked meanwhile.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	counts, err := in.st.RecordPoll(rctx, res)
	if err != nil && errors.Is(err, heistwatch.ErrConflict) && res.Feed.URL != f.URL {
		// Another feed already has the redirect's target: keep this URL.
		log.Warn("feed moved permanently to a URL another feed has; keeping its URL", "to", res.Feed.URL)
		res.Feed.URL = f.URL
		counts, err = in.st.RecordPoll(rctx, res)
	}
	if err != nil {
		log.Error("record poll", "err", err)
		in.Metrics.poll("error")
		in.releaseFeeds([]heistwatch.Feed{f})
		return
	}
	in.journal.feedDone(f.ID)
	in.Metrics.poll(out.status)
	in.Metrics.addItems(counts.New, counts.Seen, counts.Filtered, counts.Duplicate)
	switch {
	case out.err != nil:
		log.Warn("feed poll failed", "err", out.err, "errors", res.Feed.ErrorCount, "next_poll", res.Feed.NextPollAt.Format(time.RFC3339))
	case out.permanentTo != "":
		log.Info("feed moved permanently; URL updated", "to", out.permanentTo)
	}
	log.Debug("polled", "status", out.status, "new", counts.New, "seen", counts.Seen, "filtered", counts.Filtered,
		"duplicate", counts.Duplicate, "took", out.elapsed)
	if counts.New > 0 {
		p.signal()
	}
}

// fetchArticles runs Fetch.ArticleWorkers workers over pending items. With
// feedsDone set (one-shot) it returns once the polls are done and nothing is
// left to lease; with nil (daemon) it runs until ctx is done.
func (in *Ingester) fetchArticles(ctx context.Context, p *pipeline, feedsDone <-chan struct{}) error {
	n := in.cfg.Fetch.ArticleWorkers
	queue := make(chan leased, n)
	var inflight atomic.Int64 // leased items without an outcome yet
	sv := startSaver(in.st, saveLinger)
	keeper := in.newLeaseKeeper()
	stopKeeper := make(chan struct{})
	go keeper.run(ctx, stopKeeper)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range queue {
				if !keeper.holds(l.it.ID) {
					in.Metrics.article(outReleased)
					inflight.Add(-1)
					continue
				}
				a := &articleJob{it: l.it, saver: sv, stored: l.stored, done: func(outcome string) {
					keeper.drop(l.it.ID)
					in.Metrics.article(outcome)
					inflight.Add(-1)
				}}
				if out := in.processItem(ctx, a); out != outQueued {
					a.done(out)
				}
			}
		}()
	}
	defer func() {
		close(queue)
		wg.Wait()
		sv.close()
		close(stopKeeper)
	}()

	oneShot := feedsDone != nil
	var idleSince time.Time // when the one-shot first found nothing left but others' leases
	for {
		if ctx.Err() != nil {
			return nil
		}
		claimed := in.now()
		items, err := in.st.ClaimItems(ctx, in.owner, claimed, in.cfg.Fetch.Lease, n)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if oneShot {
				return fmt.Errorf("claim items: %w", err)
			}
			in.log.Error("claim items", "err", err)
			sleep(ctx, 2*time.Second)
			continue
		}
		if len(items) > 0 {
			idleSince = time.Time{}
			ids := make([]int64, len(items))
			for i, it := range items {
				ids[i] = it.ID
			}
			in.journal.leased("i", ids)
			keeper.add(ids, claimed.Add(in.cfg.Fetch.Lease))
			inflight.Add(int64(len(items)))
			stored := in.storedDocs(ctx, items)
			for i, it := range items {
				select {
				case queue <- leased{it, stored}:
				case <-ctx.Done():
					for _, rest := range items[i:] {
						in.release(ctx, rest, ctx.Err(), in.log)
						keeper.drop(rest.ID)
						inflight.Add(-1)
					}
					return nil
				}
			}
			continue
		}
		if !oneShot {
			waitAny(ctx, p.wake, nil, 2*time.Second)
			continue
		}
		select {
		case <-feedsDone:
		default:
			waitAny(ctx, p.wake, feedsDone, 200*time.Millisecond)
			continue
		}
		if inflight.Load() > 0 {
			// Our own items may come back (a failed store write releases them).
			waitAny(ctx, nil, nil, 50*time.Millisecond)
			continue
		}
		// Nothing left we can lease. Items still pending are leased by another
		// process: a live one finishes them soon, a dead one's lease expires;
		// wait up to one lease for them rather than leave them behind.
		pending, err := in.pendingItems(ctx)
		if err != nil || pending == 0 {
			return nil
		}
		if idleSince.IsZero() {
			idleSince = time.Now()
			in.log.Info("waiting for items leased by another process", "pending", pending)
		}
		if time.Since(idleSince) > in.cfg.Fetch.Lease+5*time.Second {
			in.log.Warn("items still leased elsewhere; leaving them to their holder", "pending", pending)
			return nil
		}
		waitAny(ctx, nil, nil, time.Second)
	}
}

// pendingItems counts items waiting for an article fetch, whoever holds them.
func (in *Ingester) pendingItems(ctx context.Context) (int, error) {
	s, err := in.st.Stats(ctx)
	if err != nil {
		return 0, err
	}
	return s.Items[string(heistwatch.ItemPending)], nil
}

// cluster places new claims into incidents.
func (in *Ingester) cluster(ctx context.Context) error {
	if in.cfg.Clusterer == nil {
		return nil
	}
	start := time.Now()
	n, err := in.st.ClusterClaims(ctx, in.cfg.Clusterer, in.now())
	if err != nil {
		return fmt.Errorf("cluster claims: %w", err)
	}
	if n > 0 {
		in.Metrics.clustered(n)
		in.log.Info("clustered claims", "claims", n, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// releaseFeeds gives leased feeds back untouched.
func (in *Ingester) releaseFeeds(fs []heistwatch.Feed) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, f := range fs {
		if err := in.st.ReleaseFeed(ctx, f.ID, in.owner); err != nil {
			in.log.Warn("release feed", "feed", f.ID, "err", err)
		} else {
			in.journal.feedDone(f.ID)
		}
	}
}

func feedIDs(fs []heistwatch.Feed) []int64 {
	ids := make([]int64, len(fs))
	for i, f := range fs {
		ids[i] = f.ID
	}
	return ids
}

// waitAny waits for a signal on a or b, the timeout, or ctx.
func waitAny(ctx context.Context, a <-chan struct{}, b <-chan struct{}, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-a:
	case <-b:
	case <-t.C:
	case <-ctx.Done():
	}
}
