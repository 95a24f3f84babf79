//! Pull: the changes after a cursor, in `(version, kind, id)` order, paged.
//!
//! Run inside one read transaction so a page is a consistent snapshot. Versions are handed
//! out under the single writer and become visible in commit order, so a reader never sees
//! version n+1 without n: a cursor never skips a change.

use crate::db::DbError;
use rusqlite::{Connection, OptionalExtension, params_from_iter, types::Value as Sql};
use steward_domain::Role;
use steward_domain::apply::Viewer;
use steward_domain::sync::Kind;
use steward_domain::sync::protocol::{Change, Cursor, Outcome, OutcomeKind, PullRequest, PullResponse};
use steward_domain::sync::redact::{self, Pulled};

pub const DEFAULT_LIMIT: u32 = 1000;
pub const MAX_LIMIT: u32 = 5000;

#[derive(Debug, thiserror::Error)]
pub enum PullError {
    #[error("client {0} is not a device of this user")]
    NotYourClient(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for PullError {
    fn from(e: rusqlite::Error) -> Self {
        PullError::Db(e.into())
    }
}

pub fn pull(
    conn: &Connection,
    user_id: i64,
    role: Role,
    req: &PullRequest,
    today: chrono::NaiveDate,
) -> Result<PullResponse, PullError> {
    let owned: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM devices WHERE id = ?1 AND user_id = ?2")?
        .query_row(rusqlite::params![req.client_id, user_id], |r| r.get(0))
        .optional()?;
    if owned.is_none() {
        return Err(PullError::NotYourClient(req.client_id.clone()));
    }
    let (epoch, head): (String, i64) =
        conn.query_row("SELECT epoch, version FROM sync_state WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let head = head as u64;
    let start = Cursor { epoch: epoch.clone(), version: 0, kind: String::new(), id: String::new() };
    let decoded = req.cursor.as_deref().map(Cursor::decode);
    // A cursor from another database, or from ahead of this one (restored from a backup):
    // the device must start over from this database's state.
    let (cursor, reset) = match decoded {
        None => (start, false),
        Some(Some(c)) if c.epoch == epoch && c.version <= head => (c, false),
        Some(_) => (start, true),
    };

    let kinds = Kind::visible_kinds(role);
    let limit = req.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let mut changes = Vec::new();
    let mut more = false;
    let mut next_from = None;
    // The device's working set: open records, and finished ones settled since the cutoff.
    let cutoff = working_set_cutoff(conn, today);
    if !kinds.is_empty() {
        let placeholders = vec!["?"; kinds.len()].join(",");
        // An empty kind means "all of `version` seen"; otherwise resume inside the version.
        // `version >= ?` bounds the index range; a bare row-value comparison would scan it from
        // the start on every page.
        let after = if cursor.kind.is_empty() {
            "version > ?1"
        } else {
            "version >= ?1 AND (version > ?1 OR (kind, id) > (?2, ?3))"
        };
        let held = match cutoff {
            Some(_) => " AND (settled_on IS NULL OR settled_on >= ?)",
            None => "",
        };
        let sql = format!(
            // Walk the version index: with `kind IN (…)` SQLite would otherwise pick the primary
            // key and sort every record of those kinds for each page.
            "SELECT kind, id, version, body, settled_on FROM records INDEXED BY records_by_version
              WHERE {after} AND kind IN ({placeholders}){held}
             ORDER BY version, kind, id LIMIT ?"
        );
        let mut params: Vec<Sql> = vec![Sql::Integer(cursor.version as i64)];
        if !cursor.kind.is_empty() {
            params.push(Sql::Text(cursor.kind.clone()));
            params.push(Sql::Text(cursor.id.clone()));
        }
        params.extend(kinds.iter().map(|k| Sql::Text(k.as_str().to_string())));
        params.extend(cutoff.map(|day| Sql::Text(day.to_string())));
        params.push(Sql::Integer(limit as i64 + 1));
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            if changes.len() == limit as usize {
                more = true;
                break;
            }
            let kind: String = r.get(0)?;
            let kind = Kind::parse(&kind).ok_or_else(|| DbError::Poisoned)?;
            // Not (or no longer) for this person: sent as removed, so a copy the device held
            // before (a case reassigned away) goes too. Only its id travels.
            let body =
                r.get::<_, Option<String>>(3)?.and_then(|b| visible_body(kind, b, Viewer { user_id, role }));
            changes.push(Change {
                kind,
                id: r.get(1)?,
                version: r.get::<_, i64>(2)? as u64,
                body: body
                    .map(serde_json::value::RawValue::from_string)
                    .transpose()
                    .map_err(|_| DbError::Poisoned)?,
                settled_on: r.get::<_, Option<String>>(4)?.and_then(|d| d.parse().ok()),
            });
        }
        next_from = changes.last().filter(|_| more).map(|last| Cursor {
            epoch: epoch.clone(),
            version: last.version,
            kind: last.kind.as_str().to_string(),
            id: last.id.clone(),
        });
    }
    let next = match next_from {
        Some(c) => c,
        // Everything up to the head is seen (also the versions of kinds this role doesn't get).
        None => Cursor { epoch, version: head, kind: String::new(), id: String::new() },
    };

    let last_mutation_id = conn
        .prepare_cached("SELECT last_mutation_id FROM sync_clients WHERE client_id = ?1")?
        .query_row([&req.client_id], |r| r.get::<_, i64>(0))
        .optional()?
        .unwrap_or(0) as u64;
    let outcomes = outcomes(conn, &req.client_id, req.outcomes_after)?;
    Ok(PullResponse {
        reset,
        changes,
        cursor: next.encode(),
        more,
        last_mutation_id,
        outcomes,
        held_from: cutoff,
    })
}

fn outcomes(conn: &Connection, client_id: &str, after: u64) -> Result<Vec<Outcome>, PullError> {
    let mut stmt = conn.prepare_cached(
        "SELECT mutation_id, outcome, code, field, message FROM sync_outcomes
          WHERE client_id = ?1 AND mutation_id > ?2 ORDER BY mutation_id",
    )?;
    let rows = stmt.query_map(rusqlite::params![client_id, after as i64], |r| {
        let outcome: String = r.get(1)?;
        let code: Option<String> = r.get(2)?;
        Ok(Outcome {
            mutation_id: r.get::<_, i64>(0)? as u64,
            kind: if outcome == "rejected" { OutcomeKind::Rejected } else { OutcomeKind::Overwrote },
            code: code.and_then(|c| serde_json::from_value(serde_json::Value::String(c)).ok()),
            field: r.get::<_, Option<String>>(3)?.map(|f| steward_domain::field::Field::from_name(&f)),
            message: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The body as `viewer` may see it; `None` if the record is not for them.
pub(crate) fn visible_body(kind: Kind, body: String, viewer: Viewer) -> Option<String> {
    match redact::for_viewer(kind, &body, viewer) {
        Pulled::Hidden => None,
        Pulled::Rewritten(b) => Some(b),
        Pulled::AsStored => Some(body),
    }
}

/// The first settled day devices still hold, by the property's settings (`None`: all —
/// also if the settings could not be read: a device then receives more, never less).
pub(crate) fn working_set_cutoff(conn: &Connection, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    let store = crate::sync::store::SqlStore { conn, version: 0, today };
    steward_domain::settings::current(&store).ok()?.working_set.cutoff(today)
}
