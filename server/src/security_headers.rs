//! Headers every response carries: no MIME sniffing (an uploaded "photo" is never run as a
//! page), no framing, no referrer (the owner's token is in the URL), and a content security
//! policy. The staff app's policy allows its wasm (`'wasm-unsafe-eval'`) and exactly the
//! inline scripts of the built `index.html` by their hashes — never `'unsafe-inline'`
//! scripts. Owners' pages set their own stricter one (no script at all).

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The policy for the staff app, allowing the inline scripts found in `index.html`.
pub fn app_policy(static_dir: Option<&Path>) -> String {
    let html =
        static_dir.and_then(|d| std::fs::read_to_string(d.join("index.html")).ok()).unwrap_or_default();
    let hashes: String = inline_scripts(&html)
        .into_iter()
        .map(|s| {
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' blob: data:; connect-src 'self'; worker-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Owners' pages: inline style, forms to this site, nothing else.
pub const OWNER_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The bodies of `<script>` elements without `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else { break };
        if !tag.contains("src=") {
            out.push(&body[..close]);
        }
        rest = &body[close..];
    }
    out
}

/// The app's policy, recomputed when the built `index.html` changes (a new build served
/// without a restart still runs), and the same for every response — a document the service
/// worker serves from its fetch must carry the hashes too.
pub struct AppPolicy {
    static_dir: Option<std::path::PathBuf>,
    cached: std::sync::Mutex<(Option<std::time::SystemTime>, String)>,
}

impl AppPolicy {
    pub fn new(static_dir: Option<&Path>) -> Self {
        let static_dir = static_dir.map(Path::to_path_buf);
        AppPolicy { cached: std::sync::Mutex::new((None, app_policy(static_dir.as_deref()))), static_dir }
    }

    fn current(&self) -> String {
        let modified = self
            .static_dir
            .as_ref()
            .and_then(|d| std::fs::metadata(d.join("index.html")).ok())
            .and_then(|m| m.modified().ok());
        let Ok(mut cached) = self.cached.lock() else { return app_policy(self.static_dir.as_deref()) };
        if cached.0 != modified {
            *cached = (modified, app_policy(self.static_dir.as_deref()));
        }
        cached.1.clone()
    }
}

pub async fn add(policy: std::sync::Arc<AppPolicy>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&policy.current())
    {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = r#"<script type="module">import x from '/a.js';</script><script src="/b.js"></script><script>
  reg();
</script>"#;
        assert_eq!(inline_scripts(html), ["import x from '/a.js';", "\n  reg();\n"]);
    }
}
