//go:build unix

package ingest

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch/config"
)

// farm is a loopback site of nFeeds RSS feeds of nItems items, each linking
// to its own chrome-heavy article page, with ETags as real servers send.
func newFarm(b testing.TB, nFeeds, nItems int) *site {
	s := newSite(b)
	for f := range nFeeds {
		var sb strings.Builder
		sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>farm ` + itoa(f) + `</title>`)
		for i := range nItems {
			p := "/a/" + itoa(f) + "-" + itoa(i) + ".html"
			sb.WriteString(`<item><title>Story ` + p + `</title><link>` + s.url(p) + `</link><guid isPermaLink="false">` + p +
				`</guid><description>A bridge operator said attackers drained funds overnight.</description></item>`)
			page := articlePage(b, "Story "+p, s.url(p), f*nItems+i+1)
			s.handle(p, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(page)
			})
		}
		sb.WriteString(`</channel></rss>`)
		body := []byte(sb.String())
		etag := `"` + strconv.Itoa(f) + `"`
		s.handle("/feed/"+itoa(f)+".xml", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			w.Write(body)
		})
	}
	return s
}

// farmShape reads HW_BENCH_FARM ("FEEDS×ITEMS", e.g. "200x50"); the default
// is the ingest-bench shape.
func farmShape() (int, int) {
	nf, ni := 200, 50
	if v := os.Getenv("HW_BENCH_FARM"); v != "" {
		a, b, _ := strings.Cut(v, "x")
		if x, err := strconv.Atoi(a); err == nil {
			nf = x
		}
		if y, err := strconv.Atoi(b); err == nil {
			ni = y
		}
	}
	return nf, ni
}

// BenchmarkFirstPoll is one-shot fetch of a fresh loopback farm into a fresh
// SQLite store with default fetch settings: feeds polled, every page fetched,
// extracted and stored. It reports items/s and articles/s end to end.
// HW_BENCH_FARM=20x50 makes it smaller.
func BenchmarkFirstPoll(b *testing.B) {
	nf, ni := farmShape()
	s := newFarm(b, nf, ni)
	var total, cpu time.Duration
	var articles int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		st := openStore(b)
		for f := range nf {
			addFeed(b, st, s.url("/feed/"+itoa(f)+".xml"), "")
		}
		in := newTestIngester(b, st, func(c *Config) { c.Fetch = config.Default().Fetch })
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		sum, err := in.Once(context.Background())
		total += time.Since(start)
		cpu += cpuTime() - cpu0
		if err != nil {
			b.Fatal(err)
		}
		if sum.ArticlesFetched != int64(nf*ni) {
			b.Fatalf("fetched %d articles, want %d: %+v", sum.ArticlesFetched, nf*ni, sum)
		}
		articles += sum.ArticlesFetched
	}
	b.ReportMetric(float64(articles)/total.Seconds(), "articles/s")
	b.ReportMetric(float64(articles)/total.Seconds(), "items/s")
	// CPU per article (this process: client, store and the loopback farm)
	// is steadier than wall time on a shared machine.
	b.ReportMetric(float64(cpu.Microseconds())/float64(articles), "cpu-µs/article")
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSecondPoll polls a farm already stored: every feed answers 304.
func BenchmarkSecondPoll(b *testing.B) {
	nf, ni := farmShape()
	s := newFarm(b, nf, ni)
	st := openStore(b)
	for f := range nf {
		addFeed(b, st, s.url("/feed/"+itoa(f)+".xml"), "")
	}
	once(b, newTestIngester(b, st, nil))
	b.ResetTimer()
	for range b.N {
		sum := once(b, newTestIngester(b, st, nil))
		if sum.FeedsNotModified != int64(nf) {
			b.Fatalf("%d feeds not modified, want %d", sum.FeedsNotModified, nf)
		}
	}
	b.ReportMetric(float64(nf*b.N)/b.Elapsed().Seconds(), "feeds/s")
}
