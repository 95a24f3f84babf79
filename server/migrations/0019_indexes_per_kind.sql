-- Each field records are looked up by is indexed over the kinds it is looked up in only
-- (`Indexed` in domain/src/sync/store.rs lists them), one partial index per field and kind:
-- a record's write pays for its own kind's look-ups and no other's (before this a duty-log
-- entry wrote nine index entries of NULLs for fields it does not have, each a JSON parse).
DROP INDEX records_by_signs;
DROP INDEX records_by_unit;
DROP INDEX records_by_tag;
DROP INDEX records_by_slot;
DROP INDEX records_by_status;
DROP INDEX records_by_state;
DROP INDEX records_by_urgency;
DROP INDEX records_by_created_at;
DROP INDEX records_by_ticket_id;
DROP INDEX records_by_slip_id;
DROP INDEX records_by_device_id;
DROP INDEX records_by_source;
DROP INDEX records_by_day;

CREATE INDEX records_by_duty_log_entry_signs ON records (json_extract(body, '$.signs')) WHERE kind = 'duty_log_entry';
CREATE INDEX records_by_duty_log_entry_source ON records (json_extract(body, '$.source')) WHERE kind = 'duty_log_entry';
CREATE INDEX records_by_release_restriction_unit ON records (json_extract(body, '$.unit')) WHERE kind = 'release_restriction';
CREATE INDEX records_by_decoration_unit ON records (json_extract(body, '$.unit')) WHERE kind = 'decoration';
CREATE INDEX records_by_arrears_case_unit ON records (json_extract(body, '$.unit')) WHERE kind = 'arrears_case';
CREATE INDEX records_by_key_tag ON records (json_extract(body, '$.tag')) WHERE kind = 'key';
CREATE INDEX records_by_key_slot ON records (json_extract(body, '$.slot')) WHERE kind = 'key';
CREATE INDEX records_by_key_state ON records (json_extract(body, '$.state')) WHERE kind = 'key';
CREATE INDEX records_by_ticket_status ON records (json_extract(body, '$.status')) WHERE kind = 'ticket';
CREATE INDEX records_by_key_loan_status ON records (json_extract(body, '$.status')) WHERE kind = 'key_loan';
CREATE INDEX records_by_handover_status ON records (json_extract(body, '$.status')) WHERE kind = 'handover';
CREATE INDEX records_by_arrears_case_status ON records (json_extract(body, '$.status')) WHERE kind = 'arrears_case';
CREATE INDEX records_by_ticket_urgency ON records (json_extract(body, '$.urgency')) WHERE kind = 'ticket';
CREATE INDEX records_by_ticket_created_at ON records (json_extract(body, '$.created_at')) WHERE kind = 'ticket';
CREATE INDEX records_by_ticket_event_ticket_id ON records (json_extract(body, '$.ticket_id')) WHERE kind = 'ticket_event';
CREATE INDEX records_by_gate_check_slip_id ON records (json_extract(body, '$.slip_id')) WHERE kind = 'gate_check';
CREATE INDEX records_by_device_key_device_id ON records (json_extract(body, '$.device_id')) WHERE kind = 'device_key';
CREATE INDEX records_by_handover_day ON records (json_extract(body, '$.day')) WHERE kind = 'handover';

-- Which device started a handover: the log's other changes do not pay for it either.
DROP INDEX mutation_log_by_record;
CREATE INDEX mutation_log_start_handover ON mutation_log (json_extract(mutation, '$.id')) WHERE name = 'start_handover';
