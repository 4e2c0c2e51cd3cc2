package extract

import "testing"

// BenchmarkExtract measures throughput over the dev corpus in MB of article
// text per second (one core: run with -cpu 1). Target: at least 20 MB/s.
// cpu-MB/s divides by the process's CPU time instead of wall time, which is
// the per-core figure that holds on a loaded machine.
func BenchmarkExtract(b *testing.B) {
	arts := loadCorpus(b, "../../shared/corpus/dev/*.jsonl")
	x, err := New("")
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, a := range arts {
		size += len(a.Text)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			x.Extract(Input{Text: a.Text, Title: a.Title, Published: a.Published})
		}
	}
	if cpu := processCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "cpu-MB/s")
	}
}

// BenchmarkNew measures loading the embedded rules, which every CLI run pays
// before its first article.
func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := New(""); err != nil {
			b.Fatal(err)
		}
	}
}
