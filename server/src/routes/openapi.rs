//! The API's OpenAPI document, generated from the handlers' annotations.

use super::{
    arrears, auth, duty_log, handover, health, owner, photos, property, release, reports, sync, users,
};
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
        auth::set_pin,
        auth::change_password,
        release::issue_approved,
        users::update,
        users::list,
        users::roster,
        users::create,
        property::buildings,
        property::units,
        property::directory,
        property::set_status,
        property::import,
        arrears::import,
        photos::upload,
        photos::download,
        photos::chunk,
        sync::push,
        sync::pull,
        sync::older,
        sync::hand_in,
        sync::held_waiting,
        sync::resolve_held,
        duty_log::last,
        reports::tickets,
        reports::close,
        reports::tickets_csv,
        reports::tickets_html,
        reports::tickets_xlsx,
        reports::per_day_svg,
        reports::rates_svg,
        duty_log::verify,
        handover::confirm,
        owner::by_token,
        owner::lookup,
        owner::rate,
        document
    ),
    components(schemas(steward_domain::ErrorCode, steward_domain::Role, steward_domain::error::ApiErrorBody)),
    modifiers(&CommonAnswers)
)]
pub struct ApiDoc;

/// The answers every endpoint of a kind can give, documented once instead of on each
/// handler: a body that is not what it should be, a missing session, a role without the
/// right, a body over its cap, the wrong content type, a busy password queue.
struct CommonAnswers;

/// Endpoints anyone may call (no session needed).
fn is_public(path: &str) -> bool {
    path.starts_with("/api/public/") || ["/api/auth/login", "/api/openapi.json", "/healthz"].contains(&path)
}

/// Endpoints every signed-in user may call, whatever their role.
fn is_anyone_signed_in(path: &str) -> bool {
    ["/api/auth/me", "/api/auth/pin", "/api/auth/logout", "/api/auth/logout-everywhere", "/api/buildings"]
        .contains(&path)
}

/// Endpoints that check a password (or hash one) and so may be asked to wait.
fn checks_passwords(path: &str) -> bool {
    ["/api/auth/login", "/api/users", "/api/auth/pin", "/api/handovers/confirm"].contains(&path)
}

impl utoipa::Modify for CommonAnswers {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::HttpMethod::*;
        for (path, item) in doc.paths.paths.iter_mut() {
            let operations = [
                (Get, &mut item.get),
                (Put, &mut item.put),
                (Post, &mut item.post),
                (Delete, &mut item.delete),
            ];
            for (method, operation) in operations {
                let Some(op) = operation else { continue };
                let mut add = |code: &str, why: &str| add_answer(op, code, why);
                if !is_public(path) {
                    add("401", "unauthenticated: no session, or it ended");
                    if !is_anyone_signed_in(path) {
                        add("403", "forbidden: the role may not do this");
                    }
                }
                if checks_passwords(path) && (method == Post || method == Put) {
                    add("429", "throttled, or the password checks are busy: retry after `Retry-After`");
                }
                let Some(body) = &op.request_body else { continue };
                let json = body.content.contains_key("application/json");
                let form = body.content.contains_key("application/x-www-form-urlencoded");
                if json || form {
                    add_answer(op, "400", "malformed_body: not JSON (or a form), or a key given twice");
                    add_answer(op, "415", "malformed_body: the content type is not the documented one");
                    add_answer(
                        op,
                        "422",
                        "malformed_body or invalid: a field missing, of the wrong type or breaking a rule",
                    );
                }
                add_answer(op, "413", "body_too_large: the body is over this endpoint's cap");
            }
        }
    }
}

fn add_answer(op: &mut utoipa::openapi::path::Operation, code: &str, why: &str) {
    use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
    op.responses.responses.entry(code.to_string()).or_insert_with(|| {
        let body = Content::new(Some(Ref::from_schema_name("ApiErrorBody")));
        RefOr::T(ResponseBuilder::new().description(why).content("application/json", body).build())
    });
}

#[utoipa::path(get, path = "/api/openapi.json", responses((status = 200, description = "This document")))]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
