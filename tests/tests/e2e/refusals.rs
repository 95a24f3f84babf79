//! What the engineer writes is kept, and what the server refuses comes back to the desk as
//! something to act on: the record, the step, the words typed, why, and a way forward.

use crate::harness::*;
use crate::owner::{leak, number_of};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, CreateTicket};
use steward_domain::ticket::Department;
use steward_domain::ticket::lifecycle::Action;

const TICKET: &str = "0190f5c2-7d1a-7000-8000-0000000000c1";

async fn synced(b: &Browser) {
    b.wait_js("synced", "return !document.querySelector('#pending-count')").await;
}

/// Cuts this browser alone off the network (the server stays up for the others).
async fn offline(b: &Browser, off: bool) {
    b.cdp("Network.enable", serde_json::json!({})).await;
    let conditions = serde_json::json!({
        "offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1
    });
    b.cdp("Network.emulateNetworkConditions", conditions).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_engineer_s_note_is_kept_and_an_offline_desk_s_refused_steps_can_be_acted_on() {
    let server = Server::start();
    let dispatch = Action::Dispatch { department: Department::Engineering };
    push_as(
        &server,
        "desk",
        vec![
            Mutation::CreateTicket(CreateTicket {
                id: TICKET.into(),
                event_id: "0190f5c2-7d1a-7000-8000-0000000000c2".into(),
                ticket: leak("3栋-1502", "13812345678"),
            }),
            Mutation::ActOnTicket(ActOnTicket {
                ticket_id: TICKET.into(),
                event_id: "0190f5c2-7d1a-7000-8000-0000000000c3".into(),
                action: dispatch,
                note: None,
            }),
        ],
    )
    .await;
    let number = number_of(&server, TICKET);

    // The desk opens the ticket, then loses its network.
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url(&format!("/tickets/{TICKET}"))).await;
    desk.wait_text("#ticket-status", "已派单").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    offline(&desk, true).await;
    desk.wait_text("#net-status", "离线").await;
    // Meanwhile the engineer signs for it and arrives on site.
    let engineer = Browser::launch().await;
    engineer.resize(PHONE).await;
    engineer.login(&server, "engineer").await;
    engineer.wait("#home-work-orders").await;
    engineer.goto(&server.url(&format!("/tickets/{TICKET}"))).await;
    for (button, status) in [("#act-accept", "已接单"), ("#act-arrive", "已到场")] {
        engineer.click(button).await;
        engineer.wait_text("#ticket-status", status).await;
    }
    synced(&engineer).await;

    // The desk, offline and unaware, pauses the clock and sends the job to security, with notes.
    desk.fill("#ticket-note", "业主要求改约到下午").await;
    desk.click("#act-pause").await;
    desk.wait("#act-resume").await;
    desk.fill("#ticket-note", "改派保安部，带梯子").await;
    desk.click("#dispatch-department option[value='security']").await;
    desk.click("#act-dispatch").await;
    desk.wait_text("#pending-count", "待同步 2").await;

    // The desk comes back: both steps are refused, and say so precisely.
    offline(&desk, false).await;
    desk.wait_text("#attention-count", "需处理 2").await;
    desk.click("#attention-count").await;
    desk.wait("#attention .attention-item").await;
    let page = desk.wait("#attention").await.text().await.unwrap();
    for expected in [
        number.as_str(),
        "3栋-1502",
        "暂停计时",
        "派单",
        "处理人员已到场，到场计时已经停止",
        "该工单现在是「已到场」",
    ] {
        assert!(page.contains(expected), "the refusal does not say {expected:?}:\n{page}");
    }
    desk.wait_js(
        "the typed words are shown",
        "const t = [...document.querySelectorAll('.attention-text')].map(e => e.value); \
         return t.includes('业主要求改约到下午') && t.includes('改派保安部，带梯子')",
    )
    .await;
    desk.screenshot("attention-tablet").await;

    // The engineer finishes, with a completion note.
    engineer.fill("#ticket-note", "更换角阀一个，已试水无渗漏").await;
    engineer.fill("#confirm-name", "张先生").await;
    engineer.click("#confirm-tick").await;
    engineer.click("#act-complete").await;
    engineer.wait_text("#ticket-status", "已完工").await;
    engineer.wait_text("#ticket-timeline", "更换角阀一个，已试水无渗漏").await;
    engineer.wait_text("#ticket-timeline", "张先生").await;
    synced(&engineer).await;
    engineer.client.refresh().await.unwrap();
    engineer.wait_text("#ticket-timeline", "更换角阀一个，已试水无渗漏").await;
    let c = rusqlite::Connection::open(&server.db_path).unwrap();
    let stored: i64 = c
        .query_row(
            "SELECT count(*) FROM records WHERE kind = 'ticket_event' AND json_extract(body, '$.note') = '更换角阀一个，已试水无渗漏'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 1, "the completion note is in the server's database");

    desk.resize(PHONE).await;
    desk.screenshot("attention-phone").await;
    desk.resize(TABLET).await;

    // 放弃 asks first, on the page (no browser dialog): keeping it keeps the entry.
    desk.client
        .execute("window.confirm = () => { throw new Error('a native dialog'); }", vec![])
        .await
        .unwrap();
    desk.click(".attention-item:first-child .attention-discard").await;
    desk.wait_text(".attention-item:first-child .attention-confirm", "放弃").await;
    desk.click(".attention-item:first-child .attention-discard-no").await;
    desk.wait_text("#attention-count", "需处理 2").await;
    desk.click(".attention-item:first-child .attention-discard").await;
    // News from the server redraws the list while the question is open: it stays open.
    push_as(
        &server,
        "desk",
        vec![Mutation::CreateTicket(CreateTicket {
            id: "0190f5c2-7d1a-7000-8000-0000000000d1".into(),
            event_id: "0190f5c2-7d1a-7000-8000-0000000000d2".into(),
            ticket: leak("3栋-1502", "13812345678"),
        })],
    )
    .await;
    // The desk pulls every 10 seconds; the new ticket redraws the list (the redraw itself
    // leaves no mark in the page to wait for).
    desk.wait_text(".attention-item:first-child .attention-confirm", "放弃").await;
    desk.client.execute("document.querySelector('#attention').dataset.mark = '1'; document.querySelector('.attention-item').dataset.mark = '1'", vec![]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(12)).await;
    let v = desk.client.execute("return [document.querySelector('#attention').dataset.mark, document.querySelector('.attention-item').dataset.mark, document.querySelectorAll('.attention-item').length]", vec![]).await.unwrap();
    eprintln!("DEBUG marks {v:?}");
    desk.wait_text(".attention-item:first-child .attention-confirm", "放弃").await;
    desk.click(".attention-item:first-child .attention-discard-yes").await;
    desk.wait_text("#attention-count", "需处理 1").await;
    // The dispatch's note is carried into the ticket, to use for what is right now.
    desk.click(".attention-item .attention-carry").await;
    desk.wait_text("#ticket-timeline", "更换角阀一个，已试水无渗漏").await;
    desk.wait_js(
        "the note carried over",
        "return document.querySelector('#ticket-note').value === '改派保安部，带梯子'",
    )
    .await;
    desk.screenshot("attention-carried-tablet").await;
    for b in [desk, engineer] {
        b.quit().await;
    }
}
