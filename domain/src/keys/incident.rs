//! 钥匙事件: a key overdue, returned short, missing at the daily count, lost or with a
//! broken seal. It goes supervisor → manager → owner contacted → re-keyed or a new lock →
//! resolved, each step recorded and written to the duty log; one still open when its day
//! is over must be escalated.

use super::record::{Key, KeyLoan, KeyState};
use crate::Role;
use crate::apply::{ApplyError, Ctx, RejectionCode, insert, load, reject, save};
use crate::clock::Timestamp;
use crate::duty_log::line::{Happened, Line};
use crate::field::Field;
use crate::sync::Store;
use serde::{Deserialize, Serialize};

// A key incident's cause and steps are record types (the duty log names them too).
pub use super::record::{Cause, Step};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    Open,
    Resolved,
    Escalated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentEntry {
    pub step: Step,
    pub note: String,
    pub by_name: String,
    pub role: Role,
    pub at: Timestamp,
}

/// 钥匙事件 record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyIncident {
    pub key_id: String,
    pub tag: String,
    pub unit: String,
    pub loan_id: Option<String>,
    pub cause: Cause,
    pub note: String,
    pub opened_by_name: String,
    pub opened_at: Timestamp,
    pub steps: Vec<IncidentEntry>,
    pub status: IncidentStatus,
}

impl crate::apply::Record for KeyIncident {
    const KIND: crate::sync::Kind = crate::sync::Kind::KeyIncident;
}

/// The steps that may come next, in the manual's order; escalation at any point.
pub fn next_steps(i: &KeyIncident) -> Vec<Step> {
    match i.status {
        IncidentStatus::Resolved => return Vec::new(),
        // Up to the manager now: what is done about it is still recorded, until resolved.
        IncidentStatus::Escalated
            if i.steps.iter().any(|e| matches!(e.step, Step::Rekeyed | Step::LockChanged)) =>
        {
            return vec![Step::Resolved];
        }
        IncidentStatus::Escalated => return vec![Step::Rekeyed, Step::LockChanged, Step::Resolved],
        IncidentStatus::Open => {}
    }
    let done = |s: Step| i.steps.iter().any(|e| e.step == s);
    let mut next = if !done(Step::SupervisorInformed) {
        vec![Step::SupervisorInformed]
    } else if !done(Step::ManagerInformed) {
        vec![Step::ManagerInformed]
    } else if !done(Step::OwnerContacted) {
        vec![Step::OwnerContacted]
    } else if done(Step::Rekeyed) || done(Step::LockChanged) {
        vec![Step::Resolved]
    } else {
        vec![Step::Rekeyed, Step::LockChanged, Step::Resolved]
    };
    next.push(Step::Escalated);
    next
}

/// Still to settle: open, or escalated and not yet resolved.
pub fn unsettled(i: &KeyIncident) -> bool {
    i.status != IncidentStatus::Resolved
}

/// Open past the day it was opened: it must be escalated.
pub fn needs_escalation(i: &KeyIncident, now: &Timestamp) -> bool {
    i.status == IncidentStatus::Open && now.local_day() > i.opened_at.local_day()
}

/// The ids a change that opens an incident brings: the incident's and its log entry's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewIncident {
    pub id: String,
    pub log_id: String,
}

/// What opens an incident: its cause, the desk's note, and what a count found of a ring.
pub struct Why<'a> {
    pub cause: Cause,
    pub note: &'a str,
    pub counted: Option<(u32, u32)>,
}

/// Opens an incident about `key_id` (and the loan, if it is about one), and writes it to
/// the duty log.
pub fn open(
    store: &mut dyn Store,
    ctx: &Ctx,
    ids: &NewIncident,
    key_id: &str,
    loan_id: Option<&str>,
    why: Why,
) -> Result<(), ApplyError> {
    let Why { cause, note, counted } = why;
    if !ctx.role.runs_the_desk() {
        return Err(reject(RejectionCode::Forbidden, None, "the desk opens key incidents"));
    }
    let (mut key, _) = load::<Key>(store, key_id)?;
    if let Some(loan_id) = loan_id {
        let (mut loan, _) = load::<KeyLoan>(store, loan_id)?;
        if loan.key_id != key_id {
            return Err(reject(RejectionCode::Invalid, Some(Field::KeyId), "the loan is of another key"));
        }
        if loan.incident.is_some() {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::Cause),
                "an incident is already open for this loan",
            ));
        }
        if cause == Cause::Overdue && !loan.is_overdue(&ctx.now) {
            return Err(reject(RejectionCode::Conflict, Some(Field::Cause), "the key is not overdue"));
        }
        loan.incident = Some(ids.id.clone());
        save(store, loan_id, &loan)?;
    } else if cause == Cause::Overdue {
        return Err(reject(RejectionCode::Invalid, Some(Field::Cause), "an overdue key is a loan's"));
    }
    // A key missing or lost is not lent (nor expected at the count) until it is found.
    if matches!(cause, Cause::Missing | Cause::Lost) && key.state == KeyState::InCabinet {
        key.state = KeyState::Missing { incident_id: ids.id.clone() };
        save(store, key_id, &key)?;
    }
    let note = note.trim().chars().take(500).collect::<String>();
    // The incident keeps what the count found in its own note (its page shows it).
    let recorded = match counted {
        Some((found, of)) if note.is_empty() => format!("清点：在柜 {found}/{of} 把"),
        _ => note.clone(),
    };
    let incident = KeyIncident {
        key_id: key_id.to_string(),
        tag: key.tag.clone(),
        unit: key.unit.clone(),
        loan_id: loan_id.map(str::to_string),
        cause,
        note: recorded,
        opened_by_name: ctx.user_name.clone(),
        opened_at: ctx.now.clone(),
        steps: Vec::new(),
        status: IncidentStatus::Open,
    };
    insert(store, &ids.id, &incident, "an incident with this id exists")?;
    let line = Line::KeyIncident {
        tag: key.tag.clone(),
        unit: key.unit.clone(),
        happened: Happened::Opened(cause),
        counted,
        note,
    };
    crate::duty_log::record_automatic(store, ctx, &ids.log_id, "key_incident", line)
}

/// Records the next step (or the escalation), and writes it to the duty log.
pub fn act(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    log_id: &str,
    step: Step,
    note: &str,
) -> Result<(), ApplyError> {
    if !ctx.role.runs_the_desk() {
        return Err(reject(RejectionCode::Forbidden, None, "the desk follows key incidents up"));
    }
    if step == Step::Escalated && !ctx.role.reviews_the_log() {
        return Err(reject(RejectionCode::Forbidden, None, "the supervisor or the manager escalates"));
    }
    let (mut incident, _) = load::<KeyIncident>(store, id)?;
    if !next_steps(&incident).contains(&step) {
        return Err(reject(RejectionCode::Conflict, Some(Field::Step), "not the next step"));
    }
    let note = note.trim().chars().take(500).collect::<String>();
    incident.steps.push(IncidentEntry {
        step,
        note: note.clone(),
        by_name: ctx.user_name.clone(),
        role: ctx.role,
        at: ctx.now.clone(),
    });
    if incident.status == IncidentStatus::Escalated && !ctx.role.reviews_the_log() {
        return Err(reject(
            RejectionCode::Forbidden,
            None,
            "an escalated incident is the supervisor's and the manager's",
        ));
    }
    incident.status = match step {
        Step::Resolved => IncidentStatus::Resolved,
        Step::Escalated => IncidentStatus::Escalated,
        _ => incident.status,
    };
    save(store, id, &incident)?;
    // Found, or made good: the key is back in its slot.
    if step == Step::Resolved {
        let (mut key, _) = load::<Key>(store, &incident.key_id)?;
        if matches!(key.state, KeyState::Missing { .. }) {
            key.state = KeyState::InCabinet;
            save(store, &incident.key_id, &key)?;
        }
    }
    let line = Line::KeyIncident {
        tag: incident.tag,
        unit: incident.unit,
        happened: Happened::Step(step),
        counted: None,
        note,
    };
    crate::duty_log::record_automatic(store, ctx, log_id, "key_incident", line)
}
