-- A duty-log line stays on devices until its day is signed off (issue #24): the
-- supervisor's list of unsigned days must not empty itself as weeks pass. Whether a day is
-- signed is asked at every line written; the lines still waiting are found at a sign-off.
CREATE INDEX records_duty_log_signs ON records (json_extract(body, '$.signs')) WHERE kind = 'duty_log_entry';
CREATE INDEX records_unsettled_lines ON records (kind) WHERE kind = 'duty_log_entry' AND settled_on IS NULL;
