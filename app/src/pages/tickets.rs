//! Tickets at the desk and on the departments' phones: the list, the intake form, and a
//! ticket with its receipt, timeline and the next steps the signed-in role may take.

use crate::i18n::*;
use crate::session::use_session;
use crate::sync::engine::MutateError;
use crate::sync::use_sync;
use crate::sync_text::rejection_text;
use crate::ticket_text as words;
use crate::tickets::{self, Offer};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use steward_domain::sync::Mutation;
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::lifecycle::Action;
use steward_domain::ticket::owner::token_hash;
use steward_domain::ticket::query::Filter;
use steward_domain::ticket::sla::SlaState;
use steward_domain::ticket::{Channel, Department, RepairScope, TicketKind, Urgency};

/// The kinds in the order the desk meets them, with their wire names.
const KINDS: [(&str, TicketKind); 7] = [
    ("repair", TicketKind::Repair),
    ("complaint", TicketKind::Complaint),
    ("paid_service", TicketKind::PaidService),
    ("inquiry", TicketKind::Inquiry),
    ("suggestion", TicketKind::Suggestion),
    ("help", TicketKind::Help),
    ("emergency", TicketKind::Emergency),
];

/// A select's value (the wire name) as the domain type.
fn wire<T: serde::de::DeserializeOwned>(s: String) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s)).ok()
}

const DEPARTMENTS: [(&str, Department); 5] = [
    ("engineering", Department::Engineering),
    ("security", Department::Security),
    ("cleaning", Department::Cleaning),
    ("landscaping", Department::Landscaping),
    ("customer_service", Department::CustomerService),
];

fn uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The list's filters, as chips.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ListFilter {
    Open,
    Mine,
    Overdue,
    ReturnVisit,
    NeedsPlan,
    /// The signed-in staff member's department's open tickets (engineering, security).
    MyDepartment,
}

impl ListFilter {
    fn domain(self, user_id: i64, role: Option<steward_domain::Role>) -> Filter {
        match self {
            ListFilter::Open => Filter::Open,
            ListFilter::Mine => Filter::Mine(user_id),
            ListFilter::Overdue => Filter::Overdue,
            ListFilter::ReturnVisit => Filter::ReturnVisit,
            ListFilter::NeedsPlan => Filter::NeedsPlan,
            ListFilter::MyDepartment => match role.and_then(steward_domain::ticket::Department::of_role) {
                Some(d) => Filter::Department(d),
                None => Filter::Open,
            },
        }
    }
}

#[component]
pub fn TicketList(#[prop(optional)] initial: Option<ListFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let session = use_session();
    let department_chip = move || {
        session
            .me
            .get_untracked()
            .is_some_and(|m| steward_domain::ticket::Department::of_role(m.role).is_some())
    };
    // A department's staff start from their own queue.
    let start =
        initial.unwrap_or(if department_chip() { ListFilter::MyDepartment } else { ListFilter::Open });
    let filter = RwSignal::new(start);
    let query = RwSignal::new(String::new());
    let chip = move |f: ListFilter, id: &'static str, label: &'static str| {
        view! {
            <button id=id class="chip" class:active=move || filter.get() == f on:click=move |_| filter.set(f)>{label}</button>
        }
    };
    let may_take = move || session.me.get().is_some_and(|m| m.role.takes_tickets());
    view! {
        <section class="page" id="tickets">
            <div class="page-head">
                <h1>{t!(i18n, tickets.list_open)}</h1>
                <Show when=may_take><A href="/tickets/new" attr:class="button primary" attr:id="new-ticket">{t!(i18n, tickets.new)}</A></Show>
            </div>
            <div class="chips">
                {move || view! {
                    {department_chip().then(|| chip(ListFilter::MyDepartment, "filter-department", t_string!(i18n, tickets.filter_department)))}
                    {chip(ListFilter::Open, "filter-open", t_string!(i18n, tickets.filter_open))}
                    {chip(ListFilter::Mine, "filter-mine", t_string!(i18n, tickets.filter_mine))}
                    {chip(ListFilter::Overdue, "filter-overdue", t_string!(i18n, tickets.filter_overdue))}
                    {chip(ListFilter::ReturnVisit, "filter-return", t_string!(i18n, tickets.filter_return))}
                    {chip(ListFilter::NeedsPlan, "filter-plan", t_string!(i18n, tickets.filter_plan))}
                }}
                <input id="ticket-search" type="search" placeholder=move || t_string!(i18n, tickets.search) bind:value=query />
            </div>
            <table class="list" id="ticket-list">
                <thead><tr>
                    <th>"#"</th><th>{t!(i18n, tickets.kind)}</th><th>{t!(i18n, tickets.unit)}</th>
                    <th>{t!(i18n, tickets.description)}</th><th>{t!(i18n, tickets.status)}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let me = session.me.get();
                        let user = me.as_ref().map(|m| m.user_id).unwrap_or_default();
                        tickets::listed(engine, &filter.get().domain(user, me.map(|m| m.role)), &query.get())
                    }.into_iter().map(|row| {
                        let href = format!("/tickets/{}", row.id);
                        let t = row.ticket;
                        view! {
                            <tr class:pending=row.pending>
                                <td><A href=href>{t.number.clone().unwrap_or_else(|| t_string!(i18n, tickets.provisional).to_string())}</A></td>
                                <td>{words::kind(i18n, t.kind)}{t.escalated.then(|| view! { " " <span class="tag urgent">{words::urgency(i18n, t.urgency)}</span> })}</td>
                                <td>{t.unit.clone()}</td>
                                <td class="clip">{t.description.clone()}</td>
                                <td><span class="status">{words::status(i18n, t.status)}</span>
                                    {row.pending.then(|| view! { " " <span class="tag waiting">{t!(i18n, sync.waiting)}</span> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
pub fn Intake() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let navigate = use_navigate();
    let kind = RwSignal::new("repair".to_string());
    let scope = RwSignal::new("in_home".to_string());
    let unit = RwSignal::new(String::new());
    let reporter = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let category = RwSignal::new("水路".to_string());
    let urgency = RwSignal::new("normal".to_string());
    let channel = RwSignal::new("walk_in".to_string());
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind: TicketKind = wire(kind.get_untracked()).unwrap_or(TicketKind::Repair);
        let token = tickets::new_owner_token();
        let ticket = NewTicket {
            kind,
            scope: (kind == TicketKind::Repair)
                .then(|| wire(scope.get_untracked()).unwrap_or(RepairScope::InHome)),
            unit: unit.get_untracked(),
            reporter: reporter.get_untracked(),
            contact_phone: phone.get_untracked(),
            category: category.get_untracked(),
            urgency: wire(urgency.get_untracked()).unwrap_or(Urgency::Normal),
            channel: wire(channel.get_untracked()).unwrap_or(Channel::WalkIn),
            description: description.get_untracked(),
            reply_by: None,
            appointment: None,
            owner_token_hash: Some(token_hash(&token)),
        };
        let id = uuid();
        match engine.mutate(Mutation::CreateTicket { id: id.clone(), event_id: uuid(), ticket }) {
            Ok(()) => {
                tickets::remember_token(&id, &token);
                navigate(&format!("/tickets/{id}"), Default::default());
            }
            Err(MutateError::Rejected(r)) => error.set(Some(format!(
                "{} ({})",
                rejection_text(i18n, Some(r.code), None),
                r.field.unwrap_or_default()
            ))),
            Err(MutateError::NotReady) => error.set(Some(t_string!(i18n, sync.not_ready).to_string())),
        }
    };
    let select = move |id: &'static str,
                       signal: RwSignal<String>,
                       options: Vec<(&'static str, &'static str)>| {
        view! {
            <select id=id on:change=move |ev| signal.set(event_target_value(&ev))>
                {options.into_iter().map(|(v, label)| view! { <option value=v selected=move || signal.get() == v>{label}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <section class="page" id="intake">
            <h1>{t!(i18n, tickets.new)}</h1>
            <form class="card form-grid" on:submit=submit novalidate>
                <label>{t!(i18n, tickets.kind)}
                    {move || select("ticket-kind", kind, KINDS.iter().map(|(v, k)| (*v, words::kind(i18n, *k))).collect())}
                </label>
                <Show when=move || kind.get() == "repair">
                    <label>{t!(i18n, tickets.scope)}
                        {move || select("ticket-scope", scope, vec![("in_home", words::scope(i18n, RepairScope::InHome)), ("public", words::scope(i18n, RepairScope::Public))])}
                    </label>
                </Show>
                <label>{t!(i18n, tickets.unit)}<input id="ticket-unit" placeholder="3栋-1502" bind:value=unit /></label>
                <label>{t!(i18n, tickets.reporter)}<input id="ticket-reporter" bind:value=reporter /></label>
                <label>{t!(i18n, tickets.phone)}<input id="ticket-phone" type="tel" inputmode="tel" bind:value=phone /></label>
                <label>{t!(i18n, tickets.category)}<input id="ticket-category" list="categories" bind:value=category /></label>
                <datalist id="categories">
                    {["水路", "电路", "门窗", "电梯", "公共照明", "排水/堵塞", "墙面/空鼓", "防水/渗水", "门禁/对讲", "消防设施", "服务态度", "噪音", "卫生", "安全", "停车", "装修扰民", "邻里纠纷", "收费", "维修质量", "绿化", "其他"]
                        .map(|c| view! { <option value=c></option> }).collect_view()}
                </datalist>
                <label>{t!(i18n, tickets.urgency)}
                    {move || select("ticket-urgency", urgency, vec![("normal", words::urgency(i18n, Urgency::Normal)), ("major", words::urgency(i18n, Urgency::Major)), ("urgent", words::urgency(i18n, Urgency::Urgent))])}
                </label>
                <label>{t!(i18n, tickets.channel)}
                    {move || select("ticket-channel", channel, vec![("walk_in", words::channel(i18n, Channel::WalkIn)), ("phone", words::channel(i18n, Channel::Phone)), ("patrol_finding", words::channel(i18n, Channel::PatrolFinding)), ("online", words::channel(i18n, Channel::Online))])}
                </label>
                <label class="wide">{t!(i18n, tickets.description)}
                    <textarea id="ticket-description" rows="3" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </label>
                {move || error.get().map(|e| view! { <p class="error wide" role="alert">{e}</p> })}
                <button id="ticket-submit" type="submit" class="primary wide">{t!(i18n, tickets.submit)}</button>
            </form>
        </section>
    }
}

/// "On site within 20 minutes": the countdown, or the prompt to call the owner.
fn sla_line(i18n: leptos_i18n::I18nContext<Locale>, state: Option<SlaState>) -> Option<impl IntoView> {
    let (class, text) = match state? {
        SlaState::Running { left } => (
            "sla running",
            t_string!(i18n, tickets.sla_running).replace("{min}", &left.num_minutes().max(1).to_string()),
        ),
        SlaState::Paused { .. } => ("sla paused", t_string!(i18n, tickets.sla_paused).to_string()),
        SlaState::Met => ("sla met", t_string!(i18n, tickets.sla_met).to_string()),
        SlaState::Missed { by } => (
            "sla missed",
            t_string!(i18n, tickets.sla_missed).replace("{min}", &by.num_minutes().max(1).to_string()),
        ),
    };
    Some(view! { <p class=class id="ticket-sla" role="status">{text}</p> })
}

#[component]
pub fn TicketDetail() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let session = use_session();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let error = RwSignal::new(None::<String>);
    let note = RwSignal::new(String::new());
    let department = RwSignal::new(Department::Engineering);
    // Any change to this ticket: clear the note on success, say why on refusal.
    let other = move |m: Mutation| match engine.mutate(m) {
        Ok(()) => {
            error.set(None);
            note.set(String::new());
        }
        Err(MutateError::Rejected(r)) => {
            error.set(Some(rejection_text(i18n, Some(r.code), r.field.as_deref())))
        }
        Err(MutateError::NotReady) => error.set(Some(t_string!(i18n, sync.not_ready).to_string())),
    };
    let act =
        move |action: Action| other(Mutation::ActOnTicket { ticket_id: id(), event_id: uuid(), action });
    // Countdowns move on their own.
    let clock = RwSignal::new(tickets::now());
    set_interval(move || clock.set(tickets::now()), std::time::Duration::from_secs(15));
    move || {
        let Some(row) = tickets::one(engine, &id()) else {
            return view! { <section class="page"><p>{t!(i18n, tickets.none)}</p></section> }.into_any();
        };
        let t = row.ticket.clone();
        let t_for_sla = t.clone();
        let role = session.me.get().map(|m| m.role);
        let offers = role.map(|r| tickets::offers(r, &t)).unwrap_or_default();
        let desk = role.is_some_and(steward_domain::Role::runs_the_desk);
        let may_plan =
            role.is_some_and(|r| steward_domain::ticket::lifecycle::may_record_plan(r, t.escalated));
        let open_work = steward_domain::ticket::lifecycle::work_open(t.status);
        let paused = t.pauses.iter().any(|p| p.until.is_none());
        let token = tickets::token_for(&row.id);
        let number = t.number.clone().unwrap_or_else(|| t_string!(i18n, tickets.provisional).to_string());
        view! {
            <section class="page" id="ticket">
                <div class="page-head">
                    <h1 id="ticket-number">{number.clone()}</h1>
                    <span class="status big" id="ticket-status">{words::status(i18n, t.status)}</span>
                    {row.pending.then(|| view! { <span class="tag waiting">{t!(i18n, sync.waiting)}</span> })}
                </div>
                {move || sla_line(i18n, tickets::arrival(&t_for_sla, clock.get()))}
                <div class="ticket-grid">
                    <dl class="card facts">
                        <dt>{t!(i18n, tickets.kind)}</dt><dd>{words::kind(i18n, t.kind)}{t.scope.map(|s| format!(" · {}", words::scope(i18n, s)))}</dd>
                        <dt>{t!(i18n, tickets.unit)}</dt><dd>{t.unit.clone()}</dd>
                        <dt>{t!(i18n, tickets.reporter)}</dt><dd>{t.reporter.clone()} " " {t.contact_phone.clone()}</dd>
                        <dt>{t!(i18n, tickets.category)}</dt><dd>{t.category.clone()} " · " {words::urgency(i18n, t.urgency)} " · " {words::channel(i18n, t.channel)}</dd>
                        <dt>{t!(i18n, tickets.description)}</dt><dd>{t.description.clone()}</dd>
                        <dt>{t!(i18n, tickets.first_responsible)}</dt><dd>{t.first_responsible_name.clone()}</dd>
                        {t.department.map(|d| view! { <dt>{t!(i18n, tickets.department)}</dt><dd>{words::department(i18n, d)}</dd> })}
                        {(t.reopen_count > 0).then(|| view! { <dt>{t!(i18n, tickets.reopened)}</dt><dd>{t.reopen_count}</dd> })}
                    </dl>
                    {token.map(|token| {
                        let url = tickets::owner_url(&token);
                        view! {
                            <div class="card receipt" id="receipt">
                                <h2>{t!(i18n, tickets.receipt)}</h2>
                                <p class="receipt-number">{number.clone()}</p>
                                <div class="qr" inner_html=tickets::qr_svg(&url)></div>
                                <p class="hint">{t!(i18n, tickets.scan)}</p>
                                <a class="owner-link" href=url.clone()>{url.clone()}</a>
                                <button class="no-print" on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{t!(i18n, tickets.print)}</button>
                            </div>
                        }
                    })}
                </div>
                <Show when={let empty = offers.is_empty() && !desk; move || !empty}>
                    <div class="card actions no-print" id="ticket-actions">
                        <h2>{t!(i18n, tickets.actions)}</h2>
                        <input id="ticket-note" placeholder=move || t_string!(i18n, tickets.note) bind:value=note />
                        <div class="buttons">
                            {offers.clone().into_iter().map(|o| match o {
                                Offer::Dispatch => view! {
                                    <select id="dispatch-department" on:change=move |ev| {
                                        department.set(wire(event_target_value(&ev)).unwrap_or(Department::Engineering))
                                    }>
                                        {DEPARTMENTS.iter().map(|(v, d)| view! {
                                            <option value=*v selected=move || department.get() == *d>{words::department(i18n, *d)}</option>
                                        }).collect_view()}
                                    </select>
                                    <button id="act-dispatch" class="primary" on:click=move |_| act(Action::Dispatch { department: department.get_untracked() })>
                                        {t!(i18n, tickets.steps.dispatch)}
                                    </button>
                                }.into_any(),
                                Offer::Accept => view! { <button id="act-accept" class="primary" on:click=move |_| act(Action::Accept)>{t!(i18n, tickets.steps.accept)}</button> }.into_any(),
                                Offer::ArriveOnSite => view! { <button id="act-arrive" class="primary" on:click=move |_| act(Action::ArriveOnSite)>{t!(i18n, tickets.steps.arrive_on_site)}</button> }.into_any(),
                                Offer::Complete => view! { <button id="act-complete" class="primary" on:click=move |_| act(Action::Complete { labour_fee: 0, material_fee: 0 })>{t!(i18n, tickets.steps.complete)}</button> }.into_any(),
                                Offer::Answer => view! { <button id="act-answer" on:click=move |_| act(Action::Answer { reply: note.get_untracked() })>{t!(i18n, tickets.steps.answer)}</button> }.into_any(),
                                Offer::ReturnVisit => view! {
                                    <button id="act-satisfied" class="primary" on:click=move |_| act(Action::ReturnVisit { satisfied: true, note: note.get_untracked() })>{t!(i18n, tickets.steps.return_visit)} " · " {t!(i18n, tickets.satisfied)}</button>
                                    <button id="act-unsatisfied" on:click=move |_| act(Action::ReturnVisit { satisfied: false, note: note.get_untracked() })>{t!(i18n, tickets.unsatisfied)}</button>
                                }.into_any(),
                                Offer::Archive => view! { <button id="act-archive" on:click=move |_| act(Action::Archive)>{t!(i18n, tickets.steps.archive)}</button> }.into_any(),
                                Offer::Judge => view! {
                                    <button id="act-valid" on:click=move |_| act(Action::JudgeComplaint { valid: true, explanation: note.get_untracked() })>{t!(i18n, tickets.valid)}</button>
                                    <button id="act-invalid" on:click=move |_| act(Action::JudgeComplaint { valid: false, explanation: note.get_untracked() })>{t!(i18n, tickets.invalid)}</button>
                                }.into_any(),
                            }).collect_view()}
                        </div>
                        <div class="buttons">
                            {may_plan.then(|| view! {
                                <button id="act-plan" on:click=move |_| other(Mutation::RecordTicketPlan { ticket_id: id(), event_id: uuid(), plan: note.get_untracked() })>{t!(i18n, tickets.record_plan)}</button>
                            })}
                            {(desk && open_work).then(|| if paused {
                                view! { <button id="act-resume" on:click=move |_| other(Mutation::ResumeTicket { ticket_id: id(), event_id: uuid() })>{t!(i18n, tickets.resume)}</button> }.into_any()
                            } else {
                                view! { <button id="act-pause" on:click=move |_| other(Mutation::PauseTicket { ticket_id: id(), event_id: uuid(), reason: note.get_untracked() })>{t!(i18n, tickets.pause)}</button> }.into_any()
                            })}
                        </div>
                        {t.plan.clone().map(|p| view! { <p class="hint" id="ticket-plan">{t!(i18n, tickets.steps.plan)} ": " {p}</p> })}
                        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    </div>
                </Show>
                <h2>{t!(i18n, tickets.timeline)}</h2>
                <ol class="log" id="ticket-timeline">
                    {tickets::timeline(engine, &row.id).into_iter().map(|(e, pending)| {
                        let step = match &e.step {
                            steward_domain::ticket::record::Step::Created => "created".to_string(),
                            steward_domain::ticket::record::Step::Acted(a) => a.name().to_string(),
                            steward_domain::ticket::record::Step::Paused { .. } => "paused".to_string(),
                            steward_domain::ticket::record::Step::Resumed => "resumed".to_string(),
                            steward_domain::ticket::record::Step::PlanRecorded { .. } => "plan".to_string(),
                        };
                        view! {
                            <li class:pending=pending>
                                <div class="log-meta">
                                    <strong>{words::step(i18n, &step)}</strong>
                                    <span>{if e.role.is_none() { t_string!(i18n, tickets.by_owner).to_string() } else { e.by_name.clone() }}</span>
                                    <time>{words::short_time(&e.at)}</time>
                                    {pending.then(|| view! { <span class="tag waiting">{t!(i18n, sync.waiting)}</span> })}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        }
        .into_any()
    }
}
