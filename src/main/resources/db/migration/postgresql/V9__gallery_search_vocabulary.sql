-- Every word of each owner's prompts, to turn a searched prefix into the owner's words that start with it. The GIN
-- index answers a prefix ('a000000001xcity':*) by first collecting the postings of all of those words into a bitmap,
-- about 10 ms for a word in 40,000 prompts even when a second word leaves few; the same words asked for exactly
-- ('a000000001xcity' | 'a000000001xcityscape') are intersected posting list by posting list (0.5 ms). The application
-- writes the words of each new image (ImageRepository.insert); a deleted image leaves its words, which only cost a
-- lookup that finds nothing. "C" collation, so that a prefix is a range of the primary key.
CREATE TABLE image_words (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    word       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (account_id, word)
);

INSERT INTO image_words (account_id, word)
SELECT DISTINCT i.account_id, w.lexeme
FROM images i, unnest(to_tsvector('simple', i.prompt)) AS w;

ANALYZE image_words;
