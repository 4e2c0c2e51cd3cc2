//go:build !windows

package main

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// BenchmarkScaleOut is issue 7's throughput figure: the first full poll of a
// 200 × 50 loopback site (the ingest benchmark's shape) by 1, 2 and 3
// `heistwatch fetch` processes at once on one PostgreSQL database, end to
// end — feeds polled, every page fetched and extracted, documents and
// claims stored, claims clustered — in articles per second. Each round has
// a fresh schema and site; the store is checked after it, so a fast wrong
// run does not count. Run it with
//
//	HEISTWATCH_TEST_POSTGRES=postgres://… go test -run '^$' -bench ScaleOut -benchtime 1x ./cmd/heistwatch
//
// On one machine the processes share its cores with PostgreSQL and the
// site, so articles/s measures contention; daemon-cpu-ms/article is the
// daemons' own CPU per article, which says what a daemon on a machine of
// its own can do (1000 / it articles/s per core).
func BenchmarkScaleOut(b *testing.B) {
	dsn := os.Getenv("HEISTWATCH_TEST_POSTGRES")
	if dsn == "" {
		b.Skip("set HEISTWATCH_TEST_POSTGRES to a PostgreSQL DSN such as postgres://postgres@127.0.0.1:5432/test")
	}
	const feeds, items = 200, 50
	bin := buildHeistwatch(b)
	for _, procs := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("procs=%d", procs), func(b *testing.B) {
			var took, cpu time.Duration
			for range b.N {
				b.StopTimer()
				e := newScaleEnv(b, bin, dsn, "", feeds, items)
				b.StartTimer()
				start := time.Now()
				var ps []*proc
				for i := range procs {
					ps = append(ps, e.start(b, fmt.Sprintf("fetch%d", i), "fetch"))
				}
				for _, p := range ps {
					if err := p.wait(10 * time.Minute); err != nil {
						b.Fatalf("%s: %v\n%s", p.name, err, p.tail())
					}
					cpu += p.cmd.ProcessState.UserTime() + p.cmd.ProcessState.SystemTime()
				}
				took += time.Since(start)
				b.StopTimer()
				e.checkStored(b)
				b.StartTimer()
			}
			n := float64(feeds * items * b.N)
			b.ReportMetric(n/took.Seconds(), "articles/s")
			// The daemons' own CPU per article (PostgreSQL's and the site's
			// are not counted): what one core can do when a daemon has it.
			b.ReportMetric(float64(cpu.Microseconds())/1000/n, "daemon-cpu-ms/article")
		})
	}
}
