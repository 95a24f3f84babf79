//! 月度报表: the month's figures for the supervisor and the manager. The server computes
//! them (the domain's report) and draws them as HTML — each figure beside the previous month
//! and the year before, how it is counted, the charts, the breakdowns, the close — which this
//! page inserts; a figure's button carries the ids of the records behind it, opened here
//! from the records on the device. CSV and Excel to download, and print. A week, any days,
//! and the Saturday decoration report's week too.

use crate::api;
use crate::errors::failure_text;
use crate::i18n::*;
use crate::language::english;
use leptos::prelude::*;
use steward_domain::report::Period;
use steward_domain::ticket::record::Ticket;
use wasm_bindgen::JsCast;

use crate::clock::today;

/// Last month, by the property's calendar (what a manager opens first).
fn last_month() -> Period {
    let today = today();
    let month = today.checked_sub_months(chrono::Months::new(1)).unwrap_or(today).format("%Y-%m").to_string();
    Period::month(&month).unwrap_or(Period::saturday_week(today))
}

/// What a click in the server's report asked for: a drill-down (its title and ids), or the
/// month's close.
enum Asked {
    Drill(String, Vec<String>),
    Close,
}

fn asked(ev: &web_sys::MouseEvent) -> Option<Asked> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let button = target.closest("button").ok()??;
    if button.id() == "report-close" {
        return Some(Asked::Close);
    }
    let ids = button.get_attribute("data-ids")?;
    let ids = ids.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
    Some(Asked::Drill(button.get_attribute("data-title").unwrap_or_default(), ids))
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    // The records behind a figure the manager opened: its name and the ids.
    let drill = RwSignal::new(None::<(String, Vec<String>)>);
    let message = RwSignal::new(None::<String>);
    // The days in the address (`/reports?month=2026-11`, `?from=…&to=…`): back from a
    // drilled-down ticket returns to the same days, and the link can be shared.
    let address = window().location().search().ok().and_then(|q| Period::from_query(&q));
    let period = RwSignal::new(address.unwrap_or_else(last_month));
    Effect::new(move |_| {
        let q = period.get().query();
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("/reports?{q}")),
            );
        }
    });
    // A month, a week or any days picked: the report of those days. A first day after the
    // last (or a last before the first) moves the other with it; a field that does not read
    // as a day, or a span over 400 days, leaves the report as it is. The month and week
    // fields show a value only when the report is that month or week.
    let pick = move |p: Option<Period>| {
        if let Some(p) = p {
            drill.set(None);
            message.set(None);
            period.set(p);
        }
    };
    let picked = move |ev: web_sys::Event| event_target_value(&ev);
    let day = |text: String| text.parse::<chrono::NaiveDate>().ok();
    let lang = move || if english(i18n) { "en" } else { "zh" };
    // Drawn again by the server in the other language when it is switched.
    let report = LocalResource::new(move || {
        let (q, l) = (period.get().query(), lang());
        async move { api::ticket_report_html(&q, l).await }
    });
    let click = move |ev: web_sys::MouseEvent| match asked(&ev) {
        Some(Asked::Drill(title, ids)) => drill.set(Some((title, ids))),
        Some(Asked::Close) => {
            let m = period.get_untracked().from.format("%Y-%m").to_string();
            leptos::task::spawn_local(async move {
                match api::close_month(&m).await {
                    Ok(()) => report.refetch(),
                    Err(f) => message.set(Some(failure_text(i18n, &f))),
                }
            });
        }
        None => {}
    };
    view! {
        <section class="page" id="reports">
            <h1>{t!(i18n, reports.title)}</h1>
            <p class="intro">{t!(i18n, reports.intro)}</p>
            <div class="card inline-form no-print">
                <label>{t!(i18n, reports.month)}
                    <input id="report-month" type="month" prop:value=move || { let p = period.get(); if p.is_month() { p.from.format("%Y-%m").to_string() } else { String::new() } }
                        on:change=move |ev| pick(Period::month(&picked(ev)).ok()) />
                </label>
                <label>{t!(i18n, reports.week)}
                    <input id="report-week" type="week" prop:value=move || { let p = period.get(); if p.is_week() { p.from.format("%G-W%V").to_string() } else { String::new() } }
                        on:change=move |ev| pick(Period::week(&picked(ev)).ok()) />
                </label>
                <label>{t!(i18n, reports.from)}
                    <input id="report-from" type="date" prop:value=move || period.get().from.to_string()
                        on:change=move |ev| pick(day(picked(ev)).and_then(|f| Period::inclusive(f, period.get_untracked().last().max(f)).ok())) />
                </label>
                <label>{t!(i18n, reports.to)}
                    <input id="report-to" type="date" prop:value=move || period.get().last().to_string()
                        on:change=move |ev| pick(day(picked(ev)).and_then(|l| Period::inclusive(period.get_untracked().from.min(l), l).ok())) />
                </label>
                <button type="button" id="report-saturday" on:click=move |_| pick(Some(Period::saturday_week(today())))>
                    {t!(i18n, reports.saturday)}
                </button>
                <a id="report-csv" class="button" download=""
                    href=move || format!("/api/reports/tickets.csv?{}&lang={}", period.get().query(), lang())>{t!(i18n, reports.csv)}</a>
                <a id="report-xlsx" class="button" download=""
                    href=move || format!("/api/reports/tickets.xlsx?{}&lang={}", period.get().query(), lang())>{t!(i18n, reports.xlsx)}</a>
                <button type="button" id="report-print" on:click=move |_| { let _ = window().print(); }>{t!(i18n, reports.print)}</button>
            </div>
            {move || message.get().map(|m| view! { <p class="error" role="status">{m}</p> })}
            {move || match report.get() {
                None => view! { <p>{t!(i18n, reports.loading)}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="error">{failure_text(i18n, &f)}</p> }.into_any(),
                Some(Ok(html)) => view! { <div id="report-body" on:click=click inner_html=html></div> }.into_any(),
            }}
            {move || (english(i18n), drill.get()).1.map(|(title, ids)| view! { <Behind title=title ids=ids /> })}
        </section>
    }
}

/// The tickets behind a figure, as this device holds them (number, unit, category, status),
/// each linking to the ticket.
#[component]
fn Behind(title: String, ids: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = crate::sync::use_sync();
    // A figure's ids are tickets, key loans or slips: each row as the device holds it.
    let rows = move || {
        let held: std::collections::HashMap<String, Ticket> =
            engine.typed::<Ticket>().into_iter().map(|(id, t, _)| (id, t)).collect();
        ids.iter()
            .map(|id| {
                if let Some(t) = held.get(id) {
                    let number =
                        t.number.clone().unwrap_or_else(|| steward_domain::ticket::number::provisional(id));
                    return view! {
                        <tr>
                            <td><a href=format!("/tickets/{id}")>{number}</a></td>
                            <td>{t.unit.clone()}</td>
                            <td>{crate::ticket_text::category(i18n, &t.category)}</td>
                            <td>{crate::ticket_text::status(i18n, t.status)}</td>
                        </tr>
                    }
                    .into_any();
                }
                let (what, unit, who) = ledger_row(engine, id);
                view! { <tr><td>{what}</td><td>{unit}</td><td>{who}</td><td></td></tr> }.into_any()
            })
            .collect_view()
    };
    view! {
        <section class="card" id="report-behind">
            <h2>{t!(i18n, reports.behind)} " · " {title}</h2>
            <table class="list"><tbody>{rows}</tbody></table>
        </section>
    }
}

/// A key loan's, a slip's, a patrol's or a decoration's row in the drill-down: what (tag,
/// slip number, when walked, owner), the unit (or route), who (borrower, issuer, patrol
/// officer, contractor). Anything else (a day, a unit) is its own id.
fn ledger_row(engine: crate::sync::SyncEngine, id: &str) -> (String, String, String) {
    use steward_domain::sync::Kind;
    if let Some(l) = engine
        .record(Kind::KeyLoan, id)
        .and_then(|r| serde_json::from_value::<steward_domain::keys::record::KeyLoan>(r.body).ok())
    {
        return (l.tag, l.unit, l.borrower.name);
    }
    if let Some(s) = engine
        .record(Kind::ReleaseSlip, id)
        .and_then(|r| serde_json::from_value::<steward_domain::release::record::ReleaseSlip>(r.body).ok())
    {
        return (steward_domain::release::record::ReleaseSlip::number(id), s.unit, s.issued_by_name);
    }
    if let Some(v) = engine
        .record(Kind::VoidSlip, id)
        .and_then(|r| serde_json::from_value::<steward_domain::release::record::VoidSlip>(r.body).ok())
    {
        return (steward_domain::release::record::ReleaseSlip::number(id), v.unit, v.issued_by_name);
    }
    if let Some(p) = engine
        .record(Kind::Patrol, id)
        .and_then(|r| serde_json::from_value::<steward_domain::decoration::record::Patrol>(r.body).ok())
    {
        let at = p.at.utc().with_timezone(&steward_domain::clock::property_zone()).format("%m-%d %H:%M");
        return (at.to_string(), p.unit, p.by_name);
    }
    if let Some(d) = engine
        .record(Kind::Decoration, id)
        .and_then(|r| serde_json::from_value::<steward_domain::decoration::record::Decoration>(r.body).ok())
    {
        return (d.owner, d.unit, d.contractor);
    }
    (id.to_string(), String::new(), String::new())
}
