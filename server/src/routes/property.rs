//! The property register: buildings, units, owners, and the CSV import.

use crate::auth::Staff;
use crate::db::property;
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use steward_domain::Role;
use steward_domain::api::{BuildingView, ImportReport, SetUnitStatus, UnitView};
use steward_domain::directory::DirectoryUnit;
use steward_domain::error::ApiErrorBody;
use steward_domain::import::parse_units_csv;

#[utoipa::path(get, path = "/api/buildings", responses((status = 200, body = Vec<BuildingView>)))]
pub async fn buildings(State(state): State<AppState>, staff: Staff) -> ApiResult<ApiJson<Vec<BuildingView>>> {
    staff.require(Role::can_view_property)?;
    Ok(ApiJson(state.db.read(property::buildings).await?))
}

#[utoipa::path(get, path = "/api/buildings/{id}/units", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<UnitView>, description = "Owner phones are masked"),
    (status = 404, body = ApiErrorBody)))]
pub async fn units(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<ApiJson<Vec<UnitView>>> {
    staff.require(Role::can_view_property)?;
    let units = state.db.read(move |c| property::units(c, id)).await?;
    units.map(ApiJson).ok_or(ApiError::NotFound)
}

/// The unit directory for the intake form's picker, kept on the desk's devices.
#[utoipa::path(get, path = "/api/units/directory", responses(
    (status = 200, body = Vec<DirectoryUnit>, description = "Phones whole only for roles that call owners"),
    (status = 403, body = ApiErrorBody)))]
pub async fn directory(
    State(state): State<AppState>,
    staff: Staff,
) -> ApiResult<ApiJson<Vec<DirectoryUnit>>> {
    staff.require(Role::takes_tickets)?;
    let whole = staff.role.may_call_owners();
    Ok(ApiJson(state.db.read(move |c| property::directory(c, whole)).await?))
}

/// Marks a unit vacant or lived in: the register the vacant-unit patrol walks.
#[utoipa::path(put, path = "/api/units/{id}/status", params(("id" = i64, Path)), request_body = SetUnitStatus,
    responses((status = 200, body = SetUnitStatus), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn set_status(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<SetUnitStatus>,
) -> ApiResult<ApiJson<SetUnitStatus>> {
    staff.require(Role::can_administer)?;
    let status = req.status;
    let found = state.db.write(move |tx| property::set_status(tx, id, status)).await?;
    if !found {
        return Err(ApiError::NotFound);
    }
    tracing::info!(by = staff.username, unit = id, status = status.as_str(), "unit status set");
    Ok(ApiJson(req))
}

/// Imports a CSV export of units and owners; all rows or none.
#[utoipa::path(post, path = "/api/units/import", request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport),
        (status = 422, body = ApiErrorBody, description = "One entry per bad row in `error.rows`")))]
pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ApiJson<ImportReport>> {
    staff.require(Role::can_administer)?;
    let text = String::from_utf8(body?.to_vec())
        .map_err(|_| ApiError::invalid("file", "the file is not UTF-8 text (save it as CSV UTF-8)"))?;
    let rows = parse_units_csv(&text).map_err(ApiError::ImportRows)?;
    let report = state.db.write(move |tx| Ok::<_, ApiError>(property::import(tx, &rows)?)).await?;
    tracing::info!(by = staff.username, ?report, "units imported");
    Ok(ApiJson(report))
}
