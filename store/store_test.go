package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store"
	"github.com/heistwatch/heistwatch/store/sqldb"
)

func TestIsPostgres(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"postgres://u@h:5432/db", true},
		{"postgresql://u@h/db?sslmode=disable", true},
		{"/var/lib/heistwatch/heistwatch.db", false},
		{"data/hw.db", false},
		{"postgres.db", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := store.IsPostgres(tc.in); got != tc.want {
			t.Errorf("IsPostgres(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestOpenPicksBackend(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "dir", "hw.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if name := st.(*sqldb.DB).Dialect().Name; name != "sqlite" {
		t.Fatalf("a file path opened %s", name)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("database file mode %v, want 0600 (it holds password hashes)", fi.Mode().Perm())
	}
}

// TestMaxItemClaims opens a store allowing one claim per item: an item whose
// first claim never finished is failed by the second.
func TestMaxItemClaims(t *testing.T) {
	ctx := t.Context()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "hw.db"), store.MaxItemClaims(1))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f, err := st.AddFeed(ctx, heistwatch.Feed{URL: "https://a.example/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordPoll(ctx, heistwatch.PollResult{Owner: "p", Feed: f, Items: []heistwatch.Item{
		{GUID: "1", Link: "https://a.example/1", State: heistwatch.ItemPending}}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if got, err := st.ClaimItems(ctx, "w", now, time.Minute, 10); err != nil || len(got) != 1 {
		t.Fatalf("first claim: %v %v", got, err)
	}
	if got, err := st.ClaimItems(ctx, "w", now.Add(2*time.Minute), time.Minute, 10); err != nil || len(got) != 0 {
		t.Fatalf("second claim after the lease ran out: %v %v, want nothing", got, err)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Items["failed"] != 1 {
		t.Fatalf("items = %v, want the item failed", stats.Items)
	}
	it, err := st.(*sqldb.DB).Item(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if it.State != heistwatch.ItemFailed || !strings.Contains(it.Error, "never finished in 1 claim") {
		t.Fatalf("item = %s %q, want failed saying why", it.State, it.Error)
	}
}
