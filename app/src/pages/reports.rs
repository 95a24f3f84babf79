//! 月度报表: the month's figures for the supervisor and the manager. The server computes
//! them (the domain's report) and draws them as HTML — each figure beside the previous month
//! and the year before, how it is counted, the charts, the breakdowns, the close — which this
//! page inserts; a figure's button carries the ids of the records behind it, opened here
//! from the records on the device. CSV and Excel to download, and print.

use crate::api;
use crate::errors::failure_text;
use crate::i18n::*;
use crate::language::english;
use leptos::prelude::*;
use steward_domain::ticket::record::Ticket;
use wasm_bindgen::JsCast;

/// Last month, by the property's calendar (what a manager opens first).
fn last_month() -> String {
    let today = steward_domain::clock::Timestamp::from_utc(crate::tickets::now()).local_day();
    today.checked_sub_months(chrono::Months::new(1)).unwrap_or(today).format("%Y-%m").to_string()
}

fn month_in_address() -> Option<String> {
    let search = window().location().search().ok()?;
    let m = search.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("month="))?;
    steward_domain::report::Period::month(m).is_ok().then(|| m.to_string())
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
    // The month in the address (`/reports?month=2026-11`): back from a drilled-down ticket
    // returns to the same month, and the link can be shared.
    let month = RwSignal::new(month_in_address().unwrap_or_else(last_month));
    Effect::new(move |_| {
        let m = month.get();
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("/reports?month={m}")));
        }
    });
    let lang = move || if english(i18n) { "en" } else { "zh" };
    // Drawn again by the server in the other language when it is switched.
    let report = LocalResource::new(move || {
        let (m, l) = (month.get(), lang());
        async move { api::ticket_report_html(&m, l).await }
    });
    // The records behind a figure the manager opened: its name and the ids.
    let drill = RwSignal::new(None::<(String, Vec<String>)>);
    let message = RwSignal::new(None::<String>);
    let click = move |ev: web_sys::MouseEvent| match asked(&ev) {
        Some(Asked::Drill(title, ids)) => drill.set(Some((title, ids))),
        Some(Asked::Close) => {
            let m = month.get_untracked();
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
                    <input id="report-month" type="month" prop:value=move || month.get()
                        on:change=move |ev| { drill.set(None); message.set(None); month.set(event_target_value(&ev)) } />
                </label>
                <a id="report-csv" class="button" download=""
                    href=move || format!("/api/reports/tickets.csv?month={}&lang={}", month.get(), lang())>{t!(i18n, reports.csv)}</a>
                <a id="report-xlsx" class="button" download=""
                    href=move || format!("/api/reports/tickets.xlsx?month={}&lang={}", month.get(), lang())>{t!(i18n, reports.xlsx)}</a>
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
        let held: std::collections::HashMap<String, Ticket> = engine.typed::<Ticket>().into_iter().map(|(id, t, _)| (id, t)).collect();
        ids.iter()
            .map(|id| {
                if let Some(t) = held.get(id) {
                    let number = t.number.clone().unwrap_or_else(|| steward_domain::ticket::number::provisional(id));
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

/// A key loan's or a slip's row in the drill-down: what (tag, slip number), the unit, who.
fn ledger_row(engine: crate::sync::SyncEngine, id: &str) -> (String, String, String) {
    use steward_domain::sync::Kind;
    if let Some(l) = engine.record(Kind::KeyLoan, id).and_then(|r| serde_json::from_value::<steward_domain::keys::record::KeyLoan>(r.body).ok()) {
        return (l.tag, l.unit, l.borrower.name);
    }
    if let Some(s) = engine.record(Kind::ReleaseSlip, id).and_then(|r| serde_json::from_value::<steward_domain::release::record::ReleaseSlip>(r.body).ok()) {
        return (steward_domain::release::record::ReleaseSlip::number(id), s.unit, s.issued_by_name);
    }
    if let Some(v) = engine.record(Kind::VoidSlip, id).and_then(|r| serde_json::from_value::<steward_domain::release::record::VoidSlip>(r.body).ok()) {
        return (steward_domain::release::record::ReleaseSlip::number(id), v.unit, v.issued_by_name);
    }
    (id.to_string(), String::new(), String::new())
}
