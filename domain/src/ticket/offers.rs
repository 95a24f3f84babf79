//! What a role may do to a ticket now: the steps a screen offers, by the same rules the
//! mutation enforces.

use super::Department;
use super::lifecycle::{Action, VisitMethod, next};
use super::record::Ticket;
use crate::Role;

/// The steps a screen offers, before their details are filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    Dispatch,
    Accept,
    ArriveOnSite,
    Complete,
    Answer,
    ReturnVisit,
    Archive,
    /// 有效/无效投诉
    Judge,
}

/// What `role` may do to `ticket` now, by the same rules the server applies.
pub fn offers(role: Role, ticket: &Ticket) -> Vec<Offer> {
    let sample = |o: Offer| match o {
        Offer::Dispatch => Action::Dispatch { department: Department::Engineering },
        Offer::Accept => Action::Accept,
        Offer::ArriveOnSite => Action::ArriveOnSite,
        Offer::Complete => Action::Complete { labour_fee: 0, material_fee: 0, owner_confirmation: None },
        Offer::Answer => Action::Answer { reply: "-".into() },
        Offer::ReturnVisit => {
            Action::ReturnVisit { satisfied: true, note: String::new(), method: VisitMethod::OnSite }
        }
        Offer::Archive => Action::Archive,
        Offer::Judge => Action::JudgeComplaint { valid: true, explanation: String::new() },
    };
    [
        Offer::Judge,
        Offer::Dispatch,
        Offer::Accept,
        Offer::ArriveOnSite,
        Offer::Complete,
        Offer::Answer,
        Offer::ReturnVisit,
        Offer::Archive,
    ]
    .into_iter()
    .filter(|o| {
        let action = sample(*o);
        let judged = *o == Offer::Judge && ticket.valid.is_some();
        !judged
            && action.allowed(role, ticket.department)
            && next(ticket.kind, ticket.status, &action).is_ok()
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::lifecycle::TicketStatus;

    fn ticket(status: TicketStatus, department: Option<Department>) -> Ticket {
        let mut t: Ticket = serde_json::from_value(serde_json::json!({
            "number": null, "kind": "repair", "scope": "in_home", "unit": "3栋-1502", "reporter": "张",
            "contact_phone": "13812345678", "category": "水路", "urgency": "normal", "channel": "walk_in",
            "description": "漏水", "first_responsible": 1, "first_responsible_name": "王", "department": null,
            "status": "received", "reopen_count": 0, "created_at": "2026-11-22T02:00:00Z", "reply_by": null,
            "appointment": null, "dispatched_at": null, "on_site_at": null, "completed_at": null, "valid": null,
            "escalated": false, "plan": null, "labour_fee": 0, "material_fee": 0, "pauses": [],
            "owner_token_hash": null
        }))
        .unwrap();
        t.status = status;
        t.department = department;
        t
    }

    #[test]
    fn the_desk_dispatches_and_the_department_works() {
        let eng = Some(Department::Engineering);
        assert_eq!(offers(Role::Receptionist, &ticket(TicketStatus::Received, None)), [Offer::Dispatch]);
        assert!(offers(Role::Engineering, &ticket(TicketStatus::Received, None)).is_empty());
        assert_eq!(offers(Role::Engineering, &ticket(TicketStatus::Dispatched, eng)), [Offer::Accept]);
        assert_eq!(offers(Role::Engineering, &ticket(TicketStatus::OnSite, eng)), [Offer::Complete]);
        assert_eq!(offers(Role::Receptionist, &ticket(TicketStatus::Completed, eng)), [Offer::ReturnVisit]);
    }
}
