use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use steward_server::state::Config;

pub const PASSWORD: &str = steward_server::seed::DEMO_PASSWORD;

pub struct TestApp {
    pub addr: SocketAddr,
    pub db_path: PathBuf,
    _dir: tempfile::TempDir,
}

/// Starts a server on a fresh database (with the demo property) and a stub built app.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// [`spawn_app`] with a configuration change (a trusted proxy, say).
pub async fn spawn_app_with(change: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_limited(change, steward_server::listen::Limits::default()).await
}

/// [`spawn_app_with`] within other connection limits (short timeouts, small caps).
pub async fn spawn_app_limited(
    change: impl FnOnce(&mut Config),
    limits: steward_server::listen::Limits,
) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Steward</title>").unwrap();
    let built = dist.join("app-0123456789abcdef");
    std::fs::create_dir_all(&built).unwrap();
    std::fs::write(built.join("main.js"), "console.log('hi');".repeat(100)).unwrap();
    std::fs::write(dist.join("sw.js"), "self.addEventListener('fetch', () => {});").unwrap();
    std::fs::write(built.join("main_bg.wasm"), b"\0asm-uncompressed").unwrap();
    std::fs::write(built.join("main_bg.wasm.br"), b"precompressed-br").unwrap();
    let db_path = dir.path().join("steward.sqlite3");
    let config = Config {
        db_path: db_path.clone(),
        static_dir: Some(dist),
        seed_demo: true,
        demo_records: false,
        secure_cookies: false,
        clock_offset_secs: 0,
        trusted_proxy: None,
        backup_dir: None,
        counter_idle_secs: None,
    };
    let mut config = config;
    change(&mut config);
    // The database the server opened (a test may point it at another's).
    let db_path = config.db_path.clone();
    let state = steward_server::open(config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(steward_server::serve_with(listener, state, limits, std::future::pending()));
    TestApp { addr, db_path, _dir: dir }
}

/// The real `steward serve` binary, as an operator runs it, on a fresh demo database and a
/// free port, logging at `RUST_LOG=debug` to `log` (see `logs.rs`). Kill the child when done.
pub async fn spawn_binary(log: &std::path::Path) -> (TestApp, std::process::Child) {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("steward.sqlite3");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["serve", "--listen", &addr.to_string(), "--db", db_path.to_str().unwrap()])
        .args(["--static", dir.path().to_str().unwrap()])
        .env("RUST_LOG", "debug")
        .env("NO_COLOR", "1")
        .stdout(std::fs::File::create(log).unwrap())
        .stderr(std::fs::File::create(log.with_extension("stderr")).unwrap())
        .spawn()
        .unwrap();
    let app = TestApp { addr, db_path, _dir: dir };
    for _ in 0..200 {
        if reqwest::get(app.url("/healthz")).await.is_ok_and(|r| r.status().is_success()) {
            return (app, child);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("steward serve did not start");
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client with its own cookie jar, like one browser.
    pub fn browser(&self) -> Client {
        Client::builder().cookie_store(true).build().unwrap()
    }

    /// A browser on another machine (another loopback address).
    pub fn browser_from(&self, ip: &str) -> Client {
        Client::builder().cookie_store(true).local_address(ip.parse::<IpAddr>().unwrap()).build().unwrap()
    }

    pub async fn login(&self, client: &Client, username: &str, password: &str) -> Response {
        client
            .post(self.url("/api/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap()
    }

    /// A browser logged in as `username` with the demo password.
    pub async fn logged_in(&self, username: &str) -> Client {
        let client = self.browser();
        let r = self.login(&client, username, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK, "login as {username}");
        client
    }

    /// A unit as the admin's register lists it (`1栋`, `101`).
    pub async fn unit(&self, building: &str, number: &str) -> Value {
        let admin = self.logged_in("admin").await;
        let buildings: Vec<Value> =
            admin.get(self.url("/api/buildings")).send().await.unwrap().json().await.unwrap();
        let id = buildings.iter().find(|b| b["name"] == building).expect("building")["id"].as_i64().unwrap();
        let units: Vec<Value> = admin
            .get(self.url(&format!("/api/buildings/{id}/units")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        units.into_iter().find(|u| u["number"] == number).expect("unit")
    }

    /// One text value from the database (a phone on file, a body).
    pub fn text(&self, sql: &str) -> String {
        let c = rusqlite::Connection::open(&self.db_path).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    pub fn count(&self, sql: &str) -> i64 {
        let c = rusqlite::Connection::open(&self.db_path).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

/// Asserts the API's one error shape and returns its body.
pub async fn expect_error(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let ct = response.headers().get("content-type").unwrap().to_str().unwrap().to_string();
    assert!(ct.starts_with("application/json"), "error content-type {ct}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string());
    body
}

/// A logged-in device that numbers its own mutations.
pub struct Device {
    pub client: Client,
    pub id: String,
    pub next: u64,
}

impl Device {
    pub async fn new(app: &TestApp, user: &str) -> Device {
        let client = app.browser();
        let me: Value = app.login(&client, user, PASSWORD).await.json().await.unwrap();
        Device { client, id: me["device_id"].as_str().unwrap().to_string(), next: 1 }
    }

    pub async fn push(&mut self, app: &TestApp, mutation: steward_domain::sync::Mutation) {
        let body = steward_domain::sync::protocol::PushRequest {
            client_id: self.id.clone(),
            mutations: vec![steward_domain::sync::protocol::Numbered { id: self.next, mutation }],
        };
        let r = self.client.post(app.url("/api/sync/push")).json(&body).send().await.unwrap();
        let status = r.status();
        assert_eq!(status, StatusCode::OK, "{}", r.text().await.unwrap_or_default());
        self.next += 1;
    }

    pub async fn pull(&self, app: &TestApp) -> steward_domain::sync::protocol::PullResponse {
        let body = steward_domain::sync::protocol::PullRequest {
            client_id: self.id.clone(),
            cursor: None,
            outcomes_after: 0,
            limit: None,
        };
        self.client.post(app.url("/api/sync/pull")).json(&body).send().await.unwrap().json().await.unwrap()
    }

    /// The outcome code of this device's last mutation (`None`: applied).
    pub async fn last_refusal(&self, app: &TestApp) -> Option<String> {
        let page = self.pull(app).await;
        page.outcomes
            .iter()
            .find(|o| o.mutation_id == self.next - 1)
            .map(|o| serde_json::to_value(o.code).unwrap().as_str().unwrap().to_string())
    }

    /// The refusal of the last change pushed, with the field it names.
    pub async fn last_refusal_field(&self, app: &TestApp) -> Option<(String, Option<String>)> {
        let page = self.pull(app).await;
        page.outcomes.iter().find(|o| o.mutation_id == self.next - 1).map(|o| {
            (
                serde_json::to_value(o.code).unwrap().as_str().unwrap().to_string(),
                o.field.map(|f| f.name().to_string()),
            )
        })
    }
}

/// A complete decoration application for `unit`, every required document received and signed.
pub fn decoration_application(unit: &str) -> steward_domain::decoration::record::NewDecoration {
    use steward_domain::decoration::documents::{Document, Scope, required};
    let scope = Scope::default();
    steward_domain::decoration::record::NewDecoration {
        unit: unit.into(),
        owner: "陈静".into(),
        contractor: "安居装饰公司".into(),
        workers: vec!["赵师傅".into()],
        planned_start: "2026-11-20".into(),
        planned_end: "2027-01-20".into(),
        working_hours: "08:00-18:00".into(),
        scope,
        documents: required(&scope)
            .into_iter()
            .map(|kind| Document { kind, received: true, signed: true })
            .collect(),
    }
}
