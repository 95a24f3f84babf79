//! The server's half of sync: apply pushed mutations exactly once in one total order,
//! and hand out changes by cursor. Plain functions on a connection, so the HTTP handlers,
//! the model-based tests and the benchmark all run the very same code.

pub mod pull;
pub mod push;
pub mod store;
pub mod unit_status;

pub use pull::{PullError, pull};

/// Replaces the database's sync epoch (after a restore from backup); returns the new one.
pub fn new_epoch(conn: &rusqlite::Connection) -> Result<String, crate::db::DbError> {
    Ok(conn.query_row(
        "UPDATE sync_state SET epoch = lower(hex(randomblob(8))) WHERE id = 1 RETURNING epoch",
        [],
        |r| r.get(0),
    )?)
}
pub use push::{PushError, Pusher, push};

/// Applies a mutation on the server's own account (the demo seed): stamped with the next
/// version like any pushed change, so every device pulls it.
pub fn apply_directly(
    conn: &rusqlite::Connection,
    mutation: &steward_domain::sync::Mutation,
    ctx: &steward_domain::sync::Ctx,
) -> Result<(), String> {
    let version: i64 = conn
        .query_row("SELECT version + 1 FROM sync_state WHERE id = 1", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    let mut store = store::SqlStore { conn, version: version as u64 };
    mutation.apply(&mut store, ctx).map_err(|e| e.to_string())?;
    unit_status::follow(conn, mutation).map_err(|e| e.to_string())?;
    conn.execute("UPDATE sync_state SET version = ?1 WHERE id = 1", [version]).map_err(|e| e.to_string())?;
    Ok(())
}
