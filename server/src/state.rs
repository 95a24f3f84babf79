//! What every handler can reach.

use crate::db::Db;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use steward_domain::throttle::Throttle;

#[derive(Debug, Clone)]
pub struct Config {
    pub db_path: PathBuf,
    /// The built SPA (trunk's `dist/`); `None` serves the API only.
    pub static_dir: Option<PathBuf>,
    pub seed_demo: bool,
    /// Mark cookies `Secure` even without `X-Forwarded-Proto: https` (TLS ends at a proxy).
    pub secure_cookies: bool,
}

pub type LoginThrottle = Throttle<(String, IpAddr), IpAddr>;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub throttle: Arc<Mutex<LoginThrottle>>,
    /// Owners guessing ticket numbers/phones: per ticket and per address.
    pub owner_throttle: Arc<Mutex<LoginThrottle>>,
}
