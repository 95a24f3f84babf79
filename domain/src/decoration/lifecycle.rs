//! A decoration from application to deposit refund, as a state machine over the record:
//! who may take each step, and what it needs.
//!
//! submitted (desk compiled it, documents complete) → customer-service manager review →
//! engineering review → fees and deposit paid, permit issued → under way (patrols) →
//! acceptance booked → both inspections → passed (deposit due back within 7 working days)
//! or failed (items to rectify, a new date) → deposit refunded.
//! A rejection returns it to the owner with reasons; resubmitting starts the review again.

use super::documents::{Document, Scope, missing};
use crate::Role;
use crate::field::Field;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecorationStatus {
    /// 已受理, waiting for the customer-service manager.
    Submitted,
    /// Waiting for engineering.
    ServiceApproved,
    /// Approved: waiting for fees and deposit.
    Approved,
    /// Returned to the owner with reasons (history kept).
    Returned,
    /// 装修中: permit issued, patrols run.
    UnderWay,
    /// 停工: a rectification notice was not met.
    Stopped,
    /// 验收已预约
    AcceptanceBooked,
    /// Passed acceptance: the deposit is due back.
    Passed,
    /// 押金已退, closed.
    Refunded,
}

impl DecorationStatus {
    /// Decoration goods (materials, debris) may go out under the permit: from the permit
    /// until acceptance has passed.
    pub fn lets_goods_out(self) -> bool {
        matches!(
            self,
            DecorationStatus::UnderWay
                | DecorationStatus::Stopped
                | DecorationStatus::AcceptanceBooked
                | DecorationStatus::Passed
        )
    }

    /// Still in hand: from the application until acceptance passes. A returned application
    /// is not: the owner may never come back with it, and the unit must not stay blocked.
    pub fn is_ongoing(self) -> bool {
        !matches!(self, DecorationStatus::Returned | DecorationStatus::Passed | DecorationStatus::Refunded)
    }

    /// What the unit's status in the property register becomes at this step (SPEC.md "The
    /// property"): 装修中 from the permit until acceptance passes, then lived in; earlier
    /// steps leave the register alone.
    pub fn unit_status(self) -> Option<crate::property::UnitStatus> {
        use crate::property::UnitStatus;
        match self {
            DecorationStatus::UnderWay | DecorationStatus::Stopped | DecorationStatus::AcceptanceBooked => {
                Some(UnitStatus::Decorating)
            }
            DecorationStatus::Passed | DecorationStatus::Refunded => Some(UnitStatus::Occupied),
            _ => None,
        }
    }
}

/// One of the two sign-offs on the acceptance form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inspector {
    CustomerService,
    Engineering,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum DecorationAction {
    /// The desk compiles the application (or resubmits a returned one).
    Submit,
    /// A review: the customer-service manager first, then engineering.
    Review {
        approve: bool,
        reasons: String,
    },
    /// Fees and deposit paid (fen), permit issued: the unit is under decoration.
    IssuePermit {
        fees: u64,
        deposit: u64,
    },
    /// The owner booked the acceptance inspection.
    BookAcceptance {
        date: String,
    },
    /// One party's inspection; `items`: what must be rectified when it fails.
    Inspect {
        inspector: Inspector,
        passed: bool,
        items: String,
    },
    /// Escalation after a missed rectification deadline.
    StopWork {
        reason: String,
    },
    ResumeWork,
    /// 退押金, by appointment; `deducted` (fen) for damage or violations.
    RefundDeposit {
        deducted: u64,
        note: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecorationError {
    #[error("{0:?} may not do this")]
    Forbidden(Role),
    #[error("not possible while the decoration is {0:?}")]
    WrongStatus(DecorationStatus),
    #[error("{0} must be filled in")]
    Missing(Field),
    #[error("documents missing or unsigned")]
    DocumentsMissing,
    #[error("more is deducted than the deposit")]
    DeductionTooLarge,
}

/// The parts of the record the rules look at and change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub status: DecorationStatus,
    pub scope: Scope,
    pub documents: Vec<Document>,
    pub deposit: u64,
    /// Sign-offs of the acceptance under way.
    pub service_inspection: Option<bool>,
    pub engineering_inspection: Option<bool>,
}

impl DecorationAction {
    pub fn allowed(&self, role: Role, step: DecorationStatus) -> bool {
        use DecorationAction::*;
        match self {
            Submit | IssuePermit { .. } | BookAcceptance { .. } | RefundDeposit { .. } => {
                role.runs_the_desk()
            }
            // Customer-service manager, then engineering.
            Review { .. } => match step {
                DecorationStatus::Submitted => role == Role::Manager,
                _ => role == Role::Engineering,
            },
            Inspect { inspector: Inspector::CustomerService, .. } => role.runs_the_desk(),
            Inspect { inspector: Inspector::Engineering, .. } => role == Role::Engineering,
            StopWork { .. } | ResumeWork => matches!(role, Role::Supervisor | Role::Manager),
        }
    }
}

/// The steps a screen offers, before their details are filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    Submit,
    Review,
    IssuePermit,
    BookAcceptance,
    InspectService,
    InspectEngineering,
    StopWork,
    ResumeWork,
    RefundDeposit,
}

/// What `role` may do to a decoration in `p` now, by the same rules `apply` enforces.
pub fn offers(role: Role, p: &Progress) -> Vec<Offer> {
    let sample = |o: Offer| match o {
        Offer::Submit => DecorationAction::Submit,
        Offer::Review => DecorationAction::Review { approve: true, reasons: String::new() },
        Offer::IssuePermit => DecorationAction::IssuePermit { fees: 0, deposit: 0 },
        Offer::BookAcceptance => DecorationAction::BookAcceptance { date: "2000-01-01".into() },
        Offer::InspectService => DecorationAction::Inspect {
            inspector: Inspector::CustomerService,
            passed: true,
            items: String::new(),
        },
        Offer::InspectEngineering => DecorationAction::Inspect {
            inspector: Inspector::Engineering,
            passed: true,
            items: String::new(),
        },
        Offer::StopWork => DecorationAction::StopWork { reason: "-".into() },
        Offer::ResumeWork => DecorationAction::ResumeWork,
        Offer::RefundDeposit => DecorationAction::RefundDeposit { deducted: 0, note: String::new() },
    };
    [
        Offer::Submit,
        Offer::Review,
        Offer::IssuePermit,
        Offer::BookAcceptance,
        Offer::InspectService,
        Offer::InspectEngineering,
        Offer::StopWork,
        Offer::ResumeWork,
        Offer::RefundDeposit,
    ]
    .into_iter()
    .filter(|o| {
        // A party that already signed the acceptance form is not asked again.
        let signed = match o {
            Offer::InspectService => p.service_inspection.is_some(),
            Offer::InspectEngineering => p.engineering_inspection.is_some(),
            _ => false,
        };
        // Submitting is only for a returned application (a new one is submitted on entry).
        let fresh = *o == Offer::Submit && p.status != DecorationStatus::Returned;
        !signed && !fresh && apply(&mut p.clone(), role, &sample(*o)).is_ok()
    })
    .collect()
}

/// Applies `action` by `role` to `p`, or says why not; `p` is unchanged on refusal.
pub fn apply(p: &mut Progress, role: Role, action: &DecorationAction) -> Result<(), DecorationError> {
    use DecorationAction::*;
    use DecorationStatus::*;
    if !action.allowed(role, p.status) {
        return Err(DecorationError::Forbidden(role));
    }
    let wrong = || DecorationError::WrongStatus(p.status);
    let next = match action {
        Submit => {
            if !matches!(p.status, Submitted | Returned) {
                return Err(wrong());
            }
            if !missing(&p.scope, &p.documents).is_empty() {
                return Err(DecorationError::DocumentsMissing);
            }
            Submitted
        }
        Review { approve, reasons } => {
            let approved_to = match p.status {
                Submitted => ServiceApproved,
                ServiceApproved => Approved,
                _ => return Err(wrong()),
            };
            if *approve {
                approved_to
            } else if reasons.trim().is_empty() {
                return Err(DecorationError::Missing(Field::Reasons));
            } else {
                Returned
            }
        }
        IssuePermit { deposit, .. } => {
            if p.status != Approved {
                return Err(wrong());
            }
            p.deposit = *deposit;
            UnderWay
        }
        BookAcceptance { date } => {
            if p.status != UnderWay {
                return Err(wrong());
            }
            if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
                return Err(DecorationError::Missing(Field::Date));
            }
            p.service_inspection = None;
            p.engineering_inspection = None;
            AcceptanceBooked
        }
        Inspect { inspector, passed, items } => {
            if p.status != AcceptanceBooked {
                return Err(wrong());
            }
            if !passed && items.trim().is_empty() {
                return Err(DecorationError::Missing(Field::Items));
            }
            match inspector {
                Inspector::CustomerService => p.service_inspection = Some(*passed),
                Inspector::Engineering => p.engineering_inspection = Some(*passed),
            }
            match (p.service_inspection, p.engineering_inspection) {
                (Some(true), Some(true)) => Passed,
                // Failed by either: rectify, then book a new date.
                (Some(false), _) | (_, Some(false)) => UnderWay,
                _ => AcceptanceBooked,
            }
        }
        StopWork { reason } => {
            if p.status != UnderWay {
                return Err(wrong());
            }
            if reason.trim().is_empty() {
                return Err(DecorationError::Missing(Field::Reason));
            }
            Stopped
        }
        ResumeWork => {
            if p.status != Stopped {
                return Err(wrong());
            }
            UnderWay
        }
        RefundDeposit { deducted, .. } => {
            if p.status != Passed {
                return Err(wrong());
            }
            if *deducted > p.deposit {
                return Err(DecorationError::DeductionTooLarge);
            }
            Refunded
        }
    };
    p.status = next;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decoration::documents::required;
    use DecorationAction::*;
    use DecorationStatus::*;

    fn application() -> Progress {
        let scope = Scope { wet_rooms: true, ..Scope::default() };
        let documents = required(&scope)
            .into_iter()
            .map(|kind| Document { kind, received: true, signed: true })
            .collect();
        Progress {
            status: Submitted,
            scope,
            documents,
            deposit: 0,
            service_inspection: None,
            engineering_inspection: None,
        }
    }

    fn review(approve: bool) -> DecorationAction {
        Review {
            approve, reasons: if approve { String::new() } else { "缺防水闭水试验方案".into() }
        }
    }

    #[test]
    fn from_application_to_refund() {
        let mut p = application();
        apply(&mut p, Role::Receptionist, &Submit).unwrap();
        assert_eq!(
            apply(&mut p, Role::Engineering, &review(true)),
            Err(DecorationError::Forbidden(Role::Engineering)),
            "the service manager reviews first"
        );
        apply(&mut p, Role::Manager, &review(true)).unwrap();
        assert_eq!(
            apply(&mut p, Role::Manager, &review(true)),
            Err(DecorationError::Forbidden(Role::Manager)),
            "then engineering"
        );
        apply(&mut p, Role::Engineering, &review(true)).unwrap();
        apply(&mut p, Role::Receptionist, &IssuePermit { fees: 30000, deposit: 200000 }).unwrap();
        assert_eq!(p.status, UnderWay);
        apply(&mut p, Role::Receptionist, &BookAcceptance { date: "2027-01-10".into() }).unwrap();
        apply(
            &mut p,
            Role::Engineering,
            &Inspect { inspector: Inspector::Engineering, passed: true, items: String::new() },
        )
        .unwrap();
        assert_eq!(p.status, AcceptanceBooked, "both parties sign the acceptance form");
        apply(
            &mut p,
            Role::Receptionist,
            &Inspect { inspector: Inspector::CustomerService, passed: true, items: String::new() },
        )
        .unwrap();
        assert_eq!(p.status, Passed);
        assert_eq!(
            apply(&mut p, Role::Receptionist, &RefundDeposit { deducted: 300000, note: String::new() }),
            Err(DecorationError::DeductionTooLarge)
        );
        apply(&mut p, Role::Receptionist, &RefundDeposit { deducted: 0, note: String::new() }).unwrap();
        assert_eq!(p.status, Refunded);
    }

    #[test]
    fn a_rejection_returns_it_with_reasons_and_it_is_resubmitted() {
        let mut p = application();
        assert_eq!(
            apply(&mut p, Role::Manager, &Review { approve: false, reasons: " ".into() }),
            Err(DecorationError::Missing(Field::Reasons))
        );
        apply(&mut p, Role::Manager, &review(false)).unwrap();
        assert_eq!(p.status, Returned);
        p.documents.pop();
        assert_eq!(apply(&mut p, Role::Receptionist, &Submit), Err(DecorationError::DocumentsMissing));
        p = Progress { status: Returned, ..application() };
        apply(&mut p, Role::Receptionist, &Submit).unwrap();
        assert_eq!(p.status, Submitted);
    }

    #[test]
    fn each_role_is_offered_its_next_step() {
        let p = application();
        assert_eq!(offers(Role::Manager, &p), [Offer::Review]);
        assert!(offers(Role::Engineering, &p).is_empty());
        assert!(offers(Role::Receptionist, &p).is_empty(), "a fresh application waits for review");
        let p = Progress { status: ServiceApproved, ..application() };
        assert_eq!(offers(Role::Engineering, &p), [Offer::Review]);
        let p = Progress { status: UnderWay, ..application() };
        assert_eq!(offers(Role::Receptionist, &p), [Offer::BookAcceptance]);
        assert_eq!(offers(Role::Supervisor, &p), [Offer::BookAcceptance, Offer::StopWork]);
        let p = Progress { status: AcceptanceBooked, engineering_inspection: Some(true), ..application() };
        assert_eq!(offers(Role::Receptionist, &p), [Offer::InspectService]);
        assert!(offers(Role::Engineering, &p).is_empty(), "engineering already signed");
    }

    #[test]
    fn a_failed_acceptance_goes_back_to_work_and_stops_need_a_manager() {
        let mut p = Progress { status: AcceptanceBooked, ..application() };
        let fail =
            Inspect {
                inspector: Inspector::Engineering, passed: false, items: "卫生间闭水试验渗漏".into()
            };
        apply(&mut p, Role::Engineering, &fail).unwrap();
        assert_eq!(p.status, UnderWay);
        assert_eq!(
            apply(&mut p, Role::Receptionist, &StopWork { reason: "逾期未整改".into() }),
            Err(DecorationError::Forbidden(Role::Receptionist))
        );
        apply(&mut p, Role::Supervisor, &StopWork { reason: "逾期未整改".into() }).unwrap();
        assert_eq!(
            apply(&mut p, Role::Receptionist, &BookAcceptance { date: "2027-01-10".into() }),
            Err(DecorationError::WrongStatus(Stopped))
        );
        apply(&mut p, Role::Manager, &ResumeWork).unwrap();
        assert_eq!(p.status, UnderWay);
    }
}
