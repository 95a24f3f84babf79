use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn deep_links_get_the_app_and_missing_files_do_not() {
    let app = spawn_app().await;
    let r = reqwest::get(app.url("/tickets/T2611-0042")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-cache");
    assert!(r.text().await.unwrap().contains("<title>Steward"));
    assert_eq!(reqwest::get(app.url("/missing-0123.js")).await.unwrap().status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_shell_revalidates() {
    let app = spawn_app().await;
    let r = reqwest::get(app.url("/app-0123456789abcdef/main.js")).await.unwrap();
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    for path in ["/", "/index.html", "/sw.js"] {
        let r = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()["cache-control"], "no-cache", "{path}");
    }
    let r = reqwest::get(app.url("/api/openapi.json")).await.unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn responses_are_compressed() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    for enc in ["br", "gzip"] {
        let r = client
            .get(app.url("/app-0123456789abcdef/main.js"))
            .header("accept-encoding", enc)
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["content-encoding"], enc);
    }
}

#[tokio::test]
async fn precompressed_files_are_sent_as_built() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let url = app.url("/app-0123456789abcdef/main_bg.wasm");
    let r = client.get(&url).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"precompressed-br");
    let r = client.get(&url).header("accept-encoding", "identity").send().await.unwrap();
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"\0asm-uncompressed");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/tickets/abc", "/api/openapi.json", "/api/no-such-thing", "/healthz", "/lookup"] {
        let r = reqwest::get(app.url(path)).await.unwrap();
        let h = r.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        let script = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap_or("");
        assert!(!script.contains("unsafe-inline"), "{path}: {csp}");
    }
    let app_csp = reqwest::get(app.url("/")).await.unwrap().headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(app_csp.contains("'wasm-unsafe-eval'"), "{app_csp}");
    let owner_csp = reqwest::get(app.url("/lookup")).await.unwrap().headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(owner_csp.starts_with("default-src 'none'") && !owner_csp.contains("script-src"), "{owner_csp}");
}
