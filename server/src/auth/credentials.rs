//! Someone else's credentials typed on a signed-in device (the incoming person confirming a
//! handover on the outgoing person's tablet): checked like a login — counted against the
//! name and the address before the password is checked — but no session is made.

use crate::db::users::{self, LoginRecord};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use std::net::IpAddr;
use steward_domain::account::Username;

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// The active account `username` if `password` is its own.
pub async fn check(state: &AppState, username: &str, password: String, ip: IpAddr) -> ApiResult<LoginRecord> {
    let username = Username::parse(username).map(|u| u.as_str().to_string()).unwrap_or_default();
    let lookup = username.clone();
    let record = state.db.read(move |c| users::find_for_login(c, &lookup)).await?;
    let slot = state.passwords.slot_for(false)?;
    let key = (username.clone(), ip);
    let throttle = || state.throttle.lock().map_err(|_| ApiError::Internal("throttle poisoned".into()));
    throttle()?.reserve(key.clone(), ip, now_secs()).map_err(|retry_after_secs| ApiError::Throttled { retry_after_secs })?;
    let ok = state.passwords.verify(slot, password, record.as_ref().map(|r| r.password_hash.clone())).await?;
    match record.filter(|_| ok) {
        Some(r) => {
            throttle()?.record_success(&key, &ip);
            Ok(r)
        }
        None => {
            tracing::info!(%ip, username, "credential check failed");
            Err(ApiError::BadCredentials)
        }
    }
}
