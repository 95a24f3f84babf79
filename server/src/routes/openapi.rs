//! The API's OpenAPI document, generated from the handlers' annotations.

use super::{auth, health, owner, photos, property, sync, users};
use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Steward API", description = "Property service desk: staff API."),
    paths(
        health::healthz,
        auth::login,
        auth::logout,
        auth::logout_everywhere,
        users::logout_everywhere,
        auth::me,
        users::list,
        users::create,
        property::buildings,
        property::units,
        property::directory,
        property::set_status,
        property::import,
        photos::upload,
        photos::download,
        photos::chunk,
        sync::push,
        sync::pull,
        owner::by_token,
        owner::lookup,
        owner::rate,
        document
    ),
    components(schemas(steward_domain::ErrorCode, steward_domain::Role))
)]
pub struct ApiDoc;

#[utoipa::path(get, path = "/api/openapi.json", responses((status = 200, description = "This document")))]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
