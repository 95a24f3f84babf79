//! Sync over HTTP: push a device's mutations, pull the changes it has not seen.

use crate::auth::Staff;
use crate::db::DbError;
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::state::AppState;
use crate::sync::{self, PullError, PushError, Pusher};
use axum::extract::State;
use steward_domain::error::ApiErrorBody;
use steward_domain::sync::protocol::{PullRequest, PullResponse, PushRequest, PushResponse};

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
    let last_mutation_id =
        state.db.write(move |tx| sync::push(tx, &pusher, &req, &now).map_err(ApiError::from)).await?;
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
    let response = state
        .db
        .read(move |c| {
            // One snapshot for the whole page.
            let tx = c.unchecked_transaction()?;
            let r = sync::pull(&tx, staff.user_id, staff.role, &req);
            tx.finish()?;
            Ok::<_, DbError>(r)
        })
        .await??;
    Ok(ApiJson(response))
}
