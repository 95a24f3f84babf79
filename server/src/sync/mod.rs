//! The server's half of sync: apply pushed mutations exactly once in one total order,
//! and hand out changes by cursor. Plain functions on a connection, so the HTTP handlers,
//! the model-based tests and the benchmark all run the very same code.

pub mod pull;
pub mod push;
pub mod store;

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
