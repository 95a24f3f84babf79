//! Each record's settled day (migration 0021), kept as the record is written: the day a
//! finished record leaves devices' working sets is the domain's
//! [`standing`](steward_domain::sync::working_set::standing) of its body, dated by the write
//! for a record finished by it; a ticket's timeline and a slip's gate checks follow it.

use super::DbError;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use std::collections::HashMap;
use steward_domain::duty_log::signable;
use steward_domain::sync::Kind;
use steward_domain::sync::working_set::{Standing, standing};

/// The settled day to store with `body`, written `today` (the property's day). A record
/// changed after it settled is dated by the change, so devices that hold it receive it; a
/// ticket keeps the day it closed (archiving it, or a photo added later, does not bring it
/// back to devices that let it go — its timeline would not come with it).
pub fn settled_on(
    conn: &Connection,
    kind: Kind,
    id: &str,
    body: &Value,
    today: NaiveDate,
) -> rusqlite::Result<Option<String>> {
    Ok(match standing(kind, body) {
        Standing::Open => None,
        Standing::SettledOn(day) => Some(day.max(today).to_string()),
        Standing::SettledNow => Some(stored(conn, kind, id)?.unwrap_or_else(|| today.to_string())),
        Standing::Follows(kind, id) => stored(conn, kind, &id)?,
        Standing::UntilSigned(day) => (!signable(day, today) || signed(conn, day)?).then(|| day.to_string()),
    })
}

/// Whether `day`'s duty log is signed off.
fn signed(conn: &Connection, day: NaiveDate) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM records INDEXED BY records_duty_log_signs
              WHERE kind = 'duty_log_entry' AND json_extract(body, '$.signs') = ?1 LIMIT 1",
        )?
        .query_row([day.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A day signed off: its lines settle on it, and so do those of days that can no longer be
/// signed (only lines not yet settled are read: those of days not signed, within a year).
pub fn sign_off(conn: &Connection, day: NaiveDate, today: NaiveDate) -> rusqlite::Result<()> {
    let lines: Vec<(i64, NaiveDate)> = conn
        .prepare_cached(
            "SELECT rowid, body FROM records INDEXED BY records_unsettled_lines
              WHERE kind = 'duty_log_entry' AND settled_on IS NULL",
        )?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(Result::ok)
        .filter_map(|(rowid, body)| match standing(Kind::DutyLogEntry, &serde_json::from_str(&body).ok()?) {
            Standing::UntilSigned(d) if d == day || !signable(d, today) => Some((rowid, d)),
            _ => None,
        })
        .collect();
    let mut set = conn.prepare_cached("UPDATE records SET settled_on = ?2 WHERE rowid = ?1")?;
    for (rowid, d) in lines {
        set.execute(params![rowid, d.to_string()])?;
    }
    Ok(())
}

/// The settled day stored for a record now (`None` if open or not yet written).
fn stored(conn: &Connection, kind: Kind, id: &str) -> rusqlite::Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT settled_on FROM records WHERE kind = ?1 AND id = ?2")?
        .query_row(params![kind.as_str(), id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// What belongs to a settled record goes with it (the same day, however often it is
/// written): a closed ticket's timeline, a slip's gate checks, a notice's replies.
pub fn follow(conn: &Connection, kind: Kind, id: &str, settled_on: Option<&str>) -> rusqlite::Result<()> {
    let sql = match kind {
        Kind::Ticket => {
            "UPDATE records INDEXED BY records_by_ticket_event_ticket_id SET settled_on = ?2
              WHERE kind = 'ticket_event' AND json_extract(body, '$.ticket_id') = ?1"
        }
        Kind::ReleaseSlip => {
            "UPDATE records INDEXED BY records_by_gate_check_slip_id SET settled_on = ?2
              WHERE kind = 'gate_check' AND json_extract(body, '$.slip_id') = ?1"
        }
        Kind::Announcement => {
            "UPDATE records INDEXED BY records_by_announcement_reply_announcement_id SET settled_on = ?2
              WHERE kind = 'announcement_reply' AND json_extract(body, '$.announcement_id') = ?1"
        }
        _ => return Ok(()),
    };
    conn.prepare_cached(sql)?.execute(params![id, settled_on])?;
    Ok(())
}

/// Once, when the column arrives in a database that has records: each record's day from its
/// body; a ticket closed before then is dated by the last step of its timeline.
pub fn settle_existing(conn: &Connection) -> Result<(), DbError> {
    let tx = conn.unchecked_transaction()?;
    // `records_settled` marked the first dating; duty-log lines now wait for their day's
    // sign-off, so databases dated before are dated again once.
    let done: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = 'records_settled_v2'", [], |r| r.get(0))
        .optional()?;
    if done.is_none() {
        settle_all(&tx)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('records_settled_v2', ?1)",
            [chrono::Utc::now().to_rfc3339()],
        )?;
    }
    Ok(tx.commit()?)
}

fn settle_all(conn: &Connection) -> Result<(), DbError> {
    // The last step of each ticket's timeline: the day a ticket closed before this column.
    let mut last_step: HashMap<String, NaiveDate> = HashMap::new();
    let mut settled: Vec<(i64, String)> = Vec::new();
    let mut lines: Vec<(i64, NaiveDate)> = Vec::new();
    let mut signed_days: std::collections::HashSet<String> = std::collections::HashSet::new();
    conn.execute("UPDATE records SET settled_on = NULL WHERE kind = 'duty_log_entry'", [])?;
    {
        let mut stmt = conn.prepare(
            "SELECT rowid, kind, body FROM records WHERE body IS NOT NULL
              AND kind IN ('ticket_event', 'duty_log_entry', 'key_count', 'patrol', 'key_loan', 'release_slip')",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (rowid, kind, body): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (Some(kind), Ok(body)) = (Kind::parse(&kind), serde_json::from_str::<Value>(&body)) else {
                continue;
            };
            if let Some(day) = body.get("signs").and_then(Value::as_str) {
                signed_days.insert(day.to_string());
            }
            match standing(kind, &body) {
                Standing::SettledOn(day) => settled.push((rowid, day.to_string())),
                Standing::UntilSigned(day) => lines.push((rowid, day)),
                Standing::Follows(Kind::Ticket, ticket) => {
                    let at = body.get("at").and_then(Value::as_str);
                    if let Some(day) = at.and_then(|t| steward_domain::clock::Timestamp::parse(t).ok()) {
                        let day = day.local_day();
                        let last = last_step.entry(ticket).or_insert(day);
                        *last = (*last).max(day);
                    }
                }
                // A loan withdrawn before this column has no day of its own: it stays held
                // (they are few) until it is written again.
                Standing::SettledNow | Standing::Open | Standing::Follows(..) => {}
            }
        }
    }
    let today = chrono::Utc::now().with_timezone(&steward_domain::clock::property_zone()).date_naive();
    settled.extend(
        lines
            .into_iter()
            .filter(|(_, day)| signed_days.contains(&day.to_string()) || !signable(*day, today))
            .map(|(rowid, day)| (rowid, day.to_string())),
    );
    let mut set = conn.prepare("UPDATE records SET settled_on = ?2 WHERE rowid = ?1")?;
    for (rowid, day) in &settled {
        set.execute(params![rowid, day])?;
    }
    let mut tickets =
        conn.prepare("SELECT id, body FROM records WHERE kind = 'ticket' AND body IS NOT NULL")?;
    let closed: Vec<(String, String)> = tickets
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(Result::ok)
        .filter_map(|(id, body)| {
            let body: Value = serde_json::from_str(&body).ok()?;
            (standing(Kind::Ticket, &body) == Standing::SettledNow).then_some(id)
        })
        .filter_map(|id| {
            let day = last_step.get(&id)?.to_string();
            Some((id, day))
        })
        .collect();
    let mut ticket = conn.prepare("UPDATE records SET settled_on = ?2 WHERE kind = 'ticket' AND id = ?1")?;
    for (id, day) in &closed {
        ticket.execute(params![id, day])?;
        follow(conn, Kind::Ticket, id, Some(day))?;
    }
    // Each gate check goes with its slip.
    conn.execute(
        "UPDATE records SET settled_on = (SELECT s.settled_on FROM records s
            WHERE s.kind = 'release_slip' AND s.id = json_extract(records.body, '$.slip_id'))
          WHERE kind = 'gate_check'",
        [],
    )?;
    Ok(())
}
