//! Sync throughput on this machine, printed as figures (not a timed test).
//!
//! `cargo bench -p steward-server --bench sync` — on a real SQLite file with WAL and
//! `synchronous=FULL`, records of ~1 KB:
//! - the raw SQLite insert rate of the same rows (the physical limit here);
//! - push: mutations applied per second in batches of 1, 100 and 500, through the real
//!   `push` (idempotency check, savepoint per mutation, audit log), and the ratio to raw;
//! - cold pull of 10,000 and 100,000 records into a fresh device replica, through the real
//!   `pull`, with the JSON encode/decode a pull over HTTP pays.

use rusqlite::{Connection, TransactionBehavior, params};
use std::time::Instant;
use steward_domain::Role;
use steward_domain::sync::Mutation;
use steward_domain::sync::protocol::{Numbered, PullRequest, PullResponse, PushRequest};
use steward_server::db;
use steward_server::sync::{Pusher, pull, push};
use steward_sync::Replica;

const TEXT_CHARS: usize = 330; // ~1 KB of UTF-8 Chinese in the stored body

fn open(dir: &std::path::Path, name: &str) -> Connection {
    let mut c = Connection::open(dir.join(name)).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "synchronous", "FULL").unwrap();
    db::migrate(&mut c).unwrap();
    c.execute("INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (1, 'desk', 'd', 'receptionist', 'x', '')", []).unwrap();
    c.execute("INSERT INTO devices (id, user_id, created_at, last_seen_at) VALUES ('bench', 1, '', '')", [])
        .unwrap();
    c
}

fn entry(n: u64) -> Mutation {
    let text: String = "值班记录：大堂巡视正常，电梯运行良好。".chars().cycle().take(TEXT_CHARS).collect();
    Mutation::AppendDutyLog { id: format!("0190f5c2-7d1a-7000-8000-{n:012}"), text, corrects: None }
}

fn raw_inserts(dir: &std::path::Path, total: u64, batch: u64) -> f64 {
    let mut c = open(dir, "raw.sqlite3");
    c.execute_batch("CREATE TABLE raw (kind TEXT, id TEXT, version INTEGER, body TEXT, PRIMARY KEY (kind, id)) WITHOUT ROWID")
        .unwrap();
    let bodies: Vec<(String, String)> = (0..total)
        .map(|n| {
            let Mutation::AppendDutyLog { id, text, .. } = entry(n) else { unreachable!() };
            let body = serde_json::json!({"author": 1, "author_name": "desk", "text": text, "corrects": null, "written_at": "2026-11-22T08:00:00Z"});
            (id, body.to_string())
        })
        .collect();
    let start = Instant::now();
    for chunk in bodies.chunks(batch as usize) {
        let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO raw (kind, id, version, body) VALUES ('duty_log_entry', ?1, ?2, ?3)",
                )
                .unwrap();
            for (i, (id, body)) in chunk.iter().enumerate() {
                stmt.execute(params![id, i as i64, body]).unwrap();
            }
        }
        tx.commit().unwrap();
    }
    total as f64 / start.elapsed().as_secs_f64()
}

fn pushes(dir: &std::path::Path, total: u64, batch: u64) -> f64 {
    let mut c = open(dir, &format!("push-{batch}.sqlite3"));
    let pusher = Pusher { user_id: 1, name: "desk".into(), role: Role::Receptionist };
    let requests: Vec<PushRequest> = (0..total / batch)
        .map(|b| PushRequest {
            client_id: "bench".into(),
            mutations: (0..batch)
                .map(|i| Numbered { id: b * batch + i + 1, mutation: entry(b * batch + i) })
                .collect(),
        })
        .collect();
    let start = Instant::now();
    for req in &requests {
        let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
        push(&tx, &pusher, req, "2026-11-22T08:00:00Z").unwrap();
        tx.commit().unwrap();
    }
    total as f64 / start.elapsed().as_secs_f64()
}

fn cold_pull(dir: &std::path::Path, records: u64) -> (f64, usize) {
    let mut c = open(dir, &format!("pull-{records}.sqlite3"));
    let pusher = Pusher { user_id: 1, name: "desk".into(), role: Role::Receptionist };
    for b in 0..records / 1000 {
        let req = PushRequest {
            client_id: "bench".into(),
            mutations: (0..1000)
                .map(|i| Numbered { id: b * 1000 + i + 1, mutation: entry(b * 1000 + i) })
                .collect(),
        };
        let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
        push(&tx, &pusher, &req, "2026-11-22T08:00:00Z").unwrap();
        tx.commit().unwrap();
    }
    let mut replica = Replica::new("bench");
    let start = Instant::now();
    let mut bytes = 0;
    loop {
        let req = PullRequest {
            client_id: "bench".into(),
            cursor: replica.cursor(),
            outcomes_after: 0,
            limit: Some(5000),
        };
        let tx = c.transaction().unwrap();
        let page = pull(&tx, 1, Role::Receptionist, &req).unwrap();
        tx.finish().unwrap();
        // What HTTP adds: the server encodes the page, the device decodes it.
        let json = serde_json::to_vec(&page).unwrap();
        bytes += json.len();
        let page: PullResponse = serde_json::from_slice(&json).unwrap();
        let more = page.more;
        replica.apply_pull(page);
        if !more {
            break;
        }
    }
    let rate = records as f64 / start.elapsed().as_secs_f64();
    assert_eq!(replica.confirmed_bodies().len() as u64, records);
    (rate, bytes)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    println!("Steward sync benchmark — SQLite {} WAL synchronous=FULL, ~1 KB records", rusqlite::version());
    let raw = raw_inserts(dir.path(), 20_000, 500);
    println!("raw SQLite insert, 500 rows/transaction:      {raw:>10.0} rows/s");
    for (batch, total) in [(1u64, 300u64), (100, 10_000), (500, 20_000)] {
        let rate = pushes(dir.path(), total, batch);
        println!(
            "push, batches of {batch:>3} ({total:>6} mutations):   {rate:>10.0} mutations/s   ({:.0}% of raw)",
            100.0 * rate / raw
        );
    }
    for records in [10_000u64, 100_000] {
        let (rate, bytes) = cold_pull(dir.path(), records);
        println!(
            "cold pull of {records:>6} records into a replica: {rate:>10.0} records/s   ({:.1} MB JSON)",
            bytes as f64 / 1e6
        );
    }
}
