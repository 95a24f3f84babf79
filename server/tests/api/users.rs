use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn admin_creates_a_user_who_can_then_log_in() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin").await;
    let r = admin
        .post(app.url("/api/users"))
        .json(&json!({"username": "Desk2", "display_name": "周敏", "role": "receptionist", "password": "a long password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["username"], "desk2");
    let r = app.login(&app.browser(), "desk2", "a long password").await;
    assert_eq!(r.status(), StatusCode::OK);
    let list: Vec<Value> = admin.get(app.url("/api/users")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list.len(), 8);
    assert!(list.iter().all(|u| u.get("password_hash").is_none()));
}

#[tokio::test]
async fn invalid_and_duplicate_users_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin").await;
    let before = app.count("SELECT count(*) FROM users");
    let post = |body: Value| admin.post(app.url("/api/users")).json(&body).send();
    let r = post(json!({"username": "x", "display_name": "X", "role": "patrol", "password": "long enough"}))
        .await
        .unwrap();
    let body = expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(body["error"]["field"], "username");
    let r = post(json!({"username": "newbie", "display_name": "X", "role": "patrol", "password": "short"}))
        .await
        .unwrap();
    assert_eq!(
        expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await["error"]["field"],
        "password"
    );
    let r =
        post(json!({"username": "desk", "display_name": "X", "role": "patrol", "password": "long enough"}))
            .await
            .unwrap();
    expect_error(r, StatusCode::CONFLICT, "conflict").await;
    let r =
        post(json!({"username": "newbie", "display_name": "X", "role": "owner", "password": "long enough"}))
            .await
            .unwrap();
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "malformed_body").await;
    assert_eq!(app.count("SELECT count(*) FROM users"), before);
}

#[tokio::test]
async fn other_roles_are_denied_and_nothing_changes() {
    let app = spawn_app().await;
    let before = app.count("SELECT count(*) FROM users");
    for role in ["desk", "supervisor", "manager", "patrol", "engineer", "guard"] {
        let client = app.logged_in(role).await;
        let r = client
            .post(app.url("/api/users"))
            .json(&json!({"username": "intruder", "display_name": "X", "role": "admin", "password": "long enough"}))
            .send()
            .await
            .unwrap();
        expect_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        let r = client.get(app.url("/api/users")).send().await.unwrap();
        expect_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    }
    assert_eq!(app.count("SELECT count(*) FROM users"), before);
    let r = app.browser().get(app.url("/api/users")).send().await.unwrap();
    expect_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

fn id_of(list: &[Value], username: &str) -> i64 {
    list.iter().find(|u| u["username"] == username).unwrap()["id"].as_i64().unwrap()
}

/// One's own password changed with the current one; the account's other sessions end.
#[tokio::test]
async fn a_person_changes_their_password_and_their_other_sessions_end() {
    let app = spawn_app().await;
    let tablet = app.logged_in("desk").await;
    let phone = app.logged_in("desk").await;
    let put = |body: Value| tablet.put(app.url("/api/auth/password")).json(&body).send();
    let wrong = put(json!({"current": "not it", "new": "a new long password"})).await.unwrap();
    expect_error(wrong, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    let short = put(json!({"current": PASSWORD, "new": "short"})).await.unwrap();
    expect_error(short, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(
        put(json!({"current": PASSWORD, "new": "a new long password"})).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        tablet.get(app.url("/api/auth/me")).send().await.unwrap().status(),
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        phone.get(app.url("/api/auth/me")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "the others end"
    );
    assert_eq!(app.login(&app.browser(), "desk", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&app.browser(), "desk", "a new long password").await.status(), StatusCode::OK);
}

/// The admin disables an account (it can neither sign in nor sync), changes a role, and
/// resets a password the person must replace at their next sign-in; each ends its sessions.
#[tokio::test]
async fn the_admin_disables_an_account_changes_a_role_and_resets_a_password() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin").await;
    let list: Vec<Value> = admin.get(app.url("/api/users")).send().await.unwrap().json().await.unwrap();
    let (patrol, engineer, admin_id) =
        (id_of(&list, "patrol"), id_of(&list, "engineer"), id_of(&list, "admin"));
    let put = |id: i64, body: Value| admin.put(app.url(&format!("/api/users/{id}"))).json(&body).send();

    // Disabled: its device's session ends (no sync), and it cannot sign in.
    let mut phone = Device::new(&app, "patrol").await;
    let r = put(patrol, json!({"active": false})).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["active"], false);
    let pull = phone
        .client
        .post(app.url("/api/sync/pull"))
        .json(&json!({"client_id": phone.id, "cursor": null, "outcomes_after": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(pull.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&app.browser(), "patrol", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    put(patrol, json!({"active": true})).await.unwrap();
    phone = Device::new(&app, "patrol").await;
    assert_eq!(phone.pull(&app).await.outcomes.len(), 0, "enabled again, it syncs");

    // A role changed: the old session, with the old role, ends.
    let old = app.logged_in("engineer").await;
    let r = put(engineer, json!({"role": "patrol"})).await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["role"], "patrol");
    assert_eq!(old.get(app.url("/api/auth/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);

    // A reset: signs in with it, and is told to set their own.
    let r = put(engineer, json!({"reset_password": "temporary pass 1"})).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let client = app.browser();
    let me: Value = app.login(&client, "engineer", "temporary pass 1").await.json().await.unwrap();
    assert_eq!(me["must_change_password"], true);
    let r = client
        .put(app.url("/api/auth/password"))
        .json(&json!({"current": "temporary pass 1", "new": "my own password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let me: Value = client.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["must_change_password"], false);

    // Not by anyone else; never the admin's own account out of reach; nothing for nothing.
    let desk = app.logged_in("desk").await;
    let r = desk
        .put(app.url(&format!("/api/users/{patrol}")))
        .json(&json!({"active": false}))
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    expect_error(
        put(admin_id, json!({"active": false})).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
    )
    .await;
    expect_error(put(patrol, json!({})).await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    expect_error(
        put(patrol, json!({"reset_password": "short"})).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
    )
    .await;
    expect_error(put(99_999, json!({"active": false})).await.unwrap(), StatusCode::NOT_FOUND, "not_found")
        .await;
}

/// What a disabled account's tablet had not sent is handed in by the next person to sign in
/// on it, held (once, however often handed in), listed for the supervisor only, and applied
/// in the supervisor's name or set aside with a reason; an active account's changes are its
/// own to send, and a change the server already processed is not held again.
#[tokio::test]
async fn a_disabled_account_s_unsent_changes_are_held_for_the_supervisor() {
    use steward_domain::sync::Mutation;
    use steward_domain::sync::commands::AppendDutyLog;
    use steward_domain::sync::protocol::{Numbered, PushRequest};
    let app = spawn_app().await;
    let admin = app.logged_in("admin").await;
    let list: Vec<Value> = admin.get(app.url("/api/users")).send().await.unwrap().json().await.unwrap();
    let entry = |n: u64, text: &str| Numbered {
        id: n,
        mutation: Mutation::AppendDutyLog(AppendDutyLog {
            id: format!("0190f5c2-7d1a-7000-8000-{n:012}"),
            text: text.into(),
            corrects: None,
            written_at: None,
        }),
    };
    let mut desk = Device::new(&app, "desk").await;
    desk.push(&app, entry(1, "已送达的记录").mutation).await;
    let outbox = PushRequest {
        client_id: desk.id.clone(),
        mutations: vec![entry(1, "已送达的记录"), entry(2, "离线写下的记录"), entry(3, "第二条离线记录")],
    };
    let colleague = app.logged_in("patrol").await;
    let hand_in = || colleague.post(app.url("/api/sync/held")).json(&outbox).send();
    expect_error(hand_in().await.unwrap(), StatusCode::CONFLICT, "conflict").await;

    admin
        .put(app.url(&format!("/api/users/{}", id_of(&list, "desk"))))
        .json(&json!({"active": false}))
        .send()
        .await
        .unwrap();
    for _ in 0..2 {
        let r = hand_in().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.json::<Value>().await.unwrap()["held"],
            2,
            "the processed one is not held, nothing is doubled"
        );
    }
    assert_eq!(
        colleague.get(app.url("/api/sync/held")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let supervisor = app.logged_in("supervisor").await;
    let waiting: Vec<Value> =
        supervisor.get(app.url("/api/sync/held")).send().await.unwrap().json().await.unwrap();
    assert_eq!(waiting.len(), 2);
    assert_eq!(waiting[0]["author_name"], "王小红");
    assert_eq!(waiting[0]["handed_in_by_name"], "陈晨");
    assert_eq!(waiting[0]["mutation"]["text"], "离线写下的记录");

    let resolve = |n: u64, body: Value| {
        supervisor.post(app.url(&format!("/api/sync/held/{}/{n}", desk.id))).json(&body).send()
    };
    expect_error(
        resolve(3, json!({"apply": false, "note": " "})).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
    )
    .await;
    assert_eq!(resolve(2, json!({"apply": true})).await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(
        resolve(3, json!({"apply": false, "note": "重复记录"})).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    expect_error(resolve(2, json!({"apply": true})).await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
    let waiting: Vec<Value> =
        supervisor.get(app.url("/api/sync/held")).send().await.unwrap().json().await.unwrap();
    assert!(waiting.is_empty());
    assert_eq!(app.count("SELECT count(*) FROM records WHERE kind = 'duty_log_entry' AND json_extract(body, '$.text') = '离线写下的记录' AND json_extract(body, '$.author_name') = '李静'"), 1, "applied in the supervisor's name");
    assert_eq!(
        app.count("SELECT count(*) FROM records WHERE json_extract(body, '$.text') = '第二条离线记录'"),
        0
    );
}
