-- Which device started a handover (it is confirmed on that tablet only): found by the
-- change's record id without walking the whole log.
CREATE INDEX mutation_log_by_record ON mutation_log (name, json_extract(mutation, '$.id'));
