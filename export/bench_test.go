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
// SQLite store in every format, reporting incidents per second, the peak
// Go heap and the process's peak RSS during the export. Memory must stay
// flat as the count grows: the benchmark fails when the 100,000 export's
// peak heap is more than 20% above the 10,000 one's.
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
	peakHeap := map[string][]float64{}
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
		have = size
		for _, format := range Formats {
			b.Run(format+"/"+strconv.Itoa(size), func(b *testing.B) {
				var heap, rss uint64
				var n int
				for b.Loop() {
					var err error
					heap, rss, err = peakMemory(func() error {
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
				b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MB")
				peakHeap[format] = append(peakHeap[format], float64(heap))
			})
		}
	}
	for format, p := range peakHeap {
		if len(p) == 2 && p[1] > 1.2*p[0] {
			b.Errorf("%s: peak heap %.1f MB at %d incidents vs %.1f MB at %d: memory is not flat",
				format, p[1]/(1<<20), sizes[1], p[0]/(1<<20), sizes[0])
		}
	}
}

// peakMemory runs fn and returns the highest Go heap (bytes in heap
// objects, sampled every millisecond) and the process's peak resident set
// size while it ran (0 where /proc cannot tell).
func peakMemory(fn func() error) (heap, rss uint64, err error) {
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	var peak uint64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if v := read(); v > peak {
				peak = v
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	err = fn()
	close(stop)
	wg.Wait()
	if v := read(); v > peak {
		peak = v
	}
	return peak, peakRSS(), err
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
