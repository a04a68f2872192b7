-- Favourites, share links and full-text search of prompts for the gallery.
ALTER TABLE images ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0;

-- Filters keep the newest-first keyset order (id DESC) within one owner.
CREATE INDEX images_account_style ON images (account_id, style, id);
CREATE INDEX images_account_ratio ON images (account_id, aspect_ratio, id);
CREATE INDEX images_account_provider ON images (account_id, provider, id);
CREATE INDEX images_account_favourite ON images (account_id, favourite, id);
CREATE INDEX images_account_created ON images (account_id, created_at, id);

-- One public link per image at most. The token is the link itself (shown to the owner as shareUrl), 128+ bits.
CREATE TABLE image_shares (
    image_id     INTEGER  PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
    account_id   INTEGER  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token        TEXT     NOT NULL UNIQUE,
    created_at   INTEGER  NOT NULL,
    expires_at   INTEGER
);
CREATE INDEX image_shares_account ON image_shares (account_id);

-- Prompt search: an FTS5 index of each prompt with its owner as a token ('a' || account_id), so that one MATCH narrows to
-- the owner's images inside the index; rowid is the image id. Kept in step by triggers. unicode61 folds case and accents.
CREATE VIRTUAL TABLE images_fts USING fts5(owner, prompt, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO images_fts (rowid, owner, prompt) SELECT id, 'a' || account_id, prompt FROM images;
CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
    INSERT INTO images_fts (rowid, owner, prompt) VALUES (new.id, 'a' || new.account_id, new.prompt);
END;
CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
    DELETE FROM images_fts WHERE rowid = old.id;
END;
