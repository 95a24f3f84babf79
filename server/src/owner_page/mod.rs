//! The pages owners open: `/t/<token>` from the receipt's QR code and `/lookup` by ticket
//! number and phone. Rendered here from the same domain rules as the API (`owner_view`), so
//! an owner on a slow phone downloads a few kilobytes — never the staff app — and can read
//! and rate with JavaScript off.

mod household;
mod render;
mod words;

use crate::error::ApiError;
use crate::owner_access;
use crate::state::AppState;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use render::{Notice, Property, RateTarget};
use serde::Deserialize;
use std::net::SocketAddr;
use words::{Lang, W, word};

/// A lookup or a rating is two short fields and a comment.
const FORM_BODY_LIMIT: usize = 8 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/t/{token}", get(ticket_page))
        .route("/t/{token}/rating", post(rate_by_link))
        .route("/lookup", get(lookup_page).post(lookup_submit))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
        .merge(household::router())
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    lang: Option<String>,
    rated: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LookupForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    phone: String,
    /// Present when the rating form on a looked-up ticket was sent.
    satisfied: Option<String>,
    #[serde(default)]
    comment: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct RatingForm {
    satisfied: Option<String>,
    #[serde(default)]
    comment: String,
}

fn lang(q: &PageQuery) -> Lang {
    Lang::choose(q.lang.as_deref())
}

async fn property(state: &AppState) -> Property {
    let info = state.db.read(crate::db::users::property_info).await;
    match info {
        Ok((name, hotline)) => Property { name, hotline },
        _ => Property { name: "Steward".into(), hotline: String::new() },
    }
}

/// An HTML answer that is never cached (it is one owner's ticket) and never leaks the URL.
fn html(status: StatusCode, markup: maud::Markup) -> Response {
    let mut r = (status, axum::response::Html(markup.into_string())).into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(crate::security_headers::OWNER_POLICY),
    );
    r
}

/// Why a lookup or a rating did not work, in the owner's words, with its status.
fn failure(lang: Lang, e: &ApiError) -> (StatusCode, String) {
    match e {
        ApiError::NotFound => (StatusCode::NOT_FOUND, word(lang, W::NotFound).into()),
        ApiError::Throttled { retry_after_secs } => {
            (StatusCode::TOO_MANY_REQUESTS, render::throttled(lang, *retry_after_secs))
        }
        ApiError::Invalid { field, .. } if field == "number" => {
            (StatusCode::UNPROCESSABLE_ENTITY, word(lang, W::BadNumber).into())
        }
        ApiError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, word(lang, W::NeedsComment).into()),
        ApiError::Conflict(_) => (StatusCode::CONFLICT, word(lang, W::AlreadyRated).into()),
        _ => (StatusCode::SERVICE_UNAVAILABLE, word(lang, W::Failed).into()),
    }
}

fn satisfied(value: Option<&str>) -> Option<bool> {
    match value {
        Some("1") => Some(true),
        Some("0") => Some(false),
        _ => None,
    }
}

async fn ticket_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let lang = lang(&q);
    let property = property(&state).await;
    let path = format!("/t/{token}");
    match owner_access::by_token(&state, &token).await {
        Ok(reached) => {
            let n = if q.rated.is_some() { Notice::Ok(word(lang, W::Thanks)) } else { Notice::None };
            html(
                StatusCode::OK,
                render::ticket(lang, &property, &path, &reached.view, RateTarget::Token(&token), &n),
            )
        }
        Err(ApiError::NotFound) => {
            html(StatusCode::NOT_FOUND, render::link_not_found(lang, &property, &path))
        }
        Err(e) => {
            let (status, text) = failure(lang, &e);
            html(status, render::lookup_form(lang, &property, "", "", &Notice::Error(text)))
        }
    }
}

async fn rate_by_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<PageQuery>,
    form: Result<axum::Form<RatingForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let lang = lang(&q);
    let form = form.map(|f| f.0).unwrap_or_default();
    let path = format!("/t/{token}");
    let reached = match owner_access::by_token(&state, &token).await {
        Ok(r) => r,
        Err(_) => {
            return html(StatusCode::NOT_FOUND, render::link_not_found(lang, &property(&state).await, &path));
        }
    };
    let outcome = match satisfied(form.satisfied.as_deref()) {
        Some(s) => owner_access::rate(&state, reached.id, s, form.comment).await,
        None => Err(ApiError::invalid("satisfied", "choose satisfied or not")),
    };
    match outcome {
        // Post/redirect/get: a reload does not send the rating twice.
        Ok(_) => Redirect::to(&format!("{path}?lang={}&rated=1", lang.code())).into_response(),
        Err(e) => {
            let (status, text) = failure(lang, &e);
            let property = property(&state).await;
            html(
                status,
                render::ticket(
                    lang,
                    &property,
                    &path,
                    &reached.view,
                    RateTarget::Token(&token),
                    &Notice::Error(text),
                ),
            )
        }
    }
}

async fn lookup_page(State(state): State<AppState>, Query(q): Query<PageQuery>) -> Response {
    let lang = lang(&q);
    html(StatusCode::OK, render::lookup_form(lang, &property(&state).await, "", "", &Notice::None))
}

async fn lookup_submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<PageQuery>,
    headers: axum::http::HeaderMap,
    form: Result<axum::Form<LookupForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let lang = lang(&q);
    let form = form.map(|f| f.0).unwrap_or_default();
    let property = property(&state).await;
    let (number, phone) = (form.number.trim().to_ascii_uppercase(), form.phone.trim().to_string());
    let client = state.config.client_ip(peer.ip(), &headers);
    let reached = match owner_access::by_number(&state, client, &number, &phone).await {
        Ok(r) => r,
        Err(e) => {
            let (status, text) = failure(lang, &e);
            return html(status, render::lookup_form(lang, &property, &number, &phone, &Notice::Error(text)));
        }
    };
    let target = RateTarget::Lookup { number: &number, phone: &phone };
    let Some(satisfied) = satisfied(form.satisfied.as_deref()) else {
        return html(
            StatusCode::OK,
            render::ticket(lang, &property, "/lookup", &reached.view, target, &Notice::None),
        );
    };
    match owner_access::rate(&state, reached.id, satisfied, form.comment).await {
        Ok(view) => html(
            StatusCode::OK,
            render::ticket(lang, &property, "/lookup", &view, target, &Notice::Ok(word(lang, W::Thanks))),
        ),
        Err(e) => {
            let (status, text) = failure(lang, &e);
            html(
                status,
                render::ticket(lang, &property, "/lookup", &reached.view, target, &Notice::Error(text)),
            )
        }
    }
}
