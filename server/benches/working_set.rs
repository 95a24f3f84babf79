//! A new device on a three-year property: what it downloads and how long that takes, with
//! the working set (issue #24), printed as figures (not a timed test).
//!
//! `cargo bench -p steward-server --bench working_set` — the report bench's property
//! (150,000 tickets with 600,000 timeline entries, 40,000 patrols, 20,000 key loans, 5,000
//! slips) with the last fortnight's tickets still open; the database dated once as the
//! server opens it; the manager chooses 8 weeks; then a new desk tablet and a new patrol
//! phone each pull everything they are sent, over HTTP into the device's sync core, as a
//! device does. Goals: the desk ready in < 5 s on the LAN having downloaded < 10 MB; a
//! phone's store < 50 MB.

mod three_years;

use rusqlite::Connection;
use std::io::Write;
use std::time::Instant;
use steward_domain::settings::{SETTINGS_ID, SaveSettings, Settings};
use steward_domain::sync::Mutation;
use steward_domain::sync::protocol::{Numbered, PullRequest, PullResponse, PushRequest};
use steward_domain::sync::working_set::WorkingSet;
use steward_sync::Replica;

const WEEKS: u16 = 8;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite3");
    drop(steward_server::db::Db::open(&path).unwrap());
    let mut c = Connection::open(&path).unwrap();
    steward_server::db::configure(&c).unwrap();
    three_years::seed(&mut c);
    // The last fortnight's tickets are still being worked on.
    let open = c
        .execute(
            "UPDATE records SET body = json_set(body, '$.status', 'dispatched')
              WHERE kind = 'ticket' AND json_extract(body, '$.created_at') >= ?1",
            [(chrono::Utc::now() - chrono::Duration::days(14)).to_rfc3339()],
        )
        .unwrap();
    // The seed writes records straight into SQLite: the head of the versions follows them.
    c.execute("UPDATE sync_state SET version = (SELECT max(version) FROM records) WHERE id = 1", []).unwrap();
    // As a database from before the working set: dated once when the server opens it.
    c.execute("UPDATE records SET settled_on = NULL", []).unwrap();
    c.execute("DELETE FROM meta WHERE key = 'records_settled_v2'", []).unwrap();
    let total: i64 =
        c.query_row("SELECT count(*) FROM records WHERE body IS NOT NULL", [], |r| r.get(0)).unwrap();
    drop(c);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let config = steward_server::state::Config {
            db_path: path,
            static_dir: None,
            seed_demo: true,
            demo_records: false,
            secure_cookies: false,
            clock_offset_secs: 0,
            trusted_proxy: None,
            backup_dir: None,
            counter_idle_secs: None,
        };
        let opening = Instant::now();
        let state = steward_server::open(config).unwrap();
        println!(
            "{total} records ({open} tickets open); the database dated and opened in {:.1} s (once, the first time)",
            opening.elapsed().as_secs_f64()
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(steward_server::serve(listener, state, std::future::pending()));

        let (manager, manager_device) = login(&base, "manager").await;
        let settings = Settings { working_set: WorkingSet { weeks: Some(WEEKS) }, ..Settings::default() };
        let push = PushRequest {
            client_id: manager_device,
            mutations: vec![Numbered {
                id: 1,
                mutation: Mutation::SaveSettings(SaveSettings { id: SETTINGS_ID.into(), settings }),
            }],
        };
        let r = manager.post(format!("{base}/api/sync/push")).json(&push).send().await.unwrap();
        assert!(r.status().is_success());

        for (user, what) in [("desk", "desk tablet"), ("patrol", "patrol phone")] {
            let (records, seconds, json, gzipped) = new_device(&base, user).await;
            println!(
                "a new {what}, {WEEKS} weeks held: {records} records in {seconds:.2} s; {:.1} MB sent gzipped ({:.1} MB of JSON), of {total} on the server",
                gzipped as f64 / 1e6,
                json as f64 / 1e6
            );
            println!("FIGURE working_set_{user}_ready_s {seconds:.2}");
            println!("FIGURE working_set_{user}_download_mb {:.1}", gzipped as f64 / 1e6);
            println!("FIGURE working_set_{user}_store_mb {:.1}", json as f64 / 1e6);
        }
    });
}

async fn login(base: &str, user: &str) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let me: serde_json::Value = client
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({"username": user, "password": steward_server::seed::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (client, me["device_id"].as_str().unwrap().to_string())
}

/// Signs in on a new device and pulls until caught up: the records it holds, the seconds
/// it took, the JSON received, and that JSON gzipped page by page (what a browser asking
/// for gzip is sent; brotli sends less).
async fn new_device(base: &str, user: &str) -> (usize, f64, usize, usize) {
    let (client, device) = login(base, user).await;
    let mut replica = Replica::new(device.clone());
    let (mut json, mut gzipped) = (0, 0);
    let start = Instant::now();
    loop {
        let req = PullRequest {
            client_id: device.clone(),
            cursor: replica.cursor(),
            outcomes_after: 0,
            limit: Some(5000),
        };
        let bytes = client
            .post(format!("{base}/api/sync/pull"))
            .json(&req)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        json += bytes.len();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bytes).unwrap();
        gzipped += gz.finish().unwrap().len();
        let page: PullResponse = serde_json::from_slice(&bytes).unwrap();
        let more = page.more;
        replica.apply_pull(page);
        if !more {
            break;
        }
    }
    (replica.confirmed_bodies().len(), start.elapsed().as_secs_f64(), json, gzipped)
}
