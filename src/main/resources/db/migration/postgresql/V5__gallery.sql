-- Favourites, share links and full-text search of prompts for the gallery.
ALTER TABLE images ADD COLUMN favourite BOOLEAN NOT NULL DEFAULT FALSE;

-- Filters keep the newest-first keyset order (id DESC) within one owner.
CREATE INDEX images_account_style ON images (account_id, style, id);
CREATE INDEX images_account_ratio ON images (account_id, aspect_ratio, id);
CREATE INDEX images_account_provider ON images (account_id, provider, id);
CREATE INDEX images_account_favourite ON images (account_id, favourite, id);
CREATE INDEX images_account_created ON images (account_id, created_at, id);

-- One public link per image at most. The token is the link itself (shown to the owner as shareUrl), 128+ bits.
CREATE TABLE image_shares (
    image_id     BIGINT   PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
    account_id   BIGINT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token        TEXT     NOT NULL UNIQUE,
    created_at   BIGINT   NOT NULL,
    expires_at   BIGINT
);
CREATE INDEX image_shares_account ON image_shares (account_id);

-- Prompt search: the 'simple' configuration (no stemming, like SQLite's unicode61: prompts come in every language).
-- Unlike SQLite it does not fold accents (unaccent is an extension that needs a superuser to install).
ALTER TABLE images ADD COLUMN prompt_search tsvector GENERATED ALWAYS AS (to_tsvector('simple', prompt)) STORED;
CREATE INDEX images_prompt_search ON images USING GIN (prompt_search);
