//go:build !windows

package main

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// scaleSite is a loopback news site for the scale-out tests: feeds × items,
// each item linking to an article page of its own that states one theft. It
// records when every path was requested, so a test can tell how often — and
// after whose lease expired — each feed and page was fetched.
type scaleSite struct {
	feeds, items int
	srv          *httptest.Server

	mu   sync.Mutex
	hits map[string][]time.Time
}

func newScaleSite(t testing.TB, feeds, items int) *scaleSite {
	t.Helper()
	s := &scaleSite{feeds: feeds, items: items, hits: map[string][]time.Time{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed/{f}", s.feed)
	mux.HandleFunc("GET /a/{f}/{i}", s.article)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path] = append(s.hits[r.URL.Path], time.Now())
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *scaleSite) feedURL(f int) string     { return fmt.Sprintf("%s/feed/%d", s.srv.URL, f) }
func (s *scaleSite) pagePath(f, i int) string { return fmt.Sprintf("/a/%d/%d", f, i) }

// requests returns a copy of the request times of every path.
func (s *scaleSite) requests() map[string][]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]time.Time, len(s.hits))
	for p, ts := range s.hits {
		out[p] = append([]time.Time(nil), ts...)
	}
	return out
}

// pagesRequested counts article requests so far (repeats included).
func (s *scaleSite) pagesRequested() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, ts := range s.hits {
		if strings.HasPrefix(p, "/a/") {
			n += len(ts)
		}
	}
	return n
}

// index parses a path value as a number below n.
func index(r *http.Request, name string, n int) (int, bool) {
	v, err := strconv.Atoi(r.PathValue(name))
	return v, err == nil && v >= 0 && v < n
}

// victim names the venue robbed in article (f, i): a made-up word, unique
// per article, so every claim is its own incident. It ends in "o" so that no
// name reads to the extractor as an adverb ("-ly") or a verb ("-ing").
func victim(f, i, items int) string {
	n := f*items + i
	var b [4]byte
	for k := len(b) - 1; k >= 0; k-- {
		b[k] = byte('a' + n%26)
		n /= 26
	}
	return "Korvex" + string(b[:]) + "o"
}

func (s *scaleSite) headline(f, i int) string {
	return fmt.Sprintf("%s loses $%d million to hackers", victim(f, i, s.items), 10+(f+i)%80)
}

func (s *scaleSite) feed(w http.ResponseWriter, r *http.Request) {
	f, ok := index(r, "f", s.feeds)
	if !ok {
		http.NotFound(w, r)
		return
	}
	base := "http://" + r.Host
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Scale feed %d</title><link>%s/</link><description>loopback news</description>
`, f, base)
	for i := range s.items {
		link := base + s.pagePath(f, i)
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
			html.EscapeString(s.headline(f, i)), link, link,
			time.Date(2024, 3, 4, 10, i, 0, 0, time.UTC).Format(time.RFC1123Z), "A theft at an exchange.")
	}
	b.WriteString("</channel></rss>\n")
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	fmt.Fprint(w, b.String())
}

func (s *scaleSite) article(w http.ResponseWriter, r *http.Request) {
	f, ok1 := index(r, "f", s.feeds)
	i, ok2 := index(r, "i", s.items)
	if !ok1 || !ok2 {
		http.NotFound(w, r)
		return
	}
	name := victim(f, i, s.items)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><html><head><title>%[1]s</title></head><body>
<nav><a href="/">Home</a> | <a href="/markets">Markets</a></nav>
<article><h1>%[1]s</h1>
<p>Hackers stole $%[2]d million from %[3]s exchange on 3 March 2024, the company said in a statement on Tuesday.</p>
<p>The exchange said customer funds in cold storage were not affected and that withdrawals would resume next week after an audit of its systems.</p>
</article>
<footer>Subscribe to our newsletter</footer></body></html>`, html.EscapeString(s.headline(f, i)), 10+(f+i)%80, name)
}
