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

/// scripts/build-app.sh puts every built file under `/app-<hash>/`, the hash (16 hex digits)
/// taken over the directory's contents: a new build is a new directory.
fn is_hashed_asset(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').splitn(2, '/');
    let (Some(dir), Some(file)) = (segments.next(), segments.next()) else { return false };
    !file.is_empty()
        && dir
            .strip_prefix("app-")
            .is_some_and(|hash| hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
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
        assert!(is_hashed_asset("/app-3f2a9c1b7d4e5f60/main.js"));
        assert!(is_hashed_asset("/app-3f2a9c1b7d4e5f60/main_bg.wasm"));
        assert!(is_hashed_asset("/app-3f2a9c1b7d4e5f60/chunk_12.wasm"));
        assert_eq!(cache_policy("/app-3f2a9c1b7d4e5f60/main_bg.wasm"), "public, max-age=31536000, immutable");
        assert!(!is_hashed_asset("/app-3f2a9c1b7d4e5f60/"));
        assert!(!is_hashed_asset("/app-3f2a9c1b/main.js"));
        assert!(!is_hashed_asset("/app-main/main.js"));
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
