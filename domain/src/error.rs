//! Stable error codes shared by server and SPA.
//!
//! The server answers every failed API call with one JSON shape carrying one of these
//! codes; the SPA translates the code, never the server's English message.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request body or a field in it is invalid.
    Invalid,
    /// The body is not the JSON (or CSV) the endpoint expects.
    MalformedBody,
    /// The body is larger than the endpoint accepts.
    BodyTooLarge,
    /// No session, or the session has ended.
    Unauthenticated,
    /// Wrong username or password (deliberately not saying which).
    BadCredentials,
    /// Too many failed logins: wait and try again.
    Throttled,
    /// The caller's role may not do this.
    Forbidden,
    /// No such record or route.
    NotFound,
    /// The route exists but not with this HTTP method.
    MethodNotAllowed,
    /// The record already exists (e.g. a username taken).
    Conflict,
    /// Something failed on the server; details are in its log, not in the response.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invalid => "invalid",
            Self::MalformedBody => "malformed_body",
            Self::BodyTooLarge => "body_too_large",
            Self::Unauthenticated => "unauthenticated",
            Self::BadCredentials => "bad_credentials",
            Self::Throttled => "throttled",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::Internal => "internal",
        }
    }
}

/// The body of every API error response: `{"error": {"code": …, "message": …, …}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorDetail {
    pub code: ErrorCode,
    /// English, for logs and API users; the SPA shows its own translation of `code`.
    pub message: String,
    /// The form field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `throttled`: seconds to wait before trying again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    /// For a CSV import: one line per bad row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<crate::import::RowError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_names() {
        for code in [ErrorCode::Invalid, ErrorCode::BodyTooLarge, ErrorCode::Throttled, ErrorCode::Internal] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
