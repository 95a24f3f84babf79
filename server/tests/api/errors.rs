use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn oversized_bodies_are_refused_as_json() {
    let app = spawn_app().await;
    let huge = format!("{{\"username\":\"desk\",\"password\":\"{}\"}}", "x".repeat(100 * 1024));
    let r = app
        .browser()
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large").await;

    let admin = app.logged_in("admin").await;
    let csv = format!("楼栋,房号\n{}", "1,101\n".repeat(2 * 1024 * 1024));
    let r = admin.post(app.url("/api/units/import")).body(csv).send().await.unwrap();
    expect_error(r, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large").await;
}

#[tokio::test]
async fn malformed_bodies_are_refused_as_json() {
    let app = spawn_app().await;
    let c = app.browser();
    let url = app.url("/api/auth/login");
    let r = c.post(&url).header("content-type", "application/json").body("{not json").send().await.unwrap();
    expect_error(r, StatusCode::BAD_REQUEST, "malformed_body").await;
    let r = c
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"username\": 5}")
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "malformed_body").await;
    let r = c.post(&url).header("content-type", "text/plain").body("hello").send().await.unwrap();
    expect_error(r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "malformed_body").await;
}

#[tokio::test]
async fn unknown_api_routes_are_json_404_never_the_app() {
    let app = spawn_app().await;
    let r = app.browser().get(app.url("/api/no-such-thing")).send().await.unwrap();
    expect_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = app.browser().post(app.url("/api/tickets/T2611-0042")).send().await.unwrap();
    expect_error(r, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn wrong_methods_and_bad_path_parameters_are_json() {
    let app = spawn_app().await;
    let r = app.browser().get(app.url("/api/auth/login")).send().await.unwrap();
    expect_error(r, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    let desk = app.logged_in("desk").await;
    let r = desk.get(app.url("/api/buildings/abc/units")).send().await.unwrap();
    expect_error(r, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn health_and_openapi() {
    let app = spawn_app().await;
    let h: serde_json::Value = reqwest::get(app.url("/healthz")).await.unwrap().json().await.unwrap();
    assert_eq!(h["database_ok"], true);
    assert_eq!(h["version"], env!("CARGO_PKG_VERSION"));
    let doc: serde_json::Value =
        reqwest::get(app.url("/api/openapi.json")).await.unwrap().json().await.unwrap();
    for path in ["/api/auth/login", "/api/users", "/api/units/import", "/healthz"] {
        assert!(doc["paths"].get(path).is_some(), "openapi misses {path}");
    }
    assert!(doc["components"]["schemas"].get("ApiErrorBody").is_some());
}

#[tokio::test]
async fn duplicate_keys_are_refused_and_errors_name_no_rust_type() {
    let app = spawn_app().await;
    let c = app.browser();
    let url = app.url("/api/auth/login");
    let post = |body: &'static str| c.post(&url).header("content-type", "application/json").body(body).send();
    let r = post(r#"{"username":"desk","username":"admin","password":"x"}"#).await.unwrap();
    let body = expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "malformed_body").await;
    assert!(body["error"]["message"].as_str().unwrap().contains("duplicate key `username`"), "{body}");
    for bad in [r#"{"username": 5, "password": "x"}"#, r#"{"password": "x"}"#] {
        let body =
            expect_error(post(bad).await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY, "malformed_body").await;
        let message = body["error"]["message"].as_str().unwrap();
        assert!(!message.contains("LoginRequest") && !message.contains("struct"), "{message}");
    }
    // A mutation whose name is given twice is refused, not stored as the last one.
    let desk = Device::new(&app, "desk").await;
    let push = format!(
        r#"{{"client_id":"{}","mutations":[{{"id":1,"mutation":{{"name":"append_duty_log","name":"register_visit","id":"0190f5c2-7d1a-7000-8000-000000000001","text":"x","corrects":null,"visitor_name":"a","unit":"1栋-101","purpose":"b"}}}}]}}"#,
        desk.id
    );
    let r = desk
        .client
        .post(app.url("/api/sync/push"))
        .header("content-type", "application/json")
        .body(push)
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "malformed_body").await;
    assert_eq!(app.count("SELECT count(*) FROM records WHERE kind = 'visit'"), 0);
}

/// The operator's figures: requests by route pattern (never a token), push sizes, login
/// failures and throttle refusals; the admin alone reads them on the main address.
#[tokio::test]
async fn metrics_count_requests_failures_and_refusals_for_the_admin_only() {
    let app = spawn_app().await;
    let token = "5f0c9a3e1b7d4c2a8e6f0b1d3c5a7e9f1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a";
    let _ = reqwest::get(app.url(&format!("/t/{token}"))).await.unwrap();
    let _ = app.login(&app.browser(), "desk", "wrong").await;
    let desk = app.logged_in("desk").await;
    assert_eq!(desk.get(app.url("/metrics")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(reqwest::get(app.url("/metrics")).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let admin = app.logged_in("admin").await;
    let r = admin.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    for expected in [
        "steward_http_requests_total{route=\"/t/{token}\",method=\"GET\",status=\"404\"} 1",
        "steward_login_failures_total 1",
        "steward_http_request_duration_seconds_bucket",
        "steward_database_bytes",
    ] {
        assert!(text.contains(expected), "metrics lack {expected}:\n{text}");
    }
    assert!(!text.contains(token), "a token reached the metrics");
}
