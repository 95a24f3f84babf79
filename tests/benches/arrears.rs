//! Arrears at scale, printed as figures (not a timed test):
//! `cargo bench -p steward-tests --bench arrears` (needs the built SPA).
//!
//! A register of 20,000 units (20 buildings × 40 floors × 25 units) and finance's list of
//! 20,000 owing units (32,000 lines) imported over HTTP; a desk tablet (headless Chromium)
//! pulls the cases, then: opening the arrears screen from the home page (the collection
//! rate over every case and the list due for the next stage), switching to all owing units,
//! and a search by unit, each measured in the page from the user's event to the frame
//! that shows the answer.

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{Browser, Server};
use std::fmt::Write;
use std::time::{Duration, Instant};

const BUILDINGS: u32 = 20;
const FLOORS: u32 = 40;
const PER_FLOOR: u32 = 25;

fn units_csv() -> String {
    let mut csv = String::from("楼栋,房号\n");
    for b in 1..=BUILDINGS {
        for f in 1..=FLOORS {
            for u in 1..=PER_FLOOR {
                let _ = writeln!(csv, "{},{}{u:02}", 10 + b, f);
            }
        }
    }
    csv
}

/// Every unit owes its management fee; three in five the water and power too.
fn arrears_csv() -> (String, u32) {
    let mut csv = String::from("楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n");
    let mut lines = 0;
    let mut n = 0u32;
    for b in 1..=BUILDINGS {
        for f in 1..=FLOORS {
            for u in 1..=PER_FLOOR {
                n += 1;
                let _ = writeln!(
                    csv,
                    "{},{}{u:02},物业管理费,2026-10,{}.{:02},2026-10-31",
                    10 + b,
                    f,
                    200 + n % 900,
                    n % 100
                );
                lines += 1;
                if n % 5 < 3 {
                    let _ =
                        writeln!(csv, "{},{}{u:02},水电费,2026-10,{}.50,2026-10-31", 10 + b, f, 30 + n % 200);
                    lines += 1;
                }
            }
        }
    }
    (csv, lines)
}

const COUNT_JS: &str = r#"
const done = arguments[0];
const me = JSON.parse(localStorage.getItem('steward.me') || 'null');
if (!me) { done(-1); return; }
const req = indexedDB.open('steward-' + me.device_id);
req.onsuccess = () => {
  const db = req.result;
  try {
    const c = db.transaction('records').objectStore('records').count();
    c.onsuccess = () => { done(c.result); db.close(); };
  } catch (e) { done(-3); db.close(); }
};
req.onerror = () => done(-4);
"#;

async fn post_csv(client: &reqwest::Client, url: String, csv: String) -> serde_json::Value {
    let r = client.post(url).header("content-type", "text/csv").body(csv).send().await.unwrap();
    assert!(r.status().is_success(), "import failed: {}", r.status());
    r.json().await.unwrap()
}

const CASES: &str = "document.querySelectorAll('#arrears-cases li.arrears-case')";

#[tokio::main]
async fn main() {
    let server = Server::start();
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    for (user, then) in [("admin", true), ("supervisor", false)] {
        let login = serde_json::json!({ "username": user, "password": harness::PASSWORD });
        assert!(
            http.post(server.url("/api/auth/login")).json(&login).send().await.unwrap().status().is_success()
        );
        if then {
            let start = Instant::now();
            post_csv(&http, server.url("/api/units/import"), units_csv()).await;
            println!(
                "register of {} units imported in {:.1} s",
                BUILDINGS * FLOORS * PER_FLOOR,
                start.elapsed().as_secs_f64()
            );
        }
    }
    let (csv, lines) = arrears_csv();
    let start = Instant::now();
    let report = post_csv(&http, server.url("/api/arrears/import"), csv.clone()).await;
    println!(
        "arrears list of {} units, {lines} lines imported (checked, one change) in {:.1} s",
        report["units"],
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    post_csv(&http, server.url("/api/arrears/import"), csv).await;
    println!(
        "the same list again (every case updated, history kept) in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let browser = Browser::launch().await;
    browser.login(&server, "desk").await;
    browser.wait("#home-counter").await;
    let start = Instant::now();
    let expected = u64::from(BUILDINGS * FLOORS * PER_FLOOR);
    loop {
        let n = browser.client.execute_async(COUNT_JS, vec![]).await.unwrap().as_i64().unwrap_or(-9);
        if n as u64 >= expected {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(600), "pull did not finish (at {n})");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!("device: cold pull of {expected} cases into IndexedDB: {:.1} s", start.elapsed().as_secs_f64());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let open = "document.querySelector(\"a[href='/arrears']\").click()";
    let home = "document.querySelector(\"a[href='/counter']\").click()";
    // Freshly imported, nothing is due for the next stage yet: the screen is ready when the
    // collection rate over all cases and the (empty) list are drawn.
    let opened =
        "!!document.querySelector('#arrears-collection .rate') && !!document.querySelector('#arrears-none')";
    let first = browser.measure(open, opened).await;
    let mut again = Vec::new();
    for _ in 0..5 {
        browser.measure(home, "!!document.querySelector('#home-counter')").await;
        again.push(browser.measure(open, opened).await);
    }
    again.sort_by(f64::total_cmp);
    println!(
        "open arrears (collection rate over {expected} cases, due list): first {first:.1} ms; again: median {:.1} ms, worst {:.1} ms",
        again[2], again[4]
    );
    let all = browser
        .measure("document.querySelector('#arrears-open').click()", &format!("{CASES}.length === 100"))
        .await;
    println!("all owing units, largest first (100 drawn): {all:.1} ms");
    let mut searches = Vec::new();
    for unit in ["30栋-4025", "11栋-3912", "20栋-2013"] {
        let act = format!(
            "const i = document.querySelector('#arrears-search'); i.value = '{unit}'; \
             i.dispatchEvent(new Event('input', {{ bubbles: true }}));"
        );
        let found = format!("{CASES}.length === 1 && {CASES}[0].dataset.unit === '{unit}'");
        searches.push(browser.measure(&act, &found).await);
    }
    searches.sort_by(f64::total_cmp);
    println!("search by unit: median {:.1} ms, worst {:.1} ms", searches[1], searches[2]);
    println!("FIGURE arrears_open_ms {:.0}", again[2]);
    println!("FIGURE arrears_search_unit_ms {:.0}", searches[1]);
    browser.screenshot("bench-arrears-tablet").await;
    browser.quit().await;
}
