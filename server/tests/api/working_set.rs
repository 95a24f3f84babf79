//! The working set over HTTP (issue #24): a device receives open work and what settled
//! within the property's chosen weeks; the server keeps the whole history.

use crate::helpers::*;
use crate::tickets::{owner_ticket, repair, uuid};
use serde_json::Value;
use std::collections::BTreeMap;
use steward_domain::settings::{SETTINGS_ID, SaveSettings, Settings};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, AppendDutyLog, CreateTicket};
use steward_domain::sync::working_set::WorkingSet;
use steward_domain::ticket::lifecycle::{Action, VisitMethod};

const DAY: i64 = 86_400;

fn log(text: &str) -> Mutation {
    Mutation::AppendDutyLog(AppendDutyLog { id: uuid(), text: text.into(), corrects: None, written_at: None })
}

fn close(ticket: &str) -> Mutation {
    Mutation::ActOnTicket(ActOnTicket {
        ticket_id: ticket.into(),
        event_id: uuid(),
        action: Action::ReturnVisit { satisfied: true, note: String::new(), method: VisitMethod::OnSite },
        note: None,
    })
}

/// Every record a new device of `user` receives, by id (every page).
async fn everything(app: &TestApp, user: &str) -> BTreeMap<String, Value> {
    pull_all(app, &Device::new(app, user).await, None).await.1
}

/// What `d` receives from `cursor` until caught up (small pages): its cursor then, and the
/// records by id.
async fn pull_all(
    app: &TestApp,
    d: &Device,
    mut cursor: Option<String>,
) -> (String, BTreeMap<String, Value>) {
    let mut held = BTreeMap::new();
    loop {
        let body = steward_domain::sync::protocol::PullRequest {
            client_id: d.id.clone(),
            cursor,
            outcomes_after: 0,
            limit: Some(50),
        };
        let page: steward_domain::sync::protocol::PullResponse =
            d.client.post(app.url("/api/sync/pull")).json(&body).send().await.unwrap().json().await.unwrap();
        for c in page.changes {
            if let Some(b) = c.body_value() {
                held.insert(c.id, b);
            }
        }
        if !page.more {
            return (page.cursor, held);
        }
        cursor = Some(page.cursor);
    }
}

fn timeline_of<'a>(held: &'a BTreeMap<String, Value>, ticket: &str) -> Vec<&'a Value> {
    held.values().filter(|b| b["ticket_id"] == ticket).collect()
}

/// The supervisor signs off the day `days_ago`.
async fn sign_off(app: &TestApp, days_ago: u64) {
    let mut supervisor = Device::new(app, "supervisor").await;
    let day = crate::release::today() - chrono::Days::new(days_ago);
    let sign =
        steward_domain::duty_log::SignDutyLog { id: uuid(), day: day.to_string(), note: String::new() };
    supervisor.push(app, Mutation::SignDutyLog(sign)).await;
    assert_eq!(supervisor.last_refusal(app).await, None);
}

async fn hold_weeks(app: &TestApp, weeks: Option<u16>) {
    let mut manager = Device::new(app, "manager").await;
    let settings = Settings { working_set: WorkingSet { weeks }, ..Settings::default() };
    manager.push(app, Mutation::SaveSettings(SaveSettings { id: SETTINGS_ID.into(), settings })).await;
    assert_eq!(manager.last_refusal(app).await, None);
}

#[tokio::test]
async fn a_new_device_receives_open_work_and_the_last_weeks_not_the_whole_history() {
    // Forty days ago: a ticket closed at its return visit, one still open, a log line.
    let past = spawn_app_with(|c| c.clock_offset_secs = -40 * DAY).await;
    let (mut desk, _, closed) = owner_ticket(&past).await;
    desk.push(&past, close(&closed)).await;
    assert_eq!(desk.last_refusal_field(&past).await, None);
    let open = uuid();
    desk.push(
        &past,
        Mutation::CreateTicket(CreateTicket { id: open.clone(), event_id: uuid(), ticket: repair() }),
    )
    .await;
    desk.push(&past, log("四十天前的值班记录")).await;

    // Today, on the same database: forty days are within the eight weeks a property that has
    // not chosen holds, and "all" holds all.
    let db = past.db_path.clone();
    let app = spawn_app_with(move |c| c.db_path = db).await;
    let mut today = Device::new(&app, "desk").await;
    today.push(&app, log("今天的值班记录")).await;
    let held = everything(&app, "desk").await;
    assert!(held.contains_key(&closed) && timeline_of(&held, &closed).len() == 6, "not chosen: eight weeks");
    hold_weeks(&app, None).await;
    let all = everything(&app, "desk").await;
    assert!(all.contains_key(&closed) && timeline_of(&all, &closed).len() == 6, "all chosen: all held");

    // Five weeks chosen: the ticket closed forty days ago goes with its whole timeline, and
    // the old log line; the open ticket (however old), its timeline and today's line stay.
    hold_weeks(&app, Some(5)).await;
    let held = everything(&app, "desk").await;
    assert!(!held.contains_key(&closed), "a ticket closed forty days ago is not sent");
    assert!(timeline_of(&held, &closed).is_empty(), "nor its timeline");
    assert!(held.contains_key(&open), "open work is held however old");
    assert_eq!(timeline_of(&held, &open).len(), 1);
    let lines: Vec<&str> = held.values().filter_map(|b| b["text"].as_str()).collect();
    assert!(lines.contains(&"四十天前的值班记录"), "its day is not signed off: held, the supervisor's to-do");
    sign_off(&app, 40).await;
    let held = everything(&app, "desk").await;
    let lines: Vec<&str> = held.values().filter_map(|b| b["text"].as_str()).collect();
    assert!(lines.contains(&"今天的值班记录") && !lines.contains(&"四十天前的值班记录"), "{lines:?}");
    assert!(held.values().any(|b| b["signs"].is_string()), "the sign-off stays");
    // The server keeps it all: the record and its timeline are in the database.
    let kept = format!("SELECT count(*) FROM records WHERE id = '{closed}' AND body IS NOT NULL");
    assert_eq!(app.count(&kept), 1);

    // Eight weeks: the closed ticket and its timeline are in the set again.
    hold_weeks(&app, Some(8)).await;
    let held = everything(&app, "desk").await;
    assert!(held.contains_key(&closed) && timeline_of(&held, &closed).len() == 6);

    // A device that held the closed ticket (eight weeks) keeps receiving its changes; one
    // that let it go (five weeks) is not sent it again by its archiving — the ticket keeps the
    // day it closed, so no device holds it without its timeline.
    let follower = Device::new(&app, "desk").await;
    let first = pull_all(&app, &follower, None).await;
    assert_eq!(first.1.get(&closed).map(|t| t["status"].clone()), Some(Value::from("closed")));
    hold_weeks(&app, Some(5)).await;
    let mut supervisor = Device::new(&app, "supervisor").await;
    supervisor
        .push(
            &app,
            Mutation::ActOnTicket(ActOnTicket {
                ticket_id: closed.clone(),
                event_id: uuid(),
                action: Action::Archive,
                note: None,
            }),
        )
        .await;
    assert_eq!(supervisor.last_refusal(&app).await, None);
    let held = everything(&app, "desk").await;
    assert!(!held.contains_key(&closed) && timeline_of(&held, &closed).is_empty());
    hold_weeks(&app, Some(8)).await;
    let (_, later) = pull_all(&app, &follower, Some(first.0)).await;
    assert_eq!(later.get(&closed).map(|t| t["status"].clone()), Some(Value::from("archived")));
    assert_eq!(timeline_of(&later, &closed).len(), 1, "the archiving step, the earlier six already held");
    let held = everything(&app, "desk").await;
    assert_eq!(timeline_of(&held, &closed).len(), 7, "a new device gets the whole timeline");
}

#[tokio::test]
async fn a_database_from_before_the_working_set_dates_its_records_once_when_opened() {
    let past = spawn_app_with(|c| c.clock_offset_secs = -40 * DAY).await;
    let (mut desk, _, closed) = owner_ticket(&past).await;
    desk.push(&past, close(&closed)).await;
    desk.push(&past, log("四十天前的值班记录")).await;
    // The day is signed off since; then, as a database from before migration 0021 is: no
    // days, not yet dated.
    let db = past.db_path.clone();
    sign_off(&spawn_app_with(move |c| c.db_path = db).await, 40).await;
    let c = rusqlite::Connection::open(&past.db_path).unwrap();
    c.execute("UPDATE records SET settled_on = NULL", []).unwrap();
    c.execute("DELETE FROM meta WHERE key = 'records_settled_v2'", []).unwrap();
    let db = past.db_path.clone();
    let app = spawn_app_with(move |c| c.db_path = db).await;
    hold_weeks(&app, Some(5)).await;
    let held = everything(&app, "desk").await;
    assert!(!held.contains_key(&closed), "dated by the last step of its timeline, forty days ago");
    assert!(timeline_of(&held, &closed).is_empty());
    assert!(!held.values().any(|b| b["text"] == "四十天前的值班记录"));
    assert_eq!(app.count("SELECT count(*) FROM meta WHERE key = 'records_settled_v2'"), 1);
}

#[tokio::test]
async fn a_slip_and_its_gate_checks_stay_on_devices_until_its_last_valid_day_has_passed() {
    use crate::release::{gate_release, slip, tablet_key, today};
    use steward_domain::keys::record::{Consent, IdType};
    use steward_domain::release::issue::Applicant;
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let (key_id, secret, register) = tablet_key(11);
    desk.push(&app, register).await;
    let consent = Consent {
        phone: "13812345678".into(),
        called_by: "王小红".into(),
        at: (chrono::Utc::now() + chrono::Duration::minutes(8 * 60 - 5)).format("%Y-%m-%dT%H:%M").to_string(),
    };
    let agent = Applicant::Authorised {
        name: "周先生".into(),
        id_type: IdType::ResidentCard,
        id_last4: "123X".into(),
        consent,
        letter: None,
    };
    let (slip_id, issue) = slip(&key_id, &secret, "2栋-801", agent);
    desk.push(&app, issue.clone()).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    let Mutation::IssueReleaseSlip(issued) = &issue else { unreachable!() };
    let mut gate = Device::new(&app, "guard").await;
    gate.push(&app, gate_release(&slip_id, &issued.slip.pass)).await;
    assert_eq!(gate.last_refusal(&app).await, None);
    // Dated by the slip's last valid day, the check with it: a gate that holds the slip holds
    // its checks, so it never takes a used slip for an unused one.
    let day = |kind: &str| {
        rusqlite::Connection::open(&app.db_path)
            .unwrap()
            .query_row(
                &format!(
                    "SELECT settled_on FROM records WHERE kind = '{kind}' AND (id = '{slip_id}' OR json_extract(body, '$.slip_id') = '{slip_id}')"
                ),
                [],
                |r| r.get::<_, Option<String>>(0),
            )
            .unwrap()
    };
    assert_eq!(day("release_slip"), Some(today().to_string()));
    assert_eq!(day("gate_check"), Some(today().to_string()));
}

async fn older(app: &TestApp, d: &Device, kind: &str, query: &str) -> (u16, Value) {
    let body = serde_json::json!({ "kind": kind, "query": query });
    let response = d.client.post(app.url("/api/sync/older")).json(&body).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// A desk tablet holds five weeks; the ticket closed forty days ago is found on the server by
/// its unit as typed, its number or its reporter, with its whole timeline and its settled
/// day, and a pull says which day the device's working set starts.
#[tokio::test]
async fn the_history_a_device_does_not_hold_is_searched_on_the_server() {
    let past = spawn_app_with(|c| c.clock_offset_secs = -40 * DAY).await;
    let (mut desk, _, closed) = owner_ticket(&past).await;
    desk.push(&past, close(&closed)).await;
    let open = uuid();
    desk.push(
        &past,
        Mutation::CreateTicket(CreateTicket { id: open.clone(), event_id: uuid(), ticket: repair() }),
    )
    .await;
    let db = past.db_path.clone();
    let app = spawn_app_with(move |c| c.db_path = db).await;
    let desk = Device::new(&app, "desk").await;
    // All chosen: the device holds everything, the server's history adds nothing.
    hold_weeks(&app, None).await;
    let (status, none) = older(&app, &desk, "ticket", "3-1502").await;
    assert_eq!((status, none["changes"].as_array().map(Vec::len)), (200, Some(0)));

    hold_weeks(&app, Some(5)).await;
    let page = desk.pull(&app).await;
    let cutoff = crate::release::today() - chrono::Days::new(35);
    assert_eq!(page.held_from, Some(cutoff));
    let number: String = rusqlite::Connection::open(&app.db_path)
        .unwrap()
        .query_row(
            &format!("SELECT json_extract(body, '$.number') FROM records WHERE id = '{closed}'"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    for query in ["3-1502", "张先生", number.as_str()] {
        let (status, found) = older(&app, &desk, "ticket", query).await;
        assert_eq!(status, 200, "{found}");
        let changes = found["changes"].as_array().unwrap();
        let ids: Vec<&str> =
            changes.iter().filter(|c| c["kind"] == "ticket").filter_map(|c| c["id"].as_str()).collect();
        assert_eq!(ids, vec![closed.as_str()], "{query}: only the settled one, not the open ticket");
        assert_eq!(
            changes.iter().filter(|c| c["body"]["ticket_id"] == closed.as_str()).count(),
            6,
            "its timeline"
        );
        let settled = changes[0]["settled_on"].as_str().unwrap().parse::<chrono::NaiveDate>().unwrap();
        assert!(settled < cutoff);
    }
    let (_, nothing) = older(&app, &desk, "ticket", "李%").await;
    assert_eq!(nothing["changes"], serde_json::json!([]), "a LIKE wildcard is taken as itself");
    let (_, nothing) = older(&app, &desk, "ticket", "status").await;
    assert_eq!(nothing["changes"], serde_json::json!([]), "the body's field names are not searched");
    // The receipt's reference (printed before the server numbered the ticket) finds it too.
    let reference = steward_domain::ticket::number::provisional(&closed);
    let (_, found) = older(&app, &desk, "ticket", &reference).await;
    assert_eq!(found["changes"][0]["id"], closed.as_str(), "{reference}");

    // A device that changed a ticket it fetched asks for it again by id, whatever its day.
    let body = serde_json::json!({ "kind": "ticket", "ids": [closed] });
    let again: Value =
        desk.client.post(app.url("/api/sync/older")).json(&body).send().await.unwrap().json().await.unwrap();
    assert_eq!(again["changes"][0]["id"], closed.as_str());
    assert_eq!(again["changes"].as_array().unwrap().len(), 7, "the ticket and its timeline");
    let many: Vec<String> = (0..51).map(|_| uuid()).collect();
    let body = serde_json::json!({ "kind": "ticket", "ids": many });
    let status = desk.client.post(app.url("/api/sync/older")).json(&body).send().await.unwrap().status();
    assert_eq!(status.as_u16(), 422);

    // Bad input: a clear refusal, nothing else.
    for (kind, query, status) in
        [("ticket", " ", 422), ("ticket", &"长".repeat(101), 422), ("key_loan", "A-01", 422)]
    {
        let (got, body) = older(&app, &desk, kind, query).await;
        assert_eq!(got, status, "{kind} {query}: {body}");
    }
}
