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
    /// A ring of several keys is counted by its keys: how many were found (`present` then
    /// means all of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<u32>,
}

impl SlotCheck {
    /// The keys of `key` this check found in the slot.
    pub fn keys_found(&self, key: &Key) -> u32 {
        match self.found {
            Some(n) => n.min(key.count),
            None if self.present => key.count,
            None => 0,
        }
    }
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
    if !check.present || check.keys_found(key) < key.count {
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
    let mut ids = store.ids_where(Kind::Key, crate::sync::store::Indexed::State, "in_cabinet")?;
    ids.extend(store.ids_where(Kind::Key, crate::sync::store::Indexed::State, "awaiting_reseal")?);
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
        return Err(reject(
            RejectionCode::Invalid,
            Some(Field::Counts),
            "every key in the cabinet is checked, once",
        ));
    }
    let mut opened = Vec::new();
    let (mut found, mut total) = (0u32, 0u32);
    for check in checks {
        let (key, _) = load::<Key>(store, &check.key_id)?;
        if check.present && seal_checked(&key) && check.seal_intact.is_none() {
            return Err(reject(
                RejectionCode::Invalid,
                Some(Field::Counts),
                "a sealed key's seal is looked at",
            ));
        }
        // A ring is counted key by key; "all there" is said by the number found.
        let counted = match check.found {
            Some(n) => n <= key.count && check.present == (n == key.count),
            None => key.count <= 1,
        };
        if !counted {
            return Err(reject(
                RejectionCode::Invalid,
                Some(Field::Counts),
                "a ring's keys are counted one by one",
            ));
        }
        found += check.keys_found(&key);
        total += key.count;
        let Some(cause) = mismatch(&key, check) else { continue };
        let Some(new) = incidents.iter().find(|i| i.key_id == check.key_id) else {
            return Err(reject(
                RejectionCode::Invalid,
                Some(Field::Counts),
                "each key missing or unsealed opens an incident",
            ));
        };
        let counted = (key.count > 1).then(|| (check.keys_found(&key), key.count));
        incident::open(
            store,
            ctx,
            &new.ids,
            &check.key_id,
            None,
            incident::Why { cause, note: "", counted },
        )?;
        opened.push(new.ids.id.clone());
    }
    // Counted in keys, a ring by its keys.
    let present = found;
    let count = KeyCount {
        by_name: ctx.user_name.clone(),
        at: ctx.now.clone(),
        checks: checks.to_vec(),
        present,
        expected: total,
        incidents: opened.clone(),
    };
    insert(store, id, &count, "a count with this id exists")?;
    let line = crate::duty_log::line::Line::KeyCount { present, total, incidents: opened.len() };
    crate::duty_log::record_automatic(store, ctx, log_id, "key_count", line)
}

/// Whether a key kept at `state` is in the cabinet's slots.
pub fn in_slot(state: &KeyState) -> bool {
    matches!(state, KeyState::InCabinet | KeyState::AwaitingReseal)
}
