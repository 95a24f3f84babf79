//! A decoration patrol on a phone with the network off, its notice and repair ticket at the
//! desk, and the escalation when the owner's deadline passes.

use crate::harness::*;

/// Moves this browser's clock `days` ahead on every page it loads (the owner's deadline
/// passes without waiting for it).
async fn shift_clock(b: &Browser, days: u32) {
    let source = format!(
        "(() => {{ const shift = {days} * 86400000; const Real = Date; \
         class Shifted extends Real {{ constructor(...a) {{ if (a.length === 0) super(Real.now() + shift); else super(...a); }} \
         static now() {{ return Real.now() + shift; }} }} globalThis.Date = Shifted; }})();"
    );
    b.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": source })).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_offline_patrol_raises_a_notice_and_a_ticket_and_the_missed_deadline_escalates() {
    let mut server = Server::start();
    decoration_under_way(&server).await;
    let patrol = Browser::launch().await;
    patrol.resize(PHONE).await;
    patrol.login(&server, "patrol").await;
    patrol.wait("#home-patrol").await;
    patrol.click(".tile.ready a[href='/decorations']").await;
    patrol.wait_text("#decoration-list", "1栋-201").await;
    patrol.wait_text("#decoration-list", "今日未巡查").await;
    patrol.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    patrol.click("#decoration-list a.button").await;
    patrol.wait("#item-load_bearing").await;

    // In the basement: no network.
    server.kill();
    patrol.wait_text("#net-status", "离线").await;
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("wall.bmp");
    test_photo(&photo, 3000, 4000);
    patrol.click("#item-load_bearing .fail").await;
    patrol.fill("#item-load_bearing .note", "拆除卫生间承重墙约1米").await;
    patrol.set_files("#photos-load_bearing", &[&photo]).await;
    patrol.wait("#item-load_bearing .photos img").await;
    patrol.click("#item-protection .fail").await;
    patrol.fill("#item-protection .note", "电梯轿厢保护板破损，轿壁划伤").await;
    patrol.click("#item-protection .raise-ticket").await;
    patrol.set_files("#photos-protection", &[&photo]).await;
    patrol.wait("#item-protection .photos img").await;
    // Nothing starts as 合格: the patrol cannot be sent until every item was looked at.
    patrol.click("#patrol-submit").await;
    patrol.wait_text("#patrol-error", "还有 10 项未检查").await;
    patrol.wait_text("#patrol-progress", "已检查 2/12 项").await;
    patrol.wait("#item-permit.unanswered").await;
    patrol
        .wait_js("choices say their state", "return document.querySelector('#item-load_bearing .fail').getAttribute('aria-pressed') === 'true' && document.querySelector('#item-permit .pass').getAttribute('aria-pressed') === 'false'")
        .await;
    // A call comes in, the app is reloaded: the checklist, notes and photos are all still there.
    patrol.client.refresh().await.unwrap();
    patrol.wait_text("#draft-note", "已恢复").await;
    patrol.wait("#item-load_bearing .fail.active").await;
    patrol
        .wait_js(
            "the note is back",
            "return document.querySelector('#item-load_bearing .note').value === '拆除卫生间承重墙约1米'",
        )
        .await;
    patrol.wait("#item-load_bearing .photos img").await;
    patrol.wait("#item-protection .photos img").await;
    patrol.wait("#item-protection .raise-ticket:checked").await;
    patrol.pass_the_rest().await;
    patrol.screenshot("patrol-checklist-phone").await;
    patrol.click("#patrol-submit").await;
    patrol.wait("#decorations").await;
    patrol.wait_text("#notices", "拆除卫生间承重墙").await;
    patrol.wait_text("#pending-count", "待同步 1").await;
    patrol.wait_text("#photos-waiting", "待传照片 2").await;
    // A reload in the basement loses nothing.
    patrol.client.refresh().await.unwrap();
    patrol.wait_text("#notices", "电梯轿厢保护板破损").await;
    patrol.wait_text("#pending-count", "待同步 1").await;
    patrol.screenshot("patrol-offline-phone").await;

    server.restart();
    patrol
        .wait_js(
            "synced",
            "return !document.querySelector('#pending-count') && !document.querySelector('#photos-waiting')",
        )
        .await;
    patrol.wait_text("#decoration-list", "今日已巡查 1 次").await;
    // Submitted: the draft is gone, a new patrol starts unanswered.
    patrol.click("#decoration-list a.button").await;
    patrol.wait("#item-load_bearing").await;
    patrol.wait_js("a fresh checklist", "return !document.querySelector('.check-item .choices .active') && !document.querySelector('#draft-note').textContent.includes('已恢复')").await;
    patrol.goto(&server.url("/decorations")).await;

    // The desk sees the notice and the repair ticket, with its photo.
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url("/decorations")).await;
    desk.wait_text("#notices", "拆除卫生间承重墙").await;
    desk.wait_text("#notices", "整改中").await;
    // The notice names the violation, never the checklist's passing wording.
    desk.wait_text("#notices .violation", "破坏承重墙").await;
    let notice = desk.wait("#notices").await.text().await.unwrap();
    assert!(!notice.contains("未破坏承重墙"), "the notice says the opposite of the violation: {notice}");
    desk.click("#notices .print-notice").await;
    desk.wait_text("#notice-print .notice-items", "破坏承重墙").await;
    desk.wait_text("#notice-print .notice-items", "未对公共区域及电梯做保护").await;
    let printed = desk.wait("#notice-print").await.text().await.unwrap();
    assert!(!printed.contains("未破坏承重墙") && !printed.contains("公共区域及电梯已保护"), "{printed}");
    desk.goto(&server.url("/decorations")).await;
    desk.wait_text("#notices", "整改中").await;
    desk.wait_js(
        "the patrol's photos on the notice, as thumbnails",
        "const i = document.querySelector('#notices .photos img'); \
         return !!i && i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width <= 160",
    )
    .await;
    desk.screenshot("decorations-desk-tablet").await;
    desk.sees_patrol_ticket_with_photo(&server, "电梯轿厢保护板破损").await;

    // Four days later the deadline has passed: the re-inspection is due and shown as such.
    let supervisor = Browser::launch().await;
    shift_clock(&supervisor, 4).await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.goto(&server.url("/decorations")).await;
    supervisor.wait_text("#notices", "已到期，待复查").await;
    supervisor.fill(".reinspect-note", "承重墙未恢复").await;
    supervisor.fill(".reinspect-deduction", "500").await;
    supervisor.click(".reinspect-fail").await;
    supervisor.wait_text("#notices", "已停工").await;
    supervisor.wait_text("#decoration-list", "已停工").await;
    supervisor.screenshot("decorations-escalated-tablet").await;
    for b in [patrol, desk, supervisor] {
        b.quit().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_application_goes_through_review_permit_acceptance_and_refund() {
    let server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/decorations']").await;
    desk.click("#new-decoration").await;
    desk.fill("#unit-search", "2-304").await;
    desk.wait_text("#unit-matches", "2栋-304").await;
    desk.click("#unit-matches button").await;
    desk.wait_js("owner prefilled", "return document.querySelector('#deco-owner').value.length > 0").await;
    desk.fill("#deco-contractor", "安居装饰工程有限公司").await;
    desk.fill("#deco-workers", "赵师傅，钱师傅").await;
    desk.set_value("#deco-start", "2026-12-01").await;
    desk.set_value("#deco-end", "2027-02-28").await;
    desk.click("#scope-wet-rooms").await;
    desk.wait("#deco-documents .waterproofingplan").await;
    // Not every document signed: refused on the tablet at once.
    desk.click("#deco-submit").await;
    desk.wait_text("[role=alert]", "资料未收齐或未签字").await;
    desk.client
        .execute("document.querySelectorAll('#deco-documents input').forEach(i => i.click())", vec![])
        .await
        .unwrap();
    desk.screenshot("decoration-apply-tablet").await;
    desk.click("#deco-submit").await;
    desk.wait_text("#deco-status", "待客服经理审核").await;
    let url = desk.client.current_url().await.unwrap().to_string();
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;

    for (user, next) in [("manager", "待工程部审核"), ("engineer", "待缴费发证")] {
        let reviewer = Browser::launch().await;
        reviewer.login(&server, user).await;
        reviewer.wait(".tabs").await;
        reviewer.goto(&url).await;
        reviewer.click("#deco-approve").await;
        reviewer.wait_text("#deco-status", next).await;
        reviewer.wait_js("synced", "return !document.querySelector('#pending-count')").await;
        reviewer.quit().await;
    }
    desk.client.refresh().await.unwrap();
    desk.fill("#deco-fees", "300").await;
    desk.fill("#deco-deposit", "2000").await;
    desk.click("#deco-permit").await;
    desk.wait_text("#deco-status", "装修中").await;
    desk.wait("#permit .qr svg").await;
    desk.screenshot("decoration-permit-tablet").await;
    desk.set_value("#deco-date", "2027-03-01").await;
    desk.click("#deco-book").await;
    desk.wait_text("#deco-status", "待验收").await;
    desk.click(".deco-pass").await; // customer service signs first
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;

    let engineer = Browser::launch().await;
    engineer.resize(PHONE).await;
    engineer.login(&server, "engineer").await;
    engineer.wait(".tabs").await;
    engineer.goto(&url).await;
    engineer.click(".deco-pass").await;
    engineer.wait_text("#deco-status", "验收通过").await;
    engineer.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    engineer.quit().await;

    // The manager enters the next working day as a public holiday: the refund moves a day.
    let calendar = steward_domain::decoration::calendar::WorkCalendar::default();
    let holiday = calendar.add_working_days(property_today(), 1);
    let manager = Browser::launch().await;
    manager.login(&server, "manager").await;
    manager.wait("#home-dashboard").await;
    manager.goto(&server.url("/patrols/plan")).await;
    manager.fill("#plan-holidays", &holiday.to_string()).await;
    manager.click("#plan-save").await;
    manager.wait_text("#patrol-plan [role=status]", "已保存").await;
    manager.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    manager.quit().await;
    let with_holiday = steward_domain::decoration::calendar::WorkCalendar {
        holidays: [holiday].into(),
        ..Default::default()
    };
    let due = with_holiday.add_working_days(property_today(), 7);
    assert_ne!(due, calendar.add_working_days(property_today(), 7));

    desk.client.refresh().await.unwrap();
    desk.wait_text("#deco-refund-due", &due.to_string()).await;
    desk.wait_text("#deco-refund-due", "还剩 7 个工作日").await;
    desk.fill("#deco-deducted", "0").await;
    desk.click("#deco-refund").await;
    desk.wait_text("#deco-status", "押金已退").await;
    desk.screenshot("decoration-refunded-tablet").await;
    desk.quit().await;
}
