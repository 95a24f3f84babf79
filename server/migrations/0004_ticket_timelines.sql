-- The owner's page reads one ticket's timeline: found by its ticket id, not by scanning
-- every timeline entry of the property (a million of them after a few years).
CREATE INDEX ticket_events_by_ticket ON records (json_extract(body, '$.ticket_id')) WHERE kind = 'ticket_event';
