-- Foundation: the property register, staff accounts, sessions and devices.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN
                    ('receptionist','supervisor','manager','patrol','engineering','security','admin')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
) STRICT;

-- A browser install, bound to the user who logged in on it: the sync engine's client.
CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    user_agent   TEXT,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
) STRICT;

-- Only a hash of the session token is stored: a copy of the database logs no one in.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    device_id  TEXT NOT NULL REFERENCES devices (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE buildings (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    building_id INTEGER NOT NULL REFERENCES buildings (id),
    number      TEXT NOT NULL,
    floor       INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('occupied','vacant','decorating')),
    UNIQUE (building_id, number)
) STRICT;

CREATE TABLE owners (
    id                INTEGER PRIMARY KEY,
    unit_id           INTEGER NOT NULL REFERENCES units (id),
    name              TEXT NOT NULL,
    phone             TEXT,
    emergency_contact TEXT,
    emergency_phone   TEXT,
    UNIQUE (unit_id, name)
) STRICT;
