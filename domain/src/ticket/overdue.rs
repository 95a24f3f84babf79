//! The time limits an open ticket has passed (SPEC.md §1): no one on site 20 minutes
//! after dispatch, the reply-by time or the appointment passed, a complaint's plan not set
//! by the end of the next day, the completion time promised to the owner passed. Each is
//! measured with the time the ticket waited on the owner left out.
//!
//! One rule for the desk's 超时 list, the supervisor's and the department's 升级事项, and
//! the server, which escalates each passed limit once: a timeline step in the rules' name.

use super::Department;
use super::lifecycle::{TicketStatus, work_open};
use super::record::{Ticket, is_open};
// The limits and their escalations are kept on the ticket: record types.
pub use super::record::{Escalation, Limit};
use super::sla::{SlaState, arrival, complaint_plan_due, running_time};
use crate::Role;
use crate::clock::Timestamp;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A limit this ticket has passed: which, which deadline (`anchor`: the dispatch for the
/// arrival clock, the due time for the others — a new dispatch or a new promise is a new
/// deadline), and by how many minutes, paused time not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breach {
    pub limit: Limit,
    pub anchor: String,
    pub late_minutes: i64,
}

/// When a complaint's handling plan is due (same or next day), while it still has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanDue {
    Today,
    Tomorrow,
    Overdue,
}

/// The 20-minute arrival rule's state for this round of work (`None`: nobody dispatched,
/// or not work).
pub fn arrival_state(t: &Ticket, now: DateTime<Utc>) -> Option<SlaState> {
    let dispatched = t.dispatched_at.as_ref()?.utc();
    t.kind.is_work().then(|| arrival(dispatched, t.on_site_at.as_ref().map(|t| t.utc()), &t.pauses, now))
}

/// The desk must call the owner: the arrival limit was missed and nobody has explained it.
pub fn needs_late_call(t: &Ticket, now: DateTime<Utc>) -> bool {
    super::lifecycle::work_open(t.status)
        && t.late_explained_at.is_none()
        && matches!(arrival_state(t, now), Some(SlaState::Missed { .. }))
}

/// A valid (or not yet judged) complaint without a plan: due by the end of the next day.
pub fn plan_due(t: &Ticket, now: DateTime<Utc>) -> Option<PlanDue> {
    if t.kind != super::TicketKind::Complaint || t.valid == Some(false) || t.plan.is_some() || !is_open(t) {
        return None;
    }
    let received = t.created_at.utc();
    let zone = super::sla::china();
    let due = super::sla::complaint_plan_due(received, zone);
    Some(if now > due {
        PlanDue::Overdue
    } else if now.with_timezone(&zone).date_naive() == received.with_timezone(&zone).date_naive() {
        PlanDue::Today
    } else {
        PlanDue::Tomorrow
    })
}

fn parse(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|d| d.with_timezone(&Utc))
}

/// The deadlines `t` still has to meet, whatever the time: each limit with its anchor. A
/// finished or closed ticket has none (what was late is in the month's figures).
pub fn deadlines(t: &Ticket) -> Vec<(Limit, String)> {
    if !is_open(t) || t.status == TicketStatus::Completed {
        return Vec::new();
    }
    let on_the_way = t.kind.is_work() && work_open(t.status) && t.on_site_at.is_none();
    // The reply-by time and the appointment were agreed for the first round: a reopened
    // ticket runs on its new dispatch's clock (and any new promise), not on those.
    let first_round = t.reopen_count == 0;
    let mut found = Vec::new();
    if on_the_way && let Some(dispatched) = &t.dispatched_at {
        found.push((Limit::Arrival, dispatched.to_string()));
    }
    if first_round && let Some(due) = &t.reply_by {
        found.push((Limit::Reply, due.clone()));
    }
    if first_round
        && on_the_way
        && let Some(due) = &t.appointment
    {
        found.push((Limit::Appointment, due.clone()));
    }
    if t.kind == super::TicketKind::Complaint && t.valid != Some(false) && t.plan.is_none() {
        let due = complaint_plan_due(t.created_at.utc(), super::sla::china());
        found.push((Limit::Plan, Timestamp::from_utc(due).to_string()));
    }
    if t.completed_at.is_none()
        && let Some(due) = &t.promised_completion
    {
        found.push((Limit::Completion, due.clone()));
    }
    found
}

/// How many minutes past its deadline `limit` is at `now`, the time the ticket waited on
/// the owner left out (the plan is the property's own business: its clock never stops).
pub fn late_by(t: &Ticket, limit: Limit, anchor: &str, now: DateTime<Utc>) -> i64 {
    let Some(at) = parse(anchor) else { return 0 };
    match limit {
        Limit::Arrival => match arrival(at, None, &t.pauses, now) {
            SlaState::Missed { by } => by.num_minutes(),
            _ => 0,
        },
        Limit::Plan => (now - at).num_minutes().max(0),
        Limit::Reply | Limit::Appointment | Limit::Completion if now > at => {
            running_time(at, now, &t.pauses).num_minutes()
        }
        _ => 0,
    }
}

/// Every limit `t` has passed and not yet met, as of `now`.
pub fn breaches(t: &Ticket, now: DateTime<Utc>) -> Vec<Breach> {
    deadlines(t)
        .into_iter()
        .map(|(limit, anchor)| Breach { limit, late_minutes: late_by(t, limit, &anchor, now), anchor })
        .filter(|b| b.late_minutes >= 1)
        .collect()
}

/// The breaches the rules have not escalated yet.
pub fn to_escalate(t: &Ticket, now: DateTime<Utc>) -> Vec<Breach> {
    breaches(t, now)
        .into_iter()
        .filter(|b| !t.escalations.iter().any(|e| e.limit == b.limit && e.anchor == b.anchor))
        .collect()
}

/// Who is told of a ticket's escalations: the supervisor and the manager of every ticket,
/// a department of the tickets sent to it (its head works from the department's list).
pub fn concerns(role: Role, t: &Ticket) -> bool {
    match role {
        Role::Supervisor | Role::Manager => true,
        Role::Engineering => t.department == Some(Department::Engineering),
        Role::Security => t.department == Some(Department::Security),
        _ => false,
    }
}

/// Who has a 升级事项 list: those [`concerns`] tells of some ticket.
pub fn has_a_list(role: Role) -> bool {
    matches!(role, Role::Supervisor | Role::Manager | Role::Engineering | Role::Security)
}

/// One line of the 升级事项 list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub breach: Breach,
    /// When the rules escalated it (`None`: passed, the server has not said so yet — a
    /// device offline sees it as soon as the time passes).
    pub escalated_at: Option<Timestamp>,
}

/// The open tickets past a limit that concern `role`, the latest first: every deadline
/// passed by `now`, and every one the server escalated that is still not met (a device
/// whose clock is behind still lists what the server's clock escalated).
pub fn list<'a>(
    tickets: impl IntoIterator<Item = (&'a str, &'a Ticket)>,
    role: Role,
    now: DateTime<Utc>,
) -> Vec<Item> {
    let mut items: Vec<Item> = tickets
        .into_iter()
        .filter(|(_, t)| concerns(role, t))
        .flat_map(|(id, t)| {
            deadlines(t).into_iter().filter_map(move |(limit, anchor)| {
                let escalated = t.escalations.iter().find(|e| e.limit == limit && e.anchor == anchor);
                // A device whose clock is behind the server's still shows at least what the
                // server escalated.
                let late = late_by(t, limit, &anchor, now).max(escalated.map_or(0, |e| e.late_minutes));
                (late >= 1).then(|| Item {
                    id: id.to_string(),
                    breach: Breach { limit, anchor, late_minutes: late },
                    escalated_at: escalated.map(|e| e.at.clone()),
                })
            })
        })
        .collect();
    items.sort_by(|a, b| b.breach.late_minutes.cmp(&a.breach.late_minutes).then_with(|| a.id.cmp(&b.id)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::TicketKind;
    use crate::ticket::query::tests::ticket;
    use crate::ticket::sla::Pause;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn dispatched() -> Ticket {
        let mut x = ticket();
        x.dispatched_at = Some("2026-11-22T02:00:00Z".parse().unwrap());
        x
    }

    #[test]
    fn arrival_is_passed_after_twenty_running_minutes() {
        let x = dispatched();
        assert!(breaches(&x, t("2026-11-22T02:20:30Z")).is_empty(), "20 minutes is on time");
        let b = breaches(&x, t("2026-11-22T02:26:00Z"));
        assert_eq!(
            b,
            vec![Breach { limit: Limit::Arrival, anchor: "2026-11-22T02:00:00Z".into(), late_minutes: 6 }]
        );
    }

    #[test]
    fn time_waiting_on_the_owner_is_not_late() {
        let mut x = dispatched();
        x.pauses = vec![Pause {
            from: t("2026-11-22T02:05:00Z"),
            until: Some(t("2026-11-22T03:00:00Z")),
            reason: "业主午休".into(),
        }];
        assert!(breaches(&x, t("2026-11-22T03:10:00Z")).is_empty(), "15 running minutes");
        assert_eq!(breaches(&x, t("2026-11-22T03:20:00Z"))[0].late_minutes, 5);
        // A reply-by time passed while the ticket waited on the owner is late only by the
        // time after the owner came back.
        let mut y = ticket();
        y.kind = TicketKind::Inquiry;
        y.status = TicketStatus::Received;
        y.reply_by = Some("2026-11-22T04:00:00Z".into());
        y.pauses = vec![Pause {
            from: t("2026-11-22T03:00:00Z"),
            until: Some(t("2026-11-22T05:00:00Z")),
            reason: String::new(),
        }];
        let b = breaches(&y, t("2026-11-22T05:30:00Z"));
        assert_eq!((b[0].limit, b[0].late_minutes), (Limit::Reply, 30));
    }

    #[test]
    fn an_arrival_a_completion_or_a_closure_ends_the_breach() {
        let mut x = dispatched();
        x.on_site_at = Some("2026-11-22T02:40:00Z".parse().unwrap());
        assert!(breaches(&x, t("2026-11-22T03:00:00Z")).is_empty(), "late, but someone is there now");
        let mut y = dispatched();
        y.status = TicketStatus::Closed;
        assert!(breaches(&y, t("2026-11-22T05:00:00Z")).is_empty());
    }

    #[test]
    fn appointment_plan_and_promise_each_count() {
        let mut x = ticket();
        x.dispatched_at = None;
        x.status = TicketStatus::Received;
        x.appointment = Some("2026-11-22T06:00:00Z".into());
        x.promised_completion = Some("2026-11-22T08:00:00Z".into());
        let limits: Vec<Limit> = breaches(&x, t("2026-11-22T09:00:00Z")).iter().map(|b| b.limit).collect();
        assert_eq!(limits, vec![Limit::Appointment, Limit::Completion]);
        let mut c = ticket();
        c.kind = TicketKind::Complaint;
        c.status = TicketStatus::Received;
        c.created_at = "2026-11-22T02:00:00Z".parse().unwrap();
        // Due at the end of 23 November in Beijing: 16:00 UTC.
        assert!(breaches(&c, t("2026-11-23T15:59:00Z")).is_empty());
        let b = breaches(&c, t("2026-11-23T17:00:00Z"));
        assert_eq!(
            (b[0].limit, b[0].late_minutes, b[0].anchor.as_str()),
            (Limit::Plan, 60, "2026-11-23T16:00:00+00:00")
        );
    }

    #[test]
    fn each_deadline_is_escalated_once_and_a_new_dispatch_is_a_new_deadline() {
        let mut x = dispatched();
        let now = t("2026-11-22T02:30:00Z");
        let due = to_escalate(&x, now);
        assert_eq!(due.len(), 1);
        x.escalations.push(Escalation {
            limit: Limit::Arrival,
            anchor: due[0].anchor.clone(),
            at: Timestamp::from_utc(now),
            late_minutes: 10,
        });
        assert!(to_escalate(&x, t("2026-11-22T03:30:00Z")).is_empty(), "still late, already escalated");
        x.dispatched_at = Some("2026-11-22T04:00:00Z".parse().unwrap());
        assert_eq!(to_escalate(&x, t("2026-11-22T04:30:00Z")).len(), 1, "sent again, late again");
    }

    #[test]
    fn the_list_goes_to_the_supervisor_and_the_department_sent_to() {
        let x = dispatched();
        let now = t("2026-11-22T03:00:00Z");
        let one = [("a", &x)];
        assert_eq!(list(one, Role::Supervisor, now).len(), 1);
        assert_eq!(list(one, Role::Engineering, now).len(), 1);
        assert!(list(one, Role::Security, now).is_empty(), "sent to engineering");
        assert!(list(one, Role::Receptionist, now).is_empty());
        let mut later = dispatched();
        later.dispatched_at = Some("2026-11-22T01:00:00Z".parse().unwrap());
        let two = [("a", &x), ("b", &later)];
        let ids: Vec<String> = list(two, Role::Manager, now).into_iter().map(|i| i.id).collect();
        assert_eq!(ids, vec!["b".to_string(), "a".to_string()], "the latest first");
    }

    #[test]
    fn what_the_server_escalated_is_listed_until_it_is_met_whatever_the_device_s_clock() {
        let mut x = dispatched();
        x.escalations.push(Escalation {
            limit: Limit::Arrival,
            anchor: "2026-11-22T02:00:00Z".into(),
            at: "2026-11-22T02:45:00Z".parse().unwrap(),
            late_minutes: 25,
        });
        // The device's clock says 02:10: not late by its own reckoning.
        let items = list([("a", &x)], Role::Supervisor, t("2026-11-22T02:10:00Z"));
        assert_eq!((items.len(), items[0].breach.late_minutes), (1, 25));
        assert!(items[0].escalated_at.is_some());
        assert_eq!(list([("a", &x)], Role::Supervisor, t("2026-11-22T02:55:00Z"))[0].breach.late_minutes, 35);
        // Paused since 02:55: the time waiting on the owner does not add to it.
        x.pauses =
            vec![Pause { from: t("2026-11-22T02:55:00Z"), until: None, reason: "业主不在家".into() }];
        assert_eq!(list([("a", &x)], Role::Supervisor, t("2026-11-22T04:00:00Z"))[0].breach.late_minutes, 35);
        x.on_site_at = Some("2026-11-22T02:50:00Z".parse().unwrap());
        assert!(list([("a", &x)], Role::Supervisor, t("2026-11-22T02:55:00Z")).is_empty(), "someone arrived");
    }

    #[test]
    fn a_reopened_ticket_is_not_late_for_the_first_round_s_agreed_times() {
        let mut x = ticket();
        x.kind = TicketKind::Inquiry;
        x.status = TicketStatus::Received;
        x.dispatched_at = None;
        x.reply_by = Some("2026-11-22T04:00:00Z".into());
        x.appointment = Some("2026-11-22T05:00:00Z".into());
        assert_eq!(breaches(&x, t("2026-11-24T00:00:00Z")).len(), 1, "the reply is late");
        x.reopen_count = 1;
        assert!(
            breaches(&x, t("2026-11-24T00:00:00Z")).is_empty(),
            "answered once; reopened, not late for it"
        );
        let mut y = dispatched();
        y.appointment = Some("2026-11-22T01:00:00Z".into());
        y.reopen_count = 1;
        let limits: Vec<Limit> = breaches(&y, t("2026-11-22T02:30:00Z")).iter().map(|b| b.limit).collect();
        assert_eq!(limits, vec![Limit::Arrival], "the new dispatch's clock only");
    }
}
