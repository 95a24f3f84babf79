//! An item at the desk as it syncs.

use crate::clock::Timestamp;
use crate::keys::record::IdType;
use crate::photo::PhotoRef;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// 寄存/转交: left by a household, for itself or for someone else.
    Deposit,
    /// 快递包裹.
    Parcel,
    /// 信件报刊.
    Letter,
}

impl ItemKind {
    pub const ALL: [ItemKind; 3] = [ItemKind::Deposit, ItemKind::Parcel, ItemKind::Letter];

    /// Only a deposit waits for the supervisor (the manual: 寄存须经主管批准).
    pub fn needs_approval(self) -> bool {
        self == ItemKind::Deposit
    }
}

/// The supervisor's answer on a deposit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Approval {
    pub approved: bool,
    #[serde(default)]
    pub reason: String,
    pub by_name: String,
    pub at: Timestamp,
}

/// Handed over: to whom, how they were known, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandedOver {
    pub recipient: String,
    #[serde(default)]
    pub id_type: Option<IdType>,
    #[serde(default)]
    pub id_last4: Option<String>,
    /// The recipient's signature, photographed from the pad.
    #[serde(default)]
    pub signature: Option<PhotoRef>,
    pub by_name: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskItem {
    pub kind: ItemKind,
    /// What it is: `一箱水果`, `顺丰快递 SF1234…`.
    pub item: String,
    /// Who left it (a household, a courier).
    pub from: String,
    /// The unit it is for (or a place that is not a home), and the person.
    pub for_unit: String,
    pub for_name: String,
    #[serde(default)]
    pub photos: Vec<PhotoRef>,
    #[serde(default)]
    pub note: String,
    pub logged_by_name: String,
    pub logged_at: Timestamp,
    #[serde(default)]
    pub approval: Option<Approval>,
    #[serde(default)]
    pub handed: Option<HandedOver>,
}

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// A deposit the supervisor has not answered yet.
    AwaitingApproval,
    /// At the desk, waiting for its recipient.
    Waiting,
    /// The supervisor refused the deposit: to be given back to whoever left it.
    Refused,
    HandedOver,
    /// A refused deposit given back to whoever left it.
    Returned,
}

/// More than this many days waiting is flagged (at the handover and in the list).
pub const FLAG_AFTER_DAYS: i64 = 7;

impl DeskItem {
    pub fn status(&self) -> ItemStatus {
        match (&self.handed, &self.approval) {
            (Some(_), Some(a)) if !a.approved => ItemStatus::Returned,
            (Some(_), _) => ItemStatus::HandedOver,
            (None, Some(a)) if !a.approved => ItemStatus::Refused,
            (None, None) if self.kind.needs_approval() => ItemStatus::AwaitingApproval,
            (None, _) => ItemStatus::Waiting,
        }
    }

    /// At the desk now (kept, waiting for the supervisor's answer, or refused and not yet
    /// given back): counted at every handover.
    pub fn at_the_desk(&self) -> bool {
        matches!(self.status(), ItemStatus::Waiting | ItemStatus::AwaitingApproval | ItemStatus::Refused)
    }

    /// Whole days it has waited by `today`.
    pub fn days_waiting(&self, today: NaiveDate) -> i64 {
        (today - self.logged_at.local_day()).num_days()
    }

    /// Waiting more than [`FLAG_AFTER_DAYS`]: the desk calls the recipient again.
    pub fn flagged(&self, today: NaiveDate) -> bool {
        self.at_the_desk() && self.days_waiting(today) > FLAG_AFTER_DAYS
    }

    /// `快递 → 3栋-1502 李明` as the handover lists it.
    pub fn label(&self) -> String {
        format!("{} → {} {}", self.item, self.for_unit, self.for_name)
    }
}

impl crate::apply::Record for DeskItem {
    const KIND: crate::sync::Kind = crate::sync::Kind::DeskItem;
}
