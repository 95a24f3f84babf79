//! `steward verify-log` over a million duty-log entries, printed as figures:
//! `cargo bench -p steward-server --bench verify_log`.
//!
//! A database file with 1,000,000 chained entries (written as the push writes them: the
//! record and its link in one transaction), then the real binary walks the chain three
//! times; finally one byte of entry 999,999 is changed with the triggers dropped and the
//! walk must name it.

use rusqlite::{Connection, params};
use std::time::Instant;
use steward_server::db::{log_chain, migrate};

const ENTRIES: u64 = 1_000_000;

fn id(n: u64) -> String {
    format!("0190f5c2-7d1a-7000-8000-{n:012}")
}

fn body(n: u64) -> String {
    // The stored form of a DutyLogEntry: sorted keys, as serde_json writes a Value.
    format!(
        r#"{{"author":1,"author_name":"王小红","corrects":null,"text":"第{n}条：巡查大堂、电梯厅正常，3栋门禁已报修","written_at":"2026-11-22T10:00:00+00:00"}}"#
    )
}

fn verify(db: &std::path::Path) -> (std::time::Duration, String) {
    let started = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["verify-log", "--db"])
        .arg(db)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the steward binary");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (started.elapsed(), said.trim().to_string())
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("steward.sqlite3");
    let mut conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    migrate(&mut conn).unwrap();
    let started = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare("INSERT INTO records (kind, id, version, body) VALUES ('duty_log_entry', ?1, ?2, ?3)")
            .unwrap();
        for n in 1..=ENTRIES {
            let (id, body) = (id(n), body(n));
            insert.execute(params![id, n as i64, body]).unwrap();
            log_chain::append(&tx, &id, &body).unwrap();
        }
    }
    tx.commit().unwrap();
    let size = std::fs::metadata(&path).unwrap().len()
        + std::fs::metadata(dir.path().join("steward.sqlite3-wal")).map(|m| m.len()).unwrap_or(0);
    println!(
        "wrote {ENTRIES} chained entries in {:.1} s ({} MiB)",
        started.elapsed().as_secs_f64(),
        size >> 20
    );
    drop(conn);

    let mut times = Vec::new();
    for run in 1..=3 {
        let (took, said) = verify(&path);
        assert!(said.contains(&format!("intact: {ENTRIES} entries")), "run {run}: {said}");
        println!("verify-log run {run}: {:.2} s — {said}", took.as_secs_f64());
        times.push(took.as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "verify-log over {ENTRIES} entries: median {:.2} s ({:.0} entries/s)",
        times[1],
        ENTRIES as f64 / times[1]
    );

    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("DROP TRIGGER duty_log_no_update").unwrap();
    let target = id(ENTRIES - 1);
    conn.execute("UPDATE records SET body = replace(body, '大堂', '大厅') WHERE id = ?1", [&target]).unwrap();
    drop(conn);
    let (took, said) = verify(&path);
    assert!(said.contains(&format!("broken at entry {} (id {target})", ENTRIES - 1)), "{said}");
    println!("tampered entry {} found in {:.2} s: {said}", ENTRIES - 1, took.as_secs_f64());
}
