-- Images per account and day, "today" ending at midnight in atelier.quota.reset-zone (day is that ISO date).
-- reserved: images of jobs not finished yet; committed: images delivered. A reservation is one conditional
-- UPDATE (reserved + committed + n <= limit), so concurrent submits cannot overspend.
CREATE TABLE quota_days (
    account_id  INTEGER  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day         TEXT     NOT NULL,
    reserved    INTEGER  NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    committed   INTEGER  NOT NULL DEFAULT 0 CHECK (committed >= 0),
    PRIMARY KEY (account_id, day)
);

-- Generation requests per account in fixed one-minute windows (window_start in epoch millis).
CREATE TABLE quota_minutes (
    account_id    INTEGER  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    window_start  INTEGER  NOT NULL,
    requests      INTEGER  NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, window_start)
);
CREATE INDEX quota_minutes_window ON quota_minutes (window_start);

-- An admin's daily image limit for one account, instead of its tier's.
CREATE TABLE quota_overrides (
    account_id    INTEGER  PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    daily_images  INTEGER  NOT NULL CHECK (daily_images >= 0)
);
