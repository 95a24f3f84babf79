//! Staff authentication: passwords, sessions, devices, throttling and role checks.

pub mod credentials;
pub mod password;
pub mod session;
pub mod trust;

pub use session::Staff;
