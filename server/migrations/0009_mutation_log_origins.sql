-- The audit trail also holds changes no staff member's device made: the owner's rating
-- through their link and the demo seed. Their `user_id` is empty and `client_id` says where
-- they came from ('owner-link', 'server'), numbered by the version they wrote.
CREATE TABLE mutation_log_new (
    client_id   TEXT NOT NULL,
    mutation_id INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    mutation    TEXT NOT NULL, -- the whole mutation as JSON (name and fields)
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (client_id, mutation_id)
) STRICT;
INSERT INTO mutation_log_new (client_id, mutation_id, user_id, version, name, mutation, applied_at)
    SELECT client_id, mutation_id, user_id, version, name, mutation, applied_at FROM mutation_log;
DROP TABLE mutation_log;
ALTER TABLE mutation_log_new RENAME TO mutation_log;
