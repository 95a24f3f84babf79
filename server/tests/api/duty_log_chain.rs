//! The duty log's hash chain: every entry chained in the push that wrote it, checked by the
//! supervisor's screen and by `steward verify-log`, which find an altered byte and a removed
//! entry even with the append-only triggers dropped.

use crate::helpers::*;
use crate::tickets::uuid;
use reqwest::StatusCode;
use serde_json::Value;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::AppendDutyLog;

async fn write_log(app: &TestApp, texts: &[&str]) -> Vec<String> {
    let mut desk = Device::new(app, "desk").await;
    let mut ids = Vec::new();
    for text in texts {
        let id = uuid();
        desk.push(
            app,
            Mutation::AppendDutyLog(AppendDutyLog {
                id: id.clone(),
                text: text.to_string(),
                corrects: None,
                written_at: None,
            }),
        )
        .await;
        assert_eq!(desk.last_refusal(app).await, None);
        ids.push(id);
    }
    ids
}

fn verify_log(app: &TestApp) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["verify-log", "--db", app.db_path.to_str().unwrap()])
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), said)
}

/// What someone with the database file does: drop the guard, change the row.
fn tamper(app: &TestApp, sql: &str, id: &str) {
    let conn = rusqlite::Connection::open(&app.db_path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS duty_log_no_update; DROP TRIGGER IF EXISTS duty_log_no_delete;",
    )
    .unwrap();
    assert_eq!(conn.execute(sql, [id]).unwrap(), 1);
}

#[tokio::test]
async fn the_chain_is_intact_until_a_byte_of_an_entry_is_changed_in_the_file() {
    let app = spawn_app().await;
    let ids = write_log(&app, &["早班接班，大堂正常", "3栋电梯困人，已通知工程部", "电梯已恢复"]).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_log_chain"), 3);
    let (ok, said) = verify_log(&app);
    assert!(ok && said.contains("intact: 3 entries"), "{said}");

    // The supervisor's screen: the desk may not check; the supervisor sees the result.
    let desk = app.logged_in("desk").await;
    let r = desk.post(app.url("/api/duty-log/verify")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let supervisor = app.logged_in("supervisor").await;
    let last: Value =
        supervisor.get(app.url("/api/duty-log/verification")).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (last["by_name"].as_str(), last["intact_up_to"].as_u64()),
        (Some("steward verify-log"), Some(3))
    );

    tamper(&app, "UPDATE records SET body = replace(body, '困人', '困住') WHERE id = ?1", &ids[1]);
    let (ok, said) = verify_log(&app);
    assert!(!ok, "{said}");
    assert!(
        said.contains(&format!("broken at entry 2 (id {})", ids[1])) && said.contains("Altered"),
        "{said}"
    );
    let now: Value =
        supervisor.post(app.url("/api/duty-log/verify")).send().await.unwrap().json().await.unwrap();
    assert_eq!(now["intact_up_to"], 1);
    assert_eq!((now["broken"]["seq"].as_u64(), now["broken"]["what"].as_str()), (Some(2), Some("altered")));
    // The broken entry as it stands now: its time, author and altered text, for every
    // device that keeps the log to mark it (the desk reads the last check too).
    assert_eq!(
        (now["entry"]["author_name"].as_str(), now["entry"]["text"].as_str()),
        (Some("王小红"), Some("3栋电梯困住，已通知工程部"))
    );
    let seen: Value =
        desk.get(app.url("/api/duty-log/verification")).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (seen["broken"]["id"].as_str(), seen["entry"]["text"].as_str()),
        (Some(ids[1].as_str()), Some("3栋电梯困住，已通知工程部"))
    );
    let patrol = app.logged_in("patrol").await;
    assert_eq!(
        patrol.get(app.url("/api/duty-log/verification")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN,
        "not a log its device keeps"
    );
}

#[tokio::test]
async fn an_entry_removed_from_the_middle_is_found() {
    let app = spawn_app().await;
    let ids = write_log(&app, &["一", "二", "三"]).await;
    tamper(&app, "DELETE FROM records WHERE id = ?1", &ids[1]);
    let (ok, said) = verify_log(&app);
    assert!(!ok && said.contains("broken at entry 2") && said.contains("EntryMissing"), "{said}");
}

fn verify_with_anchor(app: &TestApp, anchor: &str) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["verify-log", "--db", app.db_path.to_str().unwrap(), "--anchor", anchor])
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), said)
}

/// The check cannot be emptied: a chain deleted is never made again on opening (its entries
/// are found without a place), and the head kept outside the database (printed by
/// verify-log, written beside each backup, in /metrics) catches the last entries removed
/// with their links.
#[tokio::test]
async fn an_emptied_chain_is_a_finding_and_the_anchor_catches_a_shortened_one() {
    let app = spawn_app().await;
    write_log(&app, &["一", "二", "三", "四"]).await;
    let (ok, said) = verify_log(&app);
    assert!(ok, "{said}");
    let anchor = said
        .lines()
        .find_map(|l| l.strip_prefix("head (keep it outside the database): "))
        .unwrap()
        .to_string();
    assert!(anchor.starts_with("4:"), "{anchor}");
    let admin = app.logged_in("admin").await;
    let metrics = admin.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains(&format!("steward_duty_log_head{{hash=\"{}\"}} 4", &anchor[2..])), "{metrics}");
    assert!(!metrics.contains("steward_backup_age_seconds"), "no backup age when backups are off");

    // The last two entries and their links removed: consistent by itself, not by the anchor.
    {
        let conn = rusqlite::Connection::open(&app.db_path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER IF EXISTS duty_log_no_delete; DROP TRIGGER IF EXISTS duty_log_chain_no_delete; DROP TRIGGER IF EXISTS duty_log_chain_no_update;
             DELETE FROM records WHERE id IN (SELECT id FROM duty_log_chain WHERE seq > 2);
             DELETE FROM duty_log_chain WHERE seq > 2;",
        )
        .unwrap();
    }
    let (ok, said) = verify_with_anchor(&app, &anchor);
    assert!(!ok && said.contains("no longer reaches entry 4"), "{said}");

    // The whole chain deleted: not rebuilt on opening; every entry is without a place.
    {
        let conn = rusqlite::Connection::open(&app.db_path).unwrap();
        conn.execute_batch("DELETE FROM duty_log_chain;").unwrap();
    }
    let (ok, said) = verify_log(&app);
    assert!(!ok && said.contains("Unchained"), "{said}");
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_log_chain"), 0, "never made again");
}
