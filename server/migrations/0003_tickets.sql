-- Tickets: numbers per month, and a timeline nobody can rewrite.

CREATE TABLE sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;

CREATE TRIGGER ticket_event_no_update BEFORE UPDATE ON records WHEN old.kind = 'ticket_event'
BEGIN SELECT RAISE(ABORT, 'ticket timelines are append-only'); END;
CREATE TRIGGER ticket_event_no_delete BEFORE DELETE ON records WHEN old.kind = 'ticket_event'
BEGIN SELECT RAISE(ABORT, 'ticket timelines are append-only'); END;
