//! The ticket lifecycle (SPEC.md §1) as a state machine: which action may follow which
//! status, for which kind, by which role. Every step becomes an append-only timeline entry;
//! nothing here ever moves a ticket without one.

use super::{Department, TicketKind};
use crate::Role;
use crate::field::Field;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// 已受理
    Received,
    /// 已派单
    Dispatched,
    /// 已接单 (签收)
    Accepted,
    /// 已到场
    OnSite,
    /// 已完工 / 已答复 — waiting for the return visit
    Completed,
    /// 已结案
    Closed,
    /// 存档
    Archived,
}

/// What someone does to a ticket. Each is recorded with who, when and on which device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// 有效/无效投诉: an invalid complaint is answered and closed, the explanation recorded.
    JudgeComplaint { valid: bool, explanation: String },
    /// 派单 to a department.
    Dispatch { department: Department },
    /// 签收: the department signs for it.
    Accept,
    /// 到场
    ArriveOnSite,
    /// 完工, with fees (in fen) for paid services, and the name of the owner who confirmed
    /// the work on the worker's phone (required for work in a home, see
    /// [`needs_owner_confirmation`]).
    Complete {
        labour_fee: u64,
        material_fee: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner_confirmation: Option<String>,
    },
    /// An inquiry, suggestion or complaint answered: the owner was told the outcome (理毕必复).
    Answer { reply: String },
    /// 回访: satisfied closes; unsatisfied reopens it, the apology and reason recorded.
    ReturnVisit {
        satisfied: bool,
        note: String,
        #[serde(default)]
        method: VisitMethod,
    },
    /// 存档
    Archive,
}

/// How a return visit (回访) was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitMethod {
    /// 电话回访
    #[default]
    Phone,
    /// 上门回访, by appointment: required for leaks, hollow plaster, cracked slabs and
    /// anything major (see [`super::needs_on_site_return_visit`]).
    OnSite,
    /// The owner's own rating through their link.
    OwnerLink,
}

/// Work done in someone's home (an in-home repair, a paid service) is confirmed by the
/// owner on the worker's phone before it counts as completed.
pub fn needs_owner_confirmation(kind: TicketKind, scope: Option<super::RepairScope>) -> bool {
    kind == TicketKind::PaidService || scope == Some(super::RepairScope::InHome)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("{action} is not possible while the ticket is {status:?}")]
    WrongStatus { action: &'static str, status: TicketStatus },
    #[error("{action} does not apply to a {kind:?}")]
    WrongKind { action: &'static str, kind: TicketKind },
    #[error("{0} must be filled in")]
    Missing(Field),
    #[error("fees are only charged for paid services")]
    FeesNotAllowed,
    #[error("this problem needs an on-site return visit")]
    OnSiteVisitRequired,
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::JudgeComplaint { .. } => "judge_complaint",
            Action::Dispatch { .. } => "dispatch",
            Action::Accept => "accept",
            Action::ArriveOnSite => "arrive_on_site",
            Action::Complete { .. } => "complete",
            Action::Answer { .. } => "answer",
            Action::ReturnVisit { .. } => "return_visit",
            Action::Archive => "archive",
        }
    }

    /// The step's own words are its note (a reply, a return visit's note, a judgement's
    /// explanation); other steps may carry a separate one.
    pub fn has_own_text(&self) -> bool {
        matches!(self, Action::Answer { .. } | Action::ReturnVisit { .. } | Action::JudgeComplaint { .. })
    }

    /// Who may do this: the desk runs the ticket; the department it was sent to does the
    /// work; supervisors and managers may do anything on behalf of either.
    pub fn allowed(&self, role: Role, department: Option<Department>) -> bool {
        if matches!(role, Role::Supervisor | Role::Manager) {
            return true;
        }
        match self {
            Action::Accept | Action::ArriveOnSite | Action::Complete { .. } => match department {
                Some(Department::Engineering) => role == Role::Engineering,
                Some(Department::Security) => role == Role::Security,
                Some(Department::CustomerService) => role == Role::Receptionist,
                // Cleaning and landscaping have no accounts: the desk records for them.
                Some(Department::Cleaning | Department::Landscaping) => role == Role::Receptionist,
                None => false,
            },
            _ => role == Role::Receptionist,
        }
    }
}

/// The ticket's work is still going on (its SLA clock may be paused or resumed).
pub fn work_open(status: TicketStatus) -> bool {
    !matches!(status, TicketStatus::Completed | TicketStatus::Closed | TicketStatus::Archived)
}

/// Whether the desk may stop the clock now: while someone is still on the way (the
/// clock that pauses is the 20-minute arrival clock; once someone is on site it has stopped).
pub fn may_pause(status: TicketStatus, on_site: bool) -> bool {
    work_open(status) && !on_site
}

/// The pause button the desk is offered on a ticket, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseOffer {
    /// The clock is stopped (waiting on the owner): restart it.
    Resume,
    /// Someone is on the way and the owner asks to wait: stop the clock.
    Pause,
}

/// What `role` may do with the clock of a work ticket in `status`, given whether someone is
/// on site and whether it is paused now: only the desk, only while the work is open.
pub fn pause_offer(role: Role, status: TicketStatus, on_site: bool, paused: bool) -> Option<PauseOffer> {
    if !role.runs_the_desk() || !work_open(status) {
        return None;
    }
    if paused { Some(PauseOffer::Resume) } else { may_pause(status, on_site).then_some(PauseOffer::Pause) }
}

/// Who records a handling plan: the desk, except that an escalated (major/urgent) ticket's
/// plan is the supervisor's or manager's.
pub fn may_record_plan(role: Role, escalated: bool) -> bool {
    role.runs_the_desk() && !(escalated && role == Role::Receptionist)
}

/// The status after `action`, or why it cannot happen. `reopen` tells the caller to count
/// a reopening (an unsatisfied return visit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Next {
    pub status: TicketStatus,
    pub reopened: bool,
}

pub fn next(kind: TicketKind, status: TicketStatus, action: &Action) -> Result<Next, TransitionError> {
    use TicketStatus::*;
    let name = action.name();
    let wrong_status = || TransitionError::WrongStatus { action: name, status };
    let to = |status| Ok(Next { status, reopened: false });
    match action {
        Action::JudgeComplaint { valid, explanation } => {
            if kind != TicketKind::Complaint {
                return Err(TransitionError::WrongKind { action: name, kind });
            }
            if status != Received {
                return Err(wrong_status());
            }
            if *valid {
                to(Received)
            } else if explanation.trim().is_empty() {
                Err(TransitionError::Missing(Field::Explanation))
            } else {
                to(Closed)
            }
        }
        Action::Dispatch { .. } => {
            if !(kind.is_work() || kind == TicketKind::Complaint) {
                return Err(TransitionError::WrongKind { action: name, kind });
            }
            // Re-dispatching a ticket nobody has signed for yet moves it to another department.
            if matches!(status, Received | Dispatched) { to(Dispatched) } else { Err(wrong_status()) }
        }
        Action::Accept => {
            if status == Dispatched {
                to(Accepted)
            } else {
                Err(wrong_status())
            }
        }
        Action::ArriveOnSite => {
            if !kind.is_work() {
                return Err(TransitionError::WrongKind { action: name, kind });
            }
            if status == Accepted { to(OnSite) } else { Err(wrong_status()) }
        }
        Action::Complete { labour_fee, material_fee, .. } => {
            if !kind.is_work() {
                return Err(TransitionError::WrongKind { action: name, kind });
            }
            if kind != TicketKind::PaidService && (*labour_fee > 0 || *material_fee > 0) {
                return Err(TransitionError::FeesNotAllowed);
            }
            if status == OnSite { to(Completed) } else { Err(wrong_status()) }
        }
        Action::Answer { reply } => {
            if kind.is_work() {
                return Err(TransitionError::WrongKind { action: name, kind });
            }
            if reply.trim().is_empty() {
                return Err(TransitionError::Missing(Field::Reply));
            }
            let answerable = match kind {
                TicketKind::Complaint => matches!(status, Received | Dispatched | Accepted),
                _ => status == Received,
            };
            if answerable { to(Completed) } else { Err(wrong_status()) }
        }
        Action::ReturnVisit { satisfied, note, .. } => {
            if status != Completed {
                return Err(wrong_status());
            }
            if *satisfied {
                return to(Closed);
            }
            if note.trim().is_empty() {
                return Err(TransitionError::Missing(Field::Note));
            }
            // Processed again: work goes back to its department, a complaint to the desk.
            let status = if kind.is_work() { Dispatched } else { Received };
            Ok(Next { status, reopened: true })
        }
        Action::Archive => {
            if status == Closed {
                to(Archived)
            } else {
                Err(wrong_status())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_desk_is_offered_pause_or_resume_while_the_work_is_open() {
        use TicketStatus::*;
        let offer = |role, status, on_site, paused| pause_offer(role, status, on_site, paused);
        assert_eq!(offer(Role::Receptionist, Dispatched, false, false), Some(PauseOffer::Pause));
        assert_eq!(offer(Role::Receptionist, Dispatched, false, true), Some(PauseOffer::Resume));
        assert_eq!(offer(Role::Receptionist, OnSite, true, false), None, "the arrival clock has stopped");
        assert_eq!(offer(Role::Receptionist, OnSite, true, true), Some(PauseOffer::Resume));
        assert_eq!(offer(Role::Engineering, Dispatched, false, false), None);
        assert_eq!(offer(Role::Supervisor, Closed, false, true), None);
    }
    use TicketStatus::*;

    const ALL: [TicketStatus; 7] = [Received, Dispatched, Accepted, OnSite, Completed, Closed, Archived];

    fn done() -> Action {
        Action::Complete { labour_fee: 0, material_fee: 0, owner_confirmation: None }
    }

    #[test]
    fn a_repair_from_intake_to_archive() {
        let k = TicketKind::Repair;
        let mut s = Received;
        for a in [
            Action::Dispatch { department: Department::Engineering },
            Action::Accept,
            Action::ArriveOnSite,
            done(),
            Action::ReturnVisit { satisfied: true, note: String::new(), method: VisitMethod::Phone },
            Action::Archive,
        ] {
            s = next(k, s, &a).unwrap().status;
        }
        assert_eq!(s, Archived);
    }

    #[test]
    fn every_status_refuses_what_does_not_follow_it() {
        let k = TicketKind::Repair;
        let allowed = |a: &Action| ALL.into_iter().filter(|s| next(k, *s, a).is_ok()).collect::<Vec<_>>();
        assert_eq!(
            allowed(&Action::Dispatch { department: Department::Engineering }),
            vec![Received, Dispatched]
        );
        assert_eq!(allowed(&Action::Accept), vec![Dispatched]);
        assert_eq!(allowed(&Action::ArriveOnSite), vec![Accepted]);
        assert_eq!(allowed(&done()), vec![OnSite]);
        assert_eq!(
            allowed(&Action::ReturnVisit {
                satisfied: true,
                note: String::new(),
                method: VisitMethod::Phone
            }),
            vec![Completed]
        );
        assert_eq!(allowed(&Action::Archive), vec![Closed]);
        assert!(allowed(&Action::Answer { reply: "x".into() }).is_empty(), "repairs are done, not answered");
    }

    #[test]
    fn an_unsatisfied_owner_reopens_the_ticket() {
        let bad = Action::ReturnVisit {
            satisfied: false,
            note: "仍然漏水，已致歉".into(),
            method: VisitMethod::OnSite,
        };
        assert_eq!(
            next(TicketKind::Repair, Completed, &bad),
            Ok(Next { status: Dispatched, reopened: true })
        );
        assert_eq!(
            next(TicketKind::Complaint, Completed, &bad),
            Ok(Next { status: Received, reopened: true })
        );
        let silent = Action::ReturnVisit { satisfied: false, note: " ".into(), method: VisitMethod::Phone };
        assert_eq!(next(TicketKind::Repair, Completed, &silent), Err(TransitionError::Missing(Field::Note)));
    }

    #[test]
    fn complaints_are_judged_and_an_invalid_one_closes_with_its_explanation() {
        let invalid = |e: &str| Action::JudgeComplaint { valid: false, explanation: e.into() };
        assert_eq!(
            next(TicketKind::Complaint, Received, &invalid("属业主自身原因，已解释")).unwrap().status,
            Closed
        );
        assert_eq!(
            next(TicketKind::Complaint, Received, &invalid("")),
            Err(TransitionError::Missing(Field::Explanation))
        );
        let valid = Action::JudgeComplaint { valid: true, explanation: String::new() };
        assert_eq!(next(TicketKind::Complaint, Received, &valid).unwrap().status, Received);
        assert!(matches!(next(TicketKind::Repair, Received, &valid), Err(TransitionError::WrongKind { .. })));
        let answer = Action::Answer { reply: "已协调邻居，噪音已停止".into() };
        assert_eq!(next(TicketKind::Complaint, Dispatched, &answer).unwrap().status, Completed);
    }

    #[test]
    fn who_plans_and_when_work_is_open() {
        assert!(may_record_plan(Role::Receptionist, false));
        assert!(!may_record_plan(Role::Receptionist, true));
        assert!(may_record_plan(Role::Supervisor, true) && may_record_plan(Role::Manager, true));
        assert!(!may_record_plan(Role::Engineering, false));
        assert!(
            work_open(Dispatched) && work_open(Received) && !work_open(Completed) && !work_open(Archived)
        );
    }

    #[test]
    fn fees_only_for_paid_services() {
        let fees = Action::Complete { labour_fee: 5000, material_fee: 1200, owner_confirmation: None };
        assert_eq!(next(TicketKind::PaidService, OnSite, &fees).unwrap().status, Completed);
        assert_eq!(next(TicketKind::Repair, OnSite, &fees), Err(TransitionError::FeesNotAllowed));
    }

    #[test]
    fn inquiries_are_answered_at_the_desk() {
        let answer = Action::Answer { reply: "物业费可在前台或APP缴纳".into() };
        assert_eq!(next(TicketKind::Inquiry, Received, &answer).unwrap().status, Completed);
        assert!(
            next(TicketKind::Inquiry, Received, &Action::Dispatch { department: Department::Engineering })
                .is_err()
        );
        assert_eq!(
            next(TicketKind::Inquiry, Received, &Action::Answer { reply: " ".into() }),
            Err(TransitionError::Missing(Field::Reply))
        );
    }

    #[test]
    fn the_department_does_the_work_and_the_desk_runs_the_ticket() {
        let eng = Some(Department::Engineering);
        assert!(Action::Accept.allowed(Role::Engineering, eng));
        assert!(!Action::Accept.allowed(Role::Security, eng));
        assert!(!Action::Accept.allowed(Role::Receptionist, eng));
        assert!(Action::Accept.allowed(Role::Supervisor, eng));
        assert!(Action::Accept.allowed(Role::Receptionist, Some(Department::Cleaning)));
        assert!(!Action::Accept.allowed(Role::Engineering, None));
        let dispatch = Action::Dispatch { department: Department::Engineering };
        assert!(dispatch.allowed(Role::Receptionist, None));
        assert!(!dispatch.allowed(Role::Engineering, eng));
        assert!(!dispatch.allowed(Role::Patrol, None));
        assert!(!Action::Archive.allowed(Role::Admin, None));
    }
}
