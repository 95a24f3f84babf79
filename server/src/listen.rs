//! Accepting connections with bounds, so a slow or hostile client cannot starve the staff:
//! a request's headers must arrive within [`Limits::headers`] (which also closes a
//! keep-alive connection left idle), its body within [`Limits::body`], and connections are
//! capped in all and per address — over the cap a new connection is closed at once, before
//! anything is read. Out of file descriptors, accepting pauses briefly instead of spinning.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How long and how many.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// To send a request's headers (and, between requests, how long a connection may idle).
    pub headers: Duration,
    /// Between two pieces of a request's body (a photo's chunk is 128 KiB)…
    pub body: Duration,
    /// …and for the whole request, answered (408 past it): a body dripped a byte at a time
    /// cannot hold a connection.
    pub request: Duration,
    /// The reverse proxy in front: every client arrives from it, so it has no per-address cap.
    pub proxy: Option<IpAddr>,
    pub connections: usize,
    pub per_address: usize,
    /// In-flight requests finish within this after shutdown is asked for.
    pub drain: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            headers: Duration::from_secs(10),
            body: Duration::from_secs(30),
            request: Duration::from_secs(60),
            proxy: None,
            connections: 4096,
            per_address: 256,
            drain: Duration::from_secs(10),
        }
    }
}

/// Live connections per address; a slot is given back when its connection ends.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

struct AddressSlot {
    table: Arc<PerAddress>,
    ip: IpAddr,
}

impl PerAddress {
    fn claim(table: &Arc<PerAddress>, ip: IpAddr, max: usize) -> Option<AddressSlot> {
        let mut t = table.0.lock().ok()?;
        let n = t.entry(ip).or_default();
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(AddressSlot { table: table.clone(), ip })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        if let Ok(mut t) = self.table.0.lock()
            && let Some(n) = t.get_mut(&self.ip)
        {
            *n -= 1;
            if *n == 0 {
                t.remove(&self.ip);
            }
        }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` resolves, then lets in-flight
/// requests finish (for at most `limits.drain`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let total = Arc::new(Semaphore::new(limits.connections));
    let per_address = Arc::new(PerAddress::default());
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let app = tower::ServiceBuilder::new()
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.request,
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(limits.body))
        .service(app);
    // HTTP/1.1 only: browsers speak HTTP/2 over TLS, which ends at the proxy in front.
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.headers);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // EMFILE and the like: wait for connections to end rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = total.clone().try_acquire_owned() else {
            tracing::debug!(%peer, "connection refused: the server is at its connection cap");
            continue;
        };
        let cap = if limits.proxy == Some(peer.ip()) { limits.connections } else { limits.per_address };
        let Some(slot) = PerAddress::claim(&per_address, peer.ip(), cap) else {
            tracing::debug!(%peer, "connection refused: the address is at its cap");
            continue;
        };
        let service = app.clone().map_request(move |mut req: axum::http::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::trace!(error = %e, "connection ended");
            }
            drop((permit, slot));
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.drain, graceful.shutdown()).await.is_err() {
        tracing::warn!("connections still open after the drain time; closing them");
    }
}
