//! Staff login.

use crate::api;
use crate::connectivity::use_connectivity;
use crate::errors::failure_text;
use crate::i18n::*;
use crate::session::{Session, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use steward_domain::api::LoginRequest;

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let online = use_connectivity().online;
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if working.get_untracked() {
            return;
        }
        if !online.get_untracked() {
            error.set(Some(t_string!(i18n, login.offline).to_string()));
            return;
        }
        working.set(true);
        error.set(None);
        let request = LoginRequest {
            username: username.get_untracked(),
            password: password.get_untracked(),
            device_id: Session::device_id(),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::login(&request).await {
                Ok(me) => {
                    let home = me.role.home().path();
                    session.signed_in(me);
                    password.set(String::new());
                    navigate(home, Default::default());
                }
                Err(failure) => error.set(Some(failure_text(i18n, &failure))),
            }
            working.set(false);
        });
    };

    view! {
        {move || session.me.get().map(|me| view! { <Redirect path=me.role.home().path() /> })}
        <section class="page narrow login">
            <h1>{t!(i18n, login.title)}</h1>
            <form on:submit=submit novalidate>
                <label>
                    {t!(i18n, login.username)}
                    <input id="username" name="username" autocomplete="username" autocapitalize="none"
                        required bind:value=username />
                </label>
                <label>
                    {t!(i18n, login.password)}
                    <input id="password" name="password" type="password" autocomplete="current-password"
                        required bind:value=password />
                </label>
                <Show when=move || error.get().is_some()>
                    <p class="error" role="alert" id="login-error">{move || error.get()}</p>
                </Show>
                <button id="login-submit" type="submit" class="primary" disabled=move || working.get()>
                    {move || if working.get() { t_string!(i18n, login.working) } else { t_string!(i18n, login.submit) }}
                </button>
            </form>
            <p class="hint">{t!(i18n, login.demo_hint)}</p>
            // Owners who came to the front page: their own page, rendered by the server (a
            // full page load, not the staff app's router).
            <p class="owner-entry"><a id="owner-lookup-link" href="/lookup" rel="external">{t!(i18n, login.owner_lookup)}</a></p>
        </section>
    }
}
