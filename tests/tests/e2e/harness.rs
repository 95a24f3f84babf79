//! Starting the server, chromedriver and Chromium for a test, and small helpers to drive them.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use steward_domain::sync::commands::{ActOnDecoration, ApplyDecoration};
use steward_server::state::Config;

pub const PASSWORD: &str = steward_server::seed::DEMO_PASSWORD;
pub const TABLET: (u32, u32) = (1280, 800);
pub const PHONE: (u32, u32) = (390, 844);
const WAIT: Duration = Duration::from_secs(20);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The SPA as scripts/build-app.sh built it. Building it here would hold cargo's lock against itself.
fn dist() -> PathBuf {
    let dist = workspace_root().join("dist");
    assert!(
        dist.join("index.html").exists() && dist.join("sw.js").exists(),
        "no built SPA in {}: run scripts/build-app.sh (scripts/test.sh runs it first)",
        dist.display()
    );
    dist
}

/// The real server on a real SQLite file, in its own runtime so a test can kill it
/// outright (every connection dropped, like a crash) and start it again.
pub struct Server {
    pub addr: SocketAddr,
    pub db_path: PathBuf,
    /// The server's clock runs this far ahead (see [`Server::advance_clock`]).
    clock_offset_secs: i64,
    /// The counter tablet's idle lock, if not the domain's 10 minutes.
    counter_idle_secs: Option<u32>,
    runtime: Option<tokio::runtime::Runtime>,
    _dir: tempfile::TempDir,
}

impl Server {
    pub fn start() -> Server {
        Self::start_with_counter_lock(None)
    }

    /// A server whose counter tablets lock after `secs` idle seconds.
    pub fn start_with_counter_lock(secs: Option<u32>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db_path = dir.path().join("steward.sqlite3");
        let mut server = Server {
            addr: "127.0.0.1:0".parse().unwrap(),
            db_path,
            clock_offset_secs: 0,
            counter_idle_secs: secs,
            runtime: None,
            _dir: dir,
        };
        server.run();
        server
    }

    fn run(&mut self) {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let config = Config {
            db_path: self.db_path.clone(),
            static_dir: Some(dist()),
            seed_demo: true,
            demo_records: false,
            secure_cookies: false,
            clock_offset_secs: self.clock_offset_secs,
            trusted_proxy: None,
            backup_dir: None,
            counter_idle_secs: self.counter_idle_secs,
        };
        let addr = self.addr;
        // A runtime cannot be entered from the test's own: set it up from a plain thread.
        let (runtime, bound) = std::thread::spawn(move || {
            let bound = runtime.block_on(async move {
                let state = steward_server::open(config).unwrap();
                let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
                let bound = listener.local_addr().unwrap();
                tokio::spawn(steward_server::serve(listener, state, std::future::pending()));
                bound
            });
            (runtime, bound)
        })
        .join()
        .unwrap();
        self.addr = bound;
        self.runtime = Some(runtime);
    }

    /// Stops the server abruptly: the listener and every open connection are dropped.
    pub fn kill(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
        // The port must really be closed before the test goes on.
        let deadline = Instant::now() + WAIT;
        while std::net::TcpStream::connect(self.addr).is_ok() {
            assert!(Instant::now() < deadline, "server still accepting after kill");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// One headless Chromium (its own profile) driven through its own chromedriver.
pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Browser {
    pub async fn launch() -> Browser {
        Self::launch_with(&[]).await
    }

    /// A phone whose camera shows `video` (a Y4M file), as Chromium's fake capture device.
    pub async fn with_camera(video: &Path) -> Browser {
        let file = format!("--use-file-for-fake-video-capture={}", video.display());
        Self::launch_with(&["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", &file])
            .await
    }

    pub async fn launch_with(extra: &[&str]) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            // Its own process group, so a failed test can take Chromium down with it.
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver not found: run scripts/install-tools.sh (apt-get install chromium-driver)");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + WAIT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut args = vec![
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--lang=zh-CN",
        ];
        args.extend_from_slice(extra);
        let caps = json!({ "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args } });
        let client = ClientBuilder::rustls()
            .unwrap()
            .capabilities(caps.as_object().unwrap().clone())
            .connect(&url)
            .await
            .expect("chromium session");
        let browser = Browser { client, driver };
        browser.resize(TABLET).await;
        browser
    }

    pub async fn resize(&self, (w, h): (u32, u32)) {
        self.client.set_window_size(w, h).await.unwrap();
    }

    /// Opens `url` as a person would: in the app, they act once the page has settled — its
    /// rules (fetched beside the first screen, `app/src/sync/rules.rs`) here. At most 5 s:
    /// a page offline before the service worker kept them never has them, and says so when
    /// a change is made (tested on its own).
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
        let settled = "return document.documentElement.dataset.rules === 'ready'                        || !document.querySelector('link[href$=\"/main.js\"]')";
        for _ in 0..50 {
            if self.client.execute(settled, vec![]).await.ok().and_then(|v| v.as_bool()) == Some(true) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Waits for an element to exist, and returns it.
    pub async fn wait(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
    }

    /// Waits until the element's text contains `text`.
    pub async fn wait_text(&self, css: &str, text: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && el.text().await.is_ok_and(|t| t.contains(text))
            {
                return;
            }
            if Instant::now() > deadline {
                let body =
                    self.client.find(Locator::Css("body")).await.unwrap().text().await.unwrap_or_default();
                panic!("{css} never contained {text:?}; page text:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types into the element; retried if a re-render replaced it meanwhile (reactive
    /// screens redraw when sync brings news).
    pub async fn fill(&self, css: &str, value: &str) {
        self.retry(css, |el| async move {
            el.clear().await?;
            el.send_keys(value).await
        })
        .await;
    }

    /// Sets an input's value as a user's picker would (date and time inputs take no typing
    /// through WebDriver) and tells the page with an `input` event.
    pub async fn set_value(&self, css: &str, value: &str) {
        self.wait(css).await;
        let script = "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                      el.dispatchEvent(new Event('input', { bubbles: true })); \
                      el.dispatchEvent(new Event('change', { bubbles: true }));";
        self.client.execute(script, vec![css.into(), value.into()]).await.unwrap();
    }

    /// Chooses files in a file input, as a user picking photos would (through CDP: the
    /// camera buttons hide their inputs behind a label).
    pub async fn set_files(&self, css: &str, paths: &[&std::path::Path]) {
        self.wait(css).await;
        let found = self
            .cdp(
                "Runtime.evaluate",
                serde_json::json!({ "expression": format!("document.querySelector({css:?})") }),
            )
            .await;
        let object_id = found["result"]["objectId"].as_str().expect("the input's object id").to_string();
        let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        self.cdp("DOM.setFileInputFiles", serde_json::json!({ "files": files, "objectId": object_id })).await;
    }

    pub async fn click(&self, css: &str) {
        // Centred first: the sticky header would take a click on a button scrolled under it.
        self.wait(css).await;
        let centre = "const el = document.querySelector(arguments[0]); if (el) el.scrollIntoView({ block: 'center' });";
        let _ = self.client.execute(centre, vec![css.into()]).await;
        self.retry(css, |el| async move { el.click().await }).await;
    }

    async fn retry<F, Fut>(&self, css: &str, act: F)
    where
        F: Fn(fantoccini::elements::Element) -> Fut,
        Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
    {
        let deadline = Instant::now() + WAIT;
        loop {
            let el = self.wait(css).await;
            match act(el).await {
                Ok(()) => return,
                Err(e) if Instant::now() < deadline => {
                    eprintln!("retrying {css}: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("{css}: {e}"),
            }
        }
    }

    pub async fn login(&self, server: &Server, username: &str) {
        self.goto(&server.url("/login")).await;
        self.fill("#username", username).await;
        self.fill("#password", PASSWORD).await;
        self.click("#login-submit").await;
    }

    /// At the desk: finds the repair ticket a patrol raised (by its note) and sees the
    /// patrol's photo on it.
    pub async fn sees_patrol_ticket_with_photo(&self, server: &Server, note: &str) {
        self.goto(&server.url("/tickets")).await;
        self.wait_text("#ticket-list", note).await;
        self.click("#ticket-list a").await;
        self.wait_text(".facts", "巡查发现").await;
        self.wait_js(
            "the patrol's photo on the ticket",
            "const i = document.querySelector('#ticket-photos img'); return !!i && i.complete && i.naturalWidth > 0",
        )
        .await;
    }

    /// On a patrol's checklist: every item not yet answered is marked 合格, as an officer
    /// walking past the rest would.
    pub async fn pass_the_rest(&self) {
        self.client
            .execute(
                "document.querySelectorAll('.check-item').forEach(li => { \
                   if (!li.querySelector('.choices .active')) li.querySelector('.choices .pass').click(); })",
                vec![],
            )
            .await
            .unwrap();
        self.wait_js(
            "every item answered",
            "return !document.querySelector('.check-item .choices:not(:has(.active))')",
        )
        .await;
    }

    /// Saves a screenshot under `target/screenshots/` for a human to look at.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        let dir = workspace_root().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Runs `script` until it returns true (JavaScript condition).
    pub async fn wait_js(&self, what: &str, script: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = self.client.execute(script, vec![]).await.unwrap();
            if v == serde_json::Value::Bool(true) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A test that fails (a panic) never reaches `quit`: its chromedriver (and the Chromium it
/// drives, camera loop and all) must not outlive it and eat the next tests' CPU.
impl Drop for Browser {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A Chrome DevTools Protocol command sent through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

impl Browser {
    pub async fn cdp(&self, cmd: &'static str, params: serde_json::Value) -> serde_json::Value {
        self.client.issue_cmd(Cdp { cmd, params }).await.unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
    }

    /// Milliseconds from the user's act (`act`, JavaScript run in the page) to the frame
    /// that shows its answer (`ready`, a JavaScript condition), measured in the page; for
    /// the benchmarks (which include this file), printing figures rather than asserting them.
    #[allow(dead_code)]
    pub async fn measure(&self, act: &str, ready: &str) -> f64 {
        const MEASURE_JS: &str = r#"
const [act, ready, done] = arguments;
const check = new Function('return (' + ready + ')');
const t0 = performance.now();
new Function(act)();
const poll = () => {
  if (check()) { requestAnimationFrame(() => done(performance.now() - t0)); return; }
  if (performance.now() - t0 > 30000) { done(-1); return; }
  requestAnimationFrame(poll);
};
poll();
"#;
        let v = self.client.execute_async(MEASURE_JS, vec![act.into(), ready.into()]).await.unwrap();
        let ms = v.as_f64().unwrap();
        assert!(ms >= 0.0, "never became ready: {ready}");
        ms
    }

    /// The page as Chromium prints it on A4, its pages counted (Chromium's PDF has one
    /// `/Type /Page` object per page).
    pub async fn printed_pages(&self) -> usize {
        use base64::Engine as _;
        let params = json!({ "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": true, "printBackground": true });
        let out = self.cdp("Page.printToPDF", params).await;
        let pdf =
            base64::engine::general_purpose::STANDARD.decode(out["data"].as_str().expect("a PDF")).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        text.match_indices("/Type /Page").filter(|(i, _)| !text[i + 11..].starts_with('s')).count()
    }

    /// The whole page as printed (print styles, A4's width), saved as a screenshot for a
    /// human to read as the one who signs it would; the screen's media is restored.
    pub async fn print_screenshot(&self, name: &str) {
        use base64::Engine as _;
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" })).await;
        let metrics = json!({ "width": 794, "height": 1123, "deviceScaleFactor": 1, "mobile": false });
        self.cdp("Emulation.setDeviceMetricsOverride", metrics).await;
        let shot = self.cdp("Page.captureScreenshot", json!({ "captureBeyondViewport": true })).await;
        let png =
            base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().expect("a PNG")).unwrap();
        let dir = workspace_root().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        self.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await;
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": "" })).await;
    }
}

impl Server {
    /// Starts the server again on the same address and database (after [`Server::kill`]).
    pub fn restart(&mut self) {
        self.run();
    }

    /// Lets `minutes` pass on the server at once: it is restarted with its clock moved on
    /// (the devices' clocks stay; what the server stamps decides the time limits).
    pub fn advance_clock(&mut self, minutes: i64) {
        self.kill();
        self.clock_offset_secs += minutes * 60;
        self.run();
    }
}

/// A camera-sized photo for tests: a `width` × `height` 24-bit BMP with a gradient (any
/// format the browser decodes will do; the device re-encodes it as JPEG).
pub fn test_photo(path: &std::path::Path, width: u32, height: u32) {
    let row = (width * 3).div_ceil(4) * 4;
    let size = 54 + row * height;
    let mut b = Vec::with_capacity(size as usize);
    b.extend_from_slice(b"BM");
    for v in [size, 0, 54, 40] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(&(width as i32).to_le_bytes());
    b.extend_from_slice(&(height as i32).to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&24u16.to_le_bytes());
    for v in [0u32, row * height, 2835, 2835, 0, 0] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    for y in 0..height {
        for x in 0..width {
            b.extend_from_slice(&[(x * 255 / width) as u8, (y * 255 / height) as u8, ((x ^ y) & 0xff) as u8]);
        }
        b.resize(b.len() + (row - width * 3) as usize, 0);
    }
    std::fs::write(path, b).unwrap();
}

/// Signs in as `username` over HTTP (no browser): a session client and its new device id.
pub async fn device(server: &Server, username: &str) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let me: serde_json::Value = client
        .post(server.url("/api/auth/login"))
        .json(&serde_json::json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let client_id = me["device_id"].as_str().unwrap().to_string();
    (client, client_id)
}

/// Signs in as `username` from a fresh device (over HTTP, no browser) and pushes
/// `mutations`, which must all be applied.
pub async fn push_as(server: &Server, username: &str, mutations: Vec<steward_domain::sync::Mutation>) {
    use steward_domain::sync::protocol::{Numbered, PullRequest, PullResponse, PushRequest};
    let (client, client_id) = device(server, username).await;
    let count = mutations.len() as u64;
    let mutations = mutations.into_iter().zip(1..).map(|(mutation, id)| Numbered { id, mutation }).collect();
    let r = client
        .post(server.url("/api/sync/push"))
        .json(&PushRequest { client_id: client_id.clone(), mutations })
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "push as {username}: {}", r.status());
    let pull = PullRequest { client_id, cursor: None, outcomes_after: 0, limit: Some(1) };
    let page: PullResponse =
        client.post(server.url("/api/sync/pull")).json(&pull).send().await.unwrap().json().await.unwrap();
    let refused: Vec<_> = page.outcomes.iter().filter(|o| o.mutation_id <= count).collect();
    assert!(refused.is_empty(), "{username}'s mutations were refused: {refused:?}");
}

/// The property's today (Beijing time), as the server stamps it.
pub fn property_today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

pub const DECORATION: &str = "0190f5c2-7d1a-7000-8000-00000000de01";

/// A decoration under way at 1栋-201: applied at the desk, reviewed by the service manager
/// and engineering, permit issued — each by its own device, over HTTP.
pub async fn decoration_under_way(server: &Server) {
    let scope = steward_domain::decoration::documents::Scope {
        wet_rooms: true,
        ..steward_domain::decoration::documents::Scope::default()
    };
    let application = steward_domain::decoration::record::NewDecoration {
        unit: "1栋-201".into(),
        owner: "陈伟".into(),
        contractor: "安居装饰工程有限公司".into(),
        workers: vec!["赵师傅".into()],
        planned_start: "2026-11-01".into(),
        planned_end: "2027-01-31".into(),
        working_hours: "08:00-12:00,14:00-18:00".into(),
        scope,
        documents: steward_domain::decoration::documents::required(&scope)
            .into_iter()
            .map(|kind| steward_domain::decoration::documents::Document {
                kind,
                received: true,
                signed: true,
            })
            .collect(),
    };
    push_as(
        server,
        "desk",
        vec![steward_domain::sync::Mutation::ApplyDecoration(ApplyDecoration {
            id: DECORATION.into(),
            application,
        })],
    )
    .await;
    let review = || steward_domain::decoration::lifecycle::DecorationAction::Review {
        approve: true,
        reasons: String::new(),
    };
    push_as(
        server,
        "manager",
        vec![steward_domain::sync::Mutation::ActOnDecoration(ActOnDecoration {
            id: DECORATION.into(),
            action: review(),
        })],
    )
    .await;
    push_as(
        server,
        "engineer",
        vec![steward_domain::sync::Mutation::ActOnDecoration(ActOnDecoration {
            id: DECORATION.into(),
            action: review(),
        })],
    )
    .await;
    let permit = steward_domain::decoration::lifecycle::DecorationAction::IssuePermit {
        fees: 30_000,
        deposit: 200_000,
    };
    push_as(
        server,
        "desk",
        vec![steward_domain::sync::Mutation::ActOnDecoration(ActOnDecoration {
            id: DECORATION.into(),
            action: permit,
        })],
    )
    .await;
}

/// A camera's video of one still picture: `grey` (`side` × `side`, 0 black … 255 white)
/// centred on a white 640 × 480 frame, as a Y4M file Chromium's fake camera plays in a loop.
pub fn still_video(path: &Path, grey: &[u8], side: usize) {
    let (w, h) = (640usize, 480usize);
    let mut y = vec![255u8; w * h];
    let (x0, y0) = ((w - side.min(w)) / 2, (h - side.min(h)) / 2);
    for row in 0..side.min(h) {
        for col in 0..side.min(w) {
            y[(y0 + row) * w + x0 + col] = grey[row * side + col];
        }
    }
    let mut out = format!("YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..2 {
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&y);
        out.extend(std::iter::repeat_n(128u8, w * h / 2));
    }
    std::fs::write(path, out).unwrap();
}
