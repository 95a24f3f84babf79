//! The owner on a phone with no account: from the front page to "ticket number + phone",
//! with JavaScript off too, and the receipt's link — a few kilobytes, never the staff app.

use crate::harness::*;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::CreateTicket;
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::{Channel, RepairScope, TicketKind, Urgency};

pub fn leak(unit: &str, phone: &str) -> NewTicket {
    NewTicket {
        kind: TicketKind::Repair,
        scope: Some(RepairScope::InHome),
        unit: unit.into(),
        reporter: "张先生".into(),
        contact_phone: phone.into(),
        category: "防水/渗水".into(),
        urgency: Urgency::Normal,
        channel: Channel::Phone,
        description: "卫生间天花板渗水".into(),
        internal_note: "业主情绪激动，注意沟通".into(),
        reply_by: None,
        appointment: None,
        owner_token_hash: None,
    }
}

/// The number the server gave the ticket `id`.
pub fn number_of(server: &Server, id: &str) -> String {
    let c = rusqlite::Connection::open(&server.db_path).unwrap();
    c.query_row(
        "SELECT json_extract(body, '$.number') FROM records WHERE kind = 'ticket' AND id = ?1",
        [id],
        |r| r.get(0),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_owner_finds_the_ticket_from_the_front_page_by_number_and_phone_even_with_javascript_off() {
    let server = Server::start();
    let id = "0190f5c2-7d1a-7000-8000-0000000000b1";
    let ticket = leak("2栋-801", "13812345678");
    push_as(
        &server,
        "desk",
        vec![Mutation::CreateTicket(CreateTicket {
            id: id.into(),
            event_id: "0190f5c2-7d1a-7000-8000-0000000000b2".into(),
            ticket,
        })],
    )
    .await;
    let number = number_of(&server, id);

    let owner = Browser::launch().await;
    owner.resize(PHONE).await;
    owner.goto(&server.url("/")).await;
    owner.wait_text("#owner-lookup-link", "业主查询工单进度").await;
    owner.screenshot("front-page-owner-entry-phone").await;
    owner.click("#owner-lookup-link").await;
    owner.wait("#owner-lookup").await;
    owner.fill("#lookup-number", &number.to_lowercase()).await;
    owner.fill("#lookup-phone", "138 1234 5678").await;
    owner.click("#lookup-submit").await;
    owner.wait_text("#owner-status", "已受理").await;
    owner.wait_text("#owner-description", "卫生间天花板渗水").await;
    let page = owner.client.source().await.unwrap();
    for private in ["业主情绪激动", "13812345678", "张先生"] {
        assert!(!page.contains(private), "the owner's page shows {private}");
    }
    owner.screenshot("owner-lookup-result-phone").await;

    // A wrong phone says so in the owner's words and keeps what was typed.
    owner.goto(&server.url("/lookup")).await;
    owner.fill("#lookup-number", &number).await;
    owner.fill("#lookup-phone", "13900000000").await;
    owner.click("#lookup-submit").await;
    owner.wait_text("#owner-message", "未找到该工单").await;
    owner
        .wait_js(
            "the number stays",
            &format!("return document.querySelector('#lookup-number').value === '{number}'"),
        )
        .await;

    // With JavaScript off the same page works: the form posts, the answer is HTML.
    owner.cdp("Emulation.setScriptExecutionDisabled", serde_json::json!({ "value": true })).await;
    owner.goto(&server.url("/lookup?lang=en")).await;
    owner.wait_text("h1", "Check your ticket").await;
    owner.fill("#lookup-number", &number).await;
    owner.fill("#lookup-phone", "13812345678").await;
    owner.click("#lookup-submit").await;
    owner.wait_text("#owner-status", "Received").await;
    owner.wait_text("#owner-timeline", "We received your request").await;
    owner.screenshot("owner-lookup-nojs-en-phone").await;
    owner.quit().await;
}
