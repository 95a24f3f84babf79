//! The server's half of sync: apply pushed mutations exactly once in one total order,
//! and hand out changes by cursor. Plain functions on a connection, so the HTTP handlers,
//! the model-based tests and the benchmark all run the very same code.

pub mod held;
pub mod older;
pub mod pull;
pub mod push;
pub mod staff_refs;
pub mod store;
pub mod unit_status;
pub mod write;

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

/// Applies a mutation on the server's own account (the demo seed), through the one write
/// path like any pushed change, so every device pulls it.
pub fn apply_directly(
    conn: &rusqlite::Connection,
    mutation: &steward_domain::sync::Mutation,
    ctx: &steward_domain::sync::Ctx,
) -> Result<(), String> {
    write::apply(conn, mutation, ctx, write::Origin::Server("server")).map(|_| ()).map_err(|e| e.to_string())
}
