-- This version moves SQLite's prompt search to words that carry their owner (sqlite/V7__gallery_search_words.sql).
-- Nothing changes on PostgreSQL, where the planner walks the owner's newest images for a common word and takes the GIN
-- index for a rare one.
DO $$ BEGIN END $$;
