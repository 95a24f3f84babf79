//! A desk tablet holds its working set (issue #24): a ticket closed more than the chosen
//! weeks ago leaves the tablet's store, and the ticket list finds it on the server when
//! online — and says where it is when offline.

use crate::harness::*;
use crate::owner::{leak, number_of};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, CreateTicket};
use steward_domain::ticket::TicketKind;
use steward_domain::ticket::lifecycle::Action;

const SIGNED_IN: &str = "return location.pathname !== '/login' && !!document.querySelector('#logout')";
const CLOSED: &str = "0190f5c2-7d1a-7000-8000-0000000005e1";

/// How many copies of the closed ticket this browser's device stores hold (IndexedDB).
async fn stored_copies(b: &Browser) -> u64 {
    let script = format!(
        "const done = arguments[0]; (async () => {{
           let n = 0;
           for (const {{ name }} of await indexedDB.databases()) {{
             if (!name.startsWith('steward-')) continue;
             const db = await new Promise((ok, no) => {{ const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = no; }});
             if (db.objectStoreNames.contains('records')) {{
               n += await new Promise(ok => {{ const q = db.transaction('records').objectStore('records').count('ticket/{CLOSED}'); q.onsuccess = () => ok(q.result); }});
             }}
             db.close();
           }}
           return n;
         }})().then(done, e => done(-1));"
    );
    b.client.execute_async(&script, vec![]).await.unwrap().as_u64().unwrap()
}

async fn offline(b: &Browser, off: bool) {
    b.cdp("Network.enable", serde_json::json!({})).await;
    let conditions = serde_json::json!({
        "offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1
    });
    b.cdp("Network.emulateNetworkConditions", conditions).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ticket_closed_weeks_ago_leaves_the_tablet_and_is_found_on_the_server() {
    let mut server = Server::start();
    // A complaint judged invalid today: closed, settled today.
    let complaint = steward_domain::ticket::apply::NewTicket {
        kind: TicketKind::Complaint,
        scope: None,
        category: "服务态度".into(),
        ..leak("3栋-1502", "13812345678")
    };
    push_as(
        &server,
        "desk",
        vec![Mutation::CreateTicket(CreateTicket {
            id: CLOSED.into(),
            event_id: "0190f5c2-7d1a-7000-8000-0000000005e2".into(),
            ticket: complaint,
        })],
    )
    .await;
    push_as(
        &server,
        "supervisor",
        vec![Mutation::ActOnTicket(ActOnTicket {
            ticket_id: CLOSED.into(),
            event_id: "0190f5c2-7d1a-7000-8000-0000000005e3".into(),
            action: Action::JudgeComplaint { valid: false, explanation: "业主已撤回".into() },
            note: None,
        })],
    )
    .await;
    let number = number_of(&server, CLOSED);

    // The manager chooses five weeks on the plan page.
    let manager = Browser::launch().await;
    manager.resize(TABLET).await;
    manager.login(&server, "manager").await;
    manager.wait_js("signed in", SIGNED_IN).await;
    manager.goto(&server.url("/patrols/plan")).await;
    manager.fill("#plan-working-set", "3").await;
    manager.click("#plan-save").await;
    manager.wait_text("#patrol-plan .error", "5 到 104").await;
    manager.fill("#plan-working-set", "5").await;
    manager.click("#plan-save").await;
    manager.wait("#patrol-plan .success").await;
    manager.wait_js("saved on the server", "return !document.querySelector('#pending-count')").await;
    manager.quit().await;

    // The desk tablet holds the complaint closed today.
    let b = Browser::launch().await;
    b.resize(TABLET).await;
    b.login(&server, "desk").await;
    b.wait_js("signed in", SIGNED_IN).await;
    b.goto(&server.url(&format!("/tickets/{CLOSED}"))).await;
    b.wait_text("#ticket", &number).await;
    assert_eq!(stored_copies(&b).await, 1);

    // Forty days on, the tablet opens again: the complaint has left its store, and the
    // ticket's page no longer finds it on the device.
    server.advance_clock(40 * 24 * 60);
    b.client.refresh().await.unwrap();
    for _ in 0..100 {
        if stored_copies(&b).await == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(stored_copies(&b).await, 0, "a ticket closed forty days ago is not kept (five weeks)");
    b.wait_text("#main", "暂无工单").await;
    b.goto(&server.url("/tickets")).await;
    b.wait("#ticket-list").await;

    // Searched by its unit: the list offers the server's history, and finds it there.
    b.fill("#ticket-search", "3-1502").await;
    b.wait_text("#ticket-older", "以前办结的工单").await;
    b.screenshot("working-set-older-offer-tablet").await;
    b.click("#ticket-older").await;
    b.wait_text("#ticket-older-list", &number).await;
    b.screenshot("working-set-older-found-tablet").await;
    b.click("#ticket-older-list a").await;
    b.wait_text("#ticket", "业主已撤回").await;

    // Archived at the desk: once the server has it, the tablet shows the server's ticket
    // (fetched again: pulls do not bring a ticket settled before the working set), not the
    // copy it fetched before.
    b.click("#act-archive").await;
    b.wait_js("archived on the server", "return !document.querySelector('#pending-count')").await;
    let archived = "SELECT json_extract(body, '$.status') FROM records WHERE id = ?1";
    let status: String = rusqlite::Connection::open(&server.db_path)
        .unwrap()
        .query_row(archived, [CLOSED], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "archived");
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    b.wait_text("#ticket", "已存档").await;
    b.screenshot("working-set-older-archived-tablet").await;

    // Offline, the list says where older tickets are.
    b.goto(&server.url("/tickets")).await;
    offline(&b, true).await;
    b.fill("#ticket-search", "张先生").await;
    b.wait_text("#ticket-older-offline", "只保存在服务器上").await;
    b.resize(PHONE).await;
    b.click("#lang-toggle").await;
    b.wait_text("#ticket-older-offline", "kept only on the server").await;
    b.screenshot("working-set-older-offline-phone-en").await;
    offline(&b, false).await;
    b.quit().await;
}
