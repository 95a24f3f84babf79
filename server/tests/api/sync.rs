//! Sync through HTTP: the push/pull invariants.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{
    AppendDutyLog, RecordVisitExit, RegisterVisit, UpdateVisitPurpose, WithdrawVisit,
};
use steward_domain::sync::protocol::{Numbered, PullRequest, PullResponse, PushRequest};

fn uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn visit(id: &str, name: &str) -> Mutation {
    Mutation::RegisterVisit(RegisterVisit {
        id: id.into(),
        visitor_name: name.into(),
        unit: "3栋-1502".into(),
        purpose: "探亲".into(),
        ..Default::default()
    })
}

fn log(text: &str) -> Mutation {
    Mutation::AppendDutyLog(AppendDutyLog { id: uuid(), text: text.into(), corrects: None, written_at: None })
}

struct Device {
    client: Client,
    id: String,
}

async fn device(app: &TestApp, user: &str) -> Device {
    let client = app.browser();
    let me: Value = app.login(&client, user, PASSWORD).await.json().await.unwrap();
    Device { client, id: me["device_id"].as_str().unwrap().to_string() }
}

async fn push(app: &TestApp, d: &Device, first_id: u64, mutations: Vec<Mutation>) -> reqwest::Response {
    let mutations = mutations
        .into_iter()
        .enumerate()
        .map(|(i, m)| Numbered { id: first_id + i as u64, mutation: m })
        .collect();
    let body = PushRequest { client_id: d.id.clone(), mutations };
    d.client.post(app.url("/api/sync/push")).json(&body).send().await.unwrap()
}

async fn pushed(app: &TestApp, d: &Device, first_id: u64, mutations: Vec<Mutation>) -> u64 {
    let r = push(app, d, first_id, mutations).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<Value>().await.unwrap()["last_mutation_id"].as_u64().unwrap()
}

async fn pull(app: &TestApp, d: &Device, cursor: Option<String>, limit: Option<u32>) -> PullResponse {
    let body = PullRequest { client_id: d.id.clone(), cursor, outcomes_after: 0, limit };
    let r = d.client.post(app.url("/api/sync/pull")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// Pulls every page from the start; returns the records that are not tombstones.
async fn pull_all(app: &TestApp, d: &Device, limit: u32) -> std::collections::BTreeMap<String, Value> {
    let mut state = std::collections::BTreeMap::new();
    let mut cursor = None;
    loop {
        let page = pull(app, d, cursor, Some(limit)).await;
        for c in page.changes {
            match c.body_value() {
                Some(b) => state.insert(c.id, b),
                None => state.remove(&c.id),
            };
        }
        cursor = Some(page.cursor);
        if !page.more {
            return state;
        }
    }
}

#[tokio::test]
async fn retries_and_duplicates_apply_each_mutation_once() {
    let app = spawn_app().await;
    let d = device(&app, "desk").await;
    let batch = vec![visit(&uuid(), "甲"), log("早班开始"), log("巡视大堂")];
    assert_eq!(pushed(&app, &d, 1, batch.clone()).await, 3);
    // The response was lost; the device sends the same batch again, then an overlapping one.
    assert_eq!(pushed(&app, &d, 1, batch.clone()).await, 3);
    let mut overlapping = batch[1..].to_vec();
    overlapping.push(log("交班"));
    assert_eq!(pushed(&app, &d, 2, overlapping).await, 4);
    assert_eq!(app.count("SELECT count(*) FROM records"), 4);
    assert_eq!(app.count("SELECT count(*) FROM mutation_log"), 4);
    // A reordered batch is malformed and changes nothing.
    let reordered = PushRequest {
        client_id: d.id.clone(),
        mutations: vec![Numbered { id: 6, mutation: log("x") }, Numbered { id: 5, mutation: log("y") }],
    };
    let r = d.client.post(app.url("/api/sync/push")).json(&reordered).send().await.unwrap();
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(app.count("SELECT count(*) FROM records"), 4);
}

#[tokio::test]
async fn a_batch_with_a_gap_changes_nothing() {
    let app = spawn_app().await;
    let d = device(&app, "desk").await;
    assert_eq!(pushed(&app, &d, 1, vec![log("一")]).await, 1);
    let r = push(&app, &d, 3, vec![log("三"), log("四")]).await;
    expect_error(r, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(app.count("SELECT count(*) FROM records"), 1);
    assert_eq!(app.count("SELECT last_mutation_id FROM sync_clients"), 1);
}

#[tokio::test]
async fn a_rejection_is_recorded_returned_and_does_not_block_the_queue() {
    let app = spawn_app().await;
    let d = device(&app, "desk").await;
    let v = uuid();
    let batch = vec![
        visit(&v, "甲"),
        visit(&uuid(), "  "),
        Mutation::RecordVisitExit(RecordVisitExit { id: v.clone() }),
        log("ok"),
    ];
    assert_eq!(pushed(&app, &d, 1, batch).await, 4);
    let page = pull(&app, &d, None, None).await;
    assert_eq!(page.last_mutation_id, 4);
    assert_eq!(page.outcomes.len(), 1, "{:?}", page.outcomes);
    let o = &page.outcomes[0];
    assert_eq!((o.mutation_id, o.field.map(steward_domain::field::Field::name)), (2, Some("visitor_name")));
    assert_eq!(serde_json::to_value(o.code).unwrap(), "invalid");
    assert_eq!(page.changes.len(), 2);
    // Recording the exit twice is refused; the device keeps going.
    assert_eq!(
        pushed(&app, &d, 5, vec![Mutation::RecordVisitExit(RecordVisitExit { id: v }), log("after")]).await,
        6
    );
    let body = PullRequest { client_id: d.id.clone(), cursor: None, outcomes_after: 4, limit: None };
    let page: PullResponse =
        d.client.post(app.url("/api/sync/pull")).json(&body).send().await.unwrap().json().await.unwrap();
    assert_eq!(page.outcomes.iter().map(|o| o.mutation_id).collect::<Vec<_>>(), vec![5]);
}

#[tokio::test]
async fn a_device_pushes_and_pulls_only_as_its_own_user() {
    let app = spawn_app().await;
    let desk = device(&app, "desk").await;
    let guard = device(&app, "guard").await;
    let stolen = Device { client: desk.client.clone(), id: guard.id.clone() };
    expect_error(push(&app, &stolen, 1, vec![log("x")]).await, StatusCode::FORBIDDEN, "forbidden").await;
    let body = PullRequest { client_id: guard.id.clone(), cursor: None, outcomes_after: 0, limit: None };
    let r = desk.client.post(app.url("/api/sync/pull")).json(&body).send().await.unwrap();
    expect_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(app.count("SELECT count(*) FROM records"), 0);
    let r = app
        .browser()
        .post(app.url("/api/sync/push"))
        .json(&json!({"client_id": "x", "mutations": []}))
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn each_role_gets_and_changes_only_its_kinds() {
    let app = spawn_app().await;
    let desk = device(&app, "desk").await;
    pushed(&app, &desk, 1, vec![visit(&uuid(), "甲"), log("x")]).await;
    let patrol = device(&app, "patrol").await;
    let page = pull(&app, &patrol, None, None).await;
    assert!(page.changes.is_empty(), "a patrol phone receives no visitors or duty log");
    assert_eq!(pushed(&app, &patrol, 1, vec![visit(&uuid(), "乙")]).await, 1);
    let page = pull(&app, &patrol, None, None).await;
    assert_eq!(serde_json::to_value(page.outcomes[0].code).unwrap(), "forbidden");
    assert_eq!(app.count("SELECT count(*) FROM records WHERE kind = 'visit'"), 1);
}

#[tokio::test]
async fn times_are_the_servers_whatever_the_device_clock() {
    let app = spawn_app().await;
    let d = device(&app, "desk").await;
    let before = chrono::Utc::now();
    pushed(&app, &d, 1, vec![visit(&uuid(), "甲")]).await;
    let page = pull(&app, &d, None, None).await;
    let time_in = page.changes[0].body_value().unwrap()["time_in"].as_str().unwrap().to_string();
    let t = chrono::DateTime::parse_from_rfc3339(&time_in).unwrap();
    assert!(t >= before && t <= chrono::Utc::now(), "time_in {time_in} is not the server's clock");
}

#[tokio::test]
async fn paging_sees_every_change_and_deletes_arrive_as_tombstones() {
    let app = spawn_app().await;
    let d = device(&app, "desk").await;
    let ids: Vec<String> = (0..7).map(|_| uuid()).collect();
    pushed(&app, &d, 1, ids.iter().map(|id| visit(id, "访客")).collect()).await;
    let first = pull(&app, &d, None, None).await;
    pushed(&app, &d, 8, vec![Mutation::WithdrawVisit(WithdrawVisit { id: ids[0].clone() })]).await;
    let after = pull(&app, &d, Some(first.cursor.clone()), None).await;
    assert_eq!(after.changes.len(), 1);
    assert_eq!((after.changes[0].id.as_str(), after.changes[0].body.is_none()), (ids[0].as_str(), true));
    for limit in [1, 2, 3, 100] {
        let state = pull_all(&app, &d, limit).await;
        assert_eq!(state.len(), 6, "limit {limit}");
        assert!(!state.contains_key(&ids[0]));
    }
}

#[tokio::test]
async fn pulls_racing_pushes_never_miss_a_change() {
    let app = spawn_app().await;
    let writers: Vec<Device> =
        vec![device(&app, "desk").await, device(&app, "supervisor").await, device(&app, "guard").await];
    let reader = device(&app, "manager").await;
    let url = app.url("");
    let pushes = writers.into_iter().map(|d| {
        let url = url.clone();
        tokio::spawn(async move {
            for n in 0..20u64 {
                let body = PushRequest {
                    client_id: d.id.clone(),
                    mutations: vec![Numbered { id: n + 1, mutation: log(&format!("{n}")) }],
                };
                let r = d.client.post(format!("{url}/api/sync/push")).json(&body).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::OK);
            }
        })
    });
    let pushes: Vec<_> = pushes.collect();
    // Pull in small pages while the pushes land, keeping the cursor as a device would.
    let mut seen = std::collections::BTreeSet::new();
    let mut cursor = None;
    loop {
        let page = pull(&app, &reader, cursor.clone(), Some(2)).await;
        seen.extend(page.changes.iter().map(|c| c.id.clone()));
        cursor = Some(page.cursor);
        let done = pushes.iter().all(|h| h.is_finished());
        if done && !page.more {
            break;
        }
    }
    for h in pushes {
        h.await.unwrap();
    }
    let tail = pull(&app, &reader, cursor, None).await;
    seen.extend(tail.changes.iter().map(|c| c.id.clone()));
    assert_eq!(seen.len(), 60);
    assert_eq!(app.count("SELECT count(*) FROM records"), 60);
}

#[tokio::test]
async fn a_concurrent_overwrite_is_applied_and_reported() {
    let app = spawn_app().await;
    let a = device(&app, "desk").await;
    let b = device(&app, "supervisor").await;
    let v = uuid();
    pushed(&app, &a, 1, vec![visit(&v, "甲")]).await;
    let base = pull(&app, &a, None, None).await.changes[0].version;
    let edit = |p: &str| {
        Mutation::UpdateVisitPurpose(UpdateVisitPurpose {
            id: v.clone(),
            purpose: p.into(),
            base_version: base,
        })
    };
    pushed(&app, &a, 2, vec![edit("送货")]).await;
    pushed(&app, &b, 1, vec![edit("维修")]).await; // b edited the same base, later in server order
    let page = pull(&app, &b, None, None).await;
    assert_eq!(page.changes[0].body_value().unwrap()["purpose"], "维修", "last writer in server order wins");
    assert_eq!(page.outcomes.len(), 1);
    assert_eq!(serde_json::to_value(page.outcomes[0].kind).unwrap(), "overwrote");
}

#[tokio::test]
async fn a_cursor_from_another_database_resets_the_device() {
    let app = spawn_app().await;
    let d = device(&app, "desk").await;
    pushed(&app, &d, 1, vec![log("x")]).await;
    let page = pull(&app, &d, Some("otherepoch.99.visit.x".into()), None).await;
    assert!(page.reset);
    assert_eq!(page.changes.len(), 1);
    let page = pull(&app, &d, Some("garbage".into()), None).await;
    assert!(page.reset);
    // After a restore the operator runs `steward new-epoch`: old cursors reset.
    let current = pull(&app, &d, None, None).await.cursor;
    assert!(!pull(&app, &d, Some(current.clone()), None).await.reset);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["new-epoch", "--db", app.db_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let page = pull(&app, &d, Some(current), None).await;
    assert!(page.reset);
    assert_eq!(page.changes.len(), 1);
}

#[tokio::test]
async fn the_duty_log_cannot_be_altered_even_by_sql() {
    let app = spawn_app().await;
    let d = device(&app, "desk").await;
    pushed(&app, &d, 1, vec![log("原始记录")]).await;
    let c = rusqlite::Connection::open(&app.db_path).unwrap();
    assert!(c.execute("UPDATE records SET body = '{}' WHERE kind = 'duty_log_entry'", []).is_err());
    assert!(c.execute("DELETE FROM records WHERE kind = 'duty_log_entry'", []).is_err());
}

#[tokio::test]
async fn a_push_from_an_app_before_the_named_wire_form_still_lands() {
    let app = spawn_app().await;
    let d = device(&app, "desk").await;
    let id = uuid();
    // `{"name", "args"}`: how apps before 2026-11-22 stored and sent their outbox.
    let body = json!({ "client_id": d.id, "mutations": [
        { "id": 1, "mutation": { "name": "append_duty_log", "args": { "id": id, "text": "旧版本的交班记录", "corrects": null } } },
        { "id": 2, "mutation": { "name": "append_duty_log", "id": uuid(), "text": "新版本", "corrects": null } },
    ]});
    let r = d.client.post(app.url("/api/sync/push")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["last_mutation_id"], 2);
    let page = pull(&app, &d, None, None).await;
    let entry = page.changes.iter().find(|c| c.id == id).and_then(|c| c.body_value()).expect("applied");
    assert_eq!(entry["text"], "旧版本的交班记录");
    assert!(page.outcomes.is_empty(), "nothing refused: {:?}", page.outcomes);
}

/// Every kind the domain declares append-only (the duty log, ticket timelines, patrols)
/// refuses UPDATE and DELETE in SQLite itself, below any code path; every other kind may
/// be changed.
#[tokio::test]
async fn each_append_only_kind_refuses_update_and_delete_in_sqlite() {
    let app = spawn_app().await;
    let c = rusqlite::Connection::open(&app.db_path).unwrap();
    for kind in steward_domain::sync::Kind::ALL {
        let id = format!("0190f5c2-7d1a-7000-8000-{:012}", kind as u32);
        c.execute(
            "INSERT INTO records (kind, id, version, body) VALUES (?1, ?2, 1, '{}')",
            rusqlite::params![kind.as_str(), id],
        )
        .unwrap();
        let update = c.execute(
            "UPDATE records SET body = '{\"x\":1}' WHERE kind = ?1 AND id = ?2",
            [kind.as_str(), &id],
        );
        let delete = c.execute("DELETE FROM records WHERE kind = ?1 AND id = ?2", [kind.as_str(), &id]);
        if kind.append_only() {
            assert!(update.is_err(), "{kind:?} was updated");
            assert!(delete.is_err(), "{kind:?} was deleted");
        } else {
            assert_eq!(update.unwrap(), 1, "{kind:?}");
            assert_eq!(delete.unwrap(), 1, "{kind:?}");
        }
    }
}
