package ingest

import (
	"compress/gzip"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/sqldb"
)

// TestFeedFormats polls RSS 2.0, RSS 1.0, Atom, JSON Feed and two non-UTF-8
// feeds end to end and checks the items and the stored articles.
func TestFeedFormats(t *testing.T) {
	tests := []struct {
		file, contentType string
		wantTitle         string // first item's title as stored
		wantLink          string // first item's link path (canonical)
		wantFeedTitle     string
	}{
		{"rss2.xml", "application/rss+xml", "Bridge drained of $40 million in overnight exploit", "/a/bridge.html", "Ledger Watch"},
		{"rss1.rdf", "application/rdf+xml", "Validator keys stolen from staking service", "/a/rdf.html", "Old School Feed"},
		{"atom.xml", "application/atom+xml", "Lending protocol loses $12 million to oracle attack", "/a/oracle.html", "Chain Desk"},
		{"feed.json", "application/feed+json", "Phishing crew empties wallets with fake airdrop", "/a/wallet.html", "Wallet Wire"},
		// ISO-8859-1 named in the XML declaration.
		{"latin1.xml", "application/rss+xml", "Café exchange hacked, naïve users hit", "/a/cafe.html", "Café Crypto"},
		// Windows-1252 named only by the HTTP header.
		{"cp1252.xml", "application/rss+xml; charset=windows-1252", "“Lost €5 million” — exchange hacked", "/a/euro.html", "Euro Desk"},
		// Windows-1252 named nowhere: not valid UTF-8, read as Windows-1252.
		{"cp1252.xml", "text/xml", "“Lost €5 million” — exchange hacked", "/a/euro.html", "Euro Desk"},
	}
	for _, tc := range tests {
		t.Run(tc.file+" "+tc.contentType, func(t *testing.T) {
			s := newSite(t)
			s.feed("/feed", tc.file, tc.contentType)
			for _, p := range []string{"/a/bridge.html", "/a/exchange.html", "/a/rdf.html", "/a/oracle.html", "/a/wallet.html", "/a/cafe.html", "/a/euro.html"} {
				s.page(p, "Story at "+p)
			}
			st := openStore(t)
			f := addFeed(t, st, s.url("/feed"), "")
			sum := once(t, newTestIngester(t, st, nil))
			if sum.FeedsOK != 1 || sum.FeedsFailed != 0 {
				t.Fatalf("feeds ok %d failed %d, want 1 and 0 (last error %q)", sum.FeedsOK, sum.FeedsFailed, feedByID(t, st, f.ID).LastError)
			}
			if got := feedByID(t, st, f.ID).Title; got != tc.wantFeedTitle {
				t.Errorf("feed title %q, want %q", got, tc.wantFeedTitle)
			}
			it, err := st.Item(context.Background(), 1)
			if err != nil {
				t.Fatal(err)
			}
			if it.Title != tc.wantTitle {
				t.Errorf("item title %q, want %q", it.Title, tc.wantTitle)
			}
			if it.Link != s.url(tc.wantLink) {
				t.Errorf("item link %q, want %q", it.Link, s.url(tc.wantLink))
			}
			if it.State != heistwatch.ItemDone {
				t.Errorf("item state %s (%s), want done", it.State, it.Error)
			}
			docs := documents(t, st)
			d, ok := docs[s.url(tc.wantLink)]
			if !ok {
				t.Fatalf("no document at %s; have %v", tc.wantLink, keys(docs))
			}
			if !strings.Contains(d.Text, "forged withdrawal proofs") || d.FromFeed {
				t.Errorf("document text is not the page's story (from feed %v): %.200q", d.FromFeed, d.Text)
			}
			if int(sum.ArticlesFetched) != len(docs) {
				t.Errorf("summary says %d articles fetched, store has %d documents", sum.ArticlesFetched, len(docs))
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestConditionalGet checks that ETag and Last-Modified are sent back and a
// 304 records nothing new and fetches no article again.
func TestConditionalGet(t *testing.T) {
	tests := []struct {
		name  string
		check func(r *http.Request) bool // the request is a matching conditional GET
		set   func(w http.ResponseWriter)
	}{
		{"etag", func(r *http.Request) bool { return r.Header.Get("If-None-Match") == `"v1"` },
			func(w http.ResponseWriter) { w.Header().Set("ETag", `"v1"`) }},
		{"last-modified", func(r *http.Request) bool {
			return r.Header.Get("If-Modified-Since") == "Tue, 04 Jun 2024 09:00:00 GMT"
		},
			func(w http.ResponseWriter) { w.Header().Set("Last-Modified", "Tue, 04 Jun 2024 09:00:00 GMT") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t)
			body := s.fixture("rss2.xml")
			var notModified atomic.Int32
			s.handle("/feed", func(w http.ResponseWriter, r *http.Request) {
				tc.set(w)
				if tc.check(r) {
					notModified.Add(1)
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("Content-Type", "application/rss+xml")
				w.Write(body)
			})
			s.page("/a/bridge.html", "Bridge")
			s.page("/a/exchange.html", "Exchange")
			st := openStore(t)
			addFeed(t, st, s.url("/feed"), "")
			first := once(t, newTestIngester(t, st, nil))
			if first.ItemsNew != 2 || first.ArticlesFetched != 2 {
				t.Fatalf("first poll: %+v", first)
			}
			second := once(t, newTestIngester(t, st, nil))
			if notModified.Load() != 1 || second.FeedsNotModified != 1 || second.ItemsNew != 0 || second.ArticlesFetched != 0 {
				t.Fatalf("second poll: 304s %d, summary %+v", notModified.Load(), second)
			}
			if n := s.count("/a/bridge.html"); n != 1 {
				t.Errorf("article fetched %d times, want 1", n)
			}
		})
	}
}

// TestRetryAfter checks that a 429 or 503 with Retry-After pushes the next
// poll out at least that far and shows the error.
func TestRetryAfter(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		s := newSite(t)
		s.handle("/feed", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "7200")
			w.WriteHeader(status)
		})
		st := openStore(t)
		f := addFeed(t, st, s.url("/feed"), "")
		before := time.Now()
		sum := once(t, newTestIngester(t, st, nil))
		got := feedByID(t, st, f.ID)
		if sum.FeedsFailed != 1 || got.ErrorCount != 1 || !strings.Contains(got.LastError, http.StatusText(status)) {
			t.Errorf("%d: summary %+v, feed errors %d %q", status, sum, got.ErrorCount, got.LastError)
		}
		if got.NextPollAt.Before(before.Add(2 * time.Hour)) {
			t.Errorf("%d: next poll %s, want at least 2h after %s", status, got.NextPollAt, before)
		}
	}
}

// TestBackoffThenRecover has a feed fail twice with 500 (the backoff doubles
// and shows in the feed's state), then recover (errors cleared, items stored).
func TestBackoffThenRecover(t *testing.T) {
	s := newSite(t)
	var calls atomic.Int32
	body := s.fixture("rss2.xml")
	s.handle("/feed", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			http.Error(w, "database is down", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body)
	})
	s.page("/a/bridge.html", "Bridge")
	s.page("/a/exchange.html", "Exchange")
	st := openStore(t)
	f, err := st.AddFeed(context.Background(), heistwatch.Feed{URL: s.url("/feed"), Schedule: "@every 10m"})
	if err != nil {
		t.Fatal(err)
	}
	var delays []time.Duration
	for i := 1; i <= 2; i++ {
		once(t, newTestIngester(t, st, nil))
		got := feedByID(t, st, f.ID)
		if got.ErrorCount != i || !strings.Contains(got.LastError, "500") {
			t.Fatalf("after failure %d: errors %d, last error %q", i, got.ErrorCount, got.LastError)
		}
		delays = append(delays, got.NextPollAt.Sub(got.LastPollAt))
	}
	if delays[0] < 10*time.Minute-time.Second || delays[1] < 2*delays[0]-time.Second {
		t.Errorf("backoff delays %v, want 10m then doubled", delays)
	}
	sum := once(t, newTestIngester(t, st, nil))
	got := feedByID(t, st, f.ID)
	if got.ErrorCount != 0 || got.LastError != "" || sum.ArticlesFetched != 2 {
		t.Errorf("after recovery: errors %d %q, summary %+v", got.ErrorCount, got.LastError, sum)
	}
	if d := got.NextPollAt.Sub(got.LastPollAt); d > 10*time.Minute+time.Second {
		t.Errorf("after recovery next poll in %s, want the schedule's 10m", d)
	}
}

// TestFeedFaults checks that each broken feed is flagged with a clear error
// while a good feed next to it is stored.
func TestFeedFaults(t *testing.T) {
	s := newSite(t)
	s.feed("/good", "rss2.xml", "application/rss+xml")
	s.page("/a/bridge.html", "Bridge")
	s.page("/a/exchange.html", "Exchange")
	s.feed("/malformed", "malformed.xml", "application/rss+xml")
	s.feed("/notfeed", "notfeed.html", "text/html")
	s.handle("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	s.handle("/hop1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/hop2", http.StatusFound) })
	s.handle("/hop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/hop1", http.StatusFound) })
	s.handle("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	var sent atomic.Int64
	s.handle("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title>`))
		chunk := []byte("<!-- " + strings.Repeat("x", 64<<10) + " -->\n")
		for i := 0; i < 16<<10; i++ { // 1 GiB unless the client stops reading
			if _, err := w.Write(chunk); err != nil {
				return
			}
			sent.Add(int64(len(chunk)))
		}
	})
	s.handle("/404", http.NotFound)
	want := map[string]string{
		"/malformed": "malformed feed",
		"/notfeed":   "not a feed: the page is HTML",
		"/loop":      "redirect loop",
		"/hop1":      "redirect loop",
		"/slow":      "timed out",
		"/huge":      "too large",
		"/404":       "HTTP 404",
	}
	st := openStore(t)
	good := addFeed(t, st, s.url("/good"), "")
	ids := map[string]int64{}
	for p := range want {
		ids[p] = addFeed(t, st, s.url(p), "").ID
	}
	// A small limit, so the huge feed reaches it long before the timeout
	// even on a slow, loaded machine under -race.
	in := newTestIngester(t, st, func(c *Config) {
		c.Fetch.Timeout = time.Second
		c.Fetch.MaxBodyBytes = 256 << 10
	})
	start := time.Now()
	sum := once(t, in)
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("fetch took %s: the slow feed held it up", took)
	}
	if sum.FeedsOK != 1 || sum.FeedsFailed != int64(len(want)) || sum.ArticlesFetched != 2 {
		t.Errorf("summary %+v", sum)
	}
	if f := feedByID(t, st, good.ID); f.ErrorCount != 0 {
		t.Errorf("good feed has error %q", f.LastError)
	}
	for p, msg := range want {
		f := feedByID(t, st, ids[p])
		if f.ErrorCount != 1 || !strings.Contains(f.LastError, msg) {
			t.Errorf("%s: errors %d, last error %q, want it to contain %q", p, f.ErrorCount, f.LastError, msg)
		}
	}
	if n := sent.Load(); n > 64<<20 {
		t.Errorf("the client read %d MB of the huge feed; it should stop at the limit", n>>20)
	}
}

// TestPermanentRedirect checks that a 301 updates the stored feed URL and a
// 302 does not.
func TestPermanentRedirect(t *testing.T) {
	s := newSite(t)
	s.feed("/new", "atom.xml", "application/atom+xml")
	s.page("/a/oracle.html", "Oracle")
	s.handle("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/new", http.StatusMovedPermanently) })
	s.handle("/temp", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/new", http.StatusFound) })
	st := openStore(t)
	moved := addFeed(t, st, s.url("/moved"), "")
	temp := addFeed(t, st, s.url("/temp"), "")
	once(t, newTestIngester(t, st, nil))
	if got := feedByID(t, st, moved.ID).URL; got != s.url("/new") {
		t.Errorf("301: feed URL %s, want %s", got, s.url("/new"))
	}
	if got := feedByID(t, st, temp.ID).URL; got != s.url("/temp") {
		t.Errorf("302: feed URL %s, want it unchanged", got)
	}
}

// TestDedup serves one article through two feeds, with tracking parameters
// and behind a redirect: it is stored once.
func TestDedup(t *testing.T) {
	s := newSite(t)
	item := func(guid, link string) string {
		return `<item><title>Bridge drained</title><link>` + link + `</link><guid>` + guid + `</guid></item>`
	}
	rss := func(items ...string) []byte {
		return []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>` + strings.Join(items, "") + `</channel></rss>`)
	}
	base := s.url("")
	feedA := rss(item("a1", base+"/a/same.html?utm_source=twitter&amp;utm_campaign=x"), item("a2", base+"/a/same.html#comments"))
	feedB := rss(item("b1", base+"/a/same.html?fbclid=abc123"), item("b2", base+"/go/same"))
	s.handle("/feedA", func(w http.ResponseWriter, r *http.Request) { w.Write(feedA) })
	s.handle("/feedB", func(w http.ResponseWriter, r *http.Request) { w.Write(feedB) })
	s.page("/a/same.html", "Same story")
	s.handle("/go/same", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/a/same.html?utm_medium=redirect", http.StatusFound)
	})
	st := openStore(t)
	addFeed(t, st, s.url("/feedA"), "")
	addFeed(t, st, s.url("/feedB"), "")
	sum := once(t, newTestIngester(t, st, nil))
	docs := documents(t, st)
	if len(docs) != 1 {
		t.Fatalf("%d documents, want 1: %v", len(docs), keys(docs))
	}
	if _, ok := docs[s.url("/a/same.html")]; !ok {
		t.Errorf("document URL is not the canonical one: %v", keys(docs))
	}
	if n := stats(t, st).Documents; n != 1 {
		t.Errorf("status counts %d documents, want 1", n)
	}
	// The redirect item may fetch the page once more to learn where it leads;
	// the tracking variants never do.
	if n := s.count("/a/same.html"); n > 2 {
		t.Errorf("page fetched %d times", n)
	}
	if sum.ArticlesFetched != 1 {
		t.Errorf("summary %+v, want 1 article fetched", sum)
	}
}

// TestStoredLinkNotFetched checks that an item linking to a URL stored
// already (here the canonical URL another item's page declared) is marked a
// duplicate without a fetch, both with the store's batch lookup and with the
// lookup one item at a time.
func TestStoredLinkNotFetched(t *testing.T) {
	tests := []struct {
		name string
		wrap func(*sqldb.DB) heistwatch.Store
	}{
		{"batch lookup", func(db *sqldb.DB) heistwatch.Store { return db }},
		// Embedding only the interface hides DocumentIDsByURL and SaveDocuments.
		{"one lookup per item", func(db *sqldb.DB) heistwatch.Store { return struct{ heistwatch.Store }{db} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t)
			rss := func(guid, link string) []byte {
				return []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Bridge drained</title><link>` +
					link + `</link><guid>` + guid + `</guid></item></channel></rss>`)
			}
			page := articlePage(t, "Bridge drained", s.url("/story"), 0)
			s.handle("/a", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(page)
			})
			s.handle("/story", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(page)
			})
			s.handle("/feedA", func(w http.ResponseWriter, r *http.Request) { w.Write(rss("a1", s.url("/a?id=1"))) })
			s.handle("/feedB", func(w http.ResponseWriter, r *http.Request) { w.Write(rss("b1", s.url("/story"))) })
			st := tc.wrap(openStore(t))
			addFeed(t, st, s.url("/feedA"), "")
			if sum := once(t, newTestIngester(t, st, nil)); sum.ArticlesFetched != 1 {
				t.Fatalf("first run %+v, want 1 article fetched", sum)
			}
			if _, ok := documents(t, st)[s.url("/story")]; !ok {
				t.Fatalf("the page was not stored under its canonical URL: %v", keys(documents(t, st)))
			}
			addFeed(t, st, s.url("/feedB"), "")
			sum := once(t, newTestIngester(t, st, nil))
			if sum.ArticlesDup != 1 || sum.ArticlesFetched != 0 {
				t.Errorf("second run %+v, want 1 duplicate and nothing fetched", sum)
			}
			if n := s.count("/story"); n != 0 {
				t.Errorf("the stored URL was fetched %d times", n)
			}
			if n := len(documents(t, st)); n != 1 {
				t.Errorf("%d documents, want 1", n)
			}
		})
	}
}

// TestChromeHeavyPage checks the stored text has the story and none of the
// navigation, share bar, newsletter box, related stories or footer.
func TestChromeHeavyPage(t *testing.T) {
	s := newSite(t)
	s.feed("/feed", "rss2.xml", "application/rss+xml")
	s.page("/a/bridge.html", "Bridge drained of $40 million in overnight exploit")
	s.page("/a/exchange.html", "Exchange confirms hot wallet theft")
	st := openStore(t)
	addFeed(t, st, s.url("/feed"), "")
	once(t, newTestIngester(t, st, nil))
	d, ok := documents(t, st)[s.url("/a/bridge.html")]
	if !ok {
		t.Fatal("no document")
	}
	for _, want := range []string{"attackers had drained roughly $40 million", "publish a full post-mortem"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, chrome := range []string{"Front page", "BTC 66,800", "Share on Reddit", "Morning Block", "Sign me up",
		"Gamma Exchange loses $77 million", "Copyright 2026", "Cookie settings"} {
		if strings.Contains(d.Text, chrome) {
			t.Errorf("text contains chrome %q", chrome)
		}
	}
	if !strings.Contains(d.Text, "\n\n") {
		t.Error("paragraph breaks lost")
	}
	if d.Title != "Bridge drained of $40 million in overnight exploit" || d.SiteName != "Harbor Block Review" || d.Published.IsZero() {
		t.Errorf("metadata: title %q site %q published %s", d.Title, d.SiteName, d.Published)
	}
	claims, err := st.Claims(context.Background(), heistwatch.ClaimQuery{DocumentID: d.ID})
	if err != nil || len(claims) != 1 {
		t.Errorf("claims %v, err %v; want the extractor's one claim", claims, err)
	}
}

// TestPrivateAddressRefused checks that a link found in a feed cannot reach
// a loopback address by default, and can when allowed.
func TestPrivateAddressRefused(t *testing.T) {
	for _, allow := range []bool{false, true} {
		s := newSite(t)
		s.feed("/feed", "atom.xml", "application/atom+xml")
		s.page("/a/oracle.html", "Oracle")
		st := openStore(t)
		addFeed(t, st, s.url("/feed"), "")
		sum := once(t, newTestIngester(t, st, func(c *Config) { c.AllowPrivate = allow }))
		hits := s.count("/a/oracle.html")
		if !allow {
			if hits != 0 {
				t.Errorf("private page fetched %d times", hits)
			}
			it, err := st.Item(context.Background(), 1)
			if err != nil {
				t.Fatal(err)
			}
			// The feed's summary is used instead, and the refusal is stated.
			if sum.ArticlesFromFeed != 1 {
				t.Errorf("summary %+v, want the feed's content stored", sum)
			}
			d := documents(t, st)[s.url("/a/oracle.html")]
			if !d.FromFeed || !strings.Contains(d.Text, "manipulated a price oracle") {
				t.Errorf("fallback document %+v (item %+v)", d, it)
			}
		} else if hits != 1 || sum.ArticlesFetched != 1 {
			t.Errorf("allowed: page fetched %d times, summary %+v", hits, sum)
		}
	}
}

// TestNotHTMLArticle checks a PDF link is refused with a clear reason.
func TestNotHTMLArticle(t *testing.T) {
	s := newSite(t)
	s.handle("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<rss version="2.0"><channel><title>t</title><item><title>Report</title><link>` +
			s.url("/report.pdf") + `</link></item></channel></rss>`))
	})
	s.handle("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7 ..."))
	})
	st := openStore(t)
	addFeed(t, st, s.url("/feed"), "")
	sum := once(t, newTestIngester(t, st, nil))
	it, err := st.Item(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if sum.ArticlesFailed != 1 || it.State != heistwatch.ItemFailed || !strings.Contains(it.Error, "not an HTML page: content type application/pdf") {
		t.Errorf("summary %+v, item %s %q", sum, it.State, it.Error)
	}
}

// TestFilter checks that items failing the feed's filter are recorded but
// not fetched.
func TestFilter(t *testing.T) {
	s := newSite(t)
	s.feed("/feed", "rss2.xml", "application/rss+xml")
	s.page("/a/bridge.html", "Bridge")
	s.page("/a/exchange.html", "Exchange")
	st := openStore(t)
	addFeed(t, st, s.url("/feed"), "bridge")
	sum := once(t, newTestIngester(t, st, nil))
	if sum.ItemsNew != 1 || sum.ItemsFiltered != 1 || s.count("/a/exchange.html") != 0 || s.count("/a/bridge.html") != 1 {
		t.Errorf("summary %+v, exchange page hits %d", sum, s.count("/a/exchange.html"))
	}
}

// TestCancelAndResume stops a run mid-way and runs again: every article ends
// up stored exactly once, and only work in flight is fetched twice.
func TestCancelAndResume(t *testing.T) {
	const nFeeds, nItems = 10, 20
	s := newSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var pages atomic.Int32
	for f := range nFeeds {
		var b strings.Builder
		b.WriteString(`<rss version="2.0"><channel><title>farm</title>`)
		for i := range nItems {
			p := "/a/" + itoa(f) + "-" + itoa(i) + ".html"
			b.WriteString(`<item><title>Story ` + p + `</title><link>` + s.url(p) + `</link><guid>` + p + `</guid></item>`)
			page := articlePage(t, "Story "+p, s.url(p), f*nItems+i+1)
			s.handle(p, func(w http.ResponseWriter, r *http.Request) {
				if pages.Add(1) == nFeeds*nItems/3 {
					cancel() // stop the first run a third of the way through
				}
				w.Write(page)
			})
		}
		b.WriteString(`</channel></rss>`)
		body := []byte(b.String())
		s.handle("/feed/"+itoa(f), func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	}
	st := openStore(t)
	for f := range nFeeds {
		addFeed(t, st, s.url("/feed/"+itoa(f)), "")
	}
	stateDir := t.TempDir()
	first := newTestIngester(t, st, func(c *Config) { c.StateDir = stateDir })
	if _, err := first.Once(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("first run: err %v, want canceled", err)
	}
	if docs := stats(t, st).Documents; docs >= nFeeds*nItems {
		t.Fatalf("first run stored all %d documents before the cancel took effect", docs)
	}
	second := newTestIngester(t, st, func(c *Config) { c.StateDir = stateDir })
	once(t, second)
	st2 := stats(t, st)
	if st2.Documents != nFeeds*nItems || st2.Items["pending"] != 0 || st2.Items["done"] != nFeeds*nItems {
		t.Errorf("after resume: %d documents, items %v; want %d done", st2.Documents, st2.Items, nFeeds*nItems)
	}
	twice := 0
	for f := range nFeeds {
		for i := range nItems {
			switch n := s.count("/a/" + itoa(f) + "-" + itoa(i) + ".html"); {
			case n == 2:
				twice++
			case n != 1:
				t.Errorf("page %d-%d fetched %d times", f, i, n)
			}
		}
	}
	if twice > testFetch().ArticleWorkers*3 {
		t.Errorf("%d pages fetched twice; only work in flight may repeat", twice)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func slogDiscard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestJournalRecovery checks that the leases of a process that died are
// released by the next start, so its work is not stuck until they expire.
func TestJournalRecovery(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	addPending(t, st, 2)
	dir := t.TempDir()
	dead := openJournal(dir, "dead-owner", slogDiscard())
	items, err := st.ClaimItems(ctx, "dead-owner", time.Now(), time.Hour, 10)
	if err != nil || len(items) != 2 {
		t.Fatalf("claim: %v %v", items, err)
	}
	dead.leased("i", []int64{items[0].ID, items[1].ID})
	dead.done(items[0].ID)
	feeds, err := st.ClaimFeeds(ctx, heistwatch.FeedClaim{Owner: "dead-owner", Now: time.Now(), Lease: time.Hour, Limit: 1})
	if err != nil || len(feeds) != 1 {
		t.Fatalf("claim feeds: %v %v", feeds, err)
	}
	dead.leased("f", []int64{feeds[0].ID})

	// While its process lives, its journal is left alone.
	recoverJournals(ctx, dir, st, slogDiscard())
	if got, _ := st.ClaimItems(ctx, "other", time.Now(), time.Hour, 10); len(got) != 0 {
		t.Fatalf("a live process's items were taken: %v", got)
	}
	// "Kill" it: its file lock goes away, the journal stays.
	dead.f.Close()
	recoverJournals(ctx, dir, st, slogDiscard())
	got, err := st.ClaimItems(ctx, "other", time.Now(), time.Hour, 10)
	if err != nil || len(got) != 1 || got[0].ID != items[1].ID {
		t.Errorf("after recovery claimed %v (err %v), want item %d only (item %d was done)", got, err, items[1].ID, items[0].ID)
	}
	if fs, _ := st.ClaimFeeds(ctx, heistwatch.FeedClaim{Owner: "other", Now: time.Now(), Lease: time.Hour, Limit: 1}); len(fs) != 1 {
		t.Errorf("the dead process's feed lease was not released")
	}
}

// addPending records n pending items of one feed, as a poll would.
func addPending(t *testing.T, st heistwatch.Store, n int) {
	t.Helper()
	f := addFeed(t, st, "http://example.invalid/feed", "")
	var items []heistwatch.Item
	for i := range n {
		items = append(items, heistwatch.Item{GUID: itoa(i + 1), Link: "http://example.invalid/" + itoa(i+1), State: heistwatch.ItemPending})
	}
	if _, err := st.RecordPoll(context.Background(), heistwatch.PollResult{Owner: "x", Feed: f, Items: items}); err != nil {
		t.Fatal(err)
	}
}

// TestJournalCompaction checks that a rewritten journal keeps exactly the
// leases still open.
func TestJournalCompaction(t *testing.T) {
	dir := t.TempDir()
	j := openJournal(dir, "me", slogDiscard())
	j.leased("f", []int64{7})
	j.leased("i", []int64{1, 2, 3, 4, 5})
	for _, id := range []int64{1, 2, 3} {
		j.done(id)
	}
	j.feedDone(7)
	first := j.path
	j.mu.Lock()
	j.compactLocked()
	j.mu.Unlock()
	if j.path == first {
		t.Fatal("journal not rewritten")
	}
	if _, err := os.Stat(first); !os.IsNotExist(err) {
		t.Errorf("old journal still there: %v", err)
	}
	j.leased("i", []int64{6})
	f, err := os.Open(j.path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feeds, items, owner := readJournal(f)
	slices.Sort(items)
	if owner != "me" || len(feeds) != 0 || !slices.Equal(items, []int64{4, 5, 6}) {
		t.Errorf("after compaction: owner %q feeds %v items %v, want me, none, [4 5 6]", owner, feeds, items)
	}
	j.close()
}

// TestArticleFailures checks retries of transient page errors, the feed's
// content as fallback, and a clear failure when there is nothing to fall back on.
func TestArticleFailures(t *testing.T) {
	tests := []struct {
		name     string
		failures int // how many requests fail before the page works (-1: always)
		status   int
		summary  string
		want     string // outcome
		hits     int
		state    heistwatch.ItemState
		errText  string
	}{
		{"503 once, then ok", 1, http.StatusServiceUnavailable, "", outFetched, 2, heistwatch.ItemDone, ""},
		{"500 always, summary", -1, http.StatusInternalServerError, "Attackers drained a bridge.", outFromFeed, 3, heistwatch.ItemDone, ""},
		{"404, no summary", -1, http.StatusNotFound, "", outFailed, 1, heistwatch.ItemFailed, "HTTP 404"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t)
			desc := ""
			if tc.summary != "" {
				desc = "<description>" + tc.summary + "</description>"
			}
			s.handle("/feed", func(w http.ResponseWriter, r *http.Request) {
				w.Write([]byte(`<rss version="2.0"><channel><title>t</title><item><title>Story</title><link>` +
					s.url("/a/story.html") + `</link>` + desc + `</item></channel></rss>`))
			})
			page := articlePage(t, "Story", s.url("/a/story.html"), 0)
			var n atomic.Int32
			s.handle("/a/story.html", func(w http.ResponseWriter, r *http.Request) {
				if k := int(n.Add(1)); tc.failures < 0 || k <= tc.failures {
					http.Error(w, "no", tc.status)
					return
				}
				w.Write(page)
			})
			st := openStore(t)
			addFeed(t, st, s.url("/feed"), "")
			sum := once(t, newTestIngester(t, st, nil))
			got := map[string]int64{outFetched: sum.ArticlesFetched, outFromFeed: sum.ArticlesFromFeed, outFailed: sum.ArticlesFailed}
			if got[tc.want] != 1 {
				t.Errorf("summary %+v, want one %s", sum, tc.want)
			}
			if h := s.count("/a/story.html"); h != tc.hits {
				t.Errorf("page requested %d times, want %d", h, tc.hits)
			}
			it, err := st.Item(context.Background(), 1)
			if err != nil {
				t.Fatal(err)
			}
			if it.State != tc.state || !strings.Contains(it.Error, tc.errText) {
				t.Errorf("item %s %q, want %s with %q", it.State, it.Error, tc.state, tc.errText)
			}
		})
	}
}

// TestGzipAndUserAgent checks that feeds are asked for and read gzipped and
// that every request names the tool.
func TestGzipAndUserAgent(t *testing.T) {
	s := newSite(t)
	body := s.fixture("rss2.xml")
	var agents sync.Map
	s.handle("/feed", func(w http.ResponseWriter, r *http.Request) {
		agents.Store(r.UserAgent(), true)
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "gzip only", http.StatusNotAcceptable)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write(body)
		zw.Close()
	})
	for _, p := range []string{"/a/bridge.html", "/a/exchange.html"} {
		page := articlePage(t, "Story", s.url(p), 0)
		s.handle(p, func(w http.ResponseWriter, r *http.Request) {
			agents.Store(r.UserAgent(), true)
			w.Write(page)
		})
	}
	st := openStore(t)
	addFeed(t, st, s.url("/feed"), "")
	in := newTestIngester(t, st, nil)
	if sum := once(t, in); sum.ItemsNew != 2 || sum.ArticlesFetched != 2 {
		t.Errorf("summary %+v", sum)
	}
	n := 0
	agents.Range(func(k, _ any) bool {
		n++
		if ua := k.(string); ua != testFetch().UserAgent || !strings.HasPrefix(ua, "heistwatch/") {
			t.Errorf("user agent %q", ua)
		}
		return true
	})
	if n != 1 {
		t.Errorf("%d different user agents", n)
	}
}

// TestLeaseKeeper checks that items waiting in a busy process keep their
// leases: a renewal pass extends the leases that are half gone, so no
// other process can claim them, and reports an item another process took
// after its lease ran out (this one stalled), which the worker then skips.
func TestLeaseKeeper(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	addPending(t, st, 3)
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	now := t0
	cfg := testFetch()
	cfg.Lease = time.Minute
	in, err := New(st, Config{Fetch: cfg, Owner: "me", Now: func() time.Time { return now }, Log: slogDiscard()})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	k := in.newLeaseKeeper()
	items, err := st.ClaimItems(ctx, "me", t0, cfg.Lease, 2)
	if err != nil || len(items) != 2 {
		t.Fatalf("claim: %v %v", items, err)
	}
	kept, stalled := items[0].ID, items[1].ID
	k.add([]int64{kept, stalled}, t0.Add(cfg.Lease))
	claimable := func(at time.Time) []int64 {
		t.Helper()
		got, err := st.ClaimItems(ctx, "other", at, cfg.Lease, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, it := range got {
			ids = append(ids, it.ID)
		}
		return ids
	}

	// At 30 s both leases have half their time left: nothing to renew yet.
	now = t0.Add(30 * time.Second)
	k.renew(ctx)
	// At 45 s they are three-quarters gone; only the first item is renewed
	// (the process stalls before the second's turn).
	k.drop(stalled)
	now = t0.Add(45 * time.Second)
	k.renew(ctx)
	k.add([]int64{stalled}, t0.Add(cfg.Lease))
	// At 70 s the first item is still held, the second's lease ran out and
	// another process claims it, with item 3 nobody held.
	if got := claimable(t0.Add(70 * time.Second)); len(got) != 2 || slices.Contains(got, kept) || !slices.Contains(got, stalled) {
		t.Fatalf("another process at 70 s claimed %v; want %d (lease ran out) and item 3, not %d (renewed)", got, stalled, kept)
	}
	now = t0.Add(75 * time.Second)
	k.renew(ctx)
	if !k.holds(kept) {
		t.Error("the renewed item is reported lost")
	}
	if k.holds(stalled) {
		t.Error("the item another process claimed is still reported held: its page would be fetched twice")
	}
	// The first item stays held as long as the keeper renews it.
	for now = t0.Add(80 * time.Second); now.Before(t0.Add(5 * time.Minute)); now = now.Add(15 * time.Second) {
		k.renew(ctx)
		if got := claimable(now); slices.Contains(got, kept) {
			t.Fatalf("at %s another process claimed %v while this one renews %d", now.Sub(t0), got, kept)
		}
	}
}
