//! 钥匙事件 at the desk: the open ones with their next steps (each goes into the duty log),
//! flagged when a day has passed without resolving or escalating them.

use super::*;
use steward_domain::keys::incident::{Cause, KeyIncident, Step, needs_escalation, next_steps, unsettled};
use steward_domain::sync::commands::{ActOnKeyIncident, OpenKeyIncident};

pub(super) fn cause_text(i18n: I18nContext<Locale>, c: Cause) -> &'static str {
    match c {
        Cause::Overdue => t_string!(i18n, keys.cause_overdue),
        Cause::ShortReturn => t_string!(i18n, keys.cause_short),
        Cause::Missing => t_string!(i18n, keys.cause_missing),
        Cause::Lost => t_string!(i18n, keys.cause_lost),
        Cause::SealDamaged => t_string!(i18n, keys.cause_seal),
    }
}

fn step_text(i18n: I18nContext<Locale>, s: Step) -> &'static str {
    match s {
        Step::SupervisorInformed => t_string!(i18n, keys.step_supervisor),
        Step::ManagerInformed => t_string!(i18n, keys.step_manager),
        Step::OwnerContacted => t_string!(i18n, keys.step_owner),
        Step::Rekeyed => t_string!(i18n, keys.step_rekeyed),
        Step::LockChanged => t_string!(i18n, keys.step_lock),
        Step::Resolved => t_string!(i18n, keys.step_resolved),
        Step::Escalated => t_string!(i18n, keys.step_escalated),
    }
}

/// Opens an incident about an overdue loan (the handover waits for one).
pub(super) fn open_overdue(
    i18n: I18nContext<Locale>,
    engine: crate::sync::SyncEngine,
    key_id: String,
    loan_id: String,
    error: RwSignal<Option<String>>,
) {
    let m = Mutation::OpenKeyIncident(OpenKeyIncident {
        id: new_id(),
        log_id: new_id(),
        key_id,
        loan_id: Some(loan_id),
        cause: Cause::Overdue,
        note: String::new(),
    });
    send(i18n, engine, m, error);
}

#[component]
pub(super) fn OpenIncidents() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let error = RwSignal::new(None::<String>);
    let open = move || {
        let mut all: Vec<_> =
            engine.typed::<KeyIncident>().into_iter().filter(|(_, i, _)| unsettled(i)).collect();
        all.sort_by(|a, b| a.1.opened_at.cmp(&b.1.opened_at));
        all
    };
    move || {
        let open = open();
        (!open.is_empty()).then(|| view! {
            <h2>{t!(i18n, keys.incidents)}</h2>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <ul class="cards" id="key-incidents">
                {open.into_iter().map(|(id, i, pending)| {
                    let late = needs_escalation(&i, &crate::clock::now());
                    let steps = next_steps(&i);
                    let done: Vec<String> = i
                        .steps
                        .iter()
                        .map(|s| {
                            let note = if s.note.is_empty() { String::new() } else { format!("（{}）", s.note) };
                            format!("{} {}{note}", step_text(i18n, s.step), s.by_name)
                        })
                        .collect();
                    // Each incident its own note: what was done, for this key.
                    let note = RwSignal::new(String::new());
                    view! {
                        <li class="card incident" class:pending=pending class:overdue=late data-tag=i.tag.clone()>
                            <p><strong>{i.tag.clone()}</strong> " · " {i.unit.clone()} " · " {cause_text(i18n, i.cause)}
                                " · " {i.opened_by_name.clone()} " " {crate::ticket_text::short_time(&i.opened_at)}</p>
                            {(!i.note.is_empty()).then(|| view! { <p>{i.note.clone()}</p> })}
                            {(!done.is_empty()).then(|| view! { <p class="hint">{done.join(" → ")}</p> })}
                            {late.then(|| view! { <span class="tag late">{t!(i18n, keys.escalate_now)}</span> })}
                            <label>{t!(i18n, keys.step_note)}<input class="incident-note" bind:value=note /></label>
                            <div class="actions">
                                {steps.into_iter().map(|step| {
                                    let id = id.clone();
                                    let act = move |_| {
                                        let m = Mutation::ActOnKeyIncident(ActOnKeyIncident {
                                            id: id.clone(),
                                            log_id: new_id(),
                                            step,
                                            note: note.get_untracked(),
                                        });
                                        if send(i18n, engine, m, error) {
                                            note.set(String::new());
                                        }
                                    };
                                    view! { <button type="button" class="incident-step" data-step=wire(&step) on:click=act>{step_text(i18n, step)}</button> }
                                }).collect_view()}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })
    }
}
