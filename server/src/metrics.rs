//! What an operator watches, in Prometheus' text format: requests by route and status,
//! latency by route, bytes in and out (push and pull sizes), login failures, throttle
//! refusals, the database's size and the newest backup's age. Served to the admin at
//! `/metrics`, and open on `serve --metrics-listen` (an internal address for the scraper).

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BodyLabels {
    route: String,
    direction: &'static str,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    bytes: Family<BodyLabels, Counter>,
    login_failures: Counter,
    throttled: Family<RouteLabels, Counter>,
    database_bytes: Gauge<u64, AtomicU64>,
    backup_age_seconds: Gauge<u64, AtomicU64>,
    duty_log_head: Family<HeadLabels, Gauge<u64, AtomicU64>>,
}

/// The duty log chain's head: its place (the value) and that link's hash (the label).
#[derive(Clone, Debug, Hash, PartialEq, Eq, prometheus_client::encoding::EncodeLabelSet)]
struct HeadLabels {
    hash: String,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("steward");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 14))
        });
        let bytes = Family::<BodyLabels, Counter>::default();
        let login_failures = Counter::default();
        let throttled = Family::<RouteLabels, Counter>::default();
        let database_bytes = Gauge::<u64, AtomicU64>::default();
        let backup_age_seconds = Gauge::<u64, AtomicU64>::default();
        let duty_log_head = Family::<HeadLabels, Gauge<u64, AtomicU64>>::default();
        registry.register(
            "duty_log_head",
            "The duty log chain's last place, its link's hash as the label (steward verify-log --anchor SEQ:HASH)",
            duty_log_head.clone(),
        );
        registry.register("http_requests", "Requests by route, method and status", requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer, by route", latency.clone());
        registry.register(
            "http_body_bytes",
            "Bytes received and sent, by route (push and pull sizes)",
            bytes.clone(),
        );
        registry.register(
            "login_failures",
            "Logins refused for a wrong username or password",
            login_failures.clone(),
        );
        registry.register(
            "throttle_refusals",
            "Requests refused by a throttle or a full password queue",
            throttled.clone(),
        );
        registry.register(
            "database_bytes",
            "Size of the database and its write-ahead log",
            database_bytes.clone(),
        );
        registry.register(
            "backup_age_seconds",
            "Age of the newest nightly backup",
            backup_age_seconds.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            bytes,
            login_failures,
            throttled,
            database_bytes,
            backup_age_seconds,
            duty_log_head,
        }
    }
}

fn content_length(h: &axum::http::HeaderMap) -> u64 {
    h.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Counts every request (by its route pattern, never its URL: tokens stay out).
pub async fn record(State(m): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route =
        request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| {
            if request.uri().path().starts_with("/api/") { "/api/*".into() } else { "static".into() }
        });
    let method = request.method().to_string();
    let received = content_length(request.headers());
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status();
    m.requests.get_or_create(&RequestLabels { route: route.clone(), method, status: status.as_u16() }).inc();
    m.latency.get_or_create(&RouteLabels { route: route.clone() }).observe(started.elapsed().as_secs_f64());
    m.bytes.get_or_create(&BodyLabels { route: route.clone(), direction: "in" }).inc_by(received);
    m.bytes
        .get_or_create(&BodyLabels { route: route.clone(), direction: "out" })
        .inc_by(content_length(response.headers()));
    if status == StatusCode::TOO_MANY_REQUESTS {
        m.throttled.get_or_create(&RouteLabels { route: route.clone() }).inc();
    }
    if status == StatusCode::UNAUTHORIZED && route == "/api/auth/login" {
        m.login_failures.inc();
    }
    response
}

impl Metrics {
    /// The text exposition, with the gauges read now: the database file (and its WAL) at
    /// `db`, the newest backup in `backups`.
    pub fn render(&self, db: &Path, backups: Option<&Path>, head: Option<(u64, String)>) -> String {
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        self.database_bytes.set(size(db) + size(Path::new(&wal)));
        if let Some(dir) = backups {
            let age = crate::backup::newest_age(dir).map(|a| a.as_secs()).unwrap_or(u64::MAX / 2);
            self.backup_age_seconds.set(age);
        }
        self.duty_log_head.clear();
        if let Some((seq, hash)) = head {
            self.duty_log_head.get_or_create(&HeadLabels { hash }).set(seq);
        }
        let mut out = String::new();
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        if backups.is_none() {
            // Backups off: no age at all, rather than a 0 that reads as "just backed up".
            out = out
                .lines()
                .filter(|l| !l.contains("steward_backup_age_seconds"))
                .map(|l| format!("{l}\n"))
                .collect();
        }
        out
    }
}

/// The exposition as an HTTP answer.
pub fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], body)
        .into_response()
}
