-- What the gate decided on a goods-release slip (released, or sent back with the reason) is
-- never edited nor removed: enforced here too, below the domain rules, like the patrols and
-- the cabinet's counts.
CREATE TRIGGER gate_check_no_update BEFORE UPDATE ON records WHEN old.kind = 'gate_check'
BEGIN SELECT RAISE(ABORT, 'gate checks are append-only'); END;
CREATE TRIGGER gate_check_no_delete BEFORE DELETE ON records WHEN old.kind = 'gate_check'
BEGIN SELECT RAISE(ABORT, 'gate checks are append-only'); END;
