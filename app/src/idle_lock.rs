//! The counter tablet's screen lock. After the role's idle time (`Me::idle_lock_secs`: the
//! shared counter tablet, the administrator) with no touch or key, the screen is covered
//! until the same user types their password again, checked by the server. Sync goes on
//! underneath, so nothing waiting to be sent is held back or lost; an unfinished form is
//! still there after unlocking. "Someone else" signs out for the next receptionist.

use gloo_storage::{LocalStorage, Storage};
use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;

/// Set while locked: a reload (offline, the app shell from the service worker) stays locked.
const LOCKED_KEY: &str = "steward.locked";
const CHECK_EVERY: Duration = Duration::from_secs(2);

#[derive(Clone, Copy)]
pub struct IdleLock {
    pub locked: RwSignal<bool>,
}

impl IdleLock {
    pub fn lock(&self) {
        let _ = LocalStorage::set(LOCKED_KEY, true);
        self.locked.set(true);
    }

    pub fn unlock(&self) {
        LocalStorage::delete(LOCKED_KEY);
        self.locked.set(false);
    }
}

/// Whether a screen idle since `last_input_ms` must lock at `now_ms`.
pub fn is_due(last_input_ms: f64, now_ms: f64, limit_secs: Option<u32>) -> bool {
    limit_secs.is_some_and(|secs| now_ms - last_input_ms >= f64::from(secs) * 1000.0)
}

/// Watches the user's input and locks the screen when `limit` (re-read each check: it
/// follows who is signed in) has passed without any.
pub fn provide_idle_lock(limit: Signal<Option<u32>>) -> IdleLock {
    let lock = IdleLock { locked: RwSignal::new(LocalStorage::get::<bool>(LOCKED_KEY).unwrap_or(false)) };
    let last_input = StoredValue::new(js_sys::Date::now());
    let touched = move || last_input.set_value(js_sys::Date::now());
    window_event_listener(ev::pointerdown, move |_| touched());
    window_event_listener(ev::keydown, move |_| touched());
    window_event_listener(ev::wheel, move |_| touched());
    set_interval(
        move || {
            if !lock.locked.get_untracked()
                && is_due(last_input.get_value(), js_sys::Date::now(), limit.get_untracked())
            {
                lock.lock();
            }
        },
        CHECK_EVERY,
    );
    // Signed out (or another user) means nothing to unlock.
    Effect::new(move |_| {
        if limit.get().is_none() && lock.locked.get_untracked() {
            lock.unlock();
        }
    });
    provide_context(lock);
    lock
}

pub fn use_idle_lock() -> IdleLock {
    expect_context::<IdleLock>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_only_roles_with_a_limit_once_it_has_passed() {
        assert!(!is_due(0.0, 599_999.0, Some(600)));
        assert!(is_due(0.0, 600_000.0, Some(600)));
        assert!(!is_due(0.0, 1e12, None));
    }
}
