//! Offline-first sync, the parts both sides share: the records that sync, the named
//! mutations that change them (validated and applied by the same code on the device,
//! optimistically, and on the server, authoritatively), and the push/pull protocol.
//!
//! The server applies mutations in one total order (like Replicache): each device numbers
//! its mutations 1, 2, 3…; the server applies each `(client_id, mutation_id)` at most
//! once, records permanent rejections, and hands out changes by a versioned cursor.

pub mod commands;
pub mod mutation;
pub mod protocol;
pub mod records;
pub mod redact;
pub mod store;
mod typed;
pub mod working_set;

pub use mutation::{Ctx, Mutation, Rejection, RejectionCode};
pub use records::Kind;
pub use store::{MemStore, Store, StoreError};
