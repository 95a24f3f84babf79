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
    let handover = NewHandover {
        items: vec![],
        instructions: "明早消防检查".into(),
        incidents: String::new(),
        counts: vec![],
    };
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
    let ticket = steward_domain::ticket::apply::NewTicket {
        urgency: steward_domain::ticket::Urgency::Urgent,
        ..repair()
    };
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

    // Not from another device (a patrol phone), even with the right credentials.
    let elsewhere = app.logged_in("patrol").await;
    let r = elsewhere
        .post(app.url("/api/handovers/confirm"))
        .json(&confirmation(&id, "supervisor", PASSWORD))
        .send()
        .await
        .unwrap();
    let body = expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(body["error"]["field"], "device");
    let ok = post(confirmation(&id, "supervisor", PASSWORD)).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    // The tablet is the incoming person's now; the outgoing person's session on it ended.
    let me: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(me["username"], "supervisor");
    let now =
        tablet.get(app.url("/api/auth/me")).send().await.unwrap().json::<serde_json::Value>().await.unwrap();
    assert_eq!(now["username"], "supervisor", "{now}");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'desk'"
        ),
        0
    );
    // One handover per shift and person: the outgoing cannot hand the same shift over again.
    let mut desk_again = Device::new(&app, "desk").await;
    desk_again.push(&app, start(&uuid())).await;
    assert_eq!(desk_again.last_refusal_field(&app).await, Some(("conflict".into(), Some("shifts".into()))));
    let sql = format!(
        "SELECT COUNT(*) FROM records WHERE id = '{id}' AND json_extract(body, '$.status') = 'confirmed'"
    );
    assert_eq!(app.count(&sql), 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_log_chain"), 1, "the outcome is in the chained log");
    // Once: the tablet is the supervisor's now, and the handover is finished.
    let again = post(confirmation(&id, "supervisor", PASSWORD)).await.unwrap();
    assert!(
        matches!(again.status(), StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY),
        "{}",
        again.status()
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM records WHERE id = '{id}' AND json_extract(body, '$.status') = 'confirmed'"
        )),
        1
    );
}

fn with_pin(id: &str, username: &str, pin: &str) -> serde_json::Value {
    json!({
        "username": username,
        "pin": pin,
        "confirmation": { "id": id, "log_id": uuid(), "checks": [], "accept": true, "refusal": "" }
    })
}

#[tokio::test]
async fn a_pin_set_with_the_password_confirms_and_stops_working_after_five_wrong_tries_from_anywhere() {
    let app = spawn_app().await;
    let supervisor = app.logged_in("supervisor").await;
    let set = |password: &str, pin: &str| {
        supervisor.put(app.url("/api/auth/pin")).json(&json!({ "password": password, "pin": pin })).send()
    };
    expect_error(
        set("not-the-password", "204817").await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "bad_credentials",
    )
    .await;
    let easy =
        expect_error(set(PASSWORD, "123456").await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY, "invalid")
            .await;
    assert_eq!(easy["error"]["field"], "pin");
    let me: serde_json::Value =
        supervisor.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["pin_set"], false);
    assert_eq!(set(PASSWORD, "204817").await.unwrap().status(), StatusCode::NO_CONTENT);
    let me: serde_json::Value =
        supervisor.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["pin_set"], true);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE pin_hash LIKE '$argon2id$%'"),
        1,
        "only its hash is kept"
    );

    let mut desk = Device::new(&app, "desk").await;
    let id = uuid();
    desk.push(&app, start(&id)).await;
    let neither =
        json!({ "username": "supervisor", "confirmation": with_pin(&id, "x", "0")["confirmation"] });
    let r = desk.client.post(app.url("/api/handovers/confirm")).json(&neither).send().await.unwrap();
    assert_eq!(
        expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await["error"]["field"],
        "secret"
    );

    // Guesses from six tablets at once (six addresses, so no address budget stops them): the
    // tries are counted before the check, so exactly five are checked and the rest refused.
    let mut guesses = tokio::task::JoinSet::new();
    for n in 2..8 {
        let tablet = app.browser_from(&format!("127.0.0.{n}"));
        assert_eq!(app.login(&tablet, "desk", PASSWORD).await.status(), StatusCode::OK);
        let (url, body) =
            (app.url("/api/handovers/confirm"), with_pin(&id, "supervisor", &format!("90{n}817")));
        guesses.spawn(async move { tablet.post(url).json(&body).send().await.unwrap().status() });
    }
    let answers = guesses.join_all().await;
    // Five are counted against the PIN; the sixth finds it stopped — and every one is
    // answered alike, so nobody learns whose PIN exists or stopped.
    assert!(answers.iter().all(|s| *s == StatusCode::UNAUTHORIZED), "{answers:?}");
    assert_eq!(app.count("SELECT pin_failures FROM users WHERE username = 'supervisor'"), 5);
    let tablet = desk.client.clone();
    let confirm = |body: serde_json::Value| tablet.post(app.url("/api/handovers/confirm")).json(&body).send();
    let right = confirm(with_pin(&id, "supervisor", "204817")).await.unwrap();
    expect_error(right, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_log_chain"), 0);

    // The password still works: nobody is locked out.
    assert_eq!(confirm(confirmation(&id, "supervisor", PASSWORD)).await.unwrap().status(), StatusCode::OK);
    // A new PIN starts the count again and confirms the next handover (the manager's).
    assert_eq!(set(PASSWORD, "318520").await.unwrap().status(), StatusCode::NO_CONTENT);
    let next = uuid();
    let mut manager = Device::new(&app, "manager").await;
    manager.push(&app, start(&next)).await;
    let confirm =
        |body: serde_json::Value| manager.client.post(app.url("/api/handovers/confirm")).json(&body).send();
    assert_eq!(confirm(with_pin(&next, "supervisor", "318520")).await.unwrap().status(), StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_log_chain"), 2);

    // Signed out everywhere (a shared password): a PIN set with it goes too.
    let r = supervisor.post(app.url("/api/auth/logout-everywhere")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE pin_hash IS NOT NULL"), 0);
}
