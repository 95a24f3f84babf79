//! The handover's rules, run on the tablet and again on the server.

use super::commands::*;
use super::record::*;
use crate::apply::{Applied, Command};
use crate::apply::{ApplyError, Ctx, RejectionCode, insert, load, reject, save, text};
use crate::clock::Timestamp;
use crate::duty_log::line::Line;
use crate::field::Field;
use crate::keys::record::{KeyLoan, LoanStatus};
use crate::sync::{Kind, Store};
use crate::ticket::record::Ticket;
use serde::{Deserialize, Serialize};

/// Why a handover cannot happen yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockerKind {
    /// A major or urgent ticket not yet resolved.
    UnresolvedTicket,
    /// A key past its shift with no incident opened.
    OverdueKey,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    pub kind: BlockerKind,
    pub id: String,
    pub label: String,
}

pub fn ticket_label(t: &Ticket) -> String {
    format!(
        "{} {} {}",
        t.number.as_deref().unwrap_or("—"),
        t.unit,
        crate::ticket::category::label(&t.category, false)
    )
}

pub fn loan_label(l: &KeyLoan) -> String {
    format!("{} {} {}", l.tag, l.unit, l.borrower.name)
}

/// What blocks a handover at `now`, from the records given (the tablet's replica, or the
/// server's records found by [`blockers_in`]).
pub fn blockers<'a>(
    tickets: impl IntoIterator<Item = (&'a str, &'a Ticket)>,
    loans: impl IntoIterator<Item = (&'a str, &'a KeyLoan)>,
    now: &Timestamp,
) -> Vec<Blocker> {
    let unresolved = tickets
        .into_iter()
        .filter(|(_, t)| t.urgency.escalates() && crate::ticket::lifecycle::work_open(t.status))
        .map(|(id, t)| Blocker {
            kind: BlockerKind::UnresolvedTicket,
            id: id.to_string(),
            label: ticket_label(t),
        });
    let overdue = loans
        .into_iter()
        .filter(|(_, l)| crate::keys::rules::is_overdue(l, now) && l.incident.is_none())
        .map(|(id, l)| Blocker { kind: BlockerKind::OverdueKey, id: id.to_string(), label: loan_label(l) });
    unresolved.chain(overdue).collect()
}

/// The blockers among the store's records: major and urgent tickets, and loans out.
pub fn blockers_in(store: &dyn Store, now: &Timestamp) -> Result<Vec<Blocker>, ApplyError> {
    let mut tickets = Vec::new();
    for urgency in ["major", "urgent"] {
        for id in store.ids_where(Kind::Ticket, crate::sync::store::Indexed::Urgency, urgency)? {
            tickets.push((id.clone(), load::<Ticket>(store, &id)?.0));
        }
    }
    let mut loans = Vec::new();
    for id in store.ids_where(Kind::KeyLoan, crate::sync::store::Indexed::Status, "out")? {
        loans.push((id.clone(), load::<KeyLoan>(store, &id)?.0));
    }
    debug_assert!(loans.iter().all(|(_, l)| l.status == LoanStatus::Out));
    Ok(blockers(
        tickets.iter().map(|(i, t)| (i.as_str(), t)),
        loans.iter().map(|(i, l)| (i.as_str(), l)),
        now,
    ))
}

/// Who hands over at the desk or the gate (security's night handovers use the same screen).
fn front_of_house(ctx: &Ctx) -> Result<(), ApplyError> {
    use crate::Role::*;
    match ctx.role {
        Receptionist | Supervisor | Manager | Security => Ok(()),
        _ => Err(reject(RejectionCode::Forbidden, None, "the desk and the gate hand over shifts")),
    }
}

/// The outgoing person starts the handover of the shift under way.
pub fn start(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    new: &super::commands::NewHandover,
) -> Result<(), ApplyError> {
    front_of_house(ctx)?;
    let blocking = blockers_in(store, &ctx.now)?;
    if !blocking.is_empty() {
        let what: Vec<String> = blocking.iter().map(|b| b.label.clone()).collect();
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::Blockers),
            format!("not while open: {}", what.join("; ")),
        ));
    }
    // One handover per shift and person: one waiting, or one confirmed for this shift.
    let window = crate::settings::current(store)?.shifts.window(&ctx.now);
    for other in store
        .ids_where(Kind::Handover, crate::sync::store::Indexed::Day, &window.day.to_string())?
        .into_iter()
        .chain(store.ids_where(Kind::Handover, crate::sync::store::Indexed::Status, "started")?)
    {
        let (h, _) = load::<Handover>(store, &other)?;
        if h.outgoing != ctx.user_id {
            continue;
        }
        if h.status == HandoverStatus::Started {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::Status),
                "your handover is already waiting",
            ));
        }
        if h.status == HandoverStatus::Confirmed && h.day == window.day.to_string() && h.shift == window.name
        {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::Shifts),
                "this shift was handed over already",
            ));
        }
    }
    if new.items.len() > 500 || new.counts.len() > 21 {
        return Err(reject(RejectionCode::Invalid, Some(Field::Counts), "at most 500 items and 21 counts"));
    }
    let optional = |field: Field, value: &str| {
        if value.trim().is_empty() { Ok(String::new()) } else { text(field, value, 2000) }
    };
    let handover = Handover {
        outgoing: ctx.user_id,
        outgoing_name: ctx.user_name.clone(),
        outgoing_role: ctx.role,
        shift: window.name,
        day: window.day.to_string(),
        started_at: ctx.now.clone(),
        items: new.items.clone(),
        instructions: optional(Field::Instructions, &new.instructions)?,
        incidents: optional(Field::Incidents, &new.incidents)?,
        counts: new
            .counts
            .iter()
            .map(|c| ItemCount { name: c.name.trim().chars().take(30).collect(), count: c.count })
            .collect(),
        status: HandoverStatus::Started,
        incoming: None,
        incoming_name: None,
        checks: Vec::new(),
        notes: Vec::new(),
        refusal: None,
        closed_at: None,
    };
    insert(store, id, &handover, "a handover with this id exists")
}

/// The incoming person — someone else, signed in as themselves — checks each item and
/// confirms, or refuses with a reason. Either way it goes into the duty log.
pub fn finish(
    store: &mut dyn Store,
    ctx: &Ctx,
    c: &super::commands::ConfirmHandover,
) -> Result<(), ApplyError> {
    front_of_house(ctx)?;
    let (mut h, _) = load::<Handover>(store, &c.id)?;
    if h.status != HandoverStatus::Started {
        return Err(reject(RejectionCode::Conflict, Some(Field::Status), "this handover is finished"));
    }
    if h.outgoing == ctx.user_id {
        return Err(reject(
            RejectionCode::Forbidden,
            Some(Field::Incoming),
            "the incoming person confirms, not the outgoing",
        ));
    }
    if c.accept {
        let blocking = blockers_in(store, &ctx.now)?;
        if !blocking.is_empty() {
            let what: Vec<String> = blocking.iter().map(|b| b.label.clone()).collect();
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::Blockers),
                format!("not while open: {}", what.join("; ")),
            ));
        }
    }
    if c.checks.len() != h.items.len() + h.counts.len() {
        return Err(reject(RejectionCode::Invalid, Some(Field::Checks), "each item and count is checked"));
    }
    // Confirmed: each item marked × says why (the supervisor reads it). Refused: the refusal
    // itself says why, and the items need not all have been looked at.
    let mut notes = Vec::with_capacity(c.checks.len());
    for (i, ok) in c.checks.iter().enumerate() {
        let note = c.notes.get(i).map(|n| n.trim()).unwrap_or_default();
        if c.accept && !ok && note.is_empty() {
            return Err(reject(RejectionCode::Invalid, Some(Field::Checks), "each item marked × says why"));
        }
        notes.push(if *ok || note.is_empty() { String::new() } else { text(Field::Checks, note, 200)? });
    }
    h.notes = notes;
    h.incoming = Some(ctx.user_id);
    h.incoming_name = Some(ctx.user_name.clone());
    h.checks = c.checks.clone();
    h.closed_at = Some(ctx.now.clone());
    let crossed = c.checks.iter().filter(|ok| !**ok).count();
    let (outgoing, incoming, day, shift) =
        (h.outgoing_name.clone(), ctx.user_name.clone(), h.day.clone(), h.shift.clone());
    let log = if c.accept {
        h.status = HandoverStatus::Confirmed;
        Line::HandoverConfirmed { outgoing, incoming, day, shift, crossed }
    } else {
        let reason = text(Field::Refusal, &c.refusal, 500)?;
        h.status = HandoverStatus::Refused;
        h.refusal = Some(reason.clone());
        Line::HandoverRefused { outgoing, incoming, day, shift, reason }
    };
    save(store, &c.id, &h)?;
    crate::duty_log::record_automatic(store, ctx, &c.log_id, "handover", log)
}

// Each change a device can make about this ledger, applied by the rules above; the
// commands' wire forms are in `commands.rs`, which needs nothing from here.

impl Command for StartHandover {
    crate::apply::about_record!(Kind::Handover);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        start(store, ctx, &self.id, &self.handover)?;
        Ok(Applied::Done)
    }
}

impl Command for ConfirmHandover {
    crate::apply::about_record!(Kind::Handover);
    fn new_ids(&self) -> Vec<&str> {
        vec![&self.log_id]
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        finish(store, ctx, self)?;
        Ok(Applied::Done)
    }
}
