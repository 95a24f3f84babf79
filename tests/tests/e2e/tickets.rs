//! A repair from the counter to the owner's rating, across three browsers.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_repair_goes_from_the_counter_to_engineering_to_the_owner_and_back() {
    let server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/tickets/new']").await;
    desk.wait("#intake").await;
    desk.fill("#ticket-unit", "3栋-1502").await;
    desk.fill("#ticket-reporter", "张先生").await;
    desk.fill("#ticket-phone", "13812345678").await;
    desk.fill("#ticket-description", "卫生间天花板渗水").await;
    desk.screenshot("ticket-intake-tablet").await;
    desk.click("#ticket-submit").await;
    desk.wait("#receipt .qr svg").await;
    // Synced: the server's number replaces "number pending".
    desk.wait_js(
        "the ticket number",
        "return /^T\\d{4}-0001$/.test(document.querySelector('#ticket-number').textContent)",
    )
    .await;
    let owner_url = desk.wait(".owner-link").await.attr("href").await.unwrap().unwrap();
    desk.click("#dispatch-department option[value='engineering']").await;
    desk.click("#act-dispatch").await;
    desk.wait_text("#ticket-status", "已派单").await;
    desk.wait_text("#ticket-sla", "到场时限：还剩").await;
    desk.wait_js("dispatch synced", "return !document.querySelector('#pending-count')").await;
    desk.screenshot("ticket-receipt-tablet").await;

    let engineer = Browser::launch().await;
    engineer.resize(PHONE).await;
    engineer.login(&server, "engineer").await;
    engineer.wait("#home-work-orders").await;
    engineer.goto(&server.url("/tickets")).await;
    engineer.wait("#filter-department.active").await; // engineering starts from its own queue
    engineer.click("#ticket-list a").await;
    engineer.wait_text("#ticket-status", "已派单").await;
    for (button, status) in
        [("#act-accept", "已接单"), ("#act-arrive", "已到场"), ("#act-complete", "已完工")]
    {
        engineer.click(button).await;
        engineer.wait_text("#ticket-status", status).await;
    }
    engineer.wait_js("engineering synced", "return !document.querySelector('#pending-count')").await;
    engineer.wait_text("#ticket-sla", "已按时到场").await;
    engineer.screenshot("ticket-engineer-phone").await;
    let banner =
        engineer.client.execute("return !!document.querySelector('#other-tab')", vec![]).await.unwrap();
    assert_eq!(banner, serde_json::Value::Bool(false), "a single tab was told another tab holds its data");

    let owner = Browser::launch().await;
    owner.resize(PHONE).await;
    owner.goto(&owner_url).await;
    owner.wait_text("#owner-status", "已完工").await;
    owner.wait_text("#owner-timeline", "到场").await;
    let page = owner.client.source().await.unwrap();
    assert!(!page.contains("13812345678"), "the owner page shows a phone number");
    owner.fill("#owner-comment", "还在渗水").await;
    owner.click("#owner-unsatisfied").await;
    owner.wait_text("#owner-status", "已派单").await;
    owner.wait_text("#owner-timeline", "还在渗水").await;
    owner.screenshot("ticket-owner-phone").await;

    // The desk sees the reopened ticket after its next sync.
    desk.client.refresh().await.unwrap();
    desk.wait_text("#ticket-timeline", "业主").await;
    desk.wait_text(".facts", "返工次数").await;
    desk.screenshot("ticket-reopened-tablet").await;
    for b in [desk, engineer, owner] {
        b.quit().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_urgent_complaint_reaches_the_supervisor_who_sets_the_plan_and_the_desk_answers() {
    let server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url("/tickets/new")).await;
    desk.wait("#intake").await;
    desk.click("#ticket-kind option[value='complaint']").await;
    desk.click("#ticket-urgency option[value='urgent']").await;
    desk.fill("#ticket-unit", "2栋-801").await;
    desk.fill("#ticket-reporter", "李女士").await;
    desk.fill("#ticket-phone", "13900001111").await;
    desk.fill("#ticket-category", "噪音").await;
    desk.fill("#ticket-description", "楼上深夜装修噪音").await;
    desk.click("#ticket-submit").await;
    desk.wait_js(
        "the ticket number",
        "return /^T\\d{4}-0001$/.test(document.querySelector('#ticket-number').textContent)",
    )
    .await;
    desk.fill("#ticket-note", "投诉属实").await;
    desk.click("#act-valid").await;
    desk.wait_js("judged", "return !document.querySelector('#act-valid')").await;
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;

    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.wait_text("#ticket-list", "2栋-801").await;
    supervisor.screenshot("dashboard-escalated-tablet").await;
    supervisor.click("#ticket-list a").await;
    supervisor.fill("#ticket-note", "当晚联系施工方停工，次日上门协调").await;
    supervisor.click("#act-plan").await;
    supervisor.wait_text("#ticket-plan", "当晚联系施工方停工").await;
    supervisor.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    supervisor.goto(&server.url("/dashboard")).await;
    supervisor.wait("#home-dashboard").await;
    supervisor
        .wait_js("the plan takes it off the list", "return !document.querySelector('#ticket-list tbody tr')")
        .await;

    desk.client.refresh().await.unwrap();
    desk.wait_text("#ticket-plan", "当晚联系施工方停工").await;
    desk.fill("#ticket-note", "已协调，施工方承诺夜间不施工").await;
    desk.click("#act-answer").await;
    desk.wait_text("#ticket-status", "已完工").await;
    // The lists: it waits for its return visit, and search finds it by unit.
    desk.goto(&server.url("/tickets")).await;
    desk.click("#filter-return").await;
    desk.wait_text("#ticket-list", "2栋-801").await;
    desk.fill("#ticket-search", "9栋").await;
    desk.wait_js("search narrows the list", "return !document.querySelector('#ticket-list tbody tr')").await;
    desk.screenshot("ticket-list-tablet").await;
    supervisor.quit().await;
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_repair_taken_with_the_network_off_gets_its_number_when_it_syncs() {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url("/tickets/new")).await;
    desk.wait("#intake").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    server.kill();
    desk.wait_text("#net-status", "离线").await;
    desk.fill("#ticket-unit", "1栋-302").await;
    desk.fill("#ticket-reporter", "赵先生").await;
    desk.fill("#ticket-phone", "13700002222").await;
    desk.fill("#ticket-description", "厨房下水道堵塞").await;
    desk.click("#ticket-submit").await;
    // The receipt prints offline: provisional number, QR code to the owner's page.
    desk.wait_text("#ticket-number", "待编号").await;
    desk.wait("#receipt .qr svg").await;
    desk.wait_text("#pending-count", "待同步 1").await;
    desk.screenshot("ticket-offline-tablet").await;
    server.restart();
    desk.wait_js(
        "the ticket number",
        "return /^T\\d{4}-0001$/.test(document.querySelector('#ticket-number').textContent)",
    )
    .await;
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    desk.quit().await;
}
