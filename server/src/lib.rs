//! Steward's server: the authoritative records on SQLite, staff auth, and the SPA.

pub mod auth;
pub mod backup;
pub mod db;
pub mod error;
pub mod escalation;
pub mod home_access;
pub mod json_body;
pub mod listen;
pub mod metrics;
pub mod owner_access;
pub mod owner_page;
pub mod report_page;
pub mod retention;
pub mod routes;
pub mod security_headers;
pub mod seed;
pub mod state;
pub mod static_files;
pub mod sync;
pub mod xlsx;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use state::{AppState, Config};
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Db(#[from] db::DbError),
    #[error("seeding the demo property: {0}")]
    Seed(#[from] seed::SeedError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the database (migrating and seeding as configured) into the handlers' state.
pub fn open(config: Config) -> Result<AppState, StartError> {
    if let Some(parent) = config.db_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let db = db::Db::open(&config.db_path)?;
    if config.seed_demo && seed::seed_if_empty(&db, config.demo_records)? {
        tracing::info!("seeded the demo property {}", seed::DEMO_PROPERTY);
    }
    Ok(AppState {
        db,
        config: Arc::new(config),
        throttle: Arc::new(Mutex::new(Default::default())),
        account_budget: Arc::new(Mutex::new(Default::default())),
        passwords: Arc::new(Default::default()),
        metrics: Arc::new(Default::default()),
        owner_throttle: Arc::new(Mutex::new(Default::default())),
        home_throttle: Arc::new(Mutex::new(Default::default())),
        import_lock: Arc::new(Default::default()),
        verifying: Arc::new(Default::default()),
    })
}

pub fn router(state: AppState) -> Router {
    // API answers are not cached, unless the handler says otherwise (photos never change).
    let api = routes::api().layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ));
    let mut app = Router::new()
        .route("/healthz", get(routes::health::healthz))
        .route("/metrics", get(routes::metrics::for_admin))
        .nest("/api", api)
        .merge(owner_page::router())
        .with_state(state.clone());
    if let Some(dir) = &state.config.static_dir {
        app = app.merge(static_files::router(dir.clone()));
    }
    let app = app.layer(axum::middleware::from_fn_with_state(state.metrics.clone(), metrics::record));
    let policy = Arc::new(security_headers::AppPolicy::new(state.config.static_dir.as_deref()));
    app.layer(axum::middleware::from_fn(move |req, next| security_headers::add(policy.clone(), req, next)))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
}

/// The span each request is logged in: its method and path with the owner's link token
/// taken out (`/t/<token>`), and no query string: a log is read by more people than the
/// owner's link was meant for.
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::debug_span!("request", method = %req.method(), path = %loggable_path(req.uri().path()))
}

pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix("/t/") {
        Some(rest) => {
            let tail = rest.split_once('/').map(|(_, t)| format!("/{t}")).unwrap_or_default();
            format!("/t/<token>{tail}").into()
        }
        None => path.into(),
    }
}

/// Serves until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let limits = listen::Limits { proxy: state.config.trusted_proxy, ..listen::Limits::default() };
    serve_with(listener, state, limits, shutdown).await
}

/// [`serve`] within other connection limits (tests use short timeouts).
pub async fn serve_with(
    listener: TcpListener,
    state: AppState,
    limits: listen::Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    escalation::spawn(state.clone());
    retention::spawn(state.clone());
    listen::serve(listener, router(state), limits, shutdown).await;
    Ok(())
}
