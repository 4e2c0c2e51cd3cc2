-- The queue sorted by amount, biggest first and unknown amounts last, read
-- straight from an index instead of sorting every pending incident.
-- (SQLite reads its (status, amount_usd) index backwards for the same order.)
CREATE INDEX incidents_status_amount_desc ON incidents (status, amount_usd DESC NULLS LAST, id DESC);
