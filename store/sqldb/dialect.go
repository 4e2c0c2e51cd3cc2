package sqldb

import (
	"context"
	"database/sql"
	"io/fs"
	"strconv"
	"strings"
)

// Dialect is what differs between the SQL engines; everything else (the
// queries, the transactions, the rules) is shared by every backend.
type Dialect struct {
	// Name is shown in errors, e.g. "sqlite" or "postgres".
	Name string
	// Numbered rewrites ? placeholders as $1, $2… (PostgreSQL).
	Numbered bool
	// ForUpdate is appended to a SELECT that reads rows the transaction is
	// about to change (" FOR UPDATE"); SQLite needs none because its write
	// transactions already exclude each other.
	ForUpdate string
	// SkipLocked is appended to the SELECT that picks rows to lease
	// (" FOR UPDATE SKIP LOCKED"), so concurrent claimers pass each other by.
	SkipLocked string
	// Lock takes a transaction-wide lock named by key (pg_advisory_xact_lock);
	// nil when a write transaction is exclusive anyway (SQLite).
	Lock func(ctx context.Context, tx *sql.Tx, key int64) error
	// LockNames takes transaction-wide locks on names, in the order given
	// (callers sort them, so two transactions never wait on each other in a
	// circle); nil when write transactions are exclusive anyway.
	LockNames func(ctx context.Context, tx *sql.Tx, names []string) error
	// Relaxed, when set, is run first in the transactions that store fetched
	// articles: work that a server crash could only send back to be fetched
	// again (the item's state is in the same transaction), so it need not
	// wait for the disk ("SET LOCAL synchronous_commit = off" on PostgreSQL).
	// Polls and review changes always wait.
	Relaxed string
	// Analyze, when set, is run after a clustering run that opened or
	// changed many incidents ("ANALYZE incidents, claims" on PostgreSQL):
	// until the planner has statistics for the new rows it reads the whole
	// queue to sort it, and autovacuum may take a minute to gather them.
	Analyze string
	// IsUnique reports whether err is a unique-constraint violation.
	IsUnique func(err error) bool
	// CacheStatements keeps write statements prepared across transactions
	// (SQLite; PostgreSQL's driver already does).
	CacheStatements bool
	// Migrations holds NNNN_name.sql files, applied in order.
	Migrations fs.FS
}

// Lock keys for Dialect.Lock.
const (
	lockMigrate int64 = 0x6865697374 // "heist"
	lockCluster int64 = 0x6865697375
)

// rebind rewrites ? placeholders for the dialect. Queries in this package
// never hold a literal question mark, so a plain scan is enough.
func (d *Dialect) rebind(query string) string {
	if !d.Numbered || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// placeholders returns "?,?,…" with n marks, for IN lists.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
