-- Incident lists count each incident's distinct source documents in a
-- subquery; with the document id in the index that count reads the index
-- alone. It serves every lookup by incident_id, so the old index goes.
CREATE INDEX claims_incident_document ON claims (incident_id, document_id);
DROP INDEX claims_incident;
