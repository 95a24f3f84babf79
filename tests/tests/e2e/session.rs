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
    desk.goto(&server.url("/duty-log")).await;
    desk.wait_js(
        "the kept entry synced",
        "return [...document.querySelectorAll('#duty-entries li')].some(li => li.textContent.includes('会话过期后写下的记录') && !li.classList.contains('pending')) \
         && !document.querySelector('#pending-count') && !document.querySelector('#session-expired')",
    )
    .await;

    // On the server exactly once.
    let conn = rusqlite::Connection::open(&server.db_path).unwrap();
    let kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM records WHERE kind = 'duty_log_entry' AND json_extract(body, '$.text') = '会话过期后写下的记录'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1);
    desk.quit().await;
}
