//! The server's HTTP API, typed with the `domain` bodies the server itself uses.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use steward_domain::ErrorCode;
use steward_domain::api::{BuildingView, CreateUser, ImportReport, LoginRequest, Me, UnitView, UserView};
use steward_domain::error::{ApiErrorBody, ApiErrorDetail};

/// Why a call did not succeed: the server was unreachable, or it said no.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    Offline,
    Refused(ApiErrorDetail),
}

impl ApiFailure {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiFailure::Offline => None,
            ApiFailure::Refused(d) => Some(d.code),
        }
    }
}

async fn finish<T: DeserializeOwned>(sent: Result<Response, gloo_net::Error>) -> Result<T, ApiFailure> {
    let response = sent.map_err(|_| ApiFailure::Offline)?;
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiFailure::Offline);
    }
    match response.json::<ApiErrorBody>().await {
        Ok(body) => Err(ApiFailure::Refused(body.error)),
        // Not our JSON: a proxy or captive portal answered, not the server.
        Err(_) => Err(ApiFailure::Offline),
    }
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    finish(Request::get(url).send().await).await
}

async fn post_json<B: serde::Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiFailure> {
    send_json(gloo_net::http::Method::POST, url, body).await
}

async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
    method: gloo_net::http::Method,
    url: &str,
    body: &B,
) -> Result<T, ApiFailure> {
    let request = RequestBuilder::new(url).method(method).json(body);
    match request {
        Ok(r) => finish(r.send().await).await,
        Err(_) => Err(ApiFailure::Offline),
    }
}

pub async fn login(request: &LoginRequest) -> Result<Me, ApiFailure> {
    post_json("/api/auth/login", request).await
}

pub async fn logout() -> Result<(), ApiFailure> {
    let sent = Request::post("/api/auth/logout").send().await.map_err(|_| ApiFailure::Offline)?;
    if sent.ok() { Ok(()) } else { finish::<()>(Ok(sent)).await }
}

/// Ends every session of the signed-in user, on every device.
pub async fn logout_everywhere() -> Result<(), ApiFailure> {
    let sent = Request::post("/api/auth/logout-everywhere").send().await.map_err(|_| ApiFailure::Offline)?;
    if sent.ok() { Ok(()) } else { finish::<()>(Ok(sent)).await }
}

/// The admin ends every session of user `id` (a lost phone, a leaver).
pub async fn logout_user_everywhere(id: i64) -> Result<(), ApiFailure> {
    let sent = Request::post(&format!("/api/users/{id}/logout-everywhere"))
        .send()
        .await
        .map_err(|_| ApiFailure::Offline)?;
    if sent.ok() { Ok(()) } else { finish::<()>(Ok(sent)).await }
}

pub async fn me() -> Result<Me, ApiFailure> {
    get("/api/auth/me").await
}

pub async fn users() -> Result<Vec<UserView>, ApiFailure> {
    get("/api/users").await
}

pub async fn create_user(request: &CreateUser) -> Result<UserView, ApiFailure> {
    post_json("/api/users", request).await
}

pub async fn buildings() -> Result<Vec<BuildingView>, ApiFailure> {
    get("/api/buildings").await
}

pub async fn units(building_id: i64) -> Result<Vec<UnitView>, ApiFailure> {
    get(&format!("/api/buildings/{building_id}/units")).await
}

pub async fn set_unit_status(
    unit_id: i64,
    status: steward_domain::property::UnitStatus,
) -> Result<steward_domain::api::SetUnitStatus, ApiFailure> {
    let body = steward_domain::api::SetUnitStatus { status };
    send_json(gloo_net::http::Method::PUT, &format!("/api/units/{unit_id}/status"), &body).await
}

/// Units per page of the directory: a large property (20,000 units) arrives in a few
/// requests, each small enough for a weak link, none holding up the server.
const DIRECTORY_PAGE: usize = 2000;

/// The whole unit directory, page by page (a page shorter than asked for is the last).
/// The staff a desk may name on a key loan.
pub async fn staff_roster() -> Result<Vec<steward_domain::staff::StaffMember>, ApiFailure> {
    get("/api/staff").await
}

pub async fn unit_directory() -> Result<Vec<steward_domain::directory::DirectoryUnit>, ApiFailure> {
    let mut units = Vec::new();
    loop {
        let path = format!("/api/units/directory?offset={}&limit={DIRECTORY_PAGE}", units.len());
        let page: Vec<steward_domain::directory::DirectoryUnit> = get(&path).await?;
        let last = page.len() < DIRECTORY_PAGE;
        units.extend(page);
        if last {
            return Ok(units);
        }
    }
}

pub async fn import_units(csv: String) -> Result<ImportReport, ApiFailure> {
    post_csv("/api/units/import", csv).await
}

async fn post_csv<T: DeserializeOwned>(url: &str, csv: String) -> Result<T, ApiFailure> {
    match Request::post(url).header("content-type", "text/csv").body(csv) {
        Ok(r) => finish(r.send().await).await,
        Err(_) => Err(ApiFailure::Offline),
    }
}

/// Finance's arrears list (CSV), imported by the supervisor.
pub async fn import_arrears(csv: String) -> Result<steward_domain::api::ArrearsImportReport, ApiFailure> {
    post_csv("/api/arrears/import", csv).await
}

/// The last check of the duty log's chain, if any.
pub async fn log_verification() -> Result<Option<steward_domain::log_chain::Verification>, ApiFailure> {
    get("/api/duty-log/verification").await
}

/// Checks the duty log's chain now.
pub async fn verify_log() -> Result<steward_domain::log_chain::Verification, ApiFailure> {
    finish(Request::post("/api/duty-log/verify").send().await).await
}

/// The incoming person's confirmation of a handover, with their own credentials.
/// Confirms (the incoming person's profile: the tablet is theirs now) or refuses (`None`).
pub async fn confirm_handover(
    req: &steward_domain::handover::commands::ConfirmWithCredentials,
) -> Result<Option<Me>, ApiFailure> {
    let request =
        RequestBuilder::new("/api/handovers/confirm").method(gloo_net::http::Method::POST).json(req);
    let sent = match request {
        Ok(r) => r.send().await.map_err(|_| ApiFailure::Offline)?,
        Err(_) => return Err(ApiFailure::Offline),
    };
    if sent.status() == 204 { Ok(None) } else { finish::<Me>(Ok(sent)).await.map(Some) }
}

/// A slip the supervisor approves on the desk's tablet with their own password or PIN.
pub async fn issue_approved(
    req: &steward_domain::release::commands::IssueWithApproval,
) -> Result<(), ApiFailure> {
    send_no_content(gloo_net::http::Method::POST, "/api/release/approved", req).await
}

/// Changes the signed-in person's password (their current one proves it is them).
pub async fn change_password(req: &steward_domain::api::ChangePassword) -> Result<(), ApiFailure> {
    send_no_content(gloo_net::http::Method::PUT, "/api/auth/password", req).await
}

/// The admin's change to an account (disable, role, reset password).
pub async fn update_user(id: i64, req: &steward_domain::api::UpdateUser) -> Result<UserView, ApiFailure> {
    send_json(gloo_net::http::Method::PUT, &format!("/api/users/{id}"), req).await
}

/// Sets the signed-in person's PIN (their password proves it is them).
pub async fn set_pin(req: &steward_domain::api::SetPin) -> Result<(), ApiFailure> {
    send_no_content(gloo_net::http::Method::PUT, "/api/auth/pin", req).await
}

/// A call answered with 204 and no body when it succeeds.
async fn send_no_content<B: serde::Serialize>(
    method: gloo_net::http::Method,
    url: &str,
    body: &B,
) -> Result<(), ApiFailure> {
    let request = RequestBuilder::new(url).method(method).json(body);
    let sent = match request {
        Ok(r) => r.send().await.map_err(|_| ApiFailure::Offline)?,
        Err(_) => return Err(ApiFailure::Offline),
    };
    if sent.ok() { Ok(()) } else { finish::<()>(Ok(sent)).await }
}

/// Whether the server answers at all (the SPA's online indicator).
pub async fn reachable() -> bool {
    matches!(Request::get("/healthz").send().await, Ok(r) if r.ok())
}

/// `request` is a `PushRequest` as `steward_sync::codec::push_json` wrote it (the shell holds
/// no writer of mutations).
pub async fn push(
    request: &serde_json::Value,
) -> Result<steward_domain::sync::protocol::PushResponse, ApiFailure> {
    post_json("/api/sync/push", request).await
}

pub async fn pull(
    request: &steward_domain::sync::protocol::PullRequest,
) -> Result<steward_domain::sync::protocol::PullResponse, ApiFailure> {
    post_json("/api/sync/pull", request).await
}

/// Searches the history the device does not hold (finished records older than the working set).
pub async fn older(
    request: &steward_domain::sync::protocol::OlderRequest,
) -> Result<steward_domain::sync::protocol::OlderResponse, ApiFailure> {
    post_json("/api/sync/older", request).await
}

/// Hands in what a disabled account's device on this browser had not sent, held for the
/// supervisor (refused with a conflict while the account may still sign in).
pub async fn hand_in(request: &serde_json::Value) -> Result<steward_domain::api::HandedIn, ApiFailure> {
    post_json("/api/sync/held", request).await
}

/// Disabled accounts' changes waiting for the supervisor.
pub async fn held_changes() -> Result<Vec<steward_domain::api::HeldChange>, ApiFailure> {
    get("/api/sync/held").await
}

/// The supervisor applies a held change in their name, or sets it aside with the reason.
pub async fn resolve_held(
    client_id: &str,
    mutation_id: u64,
    req: &steward_domain::api::ResolveHeld,
) -> Result<(), ApiFailure> {
    send_no_content(gloo_net::http::Method::POST, &format!("/api/sync/held/{client_id}/{mutation_id}"), req)
        .await
}

/// The report of some days (`query`: `month=2026-11` or `from=…&to=…`, as
/// `Period::query` names them) as the server draws it (HTML to insert): the report is read
/// online, and drawing it there keeps this app small.
pub async fn ticket_report_html(query: &str, lang: &str) -> Result<String, ApiFailure> {
    let response = Request::get(&format!("/api/reports/tickets.html?{query}&lang={lang}"))
        .send()
        .await
        .map_err(|_| ApiFailure::Offline)?;
    if response.ok() {
        return response.text().await.map_err(|_| ApiFailure::Offline);
    }
    match response.json::<ApiErrorBody>().await {
        Ok(body) => Err(ApiFailure::Refused(body.error)),
        Err(_) => Err(ApiFailure::Offline),
    }
}

/// 月结: the manager closes a month that is over.
pub async fn close_month(month: &str) -> Result<(), ApiFailure> {
    post_json::<_, serde::de::IgnoredAny>("/api/reports/close", &serde_json::json!({ "month": month }))
        .await
        .map(|_| ())
}
