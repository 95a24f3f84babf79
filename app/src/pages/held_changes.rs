//! On the supervisor's dashboard: what disabled accounts' devices had not sent, handed in
//! by the next person to sign in there. Each is applied in the supervisor's name (the rules
//! may still refuse it, said in words) or set aside with the reason.

use crate::api::{self, ApiFailure};
use crate::i18n::*;
use crate::sync_text::{mutation_text, rejection_text, step_text};
use crate::ticket_text::short_time;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use steward_domain::ErrorCode;
use steward_domain::api::{HeldChange, ResolveHeld};
use steward_domain::field::Field;
use steward_domain::sync::RejectionCode;

/// Why the rules refused a held change, as a refusal on the device reads.
fn refused_text(i18n: I18nContext<Locale>, f: &ApiFailure) -> String {
    let ApiFailure::Refused(d) = f else { return crate::errors::failure_text(i18n, f) };
    let code = match d.code {
        ErrorCode::Invalid => RejectionCode::Invalid,
        ErrorCode::NotFound => RejectionCode::NotFound,
        ErrorCode::Forbidden => RejectionCode::Forbidden,
        ErrorCode::Conflict => RejectionCode::Conflict,
        _ => return crate::errors::failure_text(i18n, f),
    };
    rejection_text(i18n, Some(code), d.field.as_deref().map(Field::from_name))
}

#[component]
pub fn HeldChanges() -> impl IntoView {
    let i18n = use_i18n();
    let engine = crate::sync::use_sync();
    // Read again when this browser hands some in (right after a sign-in, say).
    let held = LocalResource::new(move || {
        engine.handed_in.track();
        api::held_changes()
    });
    let message = RwSignal::new(None::<(bool, String)>);
    let resolve = move |c: HeldChange, apply: bool, note: String| {
        spawn_local(async move {
            match api::resolve_held(&c.client_id, c.mutation_id, &ResolveHeld { apply, note }).await {
                Ok(()) => {
                    let done = if apply {
                        t_string!(i18n, sync.held_applied)
                    } else {
                        t_string!(i18n, sync.held_set_aside_done)
                    };
                    message.set(Some((true, done.to_string())));
                    held.refetch();
                }
                Err(f) => message.set(Some((false, refused_text(i18n, &f)))),
            }
        });
    };
    move || {
        let list = held.get().and_then(Result::ok).unwrap_or_default();
        (!list.is_empty() || message.get().is_some()).then(|| view! {
            <section class="card alert" id="held-changes">
                <h2>{t!(i18n, sync.held_title)}</h2>
                <p class="hint">{t!(i18n, sync.held_intro)}</p>
                {move || message.get().map(|(ok, text)| view! {
                    <p class=if ok { "success" } else { "error" } role="status" id="held-message">{text}</p>
                })}
                <ul>
                    {list.into_iter().map(|c| {
                        let reason = RwSignal::new(String::new());
                        let (for_apply, for_set_aside) = (c.clone(), c.clone());
                        let step = step_text(i18n, &c.mutation);
                        view! {
                            <li class="held-change" data-mutation=c.mutation_id.to_string()>
                                <p>
                                    <strong>{mutation_text(i18n, &c.mutation)}</strong>
                                    {(!step.is_empty()).then(|| view! { " · " {step} })}
                                </p>
                                <p class="hint">
                                    {t_string!(i18n, sync.held_by)
                                        .replace("{author}", &c.author_name)
                                        .replace("{by}", &c.handed_in_by_name)
                                        .replace("{at}", &short_time(c.handed_in_at.as_str()))}
                                </p>
                                <div class="actions">
                                    <button type="button" class="primary held-apply" on:click=move |_| resolve(for_apply.clone(), true, String::new())>
                                        {t!(i18n, sync.held_apply)}
                                    </button>
                                    <label>{t!(i18n, sync.held_reason)}<input class="held-reason" bind:value=reason /></label>
                                    <button type="button" class="held-set-aside" on:click=move |_| {
                                        if reason.get_untracked().trim().is_empty() {
                                            message.set(Some((false, t_string!(i18n, sync.held_reason_needed).to_string())));
                                        } else {
                                            resolve(for_set_aside.clone(), false, reason.get_untracked());
                                        }
                                    }>
                                        {t!(i18n, sync.held_set_aside)}
                                    </button>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}
