-- 来访登记 (issue #25): a unit's do-not-admit list is read at every visitor registered, by
-- unit; old visits are found for the retention sweep by the day they were registered.
CREATE INDEX records_by_do_not_admit_unit ON records (json_extract(body, '$.unit')) WHERE kind = 'do_not_admit';
CREATE INDEX records_visits_with_details ON records (json_extract(body, '$.time_in')) WHERE kind = 'visit' AND json_extract(body, '$.details_removed') IS NOT 1;
