-- SQLite schema of the session store. The PostgreSQL twin is in
-- ../postgres/0001_sessions.sql: the tables and columns are the same, only the
-- types, defaults and the append-only guard are spelled per engine.

-- One row per session: its current state, changed only by a compare-and-set
-- on the state a transition left from.
CREATE TABLE sessions (
    id             TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
    product        TEXT    NOT NULL CHECK (product IN ('EFT V2', 'GEFT')),
    reference_id   TEXT,
    status         TEXT    NOT NULL
        CHECK (status IN ('Initiated', 'InProgress', 'Completed', 'Failed', 'Cancelled', 'Expired')),
    status_details TEXT,
    created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Every step a session took, in order; replaying them rebuilds the row.
-- The primary key (session_id, seq) is the second guard against two writers
-- appending the same step.
CREATE TABLE transitions (
    session_id     TEXT    NOT NULL REFERENCES sessions (id),
    seq            INTEGER NOT NULL CHECK (seq > 0),
    from_status    TEXT    NOT NULL,
    to_status      TEXT    NOT NULL,
    status_details TEXT,
    recorded_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (session_id, seq)
);

CREATE TRIGGER transitions_no_update BEFORE UPDATE ON transitions
BEGIN
    SELECT RAISE(ABORT, 'transitions is append-only');
END;

CREATE TRIGGER transitions_no_delete BEFORE DELETE ON transitions
BEGIN
    SELECT RAISE(ABORT, 'transitions is append-only');
END;

-- Verified webhook bodies the store could not take in, kept for a person or
-- a later job instead of being dropped. No foreign key: the session may be
-- unknown, which is often why the body is here.
CREATE TABLE parked_bodies (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    session_id  TEXT,
    body        BLOB    NOT NULL,
    reason      TEXT    NOT NULL,
    received_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
