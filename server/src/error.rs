//! The API's one error type, and its one JSON shape on the wire.

use crate::db::DbError;
use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use steward_domain::ErrorCode;
use steward_domain::error::{ApiErrorBody, ApiErrorDetail};
use steward_domain::import::RowError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid {field}: {message}")]
    Invalid { field: String, message: String },
    #[error("the file has {} bad rows", .0.len())]
    ImportRows(Vec<RowError>),
    #[error("malformed body: {message}")]
    MalformedBody { status: StatusCode, message: String },
    #[error("body too large")]
    BodyTooLarge,
    #[error("not logged in")]
    Unauthenticated,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("too many attempts, retry in {retry_after_secs}s")]
    Throttled { retry_after_secs: u64 },
    #[error("your role may not do this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    pub fn invalid(field: &str, message: impl ToString) -> Self {
        ApiError::Invalid { field: field.to_string(), message: message.to_string() }
    }

    fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        match self {
            ApiError::Invalid { .. } | ApiError::ImportRows(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Invalid)
            }
            ApiError::MalformedBody { status, .. } => (*status, ErrorCode::MalformedBody),
            ApiError::BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BodyTooLarge),
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
            ApiError::BadCredentials => (StatusCode::UNAUTHORIZED, ErrorCode::BadCredentials),
            ApiError::Throttled { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::Throttled),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            ApiError::NotFound => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, ErrorCode::Conflict),
            ApiError::Db(_) | ApiError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = if code == ErrorCode::Internal {
            // The cause goes to the log; the caller learns only that it was our fault.
            tracing::error!(error = %self, "internal error");
            "internal error".to_string()
        } else {
            self.to_string()
        };
        let mut detail =
            ApiErrorDetail { code, message, field: None, retry_after_secs: None, rows: Vec::new() };
        match self {
            ApiError::Invalid { field, .. } => detail.field = Some(field),
            ApiError::ImportRows(rows) => detail.rows = rows,
            ApiError::Throttled { retry_after_secs } => detail.retry_after_secs = Some(retry_after_secs),
            _ => {}
        }
        let retry_after = detail.retry_after_secs;
        let mut response = (status, axum::Json(ApiErrorBody { error: detail })).into_response();
        if let Some(secs) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// A change the rules refused (or could not store), as every endpoint that applies one says
/// it: not found, a conflict (what blocks a handover is named like a field, so the tablet
/// points at it), forbidden, or the field at fault.
impl From<crate::sync::write::WriteError> for ApiError {
    fn from(e: crate::sync::write::WriteError) -> Self {
        use crate::sync::write::WriteError;
        use steward_domain::apply::RejectionCode;
        use steward_domain::field::Field;
        match e {
            WriteError::Refused(r) => match (r.code, r.field) {
                (RejectionCode::NotFound, _) => ApiError::NotFound,
                (RejectionCode::Conflict, Some(f @ Field::Blockers)) => {
                    ApiError::invalid(f.name(), r.message)
                }
                (RejectionCode::Conflict, _) => ApiError::Conflict(r.message),
                (RejectionCode::Forbidden, None) => ApiError::Forbidden,
                (_, field) => ApiError::invalid(field.map_or("change", |f| f.name()), r.message),
            },
            WriteError::Store(e) => ApiError::Internal(e.to_string()),
            WriteError::Db(e) => ApiError::Db(e),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::BytesRejection(b) => b.into(),
            other => ApiError::MalformedBody { status: other.status(), message: other.body_text() },
        }
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::BodyTooLarge
        } else {
            ApiError::MalformedBody { status: rejection.status(), message: rejection.body_text() }
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        // A path that does not parse (`/api/buildings/abc/units`) names no record.
        tracing::debug!(%rejection, "bad path parameter");
        ApiError::NotFound
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        tracing::debug!(%rejection, "bad query string");
        ApiError::invalid("query", "the query parameters are not whole numbers in range")
    }
}

/// `Query` whose rejections are [`ApiError`]s.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `Path` whose rejections are [`ApiError`]s.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

pub use crate::json_body::ApiJson;

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// The JSON 405 for a known `/api` route called with the wrong method.
pub async fn api_method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// A handler that panicked: log it, answer with the one error shape and no details.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    ApiError::Internal(format!("handler panicked: {what}")).into_response()
}

/// The JSON 404 for unknown routes under `/api` (never the SPA's index page).
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound
}

pub type ApiResult<T> = Result<T, ApiError>;

/// A file upload must say it is CSV (`Content-Type: text/csv`): anything else is refused
/// before it is read.
pub fn require_csv(headers: &axum::http::HeaderMap) -> Result<(), ApiError> {
    let csv = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("text/csv")));
    if csv {
        Ok(())
    } else {
        Err(ApiError::MalformedBody {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: "send the file as text/csv".into(),
        })
    }
}
