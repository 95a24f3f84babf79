use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use steward_domain::api::Health;

/// Liveness and database check, for monitors and the SPA's online indicator.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(Health { version: env!("CARGO_PKG_VERSION").to_string(), database_ok: state.db.ping().await })
}
