//! Someone else's credentials typed on a signed-in device (the incoming person confirming a
//! handover on the outgoing person's tablet): checked like a login — counted against the
//! name and the address before the secret is checked — but no session is made. A PIN is
//! also counted against its owner ([`crate::db::pins`]), and stops working after a few
//! wrong tries; the password never does, so nobody can lock a colleague out.

use crate::db::pins::{self, Try};
use crate::db::users::{self, LoginRecord};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use std::net::IpAddr;
use steward_domain::account::{Secret, Username};

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// The active account `username` if `secret` is its password or its working PIN.
pub async fn check(state: &AppState, username: &str, secret: Secret, ip: IpAddr) -> ApiResult<LoginRecord> {
    let username = Username::parse(username).map(|u| u.as_str().to_string()).unwrap_or_default();
    let lookup = username.clone();
    let record = state.db.read(move |c| users::find_for_login(c, &lookup)).await?;
    let slot = state.passwords.slot_for(false)?;
    let ip = crate::auth::address_key(ip);
    let key = (username.clone(), ip);
    let throttle = || state.throttle.lock().map_err(|_| ApiError::Internal("throttle poisoned".into()));
    // Not against the account's budget across addresses: that budget is for sign-ins from
    // strangers' browsers, and a stranger must not be able to hold a colleague's handover
    // or approval up by spending it. These checks come from a signed-in device.
    throttle()?
        .reserve(key.clone(), ip, now_secs())
        .map_err(|retry_after_secs| ApiError::Throttled { retry_after_secs })?;
    let ok = match secret {
        Secret::Password(password) => {
            state.passwords.verify(slot, password, record.as_ref().map(|r| r.password_hash.clone())).await?
        }
        Secret::Pin(pin) => {
            let user_id = record.as_ref().map(|r| r.id);
            let stored = match user_id {
                Some(id) => state.db.write(move |tx| pins::reserve(tx, id)).await?,
                None => Try::NoPin,
            };
            // A PIN stopped after wrong tries answers exactly as a wrong one (and as an
            // account with no PIN): nobody learns whose PIN exists or stopped.
            let stored = match stored {
                Try::Check(hash) => Some(hash),
                Try::Disabled | Try::NoPin => None,
            };
            let right = stored.is_some();
            // Checked against a dummy hash when there is nothing to check, so it costs the same.
            let ok = state.passwords.verify(slot, pin.as_str().to_string(), stored).await? && right;
            if let (true, Some(id)) = (ok, user_id) {
                state.db.write(move |tx| pins::succeeded(tx, id)).await?;
            }
            ok
        }
    };
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
