//! What an owner's first visit costs on a slow phone link, printed as figures.
//! `cargo bench -p steward-tests --bench owner_page` (needs the built SPA: the staff shell is
//! measured beside it, as the owner's page was before it was rendered by the server).
//!
//! Chromium with an empty cache and the service worker allowed, behind CDP's network
//! emulation: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up. For each page: when the
//! first content was painted (the ticket's status, for the owner's page), when the page
//! finished loading, and the bytes transferred. Goal: status in < 1.0 s, < 30 KB.

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{Browser, PHONE, Server, push_as};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::CreateTicket;
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::owner::token_hash;
use steward_domain::ticket::{Channel, RepairScope, TicketKind, Urgency};

const TOKEN: &str = "5f0c9a3e1b7d4c2a8e6f0b1d3c5a7e9f1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a";

/// Paint, load and bytes of the page now shown (Navigation and Resource Timing).
const FIGURES_JS: &str = r#"
const nav = performance.getEntriesByType('navigation')[0];
const fcp = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
const bytes = nav.transferSize + performance.getEntriesByType('resource').reduce((a, r) => a + r.transferSize, 0);
return [fcp ? fcp.startTime : -1, nav.loadEventEnd, bytes];
"#;

async fn slow_phone(b: &Browser) {
    b.resize(PHONE).await;
    b.cdp("Network.enable", serde_json::json!({})).await;
    b.cdp("Network.clearBrowserCache", serde_json::json!({})).await;
    b.cdp("Network.setCacheDisabled", serde_json::json!({ "cacheDisabled": true })).await;
    let conditions = serde_json::json!({
        "offline": false,
        "latency": 150,
        "downloadThroughput": 1_600_000 / 8,
        "uploadThroughput": 750_000 / 8,
    });
    b.cdp("Network.emulateNetworkConditions", conditions).await;
}

/// Opens `url` in a fresh browser on a slow phone link, waits for `ready`, and prints.
async fn measure(what: &str, url: &str, ready: &str) -> (f64, f64, f64) {
    let b = Browser::launch().await;
    slow_phone(&b).await;
    b.goto(url).await;
    b.wait(ready).await;
    // Let the page finish (the staff shell goes on to fetch its wasm and install its worker).
    b.wait_js("loaded", "return document.readyState === 'complete'").await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let v = b.client.execute(FIGURES_JS, vec![]).await.unwrap();
    let f = |i: usize| v[i].as_f64().unwrap_or(-1.0);
    let (paint, load, bytes) = (f(0), f(1), f(2));
    println!(
        "{what}: first paint {:.0} ms, loaded {:.0} ms, {:.1} KB transferred",
        paint,
        load,
        bytes / 1024.0
    );
    b.quit().await;
    (paint, load, bytes)
}

#[tokio::main]
async fn main() {
    let server = Server::start();
    let ticket = NewTicket {
        kind: TicketKind::Repair,
        scope: Some(RepairScope::InHome),
        unit: "3栋-1502".into(),
        reporter: "张先生".into(),
        contact_phone: "13812345678".into(),
        category: "防水/渗水".into(),
        urgency: Urgency::Normal,
        channel: Channel::Phone,
        description: "卫生间天花板渗水".into(),
        internal_note: String::new(),
        reply_by: None,
        appointment: None,
        owner_token_hash: Some(token_hash(TOKEN)),
    };
    push_as(
        &server,
        "desk",
        vec![Mutation::CreateTicket(CreateTicket {
            id: "0190f5c2-7d1a-7000-8000-0000000000d1".into(),
            event_id: "0190f5c2-7d1a-7000-8000-0000000000d2".into(),
            ticket,
        })],
    )
    .await;
    println!("owner's first visit, empty cache, 150 ms latency, 1.6 Mbit/s down:");
    let (paint, _, bytes) =
        measure("owner page /t/<token>", &server.url(&format!("/t/{TOKEN}")), "#owner-status").await;
    println!("FIGURE owner_page_paint_ms {paint:.0}");
    println!("FIGURE owner_page_kb {:.1}", bytes / 1024.0);
    measure("owner lookup /lookup", &server.url("/lookup"), "#owner-lookup").await;
    // What the owner downloaded before: the staff app's shell and its wasm.
    measure("staff app shell /login (for comparison)", &server.url("/login"), "#login-submit").await;
    assert!(paint > 0.0 && paint < 1000.0, "the owner's status took {paint:.0} ms to show (goal < 1000 ms)");
    assert!(bytes < 30.0 * 1024.0, "the owner's page transferred {:.1} KB (goal < 30 KB)", bytes / 1024.0);
}
