package storetest

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/sqldb"
)

// SchemaOpener opens (and migrates) the same database each time it is
// called, as a restarted process would.
type SchemaOpener func(t *testing.T) (*sqldb.DB, error)

// RunSchema checks the migration story on one database: the first open
// applies every migration, later opens (even two at once) apply none and
// keep the data, and a database whose schema is newer than the binary knows
// is refused with an error that says so. exec runs raw SQL on the database.
func RunSchema(t *testing.T, open SchemaOpener, exec func(t *testing.T, query string)) {
	ctx := t.Context()
	first, err := open(t)
	if err != nil {
		t.Fatal(err)
	}
	known, err := sqldb.Migrations(first.Dialect().Migrations)
	if err != nil {
		t.Fatal(err)
	}
	latest := known[len(known)-1].Version
	if v := must(first.SchemaVersion(ctx))(t); v != latest {
		t.Fatalf("schema version after open = %d, want %d", v, latest)
	}
	if n := must(first.Migrate(ctx))(t); n != 0 {
		t.Fatalf("second Migrate applied %d migrations, want 0", n)
	}
	must(first.AddFeed(ctx, heistwatch.Feed{URL: "https://kept.example/"}))(t)
	ok(t, first.Close())

	// Two processes starting at once both come up, and nothing is applied twice.
	var wg sync.WaitGroup
	dbs := make([]*sqldb.DB, 2)
	errs := make([]error, 2)
	for i := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = open(t)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		defer dbs[i].Close()
	}
	if fs := must(dbs[0].Feeds(ctx))(t); len(fs) != 1 || fs[0].URL != "https://kept.example/" {
		t.Fatalf("data after reopen = %+v", fs)
	}
	if v := must(dbs[1].SchemaVersion(ctx))(t); v != latest {
		t.Fatalf("schema version after reopen = %d", v)
	}

	exec(t, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`)
	_, err = open(t)
	if err == nil {
		t.Fatal("a database with a newer schema was opened")
	}
	if !strings.Contains(err.Error(), "9999") || !strings.Contains(err.Error(), "upgrade heistwatch") {
		t.Fatalf("newer-schema error does not say what to do: %v", err)
	}
	if errors.Is(err, heistwatch.ErrNotFound) {
		t.Fatalf("unexpected code: %v", err)
	}
}
