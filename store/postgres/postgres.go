// Package postgres opens the store on PostgreSQL, for teams: several daemons
// and review servers share one database and split the work through leases
// taken with FOR UPDATE SKIP LOCKED.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/heistwatch/heistwatch/store/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Dialect describes PostgreSQL to sqldb: numbered placeholders, row locks,
// SKIP LOCKED leases and transaction-scoped advisory locks.
func Dialect() *sqldb.Dialect {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return &sqldb.Dialect{
		Name:       "postgres",
		Numbered:   true,
		ForUpdate:  " FOR UPDATE",
		SkipLocked: " FOR UPDATE SKIP LOCKED",
		Lock: func(ctx context.Context, tx *sql.Tx, key int64) error {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, key); err != nil {
				return fmt.Errorf("advisory lock: %w", err)
			}
			return nil
		},
		// Two-key advisory locks live apart from the one-key ones above; the
		// array is sorted and unnest keeps its order, so locks are taken in
		// the same order by everyone.
		LockNames: func(ctx context.Context, tx *sql.Tx, names []string) error {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(1751477357, hashtext(n))
				FROM unnest($1::text[]) WITH ORDINALITY AS t(n, i) ORDER BY i`, names); err != nil {
				return fmt.Errorf("lock names: %w", err)
			}
			return nil
		},
		// A stored article commits without waiting for the disk: a server
		// crash can lose only the last fraction of a second of them, and
		// their items (same transaction) then go back to pending.
		Relaxed: `SET LOCAL synchronous_commit = off`,
		// A large clustering run gives the planner the new table sizes at
		// once, rather than when autovacuum next looks.
		Analyze:    `ANALYZE incidents, claims`,
		IsUnique:   isUnique,
		Migrations: sub,
	}
}

func isUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

// Open connects to the database at dsn (a postgres:// URL) and applies
// pending migrations. It refuses a database whose schema is newer than this
// binary knows.
func Open(ctx context.Context, dsn string) (*sqldb.DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	pool.SetMaxOpenConns(16)
	pool.SetMaxIdleConns(8)
	db := sqldb.New(pool, pool, Dialect())
	if err := pool.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: connect: %w", err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	return db, nil
}
