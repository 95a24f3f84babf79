//! The changes a device makes to tickets, as commands: each names its ticket and timeline
//! entry and hands its fields to the rules in [`super::apply`].

use super::apply::{self as rules, NewTicket};
use super::lifecycle::Action;
use super::record::PhotoStage;
use crate::apply::{Applied, ApplyError, Command, Ctx, RejectionCode, reject};
use crate::photo::PhotoRef;
use crate::sync::{Kind, Store};
use serde::{Deserialize, Serialize};

/// 工单 intake: the ticket and its first timeline entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTicket {
    pub id: String,
    pub event_id: String,
    pub ticket: NewTicket,
}

/// A step in the ticket's lifecycle (dispatch, accept, on site, complete, return visit…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActOnTicket {
    pub ticket_id: String,
    pub event_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub action: Action,
    /// What the worker or the desk wrote beside the step (说明): kept on its timeline
    /// entry. Actions whose text is the step itself (a reply, a return visit) carry none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Stop the SLA clock while the ticket waits on the owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PauseTicket {
    pub ticket_id: String,
    pub event_id: String,
    pub reason: String,
}

/// Restart it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResumeTicket {
    pub ticket_id: String,
    pub event_id: String,
}

/// The handling plan (escalated tickets: supervisor or manager).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordTicketPlan {
    pub ticket_id: String,
    pub event_id: String,
    pub plan: String,
}

/// The desk called the owner about a late arrival: why, and the new completion time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExplainLateArrival {
    pub ticket_id: String,
    pub event_id: String,
    pub explanation: String,
    pub new_completion: String,
}

/// Revoke the owner's link; with a new hash, a reprinted receipt carries the new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeOwnerLink {
    pub ticket_id: String,
    pub event_id: String,
    pub owner_token_hash: Option<String>,
}

/// Photos of the problem (at intake) or of the work (before/after).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachTicketPhotos {
    pub ticket_id: String,
    pub event_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub stage: PhotoStage,
    pub photos: Vec<PhotoRef>,
}

/// The owner's rating from their ticket's link (the owner's page): satisfied closes the
/// ticket, unsatisfied (with a comment) reopens it; recorded as the owner's return visit.
/// Applied by the server with [`Ctx::owner`]; refused from any staff device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateAsOwner {
    pub ticket_id: String,
    pub event_id: String,
    pub satisfied: bool,
    pub comment: String,
}

/// A time limit the ticket passed, escalated by the rules: written by the server's own
/// check of the clocks, never by a device (see [`crate::apply::Ctx::rules`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EscalateTicket {
    pub ticket_id: String,
    pub event_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub limit: super::overdue::Limit,
    /// Which deadline (see [`super::overdue::Breach`]).
    pub anchor: String,
    pub late_minutes: i64,
}

/// The supervisor raises the urgency after intake, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaiseTicketUrgency {
    pub ticket_id: String,
    pub event_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub urgency: super::Urgency,
    pub reason: String,
}

/// The supervisor hands 首问责任 to another staff member, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandOverTicket {
    pub ticket_id: String,
    pub event_id: String,
    pub to: i64,
    pub to_name: String,
    pub reason: String,
}

/// The daily review's answer for a ticket not done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewTicket {
    pub ticket_id: String,
    pub event_id: String,
    pub reason: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub new_date: chrono::NaiveDate,
}

/// A valid complaint's case analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnalyseComplaint {
    pub ticket_id: String,
    pub event_id: String,
    pub cause: String,
    pub corrective: String,
    pub preventive: String,
}

/// The ticket commands share their shape: a ticket and the timeline entry a step adds.
macro_rules! on_a_ticket {
    ($id:ident) => {
        fn kind(&self) -> Kind {
            Kind::Ticket
        }
        fn record_id(&self) -> &str {
            &self.$id
        }
        fn new_ids(&self) -> Vec<&str> {
            vec![&self.event_id]
        }
    };
}

impl Command for CreateTicket {
    on_a_ticket!(id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        // The intake form is the desk's and the patrols'; other roles raise tickets only
        // from a patrol's failed item (see `patrol::apply`).
        if !ctx.role.takes_tickets() {
            return Err(reject(RejectionCode::Forbidden, None, "this role does not take tickets"));
        }
        rules::create(store, ctx, &self.id, &self.event_id, &self.ticket)?;
        Ok(Applied::Done)
    }
}

impl Command for ActOnTicket {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::act(store, ctx, &self.ticket_id, &self.event_id, &self.action, self.note.as_deref())?;
        Ok(Applied::Done)
    }
}

impl Command for PauseTicket {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::pause(store, ctx, &self.ticket_id, &self.event_id, Some(&self.reason))?;
        Ok(Applied::Done)
    }
}

impl Command for ResumeTicket {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::pause(store, ctx, &self.ticket_id, &self.event_id, None)?;
        Ok(Applied::Done)
    }
}

impl Command for RecordTicketPlan {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::record_plan(store, ctx, &self.ticket_id, &self.event_id, &self.plan)?;
        Ok(Applied::Done)
    }
}

impl Command for ExplainLateArrival {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let (t, e) = (&self.ticket_id, &self.event_id);
        rules::explain_late(store, ctx, t, e, &self.explanation, &self.new_completion)?;
        Ok(Applied::Done)
    }
}

impl Command for ChangeOwnerLink {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let hash = self.owner_token_hash.as_deref();
        rules::change_owner_link(store, ctx, &self.ticket_id, &self.event_id, hash)?;
        Ok(Applied::Done)
    }
}

impl Command for AttachTicketPhotos {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::attach_photos(store, ctx, &self.ticket_id, &self.event_id, self.stage, &self.photos)?;
        Ok(Applied::Done)
    }
}

impl Command for RateAsOwner {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let (t, e) = (&self.ticket_id, &self.event_id);
        rules::owner_rating(store, ctx, t, e, self.satisfied, &self.comment)?;
        Ok(Applied::Done)
    }
}

impl Command for EscalateTicket {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let breach = super::overdue::Breach {
            limit: self.limit,
            anchor: self.anchor.clone(),
            late_minutes: self.late_minutes,
        };
        rules::escalate(store, ctx, &self.ticket_id, &self.event_id, &breach)?;
        Ok(Applied::Done)
    }
}

impl Command for RaiseTicketUrgency {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        super::supervise::raise_urgency(
            store,
            ctx,
            &self.ticket_id,
            &self.event_id,
            self.urgency,
            &self.reason,
        )?;
        Ok(Applied::Done)
    }
}

impl Command for HandOverTicket {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let (t, e) = (&self.ticket_id, &self.event_id);
        super::supervise::hand_over(store, ctx, t, e, self.to, &self.to_name, &self.reason)?;
        Ok(Applied::Done)
    }
}

impl Command for ReviewTicket {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        super::supervise::review(store, ctx, &self.ticket_id, &self.event_id, &self.reason, self.new_date)?;
        Ok(Applied::Done)
    }
}

impl Command for AnalyseComplaint {
    on_a_ticket!(ticket_id);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let analysis = super::supervise::CaseAnalysis {
            cause: self.cause.clone(),
            corrective: self.corrective.clone(),
            preventive: self.preventive.clone(),
        };
        super::supervise::analyse(store, ctx, &self.ticket_id, &self.event_id, &analysis)?;
        Ok(Applied::Done)
    }
}
