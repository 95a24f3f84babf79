//! The owner's status API (JSON): by the receipt's link token, or by ticket number plus
//! phone. The rules live in [`crate::owner_access`]; the server-rendered pages owners
//! actually open are [`crate::owner_page`].

use crate::error::{ApiJson, ApiPath, ApiResult};
use crate::owner_access;
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use std::net::SocketAddr;
use steward_domain::error::ApiErrorBody;
use steward_domain::ticket::owner::{OwnerLookup, OwnerRating, OwnerTicketView};

#[utoipa::path(get, path = "/api/public/tickets/{token}", params(("token" = String, Path)), responses(
    (status = 200, body = OwnerTicketView), (status = 404, body = ApiErrorBody)))]
pub async fn by_token(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<ApiJson<OwnerTicketView>> {
    Ok(ApiJson(owner_access::by_token(&state, &token).await?.view))
}

#[utoipa::path(post, path = "/api/public/lookup", request_body = OwnerLookup, responses(
    (status = 200, body = OwnerTicketView),
    (status = 404, body = ApiErrorBody, description = "unknown number or wrong phone: the same answer"),
    (status = 422, body = ApiErrorBody, description = "not a ticket number"),
    (status = 429, body = ApiErrorBody)))]
pub async fn lookup(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    ApiJson(req): ApiJson<OwnerLookup>,
) -> ApiResult<ApiJson<OwnerTicketView>> {
    let client = state.config.client_ip(peer.ip(), &headers);
    Ok(ApiJson(owner_access::by_number(&state, client, &req.number, &req.phone).await?.view))
}

#[utoipa::path(post, path = "/api/public/tickets/{token}/rating", params(("token" = String, Path)), request_body = OwnerRating,
    responses((status = 200, body = OwnerTicketView), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn rate(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
    ApiJson(rating): ApiJson<OwnerRating>,
) -> ApiResult<ApiJson<OwnerTicketView>> {
    let reached = owner_access::by_token(&state, &token).await?;
    let view = owner_access::rate(&state, reached.id, rating.satisfied, rating.comment).await?;
    Ok(ApiJson(view))
}
