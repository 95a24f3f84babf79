//! The photo queue: photos are kept in IndexedDB before the record that refers to them is
//! made, and uploaded one by one after each sync. A photo the server already has (a lost
//! answer, a retry) is accepted again; a weak connection only delays the pictures.

use super::device_store::DeviceStore;
use super::engine::{MutateError, SyncEngine};
use crate::photos::Taken;
use gloo_net::http::Request;
use leptos::prelude::*;
use std::rc::Rc;
use steward_domain::sync::Mutation;

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

    /// An object URL for a photo still on this device, if it is.
    pub async fn waiting_photo_url(&self, id: &str) -> Option<String> {
        let (blob, _) = self.device_store()?.photo(id).await.ok()??;
        web_sys::Url::create_object_url_with_blob(&blob).ok()
    }

    /// Uploads waiting photos, oldest id first; stops at the first network failure.
    pub(super) async fn upload_photos(&self) {
        let Some(store) = self.device_store() else { return };
        let Ok(ids) = store.waiting_photos().await else { return };
        for id in ids {
            let Ok(Some((blob, sha))) = store.photo(&id).await else { continue };
            let sent = Request::put(&format!("/api/photos/{id}"))
                .header("x-content-sha256", &sha)
                .header("content-type", "image/jpeg")
                .body(blob);
            let Ok(request) = sent else { return };
            match request.send().await {
                // Stored, or refused for good (malformed, id taken): nothing more to try.
                Ok(r) if r.ok() || matches!(r.status(), 409 | 413 | 422) => {
                    let _ = store.forget_photo(&id).await;
                }
                // Offline, signed out, server trouble: try again next time.
                _ => break,
            }
        }
        self.count_waiting(&store).await;
    }
}
