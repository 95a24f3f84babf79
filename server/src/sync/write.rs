//! The one way a change reaches the records. A device's push, the demo seed and the owner's
//! rating all apply a [`Mutation`] here, in the caller's transaction: stamped with the next
//! version (so every device pulls it), followed by the unit register, and written to the
//! audit trail (`mutation_log`).

use super::store::SqlStore;
use crate::db::DbError;
use rusqlite::{Connection, params};
use steward_domain::sync::mutation::{Applied, ApplyError};
use steward_domain::sync::{Ctx, Mutation, Rejection, StoreError};

/// Where a change came from, for the audit trail.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// A device's numbered mutation.
    Device { client_id: &'a str, mutation_id: u64 },
    /// The owner's page, or the server itself (the demo seed): logged under this name,
    /// numbered by the version written.
    Server(&'static str),
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The rules refused it: nothing was written (the caller's savepoint or transaction
    /// is rolled back by the caller).
    #[error("refused: {}", .0.message)]
    Refused(Rejection),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Db(e.into())
    }
}

/// Refuses what only the server writes: finance's list comes in as a file the server checks
/// against the unit register, and the time limits are the server's clock's. Checked for a
/// device's push and for a change a device left behind (held for the supervisor).
pub fn written_by_a_device(mutation: &Mutation) -> Result<(), WriteError> {
    if mutation.server_only() {
        return Err(WriteError::Refused(steward_domain::apply::Rejection {
            code: steward_domain::apply::RejectionCode::Forbidden,
            field: None,
            message: "only the server makes this change (finance's file, the time limits)".into(),
        }));
    }
    Ok(())
}

/// Applies `mutation` as `ctx` and records it; on refusal nothing is left to roll back but
/// what the rules staged (they stage every write), and the version does not move.
pub fn apply(
    conn: &Connection,
    mutation: &Mutation,
    ctx: &Ctx,
    origin: Origin,
) -> Result<Applied, WriteError> {
    // Cached statements: these run for every mutation of every push.
    if matches!(origin, Origin::Device { .. }) {
        written_by_a_device(mutation)?;
    }
    if let Some(refused) = super::staff_refs::check(conn, mutation)? {
        return Err(WriteError::Refused(refused));
    }
    let version: i64 = conn
        .prepare_cached("SELECT version + 1 FROM sync_state WHERE id = 1")?
        .query_row([], |r| r.get(0))?;
    let mut store = SqlStore { conn, version: version as u64, today: ctx.now.local_day() };
    let applied = match mutation.apply(&mut store, ctx) {
        Ok(applied) => applied,
        Err(ApplyError::Rejected(r)) => return Err(WriteError::Refused(r)),
        Err(ApplyError::Store(e)) => return Err(e.into()),
    };
    super::unit_status::follow(conn, mutation)?;
    conn.prepare_cached("UPDATE sync_state SET version = ?1 WHERE id = 1")?.execute([version])?;
    log(conn, mutation, ctx, origin, version)?;
    Ok(applied)
}

fn log(
    conn: &Connection,
    mutation: &Mutation,
    ctx: &Ctx,
    origin: Origin,
    version: i64,
) -> Result<(), WriteError> {
    let json = serde_json::to_string(mutation).map_err(|e| StoreError(e.to_string()))?;
    let (client_id, number) = match origin {
        Origin::Device { client_id, mutation_id } => (client_id, mutation_id as i64),
        Origin::Server(name) => (name, version),
    };
    let user = (!ctx.by_owner && ctx.user_id != 0).then_some(ctx.user_id);
    conn.prepare_cached(
        "INSERT INTO mutation_log (client_id, mutation_id, user_id, version, name, mutation, applied_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![client_id, number, user, version, mutation.name(), json, ctx.now.as_str()])?;
    Ok(())
}

/// What follows a device's refused change: a refused goods-release slip or day pass becomes
/// void for every gate (its printed code must let nothing and nobody through), stamped like
/// any write so the gates pull it.
pub fn follow_refusal(
    conn: &Connection,
    mutation: &Mutation,
    ctx: &Ctx,
    why: &Rejection,
) -> Result<(), WriteError> {
    if !matches!(mutation, Mutation::IssueReleaseSlip(_) | Mutation::IssueDayPass(_)) {
        return Ok(());
    }
    let version: i64 = conn
        .prepare_cached("SELECT version + 1 FROM sync_state WHERE id = 1")?
        .query_row([], |r| r.get(0))?;
    let mut store = SqlStore { conn, version: version as u64, today: ctx.now.local_day() };
    let voided = match mutation {
        Mutation::IssueReleaseSlip(issue) => {
            steward_domain::release::rules::void_refused(&mut store, ctx, &issue.id, &issue.slip, why)
        }
        Mutation::IssueDayPass(pass) => {
            steward_domain::visit::rules::void_refused_pass(&mut store, ctx, pass, why)
        }
        _ => Ok(false),
    };
    match voided {
        Ok(true) => {
            conn.prepare_cached("UPDATE sync_state SET version = ?1 WHERE id = 1")?.execute([version])?;
            Ok(())
        }
        Ok(false) | Err(ApplyError::Rejected(_)) => Ok(()),
        Err(ApplyError::Store(e)) => Err(e.into()),
    }
}
