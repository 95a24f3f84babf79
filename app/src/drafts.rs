//! Drafts of long forms (a patrol's checklist, a ticket's intake, a decoration
//! application), kept on this device as the user types, until the form is submitted or the
//! draft is discarded: a call, a reload or the app killed in a basement loses nothing.
//! Kept per signed-in user, so two staff sharing a tablet never see each other's drafts.

use crate::i18n::*;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn key(form: &str) -> Option<String> {
    let me: steward_domain::api::Me = LocalStorage::get("steward.me").ok()?;
    Some(format!("steward.draft.{}.{form}", me.user_id))
}

/// The draft of `form`, if one was kept.
pub fn load<T: DeserializeOwned>(form: &str) -> Option<T> {
    LocalStorage::get(key(form)?).ok()
}

pub fn keep<T: Serialize>(form: &str, value: &T) {
    if let Some(k) = key(form) {
        let _ = LocalStorage::set(k, value);
    }
}

pub fn discard(form: &str) {
    if let Some(k) = key(form) {
        LocalStorage::delete(k);
    }
}

/// Asks before throwing typed work away.
pub fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}

/// Keeps `value` as the draft of `form` — or drops the draft when `value` is an untouched
/// form (so discarding, which resets the form, leaves no empty draft behind).
pub fn keep_or_drop<T: Serialize>(form: &str, value: &T, untouched: bool) {
    if untouched { discard(form) } else { keep(form, value) }
}

/// "Draft kept on this device" and a way to throw it away (after a confirmation).
#[component]
pub fn DraftNote(restored: RwSignal<bool>, on_discard: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="hint draft-note" id="draft-note">
            {move || if restored.get() { t_string!(i18n, drafts.restored) } else { t_string!(i18n, drafts.kept) }}
            " "
            <button type="button" class="link" id="draft-discard" on:click=move |_| {
                if confirm(t_string!(i18n, drafts.confirm_discard)) {
                    restored.set(false);
                    on_discard.run(());
                }
            }>{t!(i18n, drafts.discard)}</button>
        </p>
    }
}
