-- Prompt search that reads only the owner's words, as on SQLite (sqlite/V7, V8). The full-text index held every
-- account's words together, so a search for two words combined long lists of other people's matches with a bitmap of
-- the owner's images (60 ms for "city abandoned" in a gallery of 100,000 among 1,000,000), and the planner could not
-- tell how common a word is in one gallery. Now each word is indexed with its owner in front ('a' || account id in at
-- least nine digits || 'x' || word, as PromptSearch writes it for SQLite), a search asks for the owner's words only
-- (atelier_owner_query), and the index alone picks the owner's images: with exact counts of the owner's matches the
-- planner chooses well between the index and walking down the newest images.

-- What the index holds for a prompt: its words as to_tsvector('simple', …) finds them, each quoted with its owner in
-- front, positions kept for ts_rank. (Only pg_catalog functions inside, so that a restore finds them whatever its
-- search_path.)
CREATE FUNCTION atelier_owner_words(account bigint, prompt text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT COALESCE(string_agg(
            '''' || replace(replace('a' || lpad(account::text, greatest(9, length(account::text)), '0') || 'x' || w.lexeme,
                '\', '\\'), '''', '''''') || ''':' || array_to_string(w.positions, ','), ' '), '')::tsvector
        FROM unnest(to_tsvector('simple', prompt)) AS w
    $$;

-- A search: every word of the text as a prefix of one of the owner's words, all required. Immutable, so that with
-- literal arguments the planner works it out first and sees how common the words are.
CREATE FUNCTION atelier_owner_query(account bigint, words text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT COALESCE(string_agg(
            '''' || replace(replace('a' || lpad(account::text, greatest(9, length(account::text)), '0') || 'x' || w.lexeme,
                '\', '\\'), '''', '''''') || ''':*', ' & '), '')::tsquery
        FROM unnest(to_tsvector('simple', words)) AS w
    $$;

DROP INDEX images_prompt_search;
ALTER TABLE images DROP COLUMN prompt_search;
ALTER TABLE images ADD COLUMN prompt_search tsvector GENERATED ALWAYS AS (atelier_owner_words(account_id, prompt)) STORED;
CREATE INDEX images_prompt_search ON images USING GIN (prompt_search);

-- PostgreSQL estimates a word it keeps no statistics for from the least common one it keeps (of 100 by default); with
-- a thousand galleries' words that guessed 1,383 matches for a word found 218 times. Keeping 1,000 brings the guess
-- near the truth; ANALYZE takes a few seconds per million images.
ALTER TABLE images ALTER COLUMN prompt_search SET STATISTICS 1000;
ANALYZE images;
