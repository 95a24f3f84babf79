//! Finance's arrears list, imported by the supervisor: checked whole (every line, every unit
//! in the register) and applied as one change through the write path, all or nothing.

use crate::auth::Staff;
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::state::AppState;
use crate::sync::write;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeMap;
use steward_domain::Role;
use steward_domain::api::ArrearsImportReport;
use steward_domain::arrears::commands::{ImportArrears, ImportedCase};
use steward_domain::arrears::csv::{ArrearsRow, parse_arrears_csv_all};
use steward_domain::error::ApiErrorBody;
use steward_domain::import::{RowError, RowProblem};
use steward_domain::sync::{Ctx, Mutation};

fn existing_case(c: &Connection, unit: &str) -> Result<Option<String>, rusqlite::Error> {
    c.prepare_cached(
        "SELECT id FROM records INDEXED BY records_by_arrears_case_unit
          WHERE kind = 'arrears_case' AND json_extract(body, '$.unit') = ?1 LIMIT 1",
    )?
    .query_row([unit], |r| r.get(0))
    .optional()
}

fn open_units(c: &Connection) -> Result<Vec<String>, rusqlite::Error> {
    let mut stmt = c.prepare(
        "SELECT json_extract(body, '$.unit') FROM records INDEXED BY records_by_arrears_case_status
          WHERE kind = 'arrears_case' AND json_extract(body, '$.status') = 'open'",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// Lines naming a unit the register does not have.
fn unknown_units(rows: &[ArrearsRow], known: &std::collections::HashSet<String>) -> Vec<RowError> {
    rows.iter()
        .filter(|r| !known.contains(&r.unit))
        .map(|r| {
            steward_domain::import::problem(
                r.line,
                Some("房号".into()),
                RowProblem::NotInRegister { unit: r.unit.clone() },
                format!("{} is not in the unit register", r.unit),
            )
        })
        .collect()
}

#[utoipa::path(post, path = "/api/arrears/import", request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ArrearsImportReport),
        (status = 403, body = ApiErrorBody), (status = 415, body = ApiErrorBody, description = "not sent as text/csv"),
        (status = 422, body = ApiErrorBody, description = "One entry per bad line in `error.rows`")))]
pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    headers: axum::http::HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ApiJson<ArrearsImportReport>> {
    staff.require(|r| matches!(r, Role::Supervisor | Role::Manager))?;
    // Too large is said as such, before what it is.
    let body = body?;
    crate::error::require_csv(&headers)?;
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::invalid("file", "the file is not UTF-8 text (save it as CSV UTF-8)"))?;
    // Every line's problems at once: those of the file, then units the register lacks.
    let (rows, mut problems) = parse_arrears_csv_all(&text);
    let ctx = Ctx {
        user_id: staff.user_id,
        user_name: staff.display_name.clone(),
        role: staff.role,
        now: state.config.now(),
        by_owner: false,
    };
    let _one_at_a_time = state.import_lock.lock().await;
    let report = state
        .db
        .write(move |tx| {
            problems.extend(unknown_units(&rows, &crate::db::property::unit_labels(tx)?));
            if !problems.is_empty() {
                problems.sort_by_key(|p| p.line);
                return Err(ApiError::ImportRows(problems));
            }
            let mut by_unit: BTreeMap<String, Vec<ArrearsRow>> = BTreeMap::new();
            for row in rows {
                by_unit.entry(row.unit.clone()).or_default().push(row);
            }
            let cleared = open_units(tx)
                .map_err(crate::db::DbError::from)?
                .iter()
                .filter(|u| !by_unit.contains_key(*u))
                .count();
            let mut report = ArrearsImportReport {
                units: by_unit.len() as u32,
                lines: 0,
                owed: 0,
                cleared: cleared as u32,
            };
            let mut cases = Vec::with_capacity(by_unit.len());
            for (unit, rows) in by_unit {
                report.lines += rows.len() as u32;
                report.owed += rows.iter().map(|r| r.amount).sum::<u64>();
                let case_id = existing_case(tx, &unit)
                    .map_err(crate::db::DbError::from)?
                    .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
                cases.push(ImportedCase { case_id, unit, rows });
            }
            let m = Mutation::ImportArrears(ImportArrears { id: uuid::Uuid::now_v7().to_string(), cases });
            write::apply(tx, &m, &ctx, write::Origin::Server("arrears-import")).map_err(ApiError::from)?;
            Ok(report)
        })
        .await?;
    tracing::info!(by = staff.username, ?report, "arrears imported");
    Ok(ApiJson(report))
}
