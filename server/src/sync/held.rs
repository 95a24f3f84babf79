//! What a disabled account's device had not sent: handed in by whoever signs in on that
//! browser next, held for the supervisor, and applied in the supervisor's name or set aside
//! with a reason. A disabled account cannot sync; its changes are not lost either.

use super::write::{self, Origin, WriteError};
use crate::db::DbError;
use rusqlite::{Connection, OptionalExtension, params};
use steward_domain::api::HeldChange;
use steward_domain::clock::Timestamp;
use steward_domain::sync::protocol::PushRequest;
use steward_domain::sync::{Ctx, Mutation};

/// At most this many changes wait per device: a hand-in cannot fill the disk.
pub const MAX_PER_DEVICE: i64 = 1000;

#[derive(Debug, thiserror::Error)]
pub enum HeldError {
    #[error("no such device")]
    NoDevice,
    /// The device's account may still sign in: its person sends the changes themselves.
    #[error("the device's account is active: its person sends these changes")]
    AccountActive,
    #[error("{MAX_PER_DEVICE} changes at most wait for a device")]
    TooMany,
    #[error("no such held change, or it was answered already")]
    NotWaiting,
    #[error("a change set aside says why")]
    NoReason,
    #[error("unreadable change: {0}")]
    Unreadable(String),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for HeldError {
    fn from(e: rusqlite::Error) -> Self {
        HeldError::Db(e.into())
    }
}

/// Keeps the changes of `req.client_id` (a device of a disabled account) the server has not
/// processed, as handed in by `by`; those already held are not doubled. Returns how many
/// of the device's changes now wait.
pub fn hand_in(conn: &Connection, by: i64, req: &PushRequest, now: &Timestamp) -> Result<usize, HeldError> {
    let author: Option<(i64, bool)> = conn
        .query_row(
            "SELECT u.id, u.active FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?1",
            [&req.client_id],
            |r| Ok((r.get(0)?, r.get::<_, i64>(1)? == 1)),
        )
        .optional()?;
    let Some((author, active)) = author else { return Err(HeldError::NoDevice) };
    if active {
        return Err(HeldError::AccountActive);
    }
    let processed: i64 = conn
        .query_row("SELECT last_mutation_id FROM sync_clients WHERE client_id = ?1", [&req.client_id], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(0);
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO held_changes (client_id, mutation_id, author_id, mutation, handed_in_by, handed_in_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for m in req.mutations.iter().filter(|m| m.id as i64 > processed) {
        // A device key of a disabled account is never registered.
        if matches!(m.mutation, Mutation::RegisterDeviceKey(_)) {
            continue;
        }
        let json = serde_json::to_string(&m.mutation).map_err(|e| HeldError::Unreadable(e.to_string()))?;
        insert.execute(params![req.client_id, m.id as i64, author, json, by, now.as_str()])?;
    }
    let held: i64 =
        conn.query_row("SELECT COUNT(*) FROM held_changes WHERE client_id = ?1", [&req.client_id], |r| {
            r.get(0)
        })?;
    if held > MAX_PER_DEVICE {
        return Err(HeldError::TooMany);
    }
    Ok(held as usize)
}

/// The changes waiting for the supervisor, oldest first.
pub fn waiting(conn: &Connection) -> Result<Vec<HeldChange>, DbError> {
    let mut stmt = conn.prepare(
        "SELECT h.client_id, h.mutation_id, a.display_name, h.mutation, b.display_name, h.handed_in_at
           FROM held_changes h JOIN users a ON a.id = h.author_id JOIN users b ON b.id = h.handed_in_by
          WHERE h.resolution IS NULL ORDER BY h.handed_in_at, h.client_id, h.mutation_id LIMIT 500",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (client_id, mutation_id, author_name, json, handed_in_by_name, at) = row?;
        // A change an older or newer build wrote that this one cannot read stays in the table.
        let Ok(mutation) = serde_json::from_str(&json) else { continue };
        let Ok(handed_in_at) = at.parse() else { continue };
        out.push(HeldChange {
            client_id,
            mutation_id: mutation_id as u64,
            author_name,
            mutation,
            handed_in_by_name,
            handed_in_at,
        });
    }
    Ok(out)
}

/// The supervisor's answer: applied through the one write path in their own name (the rules
/// may still refuse it, and then it keeps waiting), or set aside with the reason.
pub fn resolve(
    conn: &Connection,
    ctx: &Ctx,
    client_id: &str,
    mutation_id: u64,
    apply: bool,
    note: &str,
) -> Result<(), HeldError> {
    let json: Option<String> = conn
        .query_row(
            "SELECT mutation FROM held_changes WHERE client_id = ?1 AND mutation_id = ?2 AND resolution IS NULL",
            params![client_id, mutation_id as i64],
            |r| r.get(0),
        )
        .optional()?;
    let Some(json) = json else { return Err(HeldError::NotWaiting) };
    let note = note.trim();
    if !apply && note.is_empty() {
        return Err(HeldError::NoReason);
    }
    if apply {
        let mutation: Mutation =
            serde_json::from_str(&json).map_err(|e| HeldError::Unreadable(e.to_string()))?;
        write::written_by_a_device(&mutation)?;
        write::apply(conn, &mutation, ctx, Origin::Server("held_change"))?;
    }
    conn.execute(
        "UPDATE held_changes SET resolution = ?1, resolved_by = ?2, resolved_at = ?3, note = ?4
          WHERE client_id = ?5 AND mutation_id = ?6",
        params![
            if apply { "applied" } else { "set_aside" },
            ctx.user_id,
            ctx.now.as_str(),
            note.chars().take(500).collect::<String>(),
            client_id,
            mutation_id as i64
        ],
    )?;
    Ok(())
}
