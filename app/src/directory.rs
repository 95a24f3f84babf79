//! The unit directory on this device: downloaded when online, kept in local storage so
//! the intake form's unit picker works in a basement. Forgotten on sign-out.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use steward_domain::directory::DirectoryUnit;

const KEY: &str = "steward.unit_directory";

/// The directory as a signal: the stored copy at once, the server's when it answers.
pub fn use_directory() -> RwSignal<Vec<DirectoryUnit>> {
    let units = RwSignal::new(stored());
    let engine = use_context::<crate::sync::SyncEngine>();
    leptos::task::spawn_local(async move {
        // Offline or refused: keep what we have.
        if let Ok(fresh) = crate::api::unit_directory().await {
            let _ = LocalStorage::set(KEY, &fresh);
            // The register the device's rules check units against, as fresh as the list.
            if let Some(engine) = engine {
                engine.set_register(fresh.iter().map(|u| u.unit.clone()));
            }
            units.set(fresh);
        }
    });
    units
}

/// The directory as this device last kept it (empty if never downloaded).
pub fn stored() -> Vec<DirectoryUnit> {
    LocalStorage::get::<Vec<DirectoryUnit>>(KEY).unwrap_or_default()
}

pub fn forget() {
    LocalStorage::delete(KEY);
}
