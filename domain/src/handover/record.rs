//! A handover as it syncs.

use crate::Role;
use crate::clock::Timestamp;
use serde::{Deserialize, Serialize};

/// What an open item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpenKind {
    /// A ticket this shift took that is not closed.
    ShiftTicket,
    /// A major or urgent ticket still open (resolved ones only: unresolved ones block).
    MajorTicket,
    /// A key out (overdue ones carry their incident).
    KeyOut,
    /// A rectification notice due today or overdue.
    NoticeDue,
    /// A public-area repair waiting.
    PublicRepair,
    /// A visitor registered and not signed out (inside, or still waiting for the host).
    VisitorInside,
    /// An item left at the desk and not yet handed over (flagged after seven days).
    ItemWaiting,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenItem {
    pub kind: OpenKind,
    /// The record it is about.
    pub id: String,
    /// As the outgoing person's screen showed it (`T2612-0003 3栋-1502 漏水`).
    pub label: String,
}

/// A shared item and how many are handed over (the key cabinet, phones, radios…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemCount {
    pub name: String,
    pub count: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandoverStatus {
    /// Written by the outgoing person, waiting for the incoming.
    Started,
    Confirmed,
    /// Refused by the incoming, with a reason: the supervisor's to settle.
    Refused,
}

/// 交接班记录.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Handover {
    pub outgoing: i64,
    pub outgoing_name: String,
    pub outgoing_role: Role,
    /// The shift handed over and its day.
    pub shift: String,
    pub day: String,
    pub started_at: Timestamp,
    pub items: Vec<OpenItem>,
    /// 上级指示 passed on.
    pub instructions: String,
    /// 突发事件 of the shift.
    pub incidents: String,
    pub counts: Vec<ItemCount>,
    pub status: HandoverStatus,
    pub incoming: Option<i64>,
    pub incoming_name: Option<String>,
    /// √/× for each item, then for each count, in order.
    pub checks: Vec<bool>,
    /// Why, for each item marked × (by position).
    #[serde(default)]
    pub notes: Vec<String>,
    pub refusal: Option<String>,
    pub closed_at: Option<Timestamp>,
}

impl Handover {
    /// What the supervisor looks at: a refused handover, or one confirmed with items marked ×.
    pub fn needs_supervisor(&self) -> bool {
        self.status == HandoverStatus::Refused
            || (self.status == HandoverStatus::Confirmed && self.checks.iter().any(|ok| !ok))
    }

    /// The items marked ×, each with its reason: `(item, reason)`.
    pub fn crossed(&self) -> Vec<(String, String)> {
        let lines = self
            .items
            .iter()
            .map(|i| i.label.clone())
            .chain(self.counts.iter().map(|c| format!("{} × {}", c.name, c.count)));
        lines
            .zip(&self.checks)
            .enumerate()
            .filter(|(_, (_, ok))| !**ok)
            .map(|(i, (line, _))| (line, self.notes.get(i).cloned().unwrap_or_default()))
            .collect()
    }
}

impl crate::apply::Record for Handover {
    const KIND: crate::sync::Kind = crate::sync::Kind::Handover;
}
