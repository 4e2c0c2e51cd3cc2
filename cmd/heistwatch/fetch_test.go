package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// newsSite serves feeds /feed/N.xml of items linking to their own pages,
// plus /feed/broken.xml, which always fails.
func newsSite(t *testing.T, feeds, items int) *httptest.Server {
	mux := http.NewServeMux()
	var srv *httptest.Server
	for f := range feeds {
		mux.HandleFunc(fmt.Sprintf("GET /feed/%d.xml", f), func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %d</title>`, f)
			for i := range items {
				fmt.Fprintf(w, `<item><title>Exchange hack %d-%d</title><link>%s/a/%d-%d.html</link><guid>%d-%d</guid></item>`,
					f, i, srv.URL, f, i, f, i)
			}
			io.WriteString(w, `</channel></rss>`)
		})
	}
	mux.HandleFunc("GET /a/{page}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><html><head><title>Story %[1]s</title></head><body><nav>Home Markets</nav>
<article><h1>Story %[1]s</h1><p>An exchange said on Monday that attackers stole funds from a hot wallet in story %[1]s.</p>
<p>The exchange paused withdrawals while investigators traced the money through several new wallets.</p></article>
<footer>All rights reserved.</footer></body></html>`, r.PathValue("page"))
	})
	mux.HandleFunc("GET /feed/broken.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusInternalServerError)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchCommand(t *testing.T) {
	srv := newsSite(t, 3, 4)
	c := newCLI(t)
	c.env["HEISTWATCH_ALLOW_PRIVATE"] = "1"
	for f := range 3 {
		c.ok("feeds", "add", fmt.Sprintf("%s/feed/%d.xml", srv.URL, f))
	}
	c.ok("feeds", "add", srv.URL+"/feed/broken.xml")

	out := c.ok("fetch")
	for _, want := range []string{"feeds: 3 ok (0 not modified), 1 failed", "items: 12 new", "articles: 12 fetched"} {
		if !strings.Contains(out, want) {
			t.Errorf("first fetch summary lacks %q:\n%s", want, out)
		}
	}
	out = c.ok("fetch")
	for _, want := range []string{"feeds: 3 ok (3 not modified), 1 failed", "items: 0 new", "articles: 0 fetched"} {
		if !strings.Contains(out, want) {
			t.Errorf("second fetch summary lacks %q:\n%s", want, out)
		}
	}
	if out := c.ok("feeds", "list"); !strings.Contains(out, "HTTP 500") {
		t.Errorf("feeds list does not show the failing feed's error:\n%s", out)
	}

	// Links on loopback are refused without HEISTWATCH_ALLOW_PRIVATE; the
	// fetch still succeeds and says why in the log.
	c2 := newCLI(t)
	c2.ok("feeds", "add", srv.URL+"/feed/0.xml")
	code, out, errOut := c2.run("fetch")
	if code != 0 || !strings.Contains(out, "articles: 0 fetched, 0 from feed content, 0 already stored, 4 failed") ||
		!strings.Contains(errOut, "HEISTWATCH_ALLOW_PRIVATE") {
		t.Errorf("private links: exit %d\n%s%s", code, out, errOut)
	}

	// A store that cannot be opened is the one failure that exits non-zero.
	c3 := newCLI(t)
	c3.env["HEISTWATCH_STORE"] = t.TempDir() // a directory, not a database file
	if code, _, errOut := c3.run("fetch"); code == 0 {
		t.Errorf("fetch on a broken store exited 0: %s", errOut)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunCommand(t *testing.T) {
	srv := newsSite(t, 2, 3)
	c := newCLI(t)
	c.env["HEISTWATCH_ALLOW_PRIVATE"] = "1"
	c.env["HEISTWATCH_LISTEN"] = "127.0.0.1:0"
	for f := range 2 {
		c.ok("feeds", "add", fmt.Sprintf("%s/feed/%d.xml", srv.URL, f))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"run"}, func(k string) string { return c.env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()
	addrRE := regexp.MustCompile(`msg=listening addr=(127\.0\.0\.1:\d+)`)
	get := func(path string) string {
		m := addrRE.FindStringSubmatch(stderr.String())
		if m == nil {
			return ""
		}
		resp, err := http.Get("http://" + m[1] + path)
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(get("/metrics"), `heistwatch_articles_total{outcome="fetched"} 6`) {
		if time.Now().After(deadline) {
			t.Fatalf("the daemon did not fetch 6 articles in 30s; metrics:\n%s\nlog:\n%s", get("/metrics"), stderr.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if h := get("/healthz"); !strings.HasPrefix(h, "ok") {
		t.Errorf("/healthz: %q", h)
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("run exited %d after cancel:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop within 10 s of cancel")
	}
}
