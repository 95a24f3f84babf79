//! The replica in IndexedDB: one database per device id (so two staff sharing a tablet
//! never mix outboxes), a `records` store with the confirmed records and a `meta` store
//! with the replica state (outbox, cursor, needs-attention). Each change is one IndexedDB
//! transaction, so a reload or a crash finds either the old state or the new, never half.
//!
//! A large pulled page (a new device's first pull) is stored as one value in `pages`:
//! IndexedDB takes one value of 5,000 rows ~30 times quicker than 5,000 rows, and that write
//! bounded how soon a new tablet was ready. Once the pull is done, [`DeviceStore::compact`]
//! writes the pages out as rows, one page per transaction. Reading reads the rows, then the
//! pages over them in order; while any page waits, every pull is stored as a page, so a
//! later change is never read under an older one.

use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use std::cell::Cell;
use steward_domain::sync::Kind;
use steward_sync::{RecordChanges, Replica, ReplicaState, StoredPage, StoredRow};
use wasm_bindgen::{JsCast, JsValue};

const RECORDS: &str = "records";
/// Pulled pages not yet written out as rows: key `[sequence, rows]`, value
/// `{ keys, rows, removals }` (the rows' keys and JSON texts, the removals as JSON).
const PAGES: &str = "pages";
/// A pulled page with at least this many records is stored as one value.
const PAGE_AS_ONE_VALUE: usize = 500;
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
    /// A compaction is running (one at a time).
    compacting: Cell<bool>,
    /// The engine's writes of its state, one at a time (see `SyncEngine::save`).
    turn: futures::lock::Mutex<()>,
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

/// Version 2 added the photo queue, 3 drafts' photos, 4 pulled pages.
const STORES_VERSION: u32 = 4;

/// Opens `name` at `version` (`None`: as it is), creating any store this build uses that it
/// lacks (creating a store that exists fails harmlessly).
async fn open_at(name: &str, version: Option<u32>) -> Result<Database, StoreFailure> {
    let mut request = Factory::new()?.open(name, version)?;
    request.on_upgrade_needed(|event| {
        if let Ok(db) = event.database() {
            for store in [RECORDS, META, PHOTOS, DRAFT_PHOTOS, PAGES] {
                let _ = db.create_object_store(store, ObjectStoreParams::new());
            }
        }
    });
    Ok(request.await?)
}

fn js_failure(e: JsValue) -> StoreFailure {
    StoreFailure(e.as_string().unwrap_or_else(|| "IndexedDB value unreadable".into()))
}

fn read_row(row: &JsValue) -> Result<StoredRow, StoreFailure> {
    Ok(serde_json::from_str::<StoredRow>(&row.as_string().unwrap_or_default())?)
}

/// A page's sequence number, from its key `[sequence, rows]`.
fn page_number(key: &JsValue) -> u32 {
    js_sys::Reflect::get_u32(key, 0).ok().and_then(|n| n.as_f64()).unwrap_or(0.0) as u32
}

/// `{ keys, rows, removals }`: each row's key and JSON text as `records` keeps them.
fn page_value(changes: &RecordChanges) -> Result<JsValue, StoreFailure> {
    let (keys, rows) = (js_sys::Array::new(), js_sys::Array::new());
    for upsert in &changes.upserts {
        let ((kind, id), _) = upsert;
        keys.push(&key(*kind, id));
        rows.push(&JsValue::from_str(&StoredRow::json(upsert)));
    }
    let page = js_sys::Object::new();
    let set = |name: &str, value: &JsValue| js_sys::Reflect::set(&page, &JsValue::from_str(name), value);
    set("keys", &keys).map_err(js_failure)?;
    set("rows", &rows).map_err(js_failure)?;
    set("removals", &JsValue::from_str(&serde_json::to_string(&changes.removals)?)).map_err(js_failure)?;
    Ok(page.into())
}

fn read_page(page: &JsValue) -> Result<StoredPage, StoreFailure> {
    let field = |name: &str| js_sys::Reflect::get(page, &JsValue::from_str(name)).map_err(js_failure);
    let rows: js_sys::Array = field("rows")?.unchecked_into();
    let rows = rows.iter().map(|row| read_row(&row)).collect::<Result<Vec<_>, _>>()?;
    let removals = serde_json::from_str(&field("removals")?.as_string().unwrap_or_default())?;
    Ok(StoredPage { rows, removals })
}

impl DeviceStore {
    pub async fn open(client_id: &str) -> Result<Self, StoreFailure> {
        let name = format!("steward-{client_id}");
        // As it stands: a database a newer build has upgraded further (its stores are a
        // superset of these) opens as it is, never refused for its version — the shell this
        // device falls back to offline may be an older build than the one that upgraded it.
        let db = open_at(&name, None).await?;
        let db = if db.version()? >= STORES_VERSION {
            db
        } else {
            db.close();
            open_at(&name, Some(STORES_VERSION)).await?
        };
        // Ask the browser not to evict this data under storage pressure.
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().storage().persist();
        }
        Ok(DeviceStore { db, compacting: Cell::new(false), turn: futures::lock::Mutex::new(()) })
    }

    /// Removes `client_id`'s replica from this browser (its outbox is with the server).
    /// Every `DeviceStore` of it must be dropped first, or the browser waits for it.
    pub async fn delete(client_id: &str) -> Result<(), StoreFailure> {
        Factory::new()?.delete(&format!("steward-{client_id}"))?.await?;
        Ok(())
    }

    /// The stored replica, or a fresh one for `client_id`.
    pub async fn load(&self, client_id: &str) -> Result<Replica, StoreFailure> {
        let tx = self.db.transaction(&[RECORDS, PAGES, META], TransactionMode::ReadOnly)?;
        let state = tx.object_store(META)?.get(JsValue::from_str(STATE_KEY))?.await?;
        let rows = tx.object_store(RECORDS)?.get_all(None, None)?.await?;
        let pages = tx.object_store(PAGES)?.get_all(None, None)?.await?;
        tx.await?;
        let Some(state) = state.and_then(|s| s.as_string()) else { return Ok(Replica::new(client_id)) };
        let state: ReplicaState = serde_json::from_str(&state)?;
        let rows = rows.iter().map(read_row).collect::<Result<Vec<_>, _>>()?;
        let pages = pages.iter().map(read_page).collect::<Result<Vec<_>, _>>()?;
        Ok(steward_sync::restore_paged(state, rows, pages))
    }

    /// Waits for the engine's turn to write its state; the turn ends when the guard drops.
    pub async fn writing(&self) -> futures::lock::MutexGuard<'_, ()> {
        self.turn.lock().await
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
        let tx = self.db.transaction(&[RECORDS, PAGES, META], TransactionMode::ReadWrite)?;
        let records = tx.object_store(RECORDS)?;
        let pages = tx.object_store(PAGES)?;
        if changes.reset {
            records.clear()?.await?;
            pages.clear()?.await?;
        }
        // Decided inside the transaction (IndexedDB runs writing transactions on a store one
        // after another): no other write can slip between what is read here and what is put.
        let waiting = pages.get_all_keys(None, None)?.await?;
        if waiting.is_empty() && changes.upserts.len() < PAGE_AS_ONE_VALUE {
            for upsert in &changes.upserts {
                let ((kind, id), _) = upsert;
                records.put(&JsValue::from_str(&StoredRow::json(upsert)), Some(&key(*kind, id)))?;
            }
            for (kind, id) in &changes.removals {
                records.delete(key(*kind, id))?;
            }
        } else {
            let number = waiting.last().map_or(0, |last| page_number(last) + 1);
            let key = js_sys::Array::of2(&number.into(), &(changes.upserts.len() as u32).into());
            pages.put(&page_value(changes)?, Some(&key))?;
        }
        tx.object_store(META)?
            .put(&JsValue::from_str(&serde_json::to_string(state)?), Some(&JsValue::from_str(STATE_KEY)))?;
        tx.commit()?.await?;
        Ok(())
    }

    /// Writes the waiting pages out as rows, oldest first, one page per transaction (each
    /// page's rows and its removal from `PAGES` together), yielding between pages so the
    /// screens stay responsive. Run once a pull is done; a second call while one runs returns.
    pub async fn compact(&self) -> Result<(), StoreFailure> {
        if self.compacting.replace(true) {
            return Ok(());
        }
        let done = self.compact_pages().await;
        self.compacting.set(false);
        done
    }

    async fn compact_pages(&self) -> Result<(), StoreFailure> {
        loop {
            let tx = self.db.transaction(&[RECORDS, PAGES], TransactionMode::ReadWrite)?;
            let pages = tx.object_store(PAGES)?;
            let Some(page_key) = pages.get_all_keys(None, Some(1))?.await?.into_iter().next() else {
                break;
            };
            let Some(page) = pages.get(page_key.clone())?.await? else { break };
            let records = tx.object_store(RECORDS)?;
            let field = |name: &str| js_sys::Reflect::get(&page, &JsValue::from_str(name));
            let keys: js_sys::Array = field("keys").map_err(js_failure)?.unchecked_into();
            let rows: js_sys::Array = field("rows").map_err(js_failure)?.unchecked_into();
            for (row, row_key) in rows.iter().zip(keys.iter()) {
                records.put(&row, Some(&row_key))?;
            }
            let removals: Vec<(Kind, String)> = serde_json::from_str(
                &field("removals").map_err(js_failure)?.as_string().unwrap_or_default(),
            )?;
            for (kind, id) in &removals {
                records.delete(key(*kind, id))?;
            }
            pages.delete(page_key)?;
            tx.commit()?.await?;
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        Ok(())
    }

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
