//! 月度报表: the month's ticket figures for the supervisor and the manager, computed by the
//! server (the domain's report) and shown here: each figure beside the previous month and
//! the year before, how it is counted, the charts the server draws, and a drill-down from
//! any late count to the tickets behind it. CSV to download, and print.

use crate::api;
use crate::errors::failure_text;
use crate::i18n::*;
use crate::language::english;
use leptos::prelude::*;
use steward_domain::report::tickets::{Share, TicketFigures};
use steward_domain::report::words::{how, name};
use steward_domain::report::{Count, Rate, TicketReport};
use steward_domain::ticket::record::Ticket;

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

fn percent(r: &Rate) -> String {
    r.per_mille().map_or_else(|| "—".to_string(), |p| format!("{}.{}% ({}/{})", p / 10, p % 10, r.met, r.counted))
}

fn rate_in<'a>(f: &'a Option<TicketFigures>, key: &str) -> Option<&'a Rate> {
    f.as_ref().and_then(|f| f.rates.iter().find(|r| r.key == key))
}

fn share_text(s: Option<&Share>) -> String {
    s.map_or_else(String::new, |s| format!("{}/{}", s.part, s.whole))
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
    let report = LocalResource::new(move || {
        let m = month.get();
        async move { api::ticket_report(&m).await }
    });
    // The records behind a figure the manager opened: its name and the ticket ids.
    let drill = RwSignal::new(None::<(String, Vec<String>)>);
    let lang = move || if english(i18n) { "en" } else { "zh" };
    view! {
        <section class="page" id="reports">
            <h1>{t!(i18n, reports.title)}</h1>
            <p class="intro">{t!(i18n, reports.intro)}</p>
            <div class="card inline-form no-print">
                <label>{t!(i18n, reports.month)}
                    <input id="report-month" type="month" prop:value=move || month.get()
                        on:change=move |ev| { drill.set(None); month.set(event_target_value(&ev)) } />
                </label>
                <a id="report-csv" class="button" download=""
                    href=move || format!("/api/reports/tickets.csv?month={}&lang={}", month.get(), lang())>{t!(i18n, reports.csv)}</a>
                <a id="report-xlsx" class="button" download=""
                    href=move || format!("/api/reports/tickets.xlsx?month={}&lang={}", month.get(), lang())>{t!(i18n, reports.xlsx)}</a>
                <button type="button" id="report-print" on:click=move |_| { let _ = window().print(); }>{t!(i18n, reports.print)}</button>
            </div>
            // Drawn again in the other language when it is switched (the words are the domain's).
            {move || match (english(i18n), report.get()).1 {
                None => view! { <p>{t!(i18n, reports.loading)}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="error">{failure_text(i18n, &f)}</p> }.into_any(),
                Some(Ok(r)) => view! {
                    <Closing report=r.clone() month=month.get() drill=drill on_closed=move || report.refetch() />
                    <Figures report=r month=month.get() drill=drill />
                }.into_any(),
            }}
            {move || (english(i18n), drill.get()).1.map(|(title, ids)| view! { <Behind title=title ids=ids /> })}
        </section>
    }
}

/// 月结: the month's close (who, when, its digest; what moved since and the tickets that
/// did it), or, for the manager once the month is over, the button that closes it.
#[component]
fn Closing(report: TicketReport, month: String, drill: RwSignal<Option<(String, Vec<String>)>>, on_closed: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let en = english(i18n);
    // Whether it may be closed is the server's to say (its clock, the caller's role).
    let closable = report.closable;
    let message = RwSignal::new(None::<String>);
    let Some(since) = report.closed else {
        return closable.then(|| {
            let close = move |_| {
                let month = month.clone();
                leptos::task::spawn_local(async move {
                    match api::close_month(&month).await {
                        Ok(_) => on_closed(),
                        Err(f) => message.set(Some(failure_text(i18n, &f))),
                    }
                });
            };
            view! {
                <div class="card no-print" id="report-close-card">
                    <p class="hint">{t!(i18n, reports.close_intro)}</p>
                    <button type="button" class="primary" id="report-close" on:click=close>{t!(i18n, reports.close)}</button>
                    {move || message.get().map(|m| view! { <p class="error" role="status">{m}</p> })}
                </div>
            }
        }).into_any();
    };
    let c = &since.closed;
    let head = t_string!(i18n, reports.closed)
        .replace("{by}", &c.closed_by)
        .replace("{at}", &crate::ticket_text::short_time(c.closed_at.as_str()))
        .replace("{digest}", &c.digest[..16.min(c.digest.len())]);
    let tickets = since.tickets.clone();
    let title = t_string!(i18n, reports.changed_tickets).to_string();
    view! {
        <section class=if since.unchanged { "card" } else { "card alert" } id="report-closed">
            <p><strong>{head}</strong></p>
            {if since.unchanged {
                view! { <p class="success">{t!(i18n, reports.unchanged)}</p> }.into_any()
            } else {
                view! {
                    <p class="error">{t!(i18n, reports.changed)}</p>
                    <ul class="moved">
                        {since.moved.iter().map(|m| view! { <li>{name(&m.key, en)} ": " {m.then.clone()} " → " {m.now.clone()}</li> }).collect_view()}
                    </ul>
                    <button type="button" class="link drill" id="report-changed-tickets" on:click=move |_| drill.set(Some((title.clone(), tickets.clone())))>
                        {t_string!(i18n, reports.changed_count).replace("{n}", &since.tickets.len().to_string())}
                    </button>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn Figures(report: TicketReport, month: String, drill: RwSignal<Option<(String, Vec<String>)>>) -> impl IntoView {
    let i18n = use_i18n();
    let en = english(i18n);
    let lang = if en { "en" } else { "zh" };
    let TicketReport { current, previous, year_before, operations, .. } = report;
    let label = |f: &TicketFigures| format!("{} – {}", f.period.from, f.period.to.pred_opt().unwrap_or(f.period.to));
    let heads = [Some(&current), previous.as_ref(), year_before.as_ref()].map(|f| f.map_or_else(String::new, label));
    let received = [Some(&current), previous.as_ref(), year_before.as_ref()].map(|f| f.map_or_else(String::new, |f| f.received.to_string()));
    let open = move |title: String, ids: Vec<String>| drill.set(Some((title, ids)));
    let rates = current.rates.clone().into_iter().map(|r| {
        let title = name(&r.key, en);
        let late = r.late.clone();
        let minutes = match (r.median_minutes, r.p90_minutes) {
            (Some(m), Some(p)) => t_string!(i18n, reports.minutes).replace("{median}", &m.to_string()).replace("{p90}", &p.to_string()),
            _ => String::new(),
        };
        let (prev, year) = (rate_in(&previous, &r.key).map(percent).unwrap_or_default(), rate_in(&year_before, &r.key).map(percent).unwrap_or_default());
        let drill_title = title.clone();
        view! {
            <tr data-figure=r.key.clone()>
                <th scope="row">{title}<small class="how">{how(&r.key, en)}</small></th>
                <td>{percent(&r)} <small>{minutes}</small>
                    {(!late.is_empty()).then(|| view! {
                        <button type="button" class="link drill" on:click=move |_| open(drill_title.clone(), late.clone())>
                            {t_string!(i18n, reports.late).replace("{n}", &r.late.len().to_string())}
                        </button>
                    })}
                </td>
                <td>{prev}</td>
                <td>{year}</td>
            </tr>
        }
    }).collect_view();
    let shares = current.shares.clone().into_iter().map(|s| {
        let title = name(&s.key, en);
        let find = |f: &Option<TicketFigures>| share_text(f.as_ref().and_then(|f| f.shares.iter().find(|x| x.key == s.key)));
        let (prev, year) = (find(&previous), find(&year_before));
        let (ids, drill_title) = (s.ids.clone(), title.clone());
        view! {
            <tr data-figure=s.key.clone()>
                <th scope="row">{title}<small class="how">{how(&s.key, en)}</small></th>
                <td><button type="button" class="link drill" on:click=move |_| open(drill_title.clone(), ids.clone())>{share_text(Some(&s))}</button></td>
                <td>{prev}</td>
                <td>{year}</td>
            </tr>
        }
    }).collect_view();
    let paid = &current.paid;
    let groups = [
        ("by_kind", current.by_kind.clone()),
        ("by_category", current.by_category.clone()),
        ("by_department", current.by_department.clone()),
        ("by_channel", current.by_channel.clone()),
        ("by_building", current.by_building.clone()),
        ("escalated_by_rules", current.escalated_by_rules.clone()),
    ];
    let ledgers = operations.map(|o| [("keys", o.keys), ("release", o.release)]);
    let work = current.clone();
    let chart = |which: &str| format!("/api/reports/tickets/{which}.svg?month={month}&lang={lang}");
    view! {
        <table class="list report-figures" id="report-figures">
            <thead><tr>
                <th scope="col">{t!(i18n, reports.figure)}</th>
                <th scope="col">{t!(i18n, reports.this_period)}<small>{heads[0].clone()}</small></th>
                <th scope="col">{t!(i18n, reports.previous)}<small>{heads[1].clone()}</small></th>
                <th scope="col">{t!(i18n, reports.year_before)}<small>{heads[2].clone()}</small></th>
            </tr></thead>
            <tbody>
                <tr data-figure="received"><th scope="row">{name("received", en)}<small class="how">{how("received", en)}</small></th>
                    <td>{received[0].clone()}</td><td>{received[1].clone()}</td><td>{received[2].clone()}</td></tr>
                {rates}
                {shares}
                <tr data-figure="escalated"><th scope="row">{name("escalated", en)}<small class="how">{how("escalated", en)}</small></th>
                    <td>{current.escalated.count}</td><td></td><td></td></tr>
                <tr data-figure="paid"><th scope="row">{name("paid", en)}<small class="how">{how("paid", en)}</small></th>
                    <td>{format!("{} · {} · {}", paid.completed, steward_domain::money::format_yuan(paid.labour_fee), steward_domain::money::format_yuan(paid.material_fee))}</td><td></td><td></td></tr>
            </tbody>
        </table>
        <figure class="report-chart">
            <img id="chart-per-day" src=chart("per-day") alt=name("per_day", en) width="720" height="220" />
        </figure>
        <figure class="report-chart">
            <img id="chart-rates" src=chart("rates") alt=t_string!(i18n, reports.rates_chart) width="720" />
        </figure>
        <div class="report-groups">
            {groups.into_iter().map(|(key, counts)| view! { <Group title=name(key, en) counts=counts drill=drill /> }).collect_view()}
        </div>
        <WorkTables figures=work drill=drill />
        <div class="report-groups" id="report-ledgers">
            {ledgers.map(|l| l.into_iter().map(|(key, counts)| view! { <Group title=name(key, en) counts=counts drill=drill /> }).collect_view())}
        </div>
    }
}

/// Per person, per department and the case analyses: the export's own tables (the same
/// words and cells as the CSV and the workbook), each row opening the tickets behind it.
#[component]
fn WorkTables(figures: TicketFigures, drill: RwSignal<Option<(String, Vec<String>)>>) -> impl IntoView {
    let i18n = use_i18n();
    let en = english(i18n);
    let words = steward_domain::report::words::csv_words(en);
    steward_domain::report::export::tables(&figures, &words)
        .into_iter()
        .filter(|(key, _)| *key != "escalated_by_rules")
        .map(|(key, lines)| {
            let ids: Vec<Vec<String>> = match key {
                "people" => figures.people.iter().map(|p| p.ids.clone()).collect(),
                "departments" => figures.departments.iter().map(|d| d.ids.clone()).collect(),
                _ => figures.analyses.iter().map(|a| vec![a.id.clone()]).collect(),
            };
            let mut lines = lines.into_iter();
            let head = lines.next().unwrap_or_default();
            view! {
                <table class="list report-work" data-table=key>
                    <caption>{name(key, en)}<small class="how">{how(key, en)}</small></caption>
                    <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {lines.zip(ids).map(|(cells, ids)| {
                            let mut cells = cells.into_iter();
                            let first = cells.next().unwrap_or_default();
                            let title = first.clone();
                            view! {
                                <tr>
                                    <th scope="row"><button type="button" class="link drill" on:click=move |_| drill.set(Some((title.clone(), ids.clone())))>{first}</button></th>
                                    {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
        .collect_view()
}

/// One breakdown (by kind, by building…), each count opening the tickets behind it.
#[component]
fn Group(title: String, counts: Vec<Count>, drill: RwSignal<Option<(String, Vec<String>)>>) -> impl IntoView {
    let i18n = use_i18n();
    let en = english(i18n);
    view! {
        <table class="list report-group">
            <caption>{title}</caption>
            <tbody>
                {counts.into_iter().map(|c| {
                    let label = name(&c.key, en);
                    let (ids, drill_title) = (c.ids.clone(), label.clone());
                    view! {
                        <tr><th scope="row">{label}</th>
                            <td><button type="button" class="link drill" on:click=move |_| drill.set(Some((drill_title.clone(), ids.clone())))>{c.count}</button></td></tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
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
