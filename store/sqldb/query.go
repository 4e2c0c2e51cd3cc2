package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/heistwatch/heistwatch"
)

// likePattern makes a case-insensitive substring pattern with LIKE's
// wildcards escaped (used with ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// incidentWhere builds the WHERE clause of an IncidentQuery.
func (db *DB) incidentWhere(q heistwatch.IncidentQuery) (string, []any) {
	where := []string{"1 = 1"}
	var args []any
	if len(q.Status) > 0 {
		where = append(where, "status IN ("+placeholders(len(q.Status))+")")
		for _, s := range q.Status {
			args = append(args, string(s))
		}
	}
	if q.ActorFamily != "" {
		where = append(where, "actor_family = ?")
		args = append(args, strings.ToLower(q.ActorFamily))
	}
	if q.Victim != "" {
		where = append(where, `victim_text LIKE ? ESCAPE '\'`)
		args = append(args, likePattern(q.Victim))
	}
	if q.FeedID != 0 {
		where = append(where, `EXISTS (SELECT 1 FROM claims c JOIN documents d ON d.id = c.document_id
			WHERE c.incident_id = incidents.id AND d.feed_id = ?)`)
		args = append(args, q.FeedID)
	}
	if q.Search != "" {
		p := likePattern(q.Search)
		where = append(where, `(search_text LIKE ? ESCAPE '\' OR EXISTS (SELECT 1 FROM claims c
			WHERE c.incident_id = incidents.id AND c.search_text LIKE ? ESCAPE '\'))`)
		args = append(args, p, p)
	}
	if q.NeedsLook {
		// A partial index holds just these rows, so the queue counts them cheaply.
		where = append(where, "needs_look = TRUE")
	}
	if q.MinConf > 0 {
		where = append(where, "confidence >= ?")
		args = append(args, q.MinConf)
	}
	if !q.From.IsZero() {
		where = append(where, "created_at >= ?")
		args = append(args, ts(q.From))
	}
	if !q.To.IsZero() {
		where = append(where, "created_at < ?")
		args = append(args, ts(q.To))
	}
	if !q.ChangedSince.IsZero() {
		where = append(where, "updated_at > ?")
		args = append(args, ts(q.ChangedSince))
	}
	if q.NotLeasedFor != "" {
		now := q.Now
		if now.IsZero() {
			now = db.now()
		}
		// A free incident has lease_until 0 (writeIncident keeps it so).
		where = append(where, "(lease_until <= ? OR leased_by = ?)")
		args = append(args, ts(now), q.NotLeasedFor)
	}
	return strings.Join(where, " AND "), args
}

// incidentOrder maps IncidentQuery.Order to SQL.
func incidentOrder(order string) (string, error) {
	switch order {
	case "", "newest":
		return "created_at DESC, id DESC", nil
	case "oldest":
		return "created_at, id", nil
	case "amount":
		return "amount_usd DESC NULLS LAST, id DESC", nil
	case "id":
		return "id", nil
	}
	return "", invalid("unknown incident order %q (want newest, oldest, amount or id)", order)
}

// limitOffset pages a query; an offset alone reads to the end.
func limitOffset(q heistwatch.IncidentQuery, args []any) (string, []any) {
	if q.Limit <= 0 && q.Offset <= 0 {
		return "", args
	}
	limit := int64(q.Limit)
	if limit <= 0 {
		limit = 1 << 62
	}
	return " LIMIT ? OFFSET ?", append(args, limit, max(q.Offset, 0))
}

// Incidents lists incidents without sources, and how many match in all.
func (db *DB) Incidents(ctx context.Context, q heistwatch.IncidentQuery) ([]heistwatch.Incident, int, error) {
	order, err := incidentOrder(q.Order)
	if err != nil {
		return nil, 0, err
	}
	where, args := db.incidentWhere(q)
	c := db.read()
	var total int
	if err := c.row(ctx, `SELECT COUNT(*) FROM incidents WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count incidents: %w", err)
	}
	lo, args := limitOffset(q, args)
	// The source count is a subquery the engines run only for the rows of
	// the page (an index on claims (incident_id, document_id) answers it),
	// so a list never needs one query per incident.
	rows, err := c.query(ctx, `SELECT `+incidentCols+`, (SELECT COUNT(DISTINCT c.document_id) FROM claims c
		WHERE c.incident_id = incidents.id) FROM incidents WHERE `+where+` ORDER BY `+order+lo, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list incidents: %w", err)
	}
	defer rows.Close()
	out := []heistwatch.Incident{}
	for rows.Next() {
		var sourceCount int
		inc, err := scanIncident(rows, &sourceCount)
		if err != nil {
			return nil, 0, fmt.Errorf("list incidents: %w", err)
		}
		inc.SourceCount = sourceCount
		out = append(out, inc)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list incidents: %w", err)
	}
	return out, total, nil
}

// eachBatch is how many incidents EachIncident reads at a time. Their
// sources come in one query per batch rather than one per incident, and
// memory stays bounded by the batch, whatever the count.
const eachBatch = 200

// EachIncident streams matching incidents with their sources in id order.
// It reads them in batches (by id, after the last one streamed), never all
// at once, and holds no statement open while fn runs.
func (db *DB) EachIncident(ctx context.Context, q heistwatch.IncidentQuery, fn func(heistwatch.Incident) error) error {
	where, args := db.incidentWhere(q)
	c := db.read()
	var after int64
	offset, left := max(q.Offset, 0), q.Limit // left <= 0: no limit
	for {
		n := eachBatch
		if q.Limit > 0 {
			n = min(n, left)
		}
		if n <= 0 {
			return nil
		}
		batch, err := incidentBatch(ctx, c, where, args, after, n, offset)
		if err != nil {
			return fmt.Errorf("stream incidents: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		ids := make([]int64, len(batch))
		for i, inc := range batch {
			ids[i] = inc.ID
		}
		bySrc, err := sourcesOf(ctx, c, ids)
		if err != nil {
			return fmt.Errorf("stream incidents %d to %d: sources: %w", ids[0], ids[len(ids)-1], err)
		}
		for _, inc := range batch {
			inc.Sources = bySrc[inc.ID]
			inc.SourceCount = len(inc.Sources)
			if err := fn(inc); err != nil {
				return err
			}
		}
		if len(batch) < n {
			return nil
		}
		after, offset, left = ids[len(ids)-1], 0, left-len(batch)
	}
}

// incidentBatch reads up to limit incidents matching where (with its args)
// whose id is above after, in id order, skipping the first offset.
func incidentBatch(ctx context.Context, c conn, where string, args []any, after int64, limit, offset int) ([]heistwatch.Incident, error) {
	args = append(args[:len(args):len(args)], after, limit, offset) // never into the caller's array
	return scanIncidents(c.query(ctx, `SELECT `+incidentCols+` FROM incidents WHERE `+where+
		` AND id > ? ORDER BY id LIMIT ? OFFSET ?`, args...))
}
