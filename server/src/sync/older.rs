//! The history a device does not hold: finished records settled before the property's
//! working set, found by the domain's own search and sent with what follows them (a
//! ticket's timeline), as the caller's role may see them. The device holds what it is sent
//! while it works on it (`Replica::adopt` in the sync core).

use super::pull::{visible_body, working_set_cutoff};
use crate::db::DbError;
use rusqlite::{Connection, params};
use steward_domain::Role;
use steward_domain::apply::Viewer;
use steward_domain::sync::Kind;
use steward_domain::sync::protocol::{Change, OlderRequest, OlderResponse};
use steward_domain::ticket::record::Ticket;

#[derive(Debug, thiserror::Error)]
pub enum OlderError {
    #[error("only tickets are searched in the history")]
    NotSearchable,
    #[error("type what to search for (at most {} characters)", OlderRequest::MAX_QUERY)]
    Query,
    #[error("at most {} record ids", OlderRequest::MAX_RESULTS)]
    Ids,
    #[error("this role does not see these records")]
    Forbidden,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for OlderError {
    fn from(e: rusqlite::Error) -> Self {
        OlderError::Db(e.into())
    }
}

pub fn older(
    conn: &Connection,
    user_id: i64,
    role: Role,
    req: &OlderRequest,
    today: chrono::NaiveDate,
) -> Result<OlderResponse, OlderError> {
    let query = req.query.trim();
    let by_id = !req.ids.is_empty();
    if by_id && (req.ids.len() > OlderRequest::MAX_RESULTS || req.ids.iter().any(|id| id.len() > 64)) {
        return Err(OlderError::Ids);
    }
    if !by_id && (query.is_empty() || query.chars().count() > OlderRequest::MAX_QUERY) {
        return Err(OlderError::Query);
    }
    if !req.kind.visible_to(role) {
        return Err(OlderError::Forbidden);
    }
    if req.kind != Kind::Ticket {
        return Err(OlderError::NotSearchable);
    }
    let viewer = Viewer { user_id, role };
    if by_id {
        return again(conn, &req.ids, viewer);
    }
    // Nothing chosen: devices hold every record, there is no history apart from them.
    let Some(cutoff) = working_set_cutoff(conn, today) else {
        return Ok(OlderResponse { changes: vec![], more: false });
    };
    // SQLite narrows by the fields the domain's search reads (number, unit as typed or as
    // the register writes it, reporter; the receipt's reference is the id's last digits),
    // newest first so a common text stops early; the domain's search decides, on the body
    // as this person may see it.
    let unit = steward_domain::property::parse_unit(query).unwrap_or_else(|| query.to_string());
    let reference: String = query.chars().filter(char::is_ascii_hexdigit).collect();
    let reference = if reference.len() >= 4 { like(&reference) } else { String::new() };
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, body, settled_on FROM records INDEXED BY records_by_version
          WHERE kind = 'ticket' AND settled_on < ?1 AND body IS NOT NULL
            AND (json_extract(body, '$.number') LIKE ?2 ESCAPE '\\'
              OR json_extract(body, '$.unit') LIKE ?2 ESCAPE '\\'
              OR json_extract(body, '$.unit') LIKE ?3 ESCAPE '\\'
              OR json_extract(body, '$.reporter') LIKE ?2 ESCAPE '\\'
              OR replace(id, '-', '') LIKE ?4)
          ORDER BY version DESC",
    )?;
    let mut rows = stmt.query(params![cutoff.to_string(), like(query), like(&unit), reference])?;
    let mut changes = Vec::new();
    let mut found = 0;
    let mut more = false;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let Some(body) = visible_body(Kind::Ticket, r.get(2)?, viewer) else { continue };
        let Ok(ticket) = serde_json::from_str::<Ticket>(&body) else { continue };
        if !steward_domain::ticket::query::search(&id, &ticket, query) {
            continue;
        }
        if found == OlderRequest::MAX_RESULTS {
            more = true;
            break;
        }
        found += 1;
        changes.push(change(Kind::Ticket, id.clone(), r.get(1)?, body, r.get(3)?)?);
        timeline(conn, &id, viewer, &mut changes)?;
    }
    Ok(OlderResponse { changes, more })
}

/// These tickets again, with their timelines, as this person may see them.
fn again(conn: &Connection, ids: &[String], viewer: Viewer) -> Result<OlderResponse, OlderError> {
    let mut changes = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, body, settled_on FROM records WHERE kind = 'ticket' AND id = ?1 AND body IS NOT NULL",
    )?;
    for id in ids {
        let mut rows = stmt.query([id])?;
        if let Some(r) = rows.next()? {
            let Some(body) = visible_body(Kind::Ticket, r.get(2)?, viewer) else { continue };
            changes.push(change(Kind::Ticket, id.clone(), r.get(1)?, body, r.get(3)?)?);
            timeline(conn, id, viewer, &mut changes)?;
        }
    }
    Ok(OlderResponse { changes, more: false })
}

/// The ticket's timeline, as this person may see it.
fn timeline(
    conn: &Connection,
    ticket: &str,
    viewer: Viewer,
    out: &mut Vec<Change>,
) -> Result<(), OlderError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, body, settled_on FROM records INDEXED BY records_by_ticket_event_ticket_id
          WHERE kind = 'ticket_event' AND json_extract(body, '$.ticket_id') = ?1",
    )?;
    let mut rows = stmt.query([ticket])?;
    while let Some(r) = rows.next()? {
        if let Some(body) = visible_body(Kind::TicketEvent, r.get(2)?, viewer) {
            out.push(change(Kind::TicketEvent, r.get(0)?, r.get(1)?, body, r.get(3)?)?);
        }
    }
    Ok(())
}

fn change(
    kind: Kind,
    id: String,
    version: i64,
    body: String,
    settled: Option<String>,
) -> Result<Change, OlderError> {
    Ok(Change {
        kind,
        id,
        version: version as u64,
        body: Some(serde_json::value::RawValue::from_string(body).map_err(|_| DbError::Poisoned)?),
        settled_on: settled.and_then(|d| d.parse().ok()),
    })
}

/// `%text%` for LIKE, its own `%`, `_` and `\` taken literally.
fn like(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}
