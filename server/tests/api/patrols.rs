//! Patrols and hot work through HTTP: the manager's plan reaches every phone and only the
//! manager changes it; a route finding becomes a public repair ticket the desk pulls; hot
//! work is approved by customer service then engineering, never out of order; the unit
//! directory tells a phone which units are on the vacant register.

use crate::helpers::*;
use serde_json::Value;
use steward_domain::decoration::checklist::{ItemResult, Outcome};
use steward_domain::decoration::hot_work::{HotWorkAction, NewHotWork};
use steward_domain::decoration::lifecycle::DecorationAction;
use steward_domain::decoration::record::NewDecoration;
use steward_domain::patrol::apply::PatrolTicket;
use steward_domain::patrol::plan::Route;
use steward_domain::patrol::subject::PatrolSubject;
use steward_domain::settings::{SETTINGS_ID, Settings};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{
    ActOnDecoration, ActOnHotWork, ApplyDecoration, ApplyHotWork, RecordPatrol, SaveSettings,
};

fn uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

async fn body_of(app: &TestApp, d: &Device, id: &str) -> Option<Value> {
    d.pull(app).await.changes.iter().find(|c| c.id == id).and_then(|c| c.body_value())
}

#[tokio::test]
async fn the_managers_plan_reaches_the_phones_and_nobody_else_changes_it() {
    let app = spawn_app().await;
    let mut settings = Settings::default();
    settings.patrols.routes.push(Route {
        key: "garage".into(),
        name: "车库夜巡".into(),
        rounds_per_day: 2,
        checkpoints: vec![steward_domain::decoration::checklist::ChecklistItem {
            key: "gates".into(),
            label: "车库出入口".into(),
            violation: String::new(),
            severity: steward_domain::decoration::checklist::Severity::Minor,
        }],
    });
    let save = |settings: Settings| Mutation::SaveSettings(SaveSettings { id: SETTINGS_ID.into(), settings });
    let mut guard = Device::new(&app, "guard").await;
    guard.push(&app, save(settings.clone())).await;
    assert_eq!(guard.last_refusal(&app).await.as_deref(), Some("forbidden"));
    let mut manager = Device::new(&app, "manager").await;
    let mut broken = settings.clone();
    broken.patrols.vacant_every_days = 0;
    manager.push(&app, save(broken)).await;
    assert_eq!(manager.last_refusal(&app).await.as_deref(), Some("invalid"));
    manager.push(&app, save(settings.clone())).await;
    assert_eq!(manager.last_refusal(&app).await, None);
    let patrol = Device::new(&app, "patrol").await;
    let pulled: Settings =
        serde_json::from_value(body_of(&app, &patrol, SETTINGS_ID).await.unwrap()).unwrap();
    assert_eq!(pulled, settings);
}

#[tokio::test]
async fn a_route_finding_becomes_a_public_repair_ticket_at_the_desk() {
    let app = spawn_app().await;
    let route = steward_domain::patrol::plan::PatrolPlan::default().routes.remove(0);
    let results: Vec<ItemResult> = route
        .checkpoints
        .iter()
        .map(|c| ItemResult {
            key: c.key.clone(),
            outcome: if c.key == "garage" { Outcome::Fail } else { Outcome::Pass },
            note: if c.key == "garage" { "B2 照明损坏".into() } else { String::new() },
            photos: vec![],
            rectified_on_spot: false,
        })
        .collect();
    let ticket_id = uuid();
    let ticket = PatrolTicket {
        item_key: "garage".into(),
        ticket_id: ticket_id.clone(),
        event_id: uuid(),
        photos_event_id: uuid(),
    };
    let mut patrol = Device::new(&app, "patrol").await;
    let patrol_id = uuid();
    patrol
        .push(
            &app,
            Mutation::RecordPatrol(RecordPatrol {
                id: patrol_id.clone(),
                subject: PatrolSubject::Route {
                    route_key: route.key.clone(),
                    route_name: route.name.clone(),
                },
                checklist: route.checkpoints.clone(),
                results,
                notice: None,
                tickets: vec![ticket],
            }),
        )
        .await;
    assert_eq!(patrol.last_refusal(&app).await, None);
    let desk = Device::new(&app, "desk").await;
    let t = body_of(&app, &desk, &ticket_id).await.expect("the desk pulls the ticket");
    assert_eq!(t["unit"], "地下车库");
    assert_eq!(t["channel"], "patrol_finding");
    assert_eq!(t["scope"], "public");

    // The month's report counts the finding and the ticket it raised, each drilling to it.
    let manager = app.logged_in("manager").await;
    let month = chrono::Utc::now().format("%Y-%m");
    let url = app.url(&format!("/api/reports/tickets?month={month}"));
    let r: serde_json::Value = manager.get(url).send().await.unwrap().json().await.unwrap();
    let figure = |k: &str| {
        r["operations"]["patrols"].as_array().unwrap().iter().find(|c| c["key"] == k).cloned().unwrap()
    };
    assert_eq!(figure("patrol_findings")["ids"], serde_json::json!([patrol_id]));
    assert_eq!(figure("patrol_tickets")["ids"], serde_json::json!([ticket_id]));
    assert_eq!(figure("vacant_units")["count"], 19, "the test register's vacant units");
    let late = figure("vacant_late")["count"].as_u64().unwrap();
    assert!(late == 19 || late == 0, "never checked: late on any day of the month that is over ({late})");
}

/// A decoration under way at 1栋-104, made through HTTP.
async fn decoration_under_way(app: &TestApp) -> String {
    let id = uuid();
    let application = decoration_application("1栋-104");
    let mut desk = Device::new(app, "desk").await;
    desk.push(app, Mutation::ApplyDecoration(ApplyDecoration { id: id.clone(), application })).await;
    for (user, action) in [
        ("manager", DecorationAction::Review { approve: true, reasons: String::new() }),
        ("engineer", DecorationAction::Review { approve: true, reasons: String::new() }),
        ("desk", DecorationAction::IssuePermit { fees: 30000, deposit: 200000 }),
    ] {
        let mut d = Device::new(app, user).await;
        d.push(app, Mutation::ActOnDecoration(ActOnDecoration { id: id.clone(), action })).await;
        assert_eq!(d.last_refusal(app).await, None, "{user}");
    }
    id
}

#[tokio::test]
async fn hot_work_is_approved_by_customer_service_then_engineering() {
    let app = spawn_app().await;
    let decoration_id = decoration_under_way(&app).await;
    let id = uuid();
    let application = NewHotWork {
        decoration_id,
        applicant: "王师傅".into(),
        work: "电焊".into(),
        location: "阳台".into(),
        date: "2026-11-23".into(),
        hours: "09:00-11:00".into(),
        fire_watcher: "赵师傅".into(),
        extinguishers: 2,
    };
    let mut guard = Device::new(&app, "guard").await;
    guard
        .push(&app, Mutation::ApplyHotWork(ApplyHotWork { id: id.clone(), application: application.clone() }))
        .await;
    assert_eq!(guard.last_refusal(&app).await.as_deref(), Some("forbidden"), "the desk takes applications");
    let mut desk = Device::new(&app, "desk").await;
    desk.push(&app, Mutation::ApplyHotWork(ApplyHotWork { id: id.clone(), application })).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    let approve = || Mutation::ActOnHotWork(ActOnHotWork { id: id.clone(), action: HotWorkAction::Approve });
    let mut engineer = Device::new(&app, "engineer").await;
    engineer.push(&app, approve()).await;
    assert_eq!(engineer.last_refusal(&app).await.as_deref(), Some("forbidden"), "customer service first");
    desk.push(&app, approve()).await;
    engineer.push(&app, approve()).await;
    assert_eq!(engineer.last_refusal(&app).await, None);
    let permit = body_of(&app, &guard, &id).await.expect("security sees the permit");
    assert_eq!(permit["status"], "approved");
    assert_eq!(permit["history"].as_array().unwrap().len(), 3);
    assert!(!permit["precautions"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_directory_marks_the_vacant_register() {
    let app = spawn_app().await;
    let patrol = app.logged_in("patrol").await;
    let units: Vec<Value> =
        patrol.get(app.url("/api/units/directory")).send().await.unwrap().json().await.unwrap();
    let vacant: Vec<&str> =
        units.iter().filter(|u| u["vacant"] == true).map(|u| u["unit"].as_str().unwrap()).collect();
    assert!(vacant.contains(&"1栋-303"), "{vacant:?}");
    assert!(units.iter().all(|u| u["vacant"] == false || u["owners"].as_array().unwrap().is_empty()));
}

/// The status of `number` in building `building` in the property register.
async fn unit_status(app: &TestApp, building: &str, number: &str) -> String {
    app.unit(building, number).await["status"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_register_reads_under_decoration_from_the_permit_until_acceptance_passes() {
    let app = spawn_app().await;
    assert_eq!(unit_status(&app, "1栋", "104").await, "occupied");
    let id = decoration_under_way(&app).await;
    assert_eq!(unit_status(&app, "1栋", "104").await, "decorating");
    for (user, action) in [
        ("desk", DecorationAction::BookAcceptance { date: "2027-01-21".into() }),
        (
            "engineer",
            DecorationAction::Inspect {
                inspector: steward_domain::decoration::lifecycle::Inspector::Engineering,
                passed: true,
                items: String::new(),
            },
        ),
        (
            "desk",
            DecorationAction::Inspect {
                inspector: steward_domain::decoration::lifecycle::Inspector::CustomerService,
                passed: true,
                items: String::new(),
            },
        ),
    ] {
        let mut d = Device::new(&app, user).await;
        d.push(&app, Mutation::ActOnDecoration(ActOnDecoration { id: id.clone(), action })).await;
        assert_eq!(d.last_refusal(&app).await, None, "{user}");
    }
    assert_eq!(unit_status(&app, "1栋", "104").await, "occupied");
}

/// A unit has one decoration in hand at a time: the rule looks across records through the
/// store's query, in SQL on the server.
#[tokio::test]
async fn a_second_decoration_for_a_unit_in_hand_is_refused() {
    let app = spawn_app().await;
    decoration_under_way(&app).await;
    let mut desk = Device::new(&app, "desk").await;
    let again =
        NewDecoration { contractor: "另一家装饰公司".into(), ..decoration_application("1栋-104") };
    let other_unit = NewDecoration { unit: "1栋-103".into(), ..again.clone() };
    desk.push(&app, Mutation::ApplyDecoration(ApplyDecoration { id: uuid(), application: again })).await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("conflict"));
    desk.push(&app, Mutation::ApplyDecoration(ApplyDecoration { id: uuid(), application: other_unit })).await;
    assert_eq!(desk.last_refusal(&app).await, None);
}
