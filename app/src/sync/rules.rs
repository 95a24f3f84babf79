//! The rules every change is checked by on this device (`Mutation::apply`, the same the
//! server runs), in a chunk of their own: they are a third of the app, and no first screen
//! needs them — a device with an empty outbox shows the records as the server sent them.
//! The device fetches them as it opens (before opening when its outbox holds changes to
//! read and replay), and a change made in the moment before they arrive is refused as "not
//! ready", never taken unchecked. The readers and writers of every change come with them.

use leptos::wasm_split::SplitLoaderError;
use std::cell::Cell;
use steward_sync::Rules;
use steward_sync::codec::{self, Codec};

thread_local! {
    static LOADED: Cell<Option<Rules>> = const { Cell::new(None) };
}

/// What the chunk brings: the rules, and the readers and writers of every change (the
/// outbox's storage and pushes go through them: `steward_sync::codec`).
struct Kit {
    rules: Rules,
    codec: Codec,
}

#[leptos::wasm_split::wasm_split(sync_rules, wasm_split_path = ::leptos::wasm_split, fallible)]
fn fetch_rules() -> Result<Kit, SplitLoaderError> {
    Ok(Kit { rules: steward_domain::sync::Mutation::apply, codec: codec::domain() })
}

/// The rules already here, if they are.
pub fn loaded() -> Option<Rules> {
    LOADED.get()
}

/// Starts fetching the rules as the app starts, beside the first screen (which does not
/// wait for them), so that they are here by the time anyone saves anything; the page says
/// so on `<html data-rules="ready">` (the end-to-end tests wait for it after a page load).
pub fn prefetch() {
    // In one pack, after the home's (`Session::restore` named it first): see pack-first.mjs.
    crate::screens::first_pack("sync_rules");
    leptos::task::spawn_local(async {
        if load().await.is_some()
            && let Some(root) = leptos::prelude::document().document_element()
        {
            let _ = root.set_attribute("data-rules", "ready");
        }
    });
}

/// The rules, fetched once per page load (and the codec handed to the sync core); `None`
/// when their chunk cannot be had (offline before the service worker kept it): the next
/// call tries again.
pub async fn load() -> Option<Rules> {
    if let Some(rules) = LOADED.get() {
        return Some(rules);
    }
    let kit = fetch_rules().await.ok()?;
    codec::set(kit.codec);
    LOADED.set(Some(kit.rules));
    Some(kit.rules)
}
