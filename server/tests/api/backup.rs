//! Backups taken while devices push: consistent (integrity check passes), holding every
//! record acknowledged before the copy began; the nightly schedule keeps only so many.

use crate::helpers::*;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::AppendDutyLog;

fn entry(n: u32) -> Mutation {
    Mutation::AppendDutyLog(AppendDutyLog {
        id: format!("0190f5c2-7d1a-7000-8000-{n:012}"),
        text: format!("巡楼记录 {n}"),
        corrects: None,
        written_at: None,
    })
}

#[tokio::test]
async fn a_backup_under_load_is_consistent_and_the_nightly_ones_are_pruned() {
    let app = spawn_app().await;
    let mut first = Device::new(&app, "desk").await;
    for n in 0..50 {
        first.push(&app, entry(n)).await;
    }
    // Four devices keep pushing while the backup runs.
    let mut writers = Vec::new();
    for d in 0..4u32 {
        let mut device = Device::new(&app, "desk").await;
        let url = app.url("/api/sync/push");
        writers.push(tokio::spawn(async move {
            for n in 0..40 {
                let m = entry(1000 + d * 100 + n);
                let body = steward_domain::sync::protocol::PushRequest {
                    client_id: device.id.clone(),
                    mutations: vec![steward_domain::sync::protocol::Numbered {
                        id: device.next,
                        mutation: m,
                    }],
                };
                device.next += 1;
                let r = device.client.post(&url).json(&body).send().await.unwrap();
                assert!(r.status().is_success());
            }
        }));
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.sqlite3");
    let (db, to) = (app.db_path.clone(), copy.clone());
    tokio::task::spawn_blocking(move || steward_server::backup::to_file(&db, &to)).await.unwrap().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let c = rusqlite::Connection::open(&copy).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let entries: i64 =
        c.query_row("SELECT count(*) FROM records WHERE kind = 'duty_log_entry'", [], |r| r.get(0)).unwrap();
    assert!(entries >= 50, "the copy holds what was acknowledged before it began ({entries})");
    assert!(steward_server::backup::to_file(&app.db_path, &copy).is_err(), "never overwrites a backup");
    // The copy has a sync epoch of its own (restored, every device resyncs from it), and the
    // duty log chain's head beside it.
    let live = rusqlite::Connection::open(&app.db_path).unwrap();
    let epoch = |c: &rusqlite::Connection| {
        c.query_row("SELECT epoch FROM sync_state WHERE id = 1", [], |r| r.get::<_, String>(0)).unwrap()
    };
    assert_ne!(epoch(&live), epoch(&c));
    let anchor = std::fs::read_to_string(copy.with_extension("anchor")).unwrap();
    assert!(
        anchor
            .trim()
            .split_once(':')
            .is_some_and(|(seq, hash)| seq.parse::<u64>().unwrap() >= 50 && hash.len() == 64),
        "{anchor}"
    );

    // The nightly schedule: a new one when the last is a day old, and only `keep` stay.
    let nightly = dir.path().join("nightly");
    std::fs::create_dir_all(&nightly).unwrap();
    for day in 1..=3 {
        let old = nightly.join(format!("steward-2026110{day}-030000.sqlite3"));
        std::fs::write(&old, b"old").unwrap();
        let when = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400 * (5 - day));
        std::fs::File::options().write(true).open(&old).unwrap().set_modified(when).unwrap();
    }
    let made = steward_server::backup::nightly(&app.db_path, &nightly, 2).unwrap();
    assert!(made.is_some(), "a day since the last: a new backup");
    let left: Vec<_> = std::fs::read_dir(&nightly)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".sqlite3"))
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(steward_server::backup::nightly(&app.db_path, &nightly, 2).unwrap().is_none(), "not twice a day");
}
