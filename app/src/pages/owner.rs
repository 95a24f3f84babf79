//! The owner's status page: opened from the receipt's QR code, no account, no app.

use crate::api::{self, ApiFailure};
use crate::errors::failure_text;
use crate::i18n::*;
use crate::ticket_text as words;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use steward_domain::ticket::owner::{OwnerRating, OwnerView};

#[component]
pub fn OwnerStatus() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let view_signal = RwSignal::new(None::<Result<OwnerView, ApiFailure>>);
    let comment = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    Effect::new(move |_| {
        let token = token();
        spawn_local(async move { view_signal.set(Some(api::owner_ticket(&token).await)) });
    });
    let rate = move |satisfied: bool| {
        let token = token();
        let rating = OwnerRating { satisfied, comment: comment.get_untracked() };
        spawn_local(async move {
            match api::owner_rate(&token, &rating).await {
                Ok(v) => {
                    view_signal.set(Some(Ok(v)));
                    message.set(Some((true, t_string!(i18n, tickets.owner_thanks).to_string())));
                }
                Err(f) => message.set(Some((false, failure_text(i18n, &f)))),
            }
        });
    };
    view! {
        <section class="page narrow" id="owner">
            <h1>{t!(i18n, tickets.owner_title)}</h1>
            {move || match view_signal.get() {
                None => ().into_any(),
                Some(Err(ApiFailure::Refused(_))) => view! { <p class="error">{t!(i18n, tickets.owner_not_found)}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="error">{failure_text(i18n, &f)}</p> }.into_any(),
                Some(Ok(v)) => view! {
                    <div class="card">
                        <p class="receipt-number" id="owner-number">{v.number.clone().unwrap_or_default()}</p>
                        <p><strong id="owner-status">{words::status(i18n, v.status)}</strong> " · " {words::kind(i18n, v.kind)} " · " {v.unit.clone()}</p>
                        <p>{v.description.clone()}</p>
                        {v.appointment.clone().map(|a| view! { <p>{t!(i18n, tickets.appointment)} ": " {words::short_time(&a)}</p> })}
                        {v.promised_completion.clone().map(|a| view! { <p id="owner-promised">{t!(i18n, tickets.promised)} ": " {words::short_time(&a)}</p> })}
                        {(v.labour_fee + v.material_fee > 0).then(|| view! { <p id="owner-fees">{t!(i18n, tickets.fees)} ": " {words::yuan(v.labour_fee)} " + " {words::yuan(v.material_fee)}</p> })}
                        <p class="hint">{t!(i18n, tickets.first_responsible)} ": " {move || crate::layout::role_name(i18n, v.responsible_role)} " " {v.responsible_name.clone()}</p>
                    </div>
                    <ol class="log" id="owner-timeline">
                        {v.timeline.iter().map(|s| view! {
                            <li>
                                <div class="log-meta">
                                    <strong>{words::step(i18n, &s.step)}</strong>
                                    <span>{words::status(i18n, s.status)}</span>
                                    <time>{words::short_time(&s.at)}</time>
                                    {s.by_owner.then(|| view! { <span class="tag">{t!(i18n, tickets.by_owner)}</span> })}
                                </div>
                                {s.note.clone().map(|n| view! { <p class="log-text">{n}</p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                    <Show when={let can = v.can_rate; move || can}>
                        <div class="card" id="owner-rating">
                            <h2>{t!(i18n, tickets.owner_rate)}</h2>
                            <label>{t!(i18n, tickets.owner_comment)}
                                <textarea id="owner-comment" rows="2" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                            </label>
                            <div class="buttons">
                                <button id="owner-satisfied" class="primary" on:click=move |_| rate(true)>{t!(i18n, tickets.satisfied)}</button>
                                <button id="owner-unsatisfied" on:click=move |_| rate(false)>{t!(i18n, tickets.unsatisfied)}</button>
                            </div>
                        </div>
                    </Show>
                }.into_any(),
            }}
            {move || message.get().map(|(ok, text)| view! { <p class=if ok { "success" } else { "error" } role="status" id="owner-message">{text}</p> })}
        </section>
    }
}
