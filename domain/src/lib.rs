//! Steward's domain: the words, records and rules of a property service desk.
//!
//! This crate does no IO so that the SPA (wasm) and the server run the very same
//! validation: a form refuses exactly what the server would refuse.

pub mod account;
pub mod announcement;
pub mod api;
pub mod apply;
pub mod arrears;
pub mod bounded;
pub mod clock;
pub mod coverage;
pub mod decoration;
pub mod deposit;
pub mod directory;
pub mod duty_log;
pub mod error;
pub mod field;
pub mod handover;
pub mod ids;
pub mod import;
pub mod keys;
pub mod log_chain;
pub mod lookup_throttle;
pub mod money;
pub mod patrol;
pub mod phone;
pub mod photo;
pub mod property;
pub mod release;
pub mod report;
pub mod role;
pub mod settings;
pub mod shift;
pub mod staff;
pub mod survey;
pub mod sync;
pub mod throttle;
pub mod ticket;
pub mod visit;

pub use error::ErrorCode;
pub use role::Role;
