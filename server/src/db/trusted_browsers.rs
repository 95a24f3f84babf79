//! Browsers trusted for a user's logins (see migration 0007), in SQL.

use super::DbError;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Wrong passwords through one trusted browser before it is trusted no more.
pub const MAX_FAILURES: i64 = 5;
/// Browsers kept per user; logging in from another forgets the oldest.
pub const PER_USER: i64 = 10;

/// Whether `token_hash` is a browser `user_id` logged in from and still trusted.
pub fn is_trusted(c: &Connection, token_hash: &[u8], user_id: i64) -> Result<bool, DbError> {
    Ok(c.query_row(
        "SELECT 1 FROM trusted_browsers WHERE token_hash = ?1 AND user_id = ?2 AND failures < ?3",
        params![token_hash, user_id, MAX_FAILURES],
        |_| Ok(()),
    )
    .optional()?
    .is_some())
}

/// Counts one attempt against the browser before its password is checked (given back by
/// [`renew`] when it was right), atomically: of many parallel guesses through one
/// cookie only [`MAX_FAILURES`] get a place. `false`: the browser is not (or no longer)
/// trusted, and the attempt goes through the address throttle instead.
pub fn reserve(tx: &Transaction, token_hash: &[u8], user_id: i64) -> Result<bool, DbError> {
    Ok(tx.execute(
        "UPDATE trusted_browsers SET failures = failures + 1
          WHERE token_hash = ?1 AND user_id = ?2 AND failures < ?3",
        params![token_hash, user_id, MAX_FAILURES],
    )? == 1)
}

/// The password was right through a trusted browser: its token is replaced by a new one
/// (OWASP: a device cookie is used once), so a copied cookie — or a co-worker's guesses
/// through a shared tablet's — does not get fresh tries after every login of its owner.
pub fn renew(tx: &Transaction, old: &[u8], new: &[u8], user_id: i64) -> Result<(), DbError> {
    tx.execute("DELETE FROM trusted_browsers WHERE token_hash = ?1", [old])?;
    trust(tx, new, user_id)
}

/// Trusts a new browser for `user_id`, forgetting the user's oldest beyond [`PER_USER`].
pub fn trust(tx: &Transaction, token_hash: &[u8], user_id: i64) -> Result<(), DbError> {
    let now = chrono::Utc::now().to_rfc3339();
    tx.execute(
        "INSERT INTO trusted_browsers (token_hash, user_id, created_at) VALUES (?1, ?2, ?3)",
        params![token_hash, user_id, now],
    )?;
    tx.execute(
        "DELETE FROM trusted_browsers WHERE user_id = ?1 AND token_hash NOT IN
           (SELECT token_hash FROM trusted_browsers WHERE user_id = ?1
             ORDER BY created_at DESC LIMIT ?2)",
        params![user_id, PER_USER],
    )?;
    Ok(())
}

/// Signing out everywhere (a lost phone) also ends the trust its browsers had.
pub fn forget_user(tx: &Transaction, user_id: i64) -> Result<(), DbError> {
    tx.execute("DELETE FROM trusted_browsers WHERE user_id = ?1", [user_id])?;
    Ok(())
}
