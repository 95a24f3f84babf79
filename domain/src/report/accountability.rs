//! Who did the work: per person (首问负责人) and per department, over the tickets received
//! in the period; the escalations the rules made, by time limit; and the valid complaints'
//! case analyses. Each row carries its tickets' ids (the drill-down).

use super::limits::{TicketInput, timed};
use crate::ticket::lifecycle::{Action, VisitMethod};
use crate::ticket::overdue::Limit;
use crate::ticket::record::Step;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One first-responsible person's tickets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The account (two people may share a name); `name` as the latest ticket wrote it.
    #[serde(default)]
    pub id: i64,
    pub name: String,
    pub tickets: usize,
    /// Of the tickets with a time limit, those that met every one.
    pub on_time: usize,
    pub timed: usize,
    /// Of those visited by staff, satisfied at the first visit.
    pub satisfied: usize,
    pub visited: usize,
    pub reopened: usize,
    pub ids: Vec<String>,
}

/// One department's work orders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentRow {
    pub key: String,
    pub dispatched: usize,
    pub accepted: usize,
    /// On site within the 20 minutes, of those whose arrival counted.
    pub arrival_met: usize,
    pub arrival_counted: usize,
    pub completed: usize,
    pub labour_fee: u64,
    pub material_fee: u64,
    pub ids: Vec<String>,
}

/// A valid complaint's case analysis, as the month summarises it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysed {
    pub id: String,
    pub number: Option<String>,
    pub category: String,
    pub cause: String,
    pub corrective: String,
    pub preventive: String,
}

/// The staff's first return visit (phone or on site): satisfied or not.
fn first_visit(t: &TicketInput) -> Option<bool> {
    let mut visits: Vec<(&crate::clock::Timestamp, bool)> = t
        .events
        .iter()
        .filter_map(|e| match &e.step {
            Step::Acted(Action::ReturnVisit {
                satisfied,
                method: VisitMethod::Phone | VisitMethod::OnSite,
                ..
            }) => Some((&e.at, *satisfied)),
            _ => None,
        })
        .collect();
    visits.sort();
    visits.first().map(|v| v.1)
}

/// Per first-responsible person, by account.
pub fn people(ins: &[&TicketInput], now: chrono::DateTime<chrono::Utc>) -> Vec<Person> {
    let mut by: BTreeMap<i64, Person> = BTreeMap::new();
    for t in ins {
        let p = by.entry(t.ticket.first_responsible).or_default();
        p.id = t.ticket.first_responsible;
        if p.name.is_empty() || p.name > t.ticket.first_responsible_name {
            // Whatever the order of the records, the same name.
            p.name = t.ticket.first_responsible_name.clone();
        }
        p.tickets += 1;
        let outcomes = timed(t, now);
        if !outcomes.is_empty() {
            p.timed += 1;
            p.on_time += usize::from(outcomes.iter().all(|met| *met));
        }
        if let Some(satisfied) = first_visit(t) {
            p.visited += 1;
            p.satisfied += usize::from(satisfied);
        }
        p.reopened += usize::from(t.ticket.reopen_count > 0);
        p.ids.push(t.id.to_string());
    }
    let mut rows: Vec<Person> = by.into_values().collect();
    rows.iter_mut().for_each(|r| r.ids.sort());
    rows.sort_by(|a, b| b.tickets.cmp(&a.tickets).then_with(|| a.name.cmp(&b.name)));
    rows
}

/// Per department the ticket was (last) sent to.
pub fn departments(ins: &[&TicketInput], now: chrono::DateTime<chrono::Utc>) -> Vec<DepartmentRow> {
    let mut by: BTreeMap<String, DepartmentRow> = BTreeMap::new();
    for t in ins {
        let Some(d) = t.ticket.department else { continue };
        let key =
            serde_json::to_value(d).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let row = by.entry(key.clone()).or_default();
        row.key = key;
        row.dispatched += 1;
        // Signed for by this department: after the last dispatch (an earlier one was another's).
        let sent = t
            .events
            .iter()
            .filter(|e| matches!(e.step, Step::Acted(Action::Dispatch { .. })))
            .map(|e| &e.at)
            .max();
        row.accepted += usize::from(
            t.events
                .iter()
                .any(|e| matches!(e.step, Step::Acted(Action::Accept)) && sent.is_none_or(|s| e.at >= *s)),
        );
        if let Some((_, met, _)) = super::limits::arrival(t, now) {
            row.arrival_counted += 1;
            row.arrival_met += usize::from(met);
        }
        if t.ticket.completed_at.is_some() {
            row.completed += 1;
            row.labour_fee += t.ticket.labour_fee;
            row.material_fee += t.ticket.material_fee;
        }
        row.ids.push(t.id.to_string());
    }
    let mut rows: Vec<DepartmentRow> = by.into_values().collect();
    rows.iter_mut().for_each(|r| r.ids.sort());
    rows.sort_by(|a, b| b.dispatched.cmp(&a.dispatched).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// The rules' escalations, by time limit (`escalated_arrival`…): tickets, not escalations (a
/// ticket sent twice and late twice counts once for arrival).
pub fn escalations(ins: &[&TicketInput]) -> Vec<super::Count> {
    Limit::ALL
        .iter()
        .map(|limit| {
            let key = format!(
                "escalated_{}",
                serde_json::to_value(limit)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            );
            let ids: Vec<String> = ins
                .iter()
                .filter(|t| t.ticket.escalations.iter().any(|e| e.limit == *limit))
                .map(|t| t.id.to_string())
                .collect();
            super::Count { key, count: ids.len(), ids }
        })
        .collect()
}

/// The valid complaints with their case analysis, by number.
pub fn analyses(ins: &[&TicketInput]) -> Vec<Analysed> {
    let mut rows: Vec<Analysed> = ins
        .iter()
        .filter_map(|t| {
            let a = t.ticket.case_analysis.as_ref()?;
            Some(Analysed {
                id: t.id.to_string(),
                number: t.ticket.number.clone(),
                category: t.ticket.category.clone(),
                cause: a.cause.clone(),
                corrective: a.corrective.clone(),
                preventive: a.preventive.clone(),
            })
        })
        .collect();
    rows.sort_by(|a, b| a.number.cmp(&b.number).then_with(|| a.id.cmp(&b.id)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::overdue::Escalation;
    use crate::ticket::query::tests::ticket;
    use crate::ticket::record::Ticket;
    use crate::ticket::supervise::CaseAnalysis;
    use crate::ticket::{Department, TicketKind};

    fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
        s.parse().unwrap()
    }

    /// Worked by hand: 王小红 took two repairs, one on time (on site after 10 minutes, signed
    /// for by engineering, visited and satisfied) and one late (25; signed for only by the
    /// department it was sent to before); 李娜 took a valid complaint analysed but with no
    /// plan (late) and one repair with no limit counted.
    fn month() -> Vec<(String, Ticket)> {
        let mut on_time = ticket();
        on_time.dispatched_at = Some("2026-11-22T02:00:00Z".parse().unwrap());
        on_time.on_site_at = Some("2026-11-22T02:10:00Z".parse().unwrap());
        on_time.completed_at = Some("2026-11-22T03:00:00Z".parse().unwrap());
        on_time.labour_fee = 5000;
        let mut late = on_time.clone();
        late.on_site_at = Some("2026-11-22T02:25:00Z".parse().unwrap());
        late.completed_at = None;
        late.reopen_count = 1;
        late.escalations = vec![Escalation {
            limit: Limit::Arrival,
            anchor: "2026-11-22T02:00:00Z".into(),
            at: "2026-11-22T02:21:00Z".parse().unwrap(),
            late_minutes: 1,
        }];
        let mut complaint = ticket();
        complaint.kind = TicketKind::Complaint;
        complaint.department = None;
        complaint.dispatched_at = None;
        complaint.first_responsible_name = "李娜".into();
        complaint.first_responsible = 8;
        complaint.number = Some("T2611-0003".into());
        complaint.valid = Some(true);
        complaint.case_analysis =
            Some(CaseAnalysis {
                cause: "噪音".into(), corrective: "约谈".into(), preventive: "告知".into()
            });
        let mut untimed = ticket();
        untimed.department = Some(Department::Security);
        untimed.dispatched_at = None;
        untimed.first_responsible_name = "李娜".into();
        untimed.first_responsible = 8;
        vec![("a".into(), on_time), ("b".into(), late), ("c".into(), complaint), ("d".into(), untimed)]
    }

    #[test]
    fn per_person_per_department_escalations_and_analyses_as_worked_by_hand() {
        let rows = month();
        let event = |at: &str, step: Step| crate::ticket::record::TicketEvent {
            ticket_id: String::new(),
            at: at.parse().unwrap(),
            by: 1,
            by_name: "x".into(),
            role: Some(crate::Role::Receptionist),
            step,
            status: crate::ticket::lifecycle::TicketStatus::Received,
            note: None,
        };
        let dispatch =
            |at: &str| event(at, Step::Acted(Action::Dispatch { department: Department::Engineering }));
        let a_events = vec![
            dispatch("2026-11-22T02:00:00Z"),
            event("2026-11-22T02:05:00Z", Step::Acted(Action::Accept)),
            event(
                "2026-11-22T04:00:00Z",
                Step::Acted(Action::ReturnVisit {
                    satisfied: true,
                    note: String::new(),
                    method: VisitMethod::Phone,
                }),
            ),
        ];
        let b_events = vec![
            dispatch("2026-11-22T01:00:00Z"),
            event("2026-11-22T01:10:00Z", Step::Acted(Action::Accept)),
            dispatch("2026-11-22T02:00:00Z"),
        ];
        let none: Vec<crate::ticket::record::TicketEvent> = Vec::new();
        let inputs: Vec<TicketInput> = rows
            .iter()
            .map(|(id, t)| TicketInput {
                id,
                ticket: t,
                events: match id.as_str() {
                    "a" => &a_events,
                    "b" => &b_events,
                    _ => &none,
                },
            })
            .collect();
        let ins: Vec<&TicketInput> = inputs.iter().collect();
        let now = at("2026-12-01T00:00:00Z");
        let p = people(&ins, now);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].name.as_str(), p[0].tickets, p[0].timed, p[0].on_time, p[0].reopened),
            ("李娜", 2, 1, 0, 0)
        );
        assert_eq!(
            (p[1].name.as_str(), p[1].tickets, p[1].timed, p[1].on_time, p[1].reopened),
            ("王小红", 2, 2, 1, 1)
        );
        assert_eq!((p[1].visited, p[1].satisfied), (1, 1));
        let d = departments(&ins, now);
        assert_eq!(d[0].key, "engineering");
        assert_eq!(
            (
                d[0].dispatched,
                d[0].accepted,
                d[0].arrival_met,
                d[0].arrival_counted,
                d[0].completed,
                d[0].labour_fee
            ),
            (2, 1, 1, 2, 1, 5000)
        );
        assert_eq!((d[1].key.as_str(), d[1].dispatched, d[1].arrival_counted), ("security", 1, 0));
        let e = escalations(&ins);
        assert_eq!((e[0].key.as_str(), e[0].ids.clone()), ("escalated_arrival", vec!["b".to_string()]));
        assert!(e[1..].iter().all(|c| c.count == 0));
        let a = analyses(&ins);
        assert_eq!(
            (a.len(), a[0].number.as_deref(), a[0].preventive.as_str()),
            (1, Some("T2611-0003"), "告知")
        );
        // The order of the records does not change any of it.
        let reversed: Vec<&TicketInput> = inputs.iter().rev().collect();
        assert_eq!(people(&reversed, now), p);
        assert_eq!(departments(&reversed, now), d);
    }
}
