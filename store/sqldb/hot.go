package sqldb

// The statements run once per article or per feed item, named here so the
// hot path reads at a glance; the text is the same on every engine.
const (
	// qDocByURL takes the dialect's row lock: see (*DB).q.
	qDocByURL  = `SELECT id, version, content_hash FROM documents WHERE url = ?`
	qInsertDoc = `INSERT INTO documents (url, feed_id, item_guid, version, content_hash, created_at)
		VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (url) DO NOTHING RETURNING id`
	qInsertVersion = `INSERT INTO document_versions (document_id, version, title, author, site_name,
		published, fetched_at, text, content_hash, from_feed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertClaim = `INSERT INTO claims (document_id, doc_version, kind, victim_key, data, search_text, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	qItemDone  = `UPDATE items SET state = 'done', error = '', lease_owner = '', lease_until = 0 WHERE id = ?`
	qLinkTaken = `SELECT COUNT(*) FROM items WHERE link_key = ?
		AND state IN ('pending', 'done') AND NOT (feed_id = ? AND guid = ?)`
	qInsertItem = `INSERT INTO items (feed_id, guid, link, link_key, title, summary, content, published,
		state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (feed_id, guid) DO NOTHING RETURNING id`
)

// q returns a locking query in the dialect's form; with no row locks
// (SQLite) it is the query itself, so the prepared statement is found.
func (db *DB) q(query string) string { return query + db.d.ForUpdate }
