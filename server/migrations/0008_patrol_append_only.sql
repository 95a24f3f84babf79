-- A patrol, once walked, is never edited nor removed (the record of what was checked, by
-- whom, when): enforced here too, below the domain rules, like the duty log and the
-- ticket timelines.
CREATE TRIGGER patrol_no_update BEFORE UPDATE ON records WHEN old.kind = 'patrol'
BEGIN SELECT RAISE(ABORT, 'patrols are append-only'); END;
CREATE TRIGGER patrol_no_delete BEFORE DELETE ON records WHEN old.kind = 'patrol'
BEGIN SELECT RAISE(ABORT, 'patrols are append-only'); END;
