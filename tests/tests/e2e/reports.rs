//! The manager's monthly report in Chromium: the month's figures beside the ones before,
//! how each is counted, the server's charts, a drill-down from the on-time rate to the late
//! ticket, the CSV Excel opens, in both languages, on the manager's tablet.

use crate::harness::*;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, CreateTicket};
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::lifecycle::Action;
use steward_domain::ticket::{Channel, Department, RepairScope, TicketKind, Urgency};

fn id(n: u32) -> String {
    format!("0190f5c2-7d1a-7000-8000-{n:012}")
}

fn repair(unit: &str) -> NewTicket {
    NewTicket {
        kind: TicketKind::Repair,
        scope: Some(RepairScope::InHome),
        unit: unit.into(),
        reporter: "张先生".into(),
        contact_phone: "13812345678".into(),
        category: "plumbing".into(),
        urgency: Urgency::Normal,
        channel: Channel::Phone,
        description: "卫生间漏水".into(),
        internal_note: String::new(),
        reply_by: None,
        appointment: None,
        owner_token_hash: None,
    }
}

fn step(ticket: u32, event: u32, action: Action) -> Mutation {
    Mutation::ActOnTicket(ActOnTicket { ticket_id: id(ticket), event_id: id(event), action, note: None })
}

#[tokio::test(flavor = "multi_thread")]
async fn the_manager_reads_the_month_drills_to_the_late_ticket_and_downloads_the_csv() {
    let mut server = Server::start();
    let dispatch = || Action::Dispatch { department: Department::Engineering };
    push_as(
        &server,
        "desk",
        vec![
            Mutation::CreateTicket(CreateTicket { id: id(1), event_id: id(11), ticket: repair("3栋-1502") }),
            Mutation::CreateTicket(CreateTicket { id: id(2), event_id: id(21), ticket: repair("1栋-201") }),
            step(1, 12, dispatch()),
            step(2, 22, dispatch()),
        ],
    )
    .await;
    push_as(&server, "engineer", vec![step(1, 13, Action::Accept), step(1, 14, Action::ArriveOnSite)]).await;
    // The month is over on the server: ticket 2 never had anyone on site.
    let today = property_today();
    let month = today.format("%Y-%m").to_string();
    let next = steward_domain::report::Period::month(&month).unwrap().to;
    server.advance_clock((next - today).num_days() * 24 * 60 + 60);

    let b = Browser::launch().await;
    b.login(&server, "manager").await;
    b.wait("#home-dashboard").await;
    b.click(".tile.ready a[href='/reports']").await;
    b.wait("#reports").await;
    b.set_value("#report-month", &month).await;
    b.wait_text("#report-figures tr[data-figure='received']", "2").await;
    b.wait_text("#report-figures tr[data-figure='arrival']", "50.0% (1/2)").await;
    b.wait_text("#report-figures tr[data-figure='arrival']", "暂停（等待业主）的时间不计").await;
    b.wait_js("the charts drawn in", "return document.querySelectorAll('.report-chart svg rect').length > 2")
        .await;
    b.screenshot("report-month-tablet").await;

    // From the on-time rate to the late ticket.
    b.click("#report-figures tr[data-figure='arrival'] button.drill").await;
    b.wait_text("#report-behind", "1栋-201").await;
    b.wait_js(
        "only the late one",
        "return !document.querySelector('#report-behind').textContent.includes('3栋-1502')",
    )
    .await;
    b.click("#report-behind a").await;
    b.wait_js("the ticket opened", &format!("return location.pathname === '/tickets/{}'", id(2))).await;
    b.client.back().await.unwrap();
    b.wait_text("#report-figures tr[data-figure='arrival']", "50.0% (1/2)").await;
    // Who did the work, and what the rules escalated: the late one, to its ticket.
    b.wait_text("table[data-table='departments']", "工程部").await;
    b.wait_text("table[data-table='departments'] tbody tr", "1/2").await;
    b.wait_text("table[data-table='people'] tbody tr", "王小红").await;
    b.wait_text("table[data-table='weekly_by_building'] tbody", "3栋").await;
    b.wait_text(".report-groups", "到场超时").await;
    b.click("table[data-table='departments'] tbody button.drill").await;
    b.wait_text("#report-behind", "3栋-1502").await;
    b.wait_text("#report-behind", "1栋-201").await;

    // The CSV the link downloads: a BOM, the figures, in the page's language.
    let csv = b
        .client
        .execute_async(
            "const done = arguments[0]; fetch(document.querySelector('#report-csv').href).then(r => r.arrayBuffer()) \
             .then(b => { const u = new Uint8Array(b); done(u.slice(0, 3).join(',') + '|' + new TextDecoder().decode(b)); })",
            vec![],
        )
        .await
        .unwrap();
    let csv = csv.as_str().unwrap();
    assert!(csv.starts_with("239,187,191|"), "a BOM first, so Excel reads UTF-8: {csv}");
    assert!(
        csv.contains("受理工单,2") && csv.contains("20分钟内到场 · 达标（达标数/统计数）,50.0% (1/2)"),
        "{csv}"
    );

    // The workbook the other link downloads is one (a zip: `PK`).
    let xlsx = b
        .client
        .execute_async(
            "const done = arguments[0]; fetch(document.querySelector('#report-xlsx').href).then(r => r.arrayBuffer()) \
             .then(b => done(new Uint8Array(b).slice(0, 2).join(',') + '|' + b.byteLength))",
            vec![],
        )
        .await
        .unwrap();
    assert!(xlsx.as_str().unwrap().starts_with("80,75|"), "{xlsx}");

    // 月结: the manager closes the month; a completion recorded late shows on the closed month.
    b.click("#report-close").await;
    b.wait_text("#report-closed", "已结账：张伟").await;
    b.wait_text("#report-closed", "没有变动").await;
    push_as(
        &server,
        "engineer",
        vec![step(
            1,
            15,
            Action::Complete { labour_fee: 0, material_fee: 0, owner_confirmation: Some("张先生".into()) },
        )],
    )
    .await;
    b.client.refresh().await.unwrap();
    b.wait_text("#report-closed", "结账后有记录变动").await;
    b.wait_text("#report-closed", "回访覆盖: 0/0 → 0/1").await;
    b.click("#report-changed-tickets").await;
    b.wait_text("#report-behind", "3栋-1502").await;
    b.screenshot("report-closed-changed-tablet").await;

    b.click("#lang-toggle").await;
    b.wait_text("#report-figures", "On site within 20 minutes").await;
    b.wait_text("#report-figures", "time paused waiting on the owner not counted").await;
    b.screenshot("report-month-english-tablet").await;

    // Printed on A4 as the one who signs it reads it, in English and in Chinese: the period
    // first, then the figures, charts and tables, each table and chart whole on its page;
    // the screen's controls and the drill-down left out.
    let charts = "return document.querySelectorAll('.report-chart svg').length === 2";
    let mut pages = Vec::new();
    for (lang, period) in [("english", "Period: "), ("chinese", "统计期间：")] {
        b.wait_text("#report-period", period).await;
        b.wait_js("the charts drawn", charts).await;
        b.print_screenshot(&format!("report-print-{lang}")).await;
        pages.push(b.printed_pages().await);
        b.cdp("Emulation.setEmulatedMedia", serde_json::json!({ "media": "print" })).await;
        b.wait_js(
            "kept whole, controls left out",
            "return [...document.querySelectorAll('#reports table, #reports figure')].every(e => getComputedStyle(e).breakInside === 'avoid') \
               && getComputedStyle(document.querySelector('#report-month').closest('.no-print')).display === 'none' \
               && getComputedStyle(document.querySelector('#report-behind')).display === 'none'",
        )
        .await;
        b.cdp("Emulation.setEmulatedMedia", serde_json::json!({ "media": "" })).await;
        if lang == "english" {
            b.click("#lang-toggle").await;
        }
    }
    assert!(pages.iter().all(|p| (2..=4).contains(p)), "the month on 2 to 4 A4 pages (en, zh): {pages:?}");

    // A week, as the picker writes it, then the Saturday decoration report's week: the
    // period says which days, the address names them, the figures are those days'.
    let week = today.format("%G-W%V").to_string();
    b.set_value("#report-week", &week).await;
    b.wait_text("#report-period", "（7 天）").await;
    let fields = format!(
        "return document.querySelector('#report-month').value === '' && document.querySelector('#report-week').value === '{week}'"
    );
    b.wait_js("only the week's field names the week", &fields).await;
    b.wait_text("#report-figures tr[data-figure='received']", "2").await;
    b.wait_js("the address names the days", "return location.search.startsWith('?from=')").await;
    b.click("#report-saturday").await;
    let saturday = steward_domain::report::Period::saturday_week(today);
    b.wait_text("#report-period", &format!("{} – {}", saturday.from, saturday.last())).await;
    // A first day picked after the last moves the last with it: that one day.
    let later = saturday.last() + chrono::Days::new(3);
    b.set_value("#report-from", &later.to_string()).await;
    b.wait_text("#report-period", &format!("{later} – {later}（1 天）")).await;
    b.click("#report-saturday").await;
    b.wait_text("#report-ledgers", "工程部定期巡查").await;
    b.screenshot("report-saturday-week-tablet").await;
    b.quit().await;
}
