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
