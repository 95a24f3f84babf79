-- The working set (issue #24): each record's day it settled (a closed ticket, its timeline,
-- a returned key loan, a walked route, a log line), or NULL while it is open work. Pulls
-- send a device only what is open or settled within the property's chosen weeks. The column
-- is bookkeeping the server derives from the body (`steward_domain::sync::working_set`), so
-- the append-only kinds stay unalterable in what they say — kind, id, version and body — and
-- may only have their settled day follow their ticket.
ALTER TABLE records ADD COLUMN settled_on TEXT;

-- Records written before this column get their day once, in Rust, when the server opens
-- the database (`db::settling::settle_existing`, marked done in `meta`).

DROP TRIGGER duty_log_no_update;
CREATE TRIGGER duty_log_no_update BEFORE UPDATE OF kind, id, version, body ON records WHEN old.kind = 'duty_log_entry'
BEGIN SELECT RAISE(ABORT, 'duty log entries are append-only'); END;
DROP TRIGGER gate_check_no_update;
CREATE TRIGGER gate_check_no_update BEFORE UPDATE OF kind, id, version, body ON records WHEN old.kind = 'gate_check'
BEGIN SELECT RAISE(ABORT, 'gate checks are append-only'); END;
DROP TRIGGER key_count_no_update;
CREATE TRIGGER key_count_no_update BEFORE UPDATE OF kind, id, version, body ON records WHEN old.kind = 'key_count'
BEGIN SELECT RAISE(ABORT, 'key counts are append-only'); END;
DROP TRIGGER patrol_no_update;
CREATE TRIGGER patrol_no_update BEFORE UPDATE OF kind, id, version, body ON records WHEN old.kind = 'patrol'
BEGIN SELECT RAISE(ABORT, 'patrols are append-only'); END;
DROP TRIGGER ticket_event_no_update;
CREATE TRIGGER ticket_event_no_update BEFORE UPDATE OF kind, id, version, body ON records WHEN old.kind = 'ticket_event'
BEGIN SELECT RAISE(ABORT, 'ticket timelines are append-only'); END;
