//! Sync on the device: the replica (from `steward-sync`) kept in IndexedDB, and the loop
//! that pushes the outbox and pulls changes whenever the server can be reached.

pub mod device_store;
pub mod engine;
mod hand_in;
mod photo_queue;
pub mod rules;
pub mod tab_lock;

pub use engine::{SyncEngine, use_sync};
