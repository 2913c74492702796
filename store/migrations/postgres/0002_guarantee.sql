-- GEFT's guarantee decision, kept with the session and with every step. The
-- SQLite twin is in ../sqlite/0002_guarantee.sql.
--
-- Rows written before this migration are EFT V2 or GEFT sessions that never
-- had a guarantee stage: the default reads them as 'NotOffered', which is
-- what they were. A constant default adds the column without rewriting the
-- table, and no UPDATE runs, so the append-only trigger of 0001 is not
-- fired; it stays in place for the new columns.

-- Where the session's guarantee decision stands; compared, with the status
-- and code, by every compare-and-set.
ALTER TABLE sessions
    ADD COLUMN guarantee TEXT NOT NULL DEFAULT 'NotOffered'
        CHECK (guarantee IN ('NotOffered', 'Offered', 'Accepted', 'AutoAccepted', 'Rejected', 'Undelivered'));

-- The stage each step left from and the one it reached, so that the log
-- replays the decision and not only the statuses.
ALTER TABLE transitions
    ADD COLUMN from_guarantee TEXT NOT NULL DEFAULT 'NotOffered'
        CHECK (from_guarantee IN ('NotOffered', 'Offered', 'Accepted', 'AutoAccepted', 'Rejected', 'Undelivered')),
    ADD COLUMN guarantee TEXT NOT NULL DEFAULT 'NotOffered'
        CHECK (guarantee IN ('NotOffered', 'Offered', 'Accepted', 'AutoAccepted', 'Rejected', 'Undelivered'));
