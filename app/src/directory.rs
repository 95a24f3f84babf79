//! The unit directory on this device: downloaded when online, kept in local storage so
//! the intake form's unit picker works in a basement. Forgotten on sign-out.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use steward_domain::directory::DirectoryUnit;

const KEY: &str = "steward.unit_directory";

/// The directory as a signal: the stored copy at once, the server's when it answers.
pub fn use_directory() -> RwSignal<Vec<DirectoryUnit>> {
    let units = RwSignal::new(LocalStorage::get::<Vec<DirectoryUnit>>(KEY).unwrap_or_default());
    leptos::task::spawn_local(async move {
        // Offline or refused: keep what we have.
        if let Ok(fresh) = crate::api::unit_directory().await {
            let _ = LocalStorage::set(KEY, &fresh);
            units.set(fresh);
        }
    });
    units
}

pub fn forget() {
    LocalStorage::delete(KEY);
}
