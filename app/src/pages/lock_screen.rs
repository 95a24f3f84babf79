//! The cover over a locked screen (see `idle_lock`): whose session it is, the password to
//! go on, or "someone else" to sign out for the next person at the counter.

use crate::api;
use crate::connectivity::use_connectivity;
use crate::errors::failure_text;
use crate::i18n::*;
use crate::idle_lock::use_idle_lock;
use crate::session::{Session, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use steward_domain::api::LoginRequest;

#[component]
pub fn LockScreen() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let lock = use_idle_lock();
    let online = use_connectivity().online;
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);

    let unlock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(me) = session.me.get_untracked() else { return };
        if working.get_untracked() {
            return;
        }
        if !online.get_untracked() {
            error.set(Some(t_string!(i18n, lock.offline).to_string()));
            return;
        }
        working.set(true);
        error.set(None);
        let request = LoginRequest {
            username: me.username.clone(),
            password: password.get_untracked(),
            device_id: Session::device_id(),
        };
        spawn_local(async move {
            match api::login(&request).await {
                Ok(fresh) if fresh.user_id == me.user_id => {
                    password.set(String::new());
                    session.signed_in(fresh);
                    lock.unlock();
                }
                Ok(_) => error.set(Some(t_string!(i18n, lock.someone_else_needed).to_string())),
                Err(failure) => error.set(Some(failure_text(i18n, &failure))),
            }
            working.set(false);
        });
    };
    let someone_else = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // The session must end on the server first: signed out only on this screen, the
            // next page load online would let the previous receptionist back in.
            let ended = match api::logout().await {
                // A session the server no longer has is as good as ended.
                Err(api::ApiFailure::Refused(d)) if d.code == steward_domain::ErrorCode::Unauthenticated => {
                    Ok(())
                }
                other => other,
            };
            match ended {
                Ok(()) => {
                    session.signed_out();
                    lock.unlock();
                    navigate("/login", Default::default());
                }
                Err(failure) => error.set(Some(match failure {
                    api::ApiFailure::Offline => t_string!(i18n, lock.offline_switch).to_string(),
                    other => failure_text(i18n, &other),
                })),
            }
        });
    };
    view! {
        <div id="lock-screen" class="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title">
            <form class="lock-card" on:submit=unlock novalidate>
                <h1 id="lock-title">{t!(i18n, lock.title)}</h1>
                <p class="lock-who">
                    {move || session.me.get().map(|m| m.display_name)}
                    " · "
                    {move || session.me.get().map(|m| m.username)}
                </p>
                <p class="hint">{t!(i18n, lock.why)}</p>
                <label>
                    {t!(i18n, login.password)}
                    <input id="unlock-password" type="password" autocomplete="current-password" required
                        bind:value=password />
                </label>
                <Show when=move || error.get().is_some()>
                    <p class="error" role="alert" id="unlock-error">{move || error.get()}</p>
                </Show>
                <button id="unlock-submit" type="submit" class="primary" disabled=move || working.get()>
                    {t!(i18n, lock.unlock)}
                </button>
                <button id="unlock-someone-else" type="button" class="ghost" on:click=someone_else>
                    {t!(i18n, lock.someone_else)}
                </button>
            </form>
        </div>
    }
}
