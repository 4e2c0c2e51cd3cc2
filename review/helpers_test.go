package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
	"github.com/heistwatch/heistwatch/store/postgres"
	"github.com/heistwatch/heistwatch/store/sqlite"
)

// fixtureFile is the shape of testdata/*.json: feeds, and documents with the
// claims an extractor would have found (the evidence offsets are computed
// from the sentence, so the file stays readable).
type fixtureFile struct {
	Feeds []struct {
		URL, Name string
	}
	Documents []struct {
		URL, Title, Text string
		Feed             int
		Published        time.Time
		Claims           []struct {
			Kind, Sentence, Victim                         string
			VictimKey                                      string `json:"victim_key"`
			Actor, Qualifier, Attribution, Date, Technique string
			ActorFamily                                    string `json:"actor_family"`
			AttributedBy                                   string `json:"attributed_by"`
			Period                                         string
			AmountUSD                                      *int64 `json:"amount_usd"`
			Native                                         *heistwatch.Money
			Confidence                                     float64
		}
	}
}

var onPostgres = flag.Bool("postgres", false, "run against PostgreSQL at $HEISTWATCH_TEST_POSTGRES (a fresh schema per test) instead of SQLite")

// openStore opens an empty store: SQLite in the test's temp dir, or with
// -postgres a schema of its own on the test PostgreSQL server.
func openStore(t testing.TB) heistwatch.Store {
	t.Helper()
	ctx := context.Background()
	if *onPostgres {
		dsn := os.Getenv("HEISTWATCH_TEST_POSTGRES")
		if dsn == "" {
			t.Fatal("-postgres needs HEISTWATCH_TEST_POSTGRES, such as postgres://postgres@127.0.0.1:5432/test")
		}
		schema := "hw_review_" + strings.ToLower(randomString(6))
		schema = strings.NewReplacer("-", "_").Replace(schema)
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
			t.Fatalf("create schema: %v", err)
		}
		t.Cleanup(func() {
			admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			admin.Close()
		})
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		st, err := postgres.Open(ctx, u.String())
		if err != nil {
			t.Fatalf("open postgres store: %v", err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "heistwatch.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// loadFixture stores a testdata file's feeds and documents, clusters the
// claims, and returns the incident id of each victim.
func loadFixture(t testing.TB, st heistwatch.Store, name string) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var fx fixtureFile
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var feedIDs []int64
	for _, f := range fx.Feeds {
		feed, err := st.AddFeed(ctx, heistwatch.Feed{URL: f.URL, Name: f.Name})
		if err != nil {
			t.Fatalf("add feed: %v", err)
		}
		feedIDs = append(feedIDs, feed.ID)
	}
	for _, d := range fx.Documents {
		var claims []heistwatch.Claim
		for _, c := range d.Claims {
			i := strings.Index(d.Text, c.Sentence)
			if i < 0 {
				t.Fatalf("%s: sentence %q is not in the text of %s", name, c.Sentence, d.URL)
			}
			start := len([]rune(d.Text[:i]))
			kind := heistwatch.KindIncident
			if c.Kind == "aggregate" {
				kind = heistwatch.KindAggregate
			}
			key := c.VictimKey
			if key == "" {
				key = strings.ToLower(c.Victim)
			}
			claims = append(claims, heistwatch.Claim{Kind: kind, VictimKey: key, Period: c.Period,
				Fields: heistwatch.Fields{Victim: c.Victim, AmountUSD: c.AmountUSD, AmountQualifier: c.Qualifier,
					AmountNative: c.Native, Actor: c.Actor, ActorFamily: c.ActorFamily, Attribution: c.Attribution,
					AttributedBy: c.AttributedBy, Date: c.Date, Technique: c.Technique},
				Rules: []string{"fixture"}, Confidence: c.Confidence,
				Evidence: []heistwatch.Evidence{{Text: c.Sentence, Start: start, End: start + len([]rune(c.Sentence))}}})
		}
		doc := heistwatch.Document{URL: d.URL, Title: d.Title, Text: d.Text, Published: d.Published, FeedID: feedIDs[d.Feed]}
		if _, _, err := st.SaveDocument(ctx, 0, doc, claims); err != nil {
			t.Fatalf("save %s: %v", d.URL, err)
		}
	}
	if _, err := st.ClusterClaims(ctx, cluster.New(), time.Now()); err != nil {
		t.Fatalf("cluster: %v", err)
	}
	list, _, err := st.Incidents(ctx, heistwatch.IncidentQuery{Order: "id"})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, inc := range list {
		ids[inc.Effective().Victim] = inc.ID
	}
	return ids
}

// addUser makes an account with a cheap hash, to keep tests fast.
func addUser(t testing.TB, st heistwatch.Store, name string, role heistwatch.Role, pw string) heistwatch.User {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.AddUser(context.Background(), heistwatch.User{Name: name, Role: role, PasswordHash: string(h)})
	if err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
	return u
}

// addToken gives a user an API token and returns it.
func addToken(t testing.TB, st heistwatch.Store, u heistwatch.User) string {
	t.Helper()
	tok := NewToken()
	if err := st.CreateToken(context.Background(), HashToken(tok), u.ID, "test"); err != nil {
		t.Fatal(err)
	}
	return tok
}

func startServer(t testing.TB, st heistwatch.Store, mod func(*Options)) *httptest.Server {
	t.Helper()
	opt := Options{Store: st, LeaseTime: 5 * time.Minute}
	if mod != nil {
		mod(&opt)
	}
	h, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// browser is an HTTP client with cookies, signed in as one user.
type browser struct {
	t    testing.TB
	c    *http.Client
	base string
	csrf string
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// newBrowser is a client that does not follow redirects, so tests see them.
func newBrowser(t testing.TB, srv *httptest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{t: t, c: c, base: srv.URL}
}

// signIn fills in the sign-in form and keeps the page's CSRF token.
func signIn(t testing.TB, srv *httptest.Server, name, pw string) *browser {
	t.Helper()
	b := newBrowser(t, srv)
	if code := b.signIn(name, pw); code != http.StatusSeeOther {
		t.Fatalf("sign in %s: status %d", name, code)
	}
	_, body := b.get("/")
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token on the queue page")
	}
	b.csrf = m[1]
	return b
}

func (b *browser) signIn(name, pw string) int {
	b.t.Helper()
	_, body := b.get("/signin")
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		b.t.Fatalf("no CSRF token on the sign-in page")
	}
	code, _ := b.post("/signin", url.Values{"csrf": {m[1]}, "name": {name}, "password": {pw}})
	return code
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// post sends a form; location is in the second result for redirects.
func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	resp, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if loc := resp.Header.Get("Location"); loc != "" {
		return resp.StatusCode, loc
	}
	return resp.StatusCode, string(body)
}

// form posts with the browser's CSRF token added.
func (b *browser) form(path string, kv ...string) (int, string) {
	b.t.Helper()
	v := url.Values{"csrf": {b.csrf}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return b.post(path, v)
}

// apiCall sends a JSON request with a Bearer token and decodes the answer.
func apiCall(t testing.TB, srv *httptest.Server, token, method, path string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = strings.NewReader(string(data))
	}
	req, _ := http.NewRequest(method, srv.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %d, not JSON: %v\n%s", method, path, resp.StatusCode, err, data)
		}
	}
	return resp.StatusCode
}

func mustIncident(t testing.TB, st heistwatch.Store, id int64) heistwatch.Incident {
	t.Helper()
	inc, err := st.Incident(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func ver(inc heistwatch.Incident) string { return fmt.Sprint(inc.Version) }
