package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/heistwatch/heistwatch"
)

const docCols = `d.id, d.url, d.feed_id, d.item_guid, v.title, v.author, v.site_name, v.published,
	v.fetched_at, v.text, v.content_hash, v.version, v.from_feed`

const docFrom = ` FROM documents d JOIN document_versions v ON v.document_id = d.id AND v.version = d.version`

func scanDoc(s interface{ Scan(...any) error }) (heistwatch.Document, error) {
	var d heistwatch.Document
	var published, fetched int64
	err := s.Scan(&d.ID, &d.URL, &d.FeedID, &d.ItemGUID, &d.Title, &d.Author, &d.SiteName, &published,
		&fetched, &d.Text, &d.ContentHash, &d.Version, &d.FromFeed)
	d.Published, d.FetchedAt = tm(published), tm(fetched)
	return d, err
}

// ContentHash is the hex SHA-256 of a document's text.
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// SaveDocument stores a document version with its claims and marks the item
// done, in one transaction.
func (db *DB) SaveDocument(ctx context.Context, itemID int64, d heistwatch.Document, claims []heistwatch.Claim) (heistwatch.Document, bool, error) {
	now := db.now()
	d, err := prepareDocument(d, now)
	if err != nil {
		return d, false, err
	}
	var changed bool
	var saved heistwatch.Document
	err = db.tx(ctx, func(c conn) error {
		if err := db.relax(ctx, c); err != nil {
			return err
		}
		var w docWrites
		if saved, changed, err = db.saveDocument(ctx, c, now, itemID, d, claims, &w); err != nil {
			return err
		}
		return w.flush(ctx, c)
	})
	if err != nil {
		return d, false, fmt.Errorf("save document %s: %w", d.URL, err)
	}
	return saved, changed, nil
}

// SaveDocuments is SaveDocument for several articles in one transaction: each
// document is stored with its item marked done exactly as SaveDocument does,
// and all of them commit together or not at all. itemIDs, docs and claims
// are parallel; saved and changed follow the same order. An ingester saving
// many small articles spends most of a lone SaveDocument on the commit, so
// it groups the articles its workers finish at the same moment.
func (db *DB) SaveDocuments(ctx context.Context, itemIDs []int64, docs []heistwatch.Document, claims [][]heistwatch.Claim) ([]heistwatch.Document, []bool, error) {
	if len(itemIDs) != len(docs) || len(claims) != len(docs) {
		return nil, nil, invalid("save documents: %d items, %d documents and %d claim lists", len(itemIDs), len(docs), len(claims))
	}
	now := db.now()
	prepared := make([]heistwatch.Document, len(docs))
	for i, d := range docs {
		var err error
		if prepared[i], err = prepareDocument(d, now); err != nil {
			return nil, nil, err
		}
	}
	// In URL order, so two processes saving overlapping batches take the
	// documents' row locks in the same order and never wait on each other
	// in a circle (PostgreSQL).
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(prepared[a].URL, prepared[b].URL) })
	saved := make([]heistwatch.Document, len(docs))
	changed := make([]bool, len(docs))
	err := db.tx(ctx, func(c conn) error {
		if err := db.relax(ctx, c); err != nil {
			return err
		}
		var w docWrites
		for _, i := range order {
			var err error
			saved[i], changed[i], err = db.saveDocument(ctx, c, now, itemIDs[i], prepared[i], claims[i], &w)
			if err != nil {
				return fmt.Errorf("save document %s: %w", prepared[i].URL, err)
			}
		}
		return w.flush(ctx, c)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("save %d documents: %w", len(docs), err)
	}
	return saved, changed, nil
}

// prepareDocument checks a document and fills in what the caller may leave
// out: its content hash and fetch time.
func prepareDocument(d heistwatch.Document, now time.Time) (heistwatch.Document, error) {
	d.URL = strings.TrimSpace(d.URL)
	if d.URL == "" {
		return d, invalid("save document: canonical URL is empty")
	}
	if d.ContentHash == "" {
		d.ContentHash = ContentHash(d.Text)
	}
	if d.FetchedAt.IsZero() {
		d.FetchedAt = now
	}
	return d, nil
}

// relax runs the dialect's relaxed-durability statement, if it has one (see
// Dialect.Relaxed): only article saves use it.
func (db *DB) relax(ctx context.Context, c conn) error {
	if db.d.Relaxed == "" {
		return nil
	}
	_, err := c.exec(ctx, db.d.Relaxed)
	return err
}

// docWrites gathers the rows that saving a group of documents adds, so they
// are written several to a statement when the group is done.
type docWrites struct {
	versions []any // versionCols values per row
	claims   []any // claimCols values per row
	items    []int64
}

const (
	versionInsert = `INSERT INTO document_versions (document_id, version, title, author, site_name,
		published, fetched_at, text, content_hash, from_feed) VALUES `
	versionCols = 10
	claimInsert = `INSERT INTO claims (document_id, doc_version, kind, victim_key, data, search_text, created_at) VALUES `
	claimNCols  = 7
)

// flush writes the gathered rows: versions before the claims that refer to
// them.
func (w *docWrites) flush(ctx context.Context, c conn) error {
	if err := insertRows(ctx, c, versionInsert, "", versionCols, w.versions); err != nil {
		return fmt.Errorf("insert document versions: %w", err)
	}
	if err := insertRows(ctx, c, claimInsert, "", claimNCols, w.claims); err != nil {
		return fmt.Errorf("insert claims: %w", err)
	}
	if err := updateIDs(ctx, c, qItemsDone, w.items); err != nil {
		return fmt.Errorf("mark items done: %w", err)
	}
	*w = docWrites{}
	return nil
}

// saveDocument stores one prepared document inside c's transaction: a new
// document, a new version when its text changed, or nothing new; then it
// marks the item done. The version, claim and item rows go into w, for the
// caller to flush.
func (db *DB) saveDocument(ctx context.Context, c conn, now time.Time, itemID int64, d heistwatch.Document, claims []heistwatch.Claim, w *docWrites) (heistwatch.Document, bool, error) {
	changed := false
	var id int64
	var version int
	var hash string
	// Insert first: most saves are of new articles, and one statement then
	// does. A URL stored already (or being inserted by another process at
	// this moment: DO NOTHING waits for it) returns no row, and the select
	// then reads and locks the stored one.
	err := c.row(ctx, qInsertDoc, d.URL, d.FeedID, d.ItemGUID, d.ContentHash, ts(now)).Scan(&id)
	if err == nil {
		version, changed = 1, true
	} else if errors.Is(err, sql.ErrNoRows) {
		err = c.row(ctx, db.q(qDocByURL), d.URL).Scan(&id, &version, &hash)
	}
	if err != nil {
		return d, false, err
	}
	if !changed && hash != d.ContentHash {
		version++
		changed = true
		if _, err := c.exec(ctx, `UPDATE documents SET version = ?, content_hash = ? WHERE id = ?`,
			version, d.ContentHash, id); err != nil {
			return d, false, err
		}
	}
	if itemID != 0 {
		w.items = append(w.items, itemID)
	}
	if changed {
		w.versions = append(w.versions, id, version, d.Title, d.Author, d.SiteName, ts(d.Published), ts(d.FetchedAt), d.Text,
			d.ContentHash, d.FromFeed)
		var err error
		if w.claims, err = claimRows(w.claims, id, version, claims, now); err != nil {
			return d, false, err
		}
		saved := d
		saved.ID, saved.Version = id, version
		saved.Published, saved.FetchedAt = tm(ts(d.Published)), tm(ts(d.FetchedAt))
		return saved, true, nil
	}
	// The stored version may be one this group has not written yet.
	if err := w.flush(ctx, c); err != nil {
		return d, false, err
	}
	saved, err := scanDoc(c.row(ctx, `SELECT `+docCols+docFrom+` WHERE d.id = ?`, id))
	return saved, false, err
}

// insertClaims adds claims for one document version, unclustered.
func insertClaims(ctx context.Context, c conn, docID int64, version int, claims []heistwatch.Claim, now time.Time) error {
	rows, err := claimRows(nil, docID, version, claims, now)
	if err != nil {
		return err
	}
	if err := insertRows(ctx, c, claimInsert, "", claimNCols, rows); err != nil {
		return fmt.Errorf("insert claims: %w", err)
	}
	return nil
}

// claimRows appends the claimNCols values of each claim's row to rows.
func claimRows(rows []any, docID int64, version int, claims []heistwatch.Claim, now time.Time) ([]any, error) {
	for _, cl := range claims {
		if cl.Kind == "" {
			cl.Kind = heistwatch.KindIncident
		}
		data, search, err := claimData(cl)
		if err != nil {
			return rows, err
		}
		rows = append(rows, docID, version, string(cl.Kind), cl.VictimKey, data, search, ts(now))
	}
	return rows, nil
}

// claimData is the JSON a claim is kept as (its row columns left out) and the
// lower-case text searched for it.
func claimData(cl heistwatch.Claim) (string, string, error) {
	cl.ID, cl.DocumentID, cl.DocVersion, cl.IncidentID = 0, 0, 0, 0
	cl.CreatedAt = cl.CreatedAt.UTC()
	b, err := json.Marshal(cl)
	if err != nil {
		return "", "", fmt.Errorf("encode claim: %w", err)
	}
	parts := []string{cl.Victim, cl.Actor, cl.AttributedBy}
	for _, e := range cl.Evidence {
		parts = append(parts, e.Text)
	}
	return string(b), strings.ToLower(strings.Join(parts, "\n")), nil
}

const claimCols = `c.id, c.document_id, c.doc_version, COALESCE(c.incident_id, 0), c.created_at, c.data`

func scanClaim(s interface{ Scan(...any) error }) (heistwatch.Claim, error) {
	var cl heistwatch.Claim
	var id, docID, incID, created int64
	var version int
	var data string
	if err := s.Scan(&id, &docID, &version, &incID, &created, &data); err != nil {
		return cl, err
	}
	if err := json.Unmarshal([]byte(data), &cl); err != nil {
		return cl, fmt.Errorf("decode claim %d: %w", id, err)
	}
	cl.ID, cl.DocumentID, cl.DocVersion, cl.IncidentID, cl.CreatedAt = id, docID, version, incID, tm(created)
	return cl, nil
}

func scanClaims(rows *sql.Rows) ([]heistwatch.Claim, error) {
	defer rows.Close()
	var cs []heistwatch.Claim
	for rows.Next() {
		cl, err := scanClaim(rows)
		if err != nil {
			return nil, err
		}
		cs = append(cs, cl)
	}
	return cs, rows.Err()
}

// Document returns a document's newest version.
func (db *DB) Document(ctx context.Context, id int64) (heistwatch.Document, error) {
	d, err := scanDoc(db.read().row(ctx, `SELECT `+docCols+docFrom+` WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, notFound("document", id)
	}
	if err != nil {
		return d, fmt.Errorf("document %d: %w", id, err)
	}
	return d, nil
}

// DocumentVersion returns one stored version of a document; older versions
// are kept so their claims keep their evidence.
func (db *DB) DocumentVersion(ctx context.Context, id int64, version int) (heistwatch.Document, error) {
	d, err := scanDoc(db.read().row(ctx, `SELECT `+docCols+` FROM documents d
		JOIN document_versions v ON v.document_id = d.id WHERE d.id = ? AND v.version = ?`, id, version))
	if errors.Is(err, sql.ErrNoRows) {
		return d, notFound("document version", fmt.Sprintf("%d/%d", id, version))
	}
	if err != nil {
		return d, fmt.Errorf("document %d version %d: %w", id, version, err)
	}
	return d, nil
}

// Documents streams each document's newest version in id order.
func (db *DB) Documents(ctx context.Context, fn func(heistwatch.Document) error) error {
	rows, err := db.read().query(ctx, `SELECT `+docCols+docFrom+` ORDER BY d.id`)
	if err != nil {
		return fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return fmt.Errorf("list documents: %w", err)
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list documents: %w", err)
	}
	return nil
}

// ReplaceClaims swaps one document version's claims. A new claim equal to an
// old one keeps the old one's incident; incidents that lose claims are marked
// for ClusterClaims to summarise again.
func (db *DB) ReplaceClaims(ctx context.Context, docID int64, version int, claims []heistwatch.Claim) error {
	now := db.now()
	err := db.tx(ctx, func(c conn) error {
		// Claims move between incidents only under the clustering lock.
		if err := c.lock(ctx, lockCluster); err != nil {
			return err
		}
		rows, err := c.query(ctx, `SELECT `+claimCols+` FROM claims c WHERE c.document_id = ? AND c.doc_version = ?`,
			docID, version)
		if err != nil {
			return err
		}
		old, err := scanClaims(rows)
		if err != nil {
			return err
		}
		// Old claims by their content, so an unchanged claim keeps its place.
		kept := map[string][]heistwatch.Claim{}
		for _, cl := range old {
			data, _, err := claimData(withoutTime(cl))
			if err != nil {
				return err
			}
			kept[data] = append(kept[data], cl)
		}
		var fresh []heistwatch.Claim
		for _, cl := range claims {
			if cl.Kind == "" {
				cl.Kind = heistwatch.KindIncident
			}
			data, _, err := claimData(withoutTime(cl))
			if err != nil {
				return err
			}
			if list := kept[data]; len(list) > 0 {
				kept[data] = list[1:]
				continue
			}
			fresh = append(fresh, cl)
		}
		dirty := map[int64]bool{}
		for _, list := range kept {
			for _, cl := range list {
				if _, err := c.exec(ctx, `DELETE FROM claims WHERE id = ?`, cl.ID); err != nil {
					return err
				}
				if cl.IncidentID != 0 {
					dirty[cl.IncidentID] = true
				}
			}
		}
		for id := range dirty {
			if _, err := c.exec(ctx, `UPDATE incidents SET dirty = TRUE, updated_at = ? WHERE id = ?`, ts(now), id); err != nil {
				return err
			}
		}
		return insertClaims(ctx, c, docID, version, fresh, now)
	})
	if err != nil {
		return fmt.Errorf("replace claims of document %d v%d: %w", docID, version, err)
	}
	return nil
}

// withoutTime drops the creation time, so claims compare by content.
func withoutTime(cl heistwatch.Claim) heistwatch.Claim {
	cl.CreatedAt = time.Time{}
	return cl
}

// Claims lists claims by filter in id order.
func (db *DB) Claims(ctx context.Context, q heistwatch.ClaimQuery) ([]heistwatch.Claim, error) {
	where := []string{"1 = 1"}
	var args []any
	if q.Kind != "" {
		where = append(where, "c.kind = ?")
		args = append(args, string(q.Kind))
	}
	if q.DocumentID != 0 {
		where = append(where, "c.document_id = ?")
		args = append(args, q.DocumentID)
	}
	if q.IncidentID != 0 {
		where = append(where, "c.incident_id = ?")
		args = append(args, q.IncidentID)
	}
	if q.Unclustered {
		where = append(where, "c.incident_id IS NULL AND c.kind = 'incident'")
	}
	query := `SELECT ` + claimCols + ` FROM claims c WHERE ` + strings.Join(where, " AND ") + ` ORDER BY c.id`
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	rows, err := db.read().query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	cs, err := scanClaims(rows)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	return cs, nil
}
