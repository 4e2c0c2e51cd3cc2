package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/postgres"
	"github.com/heistwatch/heistwatch/store/sqldb"
	"github.com/heistwatch/heistwatch/store/storetest"
)

// testDSN returns the server to test against, or skips the test.
func testDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("HEISTWATCH_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("PostgreSQL tests skipped: set HEISTWATCH_TEST_POSTGRES to a DSN such as postgres://postgres@127.0.0.1:5432/test")
	}
	return dsn
}

// freshSchema creates an empty schema for one test, dropped when it ends,
// and returns a DSN whose search_path points at it, so test runs (and the
// tests of one run) never see each other's rows.
func freshSchema(t testing.TB) string {
	t.Helper()
	dsn := testDSN(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "hw_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(t.Context(), `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema on %s: %v", dsn, err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(dsn, schema)
}

func withSearchPath(dsn, schema string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		// Appended, not re-encoded, so the rest of the query stays as written.
		sep := "?"
		if u.RawQuery != "" {
			sep = "&"
		}
		return dsn + sep + "search_path=" + schema
	}
	return strings.TrimSpace(dsn) + " search_path=" + schema
}

func open(t testing.TB, dsn string) *sqldb.DB {
	t.Helper()
	db, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) heistwatch.Store { return open(t, freshSchema(t)) })
}

func TestSchema(t *testing.T) {
	dsn := freshSchema(t)
	storetest.RunSchema(t, func(t *testing.T) (*sqldb.DB, error) {
		return postgres.Open(t.Context(), dsn)
	}, func(t *testing.T, query string) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.ExecContext(t.Context(), query); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOpenUnreachable(t *testing.T) {
	// A port nothing listens on: the error names the failure, quickly.
	db, err := postgres.Open(t.Context(), "postgres://postgres@127.0.0.1:1/none?connect_timeout=2")
	if err == nil {
		db.Close()
		t.Fatal("opened a database on port 1")
	}
	if !strings.Contains(err.Error(), "postgres store") {
		t.Fatalf("error = %v", err)
	}
}
