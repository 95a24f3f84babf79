-- Tickets: numbers per month, and a timeline nobody can rewrite.

CREATE TABLE sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;

CREATE TRIGGER ticket_event_no_update BEFORE UPDATE ON records WHEN old.kind = 'ticket_event'
BEGIN SELECT RAISE(ABORT, 'ticket timelines are append-only'); END;
CREATE TRIGGER ticket_event_no_delete BEFORE DELETE ON records WHEN old.kind = 'ticket_event'
BEGIN SELECT RAISE(ABORT, 'ticket timelines are append-only'); END;

-- Owners find their ticket by number (with their phone) or by the hash of their link token.
CREATE INDEX tickets_by_number ON records (json_extract(body, '$.number')) WHERE kind = 'ticket';
CREATE INDEX tickets_by_owner_token ON records (json_extract(body, '$.owner_token_hash')) WHERE kind = 'ticket';
