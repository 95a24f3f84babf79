//! The key register screen with 5,000 keys, printed as figures (not a timed test):
//! `cargo bench -p steward-tests --bench keys` (needs the built SPA).
//!
//! 5,000 keys registered over HTTP by the desk, 200 of them lent; a desk tablet (headless
//! Chromium) pulls them, then: opening the screen from the home page (first and again), and
//! a search by tag, each measured in the page from the user's event to the frame that
//! shows the answer.

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{Browser, Server};
use std::time::{Duration, Instant};
use steward_domain::keys::commands::{NewKey, NewLoan};
use steward_domain::keys::record::{Borrower, BorrowerKind, KeyKind};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{LendKey, RegisterKey};
use steward_domain::sync::protocol::{Numbered, PullRequest, PullResponse, PushRequest};

const KEYS: u64 = 5_000;
const LENT: u64 = 200;

fn uuid(kind: u16, n: u64) -> String {
    format!("0190f5c2-7d1a-7000-{kind:04x}-{n:012}")
}

fn mutations() -> Vec<Mutation> {
    let kinds = [KeyKind::ShortTerm, KeyKind::Vacant, KeyKind::Repair];
    let mut out: Vec<Mutation> = (0..KEYS)
        .map(|n| {
            let key = NewKey {
                tag: format!("K-{n:04}"),
                slot: format!("{}-{:03}", (b'A' + (n / 500) as u8) as char, n % 500),
                // Units of the demo register (3 buildings × 18 floors × 4): a unit outside it
                // is refused, and the bench waited for keys that never came.
                unit: format!("{}栋-{}{:02}", 1 + n % 3, 1 + n / 40 % 18, 1 + n % 4),
                kind: kinds[n as usize % 3],
                count: 1 + (n % 3) as u32,
                seal_number: None,
                signature: None,
            };
            Mutation::RegisterKey(RegisterKey { id: uuid(1, n), key })
        })
        .collect();
    for n in (0..KEYS).step_by((KEYS / LENT) as usize).filter(|n| n % 3 == 2) {
        let borrower = Borrower {
            kind: BorrowerKind::Staff,
            name: "李师傅".into(),
            id_type: None,
            id_last4: None,
            pass: None,
            letter: None,
        };
        let loan = NewLoan {
            key_id: uuid(1, n),
            borrower,
            purpose: "检修".into(),
            serves: None,
            consent: None,
            emergency: None,
            escorts: vec!["李师傅".into(), "赵军".into()],
            staff_ids: vec![],
            count: 1,
        };
        out.push(Mutation::LendKey(LendKey { id: uuid(2, n), loan }));
    }
    out
}

async fn load(server: &Server) -> u64 {
    let (client, client_id) = harness::device(server, "desk").await;
    let all = mutations();
    let count = all.len() as u64;
    let start = Instant::now();
    let numbered: Vec<Numbered> =
        all.into_iter().zip(1..).map(|(mutation, id)| Numbered { id, mutation }).collect();
    for batch in numbered.chunks(500) {
        let r = client
            .post(server.url("/api/sync/push"))
            .json(&PushRequest { client_id: client_id.clone(), mutations: batch.to_vec() })
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "push failed: {}", r.status());
    }
    let pull = PullRequest { client_id, cursor: None, outcomes_after: 0, limit: Some(1) };
    let page: PullResponse =
        client.post(server.url("/api/sync/pull")).json(&pull).send().await.unwrap().json().await.unwrap();
    assert!(page.outcomes.is_empty(), "the desk's keys were refused: {:?}", page.outcomes.first());
    println!(
        "registered {KEYS} keys and lent some ({count} mutations) in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    count
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

const ROWS: &str = "document.querySelectorAll('#key-cabinet tbody tr')";

#[tokio::main]
async fn main() {
    let server = Server::start();
    load(&server).await;
    let browser = Browser::launch().await;
    browser.login(&server, "desk").await;
    browser.wait("#home-counter").await;
    let start = Instant::now();
    // Keys, loans, and the demo's own records.
    let expected = KEYS + LENT / 3;
    loop {
        let n = browser.client.execute_async(COUNT_JS, vec![]).await.unwrap().as_i64().unwrap_or(-9);
        if n as u64 >= expected {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(300), "pull did not finish (at {n})");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("device: cold pull of the register into IndexedDB: {:.1} s", start.elapsed().as_secs_f64());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let open = "document.querySelector(\"a[href='/keys']\").click()";
    let home = "document.querySelector(\"a[href='/counter']\").click()";
    let opened = format!("{ROWS}.length === 100");
    let first = browser.measure(open, &opened).await;
    let mut again = Vec::new();
    for _ in 0..5 {
        browser.measure(home, "!!document.querySelector('#home-counter')").await;
        again.push(browser.measure(open, &opened).await);
    }
    again.sort_by(f64::total_cmp);
    println!(
        "open the key register of {KEYS}: first {first:.1} ms; again: median {:.1} ms, worst {:.1} ms",
        again[2], again[4]
    );
    let mut searches = Vec::new();
    for tag in ["K-4999", "K-0042", "K-2500"] {
        let act = format!(
            "const i = document.querySelector('#key-search'); i.value = '{tag}'; \
             i.dispatchEvent(new Event('input', {{ bubbles: true }}));"
        );
        let found = format!("{ROWS}.length === 1 && {ROWS}[0].textContent.includes('{tag}')");
        searches.push(browser.measure(&act, &found).await);
    }
    searches.sort_by(f64::total_cmp);
    println!("search the register by tag: median {:.1} ms, worst {:.1} ms", searches[1], searches[2]);
    browser.screenshot("bench-keys-tablet").await;
    browser.quit().await;
}
