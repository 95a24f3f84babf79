//! The `domain` mutation store on SQLite: the `records` table, versioned.

use crate::db::settling;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use steward_domain::sync::store::{Indexed, Stored};
use steward_domain::sync::{Kind, Store, StoreError};

/// Writes stamp `version`, the version of the mutation being applied, and date what they
/// finish by `today`, the property's day of the write (`db::settling`).
pub struct SqlStore<'c> {
    pub conn: &'c Connection,
    pub version: u64,
    pub today: chrono::NaiveDate,
}

fn err(e: rusqlite::Error) -> StoreError {
    StoreError(e.to_string())
}

impl Store for SqlStore<'_> {
    fn get(&self, kind: Kind, id: &str) -> Result<Option<Stored>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT version, body FROM records WHERE kind = ?1 AND id = ?2 AND body IS NOT NULL",
            )
            .map_err(err)?
            .query_row(params![kind.as_str(), id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .optional()
            .map_err(err)?;
        row.map(|(version, body)| {
            let body =
                serde_json::from_str(&body).map_err(|e| StoreError(format!("corrupt record {id}: {e}")))?;
            Ok(Stored { version: version as u64, body })
        })
        .transpose()
    }

    fn put(&mut self, kind: Kind, id: &str, body: Value) -> Result<(), StoreError> {
        // serde_json's maps are sorted: this text is the entry's canonical bytes.
        let text = body.to_string();
        let settled_on = settling::settled_on(self.conn, kind, id, &body, self.today).map_err(err)?;
        self.conn
            .prepare_cached(
                "INSERT INTO records (kind, id, version, body, settled_on) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, body = excluded.body,
                   settled_on = excluded.settled_on",
            )
            .map_err(err)?
            .execute(params![kind.as_str(), id, self.version as i64, text, settled_on])
            .map_err(err)?;
        // A closed ticket's timeline, a slip's checks, a notice's replies go with it. A ticket
        // never opens again once closed, a slip is dated from its issue and a notice taken
        // down stays down, so open ones have nothing to follow.
        if matches!(kind, Kind::Ticket | Kind::ReleaseSlip | Kind::Announcement) && settled_on.is_some() {
            settling::follow(self.conn, kind, id, settled_on.as_deref()).map_err(err)?;
        }
        if kind == Kind::DutyLogEntry {
            crate::db::log_chain::append(self.conn, id, &text).map_err(err)?;
            // A sign-off settles its day's lines.
            if let Some(day) = body.get("signs").and_then(Value::as_str).and_then(|d| d.parse().ok()) {
                settling::sign_off(self.conn, day, self.today).map_err(err)?;
            }
        }
        Ok(())
    }

    fn next_sequence(&mut self, name: &str) -> Result<Option<u64>, StoreError> {
        let value: i64 = self
            .conn
            .prepare_cached(
                "INSERT INTO sequences (name, value) VALUES (?1, 1)
                 ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
            )
            .map_err(err)?
            .query_row([name], |r| r.get(0))
            .map_err(err)?;
        Ok(Some(value as u64))
    }

    fn ids_where(&self, kind: Kind, field: Indexed, value: &str) -> Result<Vec<String>, StoreError> {
        field.check(kind)?;
        // The kind and the path written out (names from the domain's lists, never input), and
        // the field's index named: a partial index is used only when the query names its
        // kind as it does, and without statistics SQLite would rather walk every record of
        // the kind by its key.
        let (index, kind, field) = (field.index_name(kind), kind.as_str(), field.name());
        let sql = format!(
            "SELECT id FROM records INDEXED BY {index}
              WHERE kind = '{kind}' AND json_extract(body, '$.{field}') = ?1 AND body IS NOT NULL"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(err)?;
        let ids = stmt.query_map([value], |r| r.get(0)).map_err(err)?;
        let mut ids: Vec<String> = ids.collect::<Result<_, _>>().map_err(err)?;
        ids.sort();
        Ok(ids)
    }

    fn building_registered(&self, building: &str) -> Result<Option<bool>, StoreError> {
        let known = self
            .conn
            .prepare_cached(
                "SELECT 1 FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.name = ?1",
            )
            .map_err(err)?
            .exists([building])
            .map_err(err)?;
        Ok(Some(known))
    }

    fn unit_registered(&self, unit: &str) -> Result<Option<bool>, StoreError> {
        let Some((building, number)) = unit.rsplit_once('-') else { return Ok(Some(false)) };
        let known = self
            .conn
            .prepare_cached("SELECT 1 FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.name = ?1 AND u.number = ?2")
            .map_err(err)?
            .exists([building, number])
            .map_err(err)?;
        Ok(Some(known))
    }

    fn holds_everything(&self) -> bool {
        true
    }

    /// A removal always travels (no settled day), so no device keeps what is gone.
    fn delete(&mut self, kind: Kind, id: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE records SET body = NULL, version = ?3, settled_on = NULL WHERE kind = ?1 AND id = ?2",
            )
            .map_err(err)?
            .execute(params![kind.as_str(), id, self.version as i64])
            .map_err(err)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field records are looked up by has its index over each kind it is looked up in,
    /// in the schema the migrations make, on that field's path and that kind only; a look-up
    /// runs on it and finds the record, and one in another kind is refused.
    #[test]
    fn every_looked_up_field_has_its_index() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        drop(crate::db::Db::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        for field in Indexed::ALL {
            let name = field.name();
            for &kind in field.kinds() {
                let index = field.index_name(kind);
                let sql: Option<String> = conn
                    .query_row(
                        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                        [&index],
                        |r| r.get(0),
                    )
                    .optional()
                    .unwrap();
                let sql = sql.unwrap_or_else(|| panic!("no index {index}: add it in a migration"));
                assert!(sql.contains(&format!("'$.{name}'")), "{index} indexes another path: {sql}");
                let covers = format!("WHERE kind = '{}'", kind.as_str());
                assert!(sql.ends_with(&covers), "{index} covers {kind:?} only: {sql}");
                let id = format!("{}-{name}", kind.as_str());
                let body = serde_json::json!({ name: "x" }).to_string();
                conn.execute(
                    "INSERT INTO records (kind, id, version, body) VALUES (?1, ?2, 1, ?3)",
                    params![kind.as_str(), id, body],
                )
                .unwrap();
                let store = SqlStore { conn: &conn, version: 1, today: chrono::NaiveDate::MIN };
                assert_eq!(store.ids_where(kind, field, "x").unwrap(), [id], "{index}");
            }
            let other = Kind::ALL.into_iter().find(|k| !field.kinds().contains(k)).unwrap();
            let store = SqlStore { conn: &conn, version: 1, today: chrono::NaiveDate::MIN };
            assert!(store.ids_where(other, field, "x").is_err(), "{name} is not looked up in {other:?}");
        }
        // No index left over every kind but the version's and the key's: each costs every write.
        let broad: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql NOT LIKE '%WHERE kind = %'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(broad, ["records_by_version"], "indexes every kind's write pays for");
    }
}
