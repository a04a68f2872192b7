-- Each user's Gemini credentials, encrypted with Tink AEAD (AES-256-GCM); the associated data binds a ciphertext to
-- its account and provider. At most one credential per account and provider.
CREATE TABLE credentials (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    provider             TEXT    NOT NULL CHECK (provider IN ('gemini-web', 'gemini-api')),
    ciphertext           TEXT    NOT NULL,
    hint                 TEXT    NOT NULL,
    status               TEXT    NOT NULL DEFAULT 'unverified' CHECK (status IN ('valid', 'expired', 'invalid', 'blocked', 'unverified')),
    status_detail        TEXT,
    expiry_notified_at   INTEGER,
    last_verified_at     INTEGER,
    last_used_at         INTEGER,
    last_rotated_at      INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    UNIQUE (account_id, provider)
);
CREATE INDEX credentials_rotation ON credentials (provider, status, last_rotated_at);

-- Named leases so that only one instance at a time runs a piece of background work.
CREATE TABLE leases (
    name         TEXT    PRIMARY KEY,
    owner        TEXT    NOT NULL,
    expires_at   INTEGER NOT NULL
);
