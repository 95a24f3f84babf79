//! Session cookies and the `Staff` extractor every staff endpoint takes.
//!
//! The cookie holds a random 256-bit token; the database holds only its SHA-256, so a
//! leaked database or backup logs no one in. Logout deletes the row: the session ends on
//! the server, not just in the browser.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use rand::RngCore;
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};
use steward_domain::Role;

pub const COOKIE: &str = "steward_session";

/// A logged-in staff member, taken from the session cookie.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub device_id: String,
    token_hash: Vec<u8>,
}

impl Staff {
    /// Refuses unless the caller's role passes `allowed`: every endpoint says who may call it.
    pub fn require(&self, allowed: impl Fn(Role) -> bool) -> Result<(), ApiError> {
        if allowed(self.role) { Ok(()) } else { Err(ApiError::Forbidden) }
    }

    pub fn token_hash(&self) -> &[u8] {
        &self.token_hash
    }
}

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The session cookie: `HttpOnly` (no script can read it), `SameSite=Strict` (no cross-site
/// request carries it), `Secure` when the site is served over TLS.
pub fn session_cookie(token: String, secure: bool, role: Role) -> Cookie<'static> {
    Cookie::build((COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .max_age(time::Duration::hours(role.session_hours()))
        .build()
}

pub fn removal_cookie() -> Cookie<'static> {
    Cookie::build((COOKIE, "")).path("/").http_only(true).same_site(SameSite::Strict).build()
}

/// Whether this request reached us over TLS (directly or through a proxy that says so).
pub fn is_tls(parts: &axum::http::HeaderMap, force: bool) -> bool {
    force || parts.get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar.get(COOKIE).map(|c| c.value().to_string()).ok_or(ApiError::Unauthenticated)?;
        let hash = token_hash(&token);
        let now = chrono::Utc::now().to_rfc3339();
        let found = state
            .db
            .read(move |c| {
                Ok(c.query_row(
                    "SELECT u.id, u.username, u.display_name, u.role, s.device_id
                       FROM sessions s JOIN users u ON u.id = s.user_id
                      WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.active = 1",
                    params![hash, now],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get::<_, String>(3)?,
                            r.get(4)?,
                            hash.clone(),
                        ))
                    },
                )
                .optional()?)
            })
            .await?;
        let (user_id, username, display_name, role, device_id, token_hash) =
            found.ok_or(ApiError::Unauthenticated)?;
        let role = Role::parse(&role).ok_or_else(|| ApiError::Internal(format!("bad role {role}")))?;
        Ok(Staff { user_id, username, display_name, role, device_id, token_hash })
    }
}
