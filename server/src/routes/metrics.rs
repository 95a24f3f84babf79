//! `/metrics`: for the admin on the main address, open on the internal metrics address.

use crate::auth::Staff;
use crate::error::ApiError;
use crate::metrics::text;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;

async fn render(state: &AppState) -> Result<String, ApiError> {
    // The duty log chain's head, for the scraper to keep outside the database.
    let head = state.db.read(crate::db::log_chain::head).await?;
    Ok(state.metrics.render(&state.config.db_path, state.config.backup_dir.as_deref(), head))
}

/// On the main address: the admin only.
pub async fn for_admin(State(state): State<AppState>, staff: Staff) -> Result<Response, ApiError> {
    staff.require(|r| r == steward_domain::Role::Admin)?;
    Ok(text(render(&state).await?))
}

/// On the internal metrics address (`serve --metrics-listen`): only the scraper reaches it.
pub async fn open(State(state): State<AppState>) -> Result<Response, ApiError> {
    Ok(text(render(&state).await?))
}
