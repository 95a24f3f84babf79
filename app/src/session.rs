//! Who is logged in on this device, remembered so the app opens without a network.
//!
//! Only the non-secret profile (`Me`) is stored; the session token stays in an
//! `HttpOnly` cookie no script can read.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use steward_domain::api::Me;

const ME_KEY: &str = "steward.me";
const DEVICE_KEY: &str = "steward.device_id";
/// Every account's device id used in this browser: each has its own replica and outbox.
const DEVICES_KEY: &str = "steward.devices";

#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
}

impl Session {
    /// Starts from what this device remembers.
    pub fn restore() -> Self {
        let me: Option<Me> = LocalStorage::get(ME_KEY).ok();
        if let Some(me) = &me {
            crate::screens::preload_first(me.role);
        }
        Self { me: RwSignal::new(me) }
    }

    pub fn signed_in(&self, me: Me) {
        // The list before this sign-in (with the last device from before it was kept), then this.
        let mut here = devices_here();
        if !here.contains(&me.device_id) {
            here.push(me.device_id.clone());
        }
        let _ = LocalStorage::set(DEVICES_KEY, &here);
        let _ = LocalStorage::set(DEVICE_KEY, &me.device_id);
        let _ = LocalStorage::set(ME_KEY, &me);
        // The same profile again (the server confirming it, an unlock) changes nothing on screen.
        if self.me.get_untracked().as_ref() != Some(&me) {
            crate::screens::preload_first(me.role);
            self.me.set(Some(me));
        }
    }

    /// Forgets the user, but not the device id: logging in again reuses it.
    pub fn signed_out(&self) {
        LocalStorage::delete(ME_KEY);
        // Owners' names and phones do not stay on a device nobody is signed in to.
        crate::directory::forget();
        crate::roster::forget();
        self.me.set(None);
    }

    pub fn device_id() -> Option<String> {
        LocalStorage::get(DEVICE_KEY).ok()
    }
}

/// The device ids of every account signed in on this browser (the last one's too, from
/// before the list was kept).
pub fn devices_here() -> Vec<String> {
    let mut here: Vec<String> = LocalStorage::get(DEVICES_KEY).unwrap_or_default();
    if let Some(last) = Session::device_id().filter(|d| !here.contains(d)) {
        here.push(last);
    }
    here
}

/// A device whose replica left this browser.
pub fn forget_device(id: &str) {
    let here: Vec<String> = devices_here().into_iter().filter(|d| d != id).collect();
    let _ = LocalStorage::set(DEVICES_KEY, &here);
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
