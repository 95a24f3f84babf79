//! The incoming person confirms (or refuses) a handover on the outgoing person's tablet with
//! their own username and password or PIN: checked as a login, then applied in their name
//! through the one write path.

use crate::auth::{Staff, credentials, session};
use crate::db::users;
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::state::AppState;
use crate::sync::write;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use rusqlite::OptionalExtension;
use std::net::SocketAddr;
use steward_domain::api::Me;
use steward_domain::error::ApiErrorBody;
use steward_domain::handover::commands::ConfirmWithCredentials;
use steward_domain::sync::{Ctx, Mutation};

#[utoipa::path(post, path = "/api/handovers/confirm", request_body = ConfirmWithCredentials, responses(
    (status = 200, body = Me, description = "Confirmed in the incoming person's name: the tablet is theirs now (their session cookie; the outgoing person's session on it ends)"),
    (status = 204, description = "Refused in the incoming person's name"),
    (status = 401, body = ApiErrorBody, description = "bad_credentials"),
    (status = 422, body = ApiErrorBody, description = "no secret, a malformed PIN, or a PIN disabled after wrong tries"),
    (status = 409, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    outgoing: Staff,
    ApiJson(req): ApiJson<ConfirmWithCredentials>,
) -> ApiResult<Response> {
    let ip = state.config.client_ip(peer.ip(), &headers);
    let secret = req.secret().map_err(|e| ApiError::invalid(e.field(), e))?;
    let incoming = credentials::check(&state, &req.username, secret, ip).await?;
    let ctx = Ctx {
        user_id: incoming.id,
        user_name: incoming.display_name.clone(),
        role: incoming.role,
        now: state.config.now(),
        by_owner: false,
    };
    let accept = req.confirmation.accept;
    let mutation = Mutation::ConfirmHandover(req.confirmation);
    // Confirmed: the tablet is the incoming person's from now on, in the same transaction.
    let token = session::new_token();
    let hash = session::token_hash(&token);
    let old = outgoing.token_hash().to_vec();
    let device = outgoing.device_id.clone();
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(200).collect::<String>());
    let (user_id, role) = (incoming.id, incoming.role);
    let signed_in = state
        .db
        .write(move |tx| {
            // On the tablet it was started on (the outgoing person's session there), nowhere else.
            let Mutation::ConfirmHandover(c) = &mutation else { unreachable!("built above") };
            let started_on: Option<String> = tx
                .query_row(
                    "SELECT client_id FROM mutation_log WHERE name = 'start_handover' AND json_extract(mutation, '$.id') = ?1",
                    [&c.id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(crate::db::DbError::from)?;
            if started_on.as_deref() != Some(device.as_str()) {
                return Err(ApiError::invalid("device", "a handover is confirmed on the tablet it was started on"));
            }
            write::apply(tx, &mutation, &ctx, write::Origin::Server("handover-confirm")).map_err(ApiError::from)?;
            if !accept {
                return Ok(None);
            }
            users::delete_session(tx, &old)?;
            let device = users::bind_device(tx, user_id, None, user_agent.as_deref())?;
            users::create_session(tx, &hash, user_id, &device, chrono::Duration::hours(role.session_hours()))?;
            Ok::<_, ApiError>(Some((device, users::property_info(tx)?)))
        })
        .await?;
    let Some((device_id, (property_name, service_hotline))) = signed_in else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let me = Me {
        user_id,
        username: steward_domain::account::Username::parse(&req.username)
            .map(|u| u.as_str().to_string())
            .unwrap_or_default(),
        display_name: incoming.display_name,
        role,
        device_id,
        property_name,
        service_hotline,
        idle_lock_secs: state.config.idle_lock_secs(role),
        pin_set: incoming.has_pin,
        must_change_password: incoming.must_change_password,
    };
    let secure = session::is_tls(&headers, state.config.secure_cookies);
    Ok((jar.add(session::session_cookie(token, secure, role)), ApiJson(me)).into_response())
}
