-- The month's report reads tickets by the time they came in, and their timelines by ticket.
CREATE INDEX records_by_created_at ON records (kind, json_extract(body, '$.created_at'));
CREATE INDEX records_by_ticket_id ON records (kind, json_extract(body, '$.ticket_id'));
