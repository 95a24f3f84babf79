//! Push: a device's ordered batch of mutations, applied in one transaction.
//!
//! - ids at or below the device's last processed id are skipped (retries are harmless);
//! - the first new id must follow it directly, and the batch must be consecutive, or
//!   nothing changes (no gaps);
//! - each mutation runs in a savepoint: a permanent rejection is recorded as that
//!   mutation's outcome and the device's last id still advances, so one bad change never
//!   wedges the queue; a storage failure aborts the whole batch for a retry.
//!
//! The caller runs this inside `BEGIN IMMEDIATE` and answers only after COMMIT.

use super::write::{self, Origin, WriteError};
use crate::db::DbError;
use rusqlite::{Connection, OptionalExtension, params};
use steward_domain::Role;
use steward_domain::sync::mutation::Applied;
use steward_domain::sync::protocol::PushRequest;
use steward_domain::sync::{Ctx, StoreError};

/// The most mutations one push may carry.
pub const MAX_BATCH: usize = 1000;

/// The logged-in user pushing.
#[derive(Debug, Clone)]
pub struct Pusher {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("client {0} is not a device of this user")]
    NotYourClient(String),
    #[error("malformed batch: {0}")]
    Malformed(String),
    #[error("gap: the next mutation id must be {expected}, the batch starts at {got}")]
    Gap { expected: u64, got: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for PushError {
    fn from(e: rusqlite::Error) -> Self {
        PushError::Db(e.into())
    }
}

/// Applies `req` and returns the device's last processed mutation id.
pub fn push(
    conn: &Connection,
    pusher: &Pusher,
    req: &PushRequest,
    now: &steward_domain::clock::Timestamp,
) -> Result<u64, PushError> {
    check_shape(req)?;
    let owned: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM devices WHERE id = ?1 AND user_id = ?2")?
        .query_row(params![req.client_id, pusher.user_id], |r| r.get(0))
        .optional()?;
    if owned.is_none() {
        return Err(PushError::NotYourClient(req.client_id.clone()));
    }
    let mut last: u64 = conn
        .prepare_cached("SELECT last_mutation_id FROM sync_clients WHERE client_id = ?1")?
        .query_row([&req.client_id], |r| r.get::<_, i64>(0))
        .optional()?
        .unwrap_or(0) as u64;
    let fresh: Vec<_> = req.mutations.iter().filter(|m| m.id > last).collect();
    let Some(first) = fresh.first() else { return Ok(last) };
    if first.id != last + 1 {
        return Err(PushError::Gap { expected: last + 1, got: first.id });
    }

    let ctx = Ctx {
        user_id: pusher.user_id,
        user_name: pusher.name.clone(),
        role: pusher.role,
        now: now.clone(),
        by_owner: false,
    };
    for numbered in fresh {
        // Cached statements: parsing these 3 × per mutation shows up at thousands per second.
        conn.prepare_cached("SAVEPOINT mutation")?.execute([])?;
        let origin = Origin::Device { client_id: &req.client_id, mutation_id: numbered.id };
        // A device key is the pushing device's (the session's word, not the device's).
        let bound;
        let mutation = if matches!(numbered.mutation, steward_domain::sync::Mutation::RegisterDeviceKey(_)) {
            bound = numbered.mutation.clone().from_device(&req.client_id);
            &bound
        } else {
            &numbered.mutation
        };
        match write::apply(conn, mutation, &ctx, origin) {
            Ok(applied) => {
                if let Applied::Overwrote { field, current_version, .. } = applied {
                    let message = format!("{field} overwrote the change of version {current_version}");
                    record_outcome(
                        conn,
                        &req.client_id,
                        numbered.id,
                        "overwrote",
                        None,
                        Some(field),
                        &message,
                    )?;
                }
                conn.prepare_cached("RELEASE mutation")?.execute([])?;
            }
            Err(WriteError::Refused(rejection)) => {
                conn.prepare_cached("ROLLBACK TO mutation")?.execute([])?;
                conn.prepare_cached("RELEASE mutation")?.execute([])?;
                match write::follow_refusal(conn, &numbered.mutation, &ctx, &rejection) {
                    Ok(()) | Err(WriteError::Refused(_)) => {}
                    Err(WriteError::Store(e)) => return Err(e.into()),
                    Err(WriteError::Db(e)) => return Err(e.into()),
                }
                let code =
                    serde_json::to_value(rejection.code).ok().and_then(|v| v.as_str().map(str::to_string));
                record_outcome(
                    conn,
                    &req.client_id,
                    numbered.id,
                    "rejected",
                    code.as_deref(),
                    rejection.field.map(steward_domain::field::Field::name),
                    &rejection.message,
                )?;
            }
            // Not the mutation's fault: the caller rolls the whole batch back.
            Err(WriteError::Store(e)) => return Err(e.into()),
            Err(WriteError::Db(e)) => return Err(e.into()),
        }
        last = numbered.id;
    }
    conn.prepare_cached(
        "INSERT INTO sync_clients (client_id, last_mutation_id) VALUES (?1, ?2)
         ON CONFLICT (client_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id",
    )?
    .execute(params![req.client_id, last as i64])?;
    Ok(last)
}

/// Ids must be consecutive and ascending: a device sends its outbox in order.
fn check_shape(req: &PushRequest) -> Result<(), PushError> {
    if req.mutations.len() > MAX_BATCH {
        return Err(PushError::Malformed(format!("at most {MAX_BATCH} mutations per push")));
    }
    if req.mutations.first().is_some_and(|m| m.id == 0) {
        return Err(PushError::Malformed("mutation ids start at 1".into()));
    }
    if req.mutations.windows(2).any(|w| w[1].id != w[0].id + 1) {
        return Err(PushError::Malformed("mutation ids must be consecutive and ascending".into()));
    }
    Ok(())
}

fn record_outcome(
    conn: &Connection,
    client_id: &str,
    mutation_id: u64,
    outcome: &str,
    code: Option<&str>,
    field: Option<&str>,
    message: &str,
) -> Result<(), PushError> {
    conn.prepare_cached(
        "INSERT INTO sync_outcomes (client_id, mutation_id, outcome, code, field, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![client_id, mutation_id as i64, outcome, code, field, message])?;
    Ok(())
}
