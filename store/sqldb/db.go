// Package sqldb implements heistwatch.Store once, over database/sql, for every
// SQL engine: the backends (store/sqlite, store/postgres) only open the
// connections and describe their Dialect.
//
// Times are stored as Unix microseconds in UTC (0 = unknown), so every
// comparison is a plain integer one and the SQL is the same on each engine.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/heistwatch/heistwatch"
)

// DB is a heistwatch.Store over database/sql.
type DB struct {
	w *sql.DB // writes; SQLite gives it a single connection
	r *sql.DB // reads; may be the same pool as w
	d *Dialect

	// stmts caches prepared statements of write transactions (nil when the
	// dialect's driver caches them itself).
	stmts *stmtCache

	// Now is the clock used for timestamps the caller does not pass; tests
	// replace it.
	Now func() time.Time

	// clusterMu serialises this process's ClusterClaims calls, which share
	// clusterCache (the clustering lock serialises processes).
	clusterMu    sync.Mutex
	clusterCache claimCache

	// MaxClaims is how many times ClaimItems hands out one item that is
	// never finished (a page that crashes or hangs the process never reaches
	// FailItem) before the next claim marks it failed instead; 0 means
	// DefaultMaxClaims. Set it to fetch.max_attempts before use.
	MaxClaims int
}

// DefaultMaxClaims is MaxClaims when it is not set: the default of
// fetch.max_attempts.
const DefaultMaxClaims = 3

var _ heistwatch.Store = (*DB)(nil)

// New wraps open pools. Writes go through w and reads through r (pass the
// same pool twice when the engine has no reason to split them). It does not
// migrate; call Migrate.
func New(w, r *sql.DB, d *Dialect) *DB {
	db := &DB{w: w, r: r, d: d, Now: time.Now}
	if d.CacheStatements {
		db.stmts = &stmtCache{stmts: map[string]*sql.Stmt{}, missed: map[string]bool{}}
	}
	return db
}

// Close releases both pools.
func (db *DB) Close() error {
	var err error
	if db.stmts != nil {
		err = db.stmts.close()
	}
	err = errors.Join(err, db.w.Close())
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Dialect returns the engine description the store was built with.
func (db *DB) Dialect() *Dialect { return db.d }

func (db *DB) now() time.Time { return db.Now().UTC() }

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// conn runs queries written with ? placeholders on a pool or a transaction.
type conn struct {
	q     querier
	d     *Dialect
	tx    *sql.Tx    // set inside a transaction
	stmts *stmtCache // nil: no caching
}

// stmt returns query's cached statement bound to the transaction, or nil.
func (c conn) stmt(ctx context.Context, query string) *sql.Stmt {
	if c.tx == nil || c.stmts == nil {
		return nil
	}
	if st := c.stmts.get(query); st != nil {
		return c.tx.StmtContext(ctx, st)
	}
	return nil
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.q.ExecContext(ctx, c.d.rebind(query), args...)
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.q.QueryContext(ctx, c.d.rebind(query), args...)
}

func (c conn) row(ctx context.Context, query string, args ...any) *sql.Row {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.q.QueryRowContext(ctx, c.d.rebind(query), args...)
}

// lock takes the dialect's transaction lock, if it has one.
func (c conn) lock(ctx context.Context, key int64) error {
	if c.d.Lock == nil || c.tx == nil {
		return nil
	}
	return c.d.Lock(ctx, c.tx, key)
}

// read returns a conn on the read pool.
func (db *DB) read() conn { return conn{q: db.r, d: db.d} }

// tx runs fn in one write transaction, committing when fn returns nil.
func (db *DB) tx(ctx context.Context, fn func(c conn) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(conn{q: tx, d: db.d, tx: tx, stmts: db.stmts}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if db.stmts != nil {
		db.stmts.fill(ctx, db.w, db.d)
	}
	return nil
}

// ts converts a time to stored microseconds; the zero time is 0.
func ts(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// tm converts stored microseconds back; 0 is the zero time.
func tm(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// notFound wraps heistwatch.ErrNotFound with what was looked for.
func notFound(what string, key any) error {
	return fmt.Errorf("%s %v: %w", what, key, heistwatch.ErrNotFound)
}

// conflict builds a coded conflict error (errors.Is(err, ErrConflict) holds).
func conflict(format string, args ...any) error {
	return heistwatch.Errorf(heistwatch.CodeConflict, format, args...)
}

// invalid builds a coded invalid-input error.
func invalid(format string, args ...any) error {
	return heistwatch.Errorf(heistwatch.CodeInvalid, format, args...)
}

// maxCachedStatements bounds the cache; queries built with a variable
// number of placeholders would otherwise grow it without end.
const maxCachedStatements = 200

// stmtCache keeps the writer's prepared statements, so SQLite parses each
// query once rather than on every call. A statement cannot be prepared on the
// writer while a transaction holds its only connection, so a query missed
// inside a transaction is prepared right after that transaction commits.
type stmtCache struct {
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	missed map[string]bool
}

func (sc *stmtCache) get(query string) *sql.Stmt {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	st := sc.stmts[query]
	if st == nil && len(sc.stmts)+len(sc.missed) < maxCachedStatements {
		sc.missed[query] = true
	}
	return st
}

// fill prepares the queries missed since the last call; a failure only means
// the query stays unprepared.
func (sc *stmtCache) fill(ctx context.Context, pool *sql.DB, d *Dialect) {
	sc.mu.Lock()
	var todo []string
	for q := range sc.missed {
		todo = append(todo, q)
	}
	clear(sc.missed)
	sc.mu.Unlock()
	for _, q := range todo {
		st, err := pool.PrepareContext(ctx, d.rebind(q))
		if err != nil {
			continue
		}
		sc.mu.Lock()
		if sc.stmts[q] == nil {
			sc.stmts[q], st = st, nil
		}
		sc.mu.Unlock()
		if st != nil {
			st.Close()
		}
	}
}

func (sc *stmtCache) close() error {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	var err error
	for _, st := range sc.stmts {
		err = errors.Join(err, st.Close())
	}
	clear(sc.stmts)
	return err
}

// insertRows inserts rows given as one flat list of cols values each, with
// the statement head prefix ("INSERT INTO t (a, b) VALUES ") and tail suffix
// (an ON CONFLICT clause, or ""), several rows to a statement in a few fixed
// sizes so each size is prepared once.
func insertRows(ctx context.Context, c conn, prefix, suffix string, cols int, vals []any) error {
	for len(vals) > 0 {
		n := 1
		for _, size := range []int{32, 8} {
			if len(vals) >= cols*size {
				n = size
				break
			}
		}
		if _, err := c.exec(ctx, valuesQuery(prefix, cols, n)+suffix, vals[:cols*n]...); err != nil {
			return err
		}
		vals = vals[cols*n:]
	}
	return nil
}

// valuesQuery is prefix followed by n groups of cols placeholders.
func valuesQuery(prefix string, cols, n int) string {
	group := "(" + placeholders(cols) + ")"
	var b strings.Builder
	b.Grow(len(prefix) + n*(len(group)+2))
	b.WriteString(prefix)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(group)
	}
	return b.String()
}

// inList is how many values the IN (...) list of a batched query takes.
const inList = 32

// inGroups calls fn with vals in groups of size, each after the arguments in
// head. A short last group repeats its last value, harmless in an IN list,
// so a query keeps one text and is prepared once.
func inGroups[T any](vals []T, size int, head []any, fn func(args []any) error) error {
	args := make([]any, len(head)+size)
	copy(args, head)
	for len(vals) > 0 {
		n := min(len(vals), size)
		for i := range size {
			args[len(head)+i] = vals[min(i, n-1)]
		}
		if err := fn(args); err != nil {
			return err
		}
		vals = vals[n:]
	}
	return nil
}

// eachRow calls scan on every row of a query's result (rows, err), then
// closes it.
func eachRow(rows *sql.Rows, err error, scan func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// updateIDs runs query, which ends in "WHERE id IN (" and takes only the
// ids, over ids in groups.
func updateIDs(ctx context.Context, c conn, query string, ids []int64) error {
	q := query + placeholders(inList) + ")"
	return inGroups(ids, inList, nil, func(args []any) error {
		_, err := c.exec(ctx, q, args...)
		return err
	})
}
