-- The review queue shows how many reviewed incidents got a new article
-- (needs_look) on every page; a partial index holds only those few rows, so
-- counting and listing them never reads the whole table.
CREATE INDEX incidents_needs_look ON incidents (created_at, id) WHERE needs_look = TRUE;
