package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/heistwatch/heistwatch"
)

// Stats counts what `heistwatch status` shows. Claims counts incident
// claims; aggregates are counted apart.
func (db *DB) Stats(ctx context.Context) (heistwatch.Stats, error) {
	c := db.read()
	st := heistwatch.Stats{Items: map[string]int{}, Incidents: map[heistwatch.Status]int{}}
	var lastPoll, nextPoll int64
	err := c.row(ctx, `SELECT
			COALESCE(SUM(CASE WHEN error_count = 0 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN error_count > 0 THEN 1 ELSE 0 END), 0),
			COALESCE(MAX(last_poll_at), 0), COALESCE(MIN(next_poll_at), 0)
		FROM feeds`).Scan(&st.FeedsOK, &st.FeedsFailing, &lastPoll, &nextPoll)
	if err != nil {
		return st, fmt.Errorf("stats: feeds: %w", err)
	}
	st.LastPoll, st.NextPoll = tm(lastPoll), tm(nextPoll)
	if err := c.row(ctx, `SELECT COUNT(*) FROM documents`).Scan(&st.Documents); err != nil {
		return st, fmt.Errorf("stats: documents: %w", err)
	}
	if err := c.row(ctx, `SELECT
			COALESCE(SUM(CASE WHEN kind = 'incident' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN kind = 'aggregate' THEN 1 ELSE 0 END), 0)
		FROM claims`).Scan(&st.Claims, &st.Aggregates); err != nil {
		return st, fmt.Errorf("stats: claims: %w", err)
	}
	if err := countBy(ctx, c, `SELECT state, COUNT(*) FROM items GROUP BY state`, func(k string, n int) {
		st.Items[k] = n
	}); err != nil {
		return st, fmt.Errorf("stats: items: %w", err)
	}
	if err := countBy(ctx, c, `SELECT status, COUNT(*) FROM incidents GROUP BY status`, func(k string, n int) {
		st.Incidents[heistwatch.Status(k)] = n
	}); err != nil {
		return st, fmt.Errorf("stats: incidents: %w", err)
	}
	return st, nil
}

func countBy(ctx context.Context, c conn, query string, put func(string, int)) error {
	rows, err := c.query(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		put(k, n)
	}
	return rows.Err()
}

// Cursor returns a named position, or "" when it was never set.
func (db *DB) Cursor(ctx context.Context, name string) (string, error) {
	var v string
	err := db.read().row(ctx, `SELECT value FROM cursors WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("cursor %s: %w", name, err)
	}
	return v, nil
}

// SetCursor stores a named position.
func (db *DB) SetCursor(ctx context.Context, name, value string) error {
	err := db.tx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO cursors (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("set cursor %s: %w", name, err)
	}
	return nil
}
