//! A ticket as it syncs: its current state (`Ticket`) and its timeline (`TicketEvent`s,
//! append-only, one per step).

use super::lifecycle::{
    Action, Next, TicketStatus, TransitionError, VisitMethod, needs_owner_confirmation, next,
};
use super::needs_on_site_return_visit;
use super::sla::Pause;
use super::{Channel, Department, RepairScope, TicketKind, Urgency};
use crate::Role;
use crate::clock::Timestamp;
use crate::field::Field;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    /// `T2611-0042`, given by the server; `None` while the ticket exists only on a device.
    pub number: Option<String>,
    pub kind: TicketKind,
    pub scope: Option<RepairScope>,
    /// `3栋-1502`
    pub unit: String,
    pub reporter: String,
    /// Normalised; masked on devices whose role does not call owners.
    pub contact_phone: String,
    pub category: String,
    pub urgency: Urgency,
    pub channel: Channel,
    /// What the owner reported, in words the owner may read.
    pub description: String,
    /// The desk's internal remarks: staff only.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub internal_note: String,
    /// 首问负责人: whoever took it owns follow-up until it is closed.
    pub first_responsible: i64,
    pub first_responsible_name: String,
    pub department: Option<Department>,
    pub status: TicketStatus,
    pub reopen_count: u32,
    pub created_at: crate::clock::Timestamp,
    /// 预约答复时间 agreed with the owner.
    pub reply_by: Option<String>,
    /// Repair appointment.
    pub appointment: Option<String>,
    pub dispatched_at: Option<crate::clock::Timestamp>,
    pub on_site_at: Option<crate::clock::Timestamp>,
    pub completed_at: Option<crate::clock::Timestamp>,
    /// Complaints: valid (有效) or not, once judged.
    pub valid: Option<bool>,
    /// Major/urgent: escalated to the supervisor and manager, who record the plan.
    pub escalated: bool,
    pub plan: Option<String>,
    pub labour_fee: u64,
    pub material_fee: u64,
    pub pauses: Vec<Pause>,
    /// SHA-256 of the owner's link token; never sent to devices.
    pub owner_token_hash: Option<String>,
    /// Who confirmed the finished work in their home (name + tick on the worker's phone).
    #[serde(default)]
    pub owner_confirmation: Option<String>,
    /// The desk called the owner about a missed arrival and agreed a new completion time;
    /// until then a late ticket prompts the desk. Cleared when the ticket is reopened.
    #[serde(default)]
    pub late_explained_at: Option<crate::clock::Timestamp>,
    #[serde(default)]
    pub promised_completion: Option<String>,
    #[serde(default)]
    pub photos: Vec<TicketPhoto>,
    /// The time limits the rules escalated, each deadline once (see [`super::overdue`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub escalations: Vec<Escalation>,
    /// The last daily review's answer (why not done, the new date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// A valid complaint's case analysis (纠正/预防措施), which it closes with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_analysis: Option<CaseAnalysis>,
}

/// When a photo was taken: at the counter, before the work, after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhotoStage {
    Intake,
    Before,
    After,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketPhoto {
    pub stage: PhotoStage,
    pub photo: crate::photo::PhotoRef,
}

impl Ticket {
    /// The status after `action` on this ticket, with the rules that depend on what the
    /// ticket is about (owner confirmation in a home, on-site return visits for leaks).
    pub fn next(&self, action: &Action) -> Result<Next, TransitionError> {
        match action {
            Action::JudgeComplaint { .. } if self.valid.is_some() => {
                return Err(TransitionError::WrongStatus { action: action.name(), status: self.status });
            }
            // A valid complaint closes with its case analysis: the owner's own "satisfied"
            // is recorded and waits for it; the desk is asked for it.
            Action::ReturnVisit { satisfied: true, method: VisitMethod::OwnerLink, .. }
                if self.status == TicketStatus::Completed && needs_analysis(self) =>
            {
                return Ok(Next { status: TicketStatus::Completed, reopened: false });
            }
            Action::ReturnVisit { satisfied: true, .. }
                if self.status == TicketStatus::Completed && needs_analysis(self) =>
            {
                return Err(TransitionError::Missing(Field::CaseCause));
            }
            Action::Complete { owner_confirmation, .. }
                if needs_owner_confirmation(self.kind, self.scope)
                    && owner_confirmation.as_deref().is_none_or(|n| n.trim().is_empty()) =>
            {
                return Err(TransitionError::Missing(Field::OwnerConfirmation));
            }
            Action::ReturnVisit { method: VisitMethod::Phone, .. }
                if self.kind.is_work() && needs_on_site_return_visit(&self.category, self.urgency) =>
            {
                return Err(TransitionError::OnSiteVisitRequired);
            }
            // The owner's own "satisfied" through the link is recorded, but a leak or a major
            // problem still waits for the desk's on-site return visit before it closes.
            Action::ReturnVisit { method: VisitMethod::OwnerLink, satisfied: true, .. }
                if self.status == TicketStatus::Completed
                    && self.kind.is_work()
                    && needs_on_site_return_visit(&self.category, self.urgency) =>
            {
                return Ok(Next { status: TicketStatus::Completed, reopened: false });
            }
            _ => {}
        }
        next(self.kind, self.status, action)
    }

    /// The ticket as a device of `role` may hold it: the owner's phone masked unless the
    /// role must call owners.
    pub fn redact_for(mut self, role: Role) -> Ticket {
        self.owner_token_hash = None;
        if !role.may_call_owners() {
            self.contact_phone = crate::phone::mask(&self.contact_phone);
        }
        self
    }
}

/// What a timeline entry records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    Created,
    Acted(Action),
    Paused {
        reason: String,
    },
    Resumed,
    PlanRecorded {
        plan: String,
    },
    /// The desk called the owner about a missed arrival (SPEC.md §1: 20 minutes).
    LateExplained {
        explanation: String,
        new_completion: String,
    },
    /// The owner's link was revoked; `reissued`: a new receipt with a new link was printed.
    OwnerLinkChanged {
        reissued: bool,
    },
    PhotosAdded {
        stage: PhotoStage,
        photos: Vec<crate::photo::PhotoRef>,
    },
    /// The rules escalated a passed time limit to the supervisor and the department.
    Escalated {
        limit: Limit,
        late_minutes: i64,
    },
    /// The supervisor raised the urgency after intake.
    UrgencyRaised {
        from: super::Urgency,
        to: super::Urgency,
        reason: String,
    },
    /// 首问责任 handed to another person.
    HandedOver {
        from_name: String,
        to_name: String,
        reason: String,
    },
    /// The morning's daily review: why it is not done, and the new date.
    Reviewed {
        reason: String,
        new_date: chrono::NaiveDate,
    },
    /// A valid complaint's case analysis.
    CaseAnalysed(CaseAnalysis),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketEvent {
    pub ticket_id: String,
    pub at: crate::clock::Timestamp,
    pub by: i64,
    pub by_name: String,
    /// `None`: the owner, through their link (a rating).
    pub role: Option<Role>,
    pub step: Step,
    /// The status after this step.
    pub status: TicketStatus,
    /// What was written beside the step (the engineer's completion note, a dispatch
    /// instruction). Internal: never shown to the owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Not yet closed or archived.
pub fn is_open(t: &Ticket) -> bool {
    !matches!(t.status, TicketStatus::Closed | TicketStatus::Archived)
}

impl crate::apply::Record for Ticket {
    const KIND: crate::sync::Kind = crate::sync::Kind::Ticket;
    const REDACTS: bool = true;

    fn redacted_for(self, role: Role) -> Self {
        self.redact_for(role)
    }
}

impl crate::apply::Record for TicketEvent {
    const KIND: crate::sync::Kind = crate::sync::Kind::TicketEvent;
}

/// Which time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// Someone on site within 20 minutes of dispatch.
    Arrival,
    /// Answered by the reply-by time agreed with the owner.
    Reply,
    /// Someone on site by the appointment.
    Appointment,
    /// A complaint's handling plan the same or the next day.
    Plan,
    /// Completed by the time promised to the owner after a late arrival.
    Completion,
}

impl Limit {
    pub const ALL: [Limit; 5] =
        [Limit::Arrival, Limit::Reply, Limit::Appointment, Limit::Plan, Limit::Completion];
}

/// A limit the rules escalated: kept on the ticket so each deadline is escalated once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub limit: Limit,
    pub anchor: String,
    pub at: Timestamp,
    /// How late it was when escalated.
    #[serde(default)]
    pub late_minutes: i64,
}

/// The daily review's answer for a ticket not done: why, and by when it will be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub day: NaiveDate,
    pub reason: String,
    pub new_date: NaiveDate,
    pub by_name: String,
}

/// A valid complaint's case analysis (纠正/预防措施).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseAnalysis {
    pub cause: String,
    pub corrective: String,
    pub preventive: String,
}

/// A complaint closes only with its case analysis, unless it was judged invalid (then it
/// closed at the judgement, with its explanation).
pub fn needs_analysis(t: &Ticket) -> bool {
    t.kind == TicketKind::Complaint && t.valid != Some(false) && t.case_analysis.is_none()
}
