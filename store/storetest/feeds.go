package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/sqldb"
)

func testFeeds(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	a := must(s.AddFeed(ctx, heistwatch.Feed{URL: "https://a.example/feed", Name: "A", Schedule: "@every 5m",
		Filter: "hack", NextPollAt: base}))(t)
	if a.ID == 0 || a.CreatedAt.IsZero() {
		t.Fatalf("AddFeed did not fill id and created_at: %+v", a)
	}
	got := must(s.Feed(ctx, a.ID))(t)
	if got.URL != a.URL || got.Name != "A" || got.Schedule != "@every 5m" || got.Filter != "hack" || !got.NextPollAt.Equal(base) {
		t.Fatalf("Feed round trip = %+v", got)
	}
	if byURL := must(s.FeedByURL(ctx, a.URL))(t); byURL.ID != a.ID {
		t.Fatalf("FeedByURL = %d, want %d", byURL.ID, a.ID)
	}
	b := addFeed(t, s, "https://b.example/feed")
	list := must(s.Feeds(ctx))(t)
	if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("Feeds = %+v", list)
	}
	a.Name, a.Schedule, a.Filter, a.URL = "A2", "*/10 * * * *", "", "https://a.example/rss"
	ok(t, s.UpdateFeed(ctx, a))
	got = must(s.Feed(ctx, a.ID))(t)
	if got.Name != "A2" || got.Schedule != "*/10 * * * *" || got.Filter != "" || got.URL != "https://a.example/rss" {
		t.Fatalf("after UpdateFeed = %+v", got)
	}
	ok(t, s.DeleteFeed(ctx, b.ID))
	_, err := s.Feed(ctx, b.ID)
	wantErr(t, err, heistwatch.ErrNotFound)
	if n := len(must(s.Feeds(ctx))(t)); n != 1 {
		t.Fatalf("after delete %d feeds, want 1", n)
	}
}

func testFeedErrors(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	a := addFeed(t, s, "https://a.example/feed")
	b := addFeed(t, s, "https://b.example/feed")
	tests := []struct {
		name string
		err  error
		want error
		code heistwatch.Code
	}{
		{"duplicate URL", func() error { _, err := s.AddFeed(ctx, heistwatch.Feed{URL: a.URL}); return err }(), heistwatch.ErrConflict, heistwatch.CodeConflict},
		{"empty URL", func() error { _, err := s.AddFeed(ctx, heistwatch.Feed{URL: "  "}); return err }(), nil, heistwatch.CodeInvalid},
		{"update to taken URL", s.UpdateFeed(ctx, heistwatch.Feed{ID: b.ID, URL: a.URL}), heistwatch.ErrConflict, heistwatch.CodeConflict},
		{"update missing", s.UpdateFeed(ctx, heistwatch.Feed{ID: 9999, URL: "https://x.example/"}), heistwatch.ErrNotFound, heistwatch.CodeNotFound},
		{"delete missing", s.DeleteFeed(ctx, 9999), heistwatch.ErrNotFound, heistwatch.CodeNotFound},
		{"feed missing", func() error { _, err := s.Feed(ctx, 9999); return err }(), heistwatch.ErrNotFound, heistwatch.CodeNotFound},
		{"url missing", func() error { _, err := s.FeedByURL(ctx, "https://none.example/"); return err }(), heistwatch.ErrNotFound, heistwatch.CodeNotFound},
		{"poll of missing feed", func() error {
			_, err := s.RecordPoll(ctx, heistwatch.PollResult{Owner: "o", Feed: heistwatch.Feed{ID: 9999, URL: "u"}})
			return err
		}(), heistwatch.ErrNotFound, heistwatch.CodeNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil {
				wantErr(t, tc.err, tc.want)
			}
			if got := heistwatch.ErrorCode(tc.err); got != tc.code {
				t.Fatalf("code = %s, want %s (%v)", got, tc.code, tc.err)
			}
		})
	}
	// A permanent redirect moves the feed; a move onto another feed's URL is
	// refused as a whole, items included.
	moved := b
	moved.URL = "https://b.example/new-feed"
	if _, err := s.RecordPoll(ctx, heistwatch.PollResult{Owner: "o", Feed: moved}); err != nil {
		t.Fatal(err)
	}
	if got := must(s.FeedByURL(ctx, moved.URL))(t); got.ID != b.ID {
		t.Fatalf("redirected feed = %+v", got)
	}
	onto := moved
	onto.URL = a.URL
	_, err := s.RecordPoll(ctx, heistwatch.PollResult{Owner: "o", Feed: onto, Items: []heistwatch.Item{item("x", "https://n.example/x")}})
	wantErr(t, err, heistwatch.ErrConflict)
	if st := must(s.Stats(ctx))(t); len(st.Items) != 0 {
		t.Fatalf("refused poll stored items: %v", st.Items)
	}
	b = moved
	// The refused update left b as it was.
	if got := must(s.Feed(ctx, b.ID))(t); got.URL != b.URL {
		t.Fatalf("refused update changed the URL to %s", got.URL)
	}
}

func testRecordPollIdempotent(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	f := addFeed(t, s, "https://a.example/feed")
	claimed := must(s.ClaimFeeds(ctx, heistwatch.FeedClaim{Owner: "poller", Now: base, Lease: time.Minute, Limit: 10}))(t)
	if len(claimed) != 1 {
		t.Fatalf("claimed %d feeds, want 1", len(claimed))
	}
	f.ETag, f.LastModified, f.Title = `"v1"`, "Mon, 02 Mar 2026 10:00:00 GMT", "Feed A"
	f.NextPollAt = base.Add(15 * time.Minute)
	f.LastOKAt = base
	items := []heistwatch.Item{
		item("g1", "https://news.example/1"),
		item("g2", "https://news.example/2"),
		{GUID: "g3", Link: "https://news.example/3", State: heistwatch.ItemFiltered},
	}
	items[0].Published = base.Add(-time.Hour)
	items[0].Content = "feed body"
	got := poll(t, s, f, items...)
	if want := (heistwatch.PollCounts{New: 2, Filtered: 1}); got != want {
		t.Fatalf("first poll counts = %+v, want %+v", got, want)
	}
	// A crash after the commit and a retry of the same poll: nothing new.
	got = poll(t, s, f, items...)
	if want := (heistwatch.PollCounts{Seen: 3}); got != want {
		t.Fatalf("repeated poll counts = %+v, want %+v", got, want)
	}
	stored := must(s.Feed(ctx, f.ID))(t)
	if stored.ETag != `"v1"` || stored.Title != "Feed A" || !stored.NextPollAt.Equal(f.NextPollAt) ||
		!stored.LastPollAt.Equal(base) || !stored.LastOKAt.Equal(base) || stored.LastModified != f.LastModified {
		t.Fatalf("feed state not stored: %+v", stored)
	}
	// RecordPoll released the lease: the feed is claimable as soon as it is due.
	again := must(s.ClaimFeeds(ctx, heistwatch.FeedClaim{Owner: "other", Now: f.NextPollAt, Lease: time.Minute, Limit: 10}))(t)
	if len(again) != 1 {
		t.Fatalf("after RecordPoll the feed is not claimable: %d", len(again))
	}
	// An item without a GUID is known by its link.
	noGUID := heistwatch.Item{Link: "https://news.example/4", Title: "no guid"}
	if got := poll(t, s, f, noGUID); got.New != 1 {
		t.Fatalf("item without GUID: %+v", got)
	}
	if got := poll(t, s, f, noGUID); got.Seen != 1 {
		t.Fatalf("item without GUID seen again: %+v", got)
	}
	pending := claimAll(t, s, "fetcher", base)
	if len(pending) != 3 || pending[0].GUID != "g1" || pending[1].GUID != "g2" || pending[2].GUID != noGUID.Link {
		t.Fatalf("pending items = %+v", pending)
	}
	p := pending[0]
	if p.FeedID != f.ID || p.Link != "https://news.example/1" || p.Content != "feed body" ||
		!p.Published.Equal(base.Add(-time.Hour)) || p.State != heistwatch.ItemPending {
		t.Fatalf("item round trip = %+v", p)
	}
	st := must(s.Stats(ctx))(t)
	if st.Items["pending"] != 3 || st.Items["filtered"] != 1 {
		t.Fatalf("item stats = %v", st.Items)
	}
	// One GUID listed twice in a poll is one item; polled again, it is seen.
	g := addFeed(t, s, "https://g.example/feed")
	if got := poll(t, s, g, item("g1", "https://g.example/1"), item("g1", "https://g.example/1")); got != (heistwatch.PollCounts{New: 1, Seen: 1}) {
		t.Fatalf("one GUID twice in one poll: %+v", got)
	}
	if got := poll(t, s, g, item("g1", "https://g.example/1"), item("g2", "https://g.example/2")); got != (heistwatch.PollCounts{New: 1, Seen: 1}) {
		t.Fatalf("a GUID polled again: %+v", got)
	}
}

func testRecordPollDedupe(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	a := addFeed(t, s, "https://a.example/feed")
	b := addFeed(t, s, "https://b.example/feed")
	c := addFeed(t, s, "https://c.example/feed")
	if got := poll(t, s, a, item("a1", "https://news.example/story?id=7&utm_source=rss")); got.New != 1 {
		t.Fatalf("feed a: %+v", got)
	}
	tests := []struct {
		name string
		feed heistwatch.Feed
		it   heistwatch.Item
		want heistwatch.PollCounts
	}{
		{"same link in another feed", b, item("b1", "https://news.example/story?id=7"), heistwatch.PollCounts{Duplicate: 1}},
		{"tracking and host variants", b, item("b2", "http://WWW.news.example/story/?utm_medium=x&id=7&fbclid=abc#top"), heistwatch.PollCounts{Duplicate: 1}},
		{"same feed, new GUID, same link", a, item("a2", "https://news.example/story?id=7"), heistwatch.PollCounts{Duplicate: 1}},
		{"different query is another article", b, item("b3", "https://news.example/story?id=8"), heistwatch.PollCounts{New: 1}},
		{"filtered items are not duplicates", c, heistwatch.Item{GUID: "c1", Link: "https://news.example/story?id=7", State: heistwatch.ItemFiltered}, heistwatch.PollCounts{Filtered: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := poll(t, s, tc.feed, tc.it); got != tc.want {
				t.Fatalf("counts = %+v, want %+v", got, tc.want)
			}
		})
	}
	// A link only a filter saw is fetched by the feed that wants it.
	d := addFeed(t, s, "https://d.example/feed")
	poll(t, s, c, heistwatch.Item{GUID: "c2", Link: "https://news.example/only-c", State: heistwatch.ItemFiltered})
	if got := poll(t, s, d, item("d1", "https://news.example/only-c")); got.New != 1 {
		t.Fatalf("link filtered elsewhere should be new here: %+v", got)
	}
	// Two items of one poll with one link: the second is the duplicate.
	e := addFeed(t, s, "https://e.example/feed")
	if got := poll(t, s, e, item("e1", "https://x.example/p"), item("e2", "https://x.example/p?utm_campaign=z")); got != (heistwatch.PollCounts{New: 1, Duplicate: 1}) {
		t.Fatalf("same link twice in one poll: %+v", got)
	}
	pending := claimAll(t, s, "fetcher", base)
	links := map[string]int{}
	for _, it := range pending {
		links[it.Link]++
	}
	if len(pending) != 4 {
		t.Fatalf("pending = %d items (%v), want 4: a1, b3, d1, e1", len(pending), links)
	}
	_ = ctx
}

func testClaimFeeds(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	due := must(s.AddFeed(ctx, heistwatch.Feed{URL: "https://due.example/", NextPollAt: base.Add(-time.Minute)}))(t)
	never := addFeed(t, s, "https://never.example/") // never polled: due at once
	later := must(s.AddFeed(ctx, heistwatch.Feed{URL: "https://later.example/", NextPollAt: base.Add(time.Hour),
		LastPollAt: base.Add(-time.Minute)}))(t)
	claimIDs := func(q heistwatch.FeedClaim) []int64 {
		t.Helper()
		fs := must(s.ClaimFeeds(ctx, q))(t)
		ids := []int64{}
		for _, f := range fs {
			ids = append(ids, f.ID)
		}
		return ids
	}
	same := func(got []int64, want ...int64) bool {
		if len(got) != len(want) {
			return false
		}
		seen := map[int64]bool{}
		for _, id := range got {
			seen[id] = true
		}
		for _, id := range want {
			if !seen[id] {
				return false
			}
		}
		return true
	}
	if got := claimIDs(heistwatch.FeedClaim{Owner: "d1", Now: base, Lease: time.Minute, Limit: 10}); !same(got, due.ID, never.ID) {
		t.Fatalf("daemon 1 claimed %v, want due and never-polled (%d, %d)", got, due.ID, never.ID)
	}
	if got := claimIDs(heistwatch.FeedClaim{Owner: "d2", Now: base.Add(30 * time.Second), Lease: time.Minute, Limit: 10}); len(got) != 0 {
		t.Fatalf("daemon 2 took leased feeds %v", got)
	}
	// d1 dies; its leases expire and d2 takes the feeds over.
	if got := claimIDs(heistwatch.FeedClaim{Owner: "d2", Now: base.Add(2 * time.Minute), Lease: time.Minute, Limit: 10}); !same(got, due.ID, never.ID) {
		t.Fatalf("after expiry daemon 2 claimed %v", got)
	}
	// ReleaseFeed by a stale owner does not free d2's lease; by d2 it does.
	ok(t, s.ReleaseFeed(ctx, due.ID, "d1"))
	if got := claimIDs(heistwatch.FeedClaim{Owner: "d3", Now: base.Add(2 * time.Minute), Lease: time.Minute, Limit: 10, IDs: []int64{due.ID}}); len(got) != 0 {
		t.Fatalf("stale owner released d2's lease: %v", got)
	}
	ok(t, s.ReleaseFeed(ctx, due.ID, "d2"))
	if got := claimIDs(heistwatch.FeedClaim{Owner: "d3", Now: base.Add(2 * time.Minute), Lease: time.Minute, Limit: 10, IDs: []int64{due.ID}}); !same(got, due.ID) {
		t.Fatalf("released feed not claimable: %v", got)
	}
	// One-shot fetch: everything not polled since the start, due or not.
	ok(t, s.ReleaseFeed(ctx, due.ID, "d3"))
	ok(t, s.ReleaseFeed(ctx, never.ID, "d2"))
	if got := claimIDs(heistwatch.FeedClaim{Owner: "once", Now: base.Add(3 * time.Minute), Lease: time.Minute, Limit: 10,
		PolledBefore: base}); !same(got, due.ID, never.ID, later.ID) {
		t.Fatalf("one-shot claimed %v, want all three", got)
	}
	// Limit.
	ok(t, s.ReleaseFeed(ctx, later.ID, "once"))
	ok(t, s.ReleaseFeed(ctx, due.ID, "once"))
	if got := claimIDs(heistwatch.FeedClaim{Owner: "x", Now: base.Add(3 * time.Minute), Lease: time.Minute, Limit: 1,
		PolledBefore: base}); len(got) != 1 {
		t.Fatalf("limit 1 claimed %v", got)
	}
}

func testClaimItemsLeases(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	f := addFeed(t, s, "https://a.example/feed")
	poll(t, s, f, item("1", "https://n.example/1"), item("2", "https://n.example/2"), item("3", "https://n.example/3"))
	first := must(s.ClaimItems(ctx, "w1", base, time.Minute, 2))(t)
	if len(first) != 2 {
		t.Fatalf("w1 claimed %d, want 2", len(first))
	}
	second := must(s.ClaimItems(ctx, "w2", base.Add(time.Second), time.Minute, 10))(t)
	if len(second) != 1 || second[0].ID == first[0].ID || second[0].ID == first[1].ID {
		t.Fatalf("w2 claimed %+v while w1 holds %d and %d", second, first[0].ID, first[1].ID)
	}
	if none := must(s.ClaimItems(ctx, "w3", base.Add(30*time.Second), time.Minute, 10))(t); len(none) != 0 {
		t.Fatalf("w3 got leased items %+v", none)
	}
	// w1 finishes one item and dies holding the other.
	_, _, err := s.SaveDocument(ctx, first[0].ID, heistwatch.Document{URL: first[0].Link, Text: "x"}, nil)
	ok(t, err)
	// A stale owner's release leaves w2's lease alone.
	ok(t, s.ReleaseItem(ctx, second[0].ID, "w1"))
	if none := must(s.ClaimItems(ctx, "w3", base.Add(30*time.Second), time.Minute, 10))(t); len(none) != 0 {
		t.Fatalf("stale release freed w2's item: %+v", none)
	}
	// After expiry the unfinished item of w1 (and w2's) are retaken; the
	// finished one never comes back.
	retaken := must(s.ClaimItems(ctx, "w3", base.Add(2*time.Minute), time.Minute, 10))(t)
	if len(retaken) != 2 || retaken[0].ID != first[1].ID || retaken[1].ID != second[0].ID {
		t.Fatalf("after expiry w3 claimed %+v, want items %d and %d", retaken, first[1].ID, second[0].ID)
	}
	ok(t, s.ReleaseItem(ctx, retaken[0].ID, "w3"))
	if got := must(s.ClaimItems(ctx, "w4", base.Add(2*time.Minute), time.Minute, 10))(t); len(got) != 1 || got[0].ID != retaken[0].ID {
		t.Fatalf("released item not claimable: %+v", got)
	}
}

func testRenewItems(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	f := addFeed(t, s, "https://a.example/feed")
	poll(t, s, f, item("1", "https://n.example/1"), item("2", "https://n.example/2"), item("3", "https://n.example/3"))
	got := must(s.ClaimItems(ctx, "w1", base, time.Minute, 3))(t)
	if len(got) != 3 {
		t.Fatalf("w1 claimed %d items, want 3", len(got))
	}
	held, lost, done := got[0], got[1], got[2]
	_, _, err := s.SaveDocument(ctx, done.ID, heistwatch.Document{URL: done.Link, Text: "x"}, nil)
	ok(t, err)

	// w1 renews the first item before its lease ends: no one else may take
	// it. The finished item is not renewed.
	if kept := must(s.RenewItems(ctx, "w1", []int64{held.ID, done.ID}, base.Add(3*time.Minute)))(t); !slices.Equal(kept, []int64{held.ID}) {
		t.Fatalf("w1 renewed %v, want only the pending item %d", kept, held.ID)
	}
	// The second item's lease runs out and w2 claims it; w1 cannot renew it.
	retaken := must(s.ClaimItems(ctx, "w2", base.Add(2*time.Minute), time.Minute, 10))(t)
	if len(retaken) != 1 || retaken[0].ID != lost.ID {
		t.Fatalf("after w1's lease ran out w2 claimed %+v, want only item %d (w1 renewed %d)", retaken, lost.ID, held.ID)
	}
	if kept := must(s.RenewItems(ctx, "w1", []int64{held.ID, lost.ID}, base.Add(4*time.Minute)))(t); !slices.Equal(kept, []int64{held.ID}) {
		t.Fatalf("w1 renewed %v, want only %d (w2 claimed %d)", kept, held.ID, lost.ID)
	}
	if none := must(s.ClaimItems(ctx, "w3", base.Add(2*time.Minute+30*time.Second), time.Minute, 10))(t); len(none) != 0 {
		t.Fatalf("w3 claimed %+v: w1's renewal did not hold, or it extended w2's lease", none)
	}
	if kept := must(s.RenewItems(ctx, "w1", nil, base.Add(4*time.Minute)))(t); len(kept) != 0 {
		t.Fatalf("renewing nothing renewed %v", kept)
	}
}

func testFailAndFinishItems(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	f := addFeed(t, s, "https://a.example/feed")
	poll(t, s, f, item("1", "https://n.example/1"), item("2", "https://n.example/2"))
	now := base
	for attempt := 1; attempt <= 3; attempt++ {
		got := must(s.ClaimItems(ctx, "w", now, time.Minute, 1))(t)
		if len(got) != 1 || got[0].GUID != "1" {
			t.Fatalf("attempt %d: claimed %+v, want item 1 again", attempt, got)
		}
		if got[0].Attempts != attempt-1 {
			t.Fatalf("attempt %d: attempts = %d", attempt, got[0].Attempts)
		}
		ok(t, s.FailItem(ctx, got[0].ID, "w", "HTTP 500", 3))
	}
	// Item 1 failed for good after three attempts; item 2 is next.
	got := must(s.ClaimItems(ctx, "w", now, time.Minute, 10))(t)
	if len(got) != 1 || got[0].GUID != "2" {
		t.Fatalf("after giving up claimed %+v, want only item 2", got)
	}
	ok(t, s.FinishItem(ctx, got[0].ID, "w", heistwatch.ItemDuplicate, "same canonical URL as document 1"))
	if err := s.FinishItem(ctx, got[0].ID, "w", heistwatch.ItemPending, ""); heistwatch.ErrorCode(err) != heistwatch.CodeInvalid {
		t.Fatalf("FinishItem to pending: %v, want invalid", err)
	}
	wantErr(t, s.FinishItem(ctx, 9999, "w", heistwatch.ItemDone, ""), heistwatch.ErrNotFound)
	st := must(s.Stats(ctx))(t)
	if st.Items["failed"] != 1 || st.Items["duplicate"] != 1 || st.Items["pending"] != 0 {
		t.Fatalf("item stats = %v", st.Items)
	}
	if left := must(s.ClaimItems(ctx, "w", now.Add(time.Hour), time.Minute, 10))(t); len(left) != 0 {
		t.Fatalf("failed or finished items claimable: %+v", left)
	}
}

// testPoisonItem has an item whose fetch kills the process every time, so
// FailItem is never called: each claim counts, and after
// sqldb.DefaultMaxClaims claims the next one fails it instead of handing it
// out again. An item that succeeds on its first claim is unaffected.
func testPoisonItem(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	f := addFeed(t, s, "https://a.example/feed")
	poll(t, s, f, item("poison", "https://n.example/poison"), item("fine", "https://n.example/fine"))
	items := func() map[string]int {
		t.Helper()
		return must(s.Stats(ctx))(t).Items
	}
	now := base
	for k := range sqldb.DefaultMaxClaims {
		now = base.Add(time.Duration(k) * 2 * time.Minute) // each lease (1 minute) ran out
		got := must(s.ClaimItems(ctx, "w", now, time.Minute, 1))(t)
		if len(got) != 1 || got[0].GUID != "poison" || got[0].Attempts != k {
			t.Fatalf("claim %d: got %+v, want the poison item with %d earlier claims", k+1, got, k)
		}
	}
	// Its last lease is still live: another worker passes it by and it does
	// not fail yet (that worker may still finish it).
	got := must(s.ClaimItems(ctx, "w2", now.Add(30*time.Second), time.Minute, 10))(t)
	if len(got) != 1 || got[0].GUID != "fine" || got[0].Attempts != 0 {
		t.Fatalf("claim during the last lease = %+v, want only the fine item, first attempt", got)
	}
	if n := items()["failed"]; n != 0 {
		t.Fatalf("%d items failed while the poison item's lease was live", n)
	}
	_, _, err := s.SaveDocument(ctx, got[0].ID, heistwatch.Document{URL: got[0].Link, Text: "fine"}, nil)
	ok(t, err)
	// The lease runs out once more: the next claim fails it and hands out
	// the next pending item instead, even with room for one item only.
	poll(t, s, f, item("bad", "https://n.example/bad"))
	bad := must(s.ClaimItems(ctx, "w3", now.Add(2*time.Minute), time.Minute, 1))(t)
	if len(bad) != 1 || bad[0].GUID != "bad" || bad[0].Attempts != 0 {
		t.Fatalf("claimed %+v after the poison item used up its claims, want the next item", bad)
	}
	if st := items(); st["failed"] != 1 || st["done"] != 1 || st["pending"] != 1 {
		t.Fatalf("items = %v, want the poison one failed, the fine one done, the bad one pending", st)
	}
	// A fetch error reported after one claim with maxAttempts 1 fails the
	// item at once, as before claims were counted.
	ok(t, s.FailItem(ctx, bad[0].ID, "w3", "HTTP 404", 1))
	if st := items(); st["failed"] != 2 || st["pending"] != 0 {
		t.Fatalf("items = %v, want the bad item failed too", st)
	}
	if left := must(s.ClaimItems(ctx, "w", now.Add(time.Hour), time.Minute, 10))(t); len(left) != 0 {
		t.Fatalf("failed items claimed again: %+v", left)
	}
}

// testConcurrentClaims has several workers claim items and feeds at once:
// no item or feed may be handed to two of them.
func testConcurrentClaims(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	const feeds, perFeed, workers = 8, 25, 6
	for i := range feeds {
		f := addFeed(t, s, "https://f.example/"+string(rune('a'+i)))
		var items []heistwatch.Item
		for j := range perFeed {
			items = append(items, item(f.URL+"/"+string(rune('a'+j)), f.URL+"/article/"+string(rune('a'+j))))
		}
		poll(t, s, f, items...)
	}
	var mu sync.Mutex
	itemOwner := map[int64]string{}
	feedOwner := map[int64]string{}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := string(rune('A' + w))
			for {
				fs, err := s.ClaimFeeds(ctx, heistwatch.FeedClaim{Owner: owner, Now: base.Add(time.Hour), Lease: time.Hour, Limit: 2})
				if err != nil {
					errs <- err
					return
				}
				items, err := s.ClaimItems(ctx, owner, base, time.Hour, 7)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				for _, f := range fs {
					if prev, dup := feedOwner[f.ID]; dup {
						mu.Unlock()
						errs <- &dupErr{"feed", f.ID, prev, owner}
						return
					}
					feedOwner[f.ID] = owner
				}
				for _, it := range items {
					if prev, dup := itemOwner[it.ID]; dup {
						mu.Unlock()
						errs <- &dupErr{"item", it.ID, prev, owner}
						return
					}
					itemOwner[it.ID] = owner
				}
				mu.Unlock()
				if len(fs) == 0 && len(items) == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(itemOwner) != feeds*perFeed || len(feedOwner) != feeds {
		t.Fatalf("handed out %d items and %d feeds, want %d and %d", len(itemOwner), len(feedOwner), feeds*perFeed, feeds)
	}
}

type dupErr struct {
	what        string
	id          int64
	first, then string
}

func (e *dupErr) Error() string {
	return e.what + " handed out twice: to " + e.first + " and " + e.then
}

// testConcurrentDedupe polls four feeds that carry the same thirty articles
// (in different orders) at the same moment: each article must end up
// pending once and duplicate in the other three feeds.
func testConcurrentDedupe(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	const feeds, links = 4, 30
	var wg sync.WaitGroup
	counts := make([]heistwatch.PollCounts, feeds)
	errs := make([]error, feeds)
	for i := range feeds {
		f := addFeed(t, s, fmt.Sprintf("https://f%d.example/feed", i))
		var items []heistwatch.Item
		for j := range links {
			if i%2 == 1 {
				j = links - 1 - j
			}
			items = append(items, heistwatch.Item{GUID: fmt.Sprintf("%d-%d", i, j),
				Link: fmt.Sprintf("https://wire.example/story/%d?utm_source=f%d", j, i), State: heistwatch.ItemPending})
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i], errs[i] = s.RecordPoll(ctx, heistwatch.PollResult{Owner: "p", Feed: f, Items: items})
		}()
	}
	wg.Wait()
	total := heistwatch.PollCounts{}
	for i := range feeds {
		ok(t, errs[i])
		total.New += counts[i].New
		total.Duplicate += counts[i].Duplicate
	}
	if total.New != links || total.Duplicate != links*(feeds-1) {
		t.Fatalf("new %d, duplicate %d; want %d and %d", total.New, total.Duplicate, links, links*(feeds-1))
	}
}
