-- The rest of the fields the rules look records up by (`Indexed` in domain/src/sync/store.rs):
-- a gate's decisions by slip, a device's keys, the lines the rules wrote in the duty log by
-- their source, the handovers of a day.
CREATE INDEX records_by_slip_id ON records (kind, json_extract(body, '$.slip_id'));
CREATE INDEX records_by_device_id ON records (kind, json_extract(body, '$.device_id'));
CREATE INDEX records_by_source ON records (kind, json_extract(body, '$.source'));
CREATE INDEX records_by_day ON records (kind, json_extract(body, '$.day'));
