package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/heistwatch/heistwatch"
)

const itemCols = `id, feed_id, guid, link, title, summary, content, published, state, attempts, error`

func scanItem(s interface{ Scan(...any) error }) (heistwatch.Item, error) {
	var it heistwatch.Item
	var published int64
	var state string
	err := s.Scan(&it.ID, &it.FeedID, &it.GUID, &it.Link, &it.Title, &it.Summary, &it.Content,
		&published, &state, &it.Attempts, &it.Error)
	it.Published, it.State = tm(published), heistwatch.ItemState(state)
	return it, err
}

// ClaimItems leases pending items whose lease is free or expired, counting
// the claim as an attempt. An item already claimed MaxClaims times without
// finishing is not handed out again but marked failed, so a page that kills
// the process every time stops being retried.
func (db *DB) ClaimItems(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]heistwatch.Item, error) {
	if owner == "" {
		return nil, invalid("claim items: owner is empty")
	}
	if now.IsZero() {
		now = db.now()
	}
	if limit <= 0 {
		limit = 1
	}
	maxClaims := db.MaxClaims
	if maxClaims <= 0 {
		maxClaims = DefaultMaxClaims
	}
	var items []heistwatch.Item
	err := db.tx(ctx, func(c conn) error {
		items = items[:0]
		// Exhausted items are found among the claimed ones, not by a search
		// of every pending item: they are rare, and the claim reads items in
		// id order and stops at limit. Failing them leaves the batch short, so
		// claim again until something is handed out or nothing is left.
		for len(items) == 0 {
			claimed, err := claimBatch(ctx, c, db.d, owner, now, lease, limit)
			if err != nil || len(claimed) == 0 {
				return err
			}
			var exhausted []any
			for _, it := range claimed {
				if it.Attempts >= maxClaims {
					exhausted = append(exhausted, it.ID)
				} else {
					items = append(items, it)
				}
			}
			if len(exhausted) == 0 {
				continue
			}
			if _, err := c.exec(ctx, `UPDATE items SET state = 'failed', attempts = ?, lease_owner = '', lease_until = 0,
				error = CAST(? AS TEXT) || CASE WHEN error = '' THEN '' ELSE '; last error: ' || error END
				WHERE id IN (`+placeholders(len(exhausted))+`)`, append([]any{maxClaims,
				fmt.Sprintf("the fetch never finished in %d claim(s): it crashed or hung the process", maxClaims)},
				exhausted...)...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim items: %w", err)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	return items, nil
}

// claimBatch leases up to limit claimable items, counting the claim; each
// item's Attempts is the number of claims before this one.
func claimBatch(ctx context.Context, c conn, d *Dialect, owner string, now time.Time, lease time.Duration, limit int) ([]heistwatch.Item, error) {
	rows, err := c.query(ctx, `UPDATE items SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM items WHERE state = 'pending' AND lease_until <= ?
			ORDER BY id LIMIT ?`+d.SkipLocked+`)
		RETURNING `+itemCols, owner, ts(now.Add(lease)), ts(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []heistwatch.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		it.Attempts--
		out = append(out, it)
	}
	return out, rows.Err()
}

// Item returns one item; it is not part of heistwatch.Store but helps tests
// and tools look at an item's state.
func (db *DB) Item(ctx context.Context, id int64) (heistwatch.Item, error) {
	it, err := scanItem(db.read().row(ctx, `SELECT `+itemCols+` FROM items WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return it, notFound("item", id)
	}
	if err != nil {
		return it, fmt.Errorf("item %d: %w", id, err)
	}
	return it, nil
}

// FailItem records a failed fetch; the item fails for good once it has been
// claimed maxAttempts times (ClaimItems counted this attempt already),
// otherwise its lease is released for a later try. It does nothing when the
// lease has passed to another owner.
func (db *DB) FailItem(ctx context.Context, itemID int64, owner, reason string, maxAttempts int) error {
	err := db.tx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE items SET error = ?,
			state = CASE WHEN attempts >= ? THEN 'failed' ELSE state END,
			lease_owner = '', lease_until = 0
			WHERE id = ? AND lease_owner = ? AND state = 'pending'`, reason, maxAttempts, itemID, owner)
		return err
	})
	if err != nil {
		return fmt.Errorf("fail item %d: %w", itemID, err)
	}
	return nil
}

// ReleaseItem gives back owner's lease on an item untouched.
func (db *DB) ReleaseItem(ctx context.Context, itemID int64, owner string) error {
	err := db.tx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE items SET lease_owner = '', lease_until = 0 WHERE id = ? AND lease_owner = ?`,
			itemID, owner)
		return err
	})
	if err != nil {
		return fmt.Errorf("release item %d: %w", itemID, err)
	}
	return nil
}

// RenewItems extends owner's leases on pending items.
func (db *DB) RenewItems(ctx context.Context, owner string, itemIDs []int64, until time.Time) ([]int64, error) {
	q := `UPDATE items SET lease_until = ? WHERE lease_owner = ? AND state = 'pending'
		AND id IN (` + placeholders(inList) + `) RETURNING id`
	var kept []int64
	err := db.tx(ctx, func(c conn) error {
		kept = kept[:0]
		return inGroups(itemIDs, inList, []any{ts(until), owner}, func(args []any) error {
			rows, err := c.query(ctx, q, args...)
			return eachRow(rows, err, func(r *sql.Rows) error {
				var id int64
				if err := r.Scan(&id); err != nil {
					return err
				}
				kept = append(kept, id)
				return nil
			})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("renew %d item leases: %w", len(itemIDs), err)
	}
	return kept, nil
}

// FinishItem sets an item's final state without a document of its own. The
// work is done, so it applies even when the lease has expired meanwhile.
func (db *DB) FinishItem(ctx context.Context, itemID int64, owner string, state heistwatch.ItemState, note string) error {
	switch state {
	case heistwatch.ItemDone, heistwatch.ItemDuplicate, heistwatch.ItemFailed, heistwatch.ItemFiltered:
	default:
		return invalid("finish item %d: %q is not a final state", itemID, state)
	}
	err := db.tx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE items SET state = ?, error = ?, lease_owner = '', lease_until = 0 WHERE id = ?`,
			string(state), note, itemID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("item", itemID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish item %d: %w", itemID, err)
	}
	return nil
}

// qDocID finds a document's id by its URL; ingest runs it before every
// article fetch, to skip pages stored already.
const qDocID = `SELECT id FROM documents WHERE url = ?`

// DocumentIDByURL returns the id of the document stored under a canonical URL.
func (db *DB) DocumentIDByURL(ctx context.Context, url string) (int64, error) {
	var row *sql.Row
	if st := db.readStmt(ctx, qDocID); st != nil {
		row = st.QueryRowContext(ctx, url)
	} else {
		row = db.read().row(ctx, qDocID, url)
	}
	var id int64
	err := row.Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("document", url)
	}
	if err != nil {
		return 0, fmt.Errorf("document %s: %w", url, err)
	}
	return id, nil
}

// DocumentIDsByURL is DocumentIDByURL for many URLs at once: the ids of
// those stored, keyed by URL (a URL not stored has no entry). Ingest looks
// up each leased batch of items with it, a few queries instead of one per
// article.
func (db *DB) DocumentIDsByURL(ctx context.Context, urls []string) (map[string]int64, error) {
	out := make(map[string]int64, len(urls))
	query := `SELECT id, url FROM documents WHERE url IN (` + placeholders(inList) + `)`
	err := inGroups(urls, inList, nil, func(args []any) error {
		var rows *sql.Rows
		var err error
		if st := db.readStmt(ctx, query); st != nil {
			rows, err = st.QueryContext(ctx, args...)
		} else {
			rows, err = db.read().query(ctx, query, args...)
		}
		return eachRow(rows, err, func(r *sql.Rows) error {
			var id int64
			var u string
			if err := r.Scan(&id, &u); err != nil {
				return err
			}
			out[u] = id
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("documents by URL: %w", err)
	}
	return out, nil
}

// readStmt returns query prepared on the read pool, kept in the statement
// cache beside the writer's (under its own key, so a transaction never
// picks it up, and closed with them), or nil when the dialect caches
// statements itself or the prepare fails (the caller then runs the query
// unprepared).
func (db *DB) readStmt(ctx context.Context, query string) *sql.Stmt {
	sc := db.stmts
	if sc == nil {
		return nil
	}
	key := "read pool: " + query
	sc.mu.Lock()
	st := sc.stmts[key]
	sc.mu.Unlock()
	if st != nil {
		return st
	}
	st, err := db.r.PrepareContext(ctx, db.d.rebind(query))
	if err != nil {
		return nil
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if have := sc.stmts[key]; have != nil {
		st.Close() // another caller prepared it meanwhile
		return have
	}
	sc.stmts[key] = st
	return st
}
