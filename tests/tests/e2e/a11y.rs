//! Accessibility: axe-core (installed by `scripts/install-tools.sh` into `tests/a11y`) run
//! in Chromium over each role's screens at tablet and phone sizes, as the reviewer
//! ran it. Any violation of WCAG 2.1 A/AA or axe's best practices fails, named with where,
//! and so does a screen wider than the device.

use crate::harness::*;

/// Each role's screens: (user, size, paths).
const SCREENS: &[(&str, (u32, u32), &[&str])] = &[
    (
        "desk",
        TABLET,
        &[
            "/counter",
            "/tickets",
            "/tickets/new",
            "/keys",
            "/arrears",
            "/release",
            "/duty-log",
            "/visitors",
            "/deposits",
            "/announcements",
            "/surveys",
            "/handover",
            "/decorations",
            "/attention",
            "/account",
        ],
    ),
    (
        "supervisor",
        TABLET,
        &["/dashboard", "/escalations", "/review", "/reports", "/release/day", "/patrols"],
    ),
    ("admin", TABLET, &["/admin/users", "/admin/units"]),
    ("guard", PHONE, &["/gate", "/release/gate", "/visitors", "/keys"]),
    ("patrol", PHONE, &["/patrol", "/patrols", "/keys", "/announcements", "/surveys"]),
    ("engineer", PHONE, &["/work-orders", "/escalations"]),
];

fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("a11y/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (scripts/install-tools.sh installs it)", path.display()))
}

/// The page's violations as `rule (impact): first targets`.
async fn violations(b: &Browser, axe: &str) -> Vec<String> {
    b.cdp("Runtime.evaluate", serde_json::json!({ "expression": axe })).await;
    let run = "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
        .then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))";
    let r = b
        .cdp(
            "Runtime.evaluate",
            serde_json::json!({ "expression": run, "awaitPromise": true, "returnByValue": true }),
        )
        .await;
    serde_json::from_value(r["result"]["value"].clone()).unwrap_or_else(|_| panic!("axe did not run: {r}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_role_s_screens_pass_axe_at_their_size() {
    let server = Server::start();
    let axe = axe_source();
    let mut found = Vec::new();
    for (user, size, paths) in SCREENS {
        let b = Browser::launch().await;
        b.resize(*size).await;
        b.login(&server, user).await;
        b.wait_js("signed in", "return location.pathname !== '/login'").await;
        for path in *paths {
            b.goto(&server.url(path)).await;
            b.wait_js("the screen drawn", "return !!document.querySelector('main h1, main h2')").await;
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            found.extend(violations(&b, &axe).await.into_iter().map(|v| format!("{user} {path}: {v}")));
            // Nothing wider than the screen: every button within reach without scrolling sideways.
            let r = b.cdp("Runtime.evaluate", serde_json::json!({ "expression": "document.documentElement.scrollWidth - window.innerWidth", "returnByValue": true })).await;
            let over = r["result"]["value"].as_i64().unwrap_or(0);
            if over > 1 {
                found.push(format!("{user} {path}: {over} px wider than the {} px screen", size.0));
            }
        }
        b.quit().await;
    }
    let owner = Browser::launch().await;
    owner.resize(PHONE).await;
    for path in ["/login", "/lookup"] {
        owner.goto(&server.url(path)).await;
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        found.extend(violations(&owner, &axe).await.into_iter().map(|v| format!("anyone {path}: {v}")));
    }
    owner.quit().await;
    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
}

/// The check itself: a screen with a button that has no name fails it.
#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_a_nameless_button() {
    let server = Server::start();
    let b = Browser::launch().await;
    b.goto(&server.url("/login")).await;
    b.wait("#username").await;
    b.cdp("Runtime.evaluate", serde_json::json!({ "expression": "document.querySelector('main').appendChild(document.createElement('button'))" })).await;
    let found = violations(&b, &axe_source()).await;
    assert!(found.iter().any(|v| v.starts_with("button-name")), "{found:?}");
    b.quit().await;
}
