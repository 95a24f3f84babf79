//! The HTTP API, one module per resource.

pub mod arrears;
pub mod auth;
pub mod duty_log;
pub mod handover;
pub mod health;
pub mod metrics;
pub mod openapi;
pub mod owner;
pub mod photos;
pub mod property;
pub mod release;
pub mod reports;
pub mod sync;
pub mod users;

use crate::error::{api_method_not_allowed, api_not_found};
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};

/// JSON bodies are small forms; anything bigger is a mistake or an attack.
pub const JSON_BODY_LIMIT: usize = 64 * 1024;
/// A property's unit spreadsheet: tens of thousands of rows fit in this.
pub const IMPORT_BODY_LIMIT: usize = 8 * 1024 * 1024;

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/logout-everywhere", post(auth::logout_everywhere))
        .route("/users/{id}/logout-everywhere", post(users::logout_everywhere))
        .route("/auth/me", get(auth::me))
        .route("/auth/pin", put(auth::set_pin))
        .route("/auth/password", put(auth::change_password))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}", put(users::update))
        .route("/staff", get(users::roster))
        .route("/buildings", get(property::buildings))
        .route("/buildings/{id}/units", get(property::units))
        .route("/units/directory", get(property::directory))
        .route("/units/{id}/status", put(property::set_status))
        .route("/units/import", post(property::import).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)))
        .route("/arrears/import", post(arrears::import).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)))
        .route(
            "/photos/{id}",
            get(photos::download).put(photos::upload).layer(DefaultBodyLimit::max(photos::PHOTO_BODY_LIMIT)),
        )
        .route(
            "/photos/{id}/chunks",
            post(photos::chunk)
                .layer(DefaultBodyLimit::max(steward_domain::photo::CHUNK_BYTES as usize + 4096)),
        )
        .route("/sync/push", post(sync::push).layer(DefaultBodyLimit::max(sync::PUSH_BODY_LIMIT)))
        .route("/sync/pull", post(sync::pull))
        .route("/sync/older", post(sync::older))
        .route(
            "/sync/held",
            get(sync::held_waiting).post(sync::hand_in).layer(DefaultBodyLimit::max(sync::PUSH_BODY_LIMIT)),
        )
        .route("/sync/held/{client_id}/{mutation_id}", post(sync::resolve_held))
        .route("/duty-log/verification", get(duty_log::last))
        .route("/reports/tickets", get(reports::tickets))
        .route("/reports/close", post(reports::close))
        .route("/reports/tickets.csv", get(reports::tickets_csv))
        .route("/reports/tickets.html", get(reports::tickets_html))
        .route("/reports/tickets.xlsx", get(reports::tickets_xlsx))
        .route("/reports/tickets/per-day.svg", get(reports::per_day_svg))
        .route("/reports/tickets/rates.svg", get(reports::rates_svg))
        .route("/handovers/confirm", post(handover::confirm))
        .route("/release/approved", post(release::issue_approved))
        .route("/duty-log/verify", post(duty_log::verify))
        .route("/public/tickets/{token}", get(owner::by_token))
        .route("/public/tickets/{token}/rating", post(owner::rate))
        .route("/public/lookup", post(owner::lookup))
        .route("/openapi.json", get(openapi::document))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
}
