//! 钥匙管理 at the counter: a key registered, lent with the tablet offline (refused until the
//! owner's consent is written down), synced, seen by the supervisor with the number masked,
//! returned short (refused until the desk says what happened), and back in the cabinet.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_key_lent_offline_with_the_owner_s_consent_is_returned_short_with_a_note() {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/keys']").await;
    desk.wait("#keys").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;

    desk.fill("#key-tag", "K-0801").await;
    desk.fill("#key-slot", "A-12").await;
    desk.fill("#key-unit", "2栋-0801").await;
    desk.fill("#key-count", "2").await;
    desk.click("#key-submit").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0801'] .key-state", "在柜").await;
    desk.wait_js("the key to sync", "return !document.querySelector('#pending-count')").await;

    server.kill();
    desk.wait_text("#net-status", "离线").await;
    desk.click("#key-cabinet tr[data-tag='K-0801'] button.lend").await;
    desk.fill("#lend-name", "李师傅").await;
    desk.fill("#lend-purpose", "业主出差，关闭进水阀").await;
    desk.fill("#lend-escort-1", "李师傅").await;
    desk.fill("#lend-escort-2", "赵军").await;
    desk.fill("#lend-count", "2").await;
    desk.click("#lend-submit").await;
    desk.wait_text("#lend-form .error", "电话征得业主同意").await;
    desk.fill("#lend-consent-phone", "13812345678").await;
    desk.set_value("#lend-consent-at", "2026-12-01T09:41").await;
    desk.click("#lend-submit").await;
    desk.wait_text("#key-loans li.pending[data-tag='K-0801']", "业主出差").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0801'] .key-state", "借出").await;
    // Masked on the screen even before the server masks what it sends.
    desk.wait_text("#key-loans li[data-tag='K-0801']", "138****5678").await;
    desk.screenshot("keys-lent-offline-tablet").await;

    server.restart();
    desk.wait_js("the loan to sync", "return !document.querySelector('#pending-count')").await;

    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.click(".tile.ready a[href='/keys']").await;
    supervisor.wait_text("#key-loans li[data-tag='K-0801']", "138****5678").await;
    supervisor.wait_text("#key-loans li[data-tag='K-0801']", "2026-12-01 09:41").await;
    supervisor.resize(PHONE).await;
    supervisor.screenshot("keys-supervisor-phone").await;
    supervisor.quit().await;

    // One key comes back: refused until the desk says what happened to the other.
    desk.fill("#key-loans li[data-tag='K-0801'] .return-count", "1").await;
    desk.click("#key-loans li[data-tag='K-0801'] .return-submit").await;
    desk.wait_text("#key-loans li[data-tag='K-0801'] .error", "请填写说明").await;
    desk.fill("#key-loans li[data-tag='K-0801'] .return-note", "一把遗落在水表间，已报主管").await;
    desk.click("#key-loans li[data-tag='K-0801'] .return-submit").await;
    desk.wait_js("the loan to leave the open list", "return !document.querySelector(\"#key-loans li[data-tag='K-0801']\")").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0801'] .key-state", "在柜").await;
    desk.wait_js("the return to sync", "return !document.querySelector('#pending-count')").await;
    desk.quit().await;
}
