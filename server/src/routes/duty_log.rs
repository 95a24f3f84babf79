//! The duty log's chain, for the supervisor: the last check, and a check now.

use crate::auth::Staff;
use crate::db::log_chain::{self, Verification};
use crate::error::{ApiJson, ApiResult};
use crate::state::AppState;
use axum::extract::State;
use steward_domain::Role;
use steward_domain::error::ApiErrorBody;

#[utoipa::path(get, path = "/api/duty-log/verification", responses(
    (status = 200, body = Option<Verification>), (status = 403, body = ApiErrorBody)))]
pub async fn last(State(state): State<AppState>, staff: Staff) -> ApiResult<ApiJson<Option<Verification>>> {
    // Everyone who keeps the log sees where it is broken (the entry is marked on their device).
    staff.require(|r| steward_domain::sync::Kind::DutyLogEntry.visible_to(r))?;
    Ok(ApiJson(state.db.read(log_chain::last).await?))
}

#[utoipa::path(post, path = "/api/duty-log/verify", responses(
    (status = 200, body = Verification), (status = 403, body = ApiErrorBody)))]
pub async fn verify(State(state): State<AppState>, staff: Staff) -> ApiResult<ApiJson<Verification>> {
    staff.require(Role::reviews_the_log)?;
    // One walk at a time: a million entries take a while, and two walks say the same.
    let _one = state.verifying.lock().await;
    let verdict = state.db.read(log_chain::check).await?;
    let v = Verification {
        at: state.config.now().to_string(),
        by_name: staff.display_name.clone(),
        verdict,
        entry: None,
    };
    let recorded = v.clone();
    state.db.write(move |tx| log_chain::record(tx, &recorded)).await?;
    let v = state.db.read(move |c| log_chain::with_entry(c, v)).await?;
    if let Some(b) = &v.verdict.broken {
        tracing::error!(seq = b.seq, id = %b.id, what = ?b.what, "the duty log chain is broken");
    }
    Ok(ApiJson(v))
}
