//! Sync in the real browser: a duty-log entry written with the server down survives a
//! reload, reaches the server when it is back, and another device sees it.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread")]
async fn an_entry_written_offline_survives_a_reload_syncs_and_reaches_another_device() {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/duty-log']").await;
    desk.wait("#duty-log").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;

    desk.fill("#duty-text", "早班接班，大堂正常").await;
    desk.click("#duty-submit").await;
    desk.wait_text("#duty-entries", "早班接班").await;
    desk.wait_js("the online entry to sync", "return !document.querySelector('#pending-count')").await;

    server.kill();
    desk.wait_text("#net-status", "离线").await;
    desk.fill("#duty-text", "3栋电梯困人，已通知工程部").await;
    desk.click("#duty-submit").await;
    desk.wait_text("#duty-entries li.pending", "3栋电梯困人").await;
    desk.wait_text("#pending-count", "待同步 1").await;

    // Reload with no server: the shell comes from the service worker, the entry from IndexedDB.
    desk.client.refresh().await.unwrap();
    desk.wait_text("#duty-entries li.pending", "3栋电梯困人").await;
    desk.wait_text("#pending-count", "待同步 1").await;
    desk.screenshot("duty-log-offline-tablet").await;
    desk.resize(PHONE).await;
    desk.screenshot("duty-log-offline-phone").await;

    server.restart();
    desk.wait_js("the offline entry to sync", "return !document.querySelector('#pending-count')").await;
    desk.wait_text("#net-status", "在线").await;

    // A second browser profile (the supervisor's desktop) sees it.
    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.goto(&server.url("/duty-log")).await;
    supervisor.wait_text("#duty-entries", "3栋电梯困人，已通知工程部").await;
    supervisor.wait_text("#duty-entries", "王小红").await;
    // The supervisor checks the log's hash chain: both entries are as written.
    supervisor.click("#log-chain-verify").await;
    supervisor.wait_text("#log-chain-status", "记录链完整：第 1–2 条均未改动").await;
    supervisor.screenshot("duty-log-supervisor-tablet").await;
    supervisor.quit().await;
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_entry_is_refused_on_the_device_by_the_shared_rule() {
    let server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url("/duty-log")).await;
    desk.wait("#duty-log").await;
    // An empty entry is refused on the device itself, by the same rule the server runs.
    desk.click("#duty-submit").await;
    desk.wait_text("#duty-log .error", "请填写记录内容").await;
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_tab_of_the_same_device_does_not_fight_over_the_outbox() {
    let server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    let second = desk.client.new_window(true).await.unwrap();
    desk.client.switch_to_window(second.handle).await.unwrap();
    desk.goto(&server.url("/duty-log")).await;
    desk.wait_text("#other-tab", "另一个标签页").await;
    desk.fill("#duty-text", "第二个标签页的记录").await;
    desk.click("#duty-submit").await;
    desk.wait_text("#duty-log .error", "尚未就绪").await;
    desk.quit().await;
}

/// The restore drill (README, "Backups"): the database is restored from an older backup and
/// given a new epoch while a desk tablet holds an entry it wrote offline. The tablet starts
/// over from the restored database, keeps its unsent entry and sends it once: the server
/// ends up with what the backup held plus that entry, and the tablet shows exactly that.
#[tokio::test(flavor = "multi_thread")]
async fn after_a_restore_from_backup_the_tablet_resyncs_and_keeps_what_it_had_not_sent() {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url("/duty-log")).await;
    desk.wait("#duty-log").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    let write = |text: &'static str| {
        let desk = &desk;
        async move {
            desk.fill("#duty-text", text).await;
            desk.click("#duty-submit").await;
            desk.wait_text("#duty-entries", text).await;
        }
    };
    let synced = "return !document.querySelector('#pending-count')";
    write("备份前：早班接班，大堂正常").await;
    desk.wait_js("the first entry to sync", synced).await;

    let backup = server.db_path.with_file_name("nightly.sqlite3");
    steward_server::backup::to_file(&server.db_path, &backup).unwrap();
    write("备份后：2栋门禁故障已报修").await;
    desk.wait_js("the second entry to sync", synced).await;

    server.kill();
    desk.wait_text("#net-status", "离线").await;
    write("恢复期间：3栋电梯困人，已通知工程部").await;
    desk.wait_text("#pending-count", "待同步 1").await;

    // The operator restores last night's backup and runs `steward new-epoch`.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", server.db_path.display()));
    }
    std::fs::copy(&backup, &server.db_path).unwrap();
    let db = steward_server::db::Db::open(&server.db_path).unwrap();
    db.write_sync(|tx| steward_server::sync::new_epoch(tx)).unwrap();
    drop(db);
    server.restart();

    desk.wait_js("the unsent entry to sync after the restore", synced).await;
    desk.wait_text("#net-status", "在线").await;
    desk.wait_text("#duty-entries", "恢复期间：3栋电梯困人").await;
    desk.wait_text("#duty-entries", "备份前：早班接班").await;
    // What the restore took back is gone from the tablet too: it shows the server's truth.
    desk.wait_js(
        "the tablet to drop what the backup did not hold",
        "return !document.querySelector('#duty-entries').textContent.includes('备份后')",
    )
    .await;
    let c = rusqlite::Connection::open(&server.db_path).unwrap();
    let count = |text: &str| -> i64 {
        c.query_row(
            "SELECT count(*) FROM records WHERE kind = 'duty_log_entry' AND body LIKE ?1",
            [format!("%{text}%")],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(count("恢复期间"), 1, "the unsent entry arrived exactly once");
    assert_eq!(count("备份前"), 1);
    assert_eq!(count("备份后"), 0);
    desk.screenshot("restore-drill-tablet").await;
    desk.quit().await;
}

/// A new tablet's first pull of hundreds of records stores each page as one IndexedDB value
/// (quicker than a row each by far), then writes the pages out as rows in the background;
/// a reload with the server gone reads every record back.
#[tokio::test(flavor = "multi_thread")]
async fn a_large_first_pull_is_stored_whole_then_as_rows_and_read_back_offline() {
    use steward_domain::sync::Mutation;
    use steward_domain::sync::commands::CreateTicket;
    use steward_domain::ticket::apply::NewTicket;
    use steward_domain::ticket::{Channel, RepairScope, TicketKind, Urgency};
    let mut server = Server::start();
    let ticket = |n: u32| {
        Mutation::CreateTicket(CreateTicket {
            id: format!("0190f5c2-7d1a-7000-0001-{n:012}"),
            event_id: format!("0190f5c2-7d1a-7000-0002-{n:012}"),
            ticket: NewTicket {
                kind: TicketKind::Repair,
                scope: Some(RepairScope::InHome),
                unit: format!("{}栋-{}{:02}", n % 3 + 1, n % 18 + 1, n % 4 + 1),
                reporter: format!("报修人{n:03}"),
                contact_phone: format!("139{n:08}"),
                category: "水路".into(),
                urgency: Urgency::Normal,
                channel: Channel::WalkIn,
                description: "卫生间水龙头漏水".into(),
                internal_note: String::new(),
                reply_by: None,
                appointment: None,
                owner_token_hash: None,
            },
        })
    };
    // 300 tickets, each with its first timeline entry: 600 records, one pulled page.
    for batch in 0..3 {
        push_as(&server, "desk", (batch * 100..(batch + 1) * 100).map(ticket).collect()).await;
    }

    let desk = Browser::launch().await;
    desk.goto(&server.url("/login")).await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    // [rows, pages, rows in pages] in IndexedDB.
    let stored = r#"
const done = arguments[0];
const me = JSON.parse(localStorage.getItem('steward.me') || 'null');
const req = indexedDB.open('steward-' + me.device_id);
req.onsuccess = () => {
  const db = req.result;
  try {
    const tx = db.transaction(['records', 'pages']);
    const rows = tx.objectStore('records').count();
    const pages = tx.objectStore('pages').getAllKeys();
    tx.oncomplete = () => {
      done([rows.result, pages.result.length, pages.result.reduce((n, k) => n + k[1], 0)]);
      db.close();
    };
  } catch (e) { done([-1, -1, -1]); db.close(); }
};"#;
    let counts = || async {
        let c = desk.client.execute_async(stored, vec![]).await.unwrap();
        (0..3).map(|i| c[i].as_i64().unwrap_or(-1)).collect::<Vec<_>>()
    };
    let until = |what: &'static str, done: fn(&[i64]) -> bool| {
        let counts = &counts;
        async move {
            let start = std::time::Instant::now();
            loop {
                let c = counts().await;
                if done(&c) {
                    return c;
                }
                assert!(
                    start.elapsed() < std::time::Duration::from_secs(30),
                    "{what}: [rows, pages, rows in pages] {c:?}"
                );
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
    };
    // The pull's one page of 600 records is stored whole.
    until("the page stored whole", |c| c[1] == 1 && c[2] == 600).await;

    // Read back from the page, with no server.
    server.kill();
    desk.goto(&server.url("/tickets")).await;
    desk.wait_text("#net-status", "离线").await;
    desk.wait_text("#ticket-total", "共 300 单").await;
    desk.fill("#ticket-search", "报修人299").await;
    desk.wait_text("#ticket-total", "共 1 单").await;
    desk.wait_text("#ticket-list", "3栋-1204").await;
    assert_eq!(counts().await[1], 1, "the records shown were read from the page");

    // Back online, once a pull has finished, the page is written out as rows.
    server.restart();
    until("the page written out as rows", |c| c[0] >= 600 && c[1] == 0).await;
    desk.client.refresh().await.unwrap();
    desk.wait_text("#ticket-total", "共 300 单").await;
    desk.quit().await;
}
