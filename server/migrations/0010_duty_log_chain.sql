-- The duty log's hash chain: each entry's place, the hash of the link before it and its
-- own (domain::log_chain). Written in the push transaction beside the entry; never changed.
CREATE TABLE duty_log_chain (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER duty_log_chain_no_update BEFORE UPDATE ON duty_log_chain
BEGIN SELECT RAISE(ABORT, 'the duty log chain is append-only'); END;
CREATE TRIGGER duty_log_chain_no_delete BEFORE DELETE ON duty_log_chain
BEGIN SELECT RAISE(ABORT, 'the duty log chain is append-only'); END;

-- Each check of the chain (the supervisor's screen, `steward verify-log`): when, by whom,
-- and what it found.
CREATE TABLE duty_log_verifications (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    by_name TEXT NOT NULL,
    entries INTEGER NOT NULL,
    intact_up_to INTEGER NOT NULL,
    broken_seq INTEGER,
    broken_id TEXT,
    broken_what TEXT
);

-- The fields rules look records up by (Store::ids_where): a signed day, a unit's
-- decoration, a key's tag and slot, loans out, keys in the cabinet, urgent tickets. Without them each check reads every record of its kind.
CREATE INDEX records_by_signs ON records (kind, json_extract(body, '$.signs'));
CREATE INDEX records_by_unit ON records (kind, json_extract(body, '$.unit'));
CREATE INDEX records_by_tag ON records (kind, json_extract(body, '$.tag'));
CREATE INDEX records_by_slot ON records (kind, json_extract(body, '$.slot'));
CREATE INDEX records_by_status ON records (kind, json_extract(body, '$.status'));
CREATE INDEX records_by_state ON records (kind, json_extract(body, '$.state'));
CREATE INDEX records_by_urgency ON records (kind, json_extract(body, '$.urgency'));

-- A daily key count, once recorded, is what was found: never edited nor removed.
CREATE TRIGGER key_count_no_update BEFORE UPDATE ON records WHEN old.kind = 'key_count'
BEGIN SELECT RAISE(ABORT, 'key counts are append-only'); END;
CREATE TRIGGER key_count_no_delete BEFORE DELETE ON records WHEN old.kind = 'key_count'
BEGIN SELECT RAISE(ABORT, 'key counts are append-only'); END;
