//! Time limits escalated by the server's own clock: a step on the timeline, each deadline
//! once, pulled by the supervisor and the department; never written by a device.

use crate::helpers::*;
use crate::tickets::{repair, ticket, uuid};
use steward_domain::clock::Timestamp;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, CreateTicket, EscalateTicket};
use steward_domain::ticket::Department;
use steward_domain::ticket::lifecycle::Action;
use steward_domain::ticket::overdue::Limit;

/// The server's rules run at `minutes` from now, on the test's own connection to the file.
fn sweep_at(app: &TestApp, minutes: i64) -> usize {
    let conn = rusqlite::Connection::open(&app.db_path).unwrap();
    steward_server::db::configure(&conn).unwrap();
    let now = Timestamp::from_utc(chrono::Utc::now() + chrono::Duration::minutes(minutes));
    let tx = conn.unchecked_transaction().unwrap();
    let n = steward_server::escalation::sweep(&tx, &now).unwrap();
    tx.commit().unwrap();
    n
}

#[tokio::test]
async fn a_late_arrival_is_escalated_once_to_the_supervisor_and_the_department() {
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
    assert_eq!(sweep_at(&app, 15), 0, "15 minutes is within the limit");
    assert_eq!(sweep_at(&app, 26), 1);
    assert_eq!(sweep_at(&app, 40), 0, "the same deadline is escalated once");

    for user in ["supervisor", "engineer"] {
        let d = Device::new(&app, user).await;
        let t = ticket(&app, &d, &id).await;
        assert_eq!(t["escalations"][0]["limit"], "arrival", "{user}");
        assert!(t["escalations"][0]["late_minutes"].as_i64().unwrap() >= 5, "{user}");
        let page = d.pull(&app).await;
        let step = page
            .changes
            .iter()
            .filter_map(|c| c.body_value())
            .find(|b| b["ticket_id"] == id.as_str() && b["step"]["step"] == "escalated")
            .expect("the escalation is on the timeline");
        assert_eq!(step["step"]["limit"], "arrival");
        assert_eq!(step["by_name"], steward_domain::apply::RULES_NAME);
    }
}

#[tokio::test]
async fn no_device_writes_an_escalation_whoever_signed_in() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let id = uuid();
    desk.push(
        &app,
        Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket: repair() }),
    )
    .await;
    let before = ticket(&app, &desk, &id).await;
    for user in ["desk", "supervisor", "manager", "admin"] {
        let mut d = Device::new(&app, user).await;
        let m = Mutation::EscalateTicket(EscalateTicket {
            ticket_id: id.clone(),
            event_id: uuid(),
            limit: Limit::Reply,
            anchor: "2026-11-22T08:00:00Z".into(),
            late_minutes: 600,
        });
        d.push(&app, m).await;
        assert_eq!(d.last_refusal(&app).await.as_deref(), Some("forbidden"), "{user}");
    }
    assert_eq!(before, ticket(&app, &desk, &id).await, "the refusals changed nothing");
}

/// 首问责任 goes only to an active staff account: the device cannot see the accounts, the
/// server checks them, and a refusal changes nothing.
#[tokio::test]
async fn first_responsibility_is_handed_only_to_an_active_staff_account() {
    use steward_domain::sync::commands::HandOverTicket;
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let id = uuid();
    desk.push(
        &app,
        Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket: repair() }),
    )
    .await;
    let before = ticket(&app, &desk, &id).await;
    let mut sup = Device::new(&app, "supervisor").await;
    let admin_id = app.count("SELECT id FROM users WHERE username = 'admin'");
    for to in [9999, admin_id] {
        let m = Mutation::HandOverTicket(HandOverTicket {
            ticket_id: id.clone(),
            event_id: uuid(),
            to,
            to_name: "某人".into(),
            reason: "休假".into(),
        });
        sup.push(&app, m).await;
        assert_eq!(
            sup.last_refusal_field(&app).await,
            Some(("invalid".to_string(), Some("first_responsible".to_string()))),
            "to {to}"
        );
    }
    assert_eq!(before, ticket(&app, &desk, &id).await);
    let patrol = app.count("SELECT id FROM users WHERE username = 'patrol'");
    // The name written beside the account is the account's: no crediting someone else.
    let m = Mutation::HandOverTicket(HandOverTicket {
        ticket_id: id.clone(),
        event_id: uuid(),
        to: patrol,
        to_name: "李静".into(),
        reason: "负责该楼层".into(),
    });
    sup.push(&app, m).await;
    assert_eq!(
        sup.last_refusal_field(&app).await,
        Some(("invalid".to_string(), Some("first_responsible".to_string())))
    );
    let m = Mutation::HandOverTicket(HandOverTicket {
        ticket_id: id.clone(),
        event_id: uuid(),
        to: patrol,
        to_name: "陈晨".into(),
        reason: "负责该楼层".into(),
    });
    sup.push(&app, m).await;
    assert_eq!(sup.last_refusal(&app).await, None);
    assert_eq!(ticket(&app, &desk, &id).await["first_responsible_name"], "陈晨");
}
