-- Sync: records changed by named mutations, in one total order of versions.

-- One row: the database's epoch (a cursor from another database forces a resync) and
-- the last version handed out.
CREATE TABLE sync_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    epoch   TEXT NOT NULL,
    version INTEGER NOT NULL
) STRICT;
INSERT INTO sync_state (id, epoch, version) VALUES (1, lower(hex(randomblob(8))), 0);

-- The synced records. `body` NULL is a tombstone, kept so deletes reach every device.
CREATE TABLE records (
    kind    TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL,
    body    TEXT,
    PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX records_by_version ON records (version, kind, id);

-- 值班日志 may not be altered (不得涂改) nor torn out (不得撕页): enforced here too, below
-- the domain rules, so no future code path can do it by mistake.
CREATE TRIGGER duty_log_no_update BEFORE UPDATE ON records WHEN old.kind = 'duty_log_entry'
BEGIN SELECT RAISE(ABORT, 'duty log entries are append-only'); END;
CREATE TRIGGER duty_log_no_delete BEFORE DELETE ON records WHEN old.kind = 'duty_log_entry'
BEGIN SELECT RAISE(ABORT, 'duty log entries are append-only'); END;

-- Each device's place in its own numbering: the last mutation id processed.
CREATE TABLE sync_clients (
    client_id        TEXT PRIMARY KEY REFERENCES devices (id),
    last_mutation_id INTEGER NOT NULL
) STRICT;

-- Mutations refused, or applied over a concurrent edit: returned to the device on pull.
CREATE TABLE sync_outcomes (
    client_id   TEXT NOT NULL,
    mutation_id INTEGER NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('rejected', 'overwrote')),
    code        TEXT,
    field       TEXT,
    message     TEXT NOT NULL,
    PRIMARY KEY (client_id, mutation_id)
) STRICT;

-- Who changed what, when, from which device: the audit trail of applied mutations.
CREATE TABLE mutation_log (
    client_id   TEXT NOT NULL,
    mutation_id INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    mutation    TEXT NOT NULL, -- the whole mutation as JSON (name and args)
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (client_id, mutation_id)
) STRICT;
