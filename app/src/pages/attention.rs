//! 需处理: changes the server refused. Each was undone on this device; the entry says what
//! was refused (the record, the step, the words the user typed), why (from the server's
//! code and field), links to the record, and offers a way forward: edit the text and send
//! again, carry the text into a new step on the record, or discard it after a confirmation.

use crate::i18n::*;
use crate::sync::use_sync;
use crate::sync_text::{mutation_text, refusal_reason, step_text};
use leptos::prelude::*;
use steward_domain::sync::commands::CreateTicket;
use steward_domain::sync::{Kind, Mutation};
use steward_domain::ticket::record::Ticket;

/// Where the refused change's record is shown, and how it is called there. A refused new
/// ticket has no record: it goes on in a new intake form.
fn record_link(engine: crate::sync::SyncEngine, m: &Mutation) -> Option<(String, String)> {
    let id = m.record_id().to_string();
    if matches!(m, Mutation::CreateTicket(_)) {
        return Some(("/tickets/new".into(), String::new()));
    }
    if matches!(m, Mutation::IssueReleaseSlip(_)) {
        return Some(("/release".into(), String::new()));
    }
    match m.kind() {
        Kind::Ticket => {
            let name = engine
                .record(Kind::Ticket, &id)
                .and_then(|r| serde_json::from_value::<Ticket>(r.body).ok())
                .map(|t| match t.number {
                    Some(n) => format!("{n} · {}", t.unit),
                    None => format!("{} · {}", steward_domain::ticket::number::provisional(&id), t.unit),
                })
                .unwrap_or_default();
            Some((format!("/tickets/{id}"), name))
        }
        Kind::Decoration => Some((format!("/decorations/{id}"), String::new())),
        _ => None,
    }
}

/// An entry's identity: the change itself (two refused changes are never the same change).
/// The refused change and, where it has one, its step ("工单：3栋-1502 · 派单"); no dangling
/// separator when it has none.
fn what(i18n: leptos_i18n::I18nContext<Locale>, m: &Mutation) -> String {
    match step_text(i18n, m) {
        step if step.is_empty() => mutation_text(i18n, m),
        step => format!("{} · {step}", mutation_text(i18n, m)),
    }
}

fn key_of(m: &Mutation) -> String {
    serde_json::to_string(m).unwrap_or_default()
}

#[component]
pub fn Attention() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="page" id="attention">
            <h1>{t!(i18n, sync.attention_title)}</h1>
            <p class="intro">{t!(i18n, sync.attention_intro)}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <ul class="attention">
                <Show
                    when=move || !engine.needs_attention().is_empty()
                    fallback=move || view! { <li class="empty">{t!(i18n, sync.attention_empty)}</li> }
                >
                    // Keyed: news from the server redraws nothing of an entry that is still
                    // there, so what is typed or being asked in it stays.
                    <For each=move || engine.needs_attention() key=|item| key_of(&item.mutation) let(item)>
                        <Entry item=item error=error />
                    </For>
                </Show>
            </ul>
        </section>
    }
}

#[component]
fn Entry(item: steward_sync::NeedsAttention, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let key = key_of(&item.mutation);
    // Acted on by what it is, not where it was drawn: the list may have changed since.
    let position =
        move |key: &str| untrack(|| engine.needs_attention()).iter().position(|i| key_of(&i.mutation) == key);
    let link = record_link(engine, &item.mutation);
    let typed = item.mutation.typed().map(|(_, t)| t.to_string());
    let text = RwSignal::new(typed.clone().unwrap_or_default());
    let asking = RwSignal::new(false);
    let resend_key = key.clone();
    let discard_key = StoredValue::new(key);
    // The reason reads the record as it is now (its status may move after the refusal).
    let why = {
        let item = item.clone();
        move || refusal_reason(i18n, engine, &item)
    };
    let carry = link.clone().filter(|_| typed.is_some());
    let refused_ticket = match &item.mutation {
        Mutation::CreateTicket(CreateTicket { ticket, .. }) => Some(ticket.clone()),
        _ => None,
    };
    let refused_slip = match &item.mutation {
        Mutation::IssueReleaseSlip(i) => Some(i.slip.clone()),
        _ => None,
    };
    let slip_facts = refused_slip.as_ref().map(|s| slip_summary(i18n, s));
    view! {
        <li class="card attention-item">
            <div class="page-head">
                <strong class="attention-what">{what(i18n, &item.mutation)}</strong>
                {link.clone().filter(|_| refused_ticket.is_none() && refused_slip.is_none()).map(|(href, name)| view! { <a class="attention-record" href=href rel="external">{if name.is_empty() { t_string!(i18n, sync.open_record).to_string() } else { name }}</a> })}
            </div>
            <p class="error attention-why">{why}</p>
            {slip_facts.map(|facts| view! { <p class="attention-typed">{t!(i18n, sync.you_wrote)} " " {facts}</p> })}
            {typed.is_some().then(|| view! {
                <label>{t!(i18n, sync.you_wrote)}
                    <textarea class="attention-text" rows="2" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
            })}
            <div class="buttons">
                <button class="primary attention-resend" on:click=move |_| {
                    let edited = typed.is_some().then(|| text.get_untracked());
                    let key = resend_key.clone();
                    // After the click's own handling: the list redraws
                    // without this entry, and nothing of it is touched then.
                    leptos::task::spawn_local(async move {
                        error.set(None);
                        // Checked by the rules here first, as any change (they may still be coming).
                        if !engine.rules_here().await {
                            error.set(Some(t_string!(i18n, sync.not_ready).to_string()));
                            return;
                        }
                        let Some(index) = position(&key) else { return };
                        if let Err(r) = engine.resend(index, edited.as_deref()) {
                            error.set(Some(crate::sync_text::rejection_text(i18n, Some(r.code), r.field)));
                        }
                    });
                }>{move || if text.get().is_empty() { t_string!(i18n, sync.resend) } else { t_string!(i18n, sync.resend_edited) }}</button>
                {refused_slip.clone().map(|slip| view! {
                    <a class="button attention-carry" rel="external" href="/release"
                        on:click=move |_| crate::pages::release::draft_from(&slip)>
                        {t!(i18n, sync.carry_slip)}
                    </a>
                })}
                {carry.map(|(href, _)| match refused_ticket.clone() {
                    // A new ticket goes on as a new intake, every field filled in.
                    Some(mut ticket) => view! {
                        <a class="button attention-carry" rel="external" href=href
                            on:click=move |_| {
                                ticket.description = text.get_untracked();
                                crate::pages::tickets::draft_from(&ticket);
                            }>
                            {t!(i18n, sync.carry)}
                        </a>
                    }.into_any(),
                    None => {
                        let record = item.mutation.record_id().to_string();
                        view! {
                            <a class="button attention-carry" rel="external" href=href
                                on:click=move |_| crate::tickets::carry_note(&record, &text.get_untracked())>
                                {t!(i18n, sync.carry)}
                            </a>
                        }.into_any()
                    }
                })}
                // Asked on the page, in the app's words (no browser dialog).
                <Show when=move || !asking.get()>
                    <button class="attention-discard" on:click=move |_| asking.set(true)>{t!(i18n, sync.discard)}</button>
                </Show>
            </div>
            <Show when=move || asking.get()>
                <div class="warning attention-confirm" role="alertdialog">
                    <p>{t!(i18n, sync.discard_confirm)}</p>
                    <button class="attention-discard-yes" on:click=move |_| {
                        let key = discard_key.get_value();
                        leptos::task::spawn_local(async move {
                            if let Some(index) = position(&key) {
                                engine.discard(index)
                            }
                        });
                    }>{t!(i18n, sync.discard)}</button>
                    <button class="attention-discard-no" on:click=move |_| asking.set(false)>{t!(i18n, sync.keep)}</button>
                </div>
            </Show>
        </li>
    }
}

/// What the desk typed on a refused slip: unit, applicant, goods, days.
fn slip_summary(
    i18n: leptos_i18n::I18nContext<Locale>,
    s: &steward_domain::release::commands::NewSlip,
) -> String {
    use steward_domain::release::issue::Applicant;
    let who = match &s.applicant {
        Applicant::Owner { name } => format!("{name}（{}）", t_string!(i18n, release.applicant_owner)),
        Applicant::Authorised { name, .. } => {
            format!("{name}（{}）", t_string!(i18n, release.applicant_authorised))
        }
    };
    let goods = s
        .items
        .iter()
        .map(|i| format!("{}×{}", i.name, i.quantity))
        .collect::<Vec<_>>()
        .join(crate::language::list_sep(i18n));
    let days = if s.from == s.until { s.from.to_string() } else { format!("{} – {}", s.from, s.until) };
    let plate = s.plate.as_ref().map(|p| format!(" · {p}")).unwrap_or_default();
    format!("{} · {who} · {goods}{plate} · {days}", s.unit)
}
