-- Timestamps are epoch milliseconds (UTC) in both dialects, so queries and mapping stay identical.
CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    username        TEXT    NOT NULL,
    email           TEXT    NOT NULL,
    password_hash   TEXT    NOT NULL,
    role            TEXT    NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    tier            TEXT    NOT NULL DEFAULT 'free',
    enabled         INTEGER NOT NULL DEFAULT 1,
    approved        INTEGER NOT NULL DEFAULT 1,
    email_verified  INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    last_login_at   INTEGER
);
CREATE UNIQUE INDEX accounts_username_key ON accounts (lower(username));
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER,
    last_used_at  INTEGER
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE remember_me_tokens (
    series        TEXT    PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash    TEXT    NOT NULL,
    last_used_at  INTEGER NOT NULL
);
CREATE INDEX remember_me_tokens_account ON remember_me_tokens (account_id);

CREATE TABLE one_time_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
    token_hash  TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX one_time_tokens_account ON one_time_tokens (account_id, purpose);

CREATE TABLE throttle_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket       TEXT    NOT NULL,
    occurred_at  INTEGER NOT NULL
);
CREATE INDEX throttle_events_bucket ON throttle_events (bucket, occurred_at);
