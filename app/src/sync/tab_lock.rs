//! One tab per device replica. Two tabs would each hold the replica in memory and save its
//! state over the other's, losing outbox entries; so the first tab holds a Web Lock for its
//! lifetime and a second tab of the same device shows a notice instead of syncing.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export function claim_tab(name) {
  return new Promise((resolve) => {
    if (!navigator.locks) { resolve(true); return; }
    // Waits a moment: the page this one replaced (a reload, a typed address) lets go of the
    // lock as it is torn down, which a busy page may take a few seconds to be.
    const signal = AbortSignal.timeout ? AbortSignal.timeout(5000) : undefined;
    navigator.locks.request(name, signal ? { signal } : { ifAvailable: true }, (lock) => {
      if (!lock) { resolve(false); return; }
      resolve(true);
      return new Promise(() => {}); // held until the tab closes
    }).catch(() => resolve(false)); // still held after the wait: another tab has it
  });
}
"#)]
extern "C" {
    fn claim_tab(name: &str) -> js_sys::Promise;
}

/// True if this tab now owns `client_id`'s replica (or the browser has no Web Locks).
pub async fn claim(client_id: &str) -> bool {
    JsFuture::from(claim_tab(&format!("steward-replica-{client_id}")))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(true)
}
