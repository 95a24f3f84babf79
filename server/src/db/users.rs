//! Staff accounts, sessions and devices in SQL.

use super::DbError;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use steward_domain::Role;
use steward_domain::api::UserView;

/// Why a new account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("username {0} is taken")]
    Taken(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

pub fn create(
    tx: &Transaction,
    username: &str,
    display_name: &str,
    role: Role,
    password_hash: &str,
) -> Result<i64, CreateUserError> {
    let now = chrono::Utc::now().to_rfc3339();
    let inserted = tx
        .execute(
            "INSERT INTO users (username, display_name, role, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (username) DO NOTHING",
            params![username, display_name, role.as_str(), password_hash, now],
        )
        .map_err(DbError::from)?;
    if inserted == 0 {
        return Err(CreateUserError::Taken(username.to_string()));
    }
    Ok(tx.last_insert_rowid())
}

pub fn count(c: &Connection) -> Result<i64, DbError> {
    Ok(c.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
}

/// The active staff a desk may name on a record (not the admin account), by name.
pub fn roster(c: &Connection) -> Result<Vec<steward_domain::staff::StaffMember>, DbError> {
    let mut stmt = c.prepare_cached(
        "SELECT id, display_name, role FROM users WHERE active = 1 AND role <> 'admin' ORDER BY display_name, id",
    )?;
    let rows = stmt.query_map([], |r| {
        let role: String = r.get(2)?;
        Ok(steward_domain::staff::StaffMember {
            id: r.get(0)?,
            display_name: r.get(1)?,
            role: Role::parse(&role).unwrap_or(Role::Receptionist),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn list(c: &Connection) -> Result<Vec<UserView>, DbError> {
    let mut stmt =
        c.prepare("SELECT id, username, display_name, role, active FROM users ORDER BY role, username")?;
    let rows = stmt.query_map([], |r| {
        let role: String = r.get(3)?;
        Ok(UserView {
            id: r.get(0)?,
            username: r.get(1)?,
            display_name: r.get(2)?,
            role: Role::parse(&role).unwrap_or(Role::Receptionist),
            active: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What login needs: id, display name, role and hash of an active user.
pub struct LoginRecord {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    /// A PIN that still works (fewer wrong tries than the limit).
    pub has_pin: bool,
    /// The admin reset the password: they set their own first.
    pub must_change_password: bool,
}

pub fn find_for_login(c: &Connection, username: &str) -> Result<Option<LoginRecord>, DbError> {
    Ok(c.query_row(
        "SELECT id, display_name, role, password_hash, pin_hash IS NOT NULL AND pin_failures < ?2, must_change_password
           FROM users WHERE username = ?1 AND active = 1",
        params![username, super::pins::MAX_FAILURES],
        |r| {
            let role: String = r.get(2)?;
            Ok(LoginRecord {
                id: r.get(0)?,
                display_name: r.get(1)?,
                role: Role::parse(&role).unwrap_or(Role::Receptionist),
                password_hash: r.get(3)?,
                has_pin: r.get(4)?,
                must_change_password: r.get(5)?,
            })
        },
    )
    .optional()?)
}

/// Reuses `requested` if it is this user's device, otherwise registers a new one.
/// A shared counter tablet thus gets a fresh device per person who logs in on it.
pub fn bind_device(
    tx: &Transaction,
    user_id: i64,
    requested: Option<&str>,
    user_agent: Option<&str>,
) -> Result<String, DbError> {
    let now = chrono::Utc::now().to_rfc3339();
    if let Some(id) = requested {
        let updated = tx.execute(
            "UPDATE devices SET last_seen_at = ?1, user_agent = ?2 WHERE id = ?3 AND user_id = ?4",
            params![now, user_agent, id, user_id],
        )?;
        if updated == 1 {
            return Ok(id.to_string());
        }
    }
    let id = uuid::Uuid::now_v7().to_string();
    tx.execute(
        "INSERT INTO devices (id, user_id, user_agent, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, user_id, user_agent, now],
    )?;
    // Bounded: beyond the newest DEVICES_PER_ACCOUNT, the longest unseen (with no session
    // left) are forgotten — a script logging in without a device id cannot grow the table.
    tx.execute(
        "DELETE FROM devices WHERE user_id = ?1 AND id NOT IN (SELECT device_id FROM sessions WHERE user_id = ?1)
           AND id NOT IN (SELECT id FROM devices WHERE user_id = ?1 ORDER BY last_seen_at DESC, id DESC LIMIT ?2)",
        params![user_id, DEVICES_PER_ACCOUNT],
    )?;
    Ok(id)
}

/// The most live sessions one account keeps: a new sign-in beyond it ends the oldest.
pub const SESSIONS_PER_ACCOUNT: i64 = 20;
/// The most devices one account keeps.
pub const DEVICES_PER_ACCOUNT: i64 = 100;

pub fn create_session(
    tx: &Transaction,
    token_hash: &[u8],
    user_id: i64,
    device_id: &str,
    lasts: chrono::Duration,
) -> Result<(), DbError> {
    let now = chrono::Utc::now();
    let expires = now + lasts;
    // A device holds one session per user: logging in again there (unlocking the counter
    // tablet) ends the one before instead of leaving it valid beside the new.
    tx.execute("DELETE FROM sessions WHERE user_id = ?1 AND device_id = ?2", params![user_id, device_id])?;
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, device_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token_hash, user_id, device_id, now.to_rfc3339(), expires.to_rfc3339()],
    )?;
    // Housekeeping on the same transaction: expired sessions are dead weight.
    tx.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now.to_rfc3339()])?;
    // Bounded per account: the oldest sessions end first.
    tx.execute(
        "DELETE FROM sessions WHERE user_id = ?1 AND token_hash NOT IN
           (SELECT token_hash FROM sessions WHERE user_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT ?2)",
        params![user_id, SESSIONS_PER_ACCOUNT],
    )?;
    Ok(())
}

/// Ends every session of a user (sign out everywhere), and the trust their browsers had
/// (a lost phone must not keep its way past the throttle); how many sessions there were.
pub fn delete_sessions_of(tx: &Transaction, user_id: i64) -> Result<usize, DbError> {
    super::trusted_browsers::forget_user(tx, user_id)?;
    Ok(tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])?)
}

pub fn delete_session(tx: &Transaction, token_hash: &[u8]) -> Result<(), DbError> {
    tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

pub fn property_name(c: &Connection) -> Result<String, DbError> {
    Ok(c.query_row("SELECT value FROM meta WHERE key = 'property_name'", [], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| "Steward".to_string()))
}

/// The property's name and service hotline, as owners' pages and receipts print them.
pub fn property_info(c: &Connection) -> Result<(String, String), DbError> {
    let hotline: Option<String> =
        c.query_row("SELECT value FROM meta WHERE key = 'service_hotline'", [], |r| r.get(0)).optional()?;
    Ok((property_name(c)?, hotline.unwrap_or_default()))
}

/// Sets the property's name and hotline (each left alone when `None`).
pub fn set_property_info(tx: &Transaction, name: Option<&str>, hotline: Option<&str>) -> Result<(), DbError> {
    for (key, value) in [("property_name", name), ("service_hotline", hotline)] {
        if let Some(v) = value {
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", [key, v])?;
        }
    }
    Ok(())
}

/// Whether the admin reset this person's password and they have not set their own yet.
pub fn must_change_password(c: &Connection, user_id: i64) -> Result<bool, DbError> {
    Ok(c.query_row("SELECT must_change_password FROM users WHERE id = ?1", [user_id], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// A new password hash; `must_change` when the admin set it for the person.
pub fn set_password(tx: &Transaction, user_id: i64, hash: &str, must_change: bool) -> Result<(), DbError> {
    tx.execute(
        "UPDATE users SET password_hash = ?2, must_change_password = ?3 WHERE id = ?1",
        params![user_id, hash, must_change],
    )?;
    Ok(())
}

/// The account as the admin sees it, if it exists.
pub fn view(c: &Connection, user_id: i64) -> Result<Option<UserView>, DbError> {
    Ok(c.query_row(
        "SELECT id, username, display_name, role, active FROM users WHERE id = ?1",
        [user_id],
        |r| {
            let role: String = r.get(3)?;
            Ok(UserView {
                id: r.get(0)?,
                username: r.get(1)?,
                display_name: r.get(2)?,
                role: Role::parse(&role).unwrap_or(Role::Receptionist),
                active: r.get(4)?,
            })
        },
    )
    .optional()?)
}

pub fn set_active(tx: &Transaction, user_id: i64, active: bool) -> Result<(), DbError> {
    tx.execute("UPDATE users SET active = ?2 WHERE id = ?1", params![user_id, active])?;
    Ok(())
}

pub fn set_role(tx: &Transaction, user_id: i64, role: Role) -> Result<(), DbError> {
    tx.execute("UPDATE users SET role = ?2 WHERE id = ?1", params![user_id, role.as_str()])?;
    Ok(())
}

/// Ends every session of the account but `keep` (the one making the change, if theirs),
/// forgets its trusted browsers and its PIN: after a password or role change, nothing signed
/// in under the old one goes on.
pub fn end_everything(tx: &Transaction, user_id: i64, keep: Option<&[u8]>) -> Result<(), DbError> {
    match keep {
        Some(hash) => tx.execute(
            "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2",
            params![user_id, hash],
        )?,
        None => tx.execute("DELETE FROM sessions WHERE user_id = ?1", params![user_id])?,
    };
    super::trusted_browsers::forget_user(tx, user_id)?;
    super::pins::clear(tx, user_id)?;
    Ok(())
}
