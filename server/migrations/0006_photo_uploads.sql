-- Photos arriving in pieces over weak connections: what has come so far. A finished upload
-- moves to `photos` (checked against its SHA-256) and leaves this table.
CREATE TABLE photo_uploads (
    id          TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL,
    length      INTEGER NOT NULL,
    received    BLOB NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    updated_at  TEXT NOT NULL
) STRICT;
