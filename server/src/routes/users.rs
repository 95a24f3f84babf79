//! Staff accounts, for the admin.

use crate::auth::Staff;
use crate::db::users::{self, CreateUserError};
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use steward_domain::Role;
use steward_domain::account::{Username, validate_display_name, validate_new_password};
use steward_domain::api::{CreateUser, UserView};
use steward_domain::error::ApiErrorBody;

#[utoipa::path(get, path = "/api/users", responses(
    (status = 200, body = Vec<UserView>), (status = 403, body = ApiErrorBody)))]
pub async fn list(State(state): State<AppState>, staff: Staff) -> ApiResult<ApiJson<Vec<UserView>>> {
    staff.require(Role::can_administer)?;
    Ok(ApiJson(state.db.read(users::list).await?))
}

#[utoipa::path(get, path = "/api/staff", responses(
    (status = 200, body = Vec<steward_domain::staff::StaffMember>), (status = 403, body = ApiErrorBody)))]
/// The staff the desk names on a key loan (its escorts), so their own phones get the loan.
pub async fn roster(
    State(state): State<AppState>,
    staff: Staff,
) -> ApiResult<ApiJson<Vec<steward_domain::staff::StaffMember>>> {
    staff.require(Role::runs_the_desk)?;
    Ok(ApiJson(state.db.read(users::roster).await?))
}

#[utoipa::path(post, path = "/api/users", request_body = CreateUser, responses(
    (status = 201, body = UserView), (status = 403, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(req): ApiJson<CreateUser>,
) -> ApiResult<(StatusCode, ApiJson<UserView>)> {
    staff.require(Role::can_administer)?;
    let (username, display_name) = validate(&req).map_err(|e| ApiError::invalid(e.field(), e))?;
    let hash = state.passwords.hash(req.password).await?;
    let role = req.role;
    let (u, d) = (username.clone(), display_name.clone());
    let id = state.db.write(move |tx| users::create(tx, &u, &d, role, &hash)).await.map_err(|e| match e {
        CreateUserError::Taken(name) => ApiError::Conflict(format!("username {name} is taken")),
        CreateUserError::Db(e) => ApiError::Db(e),
    })?;
    tracing::info!(by = staff.username, username, role = role.as_str(), "user created");
    Ok((StatusCode::CREATED, ApiJson(UserView { id, username, display_name, role, active: true })))
}

/// The same checks the SPA's form runs, from `domain`.
pub fn validate(req: &CreateUser) -> Result<(String, String), steward_domain::account::AccountError> {
    let username = Username::parse(&req.username)?;
    let display_name = validate_display_name(&req.display_name)?;
    validate_new_password(&req.password)?;
    Ok((username.as_str().to_string(), display_name))
}

#[utoipa::path(post, path = "/api/users/{id}/logout-everywhere", params(("id" = i64, Path)), responses(
    (status = 204, description = "Every session of that user ended"),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn logout_everywhere(
    State(state): State<AppState>,
    staff: Staff,
    crate::error::ApiPath(id): crate::error::ApiPath<i64>,
) -> ApiResult<axum::http::StatusCode> {
    staff.require(|r| r == steward_domain::Role::Admin)?;
    let ended = state
        .db
        .write(move |tx| {
            crate::db::pins::clear(tx, id)?;
            users::delete_sessions_of(tx, id)
        })
        .await?;
    tracing::info!(user_id = id, sessions = ended, "admin signed a user out everywhere");
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/users/{id}", params(("id" = i64, Path)), request_body = steward_domain::api::UpdateUser, responses(
    (status = 200, body = UserView, description = "Changed; every session of the account ended, its trusted browsers and PIN forgotten"),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    crate::error::ApiPath(id): crate::error::ApiPath<i64>,
    ApiJson(req): ApiJson<steward_domain::api::UpdateUser>,
) -> ApiResult<ApiJson<UserView>> {
    staff.require(Role::can_administer)?;
    // Not one's own account here: the admin does not disable or demote themselves (nobody
    // would be left to undo it), and changes their own password under 我的账户.
    if id == staff.user_id {
        return Err(ApiError::invalid(
            "user",
            "the admin's own account is changed under 我的账户 or by another admin",
        ));
    }
    if req.active.is_none() && req.role.is_none() && req.reset_password.is_none() {
        return Err(ApiError::invalid("user", "nothing to change"));
    }
    let hash = match req.reset_password {
        Some(p) => {
            validate_new_password(&p).map_err(|e| ApiError::invalid("password", e))?;
            Some(state.passwords.hash(p).await?)
        }
        None => None,
    };
    let (active, role, reset) = (req.active, req.role, hash.is_some());
    let view = state
        .db
        .write(move |tx| {
            let Some(_) = users::view(tx, id)? else { return Ok(None) };
            if let Some(a) = active {
                users::set_active(tx, id, a)?;
            }
            if let Some(r) = role {
                users::set_role(tx, id, r)?;
            }
            if let Some(h) = &hash {
                users::set_password(tx, id, h, true)?;
            }
            users::end_everything(tx, id, None)?;
            users::view(tx, id)
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    tracing::info!(
        by = staff.username,
        user_id = id,
        ?active,
        role = role.map(|r| r.as_str()),
        reset,
        "user changed"
    );
    Ok(ApiJson(view))
}
