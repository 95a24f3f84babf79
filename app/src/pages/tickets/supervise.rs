//! The supervisor's and the manager's hand on an open ticket: raise its urgency, hand its
//! 首问责任 to someone else (each with the reason, on the timeline); and a valid complaint's
//! case analysis, which it closes with. The rules are the domain's ([`supervise`]).

use super::{refusal_text, uuid, wire};
use crate::i18n::*;
use crate::sync::use_sync;
use crate::ticket_text as words;
use leptos::prelude::*;
use steward_domain::Role;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{AnalyseComplaint, HandOverTicket, RaiseTicketUrgency};
use steward_domain::ticket::query::is_open;
use steward_domain::ticket::record::Ticket;
use steward_domain::ticket::supervise::{self, steers};
use steward_domain::ticket::{TicketKind, Urgency};

/// Sends `m`; says why if refused, else runs `done`.
fn send(
    i18n: leptos_i18n::I18nContext<Locale>,
    m: Mutation,
    error: RwSignal<Option<String>>,
    done: impl FnOnce(),
) {
    match use_sync().mutate(m) {
        Ok(()) => {
            error.set(None);
            done()
        }
        Err(e) => error.set(Some(refusal_text(i18n, e))),
    }
}

#[component]
pub fn Steer(id: String, ticket: Ticket, role: Option<Role>) -> impl IntoView {
    let i18n = use_i18n();
    if !role.is_some_and(steers) || !is_open(&ticket) {
        return None;
    }
    let id = StoredValue::new(id);
    let error = RwSignal::new(None::<String>);
    let urgency =
        RwSignal::new(if ticket.urgency == Urgency::Major { Urgency::Urgent } else { Urgency::Major });
    let urgency_reason = RwSignal::new(String::new());
    let roster = crate::roster::use_roster();
    let current = ticket.first_responsible;
    let to = RwSignal::new(String::new());
    let hand_reason = RwSignal::new(String::new());
    let raise = move |_| {
        let m = Mutation::RaiseTicketUrgency(RaiseTicketUrgency {
            ticket_id: id.get_value(),
            event_id: uuid(),
            urgency: urgency.get_untracked(),
            reason: urgency_reason.get_untracked(),
        });
        send(i18n, m, error, move || urgency_reason.set(String::new()));
    };
    let hand = move |_| {
        let Some(member) =
            roster.with_untracked(|r| r.iter().find(|m| m.id.to_string() == to.get_untracked()).cloned())
        else {
            error.set(Some(t_string!(i18n, sync.field_first_responsible).to_string()));
            return;
        };
        let m = Mutation::HandOverTicket(HandOverTicket {
            ticket_id: id.get_value(),
            event_id: uuid(),
            to: member.id,
            to_name: member.display_name,
            reason: hand_reason.get_untracked(),
        });
        send(i18n, m, error, move || hand_reason.set(String::new()));
    };
    Some(view! {
        <div class="card no-print" id="ticket-steer">
            <h2>{t!(i18n, supervise.title)}</h2>
            <div class="row">
                <label>{t!(i18n, supervise.urgency)}
                    <select id="steer-urgency" on:change=move |ev| { if let Some(u) = wire(event_target_value(&ev)) { urgency.set(u) } }>
                        {[Urgency::Major, Urgency::Urgent].into_iter().map(|u| view! {
                            <option value=serde_json::to_value(u).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
                                selected=move || urgency.get() == u>{words::urgency(i18n, u)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{t!(i18n, supervise.reason)}<input id="steer-urgency-reason" bind:value=urgency_reason /></label>
                <button id="steer-raise" on:click=raise>{t!(i18n, supervise.raise)}</button>
            </div>
            <div class="row">
                <label>{t!(i18n, supervise.hand_to)}
                    <select id="steer-to" on:change=move |ev| to.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || roster.get().into_iter().filter(|m| m.id != current && m.role != Role::Admin).map(|m| view! {
                            <option value=m.id.to_string()>{m.display_name.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{t!(i18n, supervise.reason)}<input id="steer-hand-reason" bind:value=hand_reason /></label>
                <button id="steer-hand" on:click=hand>{t!(i18n, supervise.hand)}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    })
}

/// A valid complaint's case analysis: shown once recorded; the desk, the supervisor or the
/// manager records it (again, to correct it) while the complaint is open.
#[component]
pub fn CaseAnalysisCard(id: String, ticket: Ticket, role: Option<Role>) -> impl IntoView {
    let i18n = use_i18n();
    if ticket.kind != TicketKind::Complaint || ticket.valid != Some(true) {
        return None;
    }
    let may = role.is_some_and(Role::runs_the_desk) && is_open(&ticket);
    let id = StoredValue::new(id);
    let error = RwSignal::new(None::<String>);
    let had = ticket.case_analysis.clone();
    let (cause, corrective, preventive) = match &had {
        Some(a) => (a.cause.clone(), a.corrective.clone(), a.preventive.clone()),
        None => Default::default(),
    };
    let (cause, corrective, preventive) =
        (RwSignal::new(cause), RwSignal::new(corrective), RwSignal::new(preventive));
    let record = move |_| {
        let m = Mutation::AnalyseComplaint(AnalyseComplaint {
            ticket_id: id.get_value(),
            event_id: uuid(),
            cause: cause.get_untracked(),
            corrective: corrective.get_untracked(),
            preventive: preventive.get_untracked(),
        });
        send(i18n, m, error, || {});
    };
    let needed = supervise::needs_analysis(&ticket);
    Some(view! {
        <div class="card" id="case-analysis">
            <h2>{t!(i18n, supervise.analysis_title)}</h2>
            {needed.then(|| view! { <p class="hint">{t!(i18n, supervise.analysis_needed)}</p> })}
            {(!may).then(|| had.clone().map(|a| view! {
                <dl>
                    <dt>{t!(i18n, supervise.cause)}</dt><dd>{a.cause}</dd>
                    <dt>{t!(i18n, supervise.corrective)}</dt><dd>{a.corrective}</dd>
                    <dt>{t!(i18n, supervise.preventive)}</dt><dd>{a.preventive}</dd>
                </dl>
            }))}
            {may.then(|| view! {
                <label>{t!(i18n, supervise.cause)}<textarea id="analysis-cause" rows="2" bind:value=cause></textarea></label>
                <label>{t!(i18n, supervise.corrective)}<textarea id="analysis-corrective" rows="2" bind:value=corrective></textarea></label>
                <label>{t!(i18n, supervise.preventive)}<textarea id="analysis-preventive" rows="2" bind:value=preventive></textarea></label>
                <button id="analysis-record" class="primary" on:click=record>{t!(i18n, supervise.analysis_record)}</button>
            })}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    })
}
