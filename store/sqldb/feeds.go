package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/heistwatch/heistwatch"
)

const feedCols = `id, url, name, title, schedule, filter, etag, last_modified, error_count, last_error,
	last_poll_at, last_ok_at, next_poll_at, created_at`

func scanFeed(s interface{ Scan(...any) error }) (heistwatch.Feed, error) {
	var f heistwatch.Feed
	var lastPoll, lastOK, next, created int64
	err := s.Scan(&f.ID, &f.URL, &f.Name, &f.Title, &f.Schedule, &f.Filter, &f.ETag, &f.LastModified,
		&f.ErrorCount, &f.LastError, &lastPoll, &lastOK, &next, &created)
	f.LastPollAt, f.LastOKAt, f.NextPollAt, f.CreatedAt = tm(lastPoll), tm(lastOK), tm(next), tm(created)
	return f, err
}

func scanFeeds(rows *sql.Rows) ([]heistwatch.Feed, error) {
	defer rows.Close()
	var fs []heistwatch.Feed
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	return fs, rows.Err()
}

// AddFeed inserts a feed; a URL already present is a conflict.
func (db *DB) AddFeed(ctx context.Context, f heistwatch.Feed) (heistwatch.Feed, error) {
	f.URL = strings.TrimSpace(f.URL)
	if f.URL == "" {
		return f, invalid("feed URL is empty")
	}
	if f.CreatedAt.IsZero() {
		f.CreatedAt = db.now()
	}
	err := db.tx(ctx, func(c conn) error {
		return c.row(ctx, `INSERT INTO feeds (url, name, title, schedule, filter, etag, last_modified,
			error_count, last_error, last_poll_at, last_ok_at, next_poll_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (url) DO NOTHING RETURNING id`,
			f.URL, f.Name, f.Title, f.Schedule, f.Filter, f.ETag, f.LastModified, f.ErrorCount, f.LastError,
			ts(f.LastPollAt), ts(f.LastOKAt), ts(f.NextPollAt), ts(f.CreatedAt)).Scan(&f.ID)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return f, conflict("feed %s is already subscribed", f.URL)
	}
	if err != nil {
		return f, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	return db.Feed(ctx, f.ID)
}

// Feed returns one feed by id.
func (db *DB) Feed(ctx context.Context, id int64) (heistwatch.Feed, error) {
	f, err := scanFeed(db.read().row(ctx, `SELECT `+feedCols+` FROM feeds WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, notFound("feed", id)
	}
	if err != nil {
		return f, fmt.Errorf("feed %d: %w", id, err)
	}
	return f, nil
}

// FeedByURL returns the feed with exactly this URL.
func (db *DB) FeedByURL(ctx context.Context, url string) (heistwatch.Feed, error) {
	f, err := scanFeed(db.read().row(ctx, `SELECT `+feedCols+` FROM feeds WHERE url = ?`, url))
	if errors.Is(err, sql.ErrNoRows) {
		return f, notFound("feed", url)
	}
	if err != nil {
		return f, fmt.Errorf("feed %s: %w", url, err)
	}
	return f, nil
}

// Feeds lists every feed in id order.
func (db *DB) Feeds(ctx context.Context) ([]heistwatch.Feed, error) {
	rows, err := db.read().query(ctx, `SELECT `+feedCols+` FROM feeds ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	fs, err := scanFeeds(rows)
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	return fs, nil
}

// UpdateFeed changes the operator's settings: name, schedule, filter and URL.
func (db *DB) UpdateFeed(ctx context.Context, f heistwatch.Feed) error {
	f.URL = strings.TrimSpace(f.URL)
	if f.URL == "" {
		return invalid("feed URL is empty")
	}
	err := db.tx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE feeds SET name = ?, schedule = ?, filter = ?, url = ? WHERE id = ?`,
			f.Name, f.Schedule, f.Filter, f.URL, f.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("feed", f.ID)
		}
		return nil
	})
	if err != nil && db.d.IsUnique(err) {
		return conflict("another feed already has URL %s", f.URL)
	}
	if err != nil {
		return fmt.Errorf("update feed %d: %w", f.ID, err)
	}
	return nil
}

// DeleteFeed removes a feed and its items; its documents stay.
func (db *DB) DeleteFeed(ctx context.Context, id int64) error {
	err := db.tx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM feeds WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("feed", id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete feed %d: %w", id, err)
	}
	return nil
}

// ClaimFeeds leases due feeds whose lease is free or expired.
func (db *DB) ClaimFeeds(ctx context.Context, q heistwatch.FeedClaim) ([]heistwatch.Feed, error) {
	if q.Owner == "" {
		return nil, invalid("claim feeds: owner is empty")
	}
	if q.Now.IsZero() {
		q.Now = db.now()
	}
	if q.Limit <= 0 {
		q.Limit = 1
	}
	now := ts(q.Now)
	where := `lease_until <= ?`
	args := []any{q.Owner, ts(q.Now.Add(q.Lease)), now}
	if !q.PolledBefore.IsZero() {
		where += ` AND last_poll_at < ?`
		args = append(args, ts(q.PolledBefore))
	} else {
		where += ` AND next_poll_at <= ?`
		args = append(args, now)
	}
	if len(q.IDs) > 0 {
		where += ` AND id IN (` + placeholders(len(q.IDs)) + `)`
		for _, id := range q.IDs {
			args = append(args, id)
		}
	}
	args = append(args, q.Limit)
	var fs []heistwatch.Feed
	err := db.tx(ctx, func(c conn) error {
		rows, err := c.query(ctx, `UPDATE feeds SET lease_owner = ?, lease_until = ?
			WHERE id IN (SELECT id FROM feeds WHERE `+where+`
				ORDER BY next_poll_at, id LIMIT ?`+db.d.SkipLocked+`)
			RETURNING `+feedCols, args...)
		if err != nil {
			return err
		}
		fs, err = scanFeeds(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim feeds: %w", err)
	}
	sort.Slice(fs, func(i, j int) bool {
		if !fs[i].NextPollAt.Equal(fs[j].NextPollAt) {
			return fs[i].NextPollAt.Before(fs[j].NextPollAt)
		}
		return fs[i].ID < fs[j].ID
	})
	return fs, nil
}

// ReleaseFeed gives back owner's lease on a feed; another owner's lease stays.
func (db *DB) ReleaseFeed(ctx context.Context, feedID int64, owner string) error {
	err := db.tx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE feeds SET lease_owner = '', lease_until = 0 WHERE id = ? AND lease_owner = ?`,
			feedID, owner)
		return err
	})
	if err != nil {
		return fmt.Errorf("release feed %d: %w", feedID, err)
	}
	return nil
}

// RecordPoll stores a poll's feed state and new items in one transaction and
// releases the poller's lease.
func (db *DB) RecordPoll(ctx context.Context, p heistwatch.PollResult) (heistwatch.PollCounts, error) {
	var counts heistwatch.PollCounts
	f := p.Feed
	err := db.tx(ctx, func(c conn) error {
		counts = heistwatch.PollCounts{}
		res, err := c.exec(ctx, `UPDATE feeds SET url = CASE WHEN ? = '' THEN url ELSE ? END, title = ?, etag = ?, last_modified = ?,
			error_count = ?, last_error = ?, last_poll_at = ?, last_ok_at = ?, next_poll_at = ?,
			lease_owner = CASE WHEN lease_owner = ? THEN '' ELSE lease_owner END,
			lease_until = CASE WHEN lease_owner = ? THEN 0 ELSE lease_until END
			WHERE id = ?`,
			f.URL, f.URL, f.Title, f.ETag, f.LastModified, f.ErrorCount, f.LastError,
			ts(f.LastPollAt), ts(f.LastOKAt), ts(f.NextPollAt), p.Owner, p.Owner, f.ID)
		if err != nil {
			if db.d.IsUnique(err) {
				return conflict("feed %d: another feed already has URL %s", f.ID, f.URL)
			}
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("feed", f.ID)
		}
		if len(p.Items) == 0 {
			return nil
		}
		keys, pending := pollLinks(p.Items)
		if err := lockLinks(ctx, c, pending); err != nil {
			return err
		}
		now := ts(db.now())
		taken, err := linksTaken(ctx, c, pending)
		if err != nil {
			return err
		}
		guids := make([]string, len(p.Items))
		for i, it := range p.Items {
			guids[i] = firstNonEmpty(it.GUID, it.Link, it.Title)
		}
		seen, err := guidsSeen(ctx, c, f.ID, guids)
		if err != nil {
			return err
		}
		var rows []any
		for i, it := range p.Items {
			guid := guids[i]
			if seen[guid] {
				counts.Seen++
				continue
			}
			seen[guid] = true // a feed may list one GUID twice
			key := keys[i]
			state := it.State
			if state != heistwatch.ItemFiltered {
				state = heistwatch.ItemPending
			}
			if state == heistwatch.ItemPending && key != "" && taken.by(key, f.ID, guid) {
				state = heistwatch.ItemDuplicate
			}
			switch state {
			case heistwatch.ItemPending:
				counts.New++
				// later items of this poll with the same link are duplicates
				taken[key] = append(taken[key], linkHolder{f.ID, guid})
			case heistwatch.ItemFiltered:
				counts.Filtered++
			case heistwatch.ItemDuplicate:
				counts.Duplicate++
			}
			rows = append(rows, f.ID, guid, it.Link, key, it.Title, it.Summary, it.Content, ts(it.Published), string(state), now)
		}
		// DO NOTHING still guards a poll racing another (a lease that ran out).
		if err := insertRows(ctx, c, itemInsert, itemConflict, itemNCols, rows); err != nil {
			return fmt.Errorf("insert items: %w", err)
		}
		return nil
	})
	if err != nil {
		return heistwatch.PollCounts{}, fmt.Errorf("record poll of feed %d: %w", f.ID, err)
	}
	return counts, nil
}

const (
	itemInsert = `INSERT INTO items (feed_id, guid, link, link_key, title, summary, content, published,
		state, created_at) VALUES `
	itemConflict = ` ON CONFLICT (feed_id, guid) DO NOTHING`
	itemNCols    = 10
)

// guidsSeen returns which of a feed's item GUIDs are stored already.
func guidsSeen(ctx context.Context, c conn, feedID int64, guids []string) (map[string]bool, error) {
	seen := make(map[string]bool, len(guids))
	query := `SELECT guid FROM items WHERE feed_id = ? AND guid IN (` + placeholders(inList) + `)`
	err := inGroups(guids, inList, []any{feedID}, func(args []any) error {
		rows, err := c.query(ctx, query, args...)
		return eachRow(rows, err, func(r *sql.Rows) error {
			var g string
			if err := r.Scan(&g); err != nil {
				return err
			}
			seen[g] = true
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("items seen: %w", err)
	}
	return seen, nil
}

// linkHolder is an item holding a link: pending or done, so an item of
// another feed or GUID with that link is a duplicate.
type linkHolder struct {
	feed int64
	guid string
}

// holders maps link keys to the items holding them.
type holders map[string][]linkHolder

// by says whether an item other than (feed, guid) holds the link key.
func (h holders) by(key string, feed int64, guid string) bool {
	for _, x := range h[key] {
		if x.feed != feed || x.guid != guid {
			return true
		}
	}
	return false
}

// linksTaken finds the stored items holding a poll's link keys, a
// few queries for the whole poll instead of one per item.
func linksTaken(ctx context.Context, c conn, keys []string) (holders, error) {
	h := holders{}
	// The state is tested here, not in SQL: with both in the WHERE clause
	// SQLite may walk the state index, every pending item, instead of the
	// link index.
	query := `SELECT link_key, feed_id, guid, state FROM items WHERE link_key IN (` + placeholders(inList) + `)`
	err := inGroups(keys, inList, nil, func(args []any) error {
		rows, err := c.query(ctx, query, args...)
		return eachRow(rows, err, func(r *sql.Rows) error {
			var key, state string
			var x linkHolder
			if err := r.Scan(&key, &x.feed, &x.guid, &state); err != nil {
				return err
			}
			if state == string(heistwatch.ItemPending) || state == string(heistwatch.ItemDone) {
				h[key] = append(h[key], x)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("links taken: %w", err)
	}
	return h, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// lockLinks locks a poll's link keys (sorted), so two pollers that
// find one article in two feeds at the same moment see each other's item:
// the second waits for the first to commit, then marks its own duplicate.
func lockLinks(ctx context.Context, c conn, keys []string) error {
	if c.d.LockNames == nil || c.tx == nil || len(keys) == 0 {
		return nil
	}
	return c.d.LockNames(ctx, c.tx, keys)
}

// pollLinks folds each item's link once: the keys by item, and the distinct
// keys of the items not filtered out, sorted (the order links are locked in).
func pollLinks(items []heistwatch.Item) (byItem, pending []string) {
	byItem = make([]string, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		k := LinkKey(it.Link)
		byItem[i] = k
		if it.State != heistwatch.ItemFiltered && k != "" && !seen[k] {
			seen[k] = true
			pending = append(pending, k)
		}
	}
	sort.Strings(pending)
	return byItem, pending
}
