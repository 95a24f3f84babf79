//! The duty log's hash chain in SQL (migration 0010): a place for each new entry, written
//! in the transaction that writes the entry, and the check that walks it.

use super::DbError;
use rusqlite::{Connection, OptionalExtension, params};
pub use steward_domain::log_chain::Verification;
use steward_domain::log_chain::{Break, Broken, GENESIS, Link, Verdict, link_hash, verify};

/// Gives the entry `id`, stored as `body`, the next place in the chain.
pub fn append(conn: &Connection, id: &str, body: &str) -> Result<(), rusqlite::Error> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM duty_log_chain ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = last.map_or((1, GENESIS.to_string()), |(s, h)| (s as u64 + 1, h));
    let hash = link_hash(&prev, seq, id, body);
    conn.prepare_cached("INSERT INTO duty_log_chain (seq, id, prev_hash, hash) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![seq as i64, id, prev, hash])?;
    Ok(())
}

/// Once, when the chain arrives in a database that already has a log: its entries take
/// their places in the order they were written. Once only: a chain emptied later is never
/// made again (that would bless whatever the log says then) — the check finds the entries
/// without a place.
pub fn chain_existing(conn: &Connection) -> Result<(), DbError> {
    // All or nothing: a crash half-way leaves the chain empty, to be made again next start.
    let tx = conn.unchecked_transaction()?;
    let done: Option<String> =
        tx.query_row("SELECT value FROM meta WHERE key = 'duty_log_chained'", [], |r| r.get(0)).optional()?;
    if done.is_none() {
        chain_all(&tx)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('duty_log_chained', ?1)",
            [chrono::Utc::now().to_rfc3339()],
        )?;
    }
    Ok(tx.commit()?)
}

/// The chain's head: its last place and that link's hash. Kept outside the database (printed
/// on the signed day's check, beside every backup, in `/metrics`), it catches a chain that
/// was shortened or rewritten from some entry on.
pub fn head(conn: &Connection) -> Result<Option<(u64, String)>, DbError> {
    Ok(conn
        .query_row("SELECT seq, hash FROM duty_log_chain ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
        })
        .optional()?)
}

/// `SEQ:HASH`, as an anchor is written and typed.
pub fn anchor_text(head: &(u64, String)) -> String {
    format!("{}:{}", head.0, head.1)
}

/// Whether the chain still holds the anchor `seq:hash` taken earlier: the link at that place
/// with that hash (the chain grows after it; it never loses it or rewrites it).
pub fn holds_anchor(conn: &Connection, anchor: &str) -> Result<Result<(), String>, DbError> {
    let Some((seq, hash)) = anchor
        .trim()
        .split_once(':')
        .and_then(|(s, h)| Some((s.parse::<i64>().ok()?, h.to_ascii_lowercase())))
    else {
        return Ok(Err(format!("not an anchor (SEQ:HASH): {anchor}")));
    };
    let at: Option<String> =
        conn.query_row("SELECT hash FROM duty_log_chain WHERE seq = ?1", [seq], |r| r.get(0)).optional()?;
    Ok(match at {
        None => Err(format!("the chain no longer reaches entry {seq} of the anchor: entries were removed")),
        Some(h) if h != hash => {
            Err(format!("the link of entry {seq} is not the anchor's: the chain was rewritten from there on"))
        }
        Some(_) => Ok(()),
    })
}

fn chain_all(conn: &Connection) -> Result<(), DbError> {
    let chained: i64 = conn.query_row("SELECT COUNT(*) FROM duty_log_chain", [], |r| r.get(0))?;
    if chained > 0 {
        return Ok(());
    }
    let mut entries = conn.prepare(
        "SELECT id, body FROM records WHERE kind = 'duty_log_entry' AND body IS NOT NULL ORDER BY version, id",
    )?;
    let rows = entries.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, body) = row?;
        append(conn, &id, &body)?;
    }
    Ok(())
}

/// Walks the whole chain against the log as it is now.
pub fn check(conn: &Connection) -> Result<Verdict, DbError> {
    let mut links = conn.prepare(
        "SELECT c.seq, c.id, c.prev_hash, c.hash, r.body FROM duty_log_chain c
           LEFT JOIN records r ON r.kind = 'duty_log_entry' AND r.id = c.id
          ORDER BY c.seq",
    )?;
    let mut failed = None;
    let rows = links.query_map([], |r| {
        Ok(Link {
            seq: r.get::<_, i64>(0)? as u64,
            id: r.get(1)?,
            prev_hash: r.get(2)?,
            hash: r.get(3)?,
            body: r.get(4)?,
        })
    })?;
    // Streamed: a million entries are never held at once.
    let links = rows.map_while(|r| r.map_err(|e| failed = Some(e)).ok());
    let unchained: Option<String> = conn
        .query_row(
            "SELECT id FROM records r WHERE kind = 'duty_log_entry' AND body IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM duty_log_chain c WHERE c.id = r.id)
             ORDER BY version LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let verdict = verify(links, unchained);
    match failed {
        Some(e) => Err(e.into()),
        None => Ok(verdict),
    }
}

pub fn record(conn: &Connection, v: &Verification) -> Result<(), DbError> {
    let broken = v.verdict.broken.as_ref();
    let what = broken.map(|b| serde_json::to_value(b.what).ok().and_then(|w| w.as_str().map(str::to_string)));
    conn.execute(
        "INSERT INTO duty_log_verifications (at, by_name, entries, intact_up_to, broken_seq, broken_id, broken_what)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            v.at,
            v.by_name,
            v.verdict.entries as i64,
            v.verdict.intact_up_to as i64,
            broken.map(|b| b.seq as i64),
            broken.map(|b| b.id.clone()),
            what.flatten(),
        ],
    )?;
    Ok(())
}

/// The latest check, if any.
pub fn last(conn: &Connection) -> Result<Option<Verification>, DbError> {
    conn.query_row(
        "SELECT at, by_name, entries, intact_up_to, broken_seq, broken_id, broken_what
               FROM duty_log_verifications ORDER BY id DESC LIMIT 1",
        [],
        |r| {
            let what: Option<String> = r.get(6)?;
            let broken = match (r.get::<_, Option<i64>>(4)?, r.get::<_, Option<String>>(5)?) {
                (Some(seq), Some(id)) => Some(Broken {
                    seq: seq as u64,
                    id,
                    what: what
                        .and_then(|w| serde_json::from_value(serde_json::Value::String(w)).ok())
                        .unwrap_or(Break::Altered),
                }),
                _ => None,
            };
            Ok(Verification {
                at: r.get(0)?,
                by_name: r.get(1)?,
                verdict: Verdict {
                    entries: r.get::<_, i64>(2)? as u64,
                    intact_up_to: r.get::<_, i64>(3)? as u64,
                    broken,
                },
                entry: None,
            })
        },
    )
    .optional()?
    .map(|v| with_entry(conn, v))
    .transpose()
}

/// The verification with its broken entry as stored now, if there is one to show.
pub fn with_entry(conn: &Connection, mut v: Verification) -> Result<Verification, DbError> {
    let Some(b) = &v.verdict.broken else { return Ok(v) };
    let body: Option<String> = conn
        .query_row(
            "SELECT body FROM records WHERE kind = 'duty_log_entry' AND id = ?1 AND body IS NOT NULL",
            [&b.id],
            |r| r.get(0),
        )
        .optional()?;
    v.entry =
        body.and_then(|b| serde_json::from_str::<steward_domain::duty_log::DutyLogEntry>(&b).ok()).map(|e| {
            steward_domain::log_chain::BrokenEntry {
                written_at: e.written_at.to_string(),
                author_name: e.author_name,
                text: e.text,
            }
        });
    Ok(v)
}
