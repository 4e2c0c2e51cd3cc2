package sqldb

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLinkKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"https://news.example/story?id=7", "http://www.NEWS.example/story/?id=7&utm_source=rss#comments"},
		{"https://news.example/a?b=2&a=1", "https://news.example/a?a=1&b=2&fbclid=xyz&UTM_Medium=x"},
		{"https://news.example:443/a", "https://news.example/a"},
		{"  https://news.example/a  ", "https://news.example/a"},
	}
	for _, tc := range tests {
		if ka, kb := LinkKey(tc.a), LinkKey(tc.b); ka != kb {
			t.Errorf("LinkKey(%q) = %q, LinkKey(%q) = %q; want equal", tc.a, ka, tc.b, kb)
		}
	}
	different := []struct{ a, b string }{
		{"https://news.example/story?id=7", "https://news.example/story?id=8"},
		{"https://news.example/a", "https://other.example/a"},
		{"https://news.example:8080/a", "https://news.example/a"},
		{"https://news.example/A", "https://news.example/a"}, // paths are case-sensitive
	}
	for _, tc := range different {
		if LinkKey(tc.a) == LinkKey(tc.b) {
			t.Errorf("LinkKey(%q) == LinkKey(%q), want different", tc.a, tc.b)
		}
	}
	if got := LinkKey("not a url"); got != "not a url" {
		t.Errorf("unparsable link key = %q", got)
	}
}

func TestRebind(t *testing.T) {
	pg := &Dialect{Numbered: true}
	lite := &Dialect{}
	q := `SELECT a FROM t WHERE b = ? AND c IN (?, ?)`
	if got := pg.rebind(q); got != `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)` {
		t.Errorf("postgres rebind = %q", got)
	}
	if got := lite.rebind(q); got != q {
		t.Errorf("sqlite rebind changed the query: %q", got)
	}
	if got := placeholders(3); got != "?,?,?" {
		t.Errorf("placeholders(3) = %q", got)
	}
}

func TestLikePattern(t *testing.T) {
	tests := map[string]string{
		"Bybit":  "%bybit%",
		"100%":   `%100\%%`,
		"a_b":    `%a\_b%`,
		`back\s`: `%back\\s%`,
	}
	for in, want := range tests {
		if got := likePattern(in); got != want {
			t.Errorf("likePattern(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMigrations(t *testing.T) {
	good := fstest.MapFS{
		"0002_more.sql": {Data: []byte("CREATE INDEX x ON t (a);")},
		"0001_init.sql": {Data: []byte("CREATE TABLE t (a INT);")},
		"README.md":     {Data: []byte("not a migration")},
	}
	ms, err := Migrations(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Version != 1 || ms[1].Version != 2 || ms[1].Name != "0002_more.sql" {
		t.Fatalf("migrations = %+v", ms)
	}
	bad := []struct {
		name string
		fs   fstest.MapFS
		want string
	}{
		{"no number", fstest.MapFS{"init.sql": {}}, "positive number"},
		{"zero", fstest.MapFS{"0000_init.sql": {}}, "positive number"},
		{"duplicate version", fstest.MapFS{"0001_a.sql": {}, "1_b.sql": {}}, "share version 1"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Migrations(tc.fs)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}
