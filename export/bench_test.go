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

	"github.com/heistwatch/heistwatch"
)

// BenchmarkExport exports 10,000 and then 100,000 approved incidents from a
// SQLite store in every format, reporting incidents per second and memory
// during the export: the Go heap held (see heldProbe), the peak heap with
// garbage, the heap before it began, and the process's peak RSS (which
// includes SQLite's page cache). Memory must stay flat as the count grows:
// the benchmark fails when the 100,000 export holds more than 20% above what
// the 10,000 one held.
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
	held := map[string][]float64{}
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
				probe := &heldProbe{Store: db}
				for b.Loop() {
					var err error
					m, err = peakMemory(probe, func() error {
						var err error
						n, err = Write(ctx, io.Discard, probe, defaults(format))
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
				b.ReportMetric(float64(m.held-min(m.base, m.held))/(1<<20), "held-MB")
				b.ReportMetric(float64(m.heap)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(m.base)/(1<<20), "base-heap-MB")
				b.ReportMetric(float64(m.rss)/(1<<20), "peak-RSS-MB")
				held[format] = append(held[format], float64(m.held-min(m.base, m.held)))
			})
		}
	}
	if testing.Short() {
		return // 1,000 incidents is too few to warm SQLite's caches: no fair comparison
	}
	for format, p := range held {
		if len(p) == 2 && p[1] > 1.2*p[0] {
			b.Errorf("%s: %.2f MB held at %d incidents vs %.2f MB at %d: memory is not flat",
				format, p[1]/(1<<20), sizes[1], p[0]/(1<<20), sizes[0])
		}
	}
}

// memPeaks are the memory figures of one export.
type memPeaks struct {
	held uint64 // largest heap reachable at a checkpoint (see heldProbe)
	heap uint64 // largest heap in use, garbage included, sampled every millisecond
	base uint64 // heap before the export started
	rss  uint64 // the process's peak resident set size (0 where /proc cannot tell)
}

// heldProbe wraps a store so that every 1,000th incident handed to the
// export, before the export sees it, a full collection runs and the heap
// still allocated afterwards is recorded: less the heap before the export
// began, what the export and the store's iteration really hold at that
// point, free of the collector's timing (the export is blocked in the
// collection, so it adds no floating garbage).
type heldProbe struct {
	heistwatch.Store
	peak uint64
}

func (p *heldProbe) EachIncident(ctx context.Context, q heistwatch.IncidentQuery, fn func(heistwatch.Incident) error) error {
	n := 0
	return p.Store.EachIncident(ctx, q, func(inc heistwatch.Incident) error {
		if n++; n%1000 == 0 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			p.peak = max(p.peak, m.HeapAlloc)
		}
		return fn(inc)
	})
}

// peakMemory runs fn, an export from probe's store, and measures its
// memory. held is the figure that shows whether memory grows with the
// number of incidents; heap also counts garbage not yet collected, so it
// depends on when the collector happened to run.
func peakMemory(probe *heldProbe, fn func() error) (memPeaks, error) {
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var p memPeaks
	read := func() {
		metrics.Read(samples)
		p.heap = max(p.heap, samples[0].Value.Uint64())
	}
	probe.peak = 0
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
	p.held = probe.peak
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
