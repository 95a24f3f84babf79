-- 通知/公告 and 满意度调查 (issue #25): an activity's sign-ups are counted over its replies,
-- and the coverage screens read a notice's replies and a survey's responses.
CREATE INDEX records_by_announcement_reply_announcement_id ON records (json_extract(body, '$.announcement_id')) WHERE kind = 'announcement_reply';
CREATE INDEX records_by_survey_response_survey_id ON records (json_extract(body, '$.survey_id')) WHERE kind = 'survey_response';
-- A home's answers to a survey are given once and never changed, below any code path.
CREATE TRIGGER survey_response_no_update BEFORE UPDATE ON records WHEN old.kind = 'survey_response'
BEGIN SELECT RAISE(ABORT, 'survey responses are append-only'); END;
CREATE TRIGGER survey_response_no_delete BEFORE DELETE ON records WHEN old.kind = 'survey_response'
BEGIN SELECT RAISE(ABORT, 'survey responses are append-only'); END;
