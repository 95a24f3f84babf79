//! The rules every change is checked by on this device (`Mutation::apply`, the same the
//! server runs), in a chunk of their own: they are a third of the app, and no first screen
//! needs them — a device with an empty outbox shows the records as the server sent them.
//! The device fetches them as it opens (before opening when its outbox holds changes to
//! replay), and a change made in the moment before they arrive is refused as "not ready",
//! never taken unchecked.

use leptos::wasm_split::SplitLoaderError;
use std::cell::Cell;
use steward_sync::Rules;

thread_local! {
    static LOADED: Cell<Option<Rules>> = const { Cell::new(None) };
}

#[leptos::wasm_split::wasm_split(sync_rules, wasm_split_path = ::leptos::wasm_split, fallible)]
fn fetch_rules() -> Result<Rules, SplitLoaderError> {
    Ok(steward_domain::sync::Mutation::apply)
}

/// The rules, fetched once per page load; `None` when their chunk cannot be had (offline
/// before the service worker kept it): the next call tries again.
pub async fn load() -> Option<Rules> {
    if let Some(rules) = LOADED.get() {
        return Some(rules);
    }
    let rules = fetch_rules().await.ok()?;
    LOADED.set(Some(rules));
    Some(rules)
}
