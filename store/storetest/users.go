package storetest

import (
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
)

func testUsers(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	ana := must(s.AddUser(ctx, heistwatch.User{Name: "ana", Role: heistwatch.RoleReviewer, PasswordHash: "h1"}))(t)
	if ana.ID == 0 || ana.CreatedAt.IsZero() {
		t.Fatalf("AddUser = %+v", ana)
	}
	must(s.AddUser(ctx, heistwatch.User{Name: "bob", Role: heistwatch.RoleViewer}))(t)
	_, err := s.AddUser(ctx, heistwatch.User{Name: "ana", Role: heistwatch.RoleAdmin})
	wantErr(t, err, heistwatch.ErrConflict)
	for _, bad := range []heistwatch.User{{Name: "", Role: heistwatch.RoleAdmin}, {Name: "eve", Role: "root"}} {
		if _, err := s.AddUser(ctx, bad); heistwatch.ErrorCode(err) != heistwatch.CodeInvalid {
			t.Fatalf("AddUser(%+v) = %v, want invalid", bad, err)
		}
	}
	got := must(s.UserByName(ctx, "ana"))(t)
	if got.ID != ana.ID || got.Role != heistwatch.RoleReviewer || got.PasswordHash != "h1" {
		t.Fatalf("UserByName = %+v", got)
	}
	if byID := must(s.UserByID(ctx, ana.ID))(t); byID.Name != "ana" {
		t.Fatalf("UserByID = %+v", byID)
	}
	_, err = s.UserByName(ctx, "nobody")
	wantErr(t, err, heistwatch.ErrNotFound)
	if list := must(s.Users(ctx))(t); len(list) != 2 || list[0].Name != "ana" || list[1].Name != "bob" {
		t.Fatalf("Users = %+v", list)
	}
	ok(t, s.SetPassword(ctx, ana.ID, "h2"))
	if got := must(s.UserByID(ctx, ana.ID))(t); got.PasswordHash != "h2" {
		t.Fatalf("password hash = %q", got.PasswordHash)
	}
	wantErr(t, s.SetPassword(ctx, 9999, "x"), heistwatch.ErrNotFound)

	now := time.Now()
	ok(t, s.CreateSession(ctx, "sess-hash", ana.ID, now.Add(time.Hour)))
	if u := must(s.SessionUser(ctx, "sess-hash", now))(t); u.ID != ana.ID {
		t.Fatalf("SessionUser = %+v", u)
	}
	_, err = s.SessionUser(ctx, "sess-hash", now.Add(2*time.Hour))
	wantErr(t, err, heistwatch.ErrNotFound)
	_, err = s.SessionUser(ctx, "other-hash", now)
	wantErr(t, err, heistwatch.ErrNotFound)
	ok(t, s.DeleteSession(ctx, "sess-hash"))
	_, err = s.SessionUser(ctx, "sess-hash", now)
	wantErr(t, err, heistwatch.ErrNotFound)

	ok(t, s.CreateToken(ctx, "tok-hash", ana.ID, "script"))
	if u := must(s.TokenUser(ctx, "tok-hash"))(t); u.Name != "ana" {
		t.Fatalf("TokenUser = %+v", u)
	}
	_, err = s.TokenUser(ctx, "nope")
	wantErr(t, err, heistwatch.ErrNotFound)
}

func testStatsAndCursors(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	st := must(s.Stats(ctx))(t)
	if st.FeedsOK != 0 || st.Documents != 0 || st.Items == nil || st.Incidents == nil || !st.LastPoll.IsZero() {
		t.Fatalf("empty stats = %+v", st)
	}
	good := addFeed(t, s, "https://ok.example/")
	bad := addFeed(t, s, "https://bad.example/")
	good.LastPollAt, good.NextPollAt = base, base.Add(time.Hour)
	must(s.RecordPoll(ctx, heistwatch.PollResult{Owner: "p", Feed: good}))(t)
	bad.LastPollAt, bad.NextPollAt, bad.ErrorCount, bad.LastError = base.Add(time.Minute), base.Add(30*time.Minute), 3, "HTTP 500"
	must(s.RecordPoll(ctx, heistwatch.PollResult{Owner: "p", Feed: bad}))(t)
	st = must(s.Stats(ctx))(t)
	if st.FeedsOK != 1 || st.FeedsFailing != 1 || !st.LastPoll.Equal(base.Add(time.Minute)) || !st.NextPoll.Equal(base.Add(30*time.Minute)) {
		t.Fatalf("stats = %+v", st)
	}
	if f := must(s.Feed(ctx, bad.ID))(t); f.ErrorCount != 3 || f.LastError != "HTTP 500" {
		t.Fatalf("feed error state = %+v", f)
	}

	if v := must(s.Cursor(ctx, "export.json"))(t); v != "" {
		t.Fatalf("unset cursor = %q", v)
	}
	ok(t, s.SetCursor(ctx, "export.json", "2026-03-01T12:00:00Z"))
	ok(t, s.SetCursor(ctx, "export.json", "2026-03-02T12:00:00Z"))
	if v := must(s.Cursor(ctx, "export.json"))(t); v != "2026-03-02T12:00:00Z" {
		t.Fatalf("cursor = %q", v)
	}
}

func testContextCancelled(t *testing.T, s heistwatch.Store) {
	ctx, cancel := contextWithCancel(t)
	cancel()
	if _, err := s.AddFeed(ctx, heistwatch.Feed{URL: "https://x.example/"}); err == nil {
		t.Fatal("AddFeed with a cancelled context succeeded")
	}
	if _, err := s.Feeds(ctx); err == nil {
		t.Fatal("Feeds with a cancelled context succeeded")
	}
	if _, _, err := s.SaveDocument(ctx, 0, heistwatch.Document{URL: "https://x.example/a", Text: "x"}, nil); err == nil {
		t.Fatal("SaveDocument with a cancelled context succeeded")
	}
	// Nothing was written.
	if fs := must(s.Feeds(ctxT(t)))(t); len(fs) != 0 {
		t.Fatalf("cancelled AddFeed stored %d feeds", len(fs))
	}
	if st := must(s.Stats(ctxT(t)))(t); st.Documents != 0 {
		t.Fatalf("cancelled SaveDocument stored %d documents", st.Documents)
	}
}
