//! Photo bytes in SQL: stored photos, and uploads still arriving in pieces.

use super::DbError;
use rusqlite::{Connection, OptionalExtension, params};
use steward_domain::photo::content_type;

/// Who uploads, when: stamped on every write.
pub struct Upload<'a> {
    pub user: i64,
    pub now: &'a str,
}

/// The SHA-256 of the stored photo with this id, if any.
pub fn stored_sha(c: &Connection, id: &str) -> Result<Option<String>, DbError> {
    Ok(c.query_row("SELECT sha256 FROM photos WHERE id = ?1", [id], |r| r.get(0)).optional()?)
}

pub fn insert(c: &Connection, id: &str, sha: &str, bytes: &[u8], by: &Upload) -> Result<(), DbError> {
    c.execute(
        "INSERT INTO photos (id, sha256, content_type, bytes, uploaded_by, uploaded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, sha, content_type(bytes), bytes, by.user, by.now],
    )?;
    Ok(())
}

/// The photo's content type and bytes.
pub fn fetch(c: &Connection, id: &str) -> Result<Option<(String, Vec<u8>)>, DbError> {
    Ok(c.query_row("SELECT content_type, bytes FROM photos WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()?)
}

/// What has arrived of the upload of `id` as the photo `sha` of `length` bytes (nothing,
/// if a different photo or length was being sent under this id).
pub fn received(c: &Connection, id: &str, sha: &str, length: u64) -> Result<Vec<u8>, DbError> {
    let partial: Option<(String, i64, Vec<u8>)> = c
        .query_row("SELECT sha256, length, received FROM photo_uploads WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    Ok(match partial {
        Some((s, l, received)) if s == sha && l as u64 == length => received,
        _ => Vec::new(),
    })
}

/// An upload nobody has added to for this long is abandoned (the phone was reset, the
/// photo discarded): thrown away. A device that comes back later starts that photo again
/// from its own copy, which it keeps until the upload is done.
pub const ABANDONED_AFTER_DAYS: i64 = 3;
/// Unfinished uploads one user may have at once; a new one beyond forgets their oldest.
pub const UNFINISHED_PER_USER: i64 = 60;

pub fn keep_received(
    c: &Connection,
    id: &str,
    sha: &str,
    length: u64,
    received: &[u8],
    by: &Upload,
) -> Result<(), DbError> {
    c.execute(
        "INSERT OR REPLACE INTO photo_uploads (id, sha256, length, received, uploaded_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, sha, length as i64, received, by.user, by.now],
    )?;
    forget_abandoned(c, by)
}

/// Housekeeping on every piece kept, in the same transaction.
fn forget_abandoned(c: &Connection, by: &Upload) -> Result<(), DbError> {
    let now = chrono::DateTime::parse_from_rfc3339(by.now).map_err(|e| DbError::Clock(e.to_string()))?;
    let cutoff = (now - chrono::Duration::days(ABANDONED_AFTER_DAYS)).to_rfc3339();
    // Compared as times, not strings (`…:00+00:00` and `…:00.5+00:00` do not sort as text).
    c.execute("DELETE FROM photo_uploads WHERE julianday(updated_at) < julianday(?1)", [cutoff])?;
    c.execute(
        "DELETE FROM photo_uploads WHERE uploaded_by = ?1 AND id NOT IN
           (SELECT id FROM photo_uploads WHERE uploaded_by = ?1
             ORDER BY julianday(updated_at) DESC LIMIT ?2)",
        params![by.user, UNFINISHED_PER_USER],
    )?;
    Ok(())
}

pub fn forget_received(c: &Connection, id: &str) -> Result<(), DbError> {
    c.execute("DELETE FROM photo_uploads WHERE id = ?1", [id])?;
    Ok(())
}
