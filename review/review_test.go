package review

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
)

func TestAccessControl(t *testing.T) {
	st := openStore(t)
	ids := loadFixture(t, st, "incidents.json")
	alice := addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	vic := addUser(t, st, "vic", heistwatch.RoleViewer, "viewer-password")
	srv := startServer(t, st, nil)
	id := ids["DMM Bitcoin"]
	path := fmt.Sprintf("/incidents/%d", id)
	base := ver(mustIncident(t, st, id))

	anon := newBrowser(t, srv)
	reviewer := signIn(t, srv, "alice", "alice-password")
	viewer := signIn(t, srv, "vic", "viewer-password")
	aliceTok, vicTok := addToken(t, st, alice), addToken(t, st, vic)

	cases := []struct {
		name string
		do   func() (int, string)
		want int
		loc  string // expected redirect target prefix
	}{
		{"no session: queue redirects to sign-in", func() (int, string) { return anon.getLoc("/") }, 303, "/signin?next=%2F"},
		{"no session: incident redirects", func() (int, string) { return anon.getLoc(path) }, 303, "/signin"},
		{"no session: approve refused", func() (int, string) { return anon.post(path+"/approve", url.Values{"version": {base}}) }, 401, ""},
		{"no session: API refused", func() (int, string) { return apiStatus(t, srv, "", "GET", "/api/incidents", nil) }, 401, ""},
		{"bad token: API refused", func() (int, string) { return apiStatus(t, srv, "hw_nope", "GET", "/api/incidents", nil) }, 401, ""},
		{"wrong password", func() (int, string) { return newBrowser(t, srv).signIn("alice", "wrong-password"), "" }, 401, ""},
		{"unknown user", func() (int, string) { return newBrowser(t, srv).signIn("mallory", "alice-password"), "" }, 401, ""},
		{"sign-in without its CSRF token", func() (int, string) {
			return newBrowser(t, srv).post("/signin", url.Values{"name": {"alice"}, "password": {"alice-password"}})
		}, 403, ""},
		{"reviewer without CSRF token", func() (int, string) { return reviewer.post(path+"/approve", url.Values{"version": {base}}) }, 403, ""},
		{"reviewer with a forged CSRF token", func() (int, string) {
			return reviewer.post(path+"/approve", url.Values{"version": {base}, "csrf": {viewer.csrf}})
		}, 403, ""},
		{"reviewer cookie on the API without X-CSRF-Token", func() (int, string) {
			req, _ := http.NewRequest("POST", srv.URL+path+"/approve", strings.NewReader(`{"version":1}`))
			req.URL.Path = "/api" + path + "/approve"
			resp, err := reviewer.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode, ""
		}, 403, ""},
		{"viewer cannot approve in the UI", func() (int, string) { return viewer.form(path+"/approve", "version", base) }, 403, ""},
		{"viewer cannot approve by API", func() (int, string) {
			return apiStatus(t, srv, vicTok, "POST", "/api"+path+"/approve", map[string]any{"version": 1})
		}, 403, ""},
		{"viewer cannot manage users", func() (int, string) { return viewer.get("/users") }, 403, ""},
		{"reviewer cannot manage users", func() (int, string) { return reviewer.get("/users") }, 403, ""},
		{"viewer reads the queue", func() (int, string) { return viewer.get("/") }, 200, ""},
		{"viewer reads by API", func() (int, string) { return apiStatus(t, srv, vicTok, "GET", "/api/incidents", nil) }, 200, ""},
		{"reviewer token reads the audit log", func() (int, string) { return apiStatus(t, srv, aliceTok, "GET", "/api/audit", nil) }, 200, ""},
		{"no token: export refused", func() (int, string) { return apiStatus(t, srv, "", "GET", "/api/export?format=csv", nil) }, 401, ""},
		{"viewer token exports", func() (int, string) { return apiStatus(t, srv, vicTok, "GET", "/api/export?format=ndjson", nil) }, 200, ""},
		{"export with a bad format", func() (int, string) { return apiStatus(t, srv, vicTok, "GET", "/api/export?format=xls", nil) }, 400, ""},
		{"cross-site POST refused", func() (int, string) {
			req, _ := http.NewRequest("POST", srv.URL+path+"/approve", strings.NewReader(url.Values{"csrf": {reviewer.csrf}, "version": {base}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			resp, err := reviewer.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode, ""
		}, 403, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, loc := c.do()
			if code != c.want {
				t.Fatalf("status %d, want %d (%.200s)", code, c.want, loc)
			}
			if c.loc != "" && !strings.HasPrefix(loc, c.loc) {
				t.Fatalf("redirect to %q, want %q", loc, c.loc)
			}
		})
	}
	if got := mustIncident(t, st, id); got.Status != heistwatch.StatusPending || ver(got) != base {
		t.Fatalf("refused requests changed the incident: status %s version %d", got.Status, got.Version)
	}
	// And the same reviewer with the right token may approve.
	if code, _ := reviewer.form(path+"/approve", "version", base); code != http.StatusSeeOther {
		t.Fatalf("approve with CSRF token: status %d", code)
	}
	if got := mustIncident(t, st, id); got.Status != heistwatch.StatusApproved || got.ReviewedBy != "alice" {
		t.Fatalf("after approve: %s by %q", got.Status, got.ReviewedBy)
	}
	// Signing out ends the session.
	reviewer.form("/signout")
	if code, _ := reviewer.getLoc("/"); code != http.StatusSeeOther {
		t.Fatalf("after sign-out the queue answered %d", code)
	}
}

func (b *browser) getLoc(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

func apiStatus(t *testing.T, srv *httptest.Server, tok, method, path string, body any) (int, string) {
	t.Helper()
	return apiCall(t, srv, tok, method, path, body, nil), ""
}

func TestSignInThrottle(t *testing.T) {
	st := openStore(t)
	addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	srv := startServer(t, st, func(o *Options) { o.Now = func() time.Time { return now } })
	b := newBrowser(t, srv)
	for i := range maxFails {
		if code := b.signIn("alice", "guess"+fmt.Sprint(i)); code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i, code)
		}
	}
	if code := b.signIn("alice", "alice-password"); code != http.StatusTooManyRequests {
		t.Fatalf("the right password after %d failures: %d, want 429", maxFails, code)
	}
	now = now.Add(failWindow + time.Second)
	if code := b.signIn("alice", "alice-password"); code != http.StatusSeeOther {
		t.Fatalf("after the window: %d", code)
	}
}
