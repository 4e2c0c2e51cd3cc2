package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/sqlite"
	"github.com/heistwatch/heistwatch/store/storetest"
)

// go test -bench . ./store/sqlite -benchtime 10000x stores 10,000 articles.
func BenchmarkSaveDocument(b *testing.B) {
	storetest.BenchSaveDocument(b, openB(b))
}

func BenchmarkClusterClaims(b *testing.B) {
	storetest.BenchClusterClaims(b, func() heistwatch.Store { return openB(b) })
}

func BenchmarkQueue10k(b *testing.B) {
	s := openB(b)
	storetest.SeedQueue(b, s, 10000)
	for _, order := range []string{"newest", "amount"} {
		b.Run(order, func(b *testing.B) { storetest.BenchQueue(b, s, order) })
	}
}

func openB(b *testing.B) heistwatch.Store {
	db, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func BenchmarkSaveDocumentParallel(b *testing.B) {
	storetest.BenchSaveDocumentParallel(b, openB(b))
}

func BenchmarkSaveDocuments(b *testing.B) {
	storetest.BenchSaveDocuments(b, openB(b))
}
