package article

import (
	"os"
	"testing"
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

// BenchmarkFarmPage measures Parse on farm-like pages; the ingest benchmark
// needs the whole pipeline to store 1,300+ articles/s on 2 cores.
func BenchmarkFarmPage(b *testing.B) {
	var bodies [][]byte
	for _, p := range farmPages {
		body, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	b.SetBytes(int64(len(bodies[0])))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a, err := Parse(bodies[i%len(bodies)], "text/html; charset=utf-8", "http://127.0.0.1:8080/a/x.html")
		if err != nil || a.Text == "" {
			b.Fatalf("Parse: %v, %d bytes of text", err, len(a.Text))
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
