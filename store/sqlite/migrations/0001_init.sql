-- The first schema. Times are Unix microseconds in UTC (0 = unknown), so the
-- SQL is the same on SQLite and PostgreSQL and comparisons are plain integers.

CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL DEFAULT '',
    title         TEXT    NOT NULL DEFAULT '',
    schedule      TEXT    NOT NULL DEFAULT '',
    filter        TEXT    NOT NULL DEFAULT '',
    etag          TEXT    NOT NULL DEFAULT '',
    last_modified TEXT    NOT NULL DEFAULT '',
    error_count   INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NOT NULL DEFAULT '',
    last_poll_at  BIGINT  NOT NULL DEFAULT 0,
    last_ok_at    BIGINT  NOT NULL DEFAULT 0,
    next_poll_at  BIGINT  NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL DEFAULT 0,
    lease_owner   TEXT    NOT NULL DEFAULT '',
    lease_until   BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX feeds_next_poll ON feeds (next_poll_at);

CREATE TABLE items (
    id          INTEGER PRIMARY KEY,
    feed_id     BIGINT  NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    guid        TEXT    NOT NULL,
    link        TEXT    NOT NULL DEFAULT '',
    link_key    TEXT    NOT NULL DEFAULT '',
    title       TEXT    NOT NULL DEFAULT '',
    summary     TEXT    NOT NULL DEFAULT '',
    content     TEXT    NOT NULL DEFAULT '',
    published   BIGINT  NOT NULL DEFAULT 0,
    state       TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    error       TEXT    NOT NULL DEFAULT '',
    lease_owner TEXT    NOT NULL DEFAULT '',
    lease_until BIGINT  NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL DEFAULT 0,
    UNIQUE (feed_id, guid)
);
CREATE INDEX items_link_key ON items (link_key);
CREATE INDEX items_pending ON items (id) WHERE state = 'pending';
CREATE INDEX items_state ON items (state);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    url          TEXT    NOT NULL UNIQUE,
    feed_id      BIGINT  NOT NULL DEFAULT 0,
    item_guid    TEXT    NOT NULL DEFAULT '',
    version      INTEGER NOT NULL,
    content_hash TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX documents_feed ON documents (feed_id);

CREATE TABLE document_versions (
    document_id  BIGINT  NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    title        TEXT    NOT NULL DEFAULT '',
    author       TEXT    NOT NULL DEFAULT '',
    site_name    TEXT    NOT NULL DEFAULT '',
    published    BIGINT  NOT NULL DEFAULT 0,
    fetched_at   BIGINT  NOT NULL DEFAULT 0,
    text         TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    from_feed    BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (document_id, version)
);

CREATE TABLE incidents (
    id           INTEGER PRIMARY KEY,
    status       TEXT    NOT NULL,
    version      BIGINT  NOT NULL DEFAULT 1,
    victim_key   TEXT    NOT NULL DEFAULT '',
    extracted    TEXT    NOT NULL DEFAULT '{}',
    edits        TEXT    NOT NULL DEFAULT '{}',
    confidence   DOUBLE PRECISION NOT NULL DEFAULT 0,
    needs_look   BOOLEAN NOT NULL DEFAULT FALSE,
    merged_into  BIGINT  NOT NULL DEFAULT 0,
    reviewed_by  TEXT    NOT NULL DEFAULT '',
    reviewed_at  BIGINT  NOT NULL DEFAULT 0,
    leased_by    TEXT    NOT NULL DEFAULT '',
    lease_until  BIGINT  NOT NULL DEFAULT 0,
    created_at   BIGINT  NOT NULL DEFAULT 0,
    updated_at   BIGINT  NOT NULL DEFAULT 0,
    -- Effective values (edits over extracted), kept for filters and sorting.
    amount_usd   BIGINT,
    actor_family TEXT    NOT NULL DEFAULT '', -- lower case
    victim_text  TEXT    NOT NULL DEFAULT '', -- lower case: victim as edited and extracted
    search_text  TEXT    NOT NULL DEFAULT '', -- lower case: victim, actor, attributing party
    -- dirty marks an incident whose claims changed outside clustering
    -- (reextract); the next ClusterClaims summarises it again.
    dirty        BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX incidents_status_created ON incidents (status, created_at);
CREATE INDEX incidents_status_amount ON incidents (status, amount_usd);
CREATE INDEX incidents_created ON incidents (created_at);
CREATE INDEX incidents_updated ON incidents (updated_at);
CREATE INDEX incidents_victim_key ON incidents (victim_key);

CREATE TABLE claims (
    id          INTEGER PRIMARY KEY,
    document_id BIGINT  NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    doc_version INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    victim_key  TEXT    NOT NULL DEFAULT '',
    incident_id BIGINT  REFERENCES incidents (id),
    data        TEXT    NOT NULL,
    search_text TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX claims_document ON claims (document_id, doc_version);
CREATE INDEX claims_incident ON claims (incident_id);
CREATE INDEX claims_unclustered ON claims (id) WHERE incident_id IS NULL AND kind = 'incident';

CREATE TABLE audit (
    id           INTEGER PRIMARY KEY,
    incident_id  BIGINT  NOT NULL,
    actor        TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    field        TEXT    NOT NULL DEFAULT '',
    before_value TEXT    NOT NULL DEFAULT '',
    after_value  TEXT    NOT NULL DEFAULT '',
    at           BIGINT  NOT NULL
);
CREATE INDEX audit_incident ON audit (incident_id, id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT   NOT NULL UNIQUE,
    role          TEXT   NOT NULL,
    password_hash TEXT   NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    token_hash TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);

CREATE TABLE tokens (
    token_hash TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label      TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE cursors (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
