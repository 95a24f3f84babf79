//! Photo bytes: uploaded once (retries are harmless), checked against their hash, read
//! back by staff only.

use crate::helpers::*;
use reqwest::StatusCode;
use steward_domain::photo::{MAX_BYTES, sha256_hex};

const ID: &str = "0190f5c2-7d1a-7000-8000-0000000000f1";

fn jpeg(fill: u8, len: usize) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0];
    b.resize(len, fill);
    b
}

async fn put(app: &TestApp, c: &reqwest::Client, id: &str, bytes: &[u8], sha: &str) -> reqwest::Response {
    c.put(app.url(&format!("/api/photos/{id}")))
        .header("content-type", "image/jpeg")
        .header("x-content-sha256", sha)
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_photo_is_stored_once_and_read_back_by_staff() {
    let app = spawn_app().await;
    let engineer = app.logged_in("engineer").await;
    let photo = jpeg(7, 300_000);
    let sha = sha256_hex(&photo);
    assert_eq!(put(&app, &engineer, ID, &photo, &sha).await.status(), StatusCode::NO_CONTENT);
    // The answer was lost and the device sends it again: nothing changes.
    assert_eq!(put(&app, &engineer, ID, &photo, &sha).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("SELECT count(*) FROM photos"), 1);
    let other = jpeg(8, 1000);
    expect_error(
        put(&app, &engineer, ID, &other, &sha256_hex(&other)).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let desk = app.logged_in("desk").await;
    let r = desk.get(app.url(&format!("/api/photos/{ID}"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert!(r.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), photo.as_slice());
}

#[tokio::test]
async fn damaged_foreign_or_oversized_uploads_change_nothing() {
    let app = spawn_app().await;
    let desk = app.logged_in("desk").await;
    let photo = jpeg(7, 1000);
    let r = put(&app, &desk, ID, &photo, &"0".repeat(64)).await;
    assert_eq!(
        expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await["error"]["field"],
        "sha256"
    );
    let script = b"<script>alert(1)</script>".to_vec();
    let r = put(&app, &desk, ID, &script, &sha256_hex(&script)).await;
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    let huge = jpeg(1, MAX_BYTES as usize + 200_000);
    let r = put(&app, &desk, ID, &huge, &sha256_hex(&huge)).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = put(&app, &desk, "../../etc/passwd", &photo, &sha256_hex(&photo)).await;
    assert!(r.status().is_client_error());
    let admin = app.logged_in("admin").await;
    expect_error(
        put(&app, &admin, ID, &photo, &sha256_hex(&photo)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let r = reqwest::get(app.url(&format!("/api/photos/{ID}"))).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "no photos without a session");
    assert_eq!(app.count("SELECT count(*) FROM photos"), 0);
}
