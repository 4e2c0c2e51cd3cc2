package export

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/postgres"
	"github.com/heistwatch/heistwatch/store/sqldb"
	"github.com/heistwatch/heistwatch/store/sqlite"
)

// oneEach is a clusterer that opens one incident per claim and takes the
// claim's values, so a seeded store holds exactly the incidents it was given.
type oneEach struct{}

func (oneEach) Match(heistwatch.Claim, []heistwatch.Incident) int64 { return 0 }

func (oneEach) Summarize(cs []heistwatch.Claim) (heistwatch.Fields, float64) {
	return cs[0].Fields, cs[0].Confidence
}

// openSQLite opens a fresh SQLite store whose clock ticks one second per
// reading, so every change gets its own, later UpdatedAt.
func openSQLite(t testing.TB) *sqldb.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "hw.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	tickingClock(db)
	return db
}

// tickingClock makes the store's clock advance one second per reading.
func tickingClock(db *sqldb.DB) {
	var tick atomic.Int64
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return start.Add(time.Duration(tick.Add(1)) * time.Second) }
}

// seed stores incidents from..to-1 and clusters them, one pending incident
// per claim. Each document carries perDoc claims (1 for tests; benchmarks
// batch to build large stores in fewer transactions). Victims repeat every
// 500 incidents and actors every 4, as in real data where venues and groups
// recur.
func seed(ctx context.Context, db *sqldb.DB, from, to, perDoc int) error {
	actors := []struct{ name, family string }{{"Lazarus Group", "DPRK"}, {"TraderTraitor", "DPRK"}, {"", ""}, {"Inferno Drainer", "CRIME"}}
	var doc heistwatch.Document
	var claims []heistwatch.Claim
	for i := from; i < to; i++ {
		usd := int64(1000000 + i)
		a := actors[i%len(actors)]
		text := fmt.Sprintf("Hackers stole $%d from Venue %d, the company said on Tuesday.", usd, i%500)
		if len(claims) == 0 {
			doc = heistwatch.Document{
				URL:       fmt.Sprintf("https://news.example.com/a/%d.html", i),
				Title:     fmt.Sprintf("Venue %d loses $%d in hack", i%500, usd),
				Published: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
			}
		}
		start := len([]rune(doc.Text))
		doc.Text += text + " "
		claims = append(claims, heistwatch.Claim{
			Kind: heistwatch.KindIncident,
			Fields: heistwatch.Fields{Victim: fmt.Sprintf("Venue %d", i%500), AmountUSD: &usd,
				AmountNative: &heistwatch.Money{Value: float64(i) / 8, Unit: "ETH"},
				Actor:        a.name, ActorFamily: a.family, Attribution: heistwatch.Suspected,
				Date: "2025-03", Technique: "private-key-compromise"},
			VictimKey:  fmt.Sprintf("venue-%d", i), // one incident per claim
			Rules:      []string{"seed"},
			Confidence: 0.7,
			Evidence:   []heistwatch.Evidence{{Text: text, Start: start, End: start + len([]rune(text))}},
		})
		if len(claims) == perDoc || i == to-1 {
			if _, _, err := db.SaveDocument(ctx, 0, doc, claims); err != nil {
				return err
			}
			claims = claims[:0]
		}
	}
	_, err := db.ClusterClaims(ctx, oneEach{}, time.Time{})
	return err
}

// approveAll approves every pending incident as reviewer alice.
func approveAll(ctx context.Context, db *sqldb.DB) (int, error) {
	pending, _, err := db.Incidents(ctx, heistwatch.IncidentQuery{Status: []heistwatch.Status{heistwatch.StatusPending}, Order: "id"})
	if err != nil {
		return 0, err
	}
	for _, inc := range pending {
		if err := approve(ctx, db, inc); err != nil {
			return 0, err
		}
	}
	return len(pending), nil
}

func approve(ctx context.Context, db *sqldb.DB, inc heistwatch.Incident) error {
	_, err := db.UpdateIncident(ctx, inc.ID, inc.Version, "alice", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		i.Status, i.ReviewedBy, i.ReviewedAt = heistwatch.StatusApproved, "alice", inc.CreatedAt.Add(time.Hour)
		return []heistwatch.AuditEntry{{Action: "approve", Field: "status", Before: "pending", After: "approved"}}, nil
	})
	return err
}

// TestSQLiteIncremental runs the incremental export against the real
// store: everything first, then nothing, then exactly the one incident a
// reviewer approved since.
func TestSQLiteIncremental(t *testing.T) { testStoreIncremental(t, openSQLite(t)) }

// TestPostgresIncremental is the same on PostgreSQL, in a schema of its own
// ($HEISTWATCH_TEST_POSTGRES, e.g. postgres://postgres@127.0.0.1:5432/test).
func TestPostgresIncremental(t *testing.T) {
	dsn := os.Getenv("HEISTWATCH_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("set HEISTWATCH_TEST_POSTGRES to run against PostgreSQL")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("hw_export_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	defer admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	db, err := postgres.Open(ctx, dsn+sep+"search_path="+schema)
	if err != nil {
		t.Fatalf("open postgres store: %v", err)
	}
	defer db.Close()
	tickingClock(db)
	testStoreIncremental(t, db)
}

func testStoreIncremental(t *testing.T, db *sqldb.DB) {
	ctx := context.Background()
	if err := seed(ctx, db, 0, 5, 1); err != nil {
		t.Fatal(err)
	}
	pending, _, err := db.Incidents(ctx, heistwatch.IncidentQuery{Order: "id"})
	if err != nil || len(pending) != 5 {
		t.Fatalf("seeded %d incidents, %v; want 5", len(pending), err)
	}
	for _, inc := range pending[:4] {
		if err := approve(ctx, db, inc); err != nil {
			t.Fatal(err)
		}
	}
	run := func() []int64 {
		t.Helper()
		var buf bytes.Buffer
		if _, err := WriteIncremental(ctx, &buf, db, defaults(NDJSON), nil); err != nil {
			t.Fatal(err)
		}
		return ids(t, buf.Bytes())
	}
	all := []int64{pending[0].ID, pending[1].ID, pending[2].ID, pending[3].ID}
	if got := run(); !reflect.DeepEqual(got, all) {
		t.Fatalf("first --since last: %v, want %v", got, all)
	}
	if got := run(); len(got) != 0 {
		t.Fatalf("second --since last: %v, want nothing", got)
	}
	if err := approve(ctx, db, pending[4]); err != nil {
		t.Fatal(err)
	}
	if got := run(); !reflect.DeepEqual(got, []int64{pending[4].ID}) {
		t.Fatalf("after approving incident %d: %v, want exactly it", pending[4].ID, got)
	}

	// A full export of the real store is stable and valid STIX.
	full := export(t, db, defaults(STIX))
	if again := export(t, db, defaults(STIX)); !bytes.Equal(full, again) {
		t.Error("two full STIX exports of the SQLite store differ")
	}
	if schemas := stixSchemasIfPresent(t); schemas != nil {
		checkBundle(t, schemas, full)
	}
}
