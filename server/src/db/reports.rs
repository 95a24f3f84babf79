//! The records a report is computed from, read by the indexed fields the report needs
//! (migration 0016); the figures themselves are the domain's ([`steward_domain::report`]).

use super::DbError;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use steward_domain::keys::record::KeyLoan;
use steward_domain::release::record::{GateRecord, ReleaseSlip, VoidSlip};
use steward_domain::report::close::{self, ClosedMonth, Fingerprints, digest, fingerprint, link};
use steward_domain::report::decorations;
use steward_domain::report::front_of_house;
use steward_domain::report::operations::{self, Operations};
use steward_domain::report::signed::{Closure, Month, MonthFile};
use steward_domain::report::tickets::TicketFigures;
use steward_domain::report::tickets::{TicketInput, figures};
use steward_domain::report::{Period, TicketReport};
use steward_domain::settings::Settings;
use steward_domain::ticket::record::{Ticket, TicketEvent};

type Read = (Vec<(String, Ticket, Vec<TicketEvent>)>, Fingerprints);

/// Tickets received in `period` (by the property's day) with their timelines, and the
/// fingerprint of every record read.
fn tickets_of(conn: &Connection, period: Period) -> Result<Read, DbError> {
    // A day either side in UTC text covers the property's days whatever the offset; the
    // domain keeps exactly the period's.
    let from = (period.from - chrono::Days::new(1)).to_string();
    let to = (period.to + chrono::Days::new(1)).to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT id, body FROM records INDEXED BY records_by_ticket_created_at
          WHERE kind = 'ticket' AND json_extract(body, '$.created_at') >= ?1 AND json_extract(body, '$.created_at') < ?2
            AND body IS NOT NULL",
    )?;
    let mut tickets: Vec<(String, Ticket, Vec<TicketEvent>)> = Vec::new();
    let mut prints = Fingerprints::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for row in stmt.query_map(params![from, to], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (id, body) = row?;
        // A record this build cannot read is left out of the figures, not the report.
        let Ok(ticket) = serde_json::from_str::<Ticket>(&body) else { continue };
        if !period.contains(ticket.created_at.local_day()) {
            continue;
        }
        prints.insert(format!("{id}/{id}"), fingerprint(&body));
        at.insert(id.clone(), tickets.len());
        tickets.push((id, ticket, Vec::new()));
    }
    // CROSS JOIN: the month's tickets first, then each one's timeline by its index (left to
    // itself SQLite may walk every timeline entry and look each ticket up).
    let mut events = conn.prepare_cached(
        "SELECT e.id, e.body FROM records t INDEXED BY records_by_ticket_created_at
           CROSS JOIN records e INDEXED BY records_by_ticket_event_ticket_id
             ON e.kind = 'ticket_event' AND json_extract(e.body, '$.ticket_id') = +t.id
          WHERE t.kind = 'ticket' AND json_extract(t.body, '$.created_at') >= ?1 AND json_extract(t.body, '$.created_at') < ?2",
    )?;
    for row in
        events.query_map(params![from, to], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
    {
        let (id, body) = row?;
        let Ok(event) = serde_json::from_str::<TicketEvent>(&body) else { continue };
        if let Some(&i) = at.get(&event.ticket_id) {
            prints.insert(format!("{}/{id}", event.ticket_id), fingerprint(&body));
            tickets[i].2.push(event);
        }
    }
    Ok((tickets, prints))
}

fn figures_of(
    conn: &Connection,
    period: Period,
    now: DateTime<Utc>,
) -> Result<(TicketFigures, Fingerprints), DbError> {
    let (tickets, prints) = tickets_of(conn, period)?;
    let inputs: Vec<TicketInput> =
        tickets.iter().map(|(id, ticket, events)| TicketInput { id, ticket, events }).collect();
    Ok((figures(period, &inputs, now), prints))
}

/// `2026-11` for a month's period.
fn month_of(period: Period) -> String {
    period.from.format("%Y-%m").to_string()
}

/// The month's close as kept, with the fingerprints it kept.
fn closed(conn: &Connection, month: &str) -> Result<Option<(ClosedMonth, Fingerprints)>, DbError> {
    let row = conn
        .query_row(
            "SELECT figures, fingerprints, digest, hash, closed_by, closed_at FROM month_closes WHERE month = ?1",
            [month],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?)),
        )
        .optional()?;
    let Some((figures, prints, digest, hash, closed_by, closed_at)) = row else { return Ok(None) };
    let (Ok(figures), Ok(prints), Ok(closed_at)) =
        (serde_json::from_str(&figures), serde_json::from_str(&prints), closed_at.parse())
    else {
        return Ok(None);
    };
    Ok(Some((ClosedMonth { month: month.to_string(), closed_by, closed_at, digest, hash, figures }, prints)))
}

#[derive(Debug, thiserror::Error)]
pub enum CloseError {
    #[error("the month is not over")]
    NotOver,
    #[error("the month is closed already")]
    Closed,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for CloseError {
    fn from(e: rusqlite::Error) -> Self {
        CloseError::Db(e.into())
    }
}

/// Closes the month `period` (over by `today`, the property's day) in `by`'s name: its
/// figures as of now, the fingerprint of each record, their digest and the chain's link.
pub fn close_month(
    conn: &Connection,
    period: Period,
    by: &str,
    now: &steward_domain::clock::Timestamp,
) -> Result<ClosedMonth, CloseError> {
    if period.to > now.local_day() {
        return Err(CloseError::NotOver);
    }
    let month = month_of(period);
    if closed(conn, &month)?.is_some() {
        return Err(CloseError::Closed);
    }
    let (figures, prints) = figures_of(conn, period, now.utc())?;
    let figures_json = serde_json::to_string(&figures).map_err(|e| DbError::Clock(e.to_string()))?;
    let prints_json = serde_json::to_string(&prints).map_err(|e| DbError::Clock(e.to_string()))?;
    let digest = digest(&prints);
    let (seq, prev): (i64, String) = conn
        .query_row("SELECT seq, hash FROM month_closes ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .unwrap_or((0, steward_domain::log_chain::GENESIS.to_string()));
    let hash = link(&prev, &month, &figures_json, &digest);
    conn.execute(
        "INSERT INTO month_closes (month, figures, fingerprints, digest, prev_hash, hash, closed_by, closed_at, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![month, figures_json, prints_json, digest, prev, hash, by, now.as_str(), seq + 1],
    )?;
    Ok(ClosedMonth { month, closed_by: by.to_string(), closed_at: now.clone(), digest, hash, figures })
}

/// The ticket report of `period`, with the previous period and the year before where there
/// were tickets then. (The server's screen reads its four parts side by side:
/// [`current_report`], [`operations_of`] and [`beside`] twice.)
pub fn ticket_report(conn: &Connection, period: Period, now: DateTime<Utc>) -> Result<TicketReport, DbError> {
    let mut report = current_report(conn, period, now)?;
    report.operations = Some(operations_of(conn, period, now)?);
    report.previous = beside(conn, period.previous(), now)?;
    report.year_before = beside(conn, period.year_before(), now)?;
    Ok(report)
}

/// The period's own ticket figures and, for a month, its close: the report without what
/// stands beside it and without the ledgers.
pub fn current_report(
    conn: &Connection,
    period: Period,
    now: DateTime<Utc>,
) -> Result<TicketReport, DbError> {
    let (current, prints) = figures_of(conn, period, now)?;
    let is_month = Period::month(&month_of(period)).is_ok_and(|m| m == period);
    let closed = if is_month { closed(conn, &month_of(period))? } else { None };
    let closed = closed.map(|(c, then)| close::since(c, &then, &current, &prints));
    Ok(TicketReport { current, previous: None, year_before: None, closed, closable: false, operations: None })
}

/// The figures of a period shown beside another (the one before, a year before), if it had
/// any tickets.
pub fn beside(
    conn: &Connection,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Option<TicketFigures>, DbError> {
    Ok(Some(figures_of(conn, period, now)?.0).filter(|f| f.received > 0))
}

/// Every readable record of `T`'s kind, by id: the ledgers are a few tens of thousands of
/// records over years, read by the kind's key range.
fn all_of<T: steward_domain::apply::Record + serde::de::DeserializeOwned>(
    conn: &Connection,
) -> Result<Vec<(String, T)>, DbError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, body FROM records WHERE kind = ?1 AND body IS NOT NULL")?;
    let rows =
        stmt.query_map([T::KIND.as_str()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, body) = row?;
        if let Ok(record) = serde_json::from_str::<T>(&body) {
            out.push((id, record));
        }
    }
    Ok(out)
}

fn bodies<T>(v: &[(String, T)]) -> Vec<&T> {
    v.iter().map(|(_, r)| r).collect()
}

fn refs<T>(v: &[(String, T)]) -> Vec<(&str, &T)> {
    v.iter().map(|(id, r)| (id.as_str(), r)).collect()
}

/// The front desk's other ledgers in `period` (keys, slips, the duty log, arrears,
/// decorations, patrols).
pub fn operations_of(conn: &Connection, period: Period, now: DateTime<Utc>) -> Result<Operations, DbError> {
    let loans = all_of::<KeyLoan>(conn)?;
    let slips = all_of::<ReleaseSlip>(conn)?;
    let checks = all_of::<GateRecord>(conn)?;
    let voids = all_of::<VoidSlip>(conn)?;
    let today = steward_domain::clock::Timestamp::from_utc(now).local_day();
    let log = all_of::<steward_domain::duty_log::DutyLogEntry>(conn)?;
    let cases = all_of::<steward_domain::arrears::record::ArrearsCase>(conn)?;
    let (arrears, recovered_fen) = operations::arrears(period, &refs(&cases));
    let decorations = all_of::<steward_domain::decoration::record::Decoration>(conn)?;
    let patrols = all_of::<steward_domain::decoration::record::Patrol>(conn)?;
    let notices = all_of::<steward_domain::decoration::record::RectificationNotice>(conn)?;
    let patrol_refs: Vec<_> = patrols.iter().map(|(_, p)| p).collect();
    let settings = all_of::<Settings>(conn)?.into_iter().next().map(|(_, s)| s).unwrap_or_default();
    let (calendar, plan) = (&settings.calendar, &settings.patrols);
    let deco =
        decorations::figures(period, &refs(&decorations), &patrol_refs, &refs(&notices), calendar, plan, now);
    let vacant = super::property::vacant_units(conn)?;
    let chain = super::log_chain::check(conn)?;
    // The homes notices and surveys reach: the register without its vacant units.
    let vacant_set: std::collections::HashSet<&String> = vacant.iter().collect();
    let mut register: Vec<String> =
        super::property::unit_labels(conn)?.into_iter().filter(|u| !vacant_set.contains(u)).collect();
    register.sort();
    let announcements = all_of::<steward_domain::announcement::record::Announcement>(conn)?;
    let replies = all_of::<steward_domain::announcement::record::AnnouncementReply>(conn)?;
    let surveys = all_of::<steward_domain::survey::record::Survey>(conn)?;
    let responses = all_of::<steward_domain::survey::record::SurveyResponse>(conn)?;
    Ok(Operations {
        keys: operations::keys(period, &refs(&loans), now),
        release: operations::release(period, &refs(&slips), &refs(&checks), &refs(&voids), today),
        duty_log: operations::duty_log(period, &refs(&log), &chain, today),
        arrears,
        recovered_fen,
        decorations: deco.counts,
        violations: deco.violations,
        patrols: steward_domain::report::patrols::figures(period, plan, &refs(&patrols), &vacant, today),
        announcements: front_of_house::announcements(
            period,
            &refs(&announcements),
            &bodies(&replies),
            &register,
            today,
        ),
        surveys: front_of_house::surveys(period, &refs(&surveys), &bodies(&responses), &register),
    })
}

/// The property's key for its month files: made once, kept in the database (a restored
/// backup signs as the property it is).
fn month_file_key(conn: &Connection) -> Result<[u8; 32], DbError> {
    let stored: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = 'month_file_key'", [], |r| r.get(0)).optional()?;
    if let Some(text) = stored {
        // Never replaced silently: head office pinned the key this one would replace.
        return hex::decode(&text)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| DbError::Clock("the month-file key in meta is unreadable".into()));
    }
    let key: [u8; 32] = rand::random();
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('month_file_key', ?1)",
        [hex::encode(key)],
    )?;
    Ok(key)
}

/// The month file for head office, signed: the close's figures and fingerprints when the
/// month is closed, else the figures as of `now`.
pub fn month_file(
    conn: &Connection,
    period: Period,
    now: &steward_domain::clock::Timestamp,
) -> Result<MonthFile, DbError> {
    let month = month_of(period);
    let exists: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM month_closes WHERE month = ?1)", [&month], |r| {
            r.get(0)
        })?;
    let kept = closed(conn, &month)?;
    if exists && kept.is_none() {
        // A closed month is never sent as an open one.
        return Err(DbError::Clock(format!("the close of {month} is unreadable")));
    }
    let (figures, fingerprints, closure) = match kept {
        Some((c, prints)) => (
            c.figures,
            prints,
            Some(Closure { closed_by: c.closed_by, closed_at: c.closed_at, hash: c.hash }),
        ),
        None => {
            let (figures, prints) = figures_of(conn, period, now.utc())?;
            (figures, prints, None)
        }
    };
    let body = Month {
        property: super::users::property_name(conn)?,
        month,
        written_at: now.clone(),
        closed: closure,
        figures,
        digest: digest(&fingerprints),
        fingerprints,
    };
    Ok(MonthFile::sign(&body, &month_file_key(conn)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(created: &str, dispatched: &str, on_site: Option<&str>) -> String {
        let on_site = on_site.map_or("null".to_string(), |t| format!("\"{t}\""));
        format!(
            r#"{{"number":null,"kind":"repair","scope":"in_home","unit":"3栋-1502","reporter":"张","contact_phone":"13812345678","category":"plumbing","urgency":"normal","channel":"phone","description":"漏水","first_responsible":1,"first_responsible_name":"王","department":"engineering","status":"dispatched","reopen_count":0,"created_at":"{created}","reply_by":null,"appointment":null,"dispatched_at":"{dispatched}","on_site_at":{on_site},"completed_at":null,"valid":null,"escalated":false,"plan":null,"labour_fee":0,"material_fee":0,"pauses":[],"owner_token_hash":null}}"#
        )
    }

    /// November closed on 12-01 keeps its figures and digest, chained; nothing may rewrite
    /// it; a record changed afterwards shows as a moved figure with its ticket named.
    #[test]
    fn a_closed_month_is_kept_and_a_later_change_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        drop(crate::db::Db::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        let put = |id: &str, body: &str| {
            conn.execute(
                "INSERT OR REPLACE INTO records (kind, id, version, body) VALUES ('ticket', ?1, 1, ?2)",
                params![id, body],
            )
            .unwrap();
        };
        put(
            "a",
            &ticket(
                "2026-11-10T01:55:00+00:00",
                "2026-11-10T02:00:00+00:00",
                Some("2026-11-10T02:10:00+00:00"),
            ),
        );
        put(
            "b",
            &ticket(
                "2026-11-11T01:55:00+00:00",
                "2026-11-11T02:00:00+00:00",
                Some("2026-11-11T02:15:00+00:00"),
            ),
        );
        put("c", &ticket("2026-12-02T01:55:00+00:00", "2026-12-02T02:00:00+00:00", None));
        let nov = Period::month("2026-11").unwrap();
        let early: steward_domain::clock::Timestamp = "2026-11-30T10:00:00Z".parse().unwrap();
        assert!(matches!(close_month(&conn, nov, "张伟", &early), Err(CloseError::NotOver)));
        let now: steward_domain::clock::Timestamp = "2026-12-03T02:00:00Z".parse().unwrap();
        let closed = close_month(&conn, nov, "张伟", &now).unwrap();
        assert_eq!(closed.figures.received, 2, "December's ticket is not November's");
        assert!(matches!(close_month(&conn, nov, "张伟", &now), Err(CloseError::Closed)));
        assert!(
            conn.execute("UPDATE month_closes SET digest = 'x'", []).is_err(),
            "a close is never rewritten"
        );
        assert!(conn.execute("DELETE FROM month_closes", []).is_err(), "nor removed");
        let report = ticket_report(&conn, nov, now.utc()).unwrap();
        let since = report.closed.clone().unwrap();
        assert!(since.unchanged && since.moved.is_empty());

        // A late correction: b's arrival was in fact 40 minutes after dispatch.
        put(
            "b",
            &ticket(
                "2026-11-11T01:55:00+00:00",
                "2026-11-11T02:00:00+00:00",
                Some("2026-11-11T02:40:00+00:00"),
            ),
        );
        let since = ticket_report(&conn, nov, now.utc()).unwrap().closed.unwrap();
        assert!(!since.unchanged);
        assert_eq!(since.tickets, vec!["b".to_string()]);
        assert!(
            since.moved.iter().any(|m| m.key == "arrival" && m.then == "2/2" && m.now == "1/2"),
            "{:?}",
            since.moved
        );
        let dec = Period::month("2026-12").unwrap();
        let later: steward_domain::clock::Timestamp = "2027-01-02T02:00:00Z".parse().unwrap();
        let next = close_month(&conn, dec, "张伟", &later).unwrap();
        let prev: String = conn
            .query_row("SELECT prev_hash FROM month_closes WHERE month = '2026-12'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(prev, closed.hash, "chained to the month closed before");
        assert_ne!(next.hash, closed.hash);
    }
}
