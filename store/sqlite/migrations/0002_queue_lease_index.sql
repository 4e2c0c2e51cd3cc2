-- The review queue counts pending incidents not leased to someone else on
-- every page; this index answers that count without reading the table.
CREATE INDEX incidents_status_lease ON incidents (status, lease_until, leased_by);
