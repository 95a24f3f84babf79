-- Photo bytes, uploaded apart from the records that refer to them (a ticket syncs at once;
-- its photos follow when the connection allows). Written once, never replaced.
CREATE TABLE photos (
    id           TEXT PRIMARY KEY,
    sha256       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES users (id),
    uploaded_at  TEXT NOT NULL
) STRICT;
