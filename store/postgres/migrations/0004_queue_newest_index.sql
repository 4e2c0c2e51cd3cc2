-- The queue newest first: one clustering run opens many incidents at the
-- same instant, so the id that breaks ties must be in the index too, or every
-- page sorts all pending incidents. Read backwards it serves "oldest" too.
-- (SQLite's indexes end with the row id already.)
CREATE INDEX incidents_status_newest ON incidents (status, created_at DESC, id DESC);
DROP INDEX incidents_status_created;
