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

-- Prompt search: an external-content FTS5 index kept in step by triggers (the unicode61 tokenizer folds case and accents).
CREATE VIRTUAL TABLE images_fts USING fts5(prompt, content='images', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
INSERT INTO images_fts (rowid, prompt) SELECT id, prompt FROM images;
CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
    INSERT INTO images_fts (rowid, prompt) VALUES (new.id, new.prompt);
END;
CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
    INSERT INTO images_fts (images_fts, rowid, prompt) VALUES ('delete', old.id, old.prompt);
END;
CREATE TRIGGER images_fts_update AFTER UPDATE OF prompt ON images BEGIN
    INSERT INTO images_fts (images_fts, rowid, prompt) VALUES ('delete', old.id, old.prompt);
    INSERT INTO images_fts (rowid, prompt) VALUES (new.id, new.prompt);
END;
