//! Public-area and vacant-unit patrols, the manager's plan, and hot work: the manager adds a
//! checkpoint; a phone walks the route offline and its finding reaches the desk as a ticket
//! with its photo; the board counts rounds and vacant checks; a hot-work permit is approved
//! twice and security's checks join the decoration patrol; its failure prints as a notice.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_route_from_the_managers_plan_is_walked_offline_and_its_finding_is_a_ticket() {
    let mut server = Server::start();
    let manager = Browser::launch().await;
    manager.login(&server, "manager").await;
    manager.wait("#home-dashboard").await;
    manager.click(".tile.ready a[href='/patrols']").await;
    manager.click("#edit-plan").await;
    manager.wait("#plan-route-signage").await;
    manager
        .fill("#plan-route-signage .route-checkpoints", "安全出口标识\n消防标识\n楼栋指示牌\n电梯厅指示牌")
        .await;
    manager.fill("#plan-vacant-days", "0").await;
    manager.click("#plan-save").await;
    manager.wait_text("#patrol-plan [role=status]", "间隔天数须为 1–31").await;
    manager.fill("#plan-vacant-days", "7").await;
    manager.screenshot("patrol-plan-tablet").await;
    manager.click("#plan-save").await;
    manager.wait_text("#patrol-plan [role=status]", "已保存").await;
    manager.wait_js("synced", "return !document.querySelector('#pending-count')").await;

    let patrol = Browser::launch().await;
    patrol.resize(PHONE).await;
    patrol.login(&server, "patrol").await;
    patrol.wait("#home-patrol").await;
    patrol.click(".tile.ready a[href='/patrols']").await;
    patrol.wait_text("#route-signage .rounds", "今日 0/2 轮").await;
    patrol.wait_text("#vacant-board", "1栋-303").await;
    patrol.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    patrol.screenshot("patrol-board-phone").await;
    patrol.click("#route-signage a.button").await;
    patrol.wait_text("#patrol h1", "标识巡查").await;
    patrol.wait_text("#item-item1", "电梯厅指示牌").await;

    // The sign is in the lift lobby of the basement: no network.
    server.kill();
    patrol.wait_text("#net-status", "离线").await;
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("sign.bmp");
    test_photo(&photo, 3000, 4000);
    patrol.click("#item-item1 .fail").await;
    patrol.fill("#item-item1 .note", "B1电梯厅指示牌脱落").await;
    patrol.set_files("#photos-item1", &[&photo]).await;
    patrol.wait("#item-item1 .photos img").await;
    patrol.click("#item-item1 .raise-ticket").await;
    patrol.pass_the_rest().await;
    patrol.screenshot("route-patrol-phone").await;
    patrol.click("#patrol-submit").await;
    patrol.wait_text("#route-signage .rounds", "今日 1/2 轮").await;
    patrol.wait_text("#pending-count", "待同步 1").await;
    patrol.client.refresh().await.unwrap();
    patrol.wait_text("#route-signage .rounds", "今日 1/2 轮").await;
    patrol.wait_text("#pending-count", "待同步 1").await;

    // A vacant unit's check, still offline: all in order.
    patrol
        .client
        .execute("[...document.querySelectorAll('#vacant-board li')].find(l => l.textContent.includes('1栋-303')).querySelector('a').click()", vec![])
        .await
        .unwrap();
    patrol.wait_text("#patrol h1", "1栋-303").await;
    patrol.wait("#item-power_off").await;
    patrol.pass_the_rest().await;
    patrol.click("#patrol-submit").await;
    patrol.wait_text("#vacant-board", "下次").await;
    patrol.wait_text("#pending-count", "待同步 2").await;

    server.restart();
    patrol
        .wait_js(
            "synced",
            "return !document.querySelector('#pending-count') && !document.querySelector('#photos-waiting')",
        )
        .await;

    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.sees_patrol_ticket_with_photo(&server, "B1电梯厅指示牌脱落").await;
    desk.wait_text(".facts", "电梯厅指示牌").await;

    // The supervisor's board shows the round and the vacant check.
    manager.goto(&server.url("/patrols")).await;
    manager.wait_text("#route-signage .rounds", "今日 1/2 轮").await;
    manager.wait_text("#vacant-board", "下次").await;
    manager.wait_text("#patrol-report", "B1电梯厅指示牌脱落").await;
    manager.wait_text("#patrol-report", "报修 1 单").await;
    manager.screenshot("patrol-board-tablet").await;
    for b in [manager, patrol, desk] {
        b.quit().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hot_work_is_approved_twice_security_checks_it_and_the_notice_prints() {
    let server = Server::start();
    decoration_under_way(&server).await;
    let page = server.url(&format!("/decorations/{DECORATION}"));
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&page).await;
    desk.wait("#hot-work-form").await;
    desk.fill("#hw-applicant", "王师傅").await;
    desk.fill("#hw-work", "电焊").await;
    desk.fill("#hw-location", "阳台栏杆").await;
    desk.set_value("#hw-date", &property_today().to_string()).await;
    desk.fill("#hw-hours", "09:00-17:00").await;
    desk.fill("#hw-watcher", "赵师傅").await;
    desk.click("#hw-submit").await;
    desk.wait_text(".hot-work-status", "待客服审批").await;
    // Customer service approves at the desk; engineering next.
    desk.click(".hot-work-approve").await;
    desk.wait_text(".hot-work-status", "待工程部审批").await;
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;

    let engineer = Browser::launch().await;
    engineer.resize(PHONE).await;
    engineer.login(&server, "engineer").await;
    engineer.wait(".tabs").await;
    engineer.goto(&page).await;
    engineer.click(".hot-work-approve").await;
    engineer.wait_text(".hot-work-status", "已发证").await;
    engineer.wait_text(".precautions", "监护人全程在场").await;
    engineer.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    engineer.screenshot("hot-work-permit-phone").await;

    // Security's patrol carries the hot-work checks today; the watcher has left.
    let guard = Browser::launch().await;
    guard.resize(PHONE).await;
    guard.login(&server, "guard").await;
    guard.wait("#home-gate").await;
    guard.click(".tile.ready a[href='/patrols']").await;
    guard.wait_text("#hot-work-board", "1栋-201").await;
    guard.click("#hot-work-board a").await;
    guard.wait_text("#hot-work-today", "电焊").await;
    guard.wait("#item-hot_work_watcher").await;
    guard.click("#item-hot_work_watcher .fail").await;
    guard.fill("#item-hot_work_watcher .note", "动火时监护人不在场").await;
    guard.pass_the_rest().await;
    guard.screenshot("hot-work-patrol-phone").await;
    guard.click("#patrol-submit").await;
    guard.wait_text("#notices", "动火时监护人不在场").await;
    guard.wait_js("synced", "return !document.querySelector('#pending-count')").await;

    // The desk prints the notice for the owner.
    desk.goto(&server.url("/decorations")).await;
    desk.wait_text("#notices .violation", "监护人不在场").await;
    desk.click("#notices .print-notice").await;
    desk.wait_text("#notice-print", "动火时监护人不在场").await;
    desk.wait_text("#notice-print .violation", "监护人不在场").await;
    desk.wait_text("#notice-print", "陈伟").await;
    desk.wait_text("#notice-print", "签收").await;
    desk.screenshot("notice-print-tablet").await;
    for b in [desk, engineer, guard] {
        b.quit().await;
    }
}
