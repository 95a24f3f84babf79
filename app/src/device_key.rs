//! This device's own signing key for goods-release slips. Made from the browser's random
//! numbers the first time someone at the desk signs in here, kept on the device (never
//! sent), and its public half registered with the server through the outbox, so a gate's
//! phone can check the slips this device signs with no network. A key the supervisor
//! revoked (a lost tablet) is replaced by a new one at the next sign-in.

use crate::sync::SyncEngine;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use steward_domain::release::pass::DeviceSecret;
use steward_domain::release::record::DeviceKeyRecord;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::RegisterDeviceKey;

const STORED: &str = "steward.release_key";

#[derive(Serialize, Deserialize)]
struct Stored {
    id: String,
    secret: String,
}

/// The device's key, when it has one the server has not revoked.
pub fn current(engine: SyncEngine) -> Option<(String, DeviceSecret)> {
    let stored: Stored = LocalStorage::get(STORED).ok()?;
    let record = engine.one::<DeviceKeyRecord>(&stored.id)?;
    if record.revoked.is_some() {
        return None;
    }
    Some((stored.id, DeviceSecret::from_hex(&stored.secret)?))
}

fn random_secret() -> Option<DeviceSecret> {
    let mut bytes = [0u8; 32];
    web_sys::window()?.crypto().ok()?.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(DeviceSecret::from_bytes(bytes))
}

/// Makes sure the device has a registered key; `true` once it has. A device with no key
/// makes one; a key whose registration is not among this person's records (a colleague's
/// still waiting in their outbox on a shared tablet) is registered again, the same key. A
/// revoked key is replaced only when a supervisor or manager signs in on the device: a
/// lost tablet someone is still signed in on does not get a new key by itself.
pub fn ensure(engine: SyncEngine, label: &str, may_replace_revoked: bool) -> bool {
    let label: String = label.chars().take(40).collect();
    let stored: Option<Stored> = LocalStorage::get(STORED).ok();
    let record = stored.as_ref().and_then(|s| engine.one::<DeviceKeyRecord>(&s.id));
    let (id, secret) = match (stored, record) {
        (Some(_), Some(r)) if r.revoked.is_none() => return true,
        (Some(_), Some(_)) if !may_replace_revoked => return false,
        (Some(s), None) => match DeviceSecret::from_hex(&s.secret) {
            Some(secret) => (s.id, secret),
            None => return false,
        },
        _ => match random_secret() {
            Some(secret) => (crate::clock::new_id(), secret),
            None => return false,
        },
    };
    // Kept before it is sent: a key registered but lost on the device would be no use.
    if LocalStorage::set(STORED, Stored { id: id.clone(), secret: secret.to_hex() }).is_err() {
        return false;
    }
    let m = Mutation::RegisterDeviceKey(RegisterDeviceKey {
        id,
        public_hex: secret.public_hex(),
        label,
        device_id: None,
    });
    engine.mutate(m).is_ok()
}

/// Whether this device's key was revoked (the desk is told to ask the supervisor).
pub fn revoked(engine: SyncEngine) -> bool {
    let stored: Option<Stored> = LocalStorage::get(STORED).ok();
    stored.and_then(|s| engine.one::<DeviceKeyRecord>(&s.id)).is_some_and(|r| r.revoked.is_some())
}

/// Registers the key as soon as the device's records are ready, on the desk's devices.
pub fn register_when_ready(engine: SyncEngine) {
    let me = crate::session::use_session().me;
    leptos::prelude::Effect::new(move |done: Option<bool>| {
        use leptos::prelude::Get;
        if done == Some(true) {
            return true;
        }
        // Once the server's records are here (a key registered before is among them).
        if !engine.has_pulled() {
            return false;
        }
        match me.get() {
            Some(m) if m.role.runs_the_desk() => {
                let supervises =
                    matches!(m.role, steward_domain::Role::Supervisor | steward_domain::Role::Manager);
                ensure(engine, &format!("{} · {}", device_label(), m.display_name), supervises)
            }
            _ => false,
        }
    });
}

fn device_label() -> String {
    let id = crate::session::Session::device_id().unwrap_or_default();
    format!("设备 {}", &id[id.len().saturating_sub(4)..])
}
