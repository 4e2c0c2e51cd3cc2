//go:build !windows

package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for counting rows

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/config"
	"github.com/heistwatch/heistwatch/extract"
	"github.com/heistwatch/heistwatch/ingest"
	"github.com/heistwatch/heistwatch/store"
)

// The scale-out acceptance of issue 7: three heistwatch processes share one
// PostgreSQL database and a loopback site of 300 feeds × 20 items, and split
// the work so that every article is fetched, stored and extracted once —
// also when one of them is killed with SIGKILL mid-run, where only the work
// it had in flight is fetched again, and only after its leases expire.

const (
	scaleFeeds = 300
	scaleItems = 20
	// scaleLease is the fetch.lease of the kill run: short, so the dead
	// process's work comes back within seconds, yet longer than a live
	// process keeps a leased article waiting in its queue on a loaded
	// machine (a lease that runs out there lets a second process fetch it).
	scaleLease = 5 * time.Second
)

func TestScaleOut(t *testing.T) {
	dsn := os.Getenv("HEISTWATCH_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("scale-out tests skipped: set HEISTWATCH_TEST_POSTGRES to a PostgreSQL DSN such as postgres://postgres@127.0.0.1:5432/test")
	}
	bin := buildHeistwatch(t)
	t.Run("three fetchers", func(t *testing.T) { testThreeFetchers(t, bin, dsn) })
	t.Run("one killed", func(t *testing.T) { testOneKilled(t, bin, dsn) })
}

// testThreeFetchers runs three one-shot `heistwatch fetch` at once: each
// exits by itself, and between them every feed was polled once and every
// article fetched, stored and extracted once.
func testThreeFetchers(t *testing.T, bin, dsn string) {
	e := newScaleEnv(t, bin, dsn, "", scaleFeeds, scaleItems) // the default two-minute lease
	start := time.Now()
	var ps []*proc
	for i := range 3 {
		ps = append(ps, e.start(t, fmt.Sprintf("fetch%d", i), "fetch"))
	}
	fetched := 0
	for _, p := range ps {
		if err := p.wait(8 * time.Minute); err != nil {
			t.Fatalf("%s: %v\n%s", p.name, err, p.tail())
		}
		n := p.summaryCount(t, `articles: (\d+) fetched`)
		t.Logf("%s fetched %d articles", p.name, n)
		fetched += n
	}
	t.Logf("three fetch processes: %d feeds × %d items in %s", scaleFeeds, scaleItems, time.Since(start).Round(100*time.Millisecond))
	if want := scaleFeeds * scaleItems; fetched != want {
		t.Errorf("the processes' summaries add up to %d articles fetched, want %d", fetched, want)
	}

	hits := e.site.requests()
	repolled := 0
	for f := range scaleFeeds {
		// Each fetch polls the feeds not polled since it started: one that
		// starts a moment after another may poll a feed again (a conditional
		// GET), but no process polls a feed twice, and no page is fetched twice.
		path := fmt.Sprintf("/feed/%d", f)
		checkFetches(t, "feed "+path, hits[path], len(ps), time.Time{}, time.Time{})
		if len(hits[path]) > 1 {
			repolled++
		}
		for i := range scaleItems {
			checkFetches(t, "page "+e.site.pagePath(f, i), hits[e.site.pagePath(f, i)], 1, time.Time{}, time.Time{})
		}
	}
	t.Logf("%d of %d feeds polled by more than one process (each started after another had polled them)", repolled, scaleFeeds)
	e.checkStored(t)
}

// testOneKilled runs two daemons (`heistwatch run`) and a one-shot fetch;
// a third of the way through, one daemon is killed with SIGKILL. The fetch
// must still exit by itself, every article must end up stored and extracted
// once, and the only pages fetched twice are ones the dead daemon held, the
// second time after its lease ran out. The surviving daemon stops on SIGTERM.
func testOneKilled(t *testing.T, bin, dsn string) {
	e := newScaleEnv(t, bin, dsn, fmt.Sprintf("fetch:\n  lease: %s\n  jitter: 0s\n", scaleLease), scaleFeeds, scaleItems)
	start := time.Now()
	daemon := e.start(t, "daemon", "run")
	victim := e.start(t, "victim", "run")
	oneShot := e.start(t, "fetch", "fetch")

	// Kill the victim a third of the way through, at a moment it holds leases.
	total := scaleFeeds * scaleItems
	deadline := time.Now().Add(5 * time.Minute)
	for e.site.pagesRequested() < total/3 {
		mustRun(t, daemon, victim)
		if time.Now().After(deadline) {
			t.Fatalf("only %d pages requested after 5 minutes\n%s", e.site.pagesRequested(), victim.tail())
		}
		time.Sleep(20 * time.Millisecond)
	}
	owner := fmt.Sprintf("%%/%d/%%", victim.cmd.Process.Pid)
	for e.count(t, `SELECT count(*) FROM items WHERE state = 'pending' AND lease_owner LIKE $1`, owner) == 0 {
		if victim.exited() || time.Now().After(deadline) {
			t.Fatalf("the victim never held an item lease\n%s", victim.tail())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := victim.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = victim.wait(30 * time.Second)
	killedAt := time.Now()
	held := e.leases(t, `SELECT link, lease_until FROM items WHERE state = 'pending' AND lease_owner LIKE $1`, owner)
	heldFeeds := e.leases(t, `SELECT url, lease_until FROM feeds WHERE lease_owner LIKE $1`, owner)
	t.Logf("killed the victim after %d page requests; it held %d items and %d feeds", e.site.pagesRequested(), len(held), len(heldFeeds))

	if err := oneShot.wait(5 * time.Minute); err != nil {
		t.Fatalf("the one-shot fetch beside the daemons: %v\n%s", err, oneShot.tail())
	}
	t.Logf("the one-shot fetch exited after %s", time.Since(start).Round(100*time.Millisecond))

	// The surviving daemon finishes whatever is left, then stops on SIGTERM.
	deadline = time.Now().Add(2 * time.Minute)
	for e.count(t, `SELECT count(*) FROM items WHERE state = 'pending'`) > 0 ||
		e.count(t, `SELECT count(*) FROM feeds WHERE last_poll_at = 0`) > 0 {
		mustRun(t, daemon)
		if time.Now().After(deadline) {
			t.Fatalf("work left undone two minutes after the fetch exited\n%s", daemon.tail())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("all %d articles stored %s after the start", total, time.Since(start).Round(100*time.Millisecond))
	if err := daemon.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := daemon.wait(15 * time.Second); err != nil {
		t.Errorf("the daemon on SIGTERM: %v\n%s", err, daemon.tail())
	}

	hits := e.site.requests()
	u, _ := url.Parse(e.site.srv.URL)
	again := 0
	for f := range scaleFeeds {
		path := fmt.Sprintf("/feed/%d", f)
		// A one-shot fetch polls every feed not polled since it started,
		// so it may poll again a feed a daemon polled just before; no
		// process polls a feed twice.
		checkFetches(t, "feed "+path, hits[path], 3, heldFeeds[e.site.feedURL(f)], killedAt)
		for i := range scaleItems {
			path := e.site.pagePath(f, i)
			link := "http://" + u.Host + path
			checkFetches(t, "page "+path, hits[path], 1, held[link], killedAt)
			if len(hits[path]) == 2 {
				again++
			}
		}
	}
	t.Logf("%d pages fetched a second time, of %d the victim held", again, len(held))
	if limit := ingest.MaxRefetched(config.Default().Fetch.ArticleWorkers); again > limit {
		t.Errorf("%d pages fetched again; the victim could have had at most %d fetched and not committed", again, limit)
	}
	e.checkStored(t)
}

// checkFetches checks the requests of one path. It is fetched at least once
// and at most max times; a path whose lease the killed process held (until
// leaseUntil, zero when it held none) may be fetched once more, but by no
// one between the kill and the end of that lease.
func checkFetches(t *testing.T, what string, at []time.Time, max int, leaseUntil, killedAt time.Time) {
	t.Helper()
	if !leaseUntil.IsZero() {
		max++
	}
	switch {
	case len(at) == 0:
		t.Errorf("%s never fetched", what)
	case len(at) > max:
		t.Errorf("%s fetched %d times, want at most %d (the killed process held it: %v)", what, len(at), max, !leaseUntil.IsZero())
	}
	for _, a := range at {
		if a.After(killedAt) && a.Before(leaseUntil) {
			t.Errorf("%s fetched at %s, before the dead process's lease ran out at %s",
				what, a.Format(time.StampMicro), leaseUntil.Format(time.StampMicro))
		}
	}
}

// scaleEnv is one run: a fresh schema, a fresh site, a config, and the
// processes started on them (each with a data directory of its own, as on
// separate machines, so only lease expiry brings back a dead one's work).
type scaleEnv struct {
	bin, dsn, dir, config string
	site                  *scaleSite
	db                    *sql.DB
	st                    heistwatch.Store
}

func newScaleEnv(t testing.TB, bin, dsn, cfg string, feeds, items int) *scaleEnv {
	t.Helper()
	e := &scaleEnv{bin: bin, dir: t.TempDir()}
	e.dsn = freshSchema(t, dsn)
	e.config = filepath.Join(e.dir, "heistwatch.yaml")
	if err := os.WriteFile(e.config, []byte("log:\n  level: info\n"+cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	var err error
	if e.db, err = sql.Open("pgx", e.dsn); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.db.Close() })
	if e.st, err = store.Open(t.Context(), e.dsn); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.st.Close() })
	e.site = newScaleSite(t, feeds, items)
	for f := range feeds {
		if _, err := e.st.AddFeed(t.Context(), heistwatch.Feed{URL: e.site.feedURL(f)}); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// freshSchema makes an empty schema for one run, dropped at the end, and
// returns dsn with its search_path pointing there.
func freshSchema(t testing.TB, dsn string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "hw_scale_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(t.Context(), `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema on %s: %v", redactDSN(dsn), err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("HEISTWATCH_TEST_POSTGRES: want a postgres:// URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// buildHeistwatch builds the binary once for all runs; the children are
// built without -race, so they run at their real speed beside the test.
func buildHeistwatch(t testing.TB) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "heistwatch")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// proc is one heistwatch child process.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

// start runs `heistwatch args...` with the run's store, config and site
// allowed, and a data directory of its own. It is killed if the test ends
// before it does.
func (e *scaleEnv) start(t testing.TB, name string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, log: filepath.Join(e.dir, name+".log"), done: make(chan struct{})}
	out, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(e.bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HEISTWATCH_") {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	p.cmd.Env = append(p.cmd.Env, "HEISTWATCH_STORE="+e.dsn, "HEISTWATCH_CONFIG="+e.config,
		"HEISTWATCH_DATA_DIR="+filepath.Join(e.dir, name), "HEISTWATCH_ALLOW_PRIVATE=1",
		"HEISTWATCH_LISTEN=127.0.0.1:0")
	p.cmd.Stdout, p.cmd.Stderr = out, out
	if err := p.cmd.Start(); err != nil {
		out.Close()
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		out.Close()
		close(p.done)
	}()
	t.Cleanup(func() {
		if !p.exited() {
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// wait waits for the process to exit and returns its error, or gives up
// (killing it) after d.
func (p *proc) wait(d time.Duration) error {
	select {
	case <-p.done:
		return p.err
	case <-time.After(d):
		p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("still running after %s (killed)", d)
	}
}

// mustRun stops the test when one of ps has exited.
func mustRun(t *testing.T, ps ...*proc) {
	t.Helper()
	for _, p := range ps {
		if p.exited() {
			t.Fatalf("%s exited early: %v\n%s", p.name, p.err, p.tail())
		}
	}
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// tail is the end of the process's output, for failure messages.
func (p *proc) tail() string {
	b, _ := os.ReadFile(p.log)
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return p.name + " output:\n" + string(b)
}

// summaryCount reads one number from the fetch summary the process printed.
func (p *proc) summaryCount(t testing.TB, pattern string) int {
	t.Helper()
	b, _ := os.ReadFile(p.log)
	m := regexp.MustCompile(pattern).FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s printed no %q\n%s", p.name, pattern, p.tail())
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func (e *scaleEnv) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.QueryRowContext(t.Context(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// leases runs a query of (key, lease_until) rows and returns them as a map.
func (e *scaleEnv) leases(t testing.TB, query string, args ...any) map[string]time.Time {
	t.Helper()
	rows, err := e.db.QueryContext(t.Context(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var key string
		var until int64
		if err := rows.Scan(&key, &until); err != nil {
			t.Fatal(err)
		}
		out[key] = time.UnixMicro(until)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkStored checks the store after a run: every feed polled without
// error, every item done, one document per article in its first version,
// and one extraction's claims per document — the same claims the extractor
// finds in the stored text, stored once.
func (e *scaleEnv) checkStored(t testing.TB) {
	t.Helper()
	total := e.site.feeds * e.site.items
	st, err := e.st.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != total {
		t.Errorf("status documents = %d, want %d", st.Documents, total)
	}
	if n := st.Items[string(heistwatch.ItemDone)]; n != total {
		t.Errorf("items done = %d, want %d (all items by state: %v)", n, total, st.Items)
	}
	checks := []struct {
		what  string
		query string
		want  int
	}{
		{"feeds polled with an error or never", `SELECT count(*) FROM feeds WHERE last_ok_at = 0 OR error_count > 0`, 0},
		{"documents", `SELECT count(*) FROM documents`, total},
		{"document versions", `SELECT count(*) FROM document_versions`, total},
		{"documents past version 1", `SELECT count(*) FROM documents WHERE version <> 1`, 0},
		{"claims", `SELECT count(*) FROM claims`, total},
		{"documents without exactly one claim", `SELECT count(*) FROM documents d
			WHERE (SELECT count(*) FROM claims c WHERE c.document_id = d.id) <> 1`, 0},
	}
	for _, c := range checks {
		if n := e.count(t, c.query); n != c.want {
			t.Errorf("%s: %d, want %d", c.what, n, c.want)
		}
	}
	odd := e.leases(t, `SELECT url, 0 FROM documents d
		WHERE (SELECT count(*) FROM claims c WHERE c.document_id = d.id) <> 1 ORDER BY id LIMIT 5`)
	for u := range odd {
		t.Errorf("document %s has not exactly one claim", u)
	}
	// The one claim per page is what the extractor finds there: a change of
	// the site or the rules shows here rather than as a puzzling count.
	x, err := extract.New("")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := e.db.QueryContext(t.Context(), `SELECT id FROM documents ORDER BY random() LIMIT 3`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		d, err := e.st.Document(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		res := x.Extract(extract.Input{Text: d.Text, Title: d.Title, URL: d.URL, Published: d.Published.UTC().Format("2006-01-02")})
		if n := len(res.Incidents) + len(res.Aggregates); n != 1 {
			t.Errorf("document %d (%s): the extractor finds %d claims in its text, want the 1 the site states", id, d.URL, n)
		}
	}
}
