package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

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

// TestClusterAnalyzes checks a large clustering run leaves the planner
// statistics of the new rows (pg_class.reltuples is -1 before any ANALYZE),
// so the review queue is read through its index rather than sorted.
func TestClusterAnalyzes(t *testing.T) {
	dsn := freshSchema(t)
	db := open(t, dsn)
	ctx := t.Context()
	var claims []heistwatch.Claim
	for i := range 1200 {
		ev := fmt.Sprintf("Victim %d lost money", i)
		claims = append(claims, heistwatch.Claim{Kind: heistwatch.KindIncident, VictimKey: fmt.Sprintf("victim-%d", i),
			Evidence: []heistwatch.Evidence{{Text: ev, End: len(ev)}}})
	}
	if _, _, err := db.SaveDocument(ctx, 0, heistwatch.Document{URL: "https://n.example/many", Text: "many"}, claims); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows := func() float64 {
		t.Helper()
		var n float64
		if err := raw.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'incidents'::regclass`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := rows(); n >= 0 {
		t.Fatalf("incidents analyzed before clustering (reltuples %v): the test shows nothing", n)
	}
	if n, err := db.ClusterClaims(ctx, storetest.VictimClusterer{}, time.Now()); err != nil || n != 1200 {
		t.Fatalf("cluster: %d, %v", n, err)
	}
	if n := rows(); n != 1200 {
		t.Fatalf("planner statistics after clustering 1200 claims: reltuples %v, want 1200", n)
	}
}
