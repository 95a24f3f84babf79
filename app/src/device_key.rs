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

/// Makes sure the device has a registered key (a new one if it has none, or a revoked
/// one); `true` once it has. Run when the desk's screens open after sign-in.
pub fn ensure(engine: SyncEngine, label: &str) -> bool {
    if current(engine).is_some() {
        return true;
    }
    let Some(secret) = random_secret() else { return false };
    let id = uuid::Uuid::now_v7().to_string();
    let m = Mutation::RegisterDeviceKey(RegisterDeviceKey { id: id.clone(), public_hex: secret.public_hex(), label: label.to_string() });
    if engine.mutate(m).is_err() {
        return false;
    }
    let _ = LocalStorage::set(STORED, Stored { id, secret: secret.to_hex() });
    true
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
            Some(m) if m.role.runs_the_desk() => ensure(engine, &format!("{} · {}", m.display_name, device_label())),
            _ => false,
        }
    });
}

fn device_label() -> String {
    let id = crate::session::Session::device_id().unwrap_or_default();
    format!("设备 {}", &id[id.len().saturating_sub(4)..])
}
