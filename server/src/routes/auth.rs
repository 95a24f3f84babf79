//! Login, logout, and who am I.

use crate::auth::{Staff, session, trust};
use crate::db::{trusted_browsers, users};
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum_extra::extract::CookieJar;
use std::net::{IpAddr, SocketAddr};
use steward_domain::account::{Pin, Secret, Username};
use steward_domain::api::{LoginRequest, Me, SetPin};
use steward_domain::error::ApiErrorBody;

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[utoipa::path(post, path = "/api/auth/login", request_body = LoginRequest, responses(
    (status = 200, body = Me, description = "Logged in; sets the session cookie"),
    (status = 401, body = ApiErrorBody, description = "bad_credentials"),
    (status = 429, body = ApiErrorBody, description = "throttled"),
))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<(CookieJar, ApiJson<Me>)> {
    // An invalid username cannot exist; answer exactly as for a wrong password.
    let username = Username::parse(&req.username).map(|u| u.as_str().to_string()).unwrap_or_default();
    let ip = state.config.client_ip(peer.ip(), &headers);
    let lookup = username.clone();
    let record = state.db.read(move |c| users::find_for_login(c, &lookup)).await?;
    let browser = trusted_browser(&state, &jar, record.as_ref().map(|r| r.id)).await?;
    // A place in the password queue before anything is counted: a login refused as busy
    // is not a failure.
    let slot = state.passwords.slot_for(browser.is_some())?;
    let attempt = reserve_attempt(&state, browser, &username, ip).await?;
    let ok =
        state.passwords.verify(slot, req.password, record.as_ref().map(|r| r.password_hash.clone())).await?;
    let Some(record) = record.filter(|_| ok) else {
        tracing::info!(%ip, username, trusted = matches!(attempt, Attempt::Trusted(_)), "login failed");
        return Err(ApiError::BadCredentials);
    };
    let secure = session::is_tls(&headers, state.config.secure_cookies);
    if let Attempt::Throttled(key) = &attempt {
        throttle(&state)?.record_success(key, &key.1);
        crate::auth::account_succeeded(&state, &username);
    }
    // A new trust token on every success, through the old one or not.
    let (trust_hash, trust_cookie) = trust::issue(record.id, secure);

    let token = session::new_token();
    let hash = session::token_hash(&token);
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(200).collect::<String>());
    let requested_device = req.device_id.clone();
    let user_id = record.id;
    let role = record.role;
    let (device_id, (property_name, service_hotline)) = state
        .db
        .write(move |tx| {
            match &attempt {
                Attempt::Trusted(old) => trusted_browsers::renew(tx, old, &trust_hash, user_id)?,
                Attempt::Throttled(_) => trusted_browsers::trust(tx, &trust_hash, user_id)?,
            }
            let device = users::bind_device(tx, user_id, requested_device.as_deref(), user_agent.as_deref())?;
            let lasts = chrono::Duration::hours(role.session_hours());
            users::create_session(tx, &hash, user_id, &device, lasts)?;
            Ok::<_, ApiError>((device, users::property_info(tx)?))
        })
        .await?;
    let me = Me {
        user_id,
        username,
        display_name: record.display_name,
        role: record.role,
        device_id,
        property_name,
        service_hotline,
        idle_lock_secs: state.config.idle_lock_secs(role),
        pin_set: record.has_pin,
        must_change_password: record.must_change_password,
    };
    let jar = jar.add(session::session_cookie(token, secure, role)).add(trust_cookie);
    Ok((jar, ApiJson(me)))
}

/// How a login attempt was counted before its password was checked.
enum Attempt {
    /// Against the trusted browser (its token's hash): strangers' failures at the same
    /// address do not hold this one back.
    Trusted(Vec<u8>),
    /// Against (username, address) and the address.
    Throttled((String, IpAddr)),
}

fn throttle(state: &AppState) -> ApiResult<std::sync::MutexGuard<'_, crate::state::LoginThrottle>> {
    state.throttle.lock().map_err(|_| ApiError::Internal("throttle poisoned".into()))
}

/// This browser's trust token (its hash) for `user_id`, if it holds one still trusted.
async fn trusted_browser(
    state: &AppState,
    jar: &CookieJar,
    user_id: Option<i64>,
) -> ApiResult<Option<(i64, Vec<u8>)>> {
    let Some((user_id, hash)) = user_id.and_then(|id| Some((id, trust::presented(jar, id)?))) else {
        return Ok(None);
    };
    let probe = hash.clone();
    let known = state.db.read(move |c| trusted_browsers::is_trusted(c, &probe, user_id)).await?;
    Ok(known.then_some((user_id, hash)))
}

/// Counts the attempt before the password is checked (a failure until it succeeds), so
/// parallel guesses cannot slip through between the check and the count: against the
/// trusted browser while it has tries left, else against the address throttle.
async fn reserve_attempt(
    state: &AppState,
    browser: Option<(i64, Vec<u8>)>,
    username: &str,
    ip: IpAddr,
) -> ApiResult<Attempt> {
    if let Some((user_id, hash)) = browser {
        let probe = hash.clone();
        let reserved = state.db.write(move |tx| trusted_browsers::reserve(tx, &probe, user_id)).await?;
        if reserved {
            return Ok(Attempt::Trusted(hash));
        }
    }
    // An IPv6 client counts by its /64; the account's budget across addresses first.
    let ip = crate::auth::address_key(ip);
    let key = (username.to_string(), ip);
    crate::auth::reserve_account(state, username, now_secs())?;
    if let Err(retry_after_secs) = throttle(state)?.reserve(key.clone(), ip, now_secs()) {
        crate::auth::give_back_account(state, username);
        return Err(ApiError::Throttled { retry_after_secs });
    }
    Ok(Attempt::Throttled(key))
}

#[utoipa::path(post, path = "/api/auth/logout", responses((status = 204, description = "Session ended on the server")))]
pub async fn logout(
    State(state): State<AppState>,
    staff: Staff,
    jar: CookieJar,
) -> ApiResult<(CookieJar, StatusCode)> {
    let hash = staff.token_hash().to_vec();
    state.db.write(move |tx| users::delete_session(tx, &hash)).await?;
    Ok((jar.remove(session::removal_cookie()), StatusCode::NO_CONTENT))
}

#[utoipa::path(post, path = "/api/auth/logout-everywhere", responses(
    (status = 204, description = "Every session of this user ended (a lost phone, a shared password)"),
    (status = 401, body = ApiErrorBody)))]
pub async fn logout_everywhere(
    State(state): State<AppState>,
    staff: Staff,
    jar: CookieJar,
) -> ApiResult<(CookieJar, StatusCode)> {
    let user_id = staff.user_id;
    state
        .db
        .write(move |tx| {
            crate::db::pins::clear(tx, user_id)?;
            users::delete_sessions_of(tx, user_id)
        })
        .await?;
    Ok((jar.remove(session::removal_cookie()), StatusCode::NO_CONTENT))
}

#[utoipa::path(get, path = "/api/auth/me", responses(
    (status = 200, body = Me), (status = 401, body = ApiErrorBody)))]
pub async fn me(State(state): State<AppState>, staff: Staff) -> ApiResult<ApiJson<Me>> {
    let (property_name, service_hotline) = state.db.read(users::property_info).await?;
    let user_id = staff.user_id;
    let pin_set = state.db.read(move |c| crate::db::pins::has_working_pin(c, user_id)).await?;
    let must_change_password = state.db.read(move |c| users::must_change_password(c, user_id)).await?;
    Ok(ApiJson(Me {
        user_id: staff.user_id,
        username: staff.username,
        display_name: staff.display_name,
        role: staff.role,
        device_id: staff.device_id,
        property_name,
        service_hotline,
        idle_lock_secs: state.config.idle_lock_secs(staff.role),
        pin_set,
        must_change_password,
    }))
}

#[utoipa::path(put, path = "/api/auth/pin", request_body = SetPin, responses(
    (status = 204, description = "The PIN is set; the wrong-try count starts again"),
    (status = 401, body = ApiErrorBody, description = "bad_credentials: not their password"),
    (status = 422, body = ApiErrorBody, description = "a PIN that is not 6 digits, or too easy")))]
pub async fn set_pin(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    staff: Staff,
    ApiJson(req): ApiJson<SetPin>,
) -> ApiResult<StatusCode> {
    let pin = Pin::parse(&req.pin).map_err(|e| ApiError::invalid(e.field(), e))?;
    let ip = state.config.client_ip(peer.ip(), &headers);
    // Their own password, checked (and counted) as at a login: a tablet left signed in is
    // not enough to set a PIN in someone's name.
    let me =
        crate::auth::credentials::check(&state, &staff.username, Secret::Password(req.password), ip).await?;
    let hash = state.passwords.hash(pin.as_str().to_string()).await?;
    state.db.write(move |tx| crate::db::pins::set(tx, me.id, &hash)).await?;
    tracing::info!(username = staff.username, "PIN set");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/auth/password", request_body = steward_domain::api::ChangePassword, responses(
    (status = 204, description = "Changed; every other session of the account ended, its trusted browsers and PIN forgotten"),
    (status = 401, body = ApiErrorBody, description = "bad_credentials: not their current password"),
    (status = 422, body = ApiErrorBody, description = "a new password of the wrong length"),
    (status = 429, body = ApiErrorBody, description = "too many wrong passwords: wait")))]
pub async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    staff: Staff,
    ApiJson(req): ApiJson<steward_domain::api::ChangePassword>,
) -> ApiResult<StatusCode> {
    steward_domain::account::validate_new_password(&req.new).map_err(|e| ApiError::invalid("password", e))?;
    let ip = state.config.client_ip(peer.ip(), &headers);
    // Counted as a login: a tablet left signed in is not enough to take the account over.
    let me =
        crate::auth::credentials::check(&state, &staff.username, Secret::Password(req.current), ip).await?;
    let hash = state.passwords.hash(req.new).await?;
    let keep = staff.token_hash().to_vec();
    state
        .db
        .write(move |tx| {
            users::set_password(tx, me.id, &hash, false)?;
            users::end_everything(tx, me.id, Some(&keep))
        })
        .await?;
    tracing::info!(username = staff.username, "password changed");
    Ok(StatusCode::NO_CONTENT)
}
