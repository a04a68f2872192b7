-- This version gives PostgreSQL a table of each owner's words, to search a prefix as the owner's words that start with
-- it (postgresql/V9__gallery_search_vocabulary.sql). SQLite's FTS5 table answers prefixes from its own prefix indexes
-- (V8), so nothing changes here.
SELECT 1;
