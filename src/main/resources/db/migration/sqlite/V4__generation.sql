-- The generation queue: one row per request, from queued to a terminal status. A worker claims a queued row by
-- setting lease_owner and lease_until; a running row whose lease ran out (its worker died) goes back to queued.
-- quota_day and count are the quota reservation made at submit, settled exactly once when the row turns terminal.
CREATE TABLE generation_jobs (
    id                INTEGER  PRIMARY KEY AUTOINCREMENT,
    account_id        INTEGER  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status            TEXT     NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    prompt            TEXT     NOT NULL,
    provider          TEXT     NOT NULL CHECK (provider IN ('gemini-web', 'gemini-api')),
    aspect_ratio      TEXT     NOT NULL,
    style             TEXT,
    count             INTEGER  NOT NULL CHECK (count BETWEEN 1 AND 4),
    quota_day         TEXT     NOT NULL,
    attempts          INTEGER  NOT NULL DEFAULT 0,
    lease_owner       TEXT,
    lease_until       BIGINT,
    error_code        TEXT,
    error_message     TEXT,
    ratio_emulated    INTEGER  NOT NULL DEFAULT 0,
    created_at        INTEGER  NOT NULL,
    started_at        BIGINT,
    finished_at       BIGINT
);
CREATE INDEX generation_jobs_account ON generation_jobs (account_id, id);
CREATE INDEX generation_jobs_queue ON generation_jobs (status, id);
CREATE INDEX generation_jobs_lease ON generation_jobs (status, lease_until);

-- Every stored image. The bytes live in the image store under storage_key (a content address, so two rows may share
-- it); the generation's parameters are copied here so the gallery filters without a join.
CREATE TABLE images (
    id              INTEGER  PRIMARY KEY AUTOINCREMENT,
    account_id      INTEGER  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    generation_id   INTEGER  REFERENCES generation_jobs (id) ON DELETE SET NULL,
    storage_key     TEXT     NOT NULL,
    thumbnail_key   TEXT     NOT NULL,
    mime_type       TEXT     NOT NULL,
    bytes           INTEGER  NOT NULL,
    width           INTEGER  NOT NULL,
    height          INTEGER  NOT NULL,
    prompt          TEXT     NOT NULL,
    style           TEXT,
    aspect_ratio    TEXT     NOT NULL,
    provider        TEXT     NOT NULL,
    created_at      INTEGER  NOT NULL
);
CREATE INDEX images_account ON images (account_id, id);
CREATE INDEX images_generation ON images (generation_id);
CREATE INDEX images_storage_key ON images (storage_key);
