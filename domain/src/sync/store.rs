//! Where mutations read and write records: SQLite on the server, memory on the device.

use super::records::Kind;
use serde_json::Value;
use std::collections::BTreeMap;

/// A failure of the storage itself (not of the mutation): on the server it aborts the
/// batch so the client retries; it is never recorded as the mutation's rejection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("storage failed: {0}")]
pub struct StoreError(pub String);

/// A record as stored: its body and the server version that last wrote it (0 when the
/// change exists only on this device).
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub version: u64,
    pub body: Value,
}

pub trait Store {
    fn get(&self, kind: Kind, id: &str) -> Result<Option<Stored>, StoreError>;
    /// Inserts or replaces; the store assigns the version.
    fn put(&mut self, kind: Kind, id: &str, body: Value) -> Result<(), StoreError>;
    fn delete(&mut self, kind: Kind, id: &str) -> Result<(), StoreError>;
}

/// Records in memory: the device's view, and the model in tests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemStore {
    pub records: BTreeMap<(Kind, String), Stored>,
    /// The version `put` stamps on records (0 on a device: not yet confirmed).
    pub stamp: u64,
}

impl Store for MemStore {
    fn get(&self, kind: Kind, id: &str) -> Result<Option<Stored>, StoreError> {
        Ok(self.records.get(&(kind, id.to_string())).cloned())
    }
    fn put(&mut self, kind: Kind, id: &str, body: Value) -> Result<(), StoreError> {
        self.records.insert((kind, id.to_string()), Stored { version: self.stamp, body });
        Ok(())
    }
    fn delete(&mut self, kind: Kind, id: &str) -> Result<(), StoreError> {
        self.records.remove(&(kind, id.to_string()));
        Ok(())
    }
}
