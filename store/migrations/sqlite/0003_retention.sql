-- Retention: a finished session may be forgotten whole, its row and its
-- log, so that a long-running server's database does not grow without
-- end. The PostgreSQL twin is in ../postgres/0003_retention.sql.
--
-- Still no step is ever changed, and nothing of an open session is ever
-- deleted: a step is deleted only while its session's id is in
-- `forgetting`, which `SessionStore::forget` fills and empties in the same
-- transaction, and only when that session is in a final state. A plain
-- `DELETE FROM transitions` is refused as before.
CREATE TABLE forgetting (
    session_id TEXT NOT NULL PRIMARY KEY
);

DROP TRIGGER transitions_no_delete;

CREATE TRIGGER transitions_no_delete BEFORE DELETE ON transitions
WHEN NOT EXISTS (SELECT 1 FROM forgetting WHERE session_id = OLD.session_id)
    OR (SELECT status FROM sessions WHERE id = OLD.session_id)
        NOT IN ('Completed', 'Failed', 'Cancelled', 'Expired')
BEGIN
    SELECT RAISE(ABORT, 'transitions is append-only');
END;
