//! The owner's status page API: no account, no app. By the receipt's link token, or by
//! ticket number plus phone; an unknown number and a wrong phone get the same answer, and
//! guesses are throttled per address and per ticket.

use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use rusqlite::{Connection, OptionalExtension};
use std::net::SocketAddr;
use steward_domain::error::ApiErrorBody;
use steward_domain::ticket::owner::{
    OwnerLookup, OwnerRating, OwnerView, owner_view, phone_matches, token_hash, valid_token,
};
use steward_domain::ticket::record::{Ticket, TicketEvent};

/// A ticket with its timeline, found by a condition on the ticket body.
fn find(
    c: &Connection,
    column: &str,
    value: &str,
) -> Result<Option<(String, Ticket, Vec<TicketEvent>)>, ApiError> {
    let sql = format!(
        "SELECT id, body FROM records WHERE kind = 'ticket' AND json_extract(body, '$.{column}') = ?1"
    );
    let row: Option<(String, String)> = c
        .prepare_cached(&sql)
        .and_then(|mut s| s.query_row([value], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .map_err(crate::db::DbError::from)?;
    let Some((id, body)) = row else { return Ok(None) };
    let ticket: Ticket = serde_json::from_str(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut stmt = c
        .prepare_cached(
            "SELECT body FROM records WHERE kind = 'ticket_event' AND json_extract(body, '$.ticket_id') = ?1",
        )
        .map_err(crate::db::DbError::from)?;
    let events = stmt
        .query_map([&id], |r| r.get::<_, String>(0))
        .map_err(crate::db::DbError::from)?
        .filter_map(|r| r.ok())
        .filter_map(|b| serde_json::from_str(&b).ok())
        .collect();
    Ok(Some((id, ticket, events)))
}

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[utoipa::path(get, path = "/api/public/tickets/{token}", params(("token" = String, Path)), responses(
    (status = 200, body = OwnerView), (status = 404, body = ApiErrorBody)))]
pub async fn by_token(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<ApiJson<OwnerView>> {
    if !valid_token(&token) {
        return Err(ApiError::NotFound);
    }
    let hash = token_hash(&token);
    let found = state.db.read(move |c| Ok(find(c, "owner_token_hash", &hash))).await??;
    let (_, ticket, events) = found.ok_or(ApiError::NotFound)?;
    Ok(ApiJson(owner_view(&ticket, &events)))
}

#[utoipa::path(post, path = "/api/public/lookup", request_body = OwnerLookup, responses(
    (status = 200, body = OwnerView),
    (status = 404, body = ApiErrorBody, description = "unknown number or wrong phone: the same answer"),
    (status = 429, body = ApiErrorBody)))]
pub async fn lookup(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<OwnerLookup>,
) -> ApiResult<ApiJson<OwnerView>> {
    let number = req.number.trim().to_ascii_uppercase();
    // Per ticket from any address (a known number cannot be brute-forced from many
    // addresses; the owner still has the receipt's link), and per address.
    let key = (format!("ticket:{number}"), std::net::IpAddr::from([0, 0, 0, 0]));
    let throttle = || state.owner_throttle.lock().map_err(|_| ApiError::Internal("throttle poisoned".into()));
    throttle()?
        .check(&key, &peer.ip(), now_secs())
        .map_err(|retry_after_secs| ApiError::Throttled { retry_after_secs })?;
    let lookup_number = number.clone();
    let found = state.db.read(move |c| Ok(find(c, "number", &lookup_number))).await??;
    // The same comparison runs for an unknown number, so both failures take the same time.
    let stored =
        found.as_ref().map(|(_, t, _)| t.contact_phone.clone()).unwrap_or_else(|| "00000000000".into());
    let matches = phone_matches(&stored, &req.phone) && found.is_some();
    match found.filter(|_| matches) {
        Some((_, ticket, events)) => {
            throttle()?.record_success(&key);
            Ok(ApiJson(owner_view(&ticket, &events)))
        }
        None => {
            throttle()?.record_failure(key, peer.ip(), now_secs());
            Err(ApiError::NotFound)
        }
    }
}

#[utoipa::path(post, path = "/api/public/tickets/{token}/rating", params(("token" = String, Path)), request_body = OwnerRating,
    responses((status = 200, body = OwnerView), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn rate(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
    ApiJson(rating): ApiJson<OwnerRating>,
) -> ApiResult<ApiJson<OwnerView>> {
    if !valid_token(&token) {
        return Err(ApiError::NotFound);
    }
    let hash = token_hash(&token);
    let now = state.config.now();
    let view = state
        .db
        .write(move |tx| {
            let (id, _, _) = find(tx, "owner_token_hash", &hash)?.ok_or(ApiError::NotFound)?;
            let version: i64 = tx
                .query_row("SELECT version + 1 FROM sync_state", [], |r| r.get(0))
                .map_err(crate::db::DbError::from)?;
            let mut store = crate::sync::store::SqlStore { conn: tx, version: version as u64 };
            let event_id = uuid::Uuid::now_v7().to_string();
            steward_domain::ticket::apply::owner_rating(
                &mut store,
                &now,
                &id,
                &event_id,
                rating.satisfied,
                &rating.comment,
            )
            .map_err(|e| match e {
                steward_domain::sync::mutation::ApplyError::Rejected(r) if r.field.is_some() => {
                    ApiError::invalid(r.field.as_deref().unwrap_or("comment"), r.message)
                }
                steward_domain::sync::mutation::ApplyError::Rejected(r) => ApiError::Conflict(r.message),
                steward_domain::sync::mutation::ApplyError::Store(e) => ApiError::Internal(e.to_string()),
            })?;
            tx.execute("UPDATE sync_state SET version = ?1", [version]).map_err(crate::db::DbError::from)?;
            let (_, ticket, events) = find(tx, "owner_token_hash", &hash)?.ok_or(ApiError::NotFound)?;
            Ok::<_, ApiError>(owner_view(&ticket, &events))
        })
        .await?;
    Ok(ApiJson(view))
}
