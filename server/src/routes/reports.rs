//! The month in numbers for the supervisor and the manager: the ticket figures of a month
//! (or any days) beside the previous period and the year before, as JSON for the screen,
//! as CSV for Excel, and as SVG charts. The figures are the domain's, over the server's
//! records.

use crate::auth::Staff;
use crate::db::reports;
use crate::error::{ApiError, ApiJson, ApiQuery, ApiResult};
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use steward_domain::Role;
use steward_domain::error::ApiErrorBody;
use steward_domain::report::close::ClosedMonth;
use steward_domain::report::{Period, TicketReport, chart, export, words};

/// Which days: a month (`2026-11`), or `from` and `to` (`to` not included); the words in
/// English with `lang=en`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Which {
    month: Option<String>,
    from: Option<String>,
    to: Option<String>,
    lang: Option<String>,
}

impl Which {
    fn period(&self) -> Result<Period, ApiError> {
        if let Some(m) = &self.month {
            return Period::month(m).map_err(|e| ApiError::invalid("month", e));
        }
        let day = |d: &Option<String>, field: &str| {
            d.as_deref()
                .and_then(|d| d.parse().ok())
                .ok_or_else(|| ApiError::invalid(field, "a day, 2026-11-01"))
        };
        Period::days(day(&self.from, "from")?, day(&self.to, "to")?).map_err(|e| ApiError::invalid("to", e))
    }

    fn english(&self) -> bool {
        self.lang.as_deref() == Some("en")
    }
}

async fn report(state: &AppState, staff: &Staff, which: &Which) -> Result<TicketReport, ApiError> {
    staff.require(Role::reviews_the_log)?;
    let period = which.period()?;
    let now = state.config.now();
    let today = now.local_day();
    // Four reads side by side, each on its own reader: the period's figures (and close),
    // its ledgers, the period before and the year before. (A change landing between them
    // may show in one part first; the signed month file reads all in one snapshot.)
    let utc = now.utc();
    let (current, operations, previous, year_before) = tokio::try_join!(
        state.db.read(move |c| reports::current_report(c, period, utc)),
        state.db.read(move |c| reports::operations_of(c, period, utc)),
        state.db.read(move |c| reports::beside(c, period.previous(), utc)),
        state.db.read(move |c| reports::beside(c, period.year_before(), utc)),
    )?;
    let mut r = TicketReport { operations: Some(operations), previous, year_before, ..current };
    let a_month = which.month.is_some();
    r.closable = staff.role == Role::Manager && a_month && r.closed.is_none() && period.to <= today;
    Ok(r)
}

#[utoipa::path(get, path = "/api/reports/tickets", params(Which), responses(
    (status = 200, description = "The ticket figures (JSON): current, previous, year_before", content_type = "application/json"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn tickets(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(which): ApiQuery<Which>,
) -> ApiResult<ApiJson<TicketReport>> {
    Ok(ApiJson(report(&state, &staff, &which).await?))
}

#[utoipa::path(get, path = "/api/reports/tickets.html", params(Which), responses(
    (status = 200, description = "The report as the manager's screen shows it (an HTML fragment the staff app inserts)", content_type = "text/html"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn tickets_html(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(which): ApiQuery<Which>,
) -> ApiResult<Response> {
    let r = report(&state, &staff, &which).await?;
    let body = crate::report_page::body(&r, which.english()).into_string();
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], body)
        .into_response())
}

#[utoipa::path(get, path = "/api/reports/tickets.csv", params(Which), responses(
    (status = 200, description = "The same figures as CSV (UTF-8 with BOM, formulas neutralised)", content_type = "text/csv"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn tickets_csv(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(which): ApiQuery<Which>,
) -> ApiResult<Response> {
    let r = report(&state, &staff, &which).await?;
    let body = export::tickets_csv(&r, &words::csv_words(which.english()));
    let name = format!("tickets-{}-{}.csv", r.current.period.from, r.current.period.to);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/reports/tickets.xlsx", params(Which), responses(
    (status = 200, description = "The same figures as an Excel workbook with native charts", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn tickets_xlsx(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(which): ApiQuery<Which>,
) -> ApiResult<Response> {
    let r = report(&state, &staff, &which).await?;
    let english = which.english();
    let body =
        tokio::task::spawn_blocking(move || crate::xlsx::tickets(&r, english).map(|b| (b, r.current.period)))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    let (bytes, period) = body;
    let name = format!("tickets-{}-{}.xlsx", period.from, period.to);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// The month the manager closes.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct CloseMonth {
    month: String,
}

/// 月结: the manager closes a month that is over; its figures are kept with the digest of
/// the records behind them, chained to the month closed before.
#[utoipa::path(post, path = "/api/reports/close", request_body = CloseMonth, responses(
    (status = 200, description = "Closed: the month, who, when, the digest and the link", content_type = "application/json"),
    (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody, description = "closed already"),
    (status = 422, body = ApiErrorBody, description = "not a month, or not over")))]
pub async fn close(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(req): ApiJson<CloseMonth>,
) -> ApiResult<ApiJson<ClosedMonth>> {
    staff.require(|r| r == Role::Manager)?;
    let period = Period::month(&req.month).map_err(|e| ApiError::invalid("month", e))?;
    let now = state.config.now();
    let by = staff.display_name.clone();
    let closed = state
        .db
        .write(move |tx| {
            reports::close_month(tx, period, &by, &now).map_err(|e| match e {
                reports::CloseError::NotOver => ApiError::invalid("month", e),
                reports::CloseError::Closed => ApiError::Conflict(e.to_string()),
                reports::CloseError::Db(e) => ApiError::Db(e),
            })
        })
        .await?;
    Ok(ApiJson(closed))
}

fn svg(body: String) -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], body)
        .into_response()
}

#[utoipa::path(get, path = "/api/reports/tickets/per-day.svg", params(Which), responses(
    (status = 200, description = "Tickets received per day, as an SVG chart", content_type = "image/svg+xml"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn per_day_svg(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(which): ApiQuery<Which>,
) -> ApiResult<Response> {
    let r = report(&state, &staff, &which).await?;
    Ok(svg(chart::per_day(&r.current, which.english())))
}

#[utoipa::path(get, path = "/api/reports/tickets/rates.svg", params(Which), responses(
    (status = 200, description = "Each time limit's rate, as an SVG chart", content_type = "image/svg+xml"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn rates_svg(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(which): ApiQuery<Which>,
) -> ApiResult<Response> {
    let r = report(&state, &staff, &which).await?;
    Ok(svg(chart::rates(&r.current, which.english())))
}
