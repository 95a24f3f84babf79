//! 每日清点: the desk walks the cabinet slot by slot. Every key that should be there is
//! checked present or absent (and a sealed key's seal intact or not); each one missing or
//! with a broken seal opens a key incident in the same change. Written to the duty log.

use super::incident::{self, Cause, NewIncident};
use super::record::{Key, KeyKind, KeyState};
use crate::apply::{ApplyError, Ctx, RejectionCode, insert, load, reject};
use crate::clock::Timestamp;
use crate::field::Field;
use crate::sync::{Kind, Store};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotCheck {
    pub key_id: String,
    pub present: bool,
    /// Sealed keys: the seal is intact.
    #[serde(default)]
    pub seal_intact: Option<bool>,
}

/// The incident a mismatch opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountIncident {
    pub key_id: String,
    #[serde(flatten)]
    pub ids: NewIncident,
}

/// 钥匙清点记录 (append-only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyCount {
    pub by_name: String,
    pub at: Timestamp,
    pub checks: Vec<SlotCheck>,
    /// Keys found in their slots, of those that should be there.
    pub present: u32,
    pub expected: u32,
    pub incidents: Vec<String>,
}

impl crate::apply::Record for KeyCount {
    const KIND: Kind = Kind::KeyCount;
}

/// What a check found wrong, if anything.
pub fn mismatch(key: &Key, check: &SlotCheck) -> Option<Cause> {
    if !check.present {
        Some(Cause::Missing)
    } else if seal_checked(key) && check.seal_intact == Some(false) {
        Some(Cause::SealDamaged)
    } else {
        None
    }
}

/// A sealed key in the cabinet has its seal looked at (one awaiting the owner's new seal
/// has none to look at).
pub fn seal_checked(key: &Key) -> bool {
    key.kind == KeyKind::Sealed && key.state == KeyState::InCabinet
}

/// The keys that should be in their slots now.
pub fn expected(store: &dyn Store) -> Result<Vec<String>, ApplyError> {
    let mut ids = store.ids_where(Kind::Key, "state", "in_cabinet")?;
    ids.extend(store.ids_where(Kind::Key, "state", "awaiting_reseal")?);
    ids.sort();
    Ok(ids)
}

pub fn record(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    log_id: &str,
    checks: &[SlotCheck],
    incidents: &[CountIncident],
) -> Result<(), ApplyError> {
    if !ctx.role.runs_the_desk() {
        return Err(reject(RejectionCode::Forbidden, None, "the desk counts the cabinet"));
    }
    let expected = expected(store)?;
    let mut checked: Vec<&str> = checks.iter().map(|c| c.key_id.as_str()).collect();
    checked.sort();
    if checked != expected.iter().map(String::as_str).collect::<Vec<_>>() {
        return Err(reject(RejectionCode::Invalid, Some(Field::Counts), "every key in the cabinet is checked, once"));
    }
    let mut opened = Vec::new();
    for check in checks {
        let (key, _) = load::<Key>(store, &check.key_id)?;
        if check.present && seal_checked(&key) && check.seal_intact.is_none() {
            return Err(reject(RejectionCode::Invalid, Some(Field::Counts), "a sealed key's seal is looked at"));
        }
        let Some(cause) = mismatch(&key, check) else { continue };
        let Some(new) = incidents.iter().find(|i| i.key_id == check.key_id) else {
            return Err(reject(RejectionCode::Invalid, Some(Field::Counts), "each key missing or unsealed opens an incident"));
        };
        incident::open(store, ctx, &new.ids, &check.key_id, None, cause, "")?;
        opened.push(new.ids.id.clone());
    }
    let present = checks.iter().filter(|c| c.present).count() as u32;
    let count = KeyCount {
        by_name: ctx.user_name.clone(),
        at: ctx.now.clone(),
        checks: checks.to_vec(),
        present,
        expected: expected.len() as u32,
        incidents: opened.clone(),
    };
    insert(store, id, &count, "a count with this id exists")?;
    let text = match opened.len() {
        0 => format!("钥匙每日清点：在柜 {present}/{}，无异常", expected.len()),
        n => format!("钥匙每日清点：在柜 {present}/{}，{n} 项异常已立事件", expected.len()),
    };
    crate::duty_log::record_automatic(store, ctx, log_id, "key_count", &text)
}

/// Whether a key kept at `state` is in the cabinet's slots.
pub fn in_slot(state: &KeyState) -> bool {
    matches!(state, KeyState::InCabinet | KeyState::AwaitingReseal)
}
