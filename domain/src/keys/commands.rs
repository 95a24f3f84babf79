//! The changes a device makes to the key cabinet, as they travel: their rules (and each
//! `Command`) are in [`super::rules`].

use super::count::{CountIncident, SlotCheck};
use super::incident::{Cause, NewIncident, Step};
use super::record::{Borrower, Consent, Emergency, KeyKind};
use crate::photo::PhotoRef;
use serde::{Deserialize, Serialize};

/// A key as the desk registers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewKey {
    pub tag: String,
    pub slot: String,
    pub unit: String,
    pub kind: KeyKind,
    pub count: u32,
    #[serde(default)]
    pub seal_number: Option<String>,
    #[serde(default)]
    pub signature: Option<PhotoRef>,
}

/// A loan as the desk writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewLoan {
    pub key_id: String,
    pub borrower: Borrower,
    pub purpose: String,
    #[serde(default)]
    pub serves: Option<String>,
    #[serde(default)]
    pub consent: Option<Consent>,
    #[serde(default)]
    pub emergency: Option<Emergency>,
    #[serde(default)]
    pub escorts: Vec<String>,
    /// The staff accounts taking part (a staff borrower, the escorts), as the desk's roster
    /// matched their names ([`crate::staff::ids_of`]): their own phones get the loan.
    #[serde(default)]
    pub staff_ids: Vec<i64>,
    pub count: u32,
}

/// 钥匙登记.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterKey {
    pub id: String,
    pub key: NewKey,
}

/// 钥匙借用: `id` is the new loan's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LendKey {
    pub id: String,
    pub loan: NewLoan,
}

/// The supervisor's or manager's approval of a sealed key's loan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApproveKeyLoan {
    pub id: String,
}

/// A sealed key's request withdrawn before its approvals, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawKeyLoan {
    pub id: String,
    pub reason: String,
}

/// 钥匙归还 of the loan `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnKey {
    pub id: String,
    pub count: u32,
    #[serde(default)]
    pub power_off: Option<bool>,
    #[serde(default)]
    pub windows_shut: Option<bool>,
    #[serde(default)]
    pub note: String,
    /// A short return opens an incident: its ids.
    #[serde(default)]
    pub incident: Option<NewIncident>,
}

/// 钥匙事件 opened by the desk (an overdue key, a loss, a broken seal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenKeyIncident {
    pub id: String,
    pub log_id: String,
    pub key_id: String,
    #[serde(default)]
    pub loan_id: Option<String>,
    pub cause: Cause,
    #[serde(default)]
    pub note: String,
}

/// The next step of incident `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActOnKeyIncident {
    pub id: String,
    pub log_id: String,
    pub step: Step,
    #[serde(default)]
    pub note: String,
}

/// 每日清点.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordKeyCount {
    pub id: String,
    pub log_id: String,
    pub checks: Vec<SlotCheck>,
    #[serde(default)]
    pub incidents: Vec<CountIncident>,
}

/// The key `id` to another slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveKey {
    pub id: String,
    pub slot: String,
}

/// The key `id` off the register, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetireKey {
    pub id: String,
    pub reason: String,
}

/// The owner seals the key `id` again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResealKey {
    pub id: String,
    pub seal_number: String,
    pub signature: PhotoRef,
}
