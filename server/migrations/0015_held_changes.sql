-- Changes a disabled account's device had not sent, handed in by whoever signed in on that
-- browser next: kept for the supervisor, who applies each in their own name or sets it
-- aside with a reason. Never applied by themselves, never lost.
CREATE TABLE held_changes (
    client_id       TEXT NOT NULL REFERENCES devices (id),
    mutation_id     INTEGER NOT NULL,
    author_id       INTEGER NOT NULL REFERENCES users (id),
    mutation        TEXT NOT NULL,
    handed_in_by    INTEGER NOT NULL REFERENCES users (id),
    handed_in_at    TEXT NOT NULL,
    -- NULL while it waits for the supervisor; 'applied' or 'set_aside' after.
    resolution      TEXT CHECK (resolution IN ('applied', 'set_aside')),
    resolved_by     INTEGER REFERENCES users (id),
    resolved_at     TEXT,
    note            TEXT,
    PRIMARY KEY (client_id, mutation_id)
) STRICT;
CREATE INDEX held_changes_waiting ON held_changes (handed_in_at) WHERE resolution IS NULL;
