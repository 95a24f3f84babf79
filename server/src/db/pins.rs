//! Staff PINs in SQL: the hash and the count of wrong tries since the last right one.

use super::DbError;
use rusqlite::{OptionalExtension, Transaction, params};

/// Wrong tries in a row after which a PIN stops working until its owner sets a new one.
pub const MAX_FAILURES: i64 = 5;

/// What a try at someone's PIN may be checked against.
pub enum Try {
    /// Counted; check against this hash.
    Check(String),
    /// Too many wrong tries: the PIN no longer works.
    Disabled,
    /// No such user, or no PIN set.
    NoPin,
}

pub fn set(tx: &Transaction, user_id: i64, hash: &str) -> Result<(), DbError> {
    tx.execute("UPDATE users SET pin_hash = ?2, pin_failures = 0 WHERE id = ?1", params![user_id, hash])?;
    Ok(())
}

/// Removes the PIN (signed out everywhere: a shared password must not leave a PIN behind
/// that someone else set with it).
pub fn clear(tx: &Transaction, user_id: i64) -> Result<(), DbError> {
    tx.execute("UPDATE users SET pin_hash = NULL, pin_failures = 0 WHERE id = ?1", [user_id])?;
    Ok(())
}

/// Counts a try before the PIN is checked (a right one is forgiven by [`succeeded`]), so
/// guesses made in parallel cannot get past the limit.
pub fn reserve(tx: &Transaction, user_id: i64) -> Result<Try, DbError> {
    let hash: Option<String> = tx
        .query_row(
            "UPDATE users SET pin_failures = pin_failures + 1
              WHERE id = ?1 AND active = 1 AND pin_hash IS NOT NULL AND pin_failures < ?2
              RETURNING pin_hash",
            params![user_id, MAX_FAILURES],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(hash) = hash {
        return Ok(Try::Check(hash));
    }
    let has_pin: Option<bool> = tx
        .query_row("SELECT pin_hash IS NOT NULL FROM users WHERE id = ?1 AND active = 1", [user_id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(if has_pin == Some(true) { Try::Disabled } else { Try::NoPin })
}

pub fn succeeded(tx: &Transaction, user_id: i64) -> Result<(), DbError> {
    tx.execute("UPDATE users SET pin_failures = 0 WHERE id = ?1", [user_id])?;
    Ok(())
}

/// Whether the user has a PIN that still works.
pub fn has_working_pin(c: &rusqlite::Connection, user_id: i64) -> Result<bool, DbError> {
    Ok(c.query_row(
        "SELECT pin_hash IS NOT NULL AND pin_failures < ?2 FROM users WHERE id = ?1",
        params![user_id, MAX_FAILURES],
        |r| r.get(0),
    )
    .optional()?
    .unwrap_or(false))
}
