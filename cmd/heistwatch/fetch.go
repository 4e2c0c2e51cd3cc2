package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
	"github.com/heistwatch/heistwatch/ingest"
)

const fetchUsage = `heistwatch fetch [--config FILE] [--store S] [--data-dir DIR]

Polls every feed once (no jitter), fetches each new article, extracts its
claims, groups them into incidents and exits with a summary. A failing feed
or page is reported, never fatal: the exit status is non-zero only when the
config or the store is broken. Items left pending by an earlier run (one that
was stopped or killed) are fetched too.`

func cmdFetch(ctx context.Context, a *app, args []string) error {
	fs := a.flags("fetch", fetchUsage)
	var cpuProfile string
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the run to `file` (for go tool pprof)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	stop, err := startProfile(cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	st, err := a.openSyncedStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	tty := terminal(a.stderr)
	if tty != nil {
		// Log lines clear the progress line first, so the two never mix.
		a.log = newLogger(clearLineWriter{tty}, a.cfg.Log)
	}
	in, err := newIngester(a, st)
	if err != nil {
		return err
	}
	defer in.Close()

	start := time.Now()
	stopProgress := progress(tty, in, start)
	sum, err := in.Once(ctx)
	stopProgress()
	printSummary(a.stdout, sum, time.Since(start))
	return err
}

// newIngester wires ingest to the config, the claim extractor and the clusterer.
func newIngester(a *app, st heistwatch.Store) (*ingest.Ingester, error) {
	claimsOf, err := claimExtractor(a.cfg.Rules)
	if err != nil {
		return nil, err
	}
	return ingest.New(st, ingest.Config{
		Fetch:        a.cfg.Fetch,
		AllowPrivate: a.cfg.AllowPrivate,
		Extract:      claimsOf,
		Clusterer:    cluster.New(),
		StateDir:     a.cfg.DataDir,
		Log:          a.log,
		Now:          a.now,
	})
}

// terminal returns w as a file when it is a terminal, else nil.
func terminal(w io.Writer) *os.File {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return f
}

// clearLineWriter erases the progress line before each write.
type clearLineWriter struct{ f *os.File }

func (w clearLineWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.f, "\r\033[K"); err != nil {
		return 0, err
	}
	return w.f.Write(p)
}

// progress redraws a one-line report on the terminal f (nil: none) until
// the returned function is called.
func progress(f *os.File, in *ingest.Ingester, start time.Time) func() {
	if f == nil {
		return func() {}
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(f, "\r\033[K")
				return
			case <-t.C:
				s := in.Progress()
				fmt.Fprintf(f, "\r\033[Kfeeds %d ok, %d failed | items %d new | articles %d stored, %d failed | %s",
					s.FeedsOK+s.FeedsNotModified, s.FeedsFailed, s.ItemsNew,
					s.ArticlesFetched+s.ArticlesFromFeed, s.ArticlesFailed, time.Since(start).Round(time.Second))
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}

func printSummary(w io.Writer, s ingest.Summary, took time.Duration) {
	fmt.Fprintf(w, "feeds: %d ok (%d not modified), %d failed\n", s.FeedsOK+s.FeedsNotModified, s.FeedsNotModified, s.FeedsFailed)
	fmt.Fprintf(w, "items: %d new, %d seen, %d filtered, %d duplicate\n", s.ItemsNew, s.ItemsSeen, s.ItemsFiltered, s.ItemsDup)
	fmt.Fprintf(w, "articles: %d fetched, %d from feed content, %d already stored, %d failed\n",
		s.ArticlesFetched, s.ArticlesFromFeed, s.ArticlesDup, s.ArticlesFailed)
	if s.ClaimsClustered > 0 {
		fmt.Fprintf(w, "claims clustered: %d\n", s.ClaimsClustered)
	}
	fmt.Fprintf(w, "took %s\n", took.Round(time.Millisecond))
}
