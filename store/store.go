// Package store opens the configured backend: a PostgreSQL URL selects
// store/postgres, anything else is a SQLite file path for store/sqlite.
package store

import (
	"context"
	"strings"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/postgres"
	"github.com/heistwatch/heistwatch/store/sqldb"
	"github.com/heistwatch/heistwatch/store/sqlite"
)

// Option adjusts the store Open returns.
type Option func(*sqldb.DB)

// MaxItemClaims sets how many times an item whose fetch never finishes (it
// crashes or hangs the process) is handed out before it fails: pass
// fetch.max_attempts. Without it the store uses sqldb.DefaultMaxClaims.
func MaxItemClaims(n int) Option {
	return func(db *sqldb.DB) { db.MaxClaims = n }
}

// IsPostgres reports whether dsnOrPath names a PostgreSQL database.
func IsPostgres(dsnOrPath string) bool {
	return strings.HasPrefix(dsnOrPath, "postgres://") || strings.HasPrefix(dsnOrPath, "postgresql://")
}

// Open opens the store named by dsnOrPath and applies its migrations:
// postgres:// or postgresql:// URLs open PostgreSQL, anything else is the
// path of a SQLite file (created with its directory when missing).
func Open(ctx context.Context, dsnOrPath string, opts ...Option) (heistwatch.Store, error) {
	open := sqlite.Open
	if IsPostgres(dsnOrPath) {
		open = postgres.Open
	}
	db, err := open(ctx, dsnOrPath)
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		o(db)
	}
	return db, nil
}
