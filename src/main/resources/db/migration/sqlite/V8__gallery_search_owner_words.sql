-- Prefix indexes for the shortest searches. FTS5 answers a prefix search ("s"*) by merging the entries of every word
-- that starts with it, which for one letter was most of a big gallery's words (66 ms for 100,000 images). A prefix
-- index holds those entries merged already, but for prefixes of fixed sizes; so the owner in front of each word now
-- has a fixed width too ('a' || account id in nine digits || 'x', 11 characters: PromptSearch.indexedWords), and the
-- index keeps the prefixes of one and two letters after it (12 and 13 characters).
CREATE VIRTUAL TABLE temp.images_search_words USING fts5vocab(main, images_search, instance);
CREATE TEMP TABLE images_search_copy AS
SELECT w.doc AS id, group_concat(printf('a%09dx', i.account_id) || substr(w.term, length('a' || i.account_id || 'x') + 1), ' ') AS words
FROM (SELECT doc, term FROM temp.images_search_words ORDER BY doc, offset) w
JOIN images i ON i.id = w.doc
GROUP BY w.doc;
DROP TABLE temp.images_search_words;

DROP TRIGGER images_search_delete;
DROP TABLE images_search;
CREATE VIRTUAL TABLE images_search USING fts5(words, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1,
    prefix = '12 13');
INSERT INTO images_search (rowid, words) SELECT id, words FROM temp.images_search_copy;
DROP TABLE temp.images_search_copy;

CREATE TRIGGER images_search_delete AFTER DELETE ON images BEGIN
    DELETE FROM images_search WHERE rowid = old.id;
END;
