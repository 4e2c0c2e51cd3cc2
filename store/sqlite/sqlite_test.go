package sqlite_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/sqldb"
	"github.com/heistwatch/heistwatch/store/sqlite"
	"github.com/heistwatch/heistwatch/store/storetest"
)

func open(t *testing.T) heistwatch.Store {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "data dir", "heistwatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, open)
}

func TestSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hw.db")
	storetest.RunSchema(t, func(t *testing.T) (*sqldb.DB, error) {
		return sqlite.Open(t.Context(), path)
	}, func(t *testing.T, query string) {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.ExecContext(t.Context(), query); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, want string }{
		{"empty path", "", "empty path"},
		{"parent is a file", filepath.Join(notDir, "hw.db"), "create directory"},
		{"not a database", garbage, garbage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, err := sqlite.Open(t.Context(), tc.path)
			if err == nil {
				db.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

// TestDaemonsShareWork: three handles on one SQLite file, each with its own
// writer connection as separate processes would have, split the work through
// leases taken in IMMEDIATE transactions.
func TestDaemonsShareWork(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	storetest.RunDaemons(t, func(t *testing.T) heistwatch.Store {
		db, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
