//! Serving the built SPA: hashed assets cached forever, the shell always revalidated,
//! and `index.html` for app routes so deep links survive a reload.

use axum::Router;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use std::path::PathBuf;
use tower_http::services::ServeDir;

pub fn router(dir: PathBuf) -> Router {
    let index = dir.join("index.html");
    let spa_fallback = move |uri: Uri| {
        let index = index.clone();
        async move {
            if looks_like_file(uri.path()) {
                return StatusCode::NOT_FOUND.into_response();
            }
            match tokio::fs::read_to_string(&index).await {
                Ok(html) => Html(html).into_response(),
                Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "the app is not built: run scripts/start.sh")
                    .into_response(),
            }
        }
    };
    Router::new()
        // The build ships .br/.gz beside each file (scripts/build-app.sh); files without them
        // are compressed on the fly by the app-wide CompressionLayer.
        .fallback_service(
            ServeDir::new(dir).precompressed_br().precompressed_gzip().fallback(spa_fallback.into_service()),
        )
        .layer(middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let policy = cache_policy(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Hashed files never change under their name; everything else must be revalidated so a
/// new build (and its service worker) reaches devices on their next load.
fn cache_policy(path: &str) -> &'static str {
    if is_hashed_asset(path) { "public, max-age=31536000, immutable" } else { "no-cache" }
}

/// Trunk names built files `name-<hash>[_bg].ext`, the hash a 64-bit number in hex without
/// leading zeros: 16 digits mostly, 15 one time in 16, fewer rarely.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 12 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A path whose last segment has an extension asks for a file, not an app route.
fn looks_like_file(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_recognised() {
        assert!(is_hashed_asset("/steward-app-3f2a9c1b7d4e5f60.js"));
        assert!(is_hashed_asset("/steward-app-3f2a9c1b7d4e5f60_bg.wasm"));
        // A hash with a leading zero, dropped by trunk: 15 digits.
        assert!(is_hashed_asset("/steward-app-f2a9c1b7d4e5f60_bg.wasm"));
        assert_eq!(
            cache_policy("/steward-app-f2a9c1b7d4e5f60_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert!(!is_hashed_asset("/steward-app.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/icons/icon-192.png"));
        assert_eq!(cache_policy("/sw.js"), "no-cache");
    }

    #[test]
    fn app_routes_are_not_files() {
        assert!(!looks_like_file("/tickets/T2611-0042"));
        assert!(looks_like_file("/missing.js"));
    }
}
