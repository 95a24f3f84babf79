//! Once, when the one unit rule arrives in a database written before it: every record that
//! may change and names a unit as typed (`1-1502`, `2栋801`) takes the register's label
//! (`1栋-1502`), so a search or a look-up by unit finds it. Each rewritten record gets a new
//! version, so every device pulls the label too. Append-only records (the duty log, the
//! timelines, counts, gate checks) keep what was written: they may not be altered.

use super::DbError;
use rusqlite::{Connection, OptionalExtension, params};
use steward_domain::sync::Kind;

const DONE: &str = "unit_labels_canonical";

/// Rewrites the labels once; a later start does nothing (every write since goes through
/// the rules, which store the label).
pub fn canonicalise_existing(conn: &Connection) -> Result<usize, DbError> {
    let tx = conn.unchecked_transaction()?;
    let done: Option<String> =
        tx.query_row("SELECT value FROM meta WHERE key = ?1", [DONE], |r| r.get(0)).optional()?;
    if done.is_some() {
        return Ok(0);
    }
    let mut version: i64 = tx.query_row("SELECT version FROM sync_state WHERE id = 1", [], |r| r.get(0))?;
    let mut changed = 0;
    for kind in Kind::ALL.into_iter().filter(|k| !k.append_only()) {
        for (id, body) in relabelled(&tx, kind)? {
            version += 1;
            tx.execute(
                "UPDATE records SET body = ?1, version = ?2 WHERE kind = ?3 AND id = ?4",
                params![body, version, kind.as_str(), id],
            )?;
            changed += 1;
        }
    }
    tx.execute("UPDATE sync_state SET version = ?1 WHERE id = 1", [version])?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)",
        params![DONE, chrono::Utc::now().to_rfc3339()],
    )?;
    tx.commit()?;
    if changed > 0 {
        tracing::info!(changed, "unit labels put in the register's form");
    }
    Ok(changed)
}

/// The records of `kind` whose `unit` reads as a unit in another form, with their new body.
fn relabelled(conn: &Connection, kind: Kind) -> Result<Vec<(String, String)>, DbError> {
    let mut stmt = conn.prepare(
        "SELECT id, body FROM records WHERE kind = ?1 AND body IS NOT NULL AND json_type(body, '$.unit') = 'text'",
    )?;
    let rows = stmt.query_map([kind.as_str()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, body) = row?;
        let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&body) else { continue };
        let Some(typed) = value.get("unit").and_then(|u| u.as_str()) else { continue };
        match steward_domain::property::parse_unit(typed) {
            Some(label) if label != typed => {
                value["unit"] = serde_json::Value::String(label);
                out.push((id, value.to_string()));
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database from before the rule: a ticket for `1-1502` and a key for `2栋801` take
    /// the register's labels with new versions (so devices pull them); a place, a record
    /// already in form and the append-only duty log are left as they are; a second start
    /// changes nothing.
    #[test]
    fn stored_labels_take_the_register_s_form_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        drop(super::super::Db::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        let put = |kind: &str, id: &str, body: &str| {
            conn.execute(
                "INSERT INTO records (kind, id, version, body) VALUES (?1, ?2, 1, ?3)",
                params![kind, id, body],
            )
            .unwrap();
        };
        put("ticket", "t1", r#"{"unit":"1-1502","reporter":"张"}"#);
        put("key", "k1", r#"{"unit":"2栋801","tag":"K1"}"#);
        put("ticket", "t2", r#"{"unit":"1栋大堂"}"#);
        put("ticket", "t3", r#"{"unit":"3栋-1502"}"#);
        put("duty_log_entry", "d1", r#"{"unit":"1-1502","text":"x"}"#);
        conn.execute("DELETE FROM meta WHERE key = ?1", [DONE]).unwrap();
        conn.execute("UPDATE sync_state SET version = 10", []).unwrap();
        assert_eq!(canonicalise_existing(&conn).unwrap(), 2);
        let unit = |kind: &str, id: &str| -> (String, i64) {
            conn.query_row(
                "SELECT json_extract(body, '$.unit'), version FROM records WHERE kind = ?1 AND id = ?2",
                [kind, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
        };
        assert_eq!(unit("ticket", "t1").0, "1栋-1502");
        assert_eq!(unit("key", "k1").0, "2栋-801");
        assert!(
            unit("ticket", "t1").1 > 10 && unit("key", "k1").1 > 10,
            "rewritten records are pulled again"
        );
        assert_eq!(unit("ticket", "t2"), ("1栋大堂".to_string(), 1));
        assert_eq!(unit("ticket", "t3"), ("3栋-1502".to_string(), 1));
        assert_eq!(
            unit("duty_log_entry", "d1"),
            ("1-1502".to_string(), 1),
            "the duty log may not be altered"
        );
        let reporter: String = conn
            .query_row("SELECT json_extract(body, '$.reporter') FROM records WHERE id = 't1'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(reporter, "张", "the rest of the record is kept");
        let now: i64 = conn.query_row("SELECT version FROM sync_state", [], |r| r.get(0)).unwrap();
        assert_eq!(now, 12);
        assert_eq!(canonicalise_existing(&conn).unwrap(), 0);
    }
}
