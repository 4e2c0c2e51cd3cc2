package store_test

import (
	"os"
	"path/filepath"
	"testing"

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
