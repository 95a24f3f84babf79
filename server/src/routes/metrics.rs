//! `/metrics`: for the admin on the main address, open on the internal metrics address.

use crate::auth::Staff;
use crate::error::ApiError;
use crate::metrics::text;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;

fn render(state: &AppState) -> String {
    state.metrics.render(&state.config.db_path, state.config.backup_dir.as_deref())
}

/// On the main address: the admin only.
pub async fn for_admin(State(state): State<AppState>, staff: Staff) -> Result<Response, ApiError> {
    staff.require(|r| r == steward_domain::Role::Admin)?;
    Ok(text(render(&state)))
}

/// On the internal metrics address (`serve --metrics-listen`): only the scraper reaches it.
pub async fn open(State(state): State<AppState>) -> Response {
    text(render(&state))
}
