//! The ticket list: filter chips, search, flags for time limits, shown a page at a time so
//! a device holding tens of thousands of tickets stays instant.

use crate::i18n::*;
use crate::session::use_session;
use crate::ticket_text as words;
use crate::tickets::{self, TicketRow};
use leptos::prelude::*;
use leptos_router::components::A;
use steward_domain::Role;
use steward_domain::ticket::Department;
use steward_domain::ticket::query::{Filter, PlanDue, needs_late_call, plan_due};

/// Rows drawn at first and added by each "show more".
const PAGE: usize = 50;

/// The list's filters, as chips.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ListFilter {
    Open,
    Mine,
    Overdue,
    ReturnVisit,
    NeedsPlan,
    /// Late arrivals the desk has not yet called the owner about.
    LateCall,
    /// The signed-in staff member's department's open tickets (engineering, security).
    MyDepartment,
}

impl ListFilter {
    fn domain(self, user_id: i64, role: Option<Role>) -> Filter {
        match self {
            ListFilter::Open => Filter::Open,
            ListFilter::Mine => Filter::Mine(user_id),
            ListFilter::Overdue => Filter::Overdue,
            ListFilter::ReturnVisit => Filter::ReturnVisit,
            ListFilter::NeedsPlan => Filter::NeedsPlan,
            ListFilter::LateCall => Filter::LateCall,
            ListFilter::MyDepartment => match role.and_then(Department::of_role) {
                Some(d) => Filter::Department(d),
                None => Filter::Open,
            },
        }
    }
}

/// The time-limit flags a row carries.
fn flags(
    i18n: leptos_i18n::I18nContext<Locale>,
    row: &TicketRow,
    now: chrono::DateTime<chrono::Utc>,
) -> impl IntoView + use<> {
    let t = &row.ticket;
    let plan = plan_due(t, now).map(|due| match due {
        PlanDue::Today => ("tag plan", t_string!(i18n, tickets.plan_today)),
        PlanDue::Tomorrow => ("tag plan", t_string!(i18n, tickets.plan_tomorrow)),
        PlanDue::Overdue => ("tag urgent", t_string!(i18n, tickets.plan_overdue)),
    });
    let late = needs_late_call(t, now).then(|| ("tag urgent late", t_string!(i18n, tickets.filter_late)));
    let escalated = t.escalated.then(|| ("tag urgent", words::urgency(i18n, t.urgency)));
    let waiting = row.pending.then(|| ("tag waiting", t_string!(i18n, sync.waiting)));
    [escalated, plan, late, waiting]
        .into_iter()
        .flatten()
        .map(|(class, text)| view! { " " <span class=class>{text}</span> })
        .collect_view()
}

#[component]
pub fn TicketList(#[prop(optional)] initial: Option<ListFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = move || session.me.get_untracked().map(|m| m.role);
    let department_chip = move || role().and_then(Department::of_role).is_some();
    let desk = move || role().is_some_and(Role::runs_the_desk);
    // A department's staff start from their own queue.
    let start =
        initial.unwrap_or(if department_chip() { ListFilter::MyDepartment } else { ListFilter::Open });
    let filter = RwSignal::new(start);
    let query = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    // Parsed once per change of the replica; typing in the search only filters.
    let all = tickets::index();
    let listed = Memo::new(move |_| {
        let me = session.me.get();
        let user = me.as_ref().map(|m| m.user_id).unwrap_or_default();
        let filter = filter.get().domain(user, me.map(|m| m.role));
        let query = query.get();
        let now = crate::clock::now_utc();
        all.with(|rows| tickets::listed(rows, &filter, &query, now))
    });
    // A new filter or search starts from the top.
    Effect::new(move |_| {
        filter.track();
        query.track();
        shown.set(PAGE);
    });
    let chip = move |f: ListFilter, id: &'static str, label: &'static str| {
        view! {
            <button id=id class="chip" class:active=move || filter.get() == f
                aria-pressed=move || (filter.get() == f).to_string() on:click=move |_| filter.set(f)>{label}</button>
        }
    };
    let may_take = move || session.me.get().is_some_and(|m| m.role.takes_tickets());
    view! {
        <section class="page" id="tickets">
            <div class="page-head">
                <h1>{t!(i18n, tickets.list_open)} <span class="hint" id="ticket-total">{move || t_string!(i18n, tickets.total).replace("{n}", &listed.with(Vec::len).to_string())}</span></h1>
                <Show when=may_take><A href="/tickets/new" attr:class="button primary" attr:id="new-ticket">{t!(i18n, tickets.new)}</A></Show>
            </div>
            <div class="chips">
                {move || view! {
                    {department_chip().then(|| chip(ListFilter::MyDepartment, "filter-department", t_string!(i18n, tickets.filter_department)))}
                    {chip(ListFilter::Open, "filter-open", t_string!(i18n, tickets.filter_open))}
                    {chip(ListFilter::Mine, "filter-mine", t_string!(i18n, tickets.filter_mine))}
                    {chip(ListFilter::Overdue, "filter-overdue", t_string!(i18n, tickets.filter_overdue))}
                    {desk().then(|| chip(ListFilter::LateCall, "filter-late", t_string!(i18n, tickets.filter_late)))}
                    {chip(ListFilter::ReturnVisit, "filter-return", t_string!(i18n, tickets.filter_return))}
                    {chip(ListFilter::NeedsPlan, "filter-plan", t_string!(i18n, tickets.filter_plan))}
                }}
                <input id="ticket-search" type="search" maxlength="100" placeholder=move || t_string!(i18n, tickets.search) bind:value=query />
            </div>
            <table class="list" id="ticket-list">
                <thead><tr>
                    <th>"#"</th><th>{t!(i18n, tickets.status)}</th><th>{t!(i18n, tickets.unit)}</th>
                    <th class="col-kind">{t!(i18n, tickets.kind)}</th><th>{t!(i18n, tickets.description)}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let now = crate::clock::now_utc();
                        let rows: Vec<_> = listed.with(|rows| rows.iter().take(shown.get()).cloned().collect());
                        rows.into_iter().map(|row| row_view(i18n, &row, now)).collect_view()
                    }}
                </tbody>
            </table>
            {move || listed.with(Vec::is_empty).then(|| view! { <p class="empty-state" id="ticket-empty">{t!(i18n, tickets.empty)}</p> })}
            {move || {
                let total = listed.with(Vec::len);
                let visible = shown.get().min(total);
                (total > visible).then(|| view! {
                    <p class="more">
                        <span class="hint" id="ticket-count">{t_string!(i18n, tickets.shown).replace("{shown}", &visible.to_string()).replace("{total}", &total.to_string())}</span>
                        " "
                        <button id="ticket-more" on:click=move |_| shown.update(|n| *n += PAGE)>{t!(i18n, tickets.more)}</button>
                    </p>
                })
            }}
            <OlderTickets query=query />
        </section>
    }
}

/// One ticket's row in a list.
fn row_view(
    i18n: leptos_i18n::I18nContext<Locale>,
    row: &TicketRow,
    now: chrono::DateTime<chrono::Utc>,
) -> impl IntoView + use<> {
    let href = format!("/tickets/{}", row.id);
    let t = &row.ticket;
    let number = t.number.clone().unwrap_or_else(|| {
        format!(
            "{} {}",
            t_string!(i18n, tickets.provisional),
            steward_domain::ticket::number::provisional(&row.id)
        )
    });
    view! {
        <tr class:pending=row.pending>
            <td><A href=href>{number}</A></td>
            <td><span class="status">{words::status(i18n, t.status)}</span>{flags(i18n, row, now)}</td>
            <td>{t.unit.clone()}</td>
            <td class="col-kind">{words::kind(i18n, t.kind)}</td>
            <td class="clip">{t.description.clone()}</td>
        </tr>
    }
}

/// What a search finds in the server's history: tickets finished before the weeks this
/// device holds. Online it asks the server; offline it says where those tickets are.
#[component]
fn OlderTickets(query: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = crate::sync::use_sync();
    let online = crate::connectivity::use_connectivity().online;
    // The ids found (newest first) and whether more matched, or why the search failed.
    let found = RwSignal::new(None::<Result<(Vec<String>, bool), String>>);
    let searching = RwSignal::new(false);
    Effect::new(move |_| {
        query.track();
        found.set(None);
    });
    let search = move |_| {
        let text = query.get_untracked();
        searching.set(true);
        leptos::task::spawn_local(async move {
            let result = engine.search_older(steward_domain::sync::Kind::Ticket, &text).await;
            found.set(Some(result.map_err(|e| crate::errors::failure_text(i18n, &e))));
            searching.set(false);
        });
    };
    move || {
        let from = engine.held_from()?;
        if query.with(|q| q.trim().is_empty()) {
            return None;
        }
        let day = from.to_string();
        let body = if !online.get() {
            view! { <p class="hint" id="ticket-older-offline">{t_string!(i18n, tickets.older_offline).replace("{day}", &day)}</p> }.into_any()
        } else {
            match found.get() {
                None => view! {
                    <button id="ticket-older" disabled=move || searching.get() on:click=search>
                        {t_string!(i18n, tickets.older_search).replace("{day}", &day)}
                    </button>
                }
                .into_any(),
                Some(Err(why)) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
                Some(Ok((ids, more))) => {
                    let now = crate::clock::now_utc();
                    let rows: Vec<_> = ids.iter().filter_map(|id| tickets::one(engine, id)).collect();
                    let none = rows.is_empty();
                    view! {
                        <h2>{t_string!(i18n, tickets.older_found).replace("{day}", &day)}</h2>
                        {none.then(|| view! { <p class="empty-state" id="ticket-older-none">{t!(i18n, tickets.older_none)}</p> })}
                        <table class="list" id="ticket-older-list" class:hidden=none>
                            <tbody>{rows.into_iter().map(|row| row_view(i18n, &row, now)).collect_view()}</tbody>
                        </table>
                        {more.then(|| view! { <p class="hint">{t!(i18n, tickets.older_more)}</p> })}
                    }
                    .into_any()
                }
            }
        };
        Some(view! { <div class="older" id="ticket-older-box">{body}</div> })
    }
}
