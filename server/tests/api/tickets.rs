//! Tickets through sync over HTTP: numbering, the role × action matrix, phone privacy, and
//! a timeline nobody can rewrite.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use steward_domain::sync::Mutation;
use steward_domain::sync::protocol::{Numbered, PullRequest, PullResponse, PushRequest};
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::lifecycle::Action;
use steward_domain::ticket::{Channel, Department, RepairScope, TicketKind, Urgency};

fn uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn repair() -> NewTicket {
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
        reply_by: None,
        appointment: None,
    }
}

/// A logged-in device that numbers its own mutations.
struct Device {
    client: Client,
    id: String,
    next: u64,
}

impl Device {
    async fn new(app: &TestApp, user: &str) -> Device {
        let client = app.browser();
        let me: Value = app.login(&client, user, PASSWORD).await.json().await.unwrap();
        Device { client, id: me["device_id"].as_str().unwrap().to_string(), next: 1 }
    }

    async fn push(&mut self, app: &TestApp, mutation: Mutation) {
        let body =
            PushRequest { client_id: self.id.clone(), mutations: vec![Numbered { id: self.next, mutation }] };
        let r = self.client.post(app.url("/api/sync/push")).json(&body).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        self.next += 1;
    }

    async fn pull(&self, app: &TestApp) -> PullResponse {
        let body = PullRequest { client_id: self.id.clone(), cursor: None, outcomes_after: 0, limit: None };
        self.client.post(app.url("/api/sync/pull")).json(&body).send().await.unwrap().json().await.unwrap()
    }

    /// The outcome code of this device's last mutation (`None`: applied).
    async fn last_refusal(&self, app: &TestApp) -> Option<String> {
        let page = self.pull(app).await;
        page.outcomes
            .iter()
            .find(|o| o.mutation_id == self.next - 1)
            .map(|o| serde_json::to_value(o.code).unwrap().as_str().unwrap().to_string())
    }
}

async fn ticket(app: &TestApp, d: &Device, id: &str) -> Value {
    let page = d.pull(app).await;
    page.changes.iter().find(|c| c.id == id).and_then(|c| c.body_value()).expect("ticket pulled")
}

#[tokio::test]
async fn the_server_numbers_tickets_by_month() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let (a, b) = (uuid(), uuid());
    desk.push(&app, Mutation::CreateTicket { id: a.clone(), event_id: uuid(), ticket: repair() }).await;
    desk.push(&app, Mutation::CreateTicket { id: b.clone(), event_id: uuid(), ticket: repair() }).await;
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
        (Action::Complete { labour_fee: 0, material_fee: 0 }, &["engineer", "supervisor", "manager"]),
        (Action::ReturnVisit { satisfied: true, note: String::new() }, &["desk", "supervisor", "manager"]),
        (Action::Archive, &["desk", "supervisor", "manager"]),
    ];
    for (allowed_index, (action, allowed)) in steps.iter().enumerate() {
        for (i, user) in users.iter().enumerate() {
            // A fresh ticket brought to the state just before this step, by the desk and engineer.
            let id = uuid();
            devices[0]
                .push(&app, Mutation::CreateTicket { id: id.clone(), event_id: uuid(), ticket: repair() })
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
                        Mutation::ActOnTicket {
                            ticket_id: id.clone(),
                            event_id: uuid(),
                            action: before.clone(),
                        },
                    )
                    .await;
            }
            let before = ticket(&app, &devices[0], &id).await;
            devices[i]
                .push(
                    &app,
                    Mutation::ActOnTicket { ticket_id: id.clone(), event_id: uuid(), action: action.clone() },
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
async fn owners_phones_reach_only_the_devices_that_call_them() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let id = uuid();
    desk.push(&app, Mutation::CreateTicket { id: id.clone(), event_id: uuid(), ticket: repair() }).await;
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
    desk.push(&app, Mutation::CreateTicket { id: id.clone(), event_id: uuid(), ticket: repair() }).await;
    desk.push(
        &app,
        Mutation::ActOnTicket {
            ticket_id: id,
            event_id: uuid(),
            action: Action::Dispatch { department: Department::Engineering },
        },
    )
    .await;
    assert_eq!(app.count("SELECT count(*) FROM records WHERE kind = 'ticket_event'"), 2);
    let c = rusqlite::Connection::open(&app.db_path).unwrap();
    assert!(c.execute("UPDATE records SET body = '{}' WHERE kind = 'ticket_event'", []).is_err());
    assert!(c.execute("DELETE FROM records WHERE kind = 'ticket_event'", []).is_err());
}
