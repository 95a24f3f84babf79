//! Crash atomicity: the real `steward` binary is killed with SIGKILL while several devices
//! push; after each restart every acknowledged mutation is there, each device's applied
//! mutations are exactly 1..=last (a prefix, no holes), and SQLite's integrity check passes.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::AppendDutyLog;
use steward_domain::sync::protocol::{Numbered, PushRequest};

struct Process {
    child: Child,
    port: u16,
}

fn start(db: &std::path::Path, port: u16) -> Process {
    let child = Command::new(env!("CARGO_BIN_EXE_steward"))
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--db",
            db.to_str().unwrap(),
            "--static",
            "/nonexistent",
        ])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(std::time::Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    Process { child, port }
}

fn entry(device: usize, n: u64) -> Mutation {
    Mutation::AppendDutyLog(AppendDutyLog {
        id: format!("0190f5c2-7d1a-7000-8{device:03}-{n:012}"),
        text: format!("记录 {n}"),
        corrects: None,
        written_at: None,
    })
}

/// Pushes batches of 10 until the server dies; returns the highest acknowledged id.
async fn push_until_error(client: Client, port: u16, device: usize, client_id: String, mut next: u64) -> u64 {
    let mut acked = next - 1;
    loop {
        let mutations = (next..next + 10).map(|id| Numbered { id, mutation: entry(device, id) }).collect();
        let body = PushRequest { client_id: client_id.clone(), mutations };
        let sent = client.post(format!("http://127.0.0.1:{port}/api/sync/push")).json(&body).send().await;
        match sent {
            Ok(r) if r.status() == StatusCode::OK => {
                let v: Value = r.json().await.unwrap_or_default();
                match v["last_mutation_id"].as_u64() {
                    Some(last) => {
                        acked = last;
                        next = last + 1;
                    }
                    None => return acked, // the response was cut off mid-body
                }
            }
            _ => return acked,
        }
    }
}

fn applied_ids(db: &std::path::Path, client_id: &str) -> Vec<u64> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut stmt =
        c.prepare("SELECT mutation_id FROM mutation_log WHERE client_id = ?1 ORDER BY mutation_id").unwrap();
    stmt.query_map([client_id], |r| r.get::<_, i64>(0)).unwrap().map(|r| r.unwrap() as u64).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_during_pushes_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite3");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = start(&db, port);
    let mut devices = Vec::new();
    for (i, user) in ["desk", "supervisor", "guard"].into_iter().enumerate() {
        let client = Client::builder().cookie_store(true).build().unwrap();
        let me: Value = client
            .post(format!("http://127.0.0.1:{port}/api/auth/login"))
            .json(&json!({"username": user, "password": "steward-demo"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        devices.push((i, client, me["device_id"].as_str().unwrap().to_string(), 0u64));
    }

    for round in 0..6u64 {
        let tasks: Vec<_> = devices
            .iter()
            .map(|(i, client, id, acked)| {
                tokio::spawn(push_until_error(client.clone(), server.port, *i, id.clone(), acked + 1))
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(30 + round * 37 % 150)).await;
        server.child.kill().unwrap(); // SIGKILL: no graceful anything
        server.child.wait().unwrap();
        for (task, device) in tasks.into_iter().zip(devices.iter_mut()) {
            device.3 = task.await.unwrap();
        }
        for (_, _, client_id, acked) in &devices {
            let ids = applied_ids(&db, client_id);
            let last = ids.last().copied().unwrap_or(0);
            assert!(last >= *acked, "round {round}: acknowledged {acked} but only {last} survived");
            assert_eq!(ids, (1..=last).collect::<Vec<_>>(), "round {round}: applied ids are not a prefix");
        }
        // The devices learn the server's true last id (as a pull would tell them) and go on.
        for device in devices.iter_mut() {
            device.3 = applied_ids(&db, &device.2).last().copied().unwrap_or(0);
        }
        server = start(&db, port);
    }
    let total: u64 = devices.iter().map(|d| d.3).sum();
    assert!(total > 0, "nothing was pushed: the test proved nothing");
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let c = rusqlite::Connection::open(&db).unwrap();
    let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    // The devices write duty-log entries; the demo's own records (a decoration) aside.
    let records: i64 =
        c.query_row("SELECT count(*) FROM records WHERE kind = 'duty_log_entry'", [], |r| r.get(0)).unwrap();
    assert_eq!(records as u64, total, "every applied mutation left exactly one record");
}
