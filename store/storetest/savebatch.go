package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
)

// BatchSaver is what stores offer beside heistwatch.Store to save several
// articles in one transaction (the ingester groups its workers' saves).
type BatchSaver interface {
	SaveDocuments(ctx context.Context, itemIDs []int64, docs []heistwatch.Document, claims [][]heistwatch.Claim) ([]heistwatch.Document, []bool, error)
}

// testSaveDocumentsBatch saves articles in one SaveDocuments call: each is
// stored as SaveDocument would, the same URL twice in one batch included,
// and a batch with one bad article stores none of them.
func testSaveDocumentsBatch(t *testing.T, s heistwatch.Store) {
	bs, isBatch := s.(BatchSaver)
	if !isBatch {
		t.Fatalf("%T has no SaveDocuments", s)
	}
	ctx := ctxT(t)
	f := addFeed(t, s, "https://a.example/feed")
	poll(t, s, f, item("1", "https://n.example/z"), item("2", "https://n.example/a"), item("3", "https://n.example/z2"),
		item("4", "https://n.example/bad"))
	items := claimAll(t, s, "w", base)
	if len(items) != 4 {
		t.Fatalf("claimed %d items, want 4", len(items))
	}
	doc := func(url, text string) heistwatch.Document {
		return heistwatch.Document{URL: url, FeedID: f.ID, Title: "T " + url, Published: base, FetchedAt: base, Text: text}
	}
	// Given out of URL order; z twice with the same text (the second is no change).
	saved, changed, err := bs.SaveDocuments(ctx, []int64{items[0].ID, items[1].ID, items[2].ID},
		[]heistwatch.Document{doc("https://n.example/z", "zed text"), doc("https://n.example/a", "a text"), doc(" https://n.example/z ", "zed text")},
		[][]heistwatch.Claim{{claim("zed", 1_000_000, "zed lost $1 million")}, nil, {claim("zed", 1_000_000, "zed lost $1 million")}})
	ok(t, err)
	if len(saved) != 3 || !changed[0] || !changed[1] || changed[2] {
		t.Fatalf("changed = %v, want [true true false]", changed)
	}
	if saved[0].ID == 0 || saved[2].ID != saved[0].ID || saved[1].ID == saved[0].ID || saved[0].Version != 1 {
		t.Fatalf("saved = %+v", saved)
	}
	if got := must(s.Document(ctx, saved[1].ID))(t); got.URL != "https://n.example/a" || got.Text != "a text" {
		t.Fatalf("document a = %+v", got)
	}
	if cs := must(s.Claims(ctx, heistwatch.ClaimQuery{DocumentID: saved[0].ID}))(t); len(cs) != 1 || cs[0].VictimKey != "zed" {
		t.Fatalf("claims of z = %+v", cs)
	}
	// A bad article (no URL) fails the whole batch: the good one beside it
	// is not stored and its item stays leased for a retry.
	_, _, err = bs.SaveDocuments(ctx, []int64{items[3].ID, 0},
		[]heistwatch.Document{doc("https://n.example/bad", "fine"), doc("", "no url")}, [][]heistwatch.Claim{nil, nil})
	if heistwatch.ErrorCode(err) != heistwatch.CodeInvalid {
		t.Fatalf("batch with an empty URL: %v, want an invalid-input error", err)
	}
	st := must(s.Stats(ctx))(t)
	if st.Documents != 2 {
		t.Fatalf("%d documents stored, want 2 (the failed batch stores nothing)", st.Documents)
	}
	if st.Items[string(heistwatch.ItemDone)] != 3 || st.Items[string(heistwatch.ItemPending)] != 1 {
		t.Fatalf("items by state = %v, want 3 done and 1 pending", st.Items)
	}
	if left := claimAll(t, s, "w2", base.Add(15*time.Minute)); len(left) != 1 || left[0].ID != items[3].ID {
		t.Fatalf("claimable after the batches: %+v, want only item 4", left)
	}
}
