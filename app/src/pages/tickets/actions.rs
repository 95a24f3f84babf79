//! The next steps the signed-in role may take on a ticket, each with the details its rule
//! asks for: the department for a dispatch, fees and the owner's confirmation for work
//! completed in a home, the method of a return visit, the explanation of a late arrival.

use super::{refusal_text, uuid, wire};
use crate::i18n::*;
use crate::sync::use_sync;
use crate::ticket_text as words;
use crate::tickets;
use leptos::prelude::*;
use steward_domain::Role;
use steward_domain::money::parse_yuan;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{
    ActOnTicket, ExplainLateArrival, PauseTicket, RecordTicketPlan, ResumeTicket,
};
use steward_domain::ticket::choices::Choice;
use steward_domain::ticket::lifecycle::{
    Action, PauseOffer, VisitMethod, may_record_plan, needs_owner_confirmation, pause_offer,
};
use steward_domain::ticket::needs_on_site_return_visit;
use steward_domain::ticket::offers::{Offer, offers};
use steward_domain::ticket::query::is_open;
use steward_domain::ticket::record::Ticket;
use steward_domain::ticket::{Department, TicketKind};

/// What the user is typing into a ticket's forms. Made once per ticket page, outside the
/// part that redraws when sync brings news, so a pull never wipes a half-filled form.
#[derive(Clone, Copy)]
pub struct ActionForm {
    error: RwSignal<Option<String>>,
    note: RwSignal<String>,
    department: RwSignal<Department>,
    labour: RwSignal<String>,
    material: RwSignal<String>,
    /// `None` until edited: the reporter's name.
    confirm_name: RwSignal<Option<String>>,
    confirmed: RwSignal<bool>,
    /// `None` until chosen: on site where the rules require it, else by phone.
    method: RwSignal<Option<VisitMethod>>,
    late_explanation: RwSignal<String>,
    late_when: RwSignal<String>,
}

impl ActionForm {
    pub fn new() -> Self {
        ActionForm {
            error: RwSignal::new(None),
            note: RwSignal::new(String::new()),
            department: RwSignal::new(Department::Engineering),
            labour: RwSignal::new(String::new()),
            material: RwSignal::new(String::new()),
            confirm_name: RwSignal::new(None),
            confirmed: RwSignal::new(false),
            method: RwSignal::new(None),
            late_explanation: RwSignal::new(String::new()),
            late_when: RwSignal::new(String::new()),
        }
    }

    /// Starts the note box with text the user wrote before (a refused change).
    pub(super) fn carry_note(&self, text: String) {
        self.note.set(text);
    }

    /// After a step was taken: the next step starts from a clean form.
    pub(super) fn clear(&self) {
        self.error.set(None);
        self.note.set(String::new());
        self.labour.set(String::new());
        self.material.set(String::new());
        self.confirm_name.set(None);
        self.confirmed.set(false);
        self.method.set(None);
        self.late_explanation.set(String::new());
        self.late_when.set(String::new());
    }
}

#[component]
pub fn TicketActions(id: String, ticket: Ticket, role: Option<Role>, form: ActionForm) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let ActionForm { error, note, department, labour, material, confirmed, .. } = form;
    let reporter = ticket.reporter.clone();
    let confirm_name = Signal::derive(move || form.confirm_name.get().unwrap_or_else(|| reporter.clone()));
    let on_site_required =
        ticket.kind.is_work() && needs_on_site_return_visit(&ticket.category, ticket.urgency);
    let default_method = if on_site_required { VisitMethod::OnSite } else { VisitMethod::Phone };
    let method = Signal::derive(move || form.method.get().unwrap_or(default_method));
    let id = StoredValue::new(id);
    // Any change to this ticket: clear the note on success, say why on refusal.
    let change = move |m: Mutation| match engine.mutate(m) {
        Ok(()) => {
            tickets::drop_carried_note(&id.get_value());
            form.clear()
        }
        Err(e) => error.set(Some(refusal_text(i18n, e))),
    };
    // The note box goes with the step: the step's own text for a reply or a return visit,
    // else beside it on its timeline entry (the engineer's completion note).
    let act = move |action: Action| {
        let note = (!action.has_own_text()).then(|| note.get_untracked()).filter(|n| !n.trim().is_empty());
        change(Mutation::ActOnTicket(ActOnTicket {
            ticket_id: id.get_value(),
            event_id: uuid(),
            action,
            note,
        }))
    };
    let complete = move || {
        let (Some(labour_fee), Some(material_fee)) =
            (parse_yuan(&labour.get_untracked()), parse_yuan(&material.get_untracked()))
        else {
            error.set(Some(t_string!(i18n, sync.field_labour_fee).to_string()));
            return;
        };
        let owner_confirmation = confirmed.get_untracked().then(|| confirm_name.get_untracked());
        act(Action::Complete { labour_fee, material_fee, owner_confirmation })
    };
    let offers = role.map(|r| offers(r, &ticket)).unwrap_or_default();
    let desk = role.is_some_and(Role::runs_the_desk);
    let may_plan = role.is_some_and(|r| may_record_plan(r, ticket.escalated)) && is_open(&ticket);
    let paused = ticket.pauses.iter().any(|p| p.until.is_none());
    let pause = role.and_then(|r| pause_offer(r, ticket.status, ticket.on_site_at.is_some(), paused));
    let paid = ticket.kind == TicketKind::PaidService;
    let needs_confirmation = needs_owner_confirmation(ticket.kind, ticket.scope);
    if offers.is_empty() && !desk {
        return None;
    }
    let buttons = offers.into_iter().map(|o| match o {
        Offer::Dispatch => view! {
            <select id="dispatch-department" on:change=move |ev| {
                department.set(Department::from_wire(&event_target_value(&ev)).unwrap_or(Department::Engineering))
            }>
                {Department::ALL.iter().map(|d| view! {
                    <option value=d.wire() selected=move || department.get() == *d>{words::department(i18n, *d)}</option>
                }).collect_view()}
            </select>
            <button id="act-dispatch" class="primary" on:click=move |_| act(Action::Dispatch { department: department.get_untracked() })>
                {t!(i18n, tickets.steps.dispatch)}
            </button>
        }.into_any(),
        Offer::Accept => view! { <button id="act-accept" class="primary" on:click=move |_| act(Action::Accept)>{t!(i18n, tickets.steps.accept)}</button> }.into_any(),
        Offer::ArriveOnSite => view! { <button id="act-arrive" class="primary" on:click=move |_| act(Action::ArriveOnSite)>{t!(i18n, tickets.steps.arrive_on_site)}</button> }.into_any(),
        Offer::Complete => view! {
            <fieldset class="completion" id="completion">
                {paid.then(|| view! {
                    <label>{t!(i18n, tickets.labour_fee)}<input id="labour-fee" inputmode="decimal" autocomplete="off" bind:value=labour /></label>
                    <label>{t!(i18n, tickets.material_fee)}<input id="material-fee" inputmode="decimal" autocomplete="off" bind:value=material /></label>
                })}
                {needs_confirmation.then(|| view! {
                    <label>{t!(i18n, tickets.owner_confirm_name)}<input id="confirm-name" prop:value=confirm_name on:input=move |ev| form.confirm_name.set(Some(event_target_value(&ev))) /></label>
                    <label class="tick"><input id="confirm-tick" type="checkbox" bind:checked=confirmed />{t!(i18n, tickets.owner_confirm_tick)}</label>
                })}
                <button id="act-complete" class="primary" disabled=move || needs_confirmation && !confirmed.get() on:click=move |_| complete()>{t!(i18n, tickets.steps.complete)}</button>
            </fieldset>
        }.into_any(),
        Offer::Answer => view! { <button id="act-answer" on:click=move |_| act(Action::Answer { reply: note.get_untracked() })>{t!(i18n, tickets.steps.answer)}</button> }.into_any(),
        Offer::ReturnVisit => view! {
            <label>{t!(i18n, tickets.method)}
                <select id="visit-method" on:change=move |ev| form.method.set(wire(event_target_value(&ev)))>
                    <option value="on_site" selected=move || method.get() == VisitMethod::OnSite>{words::method(i18n, VisitMethod::OnSite)}</option>
                    <option value="phone" disabled=on_site_required selected=move || method.get() == VisitMethod::Phone>{words::method(i18n, VisitMethod::Phone)}</option>
                </select>
            </label>
            {on_site_required.then(|| view! { <span class="hint">{t!(i18n, tickets.on_site_required)}</span> })}
            <button id="act-satisfied" class="primary" on:click=move |_| act(Action::ReturnVisit { satisfied: true, note: note.get_untracked(), method: method.get_untracked() })>{t!(i18n, tickets.steps.return_visit)} " · " {t!(i18n, tickets.satisfied)}</button>
            <button id="act-unsatisfied" on:click=move |_| act(Action::ReturnVisit { satisfied: false, note: note.get_untracked(), method: method.get_untracked() })>{t!(i18n, tickets.unsatisfied)}</button>
        }.into_any(),
        Offer::Archive => view! { <button id="act-archive" on:click=move |_| act(Action::Archive)>{t!(i18n, tickets.steps.archive)}</button> }.into_any(),
        Offer::Judge => view! {
            <button id="act-valid" on:click=move |_| act(Action::JudgeComplaint { valid: true, explanation: note.get_untracked() })>{t!(i18n, tickets.valid)}</button>
            <button id="act-invalid" on:click=move |_| act(Action::JudgeComplaint { valid: false, explanation: note.get_untracked() })>{t!(i18n, tickets.invalid)}</button>
        }.into_any(),
    }).collect_view();
    Some(view! {
        <div class="card actions no-print" id="ticket-actions">
            <h2>{t!(i18n, tickets.actions)}</h2>
            <input id="ticket-note" placeholder=move || t_string!(i18n, tickets.note) bind:value=note />
            <div class="buttons">{buttons}</div>
            <div class="buttons">
                {may_plan.then(|| view! {
                    <button id="act-plan" on:click=move |_| change(Mutation::RecordTicketPlan(RecordTicketPlan { ticket_id: id.get_value(), event_id: uuid(), plan: note.get_untracked() }))>{t!(i18n, tickets.record_plan)}</button>
                })}
                {pause.map(|offer| if offer == PauseOffer::Resume {
                    view! { <button id="act-resume" on:click=move |_| change(Mutation::ResumeTicket(ResumeTicket { ticket_id: id.get_value(), event_id: uuid() }))>{t!(i18n, tickets.resume)}</button> }.into_any()
                } else {
                    view! { <button id="act-pause" on:click=move |_| change(Mutation::PauseTicket(PauseTicket { ticket_id: id.get_value(), event_id: uuid(), reason: note.get_untracked() }))>{t!(i18n, tickets.pause)}</button> }.into_any()
                })}
            </div>
            {ticket.plan.clone().map(|p| view! { <p class="hint" id="ticket-plan">{t!(i18n, tickets.steps.plan)} ": " {p}</p> })}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    })
}

/// The desk's prompt after a missed arrival: call the owner, record what was said and the
/// new completion time.
#[component]
pub fn LateCall(id: String, form: ActionForm) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let ActionForm { late_explanation: explanation, late_when: when, error, .. } = form;
    let id = StoredValue::new(id);
    let record = move |_| {
        let Some(new_completion) = tickets::from_local_input(&when.get_untracked()) else {
            error.set(Some(t_string!(i18n, sync.field_new_completion).to_string()));
            return;
        };
        let m = Mutation::ExplainLateArrival(ExplainLateArrival {
            ticket_id: id.get_value(),
            event_id: uuid(),
            explanation: explanation.get_untracked(),
            new_completion,
        });
        match engine.mutate(m) {
            Ok(()) => form.clear(),
            Err(e) => error.set(Some(refusal_text(i18n, e))),
        }
    };
    view! {
        <div class="card late-call no-print" id="late-call" role="alert">
            <h2>{t!(i18n, tickets.late_title)}</h2>
            <label>{t!(i18n, tickets.late_explanation)}<input id="late-explanation" bind:value=explanation /></label>
            <label>{t!(i18n, tickets.new_completion)}<input id="late-new-completion" type="datetime-local" bind:value=when /></label>
            <button id="late-record" class="primary" on:click=record>{t!(i18n, tickets.late_record)}</button>
            {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
        </div>
    }
}
