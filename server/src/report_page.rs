//! The month's report as the manager's screen shows it, drawn here as HTML (the staff app
//! inserts it): the figures beside last month and the year before with how each is counted,
//! the charts, the breakdowns, who did the work, the other ledgers, and the month's close.
//! The report is read online; drawing it on the server keeps the staff app small. Each
//! drill-down is a button carrying the ids of the records behind it (`data-ids`), which the
//! app opens from the records on the device.

use maud::{Markup, PreEscaped, html};
use steward_domain::report::export::tables;
use steward_domain::report::tickets::{Share, TicketFigures};
use steward_domain::report::words::{csv_words, how, name, page};
use steward_domain::report::{Count, Rate, TicketReport};

fn percent(r: &Rate) -> String {
    r.per_mille()
        .map_or_else(|| "—".to_string(), |p| format!("{}.{}% ({}/{})", p / 10, p % 10, r.met, r.counted))
}

fn rate_in<'a>(f: &'a Option<TicketFigures>, key: &str) -> Option<&'a Rate> {
    f.as_ref().and_then(|f| f.rates.iter().find(|r| r.key == key))
}

fn share_text(s: Option<&Share>) -> String {
    s.map_or_else(String::new, |s| format!("{}/{}", s.part, s.whole))
}

/// A button that opens the records behind a figure.
fn drill(title: &str, ids: &[String], text: &str) -> Markup {
    // A figure with no records behind it (a percentage, homes counted) is only a figure.
    if ids.is_empty() {
        return html! { span { (text) } };
    }
    html! { button type="button" class="link drill" data-title=(title) data-ids=(ids.join(",")) { (text) } }
}

fn label(f: &TicketFigures) -> String {
    format!("{} – {}", f.period.from, f.period.to.pred_opt().unwrap_or(f.period.to))
}

/// 月结: the close (who, when, its digest; what moved since and the tickets that did it), or,
/// when the server says this caller may, the button that closes it.
fn closing(r: &TicketReport, en: bool) -> Markup {
    let w = |k: &str| page(k, en);
    let Some(since) = &r.closed else {
        return html! {
            @if r.closable {
                div class="card no-print" id="report-close-card" {
                    p class="hint" { (w("close_intro")) }
                    button type="button" class="primary" id="report-close" { (w("close")) }
                }
            }
        };
    };
    let c = &since.closed;
    let at = c
        .closed_at
        .utc()
        .with_timezone(&steward_domain::clock::property_zone())
        .format("%m-%d %H:%M")
        .to_string();
    let head = w("closed")
        .replace("{by}", &c.closed_by)
        .replace("{at}", &at)
        .replace("{digest}", &c.digest[..16.min(c.digest.len())]);
    html! {
        section class=(if since.unchanged { "card" } else { "card alert" }) id="report-closed" {
            p { strong { (head) } }
            @if since.unchanged {
                p class="success" { (w("unchanged")) }
            } @else {
                p class="error" { (w("changed")) }
                ul class="moved" {
                    @for m in &since.moved { li { (name(&m.key, en)) ": " (m.then) " → " (m.now) } }
                }
                button type="button" class="link drill" id="report-changed-tickets" data-title=(w("changed_tickets")) data-ids=(since.tickets.join(",")) {
                    (w("changed_count").replace("{n}", &since.tickets.len().to_string()))
                }
            }
        }
    }
}

fn group(key: &str, counts: &[Count], en: bool) -> Markup {
    html! {
        table class="list report-group" {
            caption { (name(key, en)) }
            tbody {
                @for c in counts {
                    tr { th scope="row" { (name(&c.key, en)) } td { (drill(&name(&c.key, en), &c.ids, &c.count.to_string())) } }
                }
            }
        }
    }
}

/// Per person, per department and the case analyses: the export's own tables, each row
/// opening its tickets.
fn work(f: &TicketFigures, en: bool) -> Markup {
    let words = csv_words(en);
    html! {
        @for (key, lines) in tables(f, &words).into_iter().filter(|(k, _)| *k != "escalated_by_rules") {
            @let ids: Vec<Vec<String>> = match key {
                "people" => f.people.iter().map(|p| p.ids.clone()).collect(),
                "departments" => f.departments.iter().map(|d| d.ids.clone()).collect(),
                "weekly_by_building" => f.weekly_by_building.iter().map(|b| b.ids()).collect(),
                _ => f.analyses.iter().map(|a| vec![a.id.clone()]).collect(),
            };
            table class="list report-work" data-table=(key) {
                caption { (name(key, en)) small class="how" { (how(key, en)) } }
                @if let Some(head) = lines.first() {
                    thead { tr { @for h in head { th scope="col" { (h) } } } }
                }
                tbody {
                    @for (cells, ids) in lines.iter().skip(1).zip(ids) {
                        tr {
                            th scope="row" { (drill(&cells[0], &ids, &cells[0])) }
                            @for c in cells.iter().skip(1) { td { (c) } }
                        }
                    }
                }
            }
        }
    }
}

/// The whole report body, in Chinese or English, its charts drawn in.
pub fn body(r: &TicketReport, en: bool) -> Markup {
    let w = |k: &str| page(k, en);
    let (current, previous, year_before) = (&r.current, &r.previous, &r.year_before);
    let heads =
        [Some(current), previous.as_ref(), year_before.as_ref()].map(|f| f.map_or_else(String::new, label));
    let received = [Some(current), previous.as_ref(), year_before.as_ref()]
        .map(|f| f.map_or_else(String::new, |f| f.received.to_string()));
    let mut groups: Vec<(&str, &Vec<Count>)> = vec![
        ("by_kind", &current.by_kind),
        ("by_category", &current.by_category),
        ("by_department", &current.by_department),
        ("by_channel", &current.by_channel),
        ("by_building", &current.by_building),
        ("escalated_by_rules", &current.escalated_by_rules),
    ];
    let ledgers: Vec<(&str, &Vec<Count>)> =
        r.operations.as_ref().map(|o| o.groups().to_vec()).unwrap_or_default();
    let recovered = r.operations.as_ref().map_or(0, |o| o.recovered_fen);
    groups.retain(|(_, c)| !c.is_empty());
    let paid = &current.paid;
    let length = (current.period.to - current.period.from).num_days().to_string();
    html! {
        h2 id="report-period" { (w("period").replace("{days}", &heads[0]).replace("{n}", &length)) }
        (closing(r, en))
        table class="list report-figures" id="report-figures" {
            thead { tr {
                th scope="col" { (w("figure")) }
                th scope="col" { (w("this_period")) small { (heads[0]) } }
                th scope="col" { (w("previous")) small { (heads[1]) } }
                th scope="col" { (w("year_before")) small { (heads[2]) } }
            } }
            tbody {
                tr data-figure="received" {
                    th scope="row" { (name("received", en)) small class="how" { (how("received", en)) } }
                    td { (received[0]) } td { (received[1]) } td { (received[2]) }
                }
                @for rate in &current.rates {
                    tr data-figure=(rate.key) {
                        th scope="row" { (name(&rate.key, en)) small class="how" { (how(&rate.key, en)) } }
                        td {
                            (percent(rate)) " "
                            @if let (Some(m), Some(p)) = (rate.median_minutes, rate.p90_minutes) {
                                small { (w("minutes").replace("{median}", &m.to_string()).replace("{p90}", &p.to_string())) }
                            }
                            @if !rate.late.is_empty() {
                                " " (drill(&name(&rate.key, en), &rate.late, &w("late").replace("{n}", &rate.late.len().to_string())))
                            }
                        }
                        td { (rate_in(previous, &rate.key).map(percent).unwrap_or_default()) }
                        td { (rate_in(year_before, &rate.key).map(percent).unwrap_or_default()) }
                    }
                }
                @for s in &current.shares {
                    @let find = |f: &Option<TicketFigures>| share_text(f.as_ref().and_then(|f| f.shares.iter().find(|x| x.key == s.key)));
                    tr data-figure=(s.key) {
                        th scope="row" { (name(&s.key, en)) small class="how" { (how(&s.key, en)) } }
                        td { (drill(&name(&s.key, en), &s.ids, &share_text(Some(s)))) }
                        td { (find(previous)) } td { (find(year_before)) }
                    }
                }
                tr data-figure="escalated" {
                    th scope="row" { (name("escalated", en)) small class="how" { (how("escalated", en)) } }
                    td { (drill(&name("escalated", en), &current.escalated.ids, &current.escalated.count.to_string())) } td {} td {}
                }
                tr data-figure="paid" {
                    th scope="row" { (name("paid", en)) small class="how" { (how("paid", en)) } }
                    td { (format!("{} · {:.2} · {:.2}", paid.completed, paid.labour_fee as f64 / 100.0, paid.material_fee as f64 / 100.0)) } td {} td {}
                }
            }
        }
        // Drawn into the page from the figures already computed: an image per chart would
        // have the server compute the whole report again for each.
        figure class="report-chart" id="chart-per-day" { (PreEscaped(steward_domain::report::chart::per_day(current, en))) }
        figure class="report-chart" id="chart-rates" { (PreEscaped(steward_domain::report::chart::rates(current, en))) }
        div class="report-groups" { @for (key, counts) in &groups { (group(key, counts, en)) } }
        (work(current, en))
        div class="report-groups" id="report-ledgers" { @for (key, counts) in &ledgers { (group(key, counts, en)) } }
        @if r.operations.is_some() {
            p class="hint" id="report-recovered" {
                (name("arrears_recovered_amount", en)) ": " (format!("{:.2}", recovered as f64 / 100.0)) " · " (how("arrears_recovered_amount", en))
            }
        }
    }
}
