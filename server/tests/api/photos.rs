//! Photo bytes: uploaded once (retries are harmless), checked against their hash, read
//! back by staff only.

use crate::helpers::*;
use reqwest::StatusCode;
use steward_domain::photo::{MAX_BYTES, sha256_hex};
use steward_server::db::photos as db_photos;

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
    let dashes = "-".repeat(36);
    let r = put(&app, &desk, &dashes, &photo, &sha256_hex(&photo)).await;
    assert_eq!(expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await["error"]["field"], "id");
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

async fn piece(
    app: &TestApp,
    c: &reqwest::Client,
    photo: &[u8],
    offset: usize,
    len: usize,
) -> reqwest::Response {
    let end = (offset + len).min(photo.len());
    c.post(app.url(&format!("/api/photos/{ID}/chunks")))
        .header("upload-offset", offset.to_string())
        .header("upload-length", photo.len().to_string())
        .header("x-content-sha256", sha256_hex(photo))
        .body(photo[offset..end].to_vec())
        .send()
        .await
        .unwrap()
}

async fn state(r: reqwest::Response) -> (u64, bool) {
    assert_eq!(r.status(), StatusCode::OK);
    let v: serde_json::Value = r.json().await.unwrap();
    (v["offset"].as_u64().unwrap(), v["done"].as_bool().unwrap())
}

#[tokio::test]
async fn a_photo_goes_up_in_pieces_and_resumes_where_the_server_stopped() {
    let app = spawn_app().await;
    let patrol = app.logged_in("patrol").await;
    let photo = jpeg(9, 300_000);
    const CHUNK: usize = steward_domain::photo::CHUNK_BYTES as usize;
    assert_eq!(state(piece(&app, &patrol, &photo, 0, 0).await).await, (0, false), "an empty piece asks");
    assert_eq!(state(piece(&app, &patrol, &photo, 0, CHUNK).await).await, (CHUNK as u64, false));
    // The answer was lost and the device sends the first piece again: not applied twice.
    assert_eq!(state(piece(&app, &patrol, &photo, 0, CHUNK).await).await, (CHUNK as u64, false));
    // A piece from too far ahead (one was lost on the way) is not applied either.
    assert_eq!(state(piece(&app, &patrol, &photo, 2 * CHUNK, CHUNK).await).await, (CHUNK as u64, false));
    assert_eq!(state(piece(&app, &patrol, &photo, CHUNK, CHUNK).await).await, (2 * CHUNK as u64, false));
    assert_eq!(app.count("SELECT count(*) FROM photos"), 0, "nothing is shown half-uploaded");
    assert_eq!(state(piece(&app, &patrol, &photo, 2 * CHUNK, CHUNK).await).await, (300_000, true));
    assert_eq!(app.count("SELECT count(*) FROM photos"), 1);
    assert_eq!(app.count("SELECT count(*) FROM photo_uploads"), 0);
    let r = patrol.get(app.url(&format!("/api/photos/{ID}"))).send().await.unwrap();
    assert_eq!(r.bytes().await.unwrap().as_ref(), photo.as_slice());
    // Asking again after it is stored: done.
    assert_eq!(state(piece(&app, &patrol, &photo, 0, 0).await).await, (300_000, true));
}

#[tokio::test]
async fn pieces_that_do_not_add_up_to_the_photo_are_thrown_away() {
    let app = spawn_app().await;
    let desk = app.logged_in("desk").await;
    let photo = jpeg(3, 1000);
    let sha = sha256_hex(&jpeg(4, 1000)); // the device's hash does not match the bytes
    let r = desk
        .post(app.url(&format!("/api/photos/{ID}/chunks")))
        .header("upload-offset", "0")
        .header("upload-length", "1000")
        .header("x-content-sha256", sha)
        .body(photo)
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(app.count("SELECT count(*) FROM photos") + app.count("SELECT count(*) FROM photo_uploads"), 0);
    let r = desk.post(app.url(&format!("/api/photos/{ID}/chunks"))).body(vec![1u8]).send().await.unwrap();
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
}

/// An upload abandoned halfway (the phone was reset) is thrown away after a few days, and
/// no user keeps more than a bounded number of unfinished ones.
#[tokio::test]
async fn abandoned_halves_of_uploads_expire() {
    let app = spawn_app().await;
    let patrol = app.logged_in("patrol").await;
    let photo = jpeg(7, 300_000);
    const CHUNK: usize = steward_domain::photo::CHUNK_BYTES as usize;
    state(piece(&app, &patrol, &photo, 0, CHUNK).await).await;
    let old = (chrono::Utc::now() - chrono::Duration::days(4)).to_rfc3339();
    let c = rusqlite::Connection::open(&app.db_path).unwrap();
    c.execute("UPDATE photo_uploads SET updated_at = ?1", [old]).unwrap();
    let user: i64 = app.count("SELECT uploaded_by FROM photo_uploads");
    for n in 0..70 {
        let id = format!("00000000-0000-4000-8000-{n:012}");
        c.execute(
            "INSERT INTO photo_uploads (id, sha256, length, received, uploaded_by, updated_at)
             VALUES (?1, ?2, 10, x'00', ?3, ?4)",
            rusqlite::params![id, "ab".repeat(32), user, chrono::Utc::now().to_rfc3339()],
        )
        .unwrap();
    }
    drop(c);
    let other = jpeg(8, 300_000);
    let r = patrol
        .post(app.url("/api/photos/11111111-1111-4111-8111-111111111111/chunks"))
        .header("upload-offset", "0")
        .header("upload-length", other.len().to_string())
        .header("x-content-sha256", sha256_hex(&other))
        .body(other[..CHUNK].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(state(r).await, (CHUNK as u64, false));
    let ids = format!("SELECT count(*) FROM photo_uploads WHERE id = '{ID}'");
    assert_eq!(app.count(&ids), 0, "the abandoned upload is gone");
    assert_eq!(app.count("SELECT count(*) FROM photo_uploads"), db_photos::UNFINISHED_PER_USER);
    let kept = "SELECT count(*) FROM photo_uploads WHERE id = '11111111-1111-4111-8111-111111111111'";
    assert_eq!(app.count(kept), 1, "the newest is kept");
    // The first photo starts again from nothing, and still arrives whole.
    assert_eq!(state(piece(&app, &patrol, &photo, 0, 0).await).await, (0, false));
}
