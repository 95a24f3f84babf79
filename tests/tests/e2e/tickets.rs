//! Tickets across browsers: the counter tablet, engineering's phone, the owner's phone.

use crate::harness::*;

/// Waits until the page's outbox is empty (everything reached the server).
async fn synced(b: &Browser) {
    b.wait_js("synced", "return !document.querySelector('#pending-count')").await;
}

/// The walk-through: taken with the network off, synced, dispatched; engineering
/// on a phone arrives late (the desk is prompted and calls the owner), completes with fees
/// and the owner's confirmation; the owner rates it unsatisfied through the QR link; it is
/// redone and closed; the owner's page shows every step.
#[tokio::test(flavor = "multi_thread")]
async fn a_paid_repair_from_the_counter_offline_to_a_late_arrival_a_reopening_and_closure() {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/tickets/new']").await;
    desk.wait("#intake").await;
    // The unit directory comes down while online and stays on the device.
    desk.wait("#unit-building option[value='3栋']").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    server.kill();
    desk.wait_text("#net-status", "离线").await;
    desk.click("#ticket-kind option[value='paid_service']").await;
    desk.fill("#unit-search", "3-1502").await;
    desk.wait_text("#unit-matches", "3栋-1502").await;
    desk.click("#unit-matches button").await;
    // Picked: the owner's name and phone fill themselves in.
    desk.wait_js("prefilled", "return document.querySelector('#ticket-reporter').value === '徐洋' && document.querySelector('#ticket-phone').value === '13901599638'").await;
    desk.wait_js(
        "the unit's owner shown beside the picker",
        "const o = document.querySelector('#unit-owners'); return !!o && o.textContent.includes('徐洋 13901599638')",
    )
    .await;
    desk.fill("#ticket-description", "更换厨房水龙头").await;
    desk.set_value("#ticket-appointment", "2030-01-05T10:00").await;
    // A photo from the tablet's camera: 4000×3000, shrunk on the device before it is kept.
    let photos = tempfile::tempdir().unwrap();
    let camera = photos.path().join("camera.bmp");
    test_photo(&camera, 4000, 3000);
    desk.set_files("#intake-photos", &[&camera]).await;
    desk.wait(".photo-row .photos img").await;
    desk.screenshot("ticket-intake-tablet").await;
    desk.click("#ticket-submit").await;
    desk.wait_text("#ticket-number", "待编号").await;
    desk.wait("#receipt .qr svg").await;
    desk.wait_text("#pending-count", "待同步 2").await; // the ticket, and its photo reference
    desk.screenshot("ticket-offline-receipt-tablet").await;
    desk.wait_text("#photos-waiting", "待传照片 1").await;
    server.restart();
    desk.wait_js(
        "the ticket number",
        "return /^T\\d{4}-0001$/.test(document.querySelector('#ticket-number').textContent)",
    )
    .await;
    let owner_url = desk.wait(".owner-link").await.attr("href").await.unwrap().unwrap();
    // The photo followed the record: uploaded, and shown from the server.
    desk.wait_js("photo uploaded", "return !document.querySelector('#photos-waiting')").await;
    desk.client.refresh().await.unwrap();
    desk.wait_js(
        "the intake photo shown from the server",
        "const i = document.querySelector('#ticket-photos img'); return !!i && i.complete && i.naturalWidth === 1600",
    )
    .await;
    desk.click("#dispatch-department option[value='engineering']").await;
    desk.click("#act-dispatch").await;
    desk.wait_text("#ticket-status", "已派单").await;
    desk.wait_text("#ticket-sla", "到场时限：还剩").await;
    synced(&desk).await;

    // 21 minutes pass before anyone is on site.
    server.advance_clock(21);
    let engineer = Browser::launch().await;
    engineer.resize(PHONE).await;
    engineer.login(&server, "engineer").await;
    engineer.wait("#home-work-orders").await;
    // The engineer's home is the department's queue, with its count.
    engineer.wait_text("#ticket-total", "共 1 单").await;
    engineer.goto(&server.url("/tickets")).await;
    engineer.wait("#filter-department.active").await;
    engineer.screenshot("ticket-queue-phone").await;
    engineer.click("#ticket-list a").await;
    for (button, status) in [("#act-accept", "已接单"), ("#act-arrive", "已到场")] {
        engineer.click(button).await;
        engineer.wait_text("#ticket-status", status).await;
    }
    synced(&engineer).await;
    engineer.wait_text("#ticket-sla", "到场已超时").await;

    // The desk is prompted to call the owner, and records the call.
    desk.client.refresh().await.unwrap();
    desk.wait_text("#late-call", "到场超时").await;
    desk.screenshot("ticket-late-call-tablet").await;
    desk.fill("#late-explanation", "维修工在另一单元抢修，已致歉").await;
    desk.set_value("#late-new-completion", "2030-01-05T12:00").await;
    desk.click("#late-record").await;
    desk.wait("#ticket-promised").await;
    desk.wait_js("the prompt is gone", "return !document.querySelector('#late-call')").await;
    synced(&desk).await;

    // Completed with fees, confirmed by the owner on the engineer's phone.
    engineer.client.refresh().await.unwrap();
    engineer.wait("#completion").await;
    engineer.fill("#labour-fee", "50").await;
    engineer.fill("#material-fee", "35.5").await;
    engineer
        .wait_js("no completion without the owner", "return document.querySelector('#act-complete').disabled")
        .await;
    engineer.click("#confirm-tick").await;
    engineer.set_files("#photos-after", &[&camera]).await;
    engineer
        .wait_js("two photos", "return document.querySelectorAll('#ticket-photos img').length === 2")
        .await;
    engineer.screenshot("ticket-complete-phone").await;
    engineer.click("#act-complete").await;
    engineer.wait_text("#ticket-status", "已完工").await;
    engineer.wait_text("#ticket-fees", "¥50.00 + ¥35.50").await;
    synced(&engineer).await;

    let owner = Browser::launch().await;
    owner.resize(PHONE).await;
    owner.goto(&owner_url).await;
    owner.wait_text("#owner-status", "已完成，待您评价").await;
    owner.wait_text("#owner-fees", "人工费 ¥50.00 · 材料费 ¥35.50").await;
    owner.wait_text("#owner-timeline", "已与您约定新的完成时间").await;
    owner.screenshot("owner-status-phone").await;
    let page = owner.client.source().await.unwrap();
    for secret in ["13901599638", "另一单元"] {
        assert!(!page.contains(secret), "the owner page shows {secret}");
    }
    owner.fill("#owner-comment", "水龙头仍然滴水").await;
    owner.click("#owner-unsatisfied").await;
    owner.wait_text("#owner-message", "感谢您的评价").await;
    owner.wait_text("#owner-status", "已派单").await;

    // Redone: back to engineering, then the desk's return visit closes it.
    engineer.client.refresh().await.unwrap();
    engineer.wait_text("#ticket-reopened", "1").await;
    for (button, status) in [("#act-accept", "已接单"), ("#act-arrive", "已到场")] {
        engineer.click(button).await;
        engineer.wait_text("#ticket-status", status).await;
    }
    engineer.click("#confirm-tick").await;
    engineer.click("#act-complete").await;
    engineer.wait_text("#ticket-status", "已完工").await;
    synced(&engineer).await;
    desk.client.refresh().await.unwrap();
    desk.wait_text("#ticket-status", "已完工").await;
    desk.fill("#ticket-note", "更换阀芯后不再滴水，业主满意").await;
    desk.click("#act-satisfied").await;
    desk.wait_text("#ticket-status", "已结案").await;
    synced(&desk).await;
    desk.screenshot("ticket-closed-tablet").await;

    owner.client.refresh().await.unwrap();
    owner.wait_text("#owner-status", "已结案").await;
    let steps = owner
        .client
        .execute(
            "return [...document.querySelectorAll('#owner-timeline li strong')].map(e => e.textContent).reverse()",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        steps,
        serde_json::json!([
            "已受理您的报事",
            "已安排处理人员",
            "处理人员已接单",
            "处理人员已到场",
            "已与您约定新的完成时间",
            "已完工",
            "您的评价",
            "处理人员已接单",
            "处理人员已到场",
            "已完工",
            "客服回访"
        ]),
        "the owner sees every step meant for them, once, in their words"
    );
    owner.screenshot("ticket-owner-closed-phone").await;
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
    // A unit outside the register is refused on the form, offline too (the device holds
    // the register); one typed `2-801` is kept as the register's `2栋-801`.
    desk.wait_js(
        "the register on the device",
        "return !!document.querySelector(\"#unit-building option[value='2栋']\")",
    )
    .await;
    desk.fill("#ticket-unit", "9栋-9999").await;
    desk.fill("#ticket-reporter", "李女士").await;
    desk.fill("#ticket-phone", "13900001111").await;
    // A complaint's own categories: 水路 is not among them.
    desk.wait("#ticket-category option[value='noise']").await;
    desk.wait_js(
        "no plumbing complaint",
        "return !document.querySelector(\"#ticket-category option[value='plumbing']\")",
    )
    .await;
    desk.click("#ticket-category option[value='noise']").await;
    desk.fill("#ticket-description", "楼上深夜装修噪音").await;
    desk.click("#ticket-submit").await;
    desk.wait_text("#intake", "房号不在楼栋房号登记中").await;
    desk.fill("#ticket-unit", "2-801").await;
    desk.fill("#ticket-reporter", "李女士").await;
    desk.fill("#ticket-phone", "13900001111").await;
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
    supervisor.wait_text("#ticket-empty", "没有符合条件的工单").await;
    // On a phone every tab and the ticket's status stay on screen.
    supervisor.resize(PHONE).await;
    supervisor
        .wait_js(
            "every tab on screen",
            "return [...document.querySelectorAll('.tabs a')].every(a => a.getBoundingClientRect().right <= window.innerWidth)",
        )
        .await;
    supervisor.screenshot("dashboard-phone").await;
    supervisor.resize(TABLET).await;

    desk.client.refresh().await.unwrap();
    desk.wait_text("#ticket-plan", "当晚联系施工方停工").await;
    desk.fill("#ticket-note", "已协调，施工方承诺夜间不施工").await;
    desk.click("#act-answer").await;
    desk.wait_text("#ticket-status", "已完工").await;
    // The lists: it waits for its return visit, and search finds it by unit.
    desk.goto(&server.url("/tickets")).await;
    desk.click("#filter-return").await;
    desk.wait_text("#ticket-list", "2栋-801").await;
    desk.fill("#ticket-search", "2-801").await;
    desk.wait_text("#ticket-list", "2栋-801").await;
    desk.fill("#ticket-search", "9栋").await;
    desk.wait_js("search narrows the list", "return !document.querySelector('#ticket-list tbody tr')").await;
    desk.screenshot("ticket-list-tablet").await;
    // The same screens on a phone.
    desk.resize(PHONE).await;
    desk.set_value("#ticket-search", "").await;
    desk.wait("#ticket-list tbody tr").await;
    desk.wait_js(
        "the status column on screen",
        "const td = document.querySelector('#ticket-list tbody tr td:nth-child(2)');          return td.textContent.length > 0 && td.getBoundingClientRect().right <= window.innerWidth",
    )
    .await;
    desk.wait_js(
        "the top bar in two rows",
        "return document.querySelector('.topbar').getBoundingClientRect().height < 110",
    )
    .await;
    desk.screenshot("ticket-list-phone").await;
    desk.click("#ticket-list a").await;
    desk.wait("#ticket-timeline li").await;
    desk.screenshot("ticket-detail-phone").await;
    desk.goto(&server.url("/tickets/new")).await;
    desk.fill("#unit-search", "王").await;
    desk.wait("#unit-matches button").await;
    desk.screenshot("ticket-intake-phone").await;
    supervisor.quit().await;
    desk.quit().await;
}

/// The intake form as a receptionist interrupted mid-way meets it: the kind's own
/// categories, the unit found however it is typed, a draft that survives a reload, the
/// owner-facing description apart from internal remarks, and a receipt that says what a
/// receipt must — also when it was printed offline.
#[tokio::test(flavor = "multi_thread")]
async fn intake_keeps_a_draft_and_prints_a_receipt_worth_keeping() {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url("/tickets/new")).await;
    desk.wait("#unit-building option[value='2栋']").await;
    // Rooms however they are typed; the exact room before the ones that end the same.
    for (query, first) in [("0801", "1栋-801"), ("2栋-0801", "2栋-801"), ("2-801", "2栋-801")] {
        desk.fill("#unit-search", query).await;
        desk.wait_js(
            &format!("{query} finds {first} first"),
            &format!("const b = document.querySelector('#unit-matches button'); return !!b && b.textContent.includes('{first}')"),
        )
        .await;
    }
    desk.fill("#unit-search", "2-801").await;
    desk.wait_text("#unit-matches button", "2栋-801").await;
    desk.click("#unit-matches button").await;
    desk.wait_js("prefilled", "return document.querySelector('#ticket-reporter').value.length > 0").await;
    // Typing another unit takes the picked unit's owner away: never saved under the wrong owner.
    desk.fill("#ticket-unit", "9栋-9999").await;
    desk.wait_js(
        "the owner cleared",
        "return document.querySelector('#ticket-reporter').value === '' && document.querySelector('#ticket-phone').value === ''",
    )
    .await;
    desk.fill("#unit-search", "2-801").await;
    desk.wait_text("#unit-matches button", "2栋-801").await;
    desk.click("#unit-matches button").await;
    // The category list follows the kind.
    desk.click("#ticket-kind option[value='complaint']").await;
    desk.wait("#ticket-category option[value='staff_attitude']").await;
    desk.wait_js(
        "no plumbing complaint",
        "return !document.querySelector(\"#ticket-category option[value='plumbing']\")",
    )
    .await;
    desk.click("#ticket-kind option[value='repair']").await;
    desk.wait("#ticket-category option[value='plumbing']").await;
    desk.click("#ticket-category option[value='leak']").await;
    desk.fill("#ticket-description", "卫生间天花板渗水，业主下午在家").await;
    desk.fill("#ticket-internal-note", "业主情绪激动，注意沟通").await;
    let photos = tempfile::tempdir().unwrap();
    let camera = photos.path().join("ceiling.bmp");
    test_photo(&camera, 1200, 900);
    desk.set_files("#intake-photos", &[&camera]).await;
    desk.wait(".photo-row .photos img").await;
    // Interrupted: the tablet reloads. Everything typed, and the photo, is still there.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    desk.client.refresh().await.unwrap();
    desk.wait_text("#draft-note", "已恢复").await;
    desk.wait(".photo-row .photos img").await;
    desk.wait_js(
        "the draft is back",
        "return document.querySelector('#ticket-description').value === '卫生间天花板渗水，业主下午在家' \
         && document.querySelector('#ticket-internal-note').value === '业主情绪激动，注意沟通' \
         && document.querySelector('#ticket-category').value === 'leak' \
         && document.querySelector('#ticket-reporter').value.length > 0",
    )
    .await;
    desk.screenshot("ticket-intake-draft-tablet").await;
    desk.click("#ticket-submit").await;
    desk.wait_js(
        "numbered",
        "return /^T\\d{4}-0001$/.test(document.querySelector('#ticket-number').textContent)",
    )
    .await;
    desk.wait_js(
        "the draft's photo went with the ticket",
        "const i = document.querySelector('#ticket-photos img'); return !!i && i.complete && i.naturalWidth > 0",
    )
    .await;
    let receipt = desk.wait("#receipt").await.text().await.unwrap();
    for expected in [
        "示例花园",
        "0755-8888 6666",
        "2栋-801",
        "报修",
        "防水/渗水",
        "卫生间天花板渗水",
        "王小红",
        "受理时间",
    ] {
        assert!(receipt.contains(expected), "the receipt lacks {expected:?}:\n{receipt}");
    }
    assert!(!receipt.contains("业主情绪激动"), "internal remarks are not on the receipt");
    desk.wait_text("#ticket-internal-note-shown", "业主情绪激动").await;
    let owner_url = desk.wait(".owner-link").await.attr("href").await.unwrap().unwrap();
    let owner_page = reqwest::get(&owner_url).await.unwrap().text().await.unwrap();
    assert!(owner_page.contains("卫生间天花板渗水") && !owner_page.contains("业主情绪激动"));
    // Revoking the owner's link asks first.
    desk.client.execute("window.confirm = () => false", vec![]).await.unwrap();
    desk.click("#link-revoke").await;
    desk.wait(".owner-link").await;
    desk.client.execute("window.confirm = () => true", vec![]).await.unwrap();
    desk.click("#link-revoke").await;
    desk.wait("#link-none").await;
    // Submitted: the next intake starts empty.
    desk.goto(&server.url("/tickets/new")).await;
    desk.wait("#ticket-description").await;
    desk.wait_js("no draft", "return document.querySelector('#ticket-description').value === ''").await;

    // Offline, the receipt carries the device's own reference and a working QR code.
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    server.kill();
    desk.wait_text("#net-status", "离线").await;
    desk.fill("#unit-search", "1502").await;
    desk.wait("#unit-matches button").await;
    desk.click("#unit-matches button").await;
    desk.fill("#ticket-description", "门禁对讲无声").await;
    desk.click("#ticket-submit").await;
    desk.wait("#receipt-provisional").await;
    desk.wait_js(
        "a device reference instead of 待编号",
        "return /^[0-9A-F]{4}-[0-9A-F]{4}$/.test(document.querySelector('#receipt-number').textContent)",
    )
    .await;
    desk.wait("#receipt .qr svg").await;
    desk.screenshot("ticket-offline-receipt-tablet").await;
    // English: the built-in categories in English, the property's data as entered.
    desk.click("#lang-toggle").await;
    desk.wait_text("#receipt-facts", "Plumbing").await;
    desk.click("#lang-toggle").await;
    desk.quit().await;
}
