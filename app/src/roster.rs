//! The staff roster on a desk device: downloaded when online, kept in local storage so the
//! loan form can name the escorts in a basement. Forgotten on sign-out.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use steward_domain::staff::StaffMember;

const KEY: &str = "steward.staff_roster";

/// The roster as a signal: the stored copy at once, the server's when it answers.
pub fn use_roster() -> RwSignal<Vec<StaffMember>> {
    let staff = RwSignal::new(LocalStorage::get::<Vec<StaffMember>>(KEY).unwrap_or_default());
    leptos::task::spawn_local(async move {
        // Offline or refused: keep what we have.
        if let Ok(fresh) = crate::api::staff_roster().await {
            let _ = LocalStorage::set(KEY, &fresh);
            staff.set(fresh);
        }
    });
    staff
}

pub fn forget() {
    LocalStorage::delete(KEY);
}
