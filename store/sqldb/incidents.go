package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/heistwatch/heistwatch"
)

const incidentCols = `id, status, version, victim_key, extracted, edits, confidence, needs_look, merged_into,
	reviewed_by, reviewed_at, leased_by, lease_until, created_at, updated_at`

// clusterBatch is how many claims one clustering transaction places, so a
// large backlog does not hold the lock for minutes.
const clusterBatch = 500

// analyzeAfter is how many claims one ClusterClaims call places before it
// runs the dialect's Analyze.
const analyzeAfter = 1000

// scanIncident reads the incidentCols of a row, and into extra the columns
// selected after them.
func scanIncident(s interface{ Scan(...any) error }, extra ...any) (heistwatch.Incident, error) {
	var r incidentRaw
	if err := r.scan(s, extra...); err != nil {
		return r.inc, err
	}
	return r.decode()
}

// incidentRaw is a scanned incident row whose JSON columns are not decoded
// yet, so a reader that already holds a newer copy can skip that work.
type incidentRaw struct {
	inc              heistwatch.Incident
	extracted, edits string
}

func (r *incidentRaw) scan(s interface{ Scan(...any) error }, extra ...any) error {
	inc := &r.inc
	var status string
	var reviewed, leaseUntil, created, updated int64
	err := s.Scan(append([]any{&inc.ID, &status, &inc.Version, &inc.VictimKey, &r.extracted, &r.edits, &inc.Confidence,
		&inc.NeedsLook, &inc.MergedInto, &inc.ReviewedBy, &reviewed, &inc.LeasedBy, &leaseUntil, &created, &updated}, extra...)...)
	if err != nil {
		return err
	}
	inc.Status = heistwatch.Status(status)
	inc.ReviewedAt, inc.LeaseUntil, inc.CreatedAt, inc.UpdatedAt = tm(reviewed), tm(leaseUntil), tm(created), tm(updated)
	return nil
}

func (r *incidentRaw) decode() (heistwatch.Incident, error) {
	inc := r.inc
	if err := json.Unmarshal([]byte(r.extracted), &inc.Extracted); err != nil {
		return inc, fmt.Errorf("decode incident %d: %w", inc.ID, err)
	}
	if err := json.Unmarshal([]byte(r.edits), &inc.Edits); err != nil {
		return inc, fmt.Errorf("decode incident %d edits: %w", inc.ID, err)
	}
	return inc, nil
}

// incidentRow is an incident's column values, shared by insert and update.
func incidentRow(inc *heistwatch.Incident) ([]any, error) {
	if inc.LeasedBy == "" {
		inc.LeaseUntil = time.Time{}
	}
	extracted, err := json.Marshal(inc.Extracted)
	if err != nil {
		return nil, fmt.Errorf("encode incident: %w", err)
	}
	edits, err := json.Marshal(inc.Edits)
	if err != nil {
		return nil, fmt.Errorf("encode incident edits: %w", err)
	}
	eff := inc.Effective()
	victim := strings.ToLower(strings.Join([]string{eff.Victim, inc.Extracted.Victim, inc.VictimKey}, "\n"))
	search := strings.ToLower(strings.Join([]string{eff.Victim, inc.Extracted.Victim, inc.VictimKey,
		eff.Actor, inc.Extracted.Actor, eff.AttributedBy, eff.ActorFamily}, "\n"))
	return []any{string(inc.Status), inc.Version, inc.VictimKey, string(extracted), string(edits), inc.Confidence,
		inc.NeedsLook, inc.MergedInto, inc.ReviewedBy, ts(inc.ReviewedAt), inc.LeasedBy, ts(inc.LeaseUntil),
		ts(inc.CreatedAt), ts(inc.UpdatedAt), eff.AmountUSD, strings.ToLower(eff.ActorFamily), victim, search}, nil
}

func insertIncident(ctx context.Context, c conn, inc *heistwatch.Incident) error {
	args, err := incidentRow(inc)
	if err != nil {
		return err
	}
	return c.row(ctx, `INSERT INTO incidents (status, version, victim_key, extracted, edits, confidence,
		needs_look, merged_into, reviewed_by, reviewed_at, leased_by, lease_until, created_at, updated_at,
		amount_usd, actor_family, victim_text, search_text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args...).Scan(&inc.ID)
}

func writeIncident(ctx context.Context, c conn, inc *heistwatch.Incident) error {
	args, err := incidentRow(inc)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `UPDATE incidents SET status = ?, version = ?, victim_key = ?, extracted = ?,
		edits = ?, confidence = ?, needs_look = ?, merged_into = ?, reviewed_by = ?, reviewed_at = ?,
		leased_by = ?, lease_until = ?, created_at = ?, updated_at = ?, amount_usd = ?, actor_family = ?,
		victim_text = ?, search_text = ?, dirty = FALSE WHERE id = ?`, append(args, inc.ID)...)
	return err
}

// loadIncident reads one incident, locking its row inside a transaction.
func (db *DB) loadIncident(ctx context.Context, c conn, id int64) (heistwatch.Incident, error) {
	lock := ""
	if c.tx != nil {
		lock = db.d.ForUpdate
	}
	inc, err := scanIncident(c.row(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id = ?`+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return inc, notFound("incident", id)
	}
	return inc, err
}

func incidentClaims(ctx context.Context, c conn, id int64) ([]heistwatch.Claim, error) {
	rows, err := c.query(ctx, `SELECT `+claimCols+` FROM claims c WHERE c.incident_id = ? ORDER BY c.id`, id)
	if err != nil {
		return nil, err
	}
	return scanClaims(rows)
}

// summarize recomputes an incident's extracted fields from its claims.
func summarize(ctx context.Context, c conn, cl heistwatch.Clusterer, inc *heistwatch.Incident) error {
	claims, err := incidentClaims(ctx, c, inc.ID)
	if err != nil {
		return err
	}
	inc.Extracted, inc.Confidence = cl.Summarize(claims)
	return nil
}

// sources gathers an incident's documents with their claims and evidence.
func sources(ctx context.Context, c conn, id int64) ([]heistwatch.Source, error) {
	bySrc, err := sourcesOf(ctx, c, []int64{id})
	return bySrc[id], err
}

// sourcesOf gathers the sources of several incidents in one query, keyed by
// incident id; an incident without claims has no entry.
func sourcesOf(ctx context.Context, c conn, ids []int64) (map[int64][]heistwatch.Source, error) {
	out := map[int64][]heistwatch.Source{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := c.query(ctx, `SELECT `+claimCols+`, d.url, v.title, v.published, d.feed_id
		FROM claims c JOIN documents d ON d.id = c.document_id
		JOIN document_versions v ON v.document_id = c.document_id AND v.version = c.doc_version
		WHERE c.incident_id IN (`+placeholders(len(ids))+`) ORDER BY c.incident_id, c.document_id, c.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, docID, incID, created, published, feedID int64
		var version int
		var data, url, title string
		if err := rows.Scan(&cid, &docID, &version, &incID, &created, &data, &url, &title, &published, &feedID); err != nil {
			return nil, err
		}
		var cl heistwatch.Claim
		if err := json.Unmarshal([]byte(data), &cl); err != nil {
			return nil, fmt.Errorf("decode claim %d: %w", cid, err)
		}
		cl.ID, cl.DocumentID, cl.DocVersion, cl.IncidentID, cl.CreatedAt = cid, docID, version, incID, tm(created)
		srcs := out[incID]
		if len(srcs) == 0 || srcs[len(srcs)-1].DocumentID != docID {
			srcs = append(srcs, heistwatch.Source{DocumentID: docID, URL: url, Title: title,
				Published: tm(published), FeedID: feedID, Evidence: []heistwatch.Evidence{}})
		}
		s := &srcs[len(srcs)-1]
		s.Claims = append(s.Claims, cl)
		s.Evidence = append(s.Evidence, cl.Evidence...)
		out[incID] = srcs
	}
	return out, rows.Err()
}

func (db *DB) addAudit(ctx context.Context, c conn, now time.Time, by string, es ...heistwatch.AuditEntry) error {
	rows := make([]any, 0, 7*len(es))
	for _, e := range es {
		if e.Actor == "" {
			e.Actor = by
		}
		if e.At.IsZero() {
			e.At = now
		}
		if e.IncidentID == 0 || e.Action == "" || e.Actor == "" {
			return invalid("audit entry needs an incident, an action and an actor")
		}
		rows = append(rows, e.IncidentID, e.Actor, e.Action, e.Field, e.Before, e.After, ts(e.At))
	}
	if err := insertRows(ctx, c, auditInsert, "", 7, rows); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

const auditInsert = `INSERT INTO audit (incident_id, actor, action, field, before_value, after_value, at) VALUES `

// ClusterClaims places unclustered incident claims with cl, in batches, each
// batch one transaction under the clustering lock. Incidents whose claims
// were replaced (reextract) are summarised again first.
func (db *DB) ClusterClaims(ctx context.Context, cl heistwatch.Clusterer, now time.Time) (int, error) {
	if now.IsZero() {
		now = db.now()
	}
	now = now.UTC()
	// The ids to place are listed once, then placed clusterBatch at a time:
	// picking each batch afresh made SQLite read and sort every claim still
	// unclustered, batch after batch. Claims saved meanwhile are found by
	// listing again once a long list is used up. The first batch runs even
	// when there is nothing to place, to summarise dirty incidents.
	ids, err := unclusteredIDs(ctx, db.read())
	if err != nil {
		return 0, fmt.Errorf("cluster claims: %w", err)
	}
	// One call at a time in this process: the calls share db.clusterCache.
	db.clusterMu.Lock()
	defer db.clusterMu.Unlock()
	total := 0
	for first := true; first || len(ids) > 0; first = false {
		batch := ids[:min(len(ids), clusterBatch)]
		ids = ids[len(batch):]
		n, err := db.placeBatch(ctx, cl, now, &db.clusterCache, batch)
		if err != nil {
			return total, fmt.Errorf("cluster claims: %w", err)
		}
		total += n
		// Relist only after a full batch: claims trickling in while an
		// ingester saves wait for the next call rather than make this one
		// place them a few at a time, each time summarising again every
		// incident they touch.
		if len(ids) == 0 && len(batch) == clusterBatch {
			if ids, err = unclusteredIDs(ctx, db.read()); err != nil {
				return total, fmt.Errorf("cluster claims: %w", err)
			}
		}
	}
	if total >= analyzeAfter && db.d.Analyze != "" {
		if _, err := db.w.ExecContext(ctx, db.d.Analyze); err != nil {
			return total, fmt.Errorf("cluster claims: refresh planner statistics: %w", err)
		}
	}
	return total, nil
}

// unclusteredIDs lists the incident claims not placed yet, in id order.
func unclusteredIDs(ctx context.Context, c conn) ([]int64, error) {
	rows, err := c.query(ctx, `SELECT id FROM claims WHERE incident_id IS NULL AND kind = 'incident' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// placeBatch places the claims among ids that are still unclustered (another
// process may have placed some since they were listed) in one transaction
// under the clustering lock, after summarising dirty incidents again.
func (db *DB) placeBatch(ctx context.Context, cl heistwatch.Clusterer, now time.Time, known *claimCache, ids []int64) (int, error) {
	var p *placer
	err := db.tx(ctx, func(c conn) error {
		p = nil
		if err := c.lock(ctx, lockCluster); err != nil {
			return err
		}
		if err := db.resummarizeDirty(ctx, c, cl, now); err != nil {
			return err
		}
		p = newPlacer(db, c, cl, now, known)
		if len(ids) == 0 {
			return nil
		}
		// Always clusterBatch ids (see inGroups), so the query is one.
		var claims []heistwatch.Claim
		query := `SELECT ` + claimCols + ` FROM claims c WHERE c.id IN (` + placeholders(clusterBatch) + `)
			AND c.incident_id IS NULL ORDER BY c.id`
		err := inGroups(ids, clusterBatch, nil, func(args []any) error {
			rows, err := c.query(ctx, query, args...)
			if err != nil {
				return err
			}
			claims, err = scanClaims(rows)
			return err
		})
		if err != nil {
			return err
		}
		for _, claim := range claims {
			if err := p.place(ctx, claim); err != nil {
				return fmt.Errorf("claim %d: %w", claim.ID, err)
			}
			p.placed++
		}
		return p.flush(ctx)
	})
	if err != nil {
		return 0, err
	}
	p.keep()
	return p.placed, nil
}

// liveIncidents are the incidents of a victim not merged away, in id order.
func liveIncidents(ctx context.Context, c conn, victimKey string) ([]heistwatch.Incident, error) {
	return scanIncidents(c.query(ctx, `SELECT `+incidentCols+` FROM incidents
		WHERE victim_key = ? AND status <> 'merged' ORDER BY id`, victimKey))
}

// scanIncidents reads every incident of a query's result (rows, err).
func scanIncidents(rows *sql.Rows, err error) ([]heistwatch.Incident, error) {
	var out []heistwatch.Incident
	err = eachRow(rows, err, func(r *sql.Rows) error {
		inc, err := scanIncident(r)
		if err != nil {
			return err
		}
		out = append(out, inc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (db *DB) resummarizeDirty(ctx context.Context, c conn, cl heistwatch.Clusterer, now time.Time) error {
	rows, err := c.query(ctx, `SELECT id FROM incidents WHERE dirty = TRUE`)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		inc, err := db.loadIncident(ctx, c, id)
		if err != nil {
			return err
		}
		if err := summarize(ctx, c, cl, &inc); err != nil {
			return err
		}
		inc.Version++
		inc.UpdatedAt = now
		if err := writeIncident(ctx, c, &inc); err != nil {
			return err
		}
	}
	return nil
}

// Incident returns one incident with its sources.
func (db *DB) Incident(ctx context.Context, id int64) (heistwatch.Incident, error) {
	c := db.read()
	inc, err := db.loadIncident(ctx, c, id)
	if err != nil {
		return inc, fmt.Errorf("incident %d: %w", id, err)
	}
	if inc.Sources, err = sources(ctx, c, id); err != nil {
		return inc, fmt.Errorf("incident %d sources: %w", id, err)
	}
	inc.SourceCount = len(inc.Sources)
	return inc, nil
}

// checkWritable refuses a stale base version or another user's live lease.
func checkWritable(inc heistwatch.Incident, base int64, by string, now time.Time) error {
	if inc.Version != base {
		return fmt.Errorf("incident %d is at version %d, the change was based on %d: %w",
			inc.ID, inc.Version, base, heistwatch.ErrConflict)
	}
	if inc.LeasedBy != "" && inc.LeasedBy != by && inc.LeaseUntil.After(now) {
		return fmt.Errorf("incident %d is being reviewed by %s until %s: %w",
			inc.ID, inc.LeasedBy, inc.LeaseUntil.Format(time.RFC3339), heistwatch.ErrConflict)
	}
	return nil
}

// UpdateIncident applies change if the incident is still at version base.
// change runs inside the write transaction and must not call the store.
func (db *DB) UpdateIncident(ctx context.Context, id, base int64, by string,
	change func(*heistwatch.Incident) ([]heistwatch.AuditEntry, error)) (heistwatch.Incident, error) {
	now := db.now()
	var out heistwatch.Incident
	err := db.tx(ctx, func(c conn) error {
		inc, err := db.loadIncident(ctx, c, id)
		if err != nil {
			return err
		}
		if err := checkWritable(inc, base, by, now); err != nil {
			return err
		}
		if inc.Sources, err = sources(ctx, c, id); err != nil {
			return err
		}
		inc.SourceCount = len(inc.Sources)
		created := inc.CreatedAt
		entries, err := change(&inc)
		if err != nil {
			return err
		}
		inc.ID, inc.CreatedAt = id, created
		inc.Version = base + 1
		inc.UpdatedAt = now
		if err := writeIncident(ctx, c, &inc); err != nil {
			return err
		}
		for i := range entries {
			if entries[i].IncidentID == 0 {
				entries[i].IncidentID = id
			}
		}
		if err := db.addAudit(ctx, c, now, by, entries...); err != nil {
			return err
		}
		out = inc
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("update incident %d: %w", id, err)
	}
	return out, nil
}

// Merge folds src into dst under the clustering lock, checking both versions.
func (db *DB) Merge(ctx context.Context, dst, dstBase, src, srcBase int64, by string, cl heistwatch.Clusterer) (heistwatch.Incident, error) {
	if dst == src {
		return heistwatch.Incident{}, invalid("cannot merge incident %d into itself", dst)
	}
	now := db.now()
	var out heistwatch.Incident
	err := db.tx(ctx, func(c conn) error {
		if err := c.lock(ctx, lockCluster); err != nil {
			return err
		}
		d, err := db.loadIncident(ctx, c, dst)
		if err != nil {
			return err
		}
		s, err := db.loadIncident(ctx, c, src)
		if err != nil {
			return err
		}
		if err := checkWritable(d, dstBase, by, now); err != nil {
			return err
		}
		if err := checkWritable(s, srcBase, by, now); err != nil {
			return err
		}
		if s.Status == heistwatch.StatusMerged {
			return fmt.Errorf("incident %d is already merged into %d: %w", src, s.MergedInto, heistwatch.ErrConflict)
		}
		if d.Status == heistwatch.StatusMerged {
			return invalid("incident %d was merged into %d; merge into that one instead", dst, d.MergedInto)
		}
		if _, err := c.exec(ctx, `UPDATE claims SET incident_id = ? WHERE incident_id = ?`, dst, src); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE incidents SET merged_into = ? WHERE merged_into = ?`, dst, src); err != nil {
			return err
		}
		if err := summarize(ctx, c, cl, &d); err != nil {
			return err
		}
		d.Version++
		d.UpdatedAt = now
		if err := writeIncident(ctx, c, &d); err != nil {
			return err
		}
		before := string(s.Status)
		// Merged away, it is nobody's to look at again; dst carries its sources.
		s.Status, s.MergedInto, s.NeedsLook = heistwatch.StatusMerged, dst, false
		s.Version++
		s.UpdatedAt = now
		if err := writeIncident(ctx, c, &s); err != nil {
			return err
		}
		if err := db.addAudit(ctx, c, now, by,
			heistwatch.AuditEntry{IncidentID: dst, Action: "merge", Field: "sources", After: fmt.Sprintf("merged incident %d in", src)},
			heistwatch.AuditEntry{IncidentID: src, Action: "merge", Field: "status", Before: before,
				After: fmt.Sprintf("merged into %d", dst)}); err != nil {
			return err
		}
		d.Sources, err = sources(ctx, c, dst)
		d.SourceCount = len(d.Sources)
		out = d
		return err
	})
	if err != nil {
		return out, fmt.Errorf("merge incident %d into %d: %w", src, dst, err)
	}
	return out, nil
}

// Split moves one document's claims out of an incident into a new pending one.
func (db *DB) Split(ctx context.Context, id, base, documentID int64, by string, cl heistwatch.Clusterer) (heistwatch.Incident, error) {
	now := db.now()
	var out heistwatch.Incident
	err := db.tx(ctx, func(c conn) error {
		if err := c.lock(ctx, lockCluster); err != nil {
			return err
		}
		inc, err := db.loadIncident(ctx, c, id)
		if err != nil {
			return err
		}
		if err := checkWritable(inc, base, by, now); err != nil {
			return err
		}
		claims, err := incidentClaims(ctx, c, id)
		if err != nil {
			return err
		}
		var part, rest []heistwatch.Claim
		for _, claim := range claims {
			if claim.DocumentID == documentID {
				part = append(part, claim)
			} else {
				rest = append(rest, claim)
			}
		}
		if len(part) == 0 {
			return invalid("incident %d has no claims from document %d", id, documentID)
		}
		if len(rest) == 0 {
			return invalid("document %d is the only source of incident %d; there is nothing to split from", documentID, id)
		}
		nw := heistwatch.Incident{Status: heistwatch.StatusPending, Version: 1, VictimKey: part[0].VictimKey,
			CreatedAt: now, UpdatedAt: now}
		nw.Extracted, nw.Confidence = cl.Summarize(part)
		if err := insertIncident(ctx, c, &nw); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE claims SET incident_id = ? WHERE incident_id = ? AND document_id = ?`,
			nw.ID, id, documentID); err != nil {
			return err
		}
		inc.Extracted, inc.Confidence = cl.Summarize(rest)
		inc.Version++
		inc.UpdatedAt = now
		if err := writeIncident(ctx, c, &inc); err != nil {
			return err
		}
		if err := db.addAudit(ctx, c, now, by,
			heistwatch.AuditEntry{IncidentID: id, Action: "split", Field: "sources",
				Before: fmt.Sprintf("document %d", documentID), After: fmt.Sprintf("moved to incident %d", nw.ID)},
			heistwatch.AuditEntry{IncidentID: nw.ID, Action: "split", Field: "sources",
				Before: fmt.Sprintf("incident %d", id), After: fmt.Sprintf("document %d", documentID)}); err != nil {
			return err
		}
		nw.Sources, err = sources(ctx, c, nw.ID)
		nw.SourceCount = len(nw.Sources)
		out = nw
		return err
	})
	if err != nil {
		return out, fmt.Errorf("split document %d from incident %d: %w", documentID, id, err)
	}
	return out, nil
}

// Lease reserves an incident for user until the given time; a time not in
// the future gives the user's lease back.
func (db *DB) Lease(ctx context.Context, id int64, user string, until time.Time) error {
	if user == "" {
		return invalid("lease incident %d: user is empty", id)
	}
	now := db.now()
	owner, untilTS := user, ts(until)
	if !until.After(now) {
		owner, untilTS = "", 0
	}
	err := db.tx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE incidents SET leased_by = ?, lease_until = ?
			WHERE id = ? AND (leased_by = '' OR leased_by = ? OR lease_until <= ?)`, owner, untilTS, id, user, ts(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		inc, err := db.loadIncident(ctx, c, id)
		if err != nil {
			return err
		}
		return fmt.Errorf("incident %d is being reviewed by %s until %s: %w",
			id, inc.LeasedBy, inc.LeaseUntil.Format(time.RFC3339), heistwatch.ErrConflict)
	})
	if err != nil {
		return fmt.Errorf("lease incident %d: %w", id, err)
	}
	return nil
}

// Audit lists audit entries newest first; limit 0 lists all.
func (db *DB) Audit(ctx context.Context, incidentID int64, limit int) ([]heistwatch.AuditEntry, error) {
	query := `SELECT id, incident_id, actor, action, field, before_value, after_value, at FROM audit`
	var args []any
	if incidentID != 0 {
		query += ` WHERE incident_id = ?`
		args = append(args, incidentID)
	}
	query += ` ORDER BY id DESC`
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := db.read().query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []heistwatch.AuditEntry
	for rows.Next() {
		var e heistwatch.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &e.IncidentID, &e.Actor, &e.Action, &e.Field, &e.Before, &e.After, &at); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		e.At = tm(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return out, nil
}

// AddAudit appends entries outside an update, such as a refused conflict.
func (db *DB) AddAudit(ctx context.Context, es ...heistwatch.AuditEntry) error {
	now := db.now()
	err := db.tx(ctx, func(c conn) error { return db.addAudit(ctx, c, now, "", es...) })
	if err != nil {
		return fmt.Errorf("add audit: %w", err)
	}
	return nil
}
