//! The app shell: login per role, language, offline start.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread")]
async fn receptionist_and_admin_each_land_on_their_home() {
    let server = Server::start();
    let b = Browser::launch().await;

    b.goto(&server.url("/")).await;
    b.wait_text("h1", "员工登录").await;
    b.screenshot("login-tablet").await;

    // A wrong password is refused in Chinese and leaves us on the login page.
    b.fill("#username", "desk").await;
    b.fill("#password", "not-the-password").await;
    b.click("#login-submit").await;
    b.wait_text("#login-error", "用户名或密码错误").await;

    b.login(&server, "desk").await;
    b.wait("#home-counter").await;
    b.wait_text(".topbar", "王小红").await;
    b.wait_text(".topbar", "前台接待员").await;
    b.wait_text("#net-status", "在线").await;
    b.screenshot("counter-tablet").await;
    b.resize(PHONE).await;
    b.screenshot("counter-phone").await;
    b.resize(TABLET).await;

    // The receptionist cannot open the admin's pages: the app sends them home.
    b.goto(&server.url("/admin/users")).await;
    b.wait("#home-counter").await;

    b.click("#logout").await;
    b.wait("#login-submit").await;

    b.login(&server, "admin").await;
    b.wait("#admin-users").await;
    b.wait_text("#admin-users table", "guard").await;
    b.screenshot("admin-users-tablet").await;

    // A deep link survives a reload (the server answers app routes with the shell).
    b.goto(&server.url("/admin/units")).await;
    b.click(".chip").await;
    b.wait_text("table.units", "1栋-1801").await;
    b.wait_text("table.units", "****").await;
    b.screenshot("admin-units-tablet").await;
    // The owner of 1801 moved out: marked 空置, the unit joins the vacant-unit patrol's round.
    let pick = "const row = [...document.querySelectorAll('table.units tr')].find(r => r.textContent.includes('1栋-1801')); \
                const s = row.querySelector('select'); s.value = 'vacant'; s.dispatchEvent(new Event('change', { bubbles: true }));";
    let is_vacant = "const row = [...document.querySelectorAll('table.units tr')].find(r => r.textContent.includes('1栋-1801')); \
                     return !!row && row.querySelector('select').classList.contains('vacant') && row.querySelector('select').value === 'vacant'";
    b.wait_js(
        "1801 not yet vacant",
        &is_vacant.replace("return !!row &&", "return !!row && !(").replace("=== 'vacant'", "=== 'vacant')"),
    )
    .await;
    b.client.execute(pick, vec![]).await.unwrap();
    b.wait_js("1801 marked vacant", is_vacant).await;
    b.client.refresh().await.unwrap();
    b.click(".chip").await;
    b.wait_js("1801 still vacant after a reload", is_vacant).await;
    b.resize(PHONE).await;
    b.screenshot("admin-units-phone").await;
    b.click("#logout").await;
    b.wait("#login-submit").await;
    b.login(&server, "patrol").await;
    b.wait("#home-patrol").await;
    b.goto(&server.url("/patrols")).await;
    b.wait_text("#vacant-board", "1栋-1801").await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_role_has_its_own_home() {
    let server = Server::start();
    let b = Browser::launch().await;
    for (user, home) in [
        ("patrol", "#home-patrol"),
        ("engineer", "#home-work-orders"),
        ("guard", "#home-gate"),
        ("supervisor", "#home-dashboard"),
        ("manager", "#home-dashboard"),
    ] {
        b.login(&server, user).await;
        b.wait(home).await;
        b.screenshot(&format!("home-{user}-tablet")).await;
        b.click("#logout").await;
        b.wait("#login-submit").await;
    }
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn language_switches_to_english_and_back_and_is_remembered() {
    let server = Server::start();
    let b = Browser::launch().await;
    b.goto(&server.url("/login")).await;
    b.wait_text("h1", "员工登录").await;
    b.click("#lang-toggle").await;
    b.wait_text("h1", "Staff sign-in").await;
    b.client.refresh().await.unwrap();
    b.wait_text("h1", "Staff sign-in").await;
    b.login(&server, "guard").await;
    b.wait_text("#home-gate h1", "Gate").await;
    b.wait_text(".topbar", "Security").await;
    // On a phone every header control is in sight, the longest English one too.
    b.resize(PHONE).await;
    b.wait_js(
        "every header button inside a 390 px screen",
        "return [...document.querySelectorAll('.topbar-actions > *')].every(e => { \
           const r = e.getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth; })",
    )
    .await;
    b.screenshot("gate-english-phone").await;
    b.resize(TABLET).await;
    b.click("#lang-toggle").await;
    b.wait_text("#home-gate h1", "岗亭").await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_server_stopped_a_reload_still_opens_the_shell_and_says_offline() {
    let mut server = Server::start();
    let b = Browser::launch().await;
    b.login(&server, "patrol").await;
    b.wait("#home-patrol").await;
    // The service worker has installed the shell and controls this page.
    b.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    let cached_list = b
        .client
        .execute_async(
            "const done = arguments[0];
             caches.keys()
               .then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys()))))
               .then(rs => done(rs.flat().map(r => new URL(r.url).pathname).join(' ')));",
            vec![],
        )
        .await
        .unwrap();
    let cached_list = cached_list.as_str().unwrap().to_string();
    assert!(
        cached_list.contains("/index.html") && cached_list.contains(".wasm"),
        "shell not cached: {cached_list}"
    );
    assert!(!cached_list.contains("/api/"), "API data must never be cached: {cached_list}");

    // What makes Chromium offer "Install app": manifest, icons, a worker that serves offline.
    let installability = b.cdp("Page.getInstallabilityErrors", serde_json::json!({})).await;
    assert_eq!(installability["installabilityErrors"], serde_json::json!([]), "{installability}");
    let manifest = b.cdp("Page.getAppManifest", serde_json::json!({})).await;
    assert!(manifest["errors"].as_array().is_some_and(|e| e.is_empty()), "{manifest}");

    server.kill();
    b.client.refresh().await.unwrap();
    b.wait("#home-patrol").await;
    b.wait_text("#net-status", "离线").await;
    b.wait_text(".banner.offline", "网络已断开").await;
    b.resize(PHONE).await;
    b.screenshot("patrol-offline-phone").await;

    // A deep link to another app route also opens from the cache.
    b.goto(&server.url("/patrol")).await;
    b.wait("#home-patrol").await;
    b.quit().await;
}

/// The shared counter tablet locks itself when left idle: the page underneath is hidden,
/// a wrong password keeps it locked, the right one brings back the same page with what was
/// typed on it; "someone else" signs out for the next receptionist.
#[tokio::test(flavor = "multi_thread")]
async fn the_counter_tablet_locks_when_idle_and_unlocks_with_the_password() {
    let mut server = Server::start_with_counter_lock(Some(3));
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    // The duty log keeps no draft: what is typed lives only on the page.
    desk.goto(&server.url("/duty-log")).await;
    desk.fill("#duty-text", "大堂门口灯不亮，已报工程部").await;
    // Nobody touches it.
    desk.wait("#lock-screen").await;
    desk.wait_js("the page to be hidden", "return document.querySelector('#main').hidden").await;
    desk.wait_text("#lock-screen", "王小红").await;
    desk.screenshot("idle-lock-tablet").await;
    desk.resize(PHONE).await;
    desk.screenshot("idle-lock-phone").await;
    desk.resize(TABLET).await;
    desk.fill("#unlock-password", "not-the-password").await;
    desk.click("#unlock-submit").await;
    desk.wait("#unlock-error").await;
    assert!(desk.client.find(fantoccini::Locator::Css("#lock-screen")).await.is_ok(), "still locked");
    desk.fill("#unlock-password", PASSWORD).await;
    desk.click("#unlock-submit").await;
    desk.wait_js("the lock to go", "return !document.querySelector('#lock-screen')").await;
    let typed = desk.wait("#duty-text").await.prop("value").await.unwrap();
    assert_eq!(typed.as_deref(), Some("大堂门口灯不亮，已报工程部"), "what was typed is still there");
    // Idle again; this time the next receptionist takes over — not while the server is
    // out of reach (the session must end there first, or a reload would bring it back).
    desk.wait("#lock-screen").await;
    server.kill();
    desk.click("#unlock-someone-else").await;
    desk.wait("#unlock-error").await;
    assert!(desk.client.find(fantoccini::Locator::Css("#lock-screen")).await.is_ok(), "still locked offline");
    server.restart();
    desk.click("#unlock-someone-else").await;
    desk.wait("#login-submit").await;
    let r = desk.client.execute("return localStorage.getItem('steward.me')", vec![]).await.unwrap();
    assert!(r.is_null(), "signed out: {r}");
    desk.quit().await;
}

/// Each screen's code comes in a chunk fetched the first time it opens (the service worker
/// keeps them all once installed). A chunk that cannot be fetched — the network gone before
/// the worker had it — says so on that screen and offers to try again; the rest of the app
/// goes on working (a failed load used to be a panic, which stops a wasm app for good).
#[tokio::test(flavor = "multi_thread")]
async fn a_screen_whose_code_cannot_be_fetched_says_so_and_loads_on_retry() {
    let server = Server::start();
    let b = Browser::launch().await;
    b.cdp("Network.enable", serde_json::json!({})).await;
    // No service worker in between: the page's own requests meet the block.
    b.cdp("Network.setBypassServiceWorker", serde_json::json!({ "bypass": true })).await;
    b.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": ["*split_ledger_screens.wasm*"] })).await;
    b.goto(&server.url("/")).await;
    b.login(&server, "desk").await;
    b.wait("#home-counter").await;

    b.goto(&server.url("/keys")).await;
    b.wait_text("#screen-not-loaded", "此页面还没有下载到本设备").await;
    b.screenshot("screen-not-loaded-tablet").await;
    // The app still answers: home opens (its chunk was fetched).
    b.click("#screen-not-loaded a").await;
    b.wait("#home-counter").await;
    b.click(".tiles a[href='/keys']").await;
    b.wait("#screen-not-loaded").await;

    // The network is back: 重试 fetches the chunk and the key cabinet opens, no reload.
    b.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": [] })).await;
    b.click("#screen-not-loaded button").await;
    b.wait("#key-cabinet").await;
    b.quit().await;
}

/// A phone no service worker serves yet (a new device, or the first start of a new build)
/// fetches its home in one pack — one request, not the ~180 chunks one by one — and opens it;
/// the rules come beside it, in a pack of their own.
#[tokio::test(flavor = "multi_thread")]
async fn a_phone_without_the_worker_fetches_its_home_in_one_pack() {
    let server = Server::start();
    let b = Browser::launch().await;
    b.resize(PHONE).await;
    b.login(&server, "engineer").await;
    b.wait("#home-work-orders").await;
    // Forget the worker and everything it kept; the session stays, so the app opens at home.
    let forget = "const done = arguments[0]; \
        navigator.serviceWorker.getRegistrations() \
          .then((rs) => Promise.all(rs.map((r) => r.unregister()))) \
          .then(() => caches.keys()).then((ks) => Promise.all(ks.map((k) => caches.delete(k)))) \
          .then(() => done(true), (e) => done(String(e)));";
    let forgot = b.client.execute_async(forget, vec![]).await.unwrap();
    assert_eq!(forgot, serde_json::json!(true));
    // And keep it away while the page opens again (it would otherwise register on load and
    // might fill its cache first).
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": "navigator.serviceWorker.register = () => new Promise(() => {});" }),
    )
    .await;
    b.client.refresh().await.unwrap();
    b.wait("#home-work-orders").await;
    b.screenshot("work-orders-from-pack-phone").await;
    let fetched = "return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)";
    let files: Vec<String> =
        serde_json::from_value(b.client.execute(fetched, vec![]).await.unwrap()).unwrap();
    assert!(
        files.iter().any(|f| f.ends_with("/first-work_orders_home.pack")),
        "the home's pack was not fetched: {files:?}"
    );
    assert!(
        !files.iter().any(|f| f.ends_with("/split_work_orders_home.wasm")),
        "the home's chunk was fetched alone: {files:?}"
    );
    // The rules follow, in their own pack: what the phone changes is checked on the device.
    b.wait_js("the rules here", "return document.documentElement.dataset.rules === 'ready'").await;
    let files: Vec<String> =
        serde_json::from_value(b.client.execute(fetched, vec![]).await.unwrap()).unwrap();
    assert!(files.iter().any(|f| f.ends_with("/first-sync_rules.pack")), "no rules' pack: {files:?}");
    assert!(
        files.iter().filter(|f| f.ends_with(".wasm")).count() <= 2,
        "chunks fetched one by one beside the packs: {files:?}"
    );
    b.quit().await;
}
