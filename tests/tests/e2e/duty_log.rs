//! 值班日志 on every device: an entry written offline keeps the time it was written and says
//! when it reached the server; an entry altered in the database file is found by the
//! supervisor's check and marked where it is on the desk's tablet (its number, and the text
//! the server holds now beside the one the tablet kept), and on the supervisor's screen with
//! its number, time, author and text.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread")]
async fn an_altered_entry_is_marked_where_it_is_and_an_offline_entry_keeps_its_time() {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/duty-log']").await;
    desk.wait("#duty-log").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    for text in ["早班接班，大堂正常", "3栋电梯困人，已通知工程部", "电梯已恢复"] {
        desk.fill("#duty-text", text).await;
        desk.click("#duty-submit").await;
        desk.wait_text("#duty-entries", text).await;
    }
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;

    // Written offline: filed at the time written, and says when it reached the server.
    server.kill();
    desk.wait_text("#net-status", "离线").await;
    desk.fill("#duty-text", "地库巡查正常（离线记录）").await;
    desk.click("#duty-submit").await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    server.restart();
    desk.wait_js("the offline entry synced", "return !document.querySelector('#pending-count')").await;
    desk.goto(&server.url("/duty-log")).await;
    desk.wait_js(
        "the offline entry says when it reached the server",
        "return [...document.querySelectorAll('#duty-entries li')].some(li => li.textContent.includes('离线记录') && li.textContent.includes('同步于'))",
    )
    .await;

    // Someone with the database file alters the second entry; the supervisor's check finds it.
    {
        let conn = rusqlite::Connection::open(&server.db_path).unwrap();
        conn.execute_batch("DROP TRIGGER IF EXISTS duty_log_no_update;").unwrap();
        let n = conn
            .execute("UPDATE records SET body = replace(body, '困人', '困住') WHERE kind = 'duty_log_entry' AND body LIKE '%3栋电梯困人%'", [])
            .unwrap();
        assert_eq!(n, 1);
    }
    let (supervisor_api, _) = device(&server, "supervisor").await;
    let r = supervisor_api.post(server.url("/api/duty-log/verify")).send().await.unwrap();
    assert!(r.status().is_success());

    // The desk's tablet kept the original text: the entry is marked, the server's text beside it.
    desk.goto(&server.url("/duty-log")).await;
    desk.wait_text("#duty-entries li.chain-broken", "记录链在此断开（第 2 条）").await;
    desk.wait_text("#duty-entries li.chain-broken", "3栋电梯困人").await;
    desk.wait_text("#duty-entries li.chain-broken .chain-text-now", "3栋电梯困住").await;
    desk.screenshot("duty-log-broken-entry-tablet").await;
    desk.quit().await;

    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.goto(&server.url("/duty-log")).await;
    supervisor.wait_text("#log-chain-entry", "王小红").await;
    supervisor.wait_text("#log-chain-entry", "3栋电梯困住").await;
    supervisor.wait_text("#duty-entries li.chain-broken", "第 2 条").await;
    supervisor.quit().await;
}

/// A busy shift: the desk's home shows the shift's latest 20 entries, newest first, says how
/// many there are in all, and leads to the whole log (the home screen once rendered every
/// line of the shift, 10,000 of them in the pull benchmark).
#[tokio::test(flavor = "multi_thread")]
async fn the_home_screen_shows_the_shifts_latest_entries_and_counts_the_rest() {
    use steward_domain::sync::Mutation;
    use steward_domain::sync::commands::AppendDutyLog;
    let server = Server::start();
    // Written a tenth of a second apart, the 25th last (within the shift under way).
    let now = chrono::Utc::now();
    let entries = (1..=25)
        .map(|n| {
            Mutation::AppendDutyLog(AppendDutyLog {
                id: format!("0190f5c2-7d1a-7000-8000-{n:012}"),
                text: format!("大堂巡视第{n}次，正常"),
                corrects: None,
                written_at: Some(steward_domain::clock::Timestamp::from_utc(
                    now - chrono::Duration::milliseconds(100 * (25 - n)),
                )),
            })
        })
        .collect();
    push_as(&server, "desk", entries).await;
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait_text("#shift-log-count", "显示本班最近 20 条").await;
    desk.wait_js("20 lines", "return document.querySelectorAll('#shift-log li').length === 20").await;
    desk.wait_text("#shift-log li:first-child", "大堂巡视第25次").await;
    desk.wait_js(
        "the oldest of the 25 is left to the whole log",
        "return ![...document.querySelectorAll('#shift-log li')].some(li => li.textContent.includes('第1次'))",
    )
    .await;
    desk.click("#shift-log a[href='/duty-log']").await;
    desk.wait_text("#duty-entries", "大堂巡视第1次").await;
    desk.quit().await;
}

/// The browser loses the tablet's store (site data cleared, the sign-in kept): the tablet
/// begins numbering its changes at 1 again, numbers the server has already taken. An entry
/// written then still reaches the server (it was dropped unsent as "already applied").
#[tokio::test(flavor = "multi_thread")]
async fn an_entry_written_after_the_store_was_lost_still_reaches_the_server() {
    let server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url("/duty-log")).await;
    for text in ["早班接班，大堂正常", "快递柜门未关，已处理"] {
        desk.fill("#duty-text", text).await;
        desk.click("#duty-submit").await;
        desk.wait_text("#duty-entries", text).await;
    }
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    let origin = server.url("");
    desk.cdp(
        "Storage.clearDataForOrigin",
        serde_json::json!({ "origin": origin.trim_end_matches('/'), "storageTypes": "indexeddb" }),
    )
    .await;
    desk.goto(&server.url("/duty-log")).await;
    desk.wait("#duty-text").await;
    desk.fill("#duty-text", "存储丢失后写的记录").await;
    desk.click("#duty-submit").await;
    desk.wait_text("#duty-entries", "存储丢失后写的记录").await;
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    desk.quit().await;
    // The supervisor's tablet, from the server: all three entries.
    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.goto(&server.url("/duty-log")).await;
    supervisor.wait_text("#duty-entries", "快递柜门未关").await;
    supervisor.wait_text("#duty-entries", "存储丢失后写的记录").await;
    supervisor.quit().await;
}
