-- GEFT's guarantee decision (SQLite; the PostgreSQL twin is
-- ../postgres/0002_guarantee.sql): the stage each session is at, and the
-- stages each step left from and reached, so that the compare-and-set covers
-- a decision that does not change the status (an offer, an acceptance) and
-- the log replays how the decision was made. Existing rows are NotOffered,
-- which every session was before this column.
ALTER TABLE sessions ADD COLUMN guarantee TEXT NOT NULL DEFAULT 'NotOffered'
    CHECK (guarantee IN ('NotOffered', 'Offered', 'Accepted', 'AutoAccepted', 'Rejected', 'Undelivered'));
ALTER TABLE transitions ADD COLUMN from_guarantee TEXT NOT NULL DEFAULT 'NotOffered';
ALTER TABLE transitions ADD COLUMN to_guarantee TEXT NOT NULL DEFAULT 'NotOffered';
