//! The records a report is computed from, read by the indexed fields the report needs
//! (migration 0016); the figures themselves are the domain's ([`steward_domain::report`]).

use super::DbError;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use std::collections::HashMap;
use steward_domain::report::tickets::{TicketInput, figures};
use steward_domain::report::{Period, TicketReport};
use steward_domain::ticket::record::{Ticket, TicketEvent};

/// Tickets received in `period` (by the property's day) with their timelines.
fn tickets_of(conn: &Connection, period: Period) -> Result<Vec<(String, Ticket, Vec<TicketEvent>)>, DbError> {
    // A day either side in UTC text covers the property's days whatever the offset; the
    // domain keeps exactly the period's.
    let from = (period.from - chrono::Days::new(1)).to_string();
    let to = (period.to + chrono::Days::new(1)).to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT id, body FROM records INDEXED BY records_by_created_at
          WHERE kind = 'ticket' AND json_extract(body, '$.created_at') >= ?1 AND json_extract(body, '$.created_at') < ?2
            AND body IS NOT NULL",
    )?;
    let mut tickets: Vec<(String, Ticket, Vec<TicketEvent>)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for row in stmt.query_map(params![from, to], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (id, body) = row?;
        // A record this build cannot read is left out of the figures, not the report.
        let Ok(ticket) = serde_json::from_str::<Ticket>(&body) else { continue };
        at.insert(id.clone(), tickets.len());
        tickets.push((id, ticket, Vec::new()));
    }
    let mut events = conn.prepare_cached(
        "SELECT e.body FROM records t INDEXED BY records_by_created_at
           JOIN records e INDEXED BY records_by_ticket_id
             ON e.kind = 'ticket_event' AND json_extract(e.body, '$.ticket_id') = t.id
          WHERE t.kind = 'ticket' AND json_extract(t.body, '$.created_at') >= ?1 AND json_extract(t.body, '$.created_at') < ?2",
    )?;
    for row in events.query_map(params![from, to], |r| r.get::<_, String>(0))? {
        let Ok(event) = serde_json::from_str::<TicketEvent>(&row?) else { continue };
        if let Some(&i) = at.get(&event.ticket_id) {
            tickets[i].2.push(event);
        }
    }
    Ok(tickets)
}

fn figures_of(conn: &Connection, period: Period, now: DateTime<Utc>) -> Result<steward_domain::report::tickets::TicketFigures, DbError> {
    let tickets = tickets_of(conn, period)?;
    let inputs: Vec<TicketInput> = tickets.iter().map(|(id, ticket, events)| TicketInput { id, ticket, events }).collect();
    Ok(figures(period, &inputs, now))
}

/// The ticket report of `period`, with the previous period and the year before where there
/// were tickets then.
pub fn ticket_report(conn: &Connection, period: Period, now: DateTime<Utc>) -> Result<TicketReport, DbError> {
    let beside = |p: Period| -> Result<Option<_>, DbError> { Ok(Some(figures_of(conn, p, now)?).filter(|f| f.received > 0)) };
    Ok(TicketReport { current: figures_of(conn, period, now)?, previous: beside(period.previous())?, year_before: beside(period.year_before())? })
}
