//! Cold pull into the real browser's IndexedDB: 10,000 ~1 KB records pushed to a fresh
//! server, then a new device (headless Chromium) signs in and pulls them all into its
//! replica. Prints records/s. `cargo bench -p steward-tests --bench browser_pull`
//! (needs the built SPA: scripts/build-app.sh).

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{Browser, Server};
use std::time::{Duration, Instant};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::AppendDutyLog;
use steward_domain::sync::protocol::{Numbered, PushRequest};

const RECORDS: u64 = 10_000;

const COUNT_JS: &str = r#"
const done = arguments[0];
const me = JSON.parse(localStorage.getItem('steward.me') || 'null');
if (!me) { done(-1); return; }
const name = 'steward-' + me.device_id;
indexedDB.databases().then((dbs) => {
  if (!dbs.some((d) => d.name === name)) { done(-2); return; }
  const req = indexedDB.open(name);
  req.onsuccess = () => {
    const db = req.result;
    try {
      // Rows, and the rows of pulled pages stored whole, not yet written out (key [sequence, rows]).
      const tx = db.transaction(['records', 'pages']);
      const c = tx.objectStore('records').count();
      const p = tx.objectStore('pages').getAllKeys();
      tx.oncomplete = () => { done(c.result + p.result.reduce((n, k) => n + k[1], 0)); db.close(); };
    } catch (e) { done(-3); db.close(); }
  };
  req.onerror = () => done(-4);
});
"#;

#[tokio::main]
async fn main() {
    let server = Server::start();
    let (client, client_id) = harness::device(&server, "desk").await;
    let text: String = "值班记录：大堂巡视正常，电梯运行良好。".chars().cycle().take(330).collect();
    for b in 0..RECORDS / 500 {
        let mutations = (0..500)
            .map(|i| {
                let n = b * 500 + i;
                let id = format!("0190f5c2-7d1a-7000-8000-{n:012}");
                Numbered {
                    id: n + 1,
                    mutation: Mutation::AppendDutyLog(AppendDutyLog {
                        id,
                        text: text.clone(),
                        corrects: None,
                        written_at: None,
                    }),
                }
            })
            .collect();
        let r = client
            .post(server.url("/api/sync/push"))
            .json(&PushRequest { client_id: client_id.clone(), mutations })
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }

    let browser = Browser::launch().await;
    browser.login(&server, "desk").await;
    browser.wait("#home-counter").await;
    let start = Instant::now();
    loop {
        let n = browser.client.execute_async(COUNT_JS, vec![]).await.unwrap().as_i64().unwrap_or(-9);
        if n as u64 == RECORDS {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(300), "pull did not finish (at {n})");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let secs = start.elapsed().as_secs_f64();
    let timeline = browser
        .client
        .execute(
            "return [performance.now(), performance.getEntriesByType('resource').filter(e => e.name.includes('/api/sync/pull')) \
               .map(e => [Math.round(e.startTime), Math.round(e.responseEnd), e.encodedBodySize])];",
            vec![],
        )
        .await
        .unwrap();
    println!("[now ms, pull pages [asked ms, last byte ms, bytes on the wire]]: {timeline}");
    println!(
        "cold pull of {RECORDS} records into Chromium's IndexedDB: {:.0} records/s ({secs:.2} s)",
        RECORDS as f64 / secs
    );
    println!("FIGURE browser_cold_pull_per_s {:.0}", RECORDS as f64 / secs);
    browser.quit().await;
}
