package sqldb

// The statements run once per article or per feed item, named here so the
// hot path reads at a glance; the text is the same on every engine.
const (
	// qDocByURL takes the dialect's row lock: see (*DB).q.
	qDocByURL  = `SELECT id, version, content_hash FROM documents WHERE url = ?`
	qInsertDoc = `INSERT INTO documents (url, feed_id, item_guid, version, content_hash, created_at)
		VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (url) DO NOTHING RETURNING id`
	// qItemsDone is completed with the ids' placeholders: see updateIDs.
	qItemsDone = `UPDATE items SET state = 'done', error = '', lease_owner = '', lease_until = 0 WHERE id IN (`
)

// q returns a locking query in the dialect's form; with no row locks
// (SQLite) it is the query itself, so the prepared statement is found.
func (db *DB) q(query string) string { return query + db.d.ForUpdate }
