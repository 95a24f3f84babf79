//! A new desk tablet on the three-year property, in Chromium (issue #24): the property of
//! `server/benches/three_years.rs` with the last fortnight's tickets still open, the manager
//! having chosen 8 weeks; a desk signs in on a new tablet and the seconds from tapping 登录
//! until every record the server sends it is in its IndexedDB are printed as a figure (not a
//! timed test).
//! `cargo bench -p steward-tests --bench working_set_browser` (needs the built SPA).

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;
#[path = "../../server/benches/three_years.rs"]
#[allow(dead_code)]
mod three_years;

use harness::{Browser, Server};
use std::time::{Duration, Instant};
use steward_domain::settings::{SETTINGS_ID, SaveSettings, Settings};
use steward_domain::sync::Mutation;
use steward_domain::sync::protocol::{PullRequest, PullResponse};
use steward_domain::sync::working_set::WorkingSet;

const COUNT_JS: &str = r#"
const done = arguments[0];
const me = JSON.parse(localStorage.getItem('steward.me') || 'null');
if (!me) { done(-1); return; }
const req = indexedDB.open('steward-' + me.device_id);
req.onsuccess = () => {
  const db = req.result;
  try {
    // Rows, and the rows of pages stored whole and not yet written out (key [sequence, rows]).
    const tx = db.transaction(['records', 'pages']);
    const c = tx.objectStore('records').count();
    const p = tx.objectStore('pages').getAllKeys();
    tx.oncomplete = () => { done(c.result + p.result.reduce((n, k) => n + k[1], 0)); db.close(); };
  } catch (e) { done(-3); db.close(); }
};
req.onerror = () => done(-4);
"#;

#[tokio::main]
async fn main() {
    let mut server = Server::start();
    server.kill();
    let mut c = rusqlite::Connection::open(&server.db_path).unwrap();
    three_years::seed(&mut c);
    // The last fortnight's tickets are still being worked on.
    c.execute(
        "UPDATE records SET body = json_set(body, '$.status', 'dispatched')
          WHERE kind = 'ticket' AND json_extract(body, '$.created_at') >= ?1",
        [(chrono::Utc::now() - chrono::Duration::days(14)).to_rfc3339()],
    )
    .unwrap();
    c.execute("UPDATE sync_state SET version = (SELECT max(version) FROM records) WHERE id = 1", []).unwrap();
    // Dated once as the server opens it.
    c.execute("UPDATE records SET settled_on = NULL", []).unwrap();
    c.execute("DELETE FROM meta WHERE key = 'records_settled_v2'", []).unwrap();
    drop(c);
    server.restart();
    let settings = Settings { working_set: WorkingSet { weeks: Some(8) }, ..Settings::default() };
    harness::push_as(
        &server,
        "manager",
        vec![Mutation::SaveSettings(SaveSettings { id: SETTINGS_ID.into(), settings })],
    )
    .await;
    let expected = sent_to_a_desk(&server).await;

    let b = Browser::launch().await;
    b.resize(harness::TABLET).await;
    // From the tap on 登录, the sign-in page loaded and filled in.
    b.goto(&server.url("/login")).await;
    b.fill("#username", "desk").await;
    b.fill("#password", harness::PASSWORD).await;
    let start = Instant::now();
    b.click("#login-submit").await;
    loop {
        let n = b.client.execute_async(COUNT_JS, vec![]).await.unwrap().as_i64().unwrap_or(-9);
        if n as u64 == expected {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(300), "pull did not finish (at {n} of {expected})");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let secs = start.elapsed().as_secs_f64();
    // Where the time went: each page's request as the browser saw it (asked → last byte), in
    // ms from the sign-in page's loading. The device spends ~20 ms applying a page of 5,000
    // and ~120 ms handing it to IndexedDB, then waits ~250–500 ms for the commit: the
    // browser's storage is what bounds a new tablet.
    let timeline = b
        .client
        .execute(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/sync/pull')) \
               .map(e => [Math.round(e.startTime), Math.round(e.responseEnd), e.encodedBodySize, e.decodedBodySize]);",
            vec![],
        )
        .await
        .unwrap();
    println!("pull pages [asked ms, last byte ms, bytes on the wire, bytes]: {timeline}");
    println!(
        "a new desk tablet on the three-year property (8 weeks): {expected} records in IndexedDB {secs:.2} s after tapping sign-in"
    );
    println!("FIGURE working_set_browser_ready_s {secs:.2}");
    b.quit().await;
}

/// How many records the server sends a new desk tablet.
async fn sent_to_a_desk(server: &Server) -> u64 {
    let (client, client_id) = harness::device(server, "desk").await;
    let (mut cursor, mut n) = (None, 0);
    loop {
        let request =
            PullRequest { client_id: client_id.clone(), cursor, outcomes_after: 0, limit: Some(5000) };
        let page: PullResponse = client
            .post(server.url("/api/sync/pull"))
            .json(&request)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        n += page.changes.iter().filter(|c| c.body.is_some()).count() as u64;
        if !page.more {
            return n;
        }
        cursor = Some(page.cursor);
    }
}
