//! The supervisor's override at the desk: a slip for a unit that owes, approved on the
//! desk's tablet with the supervisor's (or the manager's) own password or PIN, checked as a
//! login and issued through the one write path in their name.

use crate::auth::{Staff, credentials};
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::state::AppState;
use crate::sync::write;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use rusqlite::OptionalExtension;
use std::net::SocketAddr;
use steward_domain::Role;
use steward_domain::error::ApiErrorBody;
use steward_domain::release::commands::IssueWithApproval;
use steward_domain::sync::{Ctx, Mutation};

#[utoipa::path(post, path = "/api/release/approved", request_body = IssueWithApproval, responses(
    (status = 204, description = "Issued in the approving supervisor's name, their reason kept"),
    (status = 401, body = ApiErrorBody, description = "bad_credentials"),
    (status = 403, body = ApiErrorBody, description = "not the desk's device"),
    (status = 409, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody, description = "the approver is not a supervisor or the manager (field `approver`), or the slip breaks a rule"),
    (status = 429, body = ApiErrorBody)))]
pub async fn issue_approved(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    desk: Staff,
    ApiJson(req): ApiJson<IssueWithApproval>,
) -> ApiResult<StatusCode> {
    desk.require(Role::runs_the_desk)?;
    let secret = req.secret().map_err(|e| ApiError::invalid(e.field(), e))?;
    let ip = state.config.client_ip(peer.ip(), &headers);
    let approver = credentials::check(&state, &req.username, secret, ip).await?;
    if !matches!(approver.role, Role::Supervisor | Role::Manager) {
        return Err(ApiError::invalid("approver", "a supervisor or the manager approves"));
    }
    let ctx = Ctx {
        user_id: approver.id,
        user_name: approver.display_name,
        role: approver.role,
        now: state.config.now(),
        by_owner: false,
    };
    let mutation = Mutation::IssueReleaseSlip(req.issue);
    state
        .db
        .write(move |tx| {
            // Sent again after an answer was lost: the same slip (the same signed pass) stands.
            let Mutation::IssueReleaseSlip(issue) = &mutation else { unreachable!("built above") };
            let same: Option<String> = tx
                .query_row(
                    "SELECT body FROM records WHERE kind = 'release_slip' AND id = ?1 AND body IS NOT NULL",
                    [&issue.id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(crate::db::DbError::from)?;
            if same
                .and_then(|b| serde_json::from_str::<steward_domain::release::record::ReleaseSlip>(&b).ok())
                .is_some_and(|s| s.pass == issue.slip.pass)
            {
                return Ok(());
            }
            write::apply(tx, &mutation, &ctx, write::Origin::Server("release-approval"))
                .map(|_| ())
                .map_err(ApiError::from)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
