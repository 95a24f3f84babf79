//! Staff accounts (admin): the list, and a form that checks the same `domain` rules as
//! the server before sending.

use crate::api;
use crate::errors::{failure_text, field_text};
use crate::i18n::*;
use crate::layout::role_name;
use leptos::prelude::*;
use leptos::task::spawn_local;
use steward_domain::Role;
use steward_domain::account::{Username, validate_display_name, validate_new_password};
use steward_domain::api::CreateUser;

fn check(form: &CreateUser) -> Result<(), &'static str> {
    Username::parse(&form.username).map_err(|e| e.field())?;
    validate_display_name(&form.display_name).map_err(|e| e.field())?;
    validate_new_password(&form.password).map_err(|e| e.field())?;
    Ok(())
}

#[component]
pub fn AdminUsers() -> impl IntoView {
    let i18n = use_i18n();
    let users = LocalResource::new(api::users);
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Receptionist.as_str().to_string());
    let password = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    // What the last change to an account did: kept above the list, which is fetched again.
    let changed = RwSignal::new(None::<(bool, String)>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = CreateUser {
            username: username.get_untracked(),
            display_name: display_name.get_untracked(),
            role: Role::parse(&role.get_untracked()).unwrap_or(Role::Receptionist),
            password: password.get_untracked(),
        };
        if let Err(field) = check(&form) {
            message.set(field_text(i18n)(field).map(|m| (false, m)));
            return;
        }
        spawn_local(async move {
            match api::create_user(&form).await {
                Ok(_) => {
                    message.set(Some((true, t_string!(i18n, users.created).to_string())));
                    username.set(String::new());
                    display_name.set(String::new());
                    password.set(String::new());
                    users.refetch();
                }
                Err(f) => message.set(Some((false, failure_text(i18n, &f)))),
            }
        });
    };

    view! {
        <section class="page" id="admin-users">
            <h1>{t!(i18n, users.title)}</h1>
            <form class="card inline-form" on:submit=submit novalidate>
                <h2>{t!(i18n, users.create)}</h2>
                <label>{t!(i18n, users.username)}<input id="new-username" autocapitalize="none" bind:value=username /></label>
                <label>{t!(i18n, users.display_name)}<input id="new-display-name" bind:value=display_name /></label>
                <label>
                    {t!(i18n, users.role)}
                    <select id="new-role" on:change=move |ev| role.set(event_target_value(&ev))>
                        {Role::ALL
                            .into_iter()
                            .map(|r| view! {
                                <option value=r.as_str() selected=move || role.get() == r.as_str()>
                                    {move || role_name(i18n, r)}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>{t!(i18n, users.password)}<input id="new-password" type="password" autocomplete="new-password" bind:value=password /></label>
                <button type="submit" class="primary">{t!(i18n, users.create)}</button>
                {move || message.get().map(|(ok, text)| view! {
                    <p class=if ok { "success" } else { "error" } role="status">{text}</p>
                })}
            </form>
            {move || changed.get().map(|(ok, text)| view! {
                <p class=if ok { "success" } else { "error" } role="status" id="account-change-message">{text}</p>
            })}
            <table class="list">
                <thead>
                    <tr>
                        <th>{t!(i18n, users.username)}</th>
                        <th>{t!(i18n, users.display_name)}</th>
                        <th>{t!(i18n, users.role)}</th>
                        <th>{t!(i18n, users.active)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || match users.get() {
                        None => ().into_any(),
                        Some(Err(f)) => view! { <tr><td colspan="4" class="error">{failure_text(i18n, &f)}</td></tr> }.into_any(),
                        Some(Ok(list)) => list
                            .into_iter()
                            .map(|u| view! {
                                <tr data-username=u.username.clone()>
                                    <td>{u.username.clone()}</td>
                                    <td>{u.display_name}</td>
                                    <td>{move || role_name(i18n, u.role)}</td>
                                    <td>{move || if u.active { t_string!(i18n, users.enabled) } else { t_string!(i18n, users.disabled) }}</td>
                                    <td><button class="sign-out-everywhere" on:click=move |_| {
                                        if crate::drafts::confirm(t_string!(i18n, users.sign_out_confirm)) {
                                            leptos::task::spawn_local(async move { let _ = api::logout_user_everywhere(u.id).await; });
                                        }
                                    }>{t!(i18n, users.sign_out_everywhere)}</button>
                                    <AccountActions id=u.id username=u.username.clone() role=u.role active=u.active status=changed done=Callback::new(move |_| users.refetch()) /></td>
                                </tr>
                            })
                            .collect_view()
                            .into_any(),
                    }}
                </tbody>
            </table>
        </section>
    }
}

/// The admin's changes to one account: enable or disable it, change its role, or set a
/// password the person replaces at their next sign-in. Each ends the account's sessions.
#[component]
fn AccountActions(
    id: i64,
    username: String,
    role: Role,
    active: bool,
    status: RwSignal<Option<(bool, String)>>,
    done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let new_role = RwSignal::new(role.as_str().to_string());
    let reset = RwSignal::new(String::new());
    let message = status;
    let who = StoredValue::new(username);
    let send = move |req: steward_domain::api::UpdateUser| {
        spawn_local(async move {
            match api::update_user(id, &req).await {
                Ok(_) => {
                    message.set(Some((
                        true,
                        format!(
                            "{}{}{}",
                            who.get_value(),
                            crate::language::colon(i18n),
                            t_string!(i18n, users.changed)
                        ),
                    )));
                    done.run(());
                }
                Err(f) => message.set(Some((false, failure_text(i18n, &f)))),
            }
        });
    };
    view! {
        <details class="account-actions" data-user=id>
            <summary>{t!(i18n, users.change)}</summary>
            <button type="button" class="toggle-active" on:click=move |_| {
                let question = if active { t_string!(i18n, users.disable_confirm) } else { t_string!(i18n, users.enable_confirm) };
                if crate::drafts::confirm(question) {
                    send(steward_domain::api::UpdateUser { active: Some(!active), ..Default::default() });
                }
            }>{if active { t_string!(i18n, users.disable) } else { t_string!(i18n, users.enable) }}</button>
            <label>{t!(i18n, users.role)}
                <select class="change-role" on:change=move |ev| new_role.set(event_target_value(&ev))>
                    {Role::ALL.into_iter().map(|r| view! {
                        <option value=r.as_str() selected=move || new_role.get() == r.as_str()>{move || role_name(i18n, r)}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="button" class="save-role" on:click=move |_| {
                if let Some(r) = Role::parse(&new_role.get_untracked()).filter(|r| *r != role) {
                    send(steward_domain::api::UpdateUser { role: Some(r), ..Default::default() });
                }
            }>{t!(i18n, users.save_role)}</button>
            <label>{t!(i18n, users.reset_password)}<input class="reset-password" type="password" autocomplete="new-password" bind:value=reset /></label>
            <button type="button" class="save-reset" on:click=move |_| {
                let p = reset.get_untracked();
                if let Err(e) = validate_new_password(&p) {
                    message.set(field_text(i18n)(e.field()).map(|m| (false, m)));
                    return;
                }
                reset.set(String::new());
                send(steward_domain::api::UpdateUser { reset_password: Some(p), ..Default::default() });
            }>{t!(i18n, users.save_reset)}</button>
        </details>
    }
}
