package export

import (
	"bufio"
	"context"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkExport exports 10,000 and then 100,000 approved incidents from a
// SQLite store in every format, reporting incidents per second and memory
// during the export: the peak live Go heap, the peak heap with garbage, the
// heap before it began, and the process's peak RSS (which includes SQLite's
// page cache). Memory must stay flat as the count grows: the benchmark fails
// when the 100,000 export's peak live heap is more than 20% above the
// 10,000 one's.
//
//	go test ./export -run '^$' -bench Export -benchtime 1x
//
// The store is built once, through the Store API (documents of 100 claims,
// clustered into one incident per claim, then each approved), which takes
// a few minutes; -short uses 1,000 and 10,000 incidents.
func BenchmarkExport(b *testing.B) {
	ctx := context.Background()
	db := openSQLite(b)
	sizes := []int{10_000, 100_000}
	if testing.Short() {
		sizes = []int{1_000, 10_000}
	}
	peakLive := map[string][]float64{}
	have := 0
	for _, size := range sizes {
		start := time.Now()
		if err := seed(ctx, db, have, size, 100); err != nil {
			b.Fatal(err)
		}
		if _, err := approveAll(ctx, db); err != nil {
			b.Fatal(err)
		}
		b.Logf("store grown to %d approved incidents in %v", size, time.Since(start).Round(time.Second))
		// One export first, unmeasured: right after a bulk write SQLite reads
		// pages through a large write-ahead log until it is checkpointed.
		if _, err := Write(ctx, io.Discard, db, defaults(NDJSON)); err != nil {
			b.Fatal(err)
		}
		have = size
		for _, format := range Formats {
			b.Run(format+"/"+strconv.Itoa(size), func(b *testing.B) {
				var m memPeaks
				var n int
				for b.Loop() {
					var err error
					m, err = peakMemory(func() error {
						var err error
						n, err = Write(ctx, io.Discard, db, defaults(format))
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
				if n != size {
					b.Fatalf("exported %d incidents, want %d", n, size)
				}
				perOp := b.Elapsed().Seconds() / float64(b.N)
				b.ReportMetric(float64(n)/perOp, "incidents/s")
				b.ReportMetric(float64(m.live)/(1<<20), "peak-live-MB")
				b.ReportMetric(float64(m.heap)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(m.base)/(1<<20), "base-heap-MB")
				b.ReportMetric(float64(m.rss)/(1<<20), "peak-RSS-MB")
				peakLive[format] = append(peakLive[format], float64(m.live))
			})
		}
	}
	if testing.Short() {
		return // 1,000 incidents is too few to warm SQLite's caches: no fair comparison
	}
	for format, p := range peakLive {
		if len(p) == 2 && p[1] > 1.2*p[0] {
			b.Errorf("%s: peak live heap %.2f MB at %d incidents vs %.2f MB at %d: memory is not flat",
				format, p[1]/(1<<20), sizes[1], p[0]/(1<<20), sizes[0])
		}
	}
}

// memPeaks are the memory figures of one export.
type memPeaks struct {
	live uint64 // largest heap still reachable at the end of a collection
	heap uint64 // largest heap in use, garbage included, sampled every millisecond
	base uint64 // heap before the export started
	rss  uint64 // the process's peak resident set size (0 where /proc cannot tell)
}

// peakMemory runs fn and measures its memory. The collector runs at GOGC=10
// meanwhile, so it collects often: many samples of the live heap, and a
// heap that tracks what is really held rather than the collector's pacing
// (at the default a 2 MB heap grows to 4 MB of mostly garbage before a
// collection, and when depends on timing). live is the figure that shows
// whether memory grows with the number of incidents.
func peakMemory(fn func() error) (memPeaks, error) {
	runtime.GC()
	debug.FreeOSMemory()
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	resetPeakRSS()
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	var p memPeaks
	read := func() {
		metrics.Read(samples)
		p.heap = max(p.heap, samples[0].Value.Uint64())
		p.live = max(p.live, samples[1].Value.Uint64())
	}
	read()
	p.base = p.heap
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			read()
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	err := fn()
	close(stop)
	wg.Wait()
	read()
	p.rss = peakRSS()
	return p, err
}

// resetPeakRSS sets the kernel's high-water mark of resident memory back to
// the current size (Linux: "5" to /proc/self/clear_refs).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS reads VmHWM from /proc/self/status, in bytes.
func peakRSS() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
