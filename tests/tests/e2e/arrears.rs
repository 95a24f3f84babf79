//! 欠费催缴: the supervisor imports finance's list (a bad line refused first) and assigns a
//! unit to the patrol officer; the desk records its call, moves the case on and prints the
//! reminder notice with the amounts; the officer's phone, offline in the basement, records
//! the home visit; the desk sees it, and a payment brings the balance down.

use crate::harness::*;

const HEADER: &str = "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n";

fn file(dir: &tempfile::TempDir, name: &str, body: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, format!("\u{feff}{HEADER}{body}")).unwrap();
    path
}

const CASE: &str = "#arrears-cases li[data-unit='2栋-801']";

#[tokio::test(flavor = "multi_thread")]
async fn finance_s_list_is_followed_up_by_stage_the_notice_printed_and_the_visit_recorded_offline() {
    let mut server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.click(".tile.ready a[href='/arrears']").await;
    supervisor.wait("#arrears-import").await;
    // Every line's problems at once, in Chinese: a fee type, an amount, a unit not in the register.
    let bad = file(
        &dir,
        "bad.csv",
        "2,801,物业管理费,2026-10,1000,2026-10-31\n2,802,燃气费,2026-10,0,2026-10-31\n5,101,物业管理费,2026-10,10,2026-10-31\n",
    );
    supervisor.set_files("#arrears-file", &[&bad]).await;
    supervisor.wait_text("#arrears-import-errors", "第 3 行 [费用类型]").await;
    supervisor.wait_text("#arrears-import-errors", "欠费金额须为大于 0 的元数").await;
    supervisor.wait_text("#arrears-import-errors", "5栋-101 不在楼栋房号登记中").await;
    supervisor
        .wait_js(
            "no English",
            "return !/[a-z]{4,}/.test(document.querySelector('#arrears-import-errors').textContent)",
        )
        .await;
    let good = file(
        &dir,
        "good.csv",
        "2,801,物业管理费,2026-10,1000,2026-10-31\n2,801,水电费,2026-10,85.50,2026-10-31\n3,1502,停车费,2026-11,300,2026-11-30\n",
    );
    supervisor.set_files("#arrears-file", &[&good]).await;
    supervisor.wait_text("#arrears-imported", "2 户，3 项，共 ¥1385.50").await;
    supervisor.click("#arrears-open").await;
    supervisor.wait_text(CASE, "¥1085.50").await;
    supervisor.wait_text("#arrears-collection", "0.0%").await;
    // Assigned to the patrol officer, picked from the roster.
    let pick = "const s = document.querySelector(\"#arrears-cases li[data-unit='2栋-801'] .assign-who\"); \
        const o = [...(s ? s.options : [])].find(o => o.textContent.includes('陈晨')); if (!o) return false; \
        s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true })); return true;";
    supervisor.click(&format!("{CASE} .assign-open")).await;
    supervisor.wait_js("the officer on the roster", pick).await;
    supervisor.click(&format!("{CASE} .assign-submit")).await;
    supervisor.wait_text(CASE, "负责人 陈晨").await;
    supervisor.wait_js("the assignment to sync", "return !document.querySelector('#pending-count')").await;
    supervisor.screenshot("arrears-supervisor-tablet").await;
    supervisor.quit().await;

    // The desk calls, moves the case on (not before a contact), and prints the reminder.
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/arrears']").await;
    desk.click("#arrears-open").await;
    desk.click(&format!("{CASE} .advance")).await;
    desk.wait_text(&format!("{CASE} .error"), "本阶段须先记录一次联系").await;
    desk.fill(&format!("{CASE} .contact-outcome"), "电话通知业主，称下周缴").await;
    desk.click(&format!("{CASE} .contact-submit")).await;
    desk.click(&format!("{CASE} .advance")).await;
    desk.wait_text(&format!("{CASE} .tag.stage"), "催缴通知书").await;
    desk.click(&format!("{CASE} a.print-notice")).await;
    desk.wait_text("#arrears-notice h1", "催缴通知书").await;
    desk.wait_text("#arrears-notice .addressee", "业主（房号 2栋-801）").await;
    desk.wait_text("#arrears-notice", "水电费").await;
    desk.wait_text("#notice-total", "¥1085.50").await;
    desk.screenshot("arrears-reminder-notice-tablet").await;
    desk.wait_js("the contact to sync", "return !document.querySelector('#pending-count')").await;

    // The officer's phone, offline, records the visit to its assigned unit.
    let patrol = Browser::launch().await;
    patrol.resize(PHONE).await;
    patrol.login(&server, "patrol").await;
    patrol.wait("#home-patrol").await;
    patrol.click(".tile.ready a[href='/arrears']").await;
    patrol.wait_text(CASE, "催缴通知书").await;
    patrol
        .wait_js(
            "only its own case",
            "return document.querySelectorAll('#arrears-cases li.arrears-case').length === 1",
        )
        .await;
    patrol.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    server.kill();
    patrol.wait_text("#net-status", "离线").await;
    patrol.set_value(&format!("{CASE} .contact-channel"), "visit").await;
    patrol.fill(&format!("{CASE} .contact-outcome"), "上门，业主不在家，已留催缴通知书").await;
    patrol.click(&format!("{CASE} .contact-submit")).await;
    patrol.wait("#pending-count").await;
    patrol.screenshot("arrears-visit-offline-phone").await;
    server.restart();
    patrol.wait_js("the visit to sync", "return !document.querySelector('#pending-count')").await;
    patrol.quit().await;

    desk.goto(&server.url("/arrears")).await;
    desk.click("#arrears-open").await;
    desk.click(&format!("{CASE} .arrears-contacts summary")).await;
    desk.wait_text(&format!("{CASE} .arrears-contacts"), "上门，业主不在家，已留催缴通知书").await;
    desk.wait_text(&format!("{CASE} .arrears-contacts"), "陈晨").await;
    // The water bill paid at the cashier: the balance follows.
    desk.click(&format!("{CASE} .pay-open")).await;
    desk.set_value(&format!("{CASE} .payment-line"), "1").await;
    desk.fill(&format!("{CASE} .payment-amount"), "85.50").await;
    desk.fill(&format!("{CASE} .payment-receipt"), "SF-20261201-007").await;
    desk.click(&format!("{CASE} .payment-submit")).await;
    desk.wait_text(&format!("{CASE} h2"), "¥1000.00").await;
    desk.wait_js("the payment to sync", "return !document.querySelector('#pending-count')").await;
    desk.quit().await;
}
