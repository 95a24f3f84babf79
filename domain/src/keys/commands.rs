//! The changes a device makes to the key cabinet, handing their fields to [`super::rules`].

use super::count::{CountIncident, SlotCheck};
use super::incident::{self, Cause, NewIncident, Step};
use super::record::{Borrower, Consent, Emergency, KeyKind};
use super::rules;
use crate::apply::{Applied, ApplyError, Command, Ctx};
use crate::photo::PhotoRef;
use crate::sync::{Kind, Store};
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

impl Command for RegisterKey {
    crate::apply::about_record!(Kind::Key);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::register(store, ctx, &self.id, &self.key)?;
        Ok(Applied::Done)
    }
}

impl Command for LendKey {
    crate::apply::about_record!(Kind::KeyLoan);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::lend(store, ctx, &self.id, &self.loan)?;
        Ok(Applied::Done)
    }
}

impl Command for ApproveKeyLoan {
    crate::apply::about_record!(Kind::KeyLoan);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::approve(store, ctx, &self.id)?;
        Ok(Applied::Done)
    }
}

impl Command for WithdrawKeyLoan {
    crate::apply::about_record!(Kind::KeyLoan);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::withdraw(store, ctx, &self.id, &self.reason)?;
        Ok(Applied::Done)
    }
}

impl Command for ReturnKey {
    crate::apply::about_record!(Kind::KeyLoan);
    fn new_ids(&self) -> Vec<&str> {
        self.incident.iter().flat_map(|i| [i.id.as_str(), i.log_id.as_str()]).collect()
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::give_back(store, ctx, &self.id, self)?;
        Ok(Applied::Done)
    }
}

impl Command for ResealKey {
    crate::apply::about_record!(Kind::Key);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::reseal(store, ctx, &self.id, &self.seal_number, &self.signature)?;
        Ok(Applied::Done)
    }
}

impl Command for OpenKeyIncident {
    crate::apply::about_record!(Kind::KeyIncident);
    fn new_ids(&self) -> Vec<&str> {
        vec![&self.log_id]
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let ids = NewIncident { id: self.id.clone(), log_id: self.log_id.clone() };
        incident::open(
            store,
            ctx,
            &ids,
            &self.key_id,
            self.loan_id.as_deref(),
            incident::Why { cause: self.cause, note: &self.note, counted: None },
        )?;
        Ok(Applied::Done)
    }
}

impl Command for ActOnKeyIncident {
    crate::apply::about_record!(Kind::KeyIncident);
    fn new_ids(&self) -> Vec<&str> {
        vec![&self.log_id]
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        incident::act(store, ctx, &self.id, &self.log_id, self.step, &self.note)?;
        Ok(Applied::Done)
    }
}

impl Command for RecordKeyCount {
    crate::apply::about_record!(Kind::KeyCount);
    fn new_ids(&self) -> Vec<&str> {
        let mut ids = vec![self.log_id.as_str()];
        for i in &self.incidents {
            ids.extend([i.ids.id.as_str(), i.ids.log_id.as_str()]);
        }
        ids
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        super::count::record(store, ctx, &self.id, &self.log_id, &self.checks, &self.incidents)?;
        Ok(Applied::Done)
    }
}

impl Command for MoveKey {
    crate::apply::about_record!(Kind::Key);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::move_to(store, ctx, &self.id, &self.slot)?;
        Ok(Applied::Done)
    }
}

impl Command for RetireKey {
    crate::apply::about_record!(Kind::Key);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::retire(store, ctx, &self.id, &self.reason)?;
        Ok(Applied::Done)
    }
}
