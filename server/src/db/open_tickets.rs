//! The tickets still under way, read by their status (the index of migration 0010): what
//! the rules' check of the time limits looks at.

use super::DbError;
use rusqlite::Connection;
use steward_domain::ticket::record::Ticket;

/// Every ticket not yet completed, closed or archived, by id. A record this build cannot
/// read is left out.
pub fn under_way(conn: &Connection) -> Result<Vec<(String, Ticket)>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, body FROM records INDEXED BY records_by_ticket_status
          WHERE kind = 'ticket' AND json_extract(body, '$.status') IN ('received', 'dispatched', 'accepted', 'on_site')
          ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut tickets = Vec::new();
    for row in rows {
        let (id, body) = row?;
        if let Ok(ticket) = serde_json::from_str::<Ticket>(&body) {
            tickets.push((id, ticket));
        }
    }
    Ok(tickets)
}
