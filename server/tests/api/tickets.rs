//! Tickets through sync over HTTP: numbering, the role × action matrix, phone privacy, and
//! a timeline nobody can rewrite.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, ChangeOwnerLink, CreateTicket, ExplainLateArrival};
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::lifecycle::{Action, VisitMethod};
use steward_domain::ticket::{Channel, Department, RepairScope, TicketKind, Urgency};

pub(crate) fn uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub(crate) fn repair() -> NewTicket {
    NewTicket {
        kind: TicketKind::Repair,
        scope: Some(RepairScope::InHome),
        unit: "3栋-1502".into(),
        reporter: "张先生".into(),
        contact_phone: "13812345678".into(),
        category: "防水/渗水".into(),
        urgency: Urgency::Normal,
        channel: Channel::WalkIn,
        description: "卫生间天花板渗水".into(),
        internal_note: String::new(),
        reply_by: None,
        appointment: None,
        owner_token_hash: None,
    }
}

/// Completed, confirmed by the owner on the engineer's phone.
fn done() -> Action {
    Action::Complete { labour_fee: 0, material_fee: 0, owner_confirmation: Some("张先生".into()) }
}

pub(crate) async fn ticket(app: &TestApp, d: &Device, id: &str) -> Value {
    let page = d.pull(app).await;
    page.changes.iter().find(|c| c.id == id).and_then(|c| c.body_value()).expect("ticket pulled")
}

#[tokio::test]
async fn the_server_numbers_tickets_by_month() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let (a, b) = (uuid(), uuid());
    desk.push(
        &app,
        Mutation::CreateTicket(CreateTicket { id: a.clone(), event_id: uuid(), ticket: repair() }),
    )
    .await;
    desk.push(
        &app,
        Mutation::CreateTicket(CreateTicket { id: b.clone(), event_id: uuid(), ticket: repair() }),
    )
    .await;
    let prefix = chrono::Utc::now().format("T%y%m-").to_string();
    assert_eq!(ticket(&app, &desk, &a).await["number"], format!("{prefix}0001"));
    assert_eq!(ticket(&app, &desk, &b).await["number"], format!("{prefix}0002"));
    assert_eq!(ticket(&app, &desk, &a).await["first_responsible_name"], "王小红");
}

/// For each step, in the state where it applies, which demo users may take it.
#[tokio::test]
async fn every_role_action_cell_is_enforced_and_a_refusal_changes_nothing() {
    let app = spawn_app().await;
    let users = ["desk", "supervisor", "manager", "patrol", "engineer", "guard", "admin"];
    let mut devices = Vec::new();
    for u in users {
        devices.push(Device::new(&app, u).await);
    }
    let steps: Vec<(Action, &[&str])> = vec![
        (Action::Dispatch { department: Department::Engineering }, &["desk", "supervisor", "manager"]),
        (Action::Accept, &["engineer", "supervisor", "manager"]),
        (Action::ArriveOnSite, &["engineer", "supervisor", "manager"]),
        (done(), &["engineer", "supervisor", "manager"]),
        (
            Action::ReturnVisit { satisfied: true, note: String::new(), method: VisitMethod::OnSite },
            &["desk", "supervisor", "manager"],
        ),
        (Action::Archive, &["desk", "supervisor", "manager"]),
    ];
    for (allowed_index, (action, allowed)) in steps.iter().enumerate() {
        for (i, user) in users.iter().enumerate() {
            // A fresh ticket brought to the state just before this step, by the desk and engineer.
            let id = uuid();
            devices[0]
                .push(
                    &app,
                    Mutation::CreateTicket(CreateTicket {
                        id: id.clone(),
                        event_id: uuid(),
                        ticket: repair(),
                    }),
                )
                .await;
            for (before, _) in &steps[..allowed_index] {
                let d = if matches!(before, Action::Accept | Action::ArriveOnSite | Action::Complete { .. }) {
                    4
                } else {
                    0
                };
                devices[d]
                    .push(
                        &app,
                        Mutation::ActOnTicket(ActOnTicket {
                            ticket_id: id.clone(),
                            event_id: uuid(),
                            action: before.clone(),
                            note: None,
                        }),
                    )
                    .await;
            }
            let before = ticket(&app, &devices[0], &id).await;
            devices[i]
                .push(
                    &app,
                    Mutation::ActOnTicket(ActOnTicket {
                        ticket_id: id.clone(),
                        event_id: uuid(),
                        action: action.clone(),
                        note: None,
                    }),
                )
                .await;
            let refusal = devices[i].last_refusal(&app).await;
            let after = ticket(&app, &devices[0], &id).await;
            if allowed.contains(user) {
                assert_eq!(refusal, None, "{user} may {}", action.name());
                assert_ne!(before["status"], after["status"]);
            } else {
                assert_eq!(refusal.as_deref(), Some("forbidden"), "{user} may not {}", action.name());
                assert_eq!(before, after, "{user}'s refused {} changed the ticket", action.name());
            }
        }
    }
}

#[tokio::test]
async fn only_the_desk_explains_a_late_arrival_or_changes_the_owner_link() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let id = uuid();
    desk.push(
        &app,
        Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket: repair() }),
    )
    .await;
    let dispatch = Action::Dispatch { department: Department::Engineering };
    desk.push(
        &app,
        Mutation::ActOnTicket(ActOnTicket {
            ticket_id: id.clone(),
            event_id: uuid(),
            action: dispatch,
            note: None,
        }),
    )
    .await;
    let explain = || {
        Mutation::ExplainLateArrival(ExplainLateArrival {
            ticket_id: id.clone(),
            event_id: uuid(),
            explanation: "维修工在另一单元抢修".into(),
            new_completion: "2026-11-22T08:00:00Z".into(),
        })
    };
    let relink = || {
        Mutation::ChangeOwnerLink(ChangeOwnerLink {
            ticket_id: id.clone(),
            event_id: uuid(),
            owner_token_hash: None,
        })
    };
    for user in ["engineer", "guard", "patrol", "admin"] {
        let mut d = Device::new(&app, user).await;
        let before = ticket(&app, &desk, &id).await;
        for m in [explain(), relink()] {
            d.push(&app, m).await;
            assert_eq!(d.last_refusal(&app).await.as_deref(), Some("forbidden"), "{user}");
        }
        assert_eq!(before, ticket(&app, &desk, &id).await, "{user}'s refusals changed the ticket");
    }
    desk.push(&app, explain()).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    assert_eq!(ticket(&app, &desk, &id).await["promised_completion"], "2026-11-22T08:00:00Z");
}

#[tokio::test]
async fn a_revoked_owner_link_answers_like_an_unknown_one() {
    let app = spawn_app().await;
    let (mut desk, _, id) = owner_ticket(&app).await;
    let link = |token: &str| reqwest::get(app.url(&format!("/api/public/tickets/{token}")));
    assert_eq!(link(TOKEN).await.unwrap().status(), StatusCode::OK);
    let new_token = "a".repeat(64);
    desk.push(
        &app,
        Mutation::ChangeOwnerLink(ChangeOwnerLink {
            ticket_id: id,
            event_id: uuid(),
            owner_token_hash: Some(steward_domain::ticket::owner::token_hash(&new_token)),
        }),
    )
    .await;
    let revoked = expect_error(link(TOKEN).await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
    let unknown =
        expect_error(link(&"0".repeat(64)).await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(revoked, unknown);
    let view: Value = link(&new_token).await.unwrap().json().await.unwrap();
    let steps: Vec<&str> =
        view["timeline"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert!(!steps.contains(&"change_owner_link") && steps.len() == 5, "{steps:?}");
}

#[tokio::test]
async fn owners_phones_reach_only_the_devices_that_call_them() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let id = uuid();
    desk.push(
        &app,
        Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket: repair() }),
    )
    .await;
    assert_eq!(ticket(&app, &desk, &id).await["contact_phone"], "13812345678");
    assert_eq!(ticket(&app, &Device::new(&app, "engineer").await, &id).await["contact_phone"], "13812345678");
    for user in ["guard", "patrol"] {
        let d = Device::new(&app, user).await;
        let raw = serde_json::to_string(&d.pull(&app).await).unwrap();
        assert!(!raw.contains("13812345678"), "{user} received the owner's phone");
        assert_eq!(ticket(&app, &d, &id).await["contact_phone"], "138****5678");
    }
    let admin = Device::new(&app, "admin").await;
    assert!(admin.pull(&app).await.changes.is_empty(), "the admin's devices hold no tickets");
}

#[tokio::test]
async fn the_timeline_is_append_only_even_by_sql() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let id = uuid();
    desk.push(
        &app,
        Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket: repair() }),
    )
    .await;
    desk.push(
        &app,
        Mutation::ActOnTicket(ActOnTicket {
            ticket_id: id,
            event_id: uuid(),
            action: Action::Dispatch { department: Department::Engineering },
            note: None,
        }),
    )
    .await;
    assert_eq!(app.count("SELECT count(*) FROM records WHERE kind = 'ticket_event'"), 2);
    let c = rusqlite::Connection::open(&app.db_path).unwrap();
    assert!(c.execute("UPDATE records SET body = '{}' WHERE kind = 'ticket_event'", []).is_err());
    assert!(c.execute("DELETE FROM records WHERE kind = 'ticket_event'", []).is_err());
}

pub(crate) const TOKEN: &str = "5f0c9a3e1b7d4c2a8e6f0b1d3c5a7e9f1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a";

pub(crate) async fn owner_ticket(app: &TestApp) -> (Device, Device, String) {
    let mut desk = Device::new(app, "desk").await;
    let mut engineer = Device::new(app, "engineer").await;
    let id = uuid();
    let mut t = repair();
    t.owner_token_hash = Some(steward_domain::ticket::owner::token_hash(TOKEN));
    desk.push(app, Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket: t }))
        .await;
    (desk, engineer_take(app, &mut engineer, &id).await, id)
}

async fn engineer_take(app: &TestApp, engineer: &mut Device, id: &str) -> Device {
    let mut desk = Device::new(app, "supervisor").await;
    desk.push(
        app,
        Mutation::ActOnTicket(ActOnTicket {
            ticket_id: id.into(),
            event_id: uuid(),
            action: Action::Dispatch { department: Department::Engineering },
            note: None,
        }),
    )
    .await;
    for action in [Action::Accept, Action::ArriveOnSite, done()] {
        engineer
            .push(
                app,
                Mutation::ActOnTicket(ActOnTicket {
                    ticket_id: id.into(),
                    event_id: uuid(),
                    action,
                    note: None,
                }),
            )
            .await;
    }
    desk
}

#[tokio::test]
async fn the_owner_link_shows_progress_and_nothing_private() {
    let app = spawn_app().await;
    let (desk, _, id) = owner_ticket(&app).await;
    let r = reqwest::get(app.url(&format!("/api/public/tickets/{TOKEN}"))).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    for secret in ["13812345678", "contact_phone", "owner_token_hash", "first_responsible\""] {
        assert!(!text.contains(secret), "the owner page leaks {secret}: {text}");
    }
    let view: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(view["responsible_name"], "小红");
    assert_eq!(view["status"], "completed");
    assert_eq!(view["can_rate"], true);
    let steps: Vec<&str> =
        view["timeline"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["created", "dispatch", "accept", "arrive_on_site", "complete"]);
    // Staff devices never receive the token's hash.
    assert!(ticket(&app, &desk, &id).await["owner_token_hash"].is_null());
    for bad in ["nope", &"0".repeat(64)] {
        let r = reqwest::get(app.url(&format!("/api/public/tickets/{bad}"))).await.unwrap();
        expect_error(r, StatusCode::NOT_FOUND, "not_found").await;
    }
}

#[tokio::test]
async fn an_unsatisfied_owner_reopens_the_ticket_in_their_own_words() {
    let app = spawn_app().await;
    let (desk, _, id) = owner_ticket(&app).await;
    let url = app.url(&format!("/api/public/tickets/{TOKEN}/rating"));
    let c = reqwest::Client::new();
    let r = c.post(&url).json(&serde_json::json!({"satisfied": false})).send().await.unwrap();
    assert_eq!(expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await["error"]["field"], "note");
    let r = c
        .post(&url)
        .json(&serde_json::json!({"satisfied": false, "comment": "还在渗水"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let view: Value = r.json().await.unwrap();
    let last = view["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["step"].as_str(), last["by_owner"].as_bool(), last["note"].as_str()),
        (Some("return_visit"), Some(true), Some("还在渗水"))
    );
    let t = ticket(&app, &desk, &id).await;
    assert_eq!((t["status"].as_str(), t["reopen_count"].as_u64()), (Some("dispatched"), Some(1)));
    // Rating again before the work is redone is refused.
    let r = c.post(&url).json(&serde_json::json!({"satisfied": true})).send().await.unwrap();
    expect_error(r, StatusCode::CONFLICT, "conflict").await;
    // The rating went through the one write path: in the audit trail as the owner's, once,
    // at the version the devices pull it by.
    let logged = "SELECT count(*) FROM mutation_log
                   WHERE name = 'rate_as_owner' AND client_id = 'owner-link' AND user_id IS NULL
                     AND version = (SELECT version FROM records WHERE kind = 'ticket' AND id = ";
    assert_eq!(app.count(&format!("{logged}'{id}')")), 1);
}

#[tokio::test]
async fn lookup_by_number_and_phone_answers_alike_for_unknown_and_wrong_and_throttles() {
    let app = spawn_app().await;
    let (desk, _, id) = owner_ticket(&app).await;
    let number = ticket(&app, &desk, &id).await["number"].as_str().unwrap().to_string();
    let c = reqwest::Client::new();
    let lookup = |number: String, phone: &str| {
        c.post(app.url("/api/public/lookup"))
            .json(&serde_json::json!({"number": number, "phone": phone}))
            .send()
    };
    let ok = lookup(number.clone(), "138 1234 5678").await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let wrong = expect_error(
        lookup(number.clone(), "13900000000").await.unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let unknown = expect_error(
        lookup("T2601-9999".into(), "13812345678").await.unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(wrong, unknown, "an unknown ticket and a wrong phone must be indistinguishable");
    for _ in 0..steward_domain::lookup_throttle::FREE_PER_TICKET_AND_ADDRESS {
        let _ = lookup(number.clone(), "13900000000").await.unwrap();
    }
    // Guessing is slowed for this address: the right phone is answered, but slowly…
    let started = std::time::Instant::now();
    let r = lookup(number.clone(), "13812345678").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "the owner is never refused the right answer");
    assert!(started.elapsed() >= std::time::Duration::from_millis(1000), "slowly");
    // …and a burst of guesses from it is told to wait.
    let (a, b, c) = tokio::join!(
        lookup(number.clone(), "13900000001"),
        lookup(number.clone(), "13900000002"),
        lookup(number.clone(), "13900000003")
    );
    let burst = [a, b, c].map(|r| r.unwrap().status());
    assert!(burst.contains(&StatusCode::TOO_MANY_REQUESTS), "{burst:?}");
    // …but the owner's link still works.
    assert_eq!(
        reqwest::get(app.url(&format!("/api/public/tickets/{TOKEN}"))).await.unwrap().status(),
        StatusCode::OK
    );
}

/// A ticket's unit is the register's label however the desk typed it (`1-1502` is found as
/// `1栋-1502`), and a home outside the register is refused with the unit named.
#[tokio::test]
async fn a_ticket_s_unit_is_the_register_s_label_and_must_be_in_it() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let a = uuid();
    let typed = NewTicket { unit: "1-1502".into(), ..repair() };
    desk.push(&app, Mutation::CreateTicket(CreateTicket { id: a.clone(), event_id: uuid(), ticket: typed }))
        .await;
    assert_eq!(ticket(&app, &desk, &a).await["unit"], "1栋-1502");
    let b = uuid();
    let outside = NewTicket { unit: "9栋-9999".into(), ..repair() };
    desk.push(
        &app,
        Mutation::CreateTicket(CreateTicket { id: b.clone(), event_id: uuid(), ticket: outside }),
    )
    .await;
    assert_eq!(desk.last_refusal_field(&app).await, Some(("not_found".into(), Some("unit".into()))));
    assert!(desk.pull(&app).await.changes.iter().all(|c| c.id != b));
}
