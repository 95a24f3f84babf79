//! A session the server no longer takes (it expired, or was ended everywhere) does not look
//! online: the tablet says "sign in again", keeps what was written, and sends it once the
//! same person signs in again on it — nothing lost, nothing doubled.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread")]
async fn an_ended_session_says_sign_in_again_and_the_outbox_is_sent_after_the_sign_in() {
    let server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/duty-log']").await;
    desk.wait("#duty-log").await;
    desk.wait_js("caught up", "return !document.querySelector('#pending-count')").await;

    // The session ends on the server (as after 12 hours, or 退出所有设备 elsewhere).
    let (other, _) = device(&server, "desk").await;
    let r = other.post(server.url("/api/auth/logout-everywhere")).send().await.unwrap();
    assert!(r.status().is_success());

    desk.fill("#duty-text", "会话过期后写下的记录").await;
    desk.click("#duty-submit").await;
    desk.wait_text("#session-expired", "登录已过期").await;
    desk.wait_text("#session-expired", "1 条").await;
    desk.wait_text("#net-status", "需重新登录").await;
    desk.wait_text("#pending-count", "待同步 1").await;
    desk.screenshot("session-expired-tablet").await;

    desk.click("#sign-in-again").await;
    desk.wait("#username").await;
    desk.fill("#username", "desk").await;
    desk.fill("#password", PASSWORD).await;
    desk.click("#login-submit").await;
    desk.wait("#home-counter").await;
    desk.wait_js("the kept entry to sync", "return !document.querySelector('#pending-count') && !document.querySelector('#session-expired')").await;

    // On the server exactly once.
    let (client, client_id) = device(&server, "supervisor").await;
    let pull = steward_domain::sync::protocol::PullRequest { client_id, cursor: None, outcomes_after: 0, limit: Some(1000) };
    let page: steward_domain::sync::protocol::PullResponse =
        client.post(server.url("/api/sync/pull")).json(&pull).send().await.unwrap().json().await.unwrap();
    let kept = page
        .changes
        .iter()
        .filter(|c| c.kind == steward_domain::sync::Kind::DutyLogEntry)
        .filter(|c| c.body_value().is_some_and(|b| b["text"] == "会话过期后写下的记录"))
        .count();
    assert_eq!(kept, 1);
    desk.quit().await;
}
