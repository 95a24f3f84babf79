//! The property register: buildings, units, owners, and the CSV import.

use crate::auth::Staff;
use crate::db::property;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
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
/// A page of the directory: `limit` units from the `offset`-th, in the directory's order.
/// Without a limit, every unit (as apps before paging asked).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryPage {
    #[serde(default)]
    #[param(minimum = 0)]
    offset: u32,
    #[param(minimum = 1, maximum = 5000)]
    limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/units/directory", params(DirectoryPage), responses(
    (status = 200, body = Vec<DirectoryUnit>, description = "Phones whole only for roles that call owners; \
        a page shorter than `limit` is the last"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn directory(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(page): ApiQuery<DirectoryPage>,
) -> ApiResult<ApiJson<Vec<DirectoryUnit>>> {
    // The gate registers night visitors against it too (its phones masked).
    staff.require(|r| r.takes_tickets() || steward_domain::sync::Kind::Visit.visible_to(r))?;
    if page.limit.is_some_and(|l| l == 0 || l > property::DIRECTORY_PAGE_MAX) {
        return Err(ApiError::invalid("limit", "limit must be 1–5000"));
    }
    let whole = staff.role.may_call_owners();
    let window = page.limit.map(|l| (page.offset, l));
    Ok(ApiJson(state.db.read(move |c| property::directory(c, whole, window)).await?))
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

/// Rows written per transaction: the sync pushes waiting on the one writer get their turn
/// between parts, not after the whole file.
const IMPORT_PART_ROWS: usize = 500;

/// Imports a CSV export of units and owners. Every row is checked before any is written
/// (one bad row and nothing is imported); then they are written in parts, one import at
/// a time, so the desks' pushes are not held up behind a large file.
#[utoipa::path(post, path = "/api/units/import", request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport),
        (status = 415, body = ApiErrorBody, description = "not sent as text/csv"),
        (status = 422, body = ApiErrorBody, description = "One entry per bad row in `error.rows`")))]
pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    headers: axum::http::HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ApiJson<ImportReport>> {
    staff.require(Role::can_administer)?;
    // Too large is said as such, before what it is.
    let body = body?;
    crate::error::require_csv(&headers)?;
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::invalid("file", "the file is not UTF-8 text (save it as CSV UTF-8)"))?;
    let rows = parse_units_csv(&text).map_err(ApiError::ImportRows)?;
    let _one_at_a_time = state.import_lock.lock().await;
    let mut tally = property::ImportTally::default();
    let mut rows = rows.into_iter();
    loop {
        let part: Vec<_> = rows.by_ref().take(IMPORT_PART_ROWS).collect();
        if part.is_empty() {
            break;
        }
        tally = state
            .db
            .write(move |tx| {
                property::import_part(tx, &part, &mut tally)?;
                Ok::<_, ApiError>(tally)
            })
            .await?;
    }
    let report = tally.report();
    tracing::info!(by = staff.username, ?report, "units imported");
    Ok(ApiJson(report))
}
