//! One ticket: its facts, the receipt with the owner's QR link, the SLA line and the
//! desk's late-arrival prompt, the next steps, and the timeline.

use super::actions::{ActionForm, LateCall, TicketActions};
use super::photos::TicketPhotos;
use super::{refusal_text, uuid};
use crate::i18n::*;
use crate::session::use_session;
use crate::sync::use_sync;
use crate::ticket_text as words;
use crate::tickets;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use steward_domain::Role;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::ChangeOwnerLink;
use steward_domain::ticket::owner::token_hash;
use steward_domain::ticket::query::needs_late_call;
use steward_domain::ticket::sla::SlaState;

/// "On site within 20 minutes": the countdown, or the prompt to call the owner.
fn sla_line(
    i18n: leptos_i18n::I18nContext<Locale>,
    state: Option<SlaState>,
    explained: bool,
) -> Option<impl IntoView> {
    let (class, text) = match state? {
        SlaState::Running { left } => (
            "sla running",
            t_string!(i18n, tickets.sla_running).replace("{min}", &left.num_minutes().max(1).to_string()),
        ),
        SlaState::Paused { .. } => ("sla paused", t_string!(i18n, tickets.sla_paused).to_string()),
        SlaState::Met => ("sla met", t_string!(i18n, tickets.sla_met).to_string()),
        SlaState::Missed { by } => {
            let text = if explained {
                t_string!(i18n, tickets.sla_missed_explained)
            } else {
                t_string!(i18n, tickets.sla_missed)
            };
            ("sla missed", text.replace("{min}", &by.num_minutes().max(1).to_string()))
        }
    };
    Some(view! { <p class=class id="ticket-sla" role="status">{text}</p> })
}

/// A description short enough for a receipt.
fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// The receipt (受理回执) the owner takes away: the property and its hotline, the number (or,
/// offline, the device's own reference), when, where, what, who is responsible, and the QR
/// code to follow it; for the desk, revoking or renewing the link.
#[component]
fn Receipt(id: String, ticket: steward_domain::ticket::record::Ticket, desk: bool) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let session = use_session();
    let me = session.me.get_untracked();
    let property = me.as_ref().map(|m| m.property_name.clone()).unwrap_or_default();
    let hotline = me.map(|m| m.service_hotline).unwrap_or_default();
    let numbered = ticket.number.is_some();
    let number = ticket.number.clone().unwrap_or_else(|| steward_domain::ticket::number::provisional(&id));
    let error = RwSignal::new(None::<String>);
    let token = RwSignal::new(tickets::token_for(&id));
    let id = StoredValue::new(id);
    let change_link = move |reissue: bool| {
        let question = if reissue {
            t_string!(i18n, tickets.link_reissue_confirm)
        } else {
            t_string!(i18n, tickets.link_revoke_confirm)
        };
        if !crate::drafts::confirm(question) {
            return;
        }
        let new_token = reissue.then(tickets::new_owner_token);
        let m = Mutation::ChangeOwnerLink(ChangeOwnerLink {
            ticket_id: id.get_value(),
            event_id: uuid(),
            owner_token_hash: new_token.as_deref().map(token_hash),
        });
        match engine.mutate(m) {
            Ok(()) => {
                tickets::set_token(&id.get_value(), new_token.as_deref());
                token.set(new_token);
            }
            Err(e) => error.set(Some(refusal_text(i18n, e))),
        }
    };
    view! {
        <div class="card receipt" id="receipt">
            <p class="receipt-property" id="receipt-property">{property}</p>
            <h2>{t!(i18n, tickets.receipt)}</h2>
            <p class="receipt-number" id="receipt-number">{number}</p>
            {(!numbered).then(|| view! { <p class="hint" id="receipt-provisional">{t!(i18n, tickets.receipt_provisional)}</p> })}
            <dl class="receipt-facts" id="receipt-facts">
                <dt>{t!(i18n, tickets.received_at)}</dt><dd>{words::short_time(&ticket.created_at)}</dd>
                <dt>{t!(i18n, tickets.unit)}</dt><dd>{ticket.unit.clone()}</dd>
                <dt>{t!(i18n, tickets.kind)}</dt><dd>{words::kind(i18n, ticket.kind)} " · " {words::category(i18n, &ticket.category)}</dd>
                <dt>{t!(i18n, tickets.description)}</dt><dd>{short(&ticket.description)}</dd>
                <dt>{t!(i18n, tickets.first_responsible)}</dt><dd>{ticket.first_responsible_name.clone()}</dd>
                {(!hotline.is_empty()).then(|| view! { <dt>{t!(i18n, tickets.hotline)}</dt><dd id="receipt-hotline">{hotline.clone()}</dd> })}
            </dl>
            {move || match token.get() {
                Some(token) => {
                    let url = tickets::owner_url(&token);
                    view! {
                        <div class="qr" inner_html=tickets::qr_svg(&url)></div>
                        <p class="hint">{t!(i18n, tickets.scan)}</p>
                        <a class="owner-link" href=url.clone()>{url.clone()}</a>
                        <button class="no-print" on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{t!(i18n, tickets.print)}</button>
                    }.into_any()
                }
                None => view! { <p class="hint" id="link-none">{t!(i18n, tickets.link_none)}</p> }.into_any(),
            }}
            {desk.then(|| view! {
                <div class="buttons no-print">
                    <button id="link-reissue" on:click=move |_| change_link(true)>{t!(i18n, tickets.link_reissue)}</button>
                    <button id="link-revoke" on:click=move |_| change_link(false)>{t!(i18n, tickets.link_revoke)}</button>
                </div>
            })}
            {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
        </div>
    }
}

#[component]
pub fn TicketDetail() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let session = use_session();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // Forms live outside the redraw below, so news from sync never wipes them.
    let form = ActionForm::new();
    // Text carried over from a refused change (需处理 → 在记录中继续) lands in the note, once.
    Effect::new(move |previous: Option<String>| {
        let id = id();
        if previous.as_deref() != Some(id.as_str()) {
            form.clear(); // another ticket: start from empty forms
            if let Some(note) = crate::tickets::carried_note(&id) {
                form.carry_note(note);
            }
        }
        id
    });
    // Countdowns move on their own.
    let clock = RwSignal::new(crate::clock::now_utc());
    set_interval(move || clock.set(crate::clock::now_utc()), std::time::Duration::from_secs(15));
    move || {
        let Some(row) = tickets::one(engine, &id()) else {
            return view! { <section class="page"><p>{t!(i18n, tickets.none)}</p></section> }.into_any();
        };
        let t = row.ticket.clone();
        let t_for_sla = t.clone();
        let t_for_late = t.clone();
        let role = session.me.get().map(|m| m.role);
        let desk = role.is_some_and(Role::runs_the_desk);
        let number = t.number.clone().unwrap_or_else(|| {
            format!(
                "{} {}",
                t_string!(i18n, tickets.provisional),
                steward_domain::ticket::number::provisional(&row.id)
            )
        });
        let fees = t.labour_fee + t.material_fee;
        let late_id = row.id.clone();
        view! {
            <section class="page" id="ticket">
                <div class="page-head">
                    <h1 id="ticket-number">{number.clone()}</h1>
                    <span class="status big" id="ticket-status">{words::status(i18n, t.status)}</span>
                    {row.pending.then(|| view! { <span class="tag waiting">{t!(i18n, sync.waiting)}</span> })}
                </div>
                {move || sla_line(i18n, tickets::arrival(&t_for_sla, clock.get()), t_for_sla.late_explained_at.is_some())}
                {move || (desk && needs_late_call(&t_for_late, clock.get())).then(|| view! { <LateCall id=late_id.clone() form /> })}
                <div class="ticket-grid">
                    <dl class="card facts">
                        <dt>{t!(i18n, tickets.kind)}</dt><dd>{words::kind(i18n, t.kind)}{t.scope.map(|s| format!(" · {}", words::scope(i18n, s)))}</dd>
                        <dt>{t!(i18n, tickets.unit)}</dt><dd>{t.unit.clone()}</dd>
                        <dt>{t!(i18n, tickets.reporter)}</dt><dd>{t.reporter.clone()} " " {t.contact_phone.clone()}</dd>
                        <dt>{t!(i18n, tickets.category)}</dt><dd>{words::category(i18n, &t.category)} " · " {words::urgency(i18n, t.urgency)} " · " {words::channel(i18n, t.channel)}</dd>
                        <dt>{t!(i18n, tickets.description)}</dt><dd id="ticket-description-shown">{t.description.clone()}</dd>
                        {(!t.internal_note.is_empty()).then(|| view! { <dt>{t!(i18n, tickets.internal_note)}</dt><dd id="ticket-internal-note-shown">{t.internal_note.clone()}</dd> })}
                        <dt>{t!(i18n, tickets.first_responsible)}</dt><dd>{t.first_responsible_name.clone()}</dd>
                        {t.appointment.clone().map(|a| view! { <dt>{t!(i18n, tickets.appointment)}</dt><dd>{words::short_time(&a)}</dd> })}
                        {t.reply_by.clone().map(|a| view! { <dt>{t!(i18n, tickets.reply_by)}</dt><dd>{words::short_time(&a)}</dd> })}
                        {t.department.map(|d| view! { <dt>{t!(i18n, tickets.department)}</dt><dd>{words::department(i18n, d)}</dd> })}
                        {t.promised_completion.clone().map(|p| view! { <dt>{t!(i18n, tickets.promised)}</dt><dd id="ticket-promised">{words::short_time(&p)}</dd> })}
                        {(fees > 0).then(|| view! { <dt>{t!(i18n, tickets.fees)}</dt><dd id="ticket-fees">{words::yuan(t.labour_fee)} " + " {words::yuan(t.material_fee)}</dd> })}
                        {t.owner_confirmation.clone().map(|n| view! { <dt>{t!(i18n, tickets.owner_confirmation)}</dt><dd>{n} " ✓"</dd> })}
                        {(t.reopen_count > 0).then(|| view! { <dt>{t!(i18n, tickets.reopened)}</dt><dd id="ticket-reopened">{t.reopen_count}</dd> })}
                    </dl>
                    {(desk || tickets::token_for(&row.id).is_some()).then(|| view! { <Receipt id=row.id.clone() ticket=t.clone() desk /> })}
                </div>
                <TicketPhotos id=row.id.clone() ticket=t.clone() role />
                <TicketActions id=row.id.clone() ticket=t.clone() role form />
                <super::supervise::CaseAnalysisCard id=row.id.clone() ticket=t.clone() role />
                <super::supervise::Steer id=row.id.clone() ticket=t.clone() role />
                <h2>{t!(i18n, tickets.timeline)}</h2>
                <ol class="log" id="ticket-timeline">
                    {tickets::timeline(engine, &row.id).into_iter().map(|(e, pending)| {
                        view! {
                            <li class:pending=pending>
                                <div class="log-meta">
                                    <strong>{words::step(i18n, words::step_name(&e.step))}</strong>
                                    <span>{words::step_author(i18n, &e)}</span>
                                    <time>{words::short_time(&e.at)}</time>
                                    {pending.then(|| view! { <span class="tag waiting">{t!(i18n, sync.waiting)}</span> })}
                                </div>
                                {words::step_detail(i18n, &e.step).map(|d| view! { <p class="log-text">{d}</p> })}
                                {e.note.clone().map(|n| view! { <p class="log-text step-note">{t!(i18n, tickets.note)} {move || crate::language::colon(i18n)} {n}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        }
        .into_any()
    }
}
