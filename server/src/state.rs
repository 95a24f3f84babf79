//! What every handler can reach.

use crate::db::Db;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use steward_domain::throttle::Throttle;

#[derive(Debug, Clone)]
pub struct Config {
    pub db_path: PathBuf,
    /// The built SPA (`dist/`, from scripts/build-app.sh); `None` serves the API only.
    pub static_dir: Option<PathBuf>,
    pub seed_demo: bool,
    /// With the demo: also a decoration under way to patrol (`steward serve`; tests make
    /// their own records).
    pub demo_records: bool,
    /// Mark cookies `Secure` even without `X-Forwarded-Proto: https` (TLS ends at a proxy).
    pub secure_cookies: bool,
    /// Added to the clock that stamps what happens (dispatch, arrival…). Always 0 in
    /// service; end-to-end tests restart the server with it to let 20 minutes pass at once.
    pub clock_offset_secs: i64,
    /// The reverse proxy whose `X-Forwarded-For` is believed; nobody else's is.
    pub trusted_proxy: Option<IpAddr>,
    /// Where nightly backups go (their age is a metric).
    pub backup_dir: Option<PathBuf>,
    /// The counter tablet's screen lock, in idle seconds, instead of the domain's 10
    /// minutes (`serve --counter-idle-minutes`; end-to-end tests use a few seconds).
    pub counter_idle_secs: Option<u32>,
}

impl Config {
    /// The client's address: the TCP peer, or — when the peer is the trusted proxy — the
    /// address the proxy appended last to `X-Forwarded-For` (earlier entries are the
    /// client's own claims and are ignored).
    pub fn client_ip(&self, peer: IpAddr, headers: &axum::http::HeaderMap) -> IpAddr {
        if self.trusted_proxy != Some(peer) {
            return peer;
        }
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .last()
            .and_then(|a| a.trim().parse().ok())
            .unwrap_or(peer)
    }
}

impl Config {
    /// After how many idle seconds `role`'s screen locks, if it does.
    pub fn idle_lock_secs(&self, role: steward_domain::Role) -> Option<u32> {
        match role {
            steward_domain::Role::Receptionist => self.counter_idle_secs.or(role.idle_lock_secs()),
            other => other.idle_lock_secs(),
        }
    }

    /// The time stamped on changes.
    pub fn now(&self) -> steward_domain::clock::Timestamp {
        let now = chrono::Utc::now() + chrono::Duration::seconds(self.clock_offset_secs);
        steward_domain::clock::Timestamp::from_utc(now)
    }
}

pub type LoginThrottle = Throttle<(String, IpAddr), IpAddr>;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub throttle: Arc<Mutex<LoginThrottle>>,
    /// Failures per account across addresses (strangers' browsers only).
    pub account_budget: Arc<Mutex<steward_domain::throttle::AccountBudget>>,
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Password hashing and checks, two at a time.
    pub passwords: Arc<crate::auth::password::PasswordPool>,
    /// Owners' number + phone lookups: per (ticket, address), per address, per ticket.
    pub owner_throttle: Arc<Mutex<steward_domain::lookup_throttle::LookupThrottle<IpAddr>>>,
    /// Households' unit + phone checks on the notice and survey pages: per (unit, address),
    /// per address, per unit.
    pub home_throttle: Arc<Mutex<steward_domain::lookup_throttle::LookupThrottle<IpAddr, u64>>>,
    /// Unit imports run one at a time (each is written in several transactions).
    pub import_lock: Arc<tokio::sync::Mutex<()>>,
    /// Checks of the duty log's chain run one at a time.
    pub verifying: Arc<tokio::sync::Mutex<()>>,
}
