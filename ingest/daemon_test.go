package ingest

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestDaemon runs the scheduler until both articles of a feed are stored,
// then stops it: Run returns promptly, the next poll follows the schedule
// plus at most the jitter, and /metrics counts the work.
func TestDaemon(t *testing.T) {
	s := newSite(t)
	s.feed("/feed", "rss2.xml", "application/rss+xml")
	s.page("/a/bridge.html", "Bridge")
	s.page("/a/exchange.html", "Exchange")
	st := openStore(t)
	f := addFeed(t, st, s.url("/feed"), "")
	in := newTestIngester(t, st, func(c *Config) {
		c.Fetch.Schedule = "@every 10m"
		c.Fetch.Jitter = time.Minute
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.Run(ctx) }()
	deadline := time.Now().Add(30 * time.Second)
	for stats(t, st).Documents < 2 {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("daemon stored %d documents in 30s", stats(t, st).Documents)
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop within 5 s of cancel")
	}
	got := feedByID(t, st, f.ID)
	if d := got.NextPollAt.Sub(got.LastPollAt); d < 10*time.Minute || d >= 11*time.Minute {
		t.Errorf("next poll %s after the last, want 10m plus under 1m of jitter", d)
	}
	if s.count("/feed") != 1 {
		t.Errorf("feed polled %d times, want once (it is not due again)", s.count("/feed"))
	}
	var buf bytes.Buffer
	in.Metrics.WritePrometheus(&buf)
	for _, want := range []string{`heistwatch_feed_polls_total{result="ok"} 1`, `heistwatch_articles_total{outcome="fetched"} 2`,
		`heistwatch_items_total{state="new"} 2`, `heistwatch_fetch_duration_seconds_count{kind="article"} 2`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("metrics lack %q:\n%s", want, buf.String())
		}
	}
}

func TestHostLimiter(t *testing.T) {
	h := NewHostLimiter(2, 0)
	var cur, peak atomic.Int32
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := h.Acquire(context.Background(), "Example.com:80")
			if err != nil {
				t.Error(err)
				return
			}
			n := cur.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(20 * time.Millisecond)
			cur.Add(-1)
			release()
		}()
	}
	wg.Wait()
	if peak.Load() != 2 {
		t.Errorf("peak concurrency %d, want 2", peak.Load())
	}

	spaced := NewHostLimiter(10, 30*time.Millisecond)
	start := time.Now()
	for range 4 {
		release, err := spaced.Acquire(context.Background(), "example.com")
		if err != nil {
			t.Fatal(err)
		}
		release()
	}
	if took := time.Since(start); took < 90*time.Millisecond {
		t.Errorf("4 requests with a 30ms delay took %s, want at least 90ms", took)
	}
	// A cancelled wait gives up its place.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	full := NewHostLimiter(1, 0)
	release, _ := full.Acquire(context.Background(), "h")
	if _, err := full.Acquire(ctx, "h"); err == nil {
		t.Error("acquire on a full host with a cancelled context succeeded")
	}
	release()
}
