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

/// The admin disables the desk's account while its tablet holds an entry it has not sent.
/// The tablet says "sign in again"; the disabled person cannot; the supervisor signs in on
/// the same tablet, the entry is handed in, and the supervisor's dashboard lists it — who
/// wrote it, who handed it in — to accept in their own name. Nothing lost, nothing doubled.
#[tokio::test(flavor = "multi_thread")]
async fn a_disabled_account_s_unsent_entry_reaches_the_supervisor_from_its_tablet() {
    let server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/duty-log']").await;
    desk.wait("#duty-log").await;
    desk.wait_js("caught up", "return !document.querySelector('#pending-count')").await;

    let (admin, _) = device(&server, "admin").await;
    let users: Vec<serde_json::Value> =
        admin.get(server.url("/api/users")).send().await.unwrap().json().await.unwrap();
    let id = users.iter().find(|u| u["username"] == "desk").unwrap()["id"].as_i64().unwrap();
    let r = admin
        .put(server.url(&format!("/api/users/{id}")))
        .json(&serde_json::json!({"active": false}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());

    desk.fill("#duty-text", "停用前写下：3栋电梯异响").await;
    desk.click("#duty-submit").await;
    desk.wait_text("#session-expired", "登录已过期").await;
    desk.click("#sign-in-again").await;
    desk.wait("#username").await;
    desk.fill("#username", "desk").await;
    desk.fill("#password", PASSWORD).await;
    desk.click("#login-submit").await;
    desk.wait_js(
        "the disabled account is refused",
        "return document.querySelector('#login-error')?.textContent.trim().length > 0",
    )
    .await;

    desk.fill("#username", "supervisor").await;
    desk.fill("#password", PASSWORD).await;
    desk.click("#login-submit").await;
    desk.wait("#home-dashboard").await;
    desk.wait_text("#held-changes", "停用前写下：3栋电梯异响").await;
    desk.wait_text("#held-changes", "王小红 写下 · 李静").await;
    desk.screenshot("held-changes-dashboard-tablet").await;
    desk.click(".held-apply").await;
    desk.wait_text("#held-message", "已以你的名义采纳").await;

    let conn = rusqlite::Connection::open(&server.db_path).unwrap();
    let kept: (i64, String) = conn
        .query_row(
            "SELECT count(*), max(json_extract(body, '$.author_name')) FROM records WHERE kind = 'duty_log_entry' AND json_extract(body, '$.text') = '停用前写下：3栋电梯异响'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, (1, "李静".to_string()));
    let waiting: i64 = conn
        .query_row("SELECT count(*) FROM held_changes WHERE resolution IS NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(waiting, 0);
    desk.goto(&server.url("/dashboard")).await;
    desk.wait("#home-dashboard").await;
    desk.wait_js("nothing left to answer", "return !document.querySelector('#held-changes')").await;
    desk.quit().await;
}
