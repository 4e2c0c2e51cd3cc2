// Package store opens the configured backend: a PostgreSQL URL selects
// store/postgres, anything else is a SQLite file path for store/sqlite.
package store

import (
	"context"
	"strings"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/postgres"
	"github.com/heistwatch/heistwatch/store/sqlite"
)

// IsPostgres reports whether dsnOrPath names a PostgreSQL database.
func IsPostgres(dsnOrPath string) bool {
	return strings.HasPrefix(dsnOrPath, "postgres://") || strings.HasPrefix(dsnOrPath, "postgresql://")
}

// Open opens the store named by dsnOrPath and applies its migrations:
// postgres:// or postgresql:// URLs open PostgreSQL, anything else is the
// path of a SQLite file (created with its directory when missing).
func Open(ctx context.Context, dsnOrPath string) (heistwatch.Store, error) {
	if IsPostgres(dsnOrPath) {
		return postgres.Open(ctx, dsnOrPath)
	}
	return sqlite.Open(ctx, dsnOrPath)
}
