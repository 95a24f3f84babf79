//! Staff authentication: passwords, sessions, devices, throttling and role checks.

pub mod credentials;
pub mod password;
pub mod session;
pub mod trust;

pub use session::Staff;

/// Who is asking, for a throttle: an IPv6 client by its /64 (one subscriber's whole range),
/// an IPv4 client by its address.
pub fn address_key(ip: std::net::IpAddr) -> std::net::IpAddr {
    match ip {
        std::net::IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            std::net::IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        other => other,
    }
}

/// Reserves an attempt at `username` against its budget across addresses (strangers'
/// browsers only), or says how long to wait.
pub fn reserve_account(
    state: &crate::state::AppState,
    username: &str,
    now: u64,
) -> Result<(), crate::error::ApiError> {
    state
        .account_budget
        .lock()
        .map_err(|_| crate::error::ApiError::Internal("budget poisoned".into()))?
        .reserve(username, now)
        .map_err(|retry_after_secs| crate::error::ApiError::Throttled { retry_after_secs })
}

/// An attempt refused by the address's throttle after the account's budget took it.
pub fn give_back_account(state: &crate::state::AppState, username: &str) {
    if let Ok(mut b) = state.account_budget.lock() {
        b.give_back(username);
    }
}

/// The right password: the account's budget starts again.
pub fn account_succeeded(state: &crate::state::AppState, username: &str) {
    if let Ok(mut b) = state.account_budget.lock() {
        b.succeeded(username);
    }
}
