//! The photo queue: photos are kept in IndexedDB before the record that refers to them is
//! made, and uploaded one by one after each sync. A photo the server already has (a lost
//! answer, a retry) is accepted again; a weak connection only delays the pictures.

use super::device_store::DeviceStore;
use super::engine::{MutateError, SyncEngine};
use crate::photos::Taken;
use gloo_net::http::Request;
use leptos::prelude::*;
use std::rc::Rc;
use steward_domain::photo::{CHUNK_BYTES, UploadState};
use steward_domain::sync::Mutation;
use wasm_bindgen::JsValue;

impl SyncEngine {
    fn device_store(&self) -> Option<Rc<DeviceStore>> {
        self.with(|i| i.store.clone())
    }

    async fn count_waiting(&self, store: &DeviceStore) {
        if let Ok(ids) = store.waiting_photos().await {
            self.photos_waiting.set(ids.len());
        }
    }

    /// Keeps `taken` for upload, then makes `mutation` (which refers to them). If the
    /// mutation is refused, the photos are let go.
    pub async fn attach_photos(&self, taken: Vec<Taken>, mutation: Mutation) -> Result<(), MutateError> {
        let store = self.device_store().ok_or(MutateError::NotReady)?;
        for t in &taken {
            store
                .put_photo(&t.photo.id, &t.blob, &t.photo.sha256)
                .await
                .map_err(|_| MutateError::NotReady)?;
        }
        let made = self.mutate(mutation);
        if made.is_err() {
            for t in &taken {
                let _ = store.forget_photo(&t.photo.id).await;
            }
        }
        self.count_waiting(&store).await;
        self.sync_now();
        made
    }

    /// Queues the photos of a record the server took directly (the supervisor's approval at
    /// the desk): uploaded on the next sync like any other.
    pub async fn queue_photos(&self, taken: &[Taken]) {
        let Some(store) = self.device_store() else { return };
        for t in taken {
            let _ = store.put_photo(&t.photo.id, &t.blob, &t.photo.sha256).await;
        }
        self.count_waiting(&store).await;
        self.sync_now();
    }

    /// Keeps a draft's photo on the device (not for upload) until the form is submitted.
    pub async fn keep_draft_photo(&self, t: &Taken) {
        if let Some(store) = self.device_store() {
            let _ = store
                .put_blob(super::device_store::DRAFT_PHOTOS, &t.photo.id, &t.blob, &t.photo.sha256)
                .await;
        }
    }

    /// A draft's photo, as taken.
    pub async fn draft_photo(&self, photo: &steward_domain::photo::PhotoRef) -> Option<Taken> {
        // Right after a reload the device's store is still opening: wait for it (a few seconds).
        let mut store = self.device_store();
        for _ in 0..50 {
            if store.is_some() {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(100).await;
            store = self.device_store();
        }
        let store = store?;
        let (blob, _) = store.blob(super::device_store::DRAFT_PHOTOS, &photo.id).await.ok()??;
        Some(Taken { photo: photo.clone(), blob })
    }

    /// The draft was submitted (its photos are in the upload queue now) or discarded.
    pub async fn forget_draft_photos(&self, ids: Vec<String>) {
        if let Some(store) = self.device_store() {
            for id in ids {
                let _ = store.forget_blob(super::device_store::DRAFT_PHOTOS, &id).await;
            }
        }
    }

    /// An object URL for a photo still on this device, if it is.
    pub async fn waiting_photo_url(&self, id: &str) -> Option<String> {
        let (blob, _) = self.device_store()?.photo(id).await.ok()??;
        web_sys::Url::create_object_url_with_blob(&blob).ok()
    }

    /// Uploads waiting photos, oldest id first, in pieces; stops at the first network
    /// failure (the next sync resumes each photo where the server's copy ends).
    pub(super) async fn upload_photos(&self) {
        let Some(store) = self.device_store() else { return };
        let Ok(ids) = store.waiting_photos().await else { return };
        for id in ids {
            let Ok(Some((blob, sha))) = store.photo(&id).await else { continue };
            match send_in_pieces(&id, &blob, &sha).await {
                // Stored, or refused for good (damaged, id taken): nothing more to try.
                Ok(()) | Err(Stop::Refused) => {
                    let _ = store.forget_photo(&id).await;
                }
                // Offline, signed out, server trouble: try again next time.
                Err(Stop::Later) => break,
            }
        }
        self.count_waiting(&store).await;
    }
}

enum Stop {
    Refused,
    Later,
}

async fn piece(id: &str, sha: &str, length: u64, offset: u64, body: JsValue) -> Result<UploadState, Stop> {
    let request = Request::post(&format!("/api/photos/{id}/chunks"))
        .header("x-content-sha256", sha)
        .header("upload-length", &length.to_string())
        .header("upload-offset", &offset.to_string())
        .header("content-type", "application/octet-stream")
        .body(body)
        .map_err(|_| Stop::Later)?;
    let response = request.send().await.map_err(|_| Stop::Later)?;
    match response.status() {
        200 => response.json::<UploadState>().await.map_err(|_| Stop::Later),
        409 | 413 | 422 => Err(Stop::Refused),
        _ => Err(Stop::Later),
    }
}

async fn send_in_pieces(id: &str, blob: &web_sys::Blob, sha: &str) -> Result<(), Stop> {
    let length = blob.size() as u64;
    // Where does the server's copy end? (An earlier try may have sent part of it.)
    let mut state = piece(id, sha, length, 0, JsValue::from_str("")).await?;
    while !state.done {
        let end = (state.offset + CHUNK_BYTES).min(length);
        let part = blob.slice_with_f64_and_f64(state.offset as f64, end as f64).map_err(|_| Stop::Refused)?;
        let next = piece(id, sha, length, state.offset, part.into()).await?;
        if !next.done && next.offset <= state.offset {
            // Not taking our pieces: leave it for the next sync rather than loop.
            return Err(Stop::Later);
        }
        state = next;
    }
    Ok(())
}
