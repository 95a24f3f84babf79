//! A visit as it syncs: who came, to whom, what the host said, and when they went in and out.

use crate::Role;
use crate::clock::Timestamp;
use crate::keys::record::IdType;
use serde::{Deserialize, Serialize};

/// How the host answered before the visitor went up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum HostAnswer {
    /// 电话确认: the number called, who answered, and the minute (local, as the desk read it).
    Call { phone: String, answered_by: String, at: String },
    /// The resident came down to the desk.
    InPerson { name: String },
    /// The owner asked for a day pass beforehand: the pass is the host's word.
    DayPass { pass_id: String },
    /// The owner's standing instruction (the do-not-admit list) answered for them: turned
    /// away without a call.
    Instruction { instructed_by: String },
}

/// The host's answer as recorded: admitted or refused, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostConfirmation {
    pub answer: HostAnswer,
    pub admitted: bool,
    /// Why the host refused, as they said it.
    #[serde(default)]
    pub reason: String,
    pub recorded_by_name: String,
    pub at: Timestamp,
}

/// 来访登记: a visitor, whom they visit, why, what the host said, when they came and left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub visitor_name: String,
    /// The unit visited, as staff write it: `3栋-1502`.
    pub unit: String,
    pub purpose: String,
    /// Staff user who registered the visit.
    pub registered_by: i64,
    /// When the visitor was registered, by the clock that applied it (the server's counts).
    pub time_in: Timestamp,
    pub time_out: Option<Timestamp>,
    #[serde(default)]
    pub registered_by_name: String,
    /// Stored whole; devices that do not call anyone hold it masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_type: Option<IdType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_last4: Option<String>,
    /// The person visited, as the visitor named them.
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub companions: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    /// Registered by the guard at the gate (night visitors) rather than at the desk.
    #[serde(default)]
    pub at_gate: bool,
    #[serde(default)]
    pub confirmation: Option<HostConfirmation>,
    /// The phone and ID digits were removed after the retention period.
    #[serde(default)]
    pub details_removed: bool,
}

/// Where a visit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitStatus {
    /// Registered; the host has not answered yet. The visitor waits at the desk.
    WaitingForHost,
    /// The host agreed: the visitor went up and has not left.
    Inside,
    /// The host refused: the visitor was not admitted.
    Refused,
    Left,
}

impl Visit {
    pub fn status(&self) -> VisitStatus {
        match (&self.time_out, &self.confirmation) {
            (Some(_), _) => VisitStatus::Left,
            (None, Some(c)) if c.admitted => VisitStatus::Inside,
            (None, Some(_)) => VisitStatus::Refused,
            (None, None) => VisitStatus::WaitingForHost,
        }
    }

    /// Still in the building (or at the desk waiting): what a handover counts.
    pub fn still_here(&self) -> bool {
        matches!(self.status(), VisitStatus::Inside | VisitStatus::WaitingForHost)
    }

    /// `张三 → 3栋-1502` as the handover and the lists show it.
    pub fn label(&self) -> String {
        format!("{} → {}", self.visitor_name, self.unit)
    }
}

impl crate::apply::Record for Visit {
    const KIND: crate::sync::Kind = crate::sync::Kind::Visit;
    const REDACTS: bool = true;

    /// A guard's phone holds the visitor's and the host's numbers masked: it calls no one.
    fn redacted_for(mut self, role: Role) -> Self {
        if !role.may_call_owners() {
            self.phone = self.phone.as_deref().map(crate::phone::mask);
            if let Some(HostConfirmation { answer: HostAnswer::Call { phone, .. }, .. }) =
                &mut self.confirmation
            {
                *phone = crate::phone::mask(phone);
            }
        }
        self
    }
}
