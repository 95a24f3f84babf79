//! The replica in IndexedDB: one database per device id (so two staff sharing a tablet
//! never mix outboxes), a `records` store with the confirmed records and a `meta` store
//! with the replica state (outbox, cursor, needs-attention). Each change is one IndexedDB
//! transaction, so a reload or a crash finds either the old state or the new, never half.

use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use steward_domain::sync::Kind;
use steward_sync::{RecordChanges, Replica, ReplicaState, StoredRow};
use wasm_bindgen::{JsCast, JsValue};

const RECORDS: &str = "records";
const META: &str = "meta";
/// Photos taken here and not yet uploaded: id → `{ blob, sha256 }`.
const PHOTOS: &str = "photos";
/// Photos of a form's draft (a patrol not yet submitted): kept, never uploaded.
pub const DRAFT_PHOTOS: &str = "draft_photos";
const STATE_KEY: &str = "state";

#[derive(Debug, Clone)]
pub struct StoreFailure(pub String);

impl From<idb::Error> for StoreFailure {
    fn from(e: idb::Error) -> Self {
        StoreFailure(e.to_string())
    }
}

impl From<serde_json::Error> for StoreFailure {
    fn from(e: serde_json::Error) -> Self {
        StoreFailure(e.to_string())
    }
}

pub struct DeviceStore {
    db: Database,
}

/// The connection closes with its last user: a replica left behind (another account's, once
/// its sign-out drops it) can then be deleted without the browser waiting on it.
impl Drop for DeviceStore {
    fn drop(&mut self) {
        self.db.close();
    }
}

fn key(kind: Kind, id: &str) -> JsValue {
    JsValue::from_str(&format!("{}/{id}", kind.as_str()))
}

impl DeviceStore {
    pub async fn open(client_id: &str) -> Result<Self, StoreFailure> {
        let factory = Factory::new()?;
        // Version 2 added the photo queue, 3 drafts' photos; creating a store that exists
        // fails harmlessly.
        let mut request = factory.open(&format!("steward-{client_id}"), Some(3))?;
        request.on_upgrade_needed(|event| {
            if let Ok(db) = event.database() {
                for store in [RECORDS, META, PHOTOS, DRAFT_PHOTOS] {
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
        });
        let db = request.await?;
        // Ask the browser not to evict this data under storage pressure.
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().storage().persist();
        }
        Ok(DeviceStore { db })
    }

    /// Removes `client_id`'s replica from this browser (its outbox is with the server).
    /// Every `DeviceStore` of it must be dropped first, or the browser waits for it.
    pub async fn delete(client_id: &str) -> Result<(), StoreFailure> {
        Factory::new()?.delete(&format!("steward-{client_id}"))?.await?;
        Ok(())
    }

    /// The stored replica, or a fresh one for `client_id`.
    pub async fn load(&self, client_id: &str) -> Result<Replica, StoreFailure> {
        let tx = self.db.transaction(&[RECORDS, META], TransactionMode::ReadOnly)?;
        let state = tx.object_store(META)?.get(JsValue::from_str(STATE_KEY))?.await?;
        let rows = tx.object_store(RECORDS)?.get_all(None, None)?.await?;
        tx.await?;
        let Some(state) = state.and_then(|s| s.as_string()) else { return Ok(Replica::new(client_id)) };
        let state: ReplicaState = serde_json::from_str(&state)?;
        let rows = rows
            .into_iter()
            .map(|row| serde_json::from_str::<StoredRow>(&row.as_string().unwrap_or_default()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(steward_sync::restore_rows(state, rows))
    }

    /// After a local mutation or a push: the outbox and counters.
    pub async fn save_state(&self, state: &ReplicaState) -> Result<(), StoreFailure> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        tx.object_store(META)?
            .put(&JsValue::from_str(&serde_json::to_string(state)?), Some(&JsValue::from_str(STATE_KEY)))?
            .await?;
        tx.commit()?.await?;
        Ok(())
    }

    /// After a pull page: its record changes and the new state, together.
    pub async fn save_pull(&self, changes: &RecordChanges, state: &ReplicaState) -> Result<(), StoreFailure> {
        let tx = self.db.transaction(&[RECORDS, META], TransactionMode::ReadWrite)?;
        let records = tx.object_store(RECORDS)?;
        if changes.reset {
            records.clear()?.await?;
        }
        for upsert in &changes.upserts {
            let ((kind, id), _) = upsert;
            records.put(&JsValue::from_str(&StoredRow::json(upsert)), Some(&key(*kind, id)))?;
        }
        for (kind, id) in &changes.removals {
            records.delete(key(*kind, id))?;
        }
        tx.object_store(META)?
            .put(&JsValue::from_str(&serde_json::to_string(state)?), Some(&JsValue::from_str(STATE_KEY)))?;
        tx.commit()?.await?;
        Ok(())
    }

    /// Keeps a photo until it is uploaded (it survives reloads and days offline).
    pub async fn put_photo(&self, id: &str, blob: &web_sys::Blob, sha256: &str) -> Result<(), StoreFailure> {
        self.put_blob(PHOTOS, id, blob, sha256).await
    }

    /// Keeps a photo in `store` (the upload queue, or a draft's photos).
    pub async fn put_blob(
        &self,
        store: &str,
        id: &str,
        blob: &web_sys::Blob,
        sha256: &str,
    ) -> Result<(), StoreFailure> {
        let value = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&value, &JsValue::from_str(k), v);
        set("blob", blob)
            .and(set("sha256", &JsValue::from_str(sha256)))
            .map_err(|_| StoreFailure("photo".into()))?;
        let tx = self.db.transaction(&[store], TransactionMode::ReadWrite)?;
        tx.object_store(store)?.put(&value, Some(&JsValue::from_str(id)))?;
        tx.commit()?.await?;
        Ok(())
    }

    /// A photo still waiting here: its bytes and hash.
    pub async fn photo(&self, id: &str) -> Result<Option<(web_sys::Blob, String)>, StoreFailure> {
        self.blob(PHOTOS, id).await
    }

    pub async fn blob(&self, store: &str, id: &str) -> Result<Option<(web_sys::Blob, String)>, StoreFailure> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly)?;
        let value = tx.object_store(store)?.get(JsValue::from_str(id))?.await?;
        let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).ok();
        Ok(value.and_then(|v| {
            let blob = get(&v, "blob")?.dyn_into::<web_sys::Blob>().ok()?;
            Some((blob, get(&v, "sha256")?.as_string()?))
        }))
    }

    pub async fn waiting_photos(&self) -> Result<Vec<String>, StoreFailure> {
        let tx = self.db.transaction(&[PHOTOS], TransactionMode::ReadOnly)?;
        let keys = tx.object_store(PHOTOS)?.get_all_keys(None, None)?.await?;
        Ok(keys.into_iter().filter_map(|k| k.as_string()).collect())
    }

    /// The server has it (or refused it for good).
    pub async fn forget_photo(&self, id: &str) -> Result<(), StoreFailure> {
        self.forget_blob(PHOTOS, id).await
    }

    pub async fn forget_blob(&self, store: &str, id: &str) -> Result<(), StoreFailure> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadWrite)?;
        tx.object_store(store)?.delete(JsValue::from_str(id))?;
        tx.commit()?.await?;
        Ok(())
    }
}
