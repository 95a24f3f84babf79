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
use steward_domain::sync::commands::AppendDutyLog;
use steward_domain::sync::protocol::{Numbered, PullRequest, PullResponse, PushRequest};
use steward_server::db;
use steward_server::sync::{Pusher, pull, push};
use steward_sync::Replica;

mod workload;

const TEXT_CHARS: usize = 330; // ~1 KB of UTF-8 Chinese in the stored body

fn open(dir: &std::path::Path, name: &str) -> Connection {
    let mut c = Connection::open(dir.join(name)).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    db::configure(&c).unwrap(); // the server's own settings (synchronous=FULL, cache, mmap)
    db::migrate(&mut c).unwrap();
    c.execute("INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (1, 'desk', 'd', 'receptionist', 'x', '')", []).unwrap();
    c.execute("INSERT INTO devices (id, user_id, created_at, last_seen_at) VALUES ('bench', 1, '', '')", [])
        .unwrap();
    c
}

fn entry(n: u64) -> Mutation {
    let text: String = "值班记录：大堂巡视正常，电梯运行良好。".chars().cycle().take(TEXT_CHARS).collect();
    Mutation::AppendDutyLog(AppendDutyLog {
        id: format!("0190f5c2-7d1a-7000-8000-{n:012}"),
        text,
        corrects: None,
        written_at: None,
    })
}

/// The `b`th batch of `size` consecutive mutations of one device (ids from 1).
fn batch(client_id: &str, b: u64, size: u64) -> PushRequest {
    PushRequest {
        client_id: client_id.into(),
        mutations: (0..size)
            .map(|i| Numbered { id: b * size + i + 1, mutation: entry(b * size + i) })
            .collect(),
    }
}

fn raw_inserts(dir: &std::path::Path, total: u64, batch: u64, rowid: bool) -> f64 {
    let mut c = open(dir, &format!("raw-{rowid}-{batch}.sqlite3"));
    // The yardstick of the figures since 2026-12-01 (a WITHOUT ROWID table, as the records were
    // then), kept so the budget's share means what it meant; `raw_rowid` measures the records'
    // shape of today (migration 0020).
    let shape = if rowid { "STRICT" } else { "WITHOUT ROWID" };
    c.execute_batch(&format!("CREATE TABLE raw (kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT, PRIMARY KEY (kind, id)) {shape}"))
        .unwrap();
    let bodies: Vec<(String, String)> = (0..total)
        .map(|n| {
            let Mutation::AppendDutyLog(AppendDutyLog { id, text, .. }) = entry(n) else { unreachable!() };
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

/// Through the server's own writer (`Db`: its connection's settings, its checkpoints).
fn pushes(dir: &std::path::Path, total: u64, size: u64) -> f64 {
    let path = dir.join(format!("push-{size}.sqlite3"));
    drop(open(dir, &format!("push-{size}.sqlite3")));
    let db = db::Db::open(&path).unwrap();
    let pusher = Pusher { user_id: 1, name: "desk".into(), role: Role::Receptionist };
    let requests: Vec<PushRequest> = (0..total / size).map(|b| batch("bench", b, size)).collect();
    let now = "2026-11-22T08:00:00Z".parse().unwrap();
    let start = Instant::now();
    for req in &requests {
        db.write_sync(|tx| push(tx, &pusher, req, &now)).unwrap();
    }
    total as f64 / start.elapsed().as_secs_f64()
}

/// The demo property (its units, users and settings) on a file, with a device for each of
/// `devices` desk clients and one patrol phone; returns the desk's and the patrol's pushers.
fn demo_property(path: &std::path::Path, devices: &[String]) -> (Pusher, Pusher) {
    let db = db::Db::open(path).unwrap();
    steward_server::seed::seed_if_empty(&db, false).unwrap();
    drop(db);
    let c = Connection::open(path).unwrap();
    let user = |name: &str| -> (i64, String) {
        c.query_row("SELECT id, display_name FROM users WHERE username = ?1", [name], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap()
    };
    let ((desk, desk_name), (patrol, patrol_name)) = (user("desk"), user("patrol"));
    for (client, owner) in devices.iter().map(|d| (d.as_str(), desk)).chain([("patrol-phone", patrol)]) {
        c.execute(
            "INSERT INTO devices (id, user_id, created_at, last_seen_at) VALUES (?1, ?2, '', '')",
            params![client, owner],
        )
        .unwrap();
    }
    (
        Pusher { user_id: desk, name: desk_name, role: Role::Receptionist },
        Pusher { user_id: patrol, name: patrol_name, role: Role::Patrol },
    )
}

fn refusals(c: &Connection) -> Vec<String> {
    let mut st = c
        .prepare(
            "SELECT mutation_id || ': ' || message FROM sync_outcomes WHERE outcome = 'rejected' LIMIT 3",
        )
        .unwrap();
    st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

/// A day's mixed changes in batches of `size`: four of every five batches the desk's
/// (tickets, their dispatch, keys registered and lent, duty-log entries), one the patrol
/// phone's route patrols. Every change must be accepted.
fn mixed(dir: &std::path::Path, total: u64, size: u64) -> f64 {
    let path = dir.join(format!("mixed-{size}.sqlite3"));
    let (desk, patrol) = demo_property(&path, &["desk-tablet".into()]);
    let db = db::Db::open(&path).unwrap();
    let (mut desk_n, mut patrol_n) = (0u64, 0u64);
    let requests: Vec<(&Pusher, PushRequest)> = (0..total / size)
        .map(|b| {
            let (pusher, client, next, make): (_, _, &mut u64, fn(u64) -> Mutation) = if b % 5 == 4 {
                (&patrol, "patrol-phone", &mut patrol_n, workload::patrol)
            } else {
                (&desk, "desk-tablet", &mut desk_n, |n| workload::desk(0, n))
            };
            let mutations = (0..size)
                .map(|_| {
                    *next += 1;
                    Numbered { id: *next, mutation: make(*next - 1) }
                })
                .collect();
            (pusher, PushRequest { client_id: client.into(), mutations })
        })
        .collect();
    let now = "2026-11-22T08:00:00Z".parse().unwrap();
    let start = Instant::now();
    for (pusher, req) in &requests {
        db.write_sync(|tx| push(tx, pusher, req, &now)).unwrap();
    }
    let rate = total as f64 / start.elapsed().as_secs_f64();
    let c = Connection::open(&path).unwrap();
    assert_eq!(refusals(&c), Vec::<String>::new(), "the workload is refused");
    rate
}

/// `devices` desk tablets each pushing `each` single changes at once, through the server's
/// grouped writes (as `/api/sync/push` does): changes per second, and commits made.
fn at_once(dir: &std::path::Path, devices: u64, each: u64) -> (f64, u64) {
    let path = dir.join("at-once.sqlite3");
    let clients: Vec<String> = (0..devices).map(|d| format!("tablet-{d}")).collect();
    let (desk, _) = demo_property(&path, &clients);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let db = db::Db::open(&path).unwrap();
        let start = Instant::now();
        let tasks: Vec<_> = clients
            .into_iter()
            .enumerate()
            .map(|(d, client)| {
                let (db, desk) = (db.clone(), desk.clone());
                tokio::spawn(async move {
                    for i in 0..each {
                        let req = PushRequest {
                            client_id: client.clone(),
                            mutations: vec![Numbered { id: i + 1, mutation: workload::desk(d as u64, i) }],
                        };
                        let (desk, now) = (desk.clone(), "2026-11-22T08:00:00Z".parse().unwrap());
                        db.write_grouped(move |c| push(c, &desk, &req, &now)).await.unwrap();
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let rate = (devices * each) as f64 / start.elapsed().as_secs_f64();
        let refused = db.read(|c| Ok(refusals(c))).await.unwrap();
        assert_eq!(refused, Vec::<String>::new(), "the workload is refused");
        (rate, db.group_commits())
    })
}

fn cold_pull(dir: &std::path::Path, records: u64) -> (f64, usize) {
    let mut c = open(dir, &format!("pull-{records}.sqlite3"));
    let pusher = Pusher { user_id: 1, name: "desk".into(), role: Role::Receptionist };
    for b in 0..records / 1000 {
        let req = batch("bench", b, 1000);
        let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
        push(&tx, &pusher, &req, &"2026-11-22T08:00:00Z".parse().unwrap()).unwrap();
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
        let page = pull(&tx, 1, Role::Receptionist, &req, chrono::NaiveDate::MIN).unwrap();
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

/// What reading a push's body costs the server (the duplicate-key walk and the typed parse),
/// beside serde_json's typed parse alone: the part of a push over HTTP that is not SQLite.
fn body_parse(records: u64, size: u64) {
    let bodies: Vec<Vec<u8>> =
        (0..records / size).map(|b| serde_json::to_vec(&batch("bench", b, size)).unwrap()).collect();
    let start = Instant::now();
    for body in &bodies {
        steward_server::json_body::parse::<PushRequest>(body).unwrap();
    }
    let checked = start.elapsed().as_secs_f64();
    let start = Instant::now();
    for body in &bodies {
        serde_json::from_slice::<PushRequest>(body).unwrap();
    }
    let typed = start.elapsed().as_secs_f64();
    let mb = bodies.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
    println!(
        "push bodies read ({records} mutations, {mb:.1} MB): {:>8.0} mutations/s checked for duplicate keys and parsed, {:>8.0}/s parsed alone",
        records as f64 / checked,
        records as f64 / typed
    );
}

/// Push and cold pull through the real HTTP server (JSON, session cookie, axum, tokio), as
/// a device does, to compare with PouchDB replicating over HTTP.
fn over_http(records: u64) -> (f64, f64) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let config = steward_server::state::Config {
            db_path: dir.path().join("http.sqlite3"),
            static_dir: None,
            seed_demo: true,
            demo_records: false,
            secure_cookies: false,
            clock_offset_secs: 0,
            trusted_proxy: None,
            backup_dir: None,
            counter_idle_secs: None,
        };
        let state = steward_server::open(config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(steward_server::serve(listener, state, std::future::pending()));
        let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let me: serde_json::Value = client
            .post(format!("{base}/api/auth/login"))
            .json(&serde_json::json!({"username": "desk", "password": steward_server::seed::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let client_id = me["device_id"].as_str().unwrap().to_string();
        let batches: Vec<PushRequest> = (0..records / 500).map(|b| batch(&client_id, b, 500)).collect();
        let start = Instant::now();
        for batch in &batches {
            let r = client.post(format!("{base}/api/sync/push")).json(batch).send().await.unwrap();
            assert!(r.status().is_success());
        }
        let push_rate = records as f64 / start.elapsed().as_secs_f64();
        let mut replica = Replica::new(client_id.clone());
        let start = Instant::now();
        loop {
            let req = PullRequest {
                client_id: client_id.clone(),
                cursor: replica.cursor(),
                outcomes_after: 0,
                limit: Some(5000),
            };
            let page: PullResponse = client
                .post(format!("{base}/api/sync/pull"))
                .json(&req)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let more = page.more;
            replica.apply_pull(page);
            if !more {
                break;
            }
        }
        let pull_rate = records as f64 / start.elapsed().as_secs_f64();
        assert_eq!(replica.confirmed_bodies().len() as u64, records);
        (push_rate, pull_rate)
    })
}

/// PouchDB 9 → express-pouchdb on the same records, if `scripts/bench.sh` installed it.
fn pouchdb(records: u64) -> Option<serde_json::Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bench/pouchdb");
    if !dir.join("node_modules").exists() {
        return None;
    }
    let out = std::process::Command::new("node")
        .arg("bench.mjs")
        .args([records.to_string(), records.to_string()])
        .current_dir(&dir)
        .output()
        .ok()?;
    serde_json::from_slice(&out.stdout).ok()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    println!("Steward sync benchmark — SQLite {} WAL synchronous=FULL, ~1 KB records", rusqlite::version());
    let raw = raw_inserts(dir.path(), 20_000, 500, false);
    println!(
        "raw SQLite insert, 500 rows/transaction:      {raw:>10.0} rows/s   (WITHOUT ROWID, the yardstick since 2026-12-01)"
    );
    let raw_rowid = raw_inserts(dir.path(), 20_000, 500, true);
    println!(
        "raw SQLite insert, 500 rows/transaction:      {raw_rowid:>10.0} rows/s   (a rowid table, as the records are now)"
    );
    // One commit per change is bound by the disk's fsync, not by our code: its yardstick is
    // raw SQLite committing one row per transaction on the same disk in the same run.
    let raw_single = raw_inserts(dir.path(), 1_000, 1, true);
    println!("raw SQLite insert, 1 row/transaction:         {raw_single:>10.0} rows/s   (fsync-bound)");
    for (batch, total) in [(1u64, 1_000u64), (100, 10_000), (500, 20_000)] {
        let rate = pushes(dir.path(), total, batch);
        println!(
            "push, batches of {batch:>3} ({total:>6} mutations):   {rate:>10.0} mutations/s   ({:.0}% of raw)",
            100.0 * rate / raw
        );
        // For scripts/check-budgets.sh (budgets in scripts/budgets.tsv).
        println!("FIGURE push_batch{batch}_per_s {rate:.0}");
        println!("FIGURE push_batch{batch}_share_of_raw_pct {:.1}", 100.0 * rate / raw);
        if batch == 1 {
            println!("FIGURE push_batch1_share_of_raw_single_pct {:.1}", 100.0 * rate / raw_single);
        }
    }
    let rate = mixed(dir.path(), 20_000, 500);
    println!(
        "push, mixed, batches of 500 (20000 mutations): {rate:>10.0} mutations/s   ({:.0}% of raw) — tickets and steps, keys and loans, duty log, patrols",
        100.0 * rate / raw
    );
    println!("FIGURE push_mixed_batch500_per_s {rate:.0}");
    println!("FIGURE push_mixed_batch500_share_of_raw_pct {:.1}", 100.0 * rate / raw);
    let (devices, each) = (20, 250);
    let (rate, commits) = at_once(dir.path(), devices, each);
    println!(
        "push, {devices} tablets at once, single changes ({} mutations): {rate:>8.0} mutations/s in {commits} commits",
        devices * each
    );
    println!("FIGURE push_20_devices_singles_per_s {rate:.0}");
    for records in [10_000u64, 100_000] {
        let (rate, bytes) = cold_pull(dir.path(), records);
        println!(
            "cold pull of {records:>6} records into a replica: {rate:>10.0} records/s   ({:.1} MB JSON)",
            bytes as f64 / 1e6
        );
    }
    body_parse(20_000, 500);
    let records = 20_000;
    let (push_http, pull_http) = over_http(records);
    println!(
        "over HTTP, {records} records: push {push_http:>8.0}/s (batches of 500), cold pull {pull_http:>8.0}/s"
    );
    match pouchdb(records) {
        Some(p) => {
            let (pp, pl) =
                (p["push_per_s"].as_f64().unwrap_or(f64::NAN), p["pull_per_s"].as_f64().unwrap_or(f64::NAN));
            println!(
                "PouchDB {} → express-pouchdb (LevelDB), {records} records: push {pp:>8.0}/s, cold pull {pl:>8.0}/s",
                p["pouchdb"].as_str().unwrap_or("?")
            );
            println!("Steward ÷ PouchDB: push {:.1}×, cold pull {:.1}×", push_http / pp, pull_http / pl);
            println!("FIGURE push_http_vs_pouchdb_x {:.2}", push_http / pp);
        }
        None => println!("PouchDB comparison skipped: run scripts/bench.sh (installs it from npm)"),
    }
}
