-- Prompt search that reads only the owner's words. FTS5 answers a prefix search ("light"*) by first merging the entries of
-- every term with that prefix, and with the owner in a column of its own those were every account's: a tenth of a
-- second for a common word among a million images. Now each indexed word carries its owner in front ('a12x' || word),
-- so a prefix search of 'a12xlight' merges account 12's words only. The application writes the words of each new image
-- (ImageRepository.insert, PromptSearch.indexedWords); the words of existing images are copied from the old index.
-- Contentless: the prompt itself stays in images.
CREATE VIRTUAL TABLE images_search USING fts5(words, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1);

CREATE VIRTUAL TABLE temp.images_fts_words USING fts5vocab(main, images_fts, instance);
INSERT INTO images_search (rowid, words)
SELECT w.doc, group_concat('a' || i.account_id || 'x' || w.term, ' ')
FROM (SELECT doc, term FROM temp.images_fts_words WHERE col = 'prompt' ORDER BY doc, offset) w
JOIN images i ON i.id = w.doc
GROUP BY w.doc;
DROP TABLE temp.images_fts_words;

DROP TRIGGER images_fts_insert;
DROP TRIGGER images_fts_delete;
DROP TABLE images_fts;

CREATE TRIGGER images_search_delete AFTER DELETE ON images BEGIN
    DELETE FROM images_search WHERE rowid = old.id;
END;
