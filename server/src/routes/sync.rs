//! Sync over HTTP: push a device's mutations, pull the changes it has not seen.

use crate::auth::Staff;
use crate::db::DbError;
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::state::AppState;
use crate::sync::held::{self, HeldError};
use crate::sync::older::{self, OlderError};
use crate::sync::{self, PullError, PushError, Pusher};
use axum::extract::State;
use axum::http::StatusCode;
use steward_domain::Role;
use steward_domain::api::{HandedIn, HeldChange, ResolveHeld};
use steward_domain::error::ApiErrorBody;
use steward_domain::sync::Ctx;
use steward_domain::sync::protocol::{
    OlderRequest, OlderResponse, PullRequest, PullResponse, PushRequest, PushResponse,
};

/// 1000 mutations of ~1 KB, with room to spare.
pub const PUSH_BODY_LIMIT: usize = 4 * 1024 * 1024;

impl From<PushError> for ApiError {
    fn from(e: PushError) -> Self {
        match e {
            PushError::NotYourClient(_) => ApiError::Forbidden,
            PushError::Malformed(m) => ApiError::invalid("mutations", m),
            gap @ PushError::Gap { .. } => ApiError::Conflict(gap.to_string()),
            PushError::Store(e) => ApiError::Internal(e.to_string()),
            PushError::Db(e) => ApiError::Db(e),
        }
    }
}

impl From<PullError> for ApiError {
    fn from(e: PullError) -> Self {
        match e {
            PullError::NotYourClient(_) => ApiError::Forbidden,
            PullError::Db(e) => ApiError::Db(e),
        }
    }
}

/// Applies an ordered batch; answers after COMMIT with the last processed mutation id.
#[utoipa::path(post, path = "/api/sync/push", request_body = PushRequest, responses(
    (status = 200, body = PushResponse),
    (status = 403, body = ApiErrorBody, description = "client_id is not the caller's device"),
    (status = 409, body = ApiErrorBody, description = "gap in mutation ids: nothing applied"),
    (status = 422, body = ApiErrorBody, description = "ids not consecutive")))]
pub async fn push(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(req): ApiJson<PushRequest>,
) -> ApiResult<ApiJson<PushResponse>> {
    let pusher = Pusher { user_id: staff.user_id, name: staff.display_name.clone(), role: staff.role };
    let now = state.config.now();
    // Grouped: devices pushing at once share a commit (each push in its own savepoint).
    let last_mutation_id = state
        .db
        .write_grouped(move |conn| sync::push(conn, &pusher, &req, &now).map_err(ApiError::from))
        .await?;
    Ok(ApiJson(PushResponse { last_mutation_id }))
}

/// Changes after the cursor (only the kinds the caller's role receives), the device's last
/// processed mutation id and its rejections.
#[utoipa::path(post, path = "/api/sync/pull", request_body = PullRequest, responses(
    (status = 200, body = PullResponse), (status = 403, body = ApiErrorBody)))]
pub async fn pull(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(req): ApiJson<PullRequest>,
) -> ApiResult<ApiJson<PullResponse>> {
    let today = state.config.now().local_day();
    let response = state
        .db
        .read(move |c| {
            // One snapshot for the whole page.
            let tx = c.unchecked_transaction()?;
            let r = sync::pull(&tx, staff.user_id, staff.role, &req, today);
            tx.finish()?;
            Ok::<_, DbError>(r)
        })
        .await??;
    Ok(ApiJson(response))
}

impl From<OlderError> for ApiError {
    fn from(e: OlderError) -> Self {
        match e {
            OlderError::Forbidden => ApiError::Forbidden,
            OlderError::Query => ApiError::invalid("query", e),
            OlderError::Ids => ApiError::invalid("ids", e),
            OlderError::NotSearchable => ApiError::invalid("kind", e),
            OlderError::Db(e) => ApiError::Db(e),
        }
    }
}

/// Searches the history a device does not hold (records settled before the property's
/// working set): the matching tickets, newest first, with their timelines.
#[utoipa::path(post, path = "/api/sync/older", request_body = OlderRequest, responses(
    (status = 200, body = OlderResponse), (status = 403, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody, description = "no text, or a kind not searched")))]
pub async fn older(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(req): ApiJson<OlderRequest>,
) -> ApiResult<ApiJson<OlderResponse>> {
    let today = state.config.now().local_day();
    let response = state
        .db
        .read(move |c| Ok::<_, DbError>(older::older(c, staff.user_id, staff.role, &req, today)))
        .await??;
    Ok(ApiJson(response))
}

impl From<HeldError> for ApiError {
    fn from(e: HeldError) -> Self {
        match e {
            HeldError::NoDevice | HeldError::NotWaiting => ApiError::NotFound,
            HeldError::AccountActive => ApiError::Conflict(e.to_string()),
            HeldError::TooMany => ApiError::invalid("mutations", e),
            HeldError::NoReason => ApiError::invalid("note", e),
            HeldError::Write(e) => e.into(),
            HeldError::Unreadable(m) => ApiError::Internal(m),
            HeldError::Db(e) => ApiError::Db(e),
        }
    }
}

/// Hands in what a disabled account's device on this browser had not sent (its outbox, in
/// the push's form), to be held for the supervisor. Any staff member signed in on that
/// browser may; the same changes handed in again are held once.
#[utoipa::path(post, path = "/api/sync/held", request_body = PushRequest, responses(
    (status = 200, body = HandedIn),
    (status = 404, body = ApiErrorBody, description = "no such device"),
    (status = 409, body = ApiErrorBody, description = "the device's account is active: its person sends them"),
    (status = 422, body = ApiErrorBody)))]
pub async fn hand_in(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(req): ApiJson<PushRequest>,
) -> ApiResult<ApiJson<HandedIn>> {
    if req.mutations.len() > 1000 {
        return Err(ApiError::invalid("mutations", "at most 1000 changes at a time"));
    }
    let now = state.config.now();
    let held = state
        .db
        .write(move |tx| held::hand_in(tx, staff.user_id, &req, &now).map_err(ApiError::from))
        .await?;
    Ok(ApiJson(HandedIn { held }))
}

/// The changes of disabled accounts waiting for the supervisor.
#[utoipa::path(get, path = "/api/sync/held", responses(
    (status = 200, body = Vec<HeldChange>), (status = 403, body = ApiErrorBody)))]
pub async fn held_waiting(
    State(state): State<AppState>,
    staff: Staff,
) -> ApiResult<ApiJson<Vec<HeldChange>>> {
    staff.require(Role::reviews_the_log)?;
    Ok(ApiJson(state.db.read(held::waiting).await?))
}

/// The supervisor applies a held change in their own name (the rules may refuse it: it then
/// keeps waiting) or sets it aside with the reason.
#[utoipa::path(post, path = "/api/sync/held/{client_id}/{mutation_id}", params(("client_id" = String, Path), ("mutation_id" = u64, Path)), request_body = ResolveHeld, responses(
    (status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn resolve_held(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((client_id, mutation_id)): ApiPath<(String, u64)>,
    ApiJson(req): ApiJson<ResolveHeld>,
) -> ApiResult<StatusCode> {
    staff.require(Role::reviews_the_log)?;
    let ctx = Ctx {
        user_id: staff.user_id,
        user_name: staff.display_name.clone(),
        role: staff.role,
        now: state.config.now(),
        by_owner: false,
    };
    state
        .db
        .write(move |tx| {
            held::resolve(tx, &ctx, &client_id, mutation_id, req.apply, &req.note).map_err(ApiError::from)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
