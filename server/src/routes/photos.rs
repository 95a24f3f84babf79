//! Photo bytes: uploaded by the device that took them, once, apart from the record that
//! refers to them; read back by staff devices that show the record.

use crate::auth::Staff;
use crate::db::photos::{self, Upload};
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use steward_domain::Role;
use steward_domain::error::ApiErrorBody;
use steward_domain::photo::{CHUNK_BYTES, MAX_BYTES, UploadState, is_image, sha256_hex};

/// A photo is at most 2 MiB after the device resized it; a little room for headers.
pub const PHOTO_BODY_LIMIT: usize = MAX_BYTES as usize + 64 * 1024;

fn valid_id(id: &str) -> bool {
    steward_domain::ids::is_uuid(id)
}

/// Stores a photo. Sending the same photo again (a retry after a lost answer) is fine; a
/// different photo under a taken id is refused. `x-content-sha256` must match the bytes.
#[utoipa::path(put, path = "/api/photos/{id}", params(("id" = String, Path),
        ("x-content-sha256" = String, Header, description = "Hex SHA-256 of the photo's bytes")),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 204, description = "Stored (or already stored)"),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<StatusCode> {
    staff.require(Role::takes_photos)?;
    let bytes = body?;
    if !valid_id(&id) {
        return Err(ApiError::invalid("id", "not a photo id"));
    }
    if bytes.is_empty() || bytes.len() as u64 > MAX_BYTES || !is_image(&bytes) {
        return Err(ApiError::invalid("photo", "a JPEG, PNG or WebP image of at most 2 MiB"));
    }
    let sha = sha256_hex(&bytes);
    let claimed = headers.get("x-content-sha256").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !claimed.eq_ignore_ascii_case(&sha) {
        return Err(ApiError::invalid("sha256", "the photo arrived damaged; send it again"));
    }
    let now = state.config.now();
    let user = staff.user_id;
    state
        .db
        .write(move |tx| {
            if !already_stored(tx, &id, &sha)? {
                photos::insert(tx, &id, &sha, &bytes, &Upload { user, now: now.as_str() })?;
            }
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The photo `id` is stored already as `sha` (a retry: fine); a different photo under
/// the same id is refused.
fn already_stored(c: &rusqlite::Connection, id: &str, sha: &str) -> Result<bool, ApiError> {
    match photos::stored_sha(c, id)? {
        Some(s) if s == sha => Ok(true),
        Some(_) => Err(ApiError::Conflict("another photo has this id".into())),
        None => Ok(false),
    }
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.parse().ok()
}

/// One piece of a photo at `upload-offset` (of `upload-length` bytes, `x-content-sha256`).
/// Answers how much the server holds; a piece at the wrong offset (a retry after a lost
/// answer, a piece lost on the way) is not applied, and the device continues from the
/// offset it is told. An empty piece only asks.
#[utoipa::path(post, path = "/api/photos/{id}/chunks", params(("id" = String, Path),
        ("upload-offset" = u64, Header, description = "Where this piece starts in the photo"),
        ("upload-length" = u64, Header, description = "The whole photo's length, at most 2 MiB"),
        ("x-content-sha256" = String, Header, description = "Hex SHA-256 of the whole photo")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = UploadState), (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn chunk(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ApiJson<UploadState>> {
    staff.require(Role::takes_photos)?;
    let piece = body?;
    let (Some(offset), Some(length)) =
        (header_u64(&headers, "upload-offset"), header_u64(&headers, "upload-length"))
    else {
        return Err(ApiError::invalid("upload-offset", "upload-offset and upload-length are required"));
    };
    let sha = headers
        .get("x-content-sha256")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !valid_id(&id)
        || sha.len() != 64
        || length == 0
        || length > MAX_BYTES
        || piece.len() as u64 > CHUNK_BYTES
    {
        return Err(ApiError::invalid("photo", "a photo id, its SHA-256 and a length of at most 2 MiB"));
    }
    let now = state.config.now();
    let user = staff.user_id;
    let reply = state
        .db
        .write(move |tx| {
            if already_stored(tx, &id, &sha)? {
                return Ok(UploadState { offset: length, done: true });
            }
            let by = Upload { user, now: now.as_str() };
            let mut bytes = photos::received(tx, &id, &sha, length)?;
            let held = bytes.len() as u64;
            if piece.is_empty() || offset != held || held + piece.len() as u64 > length {
                return Ok(UploadState { offset: held, done: false });
            }
            // At most 2 MiB in 128 KiB pieces: rewriting what is held is cheap enough.
            bytes.extend_from_slice(&piece);
            if (bytes.len() as u64) < length {
                photos::keep_received(tx, &id, &sha, length, &bytes, &by)?;
                return Ok(UploadState { offset: bytes.len() as u64, done: false });
            }
            photos::forget_received(tx, &id)?;
            if sha256_hex(&bytes) != sha || !is_image(&bytes) {
                return Err(ApiError::invalid("sha256", "the photo arrived damaged; send it again"));
            }
            photos::insert(tx, &id, &sha, &bytes, &by)?;
            Ok(UploadState { offset: length, done: true })
        })
        .await?;
    Ok(ApiJson(reply))
}

#[utoipa::path(get, path = "/api/photos/{id}", params(("id" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", description = "The photo"),
        (status = 404, body = ApiErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    staff.require(Role::takes_photos)?;
    let found = state.db.read(move |c| photos::fetch(c, &id)).await?;
    let (kind, bytes) = found.ok_or(ApiError::NotFound)?;
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&kind).unwrap_or(HeaderValue::from_static("image/jpeg")),
    );
    // A photo id never changes its bytes: keep it (privately) for good.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=31536000, immutable"));
    Ok(response)
}
