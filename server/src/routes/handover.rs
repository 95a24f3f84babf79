//! The incoming person confirms (or refuses) a handover on the outgoing person's tablet with
//! their own username and password or PIN: checked as a login, then applied in their name
//! through the one write path.

use crate::auth::{Staff, credentials};
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::state::AppState;
use crate::sync::write::{self, WriteError};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use std::net::SocketAddr;
use steward_domain::handover::commands::ConfirmWithCredentials;
use steward_domain::sync::{Ctx, Mutation, RejectionCode};
use steward_domain::error::ApiErrorBody;

fn refusal(e: WriteError) -> ApiError {
    match e {
        WriteError::Refused(r) => match (r.code, r.field) {
            (RejectionCode::NotFound, _) => ApiError::NotFound,
            // What blocks the handover is said like a field at fault, so the tablet names it.
            (RejectionCode::Conflict, Some(f @ steward_domain::field::Field::Blockers)) => ApiError::invalid(f.name(), r.message),
            (RejectionCode::Conflict, _) => ApiError::Conflict(r.message),
            (RejectionCode::Forbidden, None) => ApiError::Forbidden,
            (_, field) => ApiError::invalid(field.map_or("confirmation", |f| f.name()), r.message),
        },
        WriteError::Store(e) => ApiError::Internal(e.to_string()),
        WriteError::Db(e) => ApiError::Db(e),
    }
}

#[utoipa::path(post, path = "/api/handovers/confirm", request_body = ConfirmWithCredentials, responses(
    (status = 204, description = "Confirmed (or refused) in the incoming person's name"),
    (status = 401, body = ApiErrorBody, description = "bad_credentials"),
    (status = 422, body = ApiErrorBody, description = "no secret, a malformed PIN, or a PIN disabled after wrong tries"),
    (status = 409, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    _device: Staff,
    ApiJson(req): ApiJson<ConfirmWithCredentials>,
) -> ApiResult<StatusCode> {
    let ip = state.config.client_ip(peer.ip(), &headers);
    let secret = req.secret().map_err(|e| ApiError::invalid(e.field(), e))?;
    let incoming = credentials::check(&state, &req.username, secret, ip).await?;
    let ctx = Ctx {
        user_id: incoming.id,
        user_name: incoming.display_name,
        role: incoming.role,
        now: state.config.now(),
        by_owner: false,
    };
    let mutation = Mutation::ConfirmHandover(req.confirmation);
    state
        .db
        .write(move |tx| write::apply(tx, &mutation, &ctx, write::Origin::Server("handover-confirm")).map_err(refusal))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
