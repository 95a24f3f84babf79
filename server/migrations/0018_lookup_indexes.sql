-- The rest of the fields the rules look records up by (`Indexed` in domain/src/sync/store.rs),
-- each only over the one kind it is looked up in, so no other kind's write pays for it: a
-- gate's decisions by slip, a device's keys, the lines the rules wrote in the duty log by their
-- source, the handovers of a day.
CREATE INDEX records_by_slip_id ON records (json_extract(body, '$.slip_id')) WHERE kind = 'gate_check';
CREATE INDEX records_by_device_id ON records (json_extract(body, '$.device_id')) WHERE kind = 'device_key';
CREATE INDEX records_by_source ON records (json_extract(body, '$.source')) WHERE kind = 'duty_log_entry';
CREATE INDEX records_by_day ON records (json_extract(body, '$.day')) WHERE kind = 'handover';
