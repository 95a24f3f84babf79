//! The time limits a ticket is held to, as the month's figures count them (SPEC.md §1):
//! on site within 20 minutes of dispatch, the reply by the agreed time, the appointment, the
//! completion promised after a late arrival, a complaint's plan by the end of the next day —
//! each paused time not counted. Read by the period's figures and by who-did-the-work.

use crate::clock::Timestamp;
use crate::ticket::TicketKind;
use crate::ticket::lifecycle::Action;
use crate::ticket::record::{Step, Ticket, TicketEvent};
use crate::ticket::sla::{ARRIVAL_LIMIT_MINUTES, complaint_plan_due, running_time};
use chrono::{DateTime, Utc};

/// One ticket with its timeline, as the figures read it.
pub struct TicketInput<'a> {
    pub id: &'a str,
    pub ticket: &'a Ticket,
    pub events: &'a [TicketEvent],
}

/// Whether each time limit that counts for `t` was met (empty: none counts).
pub(crate) fn timed(t: &TicketInput, now: DateTime<Utc>) -> Vec<bool> {
    [arrival(t, now), reply(t, now), appointment(t, now), completion(t, now), plan(t, now)]
        .into_iter()
        .flatten()
        .map(|(_, met, _)| met)
        .collect()
}

fn at(text: &str) -> Option<DateTime<Utc>> {
    Timestamp::parse(text).ok().map(|t| t.utc())
}

fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_minutes().max(0)
}

/// The first moment the timeline shows a step matching `f`.
pub(crate) fn first(events: &[TicketEvent], f: impl Fn(&Step) -> bool) -> Option<DateTime<Utc>> {
    events.iter().filter(|e| f(&e.step)).map(|e| e.at.utc()).min()
}

/// Someone on site within 20 minutes of dispatch, paused time not counted. A ticket not yet
/// reached counts once it is already past the limit.
pub(crate) fn arrival(t: &TicketInput, now: DateTime<Utc>) -> Option<(String, bool, i64)> {
    let dispatched = t.ticket.dispatched_at.as_ref()?.utc();
    let end = t.ticket.on_site_at.as_ref().map_or(now, Timestamp::utc);
    let used = running_time(dispatched, end, &t.ticket.pauses).num_minutes();
    let met = used <= ARRIVAL_LIMIT_MINUTES;
    (t.ticket.on_site_at.is_some() || !met)
        .then(|| (t.id.to_string(), met && t.ticket.on_site_at.is_some(), used))
}

/// Answered (or the work completed) by the reply-by time agreed with the owner; the time
/// taken from receipt to the answer.
pub(crate) fn reply(t: &TicketInput, now: DateTime<Utc>) -> Option<(String, bool, i64)> {
    let due = at(t.ticket.reply_by.as_deref()?)?;
    let answered =
        first(t.events, |s| matches!(s, Step::Acted(Action::Answer { .. } | Action::Complete { .. })));
    let created = t.ticket.created_at.utc();
    match answered {
        Some(a) => Some((t.id.to_string(), a <= due, minutes(created, a))),
        None if now > due => Some((t.id.to_string(), false, minutes(created, now))),
        None => None,
    }
}

/// Someone on site by the appointment; the minutes after it (0 when kept).
pub(crate) fn appointment(t: &TicketInput, now: DateTime<Utc>) -> Option<(String, bool, i64)> {
    let due = at(t.ticket.appointment.as_deref()?)?;
    match t.ticket.on_site_at.as_ref().map(Timestamp::utc) {
        Some(on_site) => Some((t.id.to_string(), on_site <= due, minutes(due, on_site))),
        None if now > due => Some((t.id.to_string(), false, minutes(due, now))),
        None => None,
    }
}

/// Completed by the time promised to the owner after a late arrival; the time taken from
/// receipt to completion, paused time not counted.
pub(crate) fn completion(t: &TicketInput, now: DateTime<Utc>) -> Option<(String, bool, i64)> {
    let due = at(t.ticket.promised_completion.as_deref()?)?;
    let created = t.ticket.created_at.utc();
    match t.ticket.completed_at.as_ref().map(Timestamp::utc) {
        Some(done) => {
            Some((t.id.to_string(), done <= due, running_time(created, done, &t.ticket.pauses).num_minutes()))
        }
        None if now > due => {
            Some((t.id.to_string(), false, running_time(created, now, &t.ticket.pauses).num_minutes()))
        }
        None => None,
    }
}

/// A complaint's handling plan (not judged invalid) recorded the same or the next day; the time
/// taken from receipt to the plan.
pub(crate) fn plan(t: &TicketInput, now: DateTime<Utc>) -> Option<(String, bool, i64)> {
    // Every complaint not judged invalid, as the escalation counts it (SPEC.md §1).
    if t.ticket.kind != TicketKind::Complaint || t.ticket.valid == Some(false) {
        return None;
    }
    let created = t.ticket.created_at.utc();
    let due = complaint_plan_due(created, crate::clock::property_zone());
    match first(t.events, |s| matches!(s, Step::PlanRecorded { .. })) {
        Some(p) => Some((t.id.to_string(), p <= due, minutes(created, p))),
        None if now > due => Some((t.id.to_string(), false, minutes(created, now))),
        None => None,
    }
}
