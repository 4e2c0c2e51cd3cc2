package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store"
)

// cli runs commands against one temporary data directory, as a script would.
type cli struct {
	t   *testing.T
	env map[string]string
}

func newCLI(t *testing.T) *cli {
	dir := t.TempDir()
	return &cli{t: t, env: map[string]string{"HEISTWATCH_DATA_DIR": dir, "HEISTWATCH_STORE": filepath.Join(dir, "hw.db"), "USER": "tester"}}
}

func (c *cli) run(args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return c.env[k] }, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func (c *cli) ok(args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run(args...)
	if code != 0 {
		c.t.Fatalf("heistwatch %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func TestUsage(t *testing.T) {
	c := newCLI(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--help"}, 0, "commands:"},
		{nil, 2, "usage: heistwatch COMMAND"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"feeds"}, 2, "want a subcommand"},
		{[]string{"feeds", "teleport"}, 2, `unknown subcommand "teleport"`},
		{[]string{"feeds", "add", "--help"}, 0, "--filter"},
		{[]string{"status", "--no-such-flag"}, 2, "flag provided but not defined"},
		{[]string{"reextract", "--help"}, 0, "Reviewer decisions stay"},
	}
	for _, tt := range tests {
		code, out, errOut := c.run(tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("heistwatch %v: exit %d, output %q; want exit %d containing %q", tt.args, code, out+errOut, tt.code, tt.want)
		}
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	c := newCLI(t)
	for name := range commands() {
		code, out, errOut := c.run(name, "--help")
		if code != 0 || !strings.Contains(out, "heistwatch "+name) {
			t.Errorf("heistwatch %s --help: exit %d, output %q %q", name, code, out, errOut)
		}
	}
}

func TestFeedsLifecycle(t *testing.T) {
	c := newCLI(t)
	c.ok("feeds", "add", "https://news.example/rss.xml", "--name", "News", "--filter", "crypto-theft", "--schedule", "@every 30m")
	// flags before the URL work too
	c.ok("feeds", "add", "--filter", "lazarus, bybit", "https://other.example/atom.xml")

	if code, _, errOut := c.run("feeds", "add", "https://news.example/rss.xml"); code != 4 || !strings.Contains(errOut, "conflict") && !strings.Contains(errOut, "already") {
		t.Errorf("adding a feed twice: exit %d %q, want 4 and a conflict message", code, errOut)
	}
	bad := [][]string{
		{"feeds", "add", "ftp://x.example/feed"},
		{"feeds", "add", "https://x.example/feed", "--schedule", "every tuesday"},
		{"feeds", "add", "https://x.example/feed", "--filter", "a,,b"},
		{"feeds", "add"},
	}
	for _, args := range bad {
		if code, _, errOut := c.run(args...); code != 2 || errOut == "" {
			t.Errorf("heistwatch %v: exit %d %q, want 2 with a message", args, code, errOut)
		}
	}

	var feeds []map[string]any
	if err := json.Unmarshal([]byte(c.ok("feeds", "list", "--json")), &feeds); err != nil {
		t.Fatalf("feeds list --json: %v", err)
	}
	if len(feeds) != 2 {
		t.Fatalf("feeds list --json has %d feeds, want 2: %v", len(feeds), feeds)
	}
	for _, key := range []string{"url", "last_error", "error_count", "next_poll_at", "filter"} {
		if _, ok := feeds[0][key]; !ok {
			t.Errorf("feeds list --json row lacks %q: %v", key, feeds[0])
		}
	}
	if feeds[0]["filter"] != "crypto-theft" || feeds[1]["filter"] != "lazarus, bybit" {
		t.Errorf("filters not stored: %v / %v", feeds[0]["filter"], feeds[1]["filter"])
	}
	if out := c.ok("feeds", "list"); !strings.Contains(out, "https://other.example/atom.xml") || !strings.Contains(out, "NEXT POLL") {
		t.Errorf("feeds list table:\n%s", out)
	}

	c.ok("feeds", "rm", "https://other.example/atom.xml")
	if code, _, _ := c.run("feeds", "rm", "https://never.example/x"); code != 3 {
		t.Errorf("removing an unknown feed: exit %d, want 3", code)
	}
	if out := c.ok("feeds", "list"); strings.Contains(out, "other.example") {
		t.Errorf("removed feed still listed:\n%s", out)
	}
}

func TestOPMLImportExport(t *testing.T) {
	c := newCLI(t)
	if out := c.ok("feeds", "import-opml", "testdata/two-feeds.opml", "--filter", "crypto-theft"); !strings.Contains(out, "imported 2 feeds (0 already present)") {
		t.Errorf("import: %q", out)
	}
	if out := c.ok("feeds", "import-opml", "testdata/two-feeds.opml"); !strings.Contains(out, "imported 0 feeds (2 already present)") {
		t.Errorf("second import should add nothing: %q", out)
	}
	out := filepath.Join(t.TempDir(), "out.opml")
	c.ok("feeds", "export-opml", "--out", out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`xmlUrl="https://one.example/feed.xml"`, `xmlUrl="https://two.example/atom"`, `text="One"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("exported OPML lacks %s:\n%s", want, data)
		}
	}
	if code, _, errOut := c.run("feeds", "import-opml", "testdata/nope.opml"); code == 0 || !strings.Contains(errOut, "nope.opml") {
		t.Errorf("missing OPML file: exit %d %q", code, errOut)
	}
}

func TestConfigFeedsSynced(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "hw.yaml")
	os.WriteFile(filepath.Join(dir, "feeds.opml"), mustRead(t, "testdata/two-feeds.opml"), 0o644)
	os.WriteFile(cfg, []byte("opml: [feeds.opml]\nopml_filter: crypto-theft\nfeeds:\n  - url: https://three.example/rss\n    filter: lazarus\n"), 0o644)
	c.env["HEISTWATCH_CONFIG"] = cfg
	// syncConfigFeeds runs at the start of run, fetch and serve; drive it directly.
	ctx := context.Background()
	app := &app{getenv: func(k string) string { return c.env[k] }, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, now: time.Now}
	if _, err := app.parse(app.flags("test", "test"), nil); err != nil {
		t.Fatal(err)
	}
	st, err := app.openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for range 2 { // twice: the second adds nothing
		if err := syncConfigFeeds(ctx, app, st); err != nil {
			t.Fatal(err)
		}
	}
	feeds, err := st.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range feeds {
		got[f.URL] = f.Filter
	}
	want := map[string]string{"https://one.example/feed.xml": "crypto-theft", "https://two.example/atom": "crypto-theft", "https://three.example/rss": "lazarus"}
	if len(got) != len(want) {
		t.Fatalf("feeds after sync = %v, want %v", got, want)
	}
	for u, f := range want {
		if got[u] != f {
			t.Errorf("feed %s filter %q, want %q", u, got[u], f)
		}
	}
}

func TestBadConfigIsAnError(t *testing.T) {
	c := newCLI(t)
	cfg := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(cfg, []byte("fetch:\n  workers: -1\n"), 0o644)
	code, _, errOut := c.run("status", "--config", cfg)
	if code == 0 || !strings.Contains(errOut, "bad.yaml:2: fetch.workers") {
		t.Errorf("bad config: exit %d %q, want non-zero naming file, line and key", code, errOut)
	}
}

func TestStatusAndReextract(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	st, err := store.Open(ctx, c.env["HEISTWATCH_STORE"])
	if err != nil {
		t.Fatal(err)
	}
	text := "Hackers stole $40 million from the Zentrix exchange on Monday, the company said.\n\nThe exchange said customer funds were safe."
	for i, u := range []string{"https://news.example/a/1.html", "https://news.example/a/2.html"} {
		d := heistwatch.Document{URL: u, Title: "Zentrix hacked", Text: text, ContentHash: string(rune('a' + i))}
		// stored without claims, as if extracted by older rules that found none
		if _, _, err := st.SaveDocument(ctx, 0, d, nil); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	var s heistwatch.Stats
	if err := json.Unmarshal([]byte(c.ok("status", "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if s.Documents != 2 || s.Claims != 0 {
		t.Fatalf("status before reextract: %+v", s)
	}
	if out := c.ok("reextract"); !strings.Contains(out, "reextracted 2 documents") {
		t.Errorf("reextract output: %q", out)
	}
	if err := json.Unmarshal([]byte(c.ok("status", "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if s.Claims < 2 || s.Incidents[heistwatch.StatusPending] != 1 {
		t.Errorf("after reextract want claims from both articles in one pending incident, got %+v", s)
	}
	// Rerunning changes nothing.
	c.ok("reextract")
	var s2 heistwatch.Stats
	json.Unmarshal([]byte(c.ok("status", "--json")), &s2)
	if s2.Claims != s.Claims || s2.Incidents[heistwatch.StatusPending] != 1 {
		t.Errorf("second reextract changed counts: %+v then %+v", s, s2)
	}
	if out := c.ok("status"); !strings.Contains(out, "documents:  2") {
		t.Errorf("status text:\n%s", out)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
