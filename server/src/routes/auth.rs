//! Login, logout, and who am I.

use crate::auth::{Staff, session};
use crate::db::users;
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum_extra::extract::CookieJar;
use std::net::SocketAddr;
use steward_domain::account::Username;
use steward_domain::api::{LoginRequest, Me};
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
    let key = (username.clone(), ip);
    // A place in the password queue first: a login refused as busy is not counted.
    let slot = state.passwords.slot()?;
    let throttle = || state.throttle.lock().map_err(|_| ApiError::Internal("throttle poisoned".into()));
    // Reserved before the password is checked (counted as a failure until it succeeds), so
    // parallel guesses cannot slip through between the check and the count.
    throttle()?
        .reserve(key.clone(), ip, now_secs())
        .map_err(|retry_after_secs| ApiError::Throttled { retry_after_secs })?;

    let lookup = username.clone();
    let record = state.db.read(move |c| users::find_for_login(c, &lookup)).await?;
    let ok =
        state.passwords.verify(slot, req.password, record.as_ref().map(|r| r.password_hash.clone())).await?;
    let Some(record) = record.filter(|_| ok) else {
        tracing::info!(%ip, username, "login failed");
        return Err(ApiError::BadCredentials);
    };
    throttle()?.record_success(&key, &ip);

    let token = session::new_token();
    let hash = session::token_hash(&token);
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(200).collect::<String>());
    let requested_device = req.device_id.clone();
    let user_id = record.id;
    let (device_id, (property_name, service_hotline)) = state
        .db
        .write(move |tx| {
            let device = users::bind_device(tx, user_id, requested_device.as_deref(), user_agent.as_deref())?;
            users::create_session(tx, &hash, user_id, &device, session::SESSION_DAYS)?;
            Ok::<_, ApiError>((device, users::property_info(tx)?))
        })
        .await?;
    let secure = session::is_tls(&headers, state.config.secure_cookies);
    let me = Me {
        user_id,
        username,
        display_name: record.display_name,
        role: record.role,
        device_id,
        property_name,
        service_hotline,
    };
    Ok((jar.add(session::session_cookie(token, secure)), ApiJson(me)))
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
    state.db.write(move |tx| users::delete_sessions_of(tx, user_id)).await?;
    Ok((jar.remove(session::removal_cookie()), StatusCode::NO_CONTENT))
}

#[utoipa::path(get, path = "/api/auth/me", responses(
    (status = 200, body = Me), (status = 401, body = ApiErrorBody)))]
pub async fn me(State(state): State<AppState>, staff: Staff) -> ApiResult<ApiJson<Me>> {
    let (property_name, service_hotline) = state.db.read(users::property_info).await?;
    Ok(ApiJson(Me {
        user_id: staff.user_id,
        username: staff.username,
        display_name: staff.display_name,
        role: staff.role,
        device_id: staff.device_id,
        property_name,
        service_hotline,
    }))
}
