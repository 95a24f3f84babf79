//! 交接班 over HTTP: refused while an urgent ticket is open; confirmed on the outgoing
//! person's tablet with the incoming person's own password, never the outgoing's.

use crate::helpers::*;
use crate::tickets::{repair, uuid};
use reqwest::StatusCode;
use serde_json::json;
use steward_domain::handover::commands::NewHandover;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{CreateTicket, StartHandover};

fn start(id: &str) -> Mutation {
    let handover = NewHandover { items: vec![], instructions: "明早消防检查".into(), incidents: String::new(), counts: vec![] };
    Mutation::StartHandover(StartHandover { id: id.into(), handover })
}

fn confirmation(id: &str, username: &str, password: &str) -> serde_json::Value {
    json!({
        "username": username,
        "password": password,
        "confirmation": { "id": id, "log_id": uuid(), "checks": [], "accept": true, "refusal": "" }
    })
}

#[tokio::test]
async fn the_incoming_person_confirms_with_their_own_password_on_the_outgoing_tablet() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;

    // An urgent ticket open: the server refuses the handover.
    let ticket = steward_domain::ticket::apply::NewTicket { urgency: steward_domain::ticket::Urgency::Urgent, ..repair() };
    desk.push(&app, Mutation::CreateTicket(CreateTicket { id: uuid(), event_id: uuid(), ticket })).await;
    let blocked = uuid();
    desk.push(&app, start(&blocked)).await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("conflict"));
    let page = desk.pull(&app).await;
    let o = page.outcomes.iter().find(|o| o.mutation_id == 2).unwrap();
    assert_eq!(o.field.map(|f| f.name()), Some("blockers"));

    // Without it (a fresh property), the handover starts.
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let id = uuid();
    desk.push(&app, start(&id)).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    let tablet = &desk.client;
    let post = |body: serde_json::Value| tablet.post(app.url("/api/handovers/confirm")).json(&body).send();

    let wrong = post(confirmation(&id, "supervisor", "not-the-password")).await.unwrap();
    expect_error(wrong, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    let own = post(confirmation(&id, "desk", PASSWORD)).await.unwrap();
    let body = expect_error(own, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(body["error"]["field"], "incoming", "the outgoing person cannot confirm their own");
    assert_eq!(app.count("SELECT COUNT(*) FROM records WHERE kind = 'duty_log_entry'"), 0);

    let ok = post(confirmation(&id, "supervisor", PASSWORD)).await.unwrap();
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    let sql = format!("SELECT COUNT(*) FROM records WHERE id = '{id}' AND json_extract(body, '$.status') = 'confirmed'");
    assert_eq!(app.count(&sql), 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_log_chain"), 1, "the outcome is in the chained log");
    let again = post(confirmation(&id, "supervisor", PASSWORD)).await.unwrap();
    expect_error(again, StatusCode::CONFLICT, "conflict").await;
}
