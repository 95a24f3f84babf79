//! 我的账户: the signed-in person's own settings — for now the PIN they confirm a handover
//! with on a colleague's tablet. The PIN's rules are the domain's (`account::Pin`); the
//! password proves it is them, so a tablet left signed in cannot set one in their name.

use crate::api;
use crate::errors::failure_text;
use crate::i18n::*;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use steward_domain::account::Pin;
use steward_domain::api::SetPin;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let pin_set = move || session.me.get().is_some_and(|m| m.pin_set);
    view! {
        <section class="card" id="account">
            <h1>{t!(i18n, account.title)}</h1>
            {move || session.me.get().is_some_and(|m| m.must_change_password).then(|| view! {
                <p class="error" role="alert" id="must-change-password">{t!(i18n, account.must_change)}</p>
            })}
            <h2>{t!(i18n, account.password_title)}</h2>
            <PasswordForm />
            <h2>{t!(i18n, account.pin_title)}</h2>
            <p class="hint">{t!(i18n, account.pin_intro)}</p>
            <p id="pin-state" class="pill">
                {move || if pin_set() { t_string!(i18n, account.pin_is_set) } else { t_string!(i18n, account.pin_not_set) }}
            </p>
            <PinForm />
        </section>
    }
}

#[component]
fn PinForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let password = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The same rule the server runs, said before anything is sent.
        if let Err(e) = Pin::parse(&pin.get_untracked()) {
            message.set(Some(crate::errors::field_text(i18n)(e.field()).unwrap_or_default()));
            return;
        }
        if pin.get_untracked().trim() != repeat.get_untracked().trim() {
            message.set(Some(t_string!(i18n, account.pin_mismatch).to_string()));
            return;
        }
        busy.set(true);
        let req = SetPin { password: password.get_untracked(), pin: pin.get_untracked() };
        spawn_local(async move {
            match api::set_pin(&req).await {
                Ok(()) => {
                    password.set(String::new());
                    pin.set(String::new());
                    repeat.set(String::new());
                    if let Some(mut me) = session.me.get_untracked() {
                        me.pin_set = true;
                        session.signed_in(me);
                    }
                    message.set(Some(t_string!(i18n, account.pin_saved).to_string()));
                }
                Err(api::ApiFailure::Offline) => {
                    message.set(Some(t_string!(i18n, account.needs_network).to_string()))
                }
                Err(e) if e.code() == Some(steward_domain::ErrorCode::BadCredentials) => {
                    message.set(Some(t_string!(i18n, account.wrong_password).to_string()))
                }
                Err(e) => message.set(Some(failure_text(i18n, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <form id="pin-form" on:submit=submit>
            <label>{t!(i18n, account.password)}<input id="pin-password" type="password" autocomplete="current-password" bind:value=password /></label>
            <label>{t!(i18n, account.new_pin)}<input id="pin-new" type="password" inputmode="numeric" maxlength="6" autocomplete="off" bind:value=pin /></label>
            <label>{t!(i18n, account.repeat_pin)}<input id="pin-repeat" type="password" inputmode="numeric" maxlength="6" autocomplete="off" bind:value=repeat /></label>
            <button class="primary" type="submit" id="pin-save" disabled=move || busy.get()>{t!(i18n, account.save_pin)}</button>
            {move || message.get().map(|m| view! { <p class="hint" id="pin-message" role="status">{m}</p> })}
        </form>
    }
}

/// One's own password: the current one, the new one twice (the domain's length rule).
#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(e) = steward_domain::account::validate_new_password(&new.get_untracked()) {
            message.set(Some((false, crate::errors::field_text(i18n)(e.field()).unwrap_or_default())));
            return;
        }
        if new.get_untracked() != repeat.get_untracked() {
            message.set(Some((false, t_string!(i18n, account.password_mismatch).to_string())));
            return;
        }
        busy.set(true);
        let req = steward_domain::api::ChangePassword {
            current: current.get_untracked(),
            new: new.get_untracked(),
        };
        spawn_local(async move {
            match api::change_password(&req).await {
                Ok(()) => {
                    for s in [current, new, repeat] {
                        s.set(String::new());
                    }
                    if let Some(mut me) = session.me.get_untracked() {
                        // A new password forgets the PIN set with the old one.
                        me.must_change_password = false;
                        me.pin_set = false;
                        session.signed_in(me);
                    }
                    message.set(Some((true, t_string!(i18n, account.password_saved).to_string())));
                }
                Err(api::ApiFailure::Offline) => {
                    message.set(Some((false, t_string!(i18n, account.needs_network).to_string())))
                }
                Err(e) if e.code() == Some(steward_domain::ErrorCode::BadCredentials) => {
                    message.set(Some((false, t_string!(i18n, account.wrong_password).to_string())))
                }
                Err(e) => message.set(Some((false, failure_text(i18n, &e)))),
            }
            busy.set(false);
        });
    };
    view! {
        <form id="password-form" on:submit=submit novalidate>
            <label>{t!(i18n, account.current_password)}<input id="password-current" type="password" autocomplete="current-password" bind:value=current /></label>
            <label>{t!(i18n, account.new_password)}<input id="password-new" type="password" autocomplete="new-password" bind:value=new /></label>
            <label>{t!(i18n, account.repeat_password)}<input id="password-repeat" type="password" autocomplete="new-password" bind:value=repeat /></label>
            <button class="primary" type="submit" id="password-save" disabled=move || busy.get()>{t!(i18n, account.save_password)}</button>
            {move || message.get().map(|(ok, m)| view! { <p class:success=ok class:error=!ok id="password-message" role="status">{m}</p> })}
        </form>
    }
}
