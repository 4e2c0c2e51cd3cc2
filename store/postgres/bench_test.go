package postgres_test

import (
	"testing"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/storetest"
)

// HEISTWATCH_TEST_POSTGRES=… go test -bench . -benchtime 10000x ./store/postgres

func BenchmarkSaveDocument(b *testing.B) {
	storetest.BenchSaveDocument(b, openBench(b))
}

func BenchmarkQueue10k(b *testing.B) {
	s := openBench(b)
	storetest.SeedQueue(b, s, 10000)
	for _, order := range []string{"newest", "amount"} {
		b.Run(order, func(b *testing.B) { storetest.BenchQueue(b, s, order) })
	}
}

func openBench(b *testing.B) heistwatch.Store {
	return open(b, freshSchema(b))
}

func BenchmarkSaveDocumentParallel(b *testing.B) {
	storetest.BenchSaveDocumentParallel(b, openBench(b))
}
