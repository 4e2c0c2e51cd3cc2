package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
)

// articleText is about the size of a news article (~4 KB).
var articleText = strings.Repeat("Hackers drained $42 million from the exchange's hot wallet on Tuesday, "+
	"according to a statement; investigators linked the attack to the Lazarus Group. ", 25)

// seedItems records n pending items on one new feed and returns their ids.
func seedItems(tb testing.TB, s heistwatch.Store, n int) []heistwatch.Item {
	tb.Helper()
	ctx := tb.Context()
	f, err := s.AddFeed(ctx, heistwatch.Feed{URL: fmt.Sprintf("https://bench.example/feed-%d", time.Now().UnixNano())})
	if err != nil {
		tb.Fatal(err)
	}
	for start := 0; start < n; start += 100 {
		var items []heistwatch.Item
		for i := start; i < min(n, start+100); i++ {
			items = append(items, heistwatch.Item{GUID: fmt.Sprint(i), Link: fmt.Sprintf("https://bench.example/a/%d", i),
				Title: "t", State: heistwatch.ItemPending})
		}
		if _, err := s.RecordPoll(ctx, heistwatch.PollResult{Owner: "b", Feed: f, Items: items}); err != nil {
			tb.Fatal(err)
		}
	}
	var all []heistwatch.Item
	for {
		got, err := s.ClaimItems(ctx, "bench", time.Now(), time.Hour, 1000)
		if err != nil {
			tb.Fatal(err)
		}
		if len(got) == 0 {
			return all
		}
		all = append(all, got...)
	}
}

func benchClaims(i int) []heistwatch.Claim {
	return []heistwatch.Claim{
		claim(fmt.Sprintf("victim-%d", i%500), int64(42_000_000+i), "Hackers drained $42 million"),
		claim(fmt.Sprintf("victim-%d", (i+7)%500), 1_000_000, "a second theft"),
	}
}

// BenchSaveDocument stores one fetched article with two claims per
// operation, marking its item done, as the article fetcher does.
func BenchSaveDocument(b *testing.B, s heistwatch.Store) {
	items := seedItems(b, s, b.N)
	ctx := b.Context()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		it := items[i]
		d := heistwatch.Document{URL: it.Link, FeedID: it.FeedID, ItemGUID: it.GUID, Title: "Exchange drained",
			Text: articleText + fmt.Sprint(i), Published: base}
		if _, _, err := s.SaveDocument(ctx, it.ID, d, benchClaims(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
}

// BenchClusterClaims places the claims of 2,000 documents (4,000 claims on
// 500 victims) per operation.
func BenchClusterClaims(b *testing.B, open func() heistwatch.Store) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := open()
		for j := range 2000 {
			if _, _, err := s.SaveDocument(b.Context(), 0, heistwatch.Document{URL: fmt.Sprintf("https://c.example/%d", j),
				Text: fmt.Sprint(j)}, benchClaims(j)); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		n, err := s.ClusterClaims(b.Context(), cl, base)
		if err != nil || n != 4000 {
			b.Fatalf("clustered %d: %v", n, err)
		}
	}
}

// SeedQueue makes n pending incidents (one claim each, distinct victims).
func SeedQueue(tb testing.TB, s heistwatch.Store, n int) {
	tb.Helper()
	for j := range n {
		c := claim(fmt.Sprintf("queue-victim-%d", j), int64(j*1000), "stolen")
		if _, _, err := s.SaveDocument(tb.Context(), 0, heistwatch.Document{URL: fmt.Sprintf("https://q.example/%d", j),
			Text: fmt.Sprint(j)}, []heistwatch.Claim{c}); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := s.ClusterClaims(tb.Context(), cl, base); err != nil {
		tb.Fatal(err)
	}
}

// BenchQueue lists the first page of a queue of pending incidents, with its
// total, in the given order (the review queue's query).
func BenchQueue(b *testing.B, s heistwatch.Store, order string) {
	q := heistwatch.IncidentQuery{Status: []heistwatch.Status{heistwatch.StatusPending}, Order: order, Limit: 50,
		NotLeasedFor: "ana", Now: time.Now()}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		list, total, err := s.Incidents(b.Context(), q)
		if err != nil || len(list) != 50 || total < 10000 {
			b.Fatalf("%d of %d: %v", len(list), total, err)
		}
	}
}

// BenchSaveDocumentParallel is BenchSaveDocument from several goroutines at
// once, as the fetch workers of a daemon call it (PostgreSQL commits them
// together; SQLite queues them on its one writer).
func BenchSaveDocumentParallel(b *testing.B, s heistwatch.Store) {
	items := seedItems(b, s, b.N)
	ctx := b.Context()
	var next atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(4)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1) - 1)
			it := items[i]
			d := heistwatch.Document{URL: it.Link, FeedID: it.FeedID, ItemGUID: it.GUID, Title: "Exchange drained",
				Text: articleText + fmt.Sprint(i), Published: base}
			if _, _, err := s.SaveDocument(ctx, it.ID, d, benchClaims(i)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
}

// BenchSaveDocuments is BenchSaveDocument with the articles saved 32 to a
// transaction, as the ingester groups them; compare docs/s with it to see
// what one commit costs.
func BenchSaveDocuments(b *testing.B, s heistwatch.Store) {
	bs, ok := s.(interface {
		SaveDocuments(ctx context.Context, itemIDs []int64, docs []heistwatch.Document, claims [][]heistwatch.Claim) ([]heistwatch.Document, []bool, error)
	})
	if !ok {
		b.Skip("the store has no SaveDocuments")
	}
	items := seedItems(b, s, b.N)
	ctx := b.Context()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i += 32 {
		var ids []int64
		var docs []heistwatch.Document
		var claims [][]heistwatch.Claim
		for j := i; j < min(b.N, i+32); j++ {
			it := items[j]
			ids = append(ids, it.ID)
			docs = append(docs, heistwatch.Document{URL: it.Link, FeedID: it.FeedID, ItemGUID: it.GUID,
				Title: "Exchange drained", Text: articleText + fmt.Sprint(j), Published: base})
			claims = append(claims, benchClaims(j))
		}
		if _, _, err := bs.SaveDocuments(ctx, ids, docs, claims); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
}
