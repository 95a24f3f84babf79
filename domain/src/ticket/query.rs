//! The desk's ticket lists: open, mine, overdue, waiting for a return visit, by department,
//! by building; and search by number, unit or reporter. Pure, so lists stay instant on a
//! device holding thousands of tickets and the rules are tested here.

use super::Department;
use super::lifecycle::TicketStatus;
use super::record::Ticket;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Not yet closed or archived.
    Open,
    /// Open, and this user is its first-responsible.
    Mine(i64),
    /// Open and past a time limit (arrival, or the reply time agreed with the owner).
    Overdue,
    /// Work done, return visit not yet made.
    ReturnVisit,
    Department(Department),
    /// Tickets of units in this building (`3栋`).
    Building(String),
    /// Major/urgent, still without a handling plan.
    NeedsPlan,
    /// Someone arrived late (or has not arrived yet, past the limit) and the desk has not
    /// yet called the owner with an explanation and a new completion time.
    LateCall,
}

pub use super::overdue::{PlanDue, arrival_state, needs_late_call, plan_due};
pub use super::record::is_open;

/// Open and past a time limit, by the one rule (see [`super::overdue::breaches`]).
pub fn is_overdue(t: &Ticket, now: DateTime<Utc>) -> bool {
    !super::overdue::breaches(t, now).is_empty()
}

pub fn matches(t: &Ticket, filter: &Filter, now: DateTime<Utc>) -> bool {
    match filter {
        Filter::Open => is_open(t),
        Filter::Mine(user) => is_open(t) && t.first_responsible == *user,
        Filter::Overdue => is_overdue(t, now),
        Filter::ReturnVisit => t.status == TicketStatus::Completed,
        Filter::Department(d) => is_open(t) && t.department == Some(*d),
        Filter::Building(b) => t.unit.split('-').next() == Some(b.as_str()),
        Filter::NeedsPlan => is_open(t) && t.escalated && t.plan.is_none(),
        Filter::LateCall => needs_late_call(t, now),
    }
}

/// Case-insensitive search in the number, the device reference a receipt printed offline
/// carries (`7F3A-91C2`), the unit and the reporter's name.
pub fn search(id: &str, t: &Ticket, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty()
        || t.number.as_deref().is_some_and(|n| n.to_lowercase().contains(&q))
        || (q.len() >= 4 && super::number::provisional(id).to_lowercase().contains(&q))
        || crate::property::parse_unit(query).is_some_and(|u| u == t.unit)
        || t.unit.to_lowercase().contains(&q)
        || t.reporter.to_lowercase().contains(&q)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ticket::sla::Pause;
    use crate::ticket::{Channel, RepairScope, TicketKind, Urgency};

    pub(crate) fn ticket() -> Ticket {
        Ticket {
            number: Some("T2611-0042".into()),
            kind: TicketKind::Repair,
            scope: Some(RepairScope::InHome),
            unit: "3栋-1502".into(),
            reporter: "张先生".into(),
            contact_phone: "13812345678".into(),
            category: "水路".into(),
            urgency: Urgency::Normal,
            channel: Channel::Phone,
            description: "漏水".into(),
            internal_note: String::new(),
            first_responsible: 7,
            first_responsible_name: "王小红".into(),
            department: Some(Department::Engineering),
            status: TicketStatus::Dispatched,
            reopen_count: 0,
            created_at: "2026-11-22T01:55:00Z".parse().unwrap(),
            reply_by: None,
            appointment: None,
            dispatched_at: Some("2026-11-22T02:00:00Z".parse().unwrap()),
            on_site_at: None,
            completed_at: None,
            valid: None,
            escalated: false,
            plan: None,
            labour_fee: 0,
            material_fee: 0,
            pauses: Vec::new(),
            owner_token_hash: None,
            owner_confirmation: None,
            late_explained_at: None,
            promised_completion: None,
            photos: Vec::new(),
            escalations: Vec::new(),
            review: None,
            case_analysis: None,
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn overdue_when_nobody_arrived_in_twenty_minutes_unless_paused() {
        let mut t = ticket();
        assert!(!matches(&t, &Filter::Overdue, at("2026-11-22T02:19:00Z")));
        assert!(matches(&t, &Filter::Overdue, at("2026-11-22T02:21:00Z")));
        t.pauses.push(Pause { from: at("2026-11-22T02:05:00Z"), until: None, reason: "业主不在".into() });
        assert!(!matches(&t, &Filter::Overdue, at("2026-11-22T05:00:00Z")));
        let mut arrived = ticket();
        arrived.on_site_at = Some("2026-11-22T02:30:00Z".parse().unwrap());
        assert!(
            !matches(&arrived, &Filter::Overdue, at("2026-11-22T03:00:00Z")),
            "late, but someone is there now"
        );
    }

    #[test]
    fn overdue_when_the_agreed_reply_time_passed() {
        let mut t = ticket();
        t.kind = TicketKind::Complaint;
        t.dispatched_at = None;
        t.reply_by = Some("2026-11-23T02:00:00Z".parse().unwrap());
        assert!(!matches(&t, &Filter::Overdue, at("2026-11-23T01:00:00Z")));
        assert!(matches(&t, &Filter::Overdue, at("2026-11-23T03:00:00Z")));
        t.status = TicketStatus::Closed;
        assert!(!matches(&t, &Filter::Overdue, at("2026-11-23T03:00:00Z")));
    }

    #[test]
    fn a_late_arrival_prompts_the_desk_until_it_calls_the_owner() {
        let mut t = ticket();
        assert!(!matches(&t, &Filter::LateCall, at("2026-11-22T02:19:00Z")));
        assert!(matches(&t, &Filter::LateCall, at("2026-11-22T02:21:00Z")));
        t.on_site_at = Some("2026-11-22T02:25:00Z".parse().unwrap());
        assert!(
            matches(&t, &Filter::LateCall, at("2026-11-22T02:26:00Z")),
            "arriving late still needs the call"
        );
        t.late_explained_at = Some("2026-11-22T02:27:00Z".parse().unwrap());
        t.promised_completion = Some("2026-11-22T04:00:00Z".parse().unwrap());
        assert!(!matches(&t, &Filter::LateCall, at("2026-11-22T02:28:00Z")));
        assert!(!is_overdue(&t, at("2026-11-22T03:59:00Z")));
        assert!(is_overdue(&t, at("2026-11-22T04:01:00Z")), "the new completion time is a limit too");
    }

    #[test]
    fn a_complaint_plan_is_due_the_same_or_next_day() {
        let mut t = ticket();
        t.kind = TicketKind::Complaint;
        t.dispatched_at = None;
        t.status = TicketStatus::Received;
        // Received 09:55 Beijing time on the 22nd.
        assert_eq!(plan_due(&t, at("2026-11-22T10:00:00Z")), Some(PlanDue::Today));
        assert_eq!(plan_due(&t, at("2026-11-22T16:30:00Z")), Some(PlanDue::Tomorrow), "00:30 on the 23rd");
        assert_eq!(plan_due(&t, at("2026-11-23T15:59:00Z")), Some(PlanDue::Tomorrow));
        assert_eq!(plan_due(&t, at("2026-11-23T16:01:00Z")), Some(PlanDue::Overdue));
        assert!(is_overdue(&t, at("2026-11-23T16:01:00Z")));
        t.plan = Some("协调楼上住户".into());
        assert_eq!(plan_due(&t, at("2026-11-23T16:01:00Z")), None);
        t.plan = None;
        t.valid = Some(false);
        assert_eq!(plan_due(&t, at("2026-11-22T10:00:00Z")), None, "an invalid complaint needs no plan");
    }

    #[test]
    fn lists() {
        let now = at("2026-11-22T02:05:00Z");
        let mut t = ticket();
        assert!(matches(&t, &Filter::Mine(7), now) && !matches(&t, &Filter::Mine(8), now));
        assert!(matches(&t, &Filter::Department(Department::Engineering), now));
        assert!(!matches(&t, &Filter::Department(Department::Security), now));
        assert!(matches(&t, &Filter::Building("3栋".into()), now));
        assert!(!matches(&t, &Filter::Building("13栋".into()), now));
        assert!(!matches(&t, &Filter::NeedsPlan, now));
        t.escalated = true;
        assert!(matches(&t, &Filter::NeedsPlan, now));
        t.plan = Some("立即处理".into());
        assert!(!matches(&t, &Filter::NeedsPlan, now));
        t.status = TicketStatus::Completed;
        assert!(matches(&t, &Filter::ReturnVisit, now) && matches(&t, &Filter::Open, now));
        t.status = TicketStatus::Closed;
        assert!(!matches(&t, &Filter::Open, now) && !matches(&t, &Filter::Mine(7), now));
    }

    #[test]
    fn search_by_number_unit_or_reporter() {
        let t = ticket();
        // `3-1502` and `3栋1502` are the unit however the desk types it.
        for q in ["", "t2611-0042", "0042", "1502", "3栋", "张", "3-1502", "3栋1502", " 3栋－1502 "] {
            assert!(search("0190f5c2-7d1a-7000-8000-00007f3a91c2", &t, q), "{q}");
        }
        assert!(!search("0190f5c2-7d1a-7000-8000-00007f3a91c2", &t, "李"));
        assert!(!search("0190f5c2-7d1a-7000-8000-00007f3a91c2", &t, "3-1503"));
        assert!(
            search("0190f5c2-7d1a-7000-8000-00007f3a91c2", &t, "7f3a-91c2"),
            "the offline receipt's reference"
        );
    }
}
