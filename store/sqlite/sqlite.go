// Package sqlite opens the embedded default store: one SQLite file in WAL
// mode, through the pure-Go driver modernc.org/sqlite (no cgo, so the binary
// stays static).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/heistwatch/heistwatch/store/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Dialect describes SQLite to sqldb: ? placeholders, no row locks (a write
// transaction already excludes every other writer), no advisory lock.
func Dialect() *sqldb.Dialect {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return &sqldb.Dialect{
		Name:            "sqlite",
		IsUnique:        isUnique,
		CacheStatements: true,
		Migrations:      sub,
	}
}

func isUnique(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// dsn builds the driver's connection string. Every connection gets a busy
// timeout (wait for another process's write instead of failing), foreign
// keys, WAL, synchronous=NORMAL (durable at each checkpoint, and a crash
// never corrupts) and temporary storage in memory. Write connections begin IMMEDIATE, taking the write lock
// at BEGIN, so a transaction never fails half-way when another process
// writes too.
func dsn(path string, write bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Statement journals (the undo log of one multi-row statement inside a
	// transaction) in memory: in a temporary file they cost a write system
	// call per page, ~3% of a fetch's CPU.
	q.Add("_pragma", "temp_store(MEMORY)")
	if write {
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens (creating it and its directory if needed) the SQLite store at
// path and applies pending migrations. It refuses a database whose schema is
// newer than this binary knows.
func Open(ctx context.Context, path string) (*sqldb.DB, error) {
	if path == "" {
		return nil, errors.New("sqlite store: empty path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite store: create directory %s: %w", dir, err)
		}
	}
	// The file holds password and session hashes: create it readable by its
	// owner only (SQLite gives the -wal and -shm files the same mode).
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return nil, fmt.Errorf("sqlite store: %w", err)
	} else {
		f.Close()
	}
	w, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	// One writer connection: writers in this process queue in database/sql
	// rather than spin on SQLite's lock.
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	r.SetMaxIdleConns(4)
	db := sqldb.New(w, r, Dialect())
	if err := w.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	return db, nil
}
