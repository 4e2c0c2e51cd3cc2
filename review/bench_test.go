package review

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
)

// seedPending stores n articles about n different thefts and clusters them
// into n pending incidents, the way the pipeline would.
func seedPending(tb testing.TB, st heistwatch.Store, n int) {
	tb.Helper()
	ctx := context.Background()
	feed, err := st.AddFeed(ctx, heistwatch.Feed{URL: "https://bench.example/feed", Name: "Bench feed"})
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		victim := fmt.Sprintf("Exchange %05d", i)
		amount := int64(1_000_000 + i*1000)
		sentence := fmt.Sprintf("%s lost $%d to hackers linked to Lazarus Group.", victim, amount)
		text := "Breaking news from the wires. " + sentence + " The investigation continues."
		start := len([]rune("Breaking news from the wires. "))
		claim := heistwatch.Claim{Kind: heistwatch.KindIncident, VictimKey: fmt.Sprintf("exchange %05d", i),
			Fields: heistwatch.Fields{Victim: victim, AmountUSD: &amount, Actor: "Lazarus Group", ActorFamily: "DPRK",
				Date: "2024-05"}, Rules: []string{"bench"}, Confidence: 0.8,
			Evidence: []heistwatch.Evidence{{Text: sentence, Start: start, End: start + len([]rune(sentence))}}}
		doc := heistwatch.Document{URL: fmt.Sprintf("https://bench.example/a/%d", i), Title: victim + " hacked",
			Text: text, FeedID: feed.ID, Published: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)}
		if _, _, err := st.SaveDocument(ctx, 0, doc, []heistwatch.Claim{claim}); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := st.ClusterClaims(ctx, cluster.New(), time.Now()); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkQueuePage renders the queue (first page, newest first) over
// 10,000 pending incidents, server time only. Target: under 50 ms.
func BenchmarkQueuePage(b *testing.B) {
	st := openStore(b)
	seedPending(b, st, 10_000)
	addUser(b, st, "alice", heistwatch.RoleReviewer, "alice-password")
	h, err := New(Options{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	cookie := sessionCookieFor(b, srv, "alice", "alice-password")
	for _, order := range []string{"newest", "amount"} {
		b.Run(order, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/?order="+order, nil)
			req.AddCookie(cookie)
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("queue: %d", rec.Code)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/page")
		})
	}
}

var incidentAttrRe = regexp.MustCompile(`id="incident" data-id="(\d+)" data-version="(\d+)"`)

// BenchmarkApproveNext is the round trip of pressing "a" on loopback: the
// approve POST, its redirect, and the next incident's page, over 10,000
// pending incidents. Target: under 100 ms.
func BenchmarkApproveNext(b *testing.B) {
	st := openStore(b)
	seedPending(b, st, 10_000)
	addUser(b, st, "alice", heistwatch.RoleReviewer, "alice-password")
	h, err := New(Options{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	u, _ := url.Parse(srv.URL)
	jar.SetCookies(u, []*http.Cookie{sessionCookieFor(b, srv, "alice", "alice-password")})
	read := func(resp *http.Response, err error) string {
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			b.Fatalf("%s: %d", resp.Request.URL, resp.StatusCode)
		}
		return string(body)
	}
	page := read(c.Get(srv.URL + "/next?pos=0"))
	csrf := csrfRe.FindStringSubmatch(page)[1]
	for b.Loop() {
		m := incidentAttrRe.FindStringSubmatch(page)
		if m == nil {
			b.Fatal("no incident on the page")
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		page = read(c.PostForm(fmt.Sprintf("%s/incidents/%d/approve?pos=0", srv.URL, id), url.Values{"csrf": {csrf}, "version": {m[2]}}))
		if next := incidentAttrRe.FindStringSubmatch(page); next == nil || next[1] == m[1] {
			b.Fatalf("approve of %d did not move to the next incident", id)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/approve")
}

// sessionCookieFor signs in through the form and returns the session cookie.
func sessionCookieFor(tb testing.TB, srv *httptest.Server, name, pw string) *http.Cookie {
	tb.Helper()
	br := newBrowser(tb, srv)
	if code := br.signIn(name, pw); code != http.StatusSeeOther {
		tb.Fatalf("sign in: %d", code)
	}
	u, _ := url.Parse(srv.URL)
	for _, ck := range br.c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck
		}
	}
	tb.Fatal("no session cookie")
	return nil
}
