package ingest

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/config"
	"github.com/heistwatch/heistwatch/store/sqldb"
	"github.com/heistwatch/heistwatch/store/sqlite"
)

// site is a loopback news site for tests: routes by path, and a count of
// requests per path.
type site struct {
	t   testing.TB
	srv *httptest.Server

	mu     sync.Mutex
	hits   map[string]int
	routes map[string]http.HandlerFunc
}

func newSite(t testing.TB) *site {
	s := &site{t: t, hits: map[string]int{}, routes: map[string]http.HandlerFunc{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		h := s.routes[r.URL.Path]
		s.mu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) url(path string) string { return s.srv.URL + path }

func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	s.routes[path] = h
	s.mu.Unlock()
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// fixture reads a testdata file with {{BASE}} replaced by the site's URL.
func (s *site) fixture(name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		s.t.Fatal(err)
	}
	return []byte(strings.ReplaceAll(string(b), "{{BASE}}", s.srv.URL))
}

// feed serves a testdata file at path with a content type.
func (s *site) feed(path, name, contentType string) {
	body := s.fixture(name)
	s.handle(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	})
}

// page serves the chrome-heavy article page at path.
func (s *site) page(path, title string) {
	body := articlePage(s.t, title, s.url(path), 0)
	s.handle(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	})
}

// articlePage builds testdata/page.html around testdata/story.txt; n > 0
// adds a sentence so each copy has its own text.
func articlePage(t testing.TB, title, canonical string, n int) []byte {
	tmpl, err := os.ReadFile(filepath.Join("testdata", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	story, err := os.ReadFile(filepath.Join("testdata", "story.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var body strings.Builder
	for _, p := range strings.Split(strings.TrimSpace(string(story)), "\n") {
		fmt.Fprintf(&body, "<p>%s</p>\n", html.EscapeString(p))
	}
	if n > 0 {
		fmt.Fprintf(&body, "<p>This is copy number %d of the story, filed for the benchmark.</p>\n", n)
	}
	r := strings.NewReplacer("{{TITLE}}", html.EscapeString(title), "{{CANONICAL}}", html.EscapeString(canonical),
		"{{BODY}}", body.String())
	return []byte(r.Replace(string(tmpl)))
}

func openStore(t testing.TB) *sqldb.DB {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "hw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// testFetch is config.Default's fetch settings with short timeouts.
func testFetch() config.Fetch {
	f := config.Default().Fetch
	f.Timeout = 2 * time.Second
	f.ConnectTimeout = time.Second
	f.Workers = 4
	f.ArticleWorkers = 4
	f.Lease = time.Minute
	return f
}

type testLogWriter struct{ t testing.TB }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func newTestIngester(t testing.TB, st heistwatch.Store, mod func(*Config)) *Ingester {
	t.Helper()
	cfg := Config{
		Fetch:        testFetch(),
		AllowPrivate: true,
		StateDir:     t.TempDir(),
		Log:          slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: testLogLevel})),
		Extract:      fakeExtract,
	}
	if mod != nil {
		mod(&cfg)
	}
	in, err := New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.Close)
	return in
}

// fakeExtract stands in for package extract: one claim per document that
// mentions "$40 million".
func fakeExtract(d heistwatch.Document) []heistwatch.Claim {
	i := strings.Index(d.Text, "$40 million")
	if i < 0 {
		return nil
	}
	usd := int64(40_000_000)
	return []heistwatch.Claim{{Kind: heistwatch.KindIncident, Fields: heistwatch.Fields{Victim: "bridge", AmountUSD: &usd},
		Rules: []string{"test"}, Confidence: 0.5, Evidence: []heistwatch.Evidence{{Text: "$40 million", Start: i, End: i + 11}}}}
}

func addFeed(t testing.TB, st heistwatch.Store, url, filterSpec string) heistwatch.Feed {
	t.Helper()
	f, err := st.AddFeed(context.Background(), heistwatch.Feed{URL: url, Filter: filterSpec, NextPollAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func feedByID(t testing.TB, st heistwatch.Store, id int64) heistwatch.Feed {
	t.Helper()
	f, err := st.Feed(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func once(t testing.TB, in *Ingester) Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := in.Once(ctx)
	if err != nil {
		t.Fatalf("Once: %v", err)
	}
	return s
}

// documents returns every stored document by URL.
func documents(t testing.TB, st heistwatch.Store) map[string]heistwatch.Document {
	t.Helper()
	docs := map[string]heistwatch.Document{}
	err := st.Documents(context.Background(), func(d heistwatch.Document) error {
		if _, dup := docs[d.URL]; dup {
			t.Errorf("document URL %s stored twice", d.URL)
		}
		docs[d.URL] = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func stats(t testing.TB, st heistwatch.Store) heistwatch.Stats {
	t.Helper()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testLogLevel shows ingest's logs in test output from this level up.
const testLogLevel = slog.LevelWarn
