package article

import (
	"os"
	"testing"
	"time"
)

// farmPages are pages shaped like the loopback farm's (shared/tools/feedfarm.py):
// a ~3.6 KB story wrapped in navigation, a ticker, a byline, a share bar, a
// newsletter box and a related-stories list, in the farm's three class-name
// variants.
var farmPages = []string{
	"testdata/farm-chain-ledger.html",
	"testdata/farm-block-wire.html",
	"testdata/farm-coin-desk.html",
}

func loadFarmPages(b *testing.B) [][]byte {
	var bodies [][]byte
	for _, p := range farmPages {
		body, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	return bodies
}

// BenchmarkFarmPage measures Parse on farm-like pages; the ingest benchmark
// needs the whole pipeline to store 1,300+ articles/s on 2 cores.
func BenchmarkFarmPage(b *testing.B) {
	bodies := loadFarmPages(b)
	b.SetBytes(int64(len(bodies[0])))
	b.ReportAllocs()
	cpu0 := processCPU()
	i := 0
	for b.Loop() {
		a, err := Parse(bodies[i%len(bodies)], "text/html; charset=utf-8", "http://127.0.0.1:8080/a/x.html")
		if err != nil || a.Text == "" {
			b.Fatalf("Parse: %v, %d bytes of text", err, len(a.Text))
		}
		i++
	}
	reportRates(b, processCPU()-cpu0)
}

// BenchmarkFarmPageReadabilityOnly is what Parse would cost on the same
// pages without the fast path: decoding, metadata, chrome pruning and
// go-readability. It is kept to show why the fast path exists.
func BenchmarkFarmPageReadabilityOnly(b *testing.B) {
	bodies := loadFarmPages(b)
	b.SetBytes(int64(len(bodies[0])))
	b.ReportAllocs()
	cpu0 := processCPU()
	i := 0
	for b.Loop() {
		doc, err := decodeHTML(bodies[i%len(bodies)], "text/html; charset=utf-8")
		if err != nil {
			b.Fatal(err)
		}
		metadata(doc, nil)
		pruneChrome(doc)
		if text, err := readabilityText(doc); err != nil || text == "" {
			b.Fatalf("readability: %v, %d bytes of text", err, len(text))
		}
		i++
	}
	reportRates(b, processCPU()-cpu0)
}

// BenchmarkFarmPageParallel is BenchmarkFarmPage on every core (GOMAXPROCS
// goroutines), the shape of the ingest's worker pool.
func BenchmarkFarmPageParallel(b *testing.B) {
	bodies := loadFarmPages(b)
	b.SetBytes(int64(len(bodies[0])))
	b.ReportAllocs()
	cpu0 := processCPU()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := Parse(bodies[i%len(bodies)], "text/html; charset=utf-8", "http://127.0.0.1:8080/a/x.html"); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	reportRates(b, processCPU()-cpu0)
}

// reportRates reports pages per wall-clock second and pages per CPU second
// (the process's CPU time, GC included), the figure that survives a busy machine.
func reportRates(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "pages/cpu-s")
	}
}
