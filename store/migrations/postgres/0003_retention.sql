-- Retention: a finished session may be forgotten whole, its row and its
-- log, so that a long-running server's database does not grow without
-- end. The SQLite twin is in ../sqlite/0003_retention.sql.
--
-- Still no step is ever changed, and nothing of an open session is ever
-- deleted: a step is deleted only while its session's id is in
-- `forgetting`, which `SessionStore::forget` fills and empties in the same
-- transaction, and only when that session is in a final state. A plain
-- `DELETE FROM transitions` is refused as before.
CREATE TABLE forgetting (
    session_id TEXT NOT NULL PRIMARY KEY
);

CREATE OR REPLACE FUNCTION transitions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM forgetting f JOIN sessions s ON s.id = f.session_id
        WHERE f.session_id = OLD.session_id
          AND s.status IN ('Completed', 'Failed', 'Cancelled', 'Expired')
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'transitions is append-only';
END
$$;
