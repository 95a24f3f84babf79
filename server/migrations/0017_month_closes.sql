-- 月结: a closed month's figures with the digest of the records they were computed from and
-- each record's fingerprint, chained to the month closed before. Never changed, never
-- removed (enforced here, below the code, like the duty log).
CREATE TABLE month_closes (
    month        TEXT PRIMARY KEY,
    figures      TEXT NOT NULL,
    fingerprints TEXT NOT NULL,
    digest       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    closed_by    TEXT NOT NULL,
    closed_at    TEXT NOT NULL,
    seq          INTEGER NOT NULL UNIQUE
) STRICT;
CREATE TRIGGER month_closes_no_update BEFORE UPDATE ON month_closes
BEGIN SELECT RAISE(ABORT, 'a closed month is never changed'); END;
CREATE TRIGGER month_closes_no_delete BEFORE DELETE ON month_closes
BEGIN SELECT RAISE(ABORT, 'a closed month is never removed'); END;
