//! After someone signs in: what other accounts left unsent in this browser (each account
//! has its own replica and outbox) is handed to the server if that account is disabled —
//! it can never send it itself — and held there for the supervisor. The server says
//! whether the account is disabled; an active account's outbox stays for its person.

use super::device_store::DeviceStore;
use crate::api;
use steward_domain::api::Me;

/// The most one hand-in carries (the server holds at most 1000 per device).
const AT_MOST: usize = 1000;

/// Hands in every other account's outbox on this browser that the server will hold, and
/// removes those replicas (their changes are with the server). Returns how many changes
/// were handed in.
pub async fn hand_in_others(me: &Me) -> usize {
    let mut handed_in = 0;
    let others: Vec<String> =
        crate::session::devices_here().into_iter().filter(|d| *d != me.device_id).collect();
    // Their outboxes are read and written by the rules' codec.
    if others.is_empty() || super::rules::load().await.is_none() {
        return 0;
    }
    for id in others {
        let Ok(store) = DeviceStore::open(&id).await else { continue };
        let Ok(replica) = store.load(&id).await else { continue };
        let Some(request) = replica.push_request(AT_MOST) else { continue };
        let Ok(body) = steward_sync::codec::push_json(&request) else { continue };
        // Refused (the account is active, or unknown to this server): left as it is.
        let Ok(_) = api::hand_in(&body).await else { continue };
        handed_in += request.mutations.len();
        // Photos still waiting have no one to send them: the replica stays for them.
        let no_photos = store.waiting_photos().await.is_ok_and(|p| p.is_empty());
        drop(store);
        if no_photos {
            // Not awaited: a tab still holding the replica open makes the browser wait.
            leptos::task::spawn_local(async move {
                if DeviceStore::delete(&id).await.is_ok() {
                    crate::session::forget_device(&id);
                }
            });
        }
    }
    handed_in
}
