//! The sync loop and the replica the screens read.
//!
//! Screens call [`SyncEngine::mutate`]: the change shows at once (the view replays the
//! outbox) and is saved to IndexedDB; the loop then pushes it when the server answers —
//! right away, when connectivity returns, and every few seconds. Rejections land in the
//! replica's needs-attention list; the header shows both counts.

use super::device_store::DeviceStore;
use crate::api::{self, ApiFailure};
use crate::connectivity::use_connectivity;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use steward_domain::api::Me;
use steward_domain::sync::Store;
use steward_domain::sync::protocol::{PullRequest, PullResponse};
use steward_domain::sync::{Ctx, Kind, Mutation, Rejection};
use steward_sync::{NeedsAttention, RecordChanges, Replica};

const PUSH_BATCH: usize = 100;
const PULL_PAGE: u32 = 5000;
/// How long after a finished pull the pages stored whole are written out as rows.
const COMPACT_AFTER_MS: u32 = 5000;
/// How often screens are shown what a long pull has brought so far: each showing re-reads
/// the growing replica (a new desk tablet's 50,000 records were ready 0.7 s later at 1 s).
const SHOW_EVERY_MS: f64 = 3000.0;
const SYNC_EVERY: Duration = Duration::from_secs(10);

pub(super) struct Inner {
    me: Me,
    replica: Replica,
    pub(super) store: Rc<DeviceStore>,
    syncing: bool,
    /// A pull has reached the end since the replica opened: what the server holds is here.
    pulled: bool,
    /// Pulled records IndexedDB failed to take: written with the next page's, so the
    /// stored cursor never runs past records the device does not hold.
    unsaved: Option<RecordChanges>,
}

/// Shared by every screen; cheap to copy.
#[derive(Clone, Copy)]
pub struct SyncEngine {
    inner: StoredValue<Option<Rc<RefCell<Inner>>>, LocalStorage>,
    /// Bumped on every change of the replica: screens track it to re-read.
    revision: RwSignal<u64>,
    /// Another tab of this browser holds this device's replica.
    pub other_tab: RwSignal<bool>,
    /// Photos taken here and not yet on the server.
    pub photos_waiting: RwSignal<usize>,
    /// The server no longer takes this session (it expired, or was ended): the outbox waits
    /// on the device until the person signs in again.
    pub expired: RwSignal<bool>,
    /// Changes of disabled accounts this browser handed to the server since it started
    /// (the supervisor's list of them reads again when it grows).
    pub handed_in: RwSignal<usize>,
    /// The device whose replica is being opened or is open: the session is confirmed with
    /// the server after sign-in, and that must not start a second opening.
    opening: StoredValue<Option<String>, LocalStorage>,
}

/// Why a change was not taken.
#[derive(Debug, Clone, PartialEq)]
pub enum MutateError {
    /// It breaks a rule (the same the server checks).
    Rejected(Rejection),
    /// The device's replica is not open (still loading, or another tab holds it).
    NotReady,
}

/// One record as a screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub id: String,
    pub body: serde_json::Value,
    /// Only on this device so far (waiting to sync).
    pub pending: bool,
}

// The device's clock only labels the optimistic view; the server stamps the real time.
use crate::clock::now;

impl SyncEngine {
    pub(super) fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> Option<T> {
        self.inner.with_value(|i| i.as_ref().map(|rc| f(&mut rc.borrow_mut())))
    }

    fn ctx(inner: &Inner) -> Ctx {
        Ctx {
            user_id: inner.me.user_id,
            user_name: inner.me.display_name.clone(),
            role: inner.me.role,
            now: now(),
            by_owner: false,
        }
    }

    fn bump(&self) {
        self.revision.update(|r| *r += 1);
    }

    /// Hands in what disabled accounts left unsent on this browser ([`super::hand_in`]).
    fn hand_in_others(&self, me: Me) {
        let handed_in = self.handed_in;
        spawn_local(async move {
            let n = super::hand_in::hand_in_others(&me).await;
            if n > 0 {
                handed_in.update(|h| *h += n);
            }
        });
    }

    /// Whether the device has caught up with the server once since it opened (reactive).
    pub fn has_pulled(&self) -> bool {
        self.revision.track();
        self.with(|i| i.pulled).unwrap_or(false)
    }

    /// Mutations waiting to reach the server (reactive).
    pub fn pending_count(&self) -> usize {
        self.revision.track();
        self.with(|i| i.replica.pending().len()).unwrap_or(0)
    }

    pub fn needs_attention(&self) -> Vec<NeedsAttention> {
        self.revision.track();
        self.with(|i| i.replica.needs_attention().to_vec()).unwrap_or_default()
    }

    /// The records of `kind` as the user sees them: confirmed plus the outbox.
    pub fn records(&self, kind: Kind) -> Vec<Shown> {
        self.records_where(kind, |_| true)
    }

    /// Every record of `T`'s kind the user sees, read as `T` (id, record, pending); a body
    /// that does not read as `T` (written by a newer app) is left out.
    pub fn typed<T: steward_domain::apply::Record>(&self) -> Vec<(String, T, bool)> {
        self.records(T::KIND)
            .into_iter()
            .filter_map(|s| Some((s.id, serde_json::from_value(s.body).ok()?, s.pending)))
            .collect()
    }

    /// The record `id` of `T`'s kind, read as `T`.
    pub fn one<T: steward_domain::apply::Record>(&self, id: &str) -> Option<T> {
        serde_json::from_value(self.record(T::KIND, id)?.body).ok()
    }

    /// Those records of `kind` whose body passes `keep` (only those are copied out).
    pub fn records_where(&self, kind: Kind, keep: impl Fn(&serde_json::Value) -> bool) -> Vec<Shown> {
        self.revision.track();
        self.with(|i| {
            let ctx = Self::ctx(i);
            let view = i.replica.overlay(&ctx);
            view.records(kind)
                .into_iter()
                .filter(|s| keep(s.body))
                .map(|s| Shown { id: s.id.to_string(), body: s.body.clone(), pending: s.pending })
                .collect()
        })
        .unwrap_or_default()
    }

    /// Calls `visit` with every record of `kind` as the user sees it, without copying any:
    /// (id, server version or 0 if changed here, body, pending).
    pub fn visit_records(&self, kind: Kind, mut visit: impl FnMut(&str, u64, &serde_json::Value, bool)) {
        self.revision.track();
        self.with(|i| {
            let ctx = Self::ctx(i);
            for s in i.replica.overlay(&ctx).records(kind) {
                visit(s.id, s.version, s.body, s.pending);
            }
        });
    }

    /// Runs a domain rule over what the user sees (confirmed plus the outbox, and the unit
    /// register this device keeps): screens ask the domain, never re-implement it.
    pub fn read<T>(&self, f: impl FnOnce(&dyn Store) -> T) -> Option<T> {
        self.revision.track();
        self.with(|i| {
            let ctx = Self::ctx(i);
            let view = i.replica.overlay(&ctx);
            f(&view)
        })
    }

    /// The unit register the rules check units against on this device (from the directory
    /// it keeps), so offline it refuses what the server would.
    pub fn set_register(&self, units: impl IntoIterator<Item = String>) {
        if self.with(|i| i.replica.set_register(units)).is_some() {
            self.bump();
        }
    }

    /// One record as the user sees it.
    pub fn record(&self, kind: Kind, id: &str) -> Option<Shown> {
        self.revision.track();
        self.with(|i| {
            let ctx = Self::ctx(i);
            let view = i.replica.overlay(&ctx);
            let body = view.get(kind, id).ok().flatten()?.body;
            let pending = i.replica.confirmed_body(kind, id) != Some(&body);
            Some(Shown { id: id.to_string(), body, pending })
        })
        .flatten()
    }

    /// Whether `device` is still the one being opened (no one signed out or in meanwhile).
    fn still_opening(&self, device: &str) -> bool {
        self.opening.get_value().as_deref() == Some(device)
    }

    /// Hands the replica its rules when their chunk arrives ([`super::rules`]).
    fn fetch_rules(&self) {
        if self.with(|i| i.replica.has_rules()).unwrap_or(true) {
            return;
        }
        let this = *self;
        spawn_local(async move {
            if let Some(rules) = super::rules::load().await
                && this.with(|i| i.replica.set_rules(rules)).is_some()
            {
                this.bump();
            }
        });
    }

    /// Waits for the rules (a screen that is already in a task: the attention list's
    /// resend); `false` when their chunk cannot be had.
    pub async fn rules_here(&self) -> bool {
        if self.with(|i| i.replica.has_rules()).unwrap_or(false) {
            return true;
        }
        let Some(rules) = super::rules::load().await else { return false };
        self.with(|i| i.replica.set_rules(rules)).is_some()
    }

    /// Applies `mutation` on the device at once and queues it; refused at once if it breaks
    /// a rule here.
    pub fn mutate(&self, mutation: Mutation) -> Result<(), MutateError> {
        if !self.with(|i| i.replica.has_rules()).unwrap_or(false) {
            // Only in the moment after opening, or offline before the chunk was kept.
            self.fetch_rules();
            return Err(MutateError::NotReady);
        }
        let taken = self.with(|i| {
            let ctx = Self::ctx(i);
            i.replica.mutate(mutation, &ctx).map(|_| ())
        });
        taken.ok_or(MutateError::NotReady)?.map_err(MutateError::Rejected)?;
        self.bump();
        let this = *self;
        spawn_local(async move {
            this.save().await;
            this.sync_now();
        });
        Ok(())
    }

    pub fn discard(&self, index: usize) {
        if self.with(|i| i.replica.discard(index)).is_some() {
            self.bump();
            let this = *self;
            spawn_local(async move {
                this.save().await;
            });
        }
    }

    /// Sends a refused change again: as it was (after the reason went away), or with the
    /// text the user corrected.
    pub fn resend(&self, index: usize, edited: Option<&str>) -> Result<(), Rejection> {
        let result = self.with(|i| {
            let Some(item) = i.replica.needs_attention().get(index).cloned() else { return Ok(()) };
            let ctx = Self::ctx(i);
            let mutation = match edited {
                Some(text) => item.mutation.with_typed(text),
                None => item.mutation,
            };
            i.replica.resend(index, mutation, &ctx).map(|_| ())
        });
        self.bump();
        let this = *self;
        spawn_local(async move {
            this.save().await;
            this.sync_now();
        });
        result.unwrap_or(Ok(()))
    }

    /// Saves the replica's state (outbox, counters, cursor) with every record change not yet
    /// stored (`unsaved`: each change is put there the moment the replica takes it). Writes
    /// run one at a time, and each takes `unsaved` and the state when its turn comes: the
    /// cursor in the state is never stored ahead of records the device lacks, whichever
    /// write (a pulled page, a local change, a push) comes first or fails. `false`: not stored
    /// (kept in `unsaved` for the next write).
    async fn save(&self) -> bool {
        let Some(store) = self.with(|i| i.store.clone()) else { return false };
        let _turn = store.writing().await;
        let Some((unsaved, state)) = self.with(|i| (i.unsaved.take(), i.replica.state().clone())) else {
            return false;
        };
        match unsaved {
            None => store.save_state(&state).await.is_ok(),
            Some(changes) => {
                let stored = store.save_pull(&changes, &state).await.is_ok();
                if !stored {
                    self.with(|i| i.unsaved = Some(unstored(Some(changes), i.unsaved.take())));
                }
                stored
            }
        }
    }

    /// Pushes the outbox, then pulls until up to date. Does nothing if a run is under way.
    pub fn sync_now(&self) {
        let this = *self;
        let started = self.with(|i| !std::mem::replace(&mut i.syncing, true)).unwrap_or(false);
        if !started {
            return;
        }
        spawn_local(async move {
            this.run().await;
            this.with(|i| i.syncing = false);
        });
    }

    /// Pushes and pulls now and waits for it, at most `limit`: a screen about to decide on
    /// something this device may not have received yet (the gate's unknown slip).
    pub async fn refresh(&self, limit: Duration) {
        let step = 100u32;
        let mut left = limit.as_millis() as u32;
        let syncing = |this: &Self| this.with(|i| i.syncing).unwrap_or(false);
        // A run already under way may have pulled before the news: wait for it, then run.
        for started in [false, true] {
            if started {
                self.sync_now();
            }
            while syncing(self) && left > 0 {
                gloo_timers::future::TimeoutFuture::new(step).await;
                left = left.saturating_sub(step);
            }
        }
    }

    async fn run(&self) {
        self.sync_records().await;
        // Photos after the records: a record never waits for its pictures.
        self.upload_photos().await;
    }

    async fn sync_records(&self) {
        // Push, oldest first, in batches.
        while let Some(request) = self.with(|i| i.replica.push_request(PUSH_BATCH)).flatten() {
            // Written by the rules' codec, here whenever the outbox holds anything.
            // (Never without it: an outbox is only read or filled once the rules are here.)
            let Ok(body) = steward_sync::codec::push_json(&request) else {
                self.fetch_rules();
                break;
            };
            match api::push(&body).await {
                Ok(response) => {
                    self.with(|i| i.replica.push_acknowledged(response.last_mutation_id));
                    self.save().await;
                }
                Err(ApiFailure::Offline) => return,
                Err(ApiFailure::Refused(d)) if d.code == steward_domain::ErrorCode::Unauthenticated => {
                    self.expired.set(true);
                    return;
                }
                // Refused as a whole (a gap after a server restore): the pull below tells
                // the replica where the server stands.
                Err(ApiFailure::Refused(_)) => break,
            }
        }
        // Screens re-read the replica when it changes: during a long pull, at most once a
        // second and at its end, not after each page (a new tablet's first pull of 10,000
        // records made every open screen read the growing replica ten times).
        let mut unshown = false;
        let mut shown_at = js_sys::Date::now();
        let mut fetched = self.pull_page().await;
        let finished = loop {
            let page = match fetched {
                Ok(page) => page,
                Err(ApiFailure::Refused(d)) if d.code == steward_domain::ErrorCode::Unauthenticated => {
                    self.expired.set(true);
                    break false;
                }
                Err(_) => break false,
            };
            self.expired.set(false);
            let Some((changed, more)) = self.with(|i| {
                let before = i.replica.state().clone();
                let more = page.more;
                let changes = i.replica.apply_pull(page);
                let changed = changes != RecordChanges::default() || *i.replica.state() != before;
                i.unsaved = Some(unstored(i.unsaved.take(), Some(changes)));
                // The working set grew (or the records' days are to be learnt): from the start.
                (changed, more || i.replica.pulls_again())
            }) else {
                break false;
            };
            unshown |= changed;
            // The replica already stands at this page's cursor: the next page is on its way
            // while this one is written to IndexedDB (a new tablet's first pull waited for
            // each in turn).
            let saved;
            (saved, fetched) = if more {
                futures::future::join(self.save(), self.pull_page()).await
            } else {
                (self.save().await, Err(ApiFailure::Offline)) // not read: the last page ends the loop
            };
            if !saved {
                // Kept in `unsaved` for the next write; no later cursor is stored before it lands.
                break false;
            }
            // An empty page every ten seconds must not make every screen re-read the replica.
            if unshown && (!more || js_sys::Date::now() - shown_at >= SHOW_EVERY_MS) {
                self.bump();
                (unshown, shown_at) = (false, js_sys::Date::now());
            }
            if !more {
                break true;
            }
        };
        // Screens show what was pulled, also when the pull stopped half way.
        if unshown {
            self.bump();
        }
        if finished && self.with(|i| !std::mem::replace(&mut i.pulled, true)) == Some(true) {
            self.bump();
        }
        if finished {
            // Pages stored whole during the pull are written out as rows in the background,
            // a little later: the device is ready now, and the first screens a new tablet's
            // user opens do not share IndexedDB with it. (Closed before then: after the next
            // finished pull; meanwhile the pages are read as they are.)
            if let Some(store) = self.with(|i| i.store.clone()) {
                wasm_bindgen_futures::spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(COMPACT_AFTER_MS).await;
                    let _ = store.compact().await;
                });
            }
            self.fetch_changed_history().await;
        }
    }

    /// Records fetched from the history that this device changed: the server has the
    /// changes now, and pulls do not bring those records (they settled before the working set).
    async fn fetch_changed_history(&self) {
        let Some(again) = self.with(|i| i.replica.take_refetch()) else { return };
        let mut by_kind: std::collections::BTreeMap<Kind, Vec<String>> = Default::default();
        for (kind, id) in again {
            by_kind.entry(kind).or_default().push(id);
        }
        for (kind, ids) in by_kind {
            let request = steward_domain::sync::protocol::OlderRequest { kind, query: String::new(), ids };
            // Offline or refused: the device shows its older copy until the user searches again.
            if let Ok(found) = api::older(&request).await {
                self.adopt(found.changes).await;
            }
        }
    }

    /// Holds records fetched from the server's history, and stores them.
    async fn adopt(&self, changes: Vec<steward_domain::sync::protocol::Change>) {
        let taken = self.with(|i| {
            let changes = i.replica.adopt(changes);
            i.unsaved = Some(unstored(i.unsaved.take(), Some(changes)));
        });
        if taken.is_some() {
            self.save().await;
            self.bump();
        }
    }

    /// Finished records settled before this day are only on the server (reactive; `None`:
    /// the device holds every record it may see).
    pub fn held_from(&self) -> Option<chrono::NaiveDate> {
        self.revision.track();
        self.with(|i| i.replica.held_from()).flatten()
    }

    /// Searches the server's history (what this device no longer holds) for records of
    /// `kind` matching `query`, and holds what it finds while the device stays open: their
    /// ids, newest first, and whether more matched than were sent.
    pub async fn search_older(&self, kind: Kind, query: &str) -> Result<(Vec<String>, bool), ApiFailure> {
        let request = steward_domain::sync::protocol::OlderRequest {
            kind,
            query: query.trim().to_string(),
            ids: vec![],
        };
        let found = api::older(&request).await?;
        let ids = found.changes.iter().filter(|c| c.kind == kind).map(|c| c.id.clone()).collect();
        self.adopt(found.changes).await;
        Ok((ids, found.more))
    }

    /// Asks the server for the page after the replica's cursor.
    async fn pull_page(&self) -> Result<PullResponse, ApiFailure> {
        let request = self
            .with(|i| PullRequest {
                client_id: i.replica.client_id.clone(),
                cursor: i.replica.cursor(),
                outcomes_after: i.replica.outcomes_after(),
                limit: Some(PULL_PAGE),
            })
            .ok_or(ApiFailure::Offline)?;
        api::pull(&request).await
    }
}

/// Creates the engine, and (re)opens the device's replica whenever a user signs in.
pub fn provide_sync(me: Signal<Option<Me>>) -> SyncEngine {
    let engine = SyncEngine {
        inner: StoredValue::new_local(None),
        revision: RwSignal::new(0),
        other_tab: RwSignal::new(false),
        photos_waiting: RwSignal::new(0),
        expired: RwSignal::new(false),
        handed_in: RwSignal::new(0),
        opening: StoredValue::new_local(None),
    };
    provide_context(engine);
    let online = use_connectivity().online;
    Effect::new(move |_| {
        let Some(me) = me.get() else {
            engine.expired.set(false);
            engine.inner.set_value(None);
            engine.opening.set_value(None);
            engine.bump();
            return;
        };
        if engine.opening.get_value().as_deref() == Some(me.device_id.as_str()) {
            engine.with(|i| i.me = me.clone());
            return;
        }
        engine.opening.set_value(Some(me.device_id.clone()));
        spawn_local(async move {
            if !super::tab_lock::claim(&me.device_id).await {
                engine.other_tab.set(true);
                return;
            }
            let Ok(store) = DeviceStore::open(&me.device_id).await else { return };
            // An outbox that holds changes is read by the rules' codec and shown replayed by
            // the rules: the device waits for them then (trying again while their chunk
            // cannot be had). Otherwise the first screen opens without them.
            let mut replica = loop {
                match store.load(&me.device_id).await {
                    Ok(replica) => break replica,
                    Err(_) if !steward_sync::codec::ready() => {
                        if super::rules::load().await.is_none() {
                            gloo_timers::future::TimeoutFuture::new(3000).await;
                        }
                    }
                    Err(_) => return,
                }
                if !engine.still_opening(&me.device_id) {
                    return;
                }
            };
            replica.set_register(crate::directory::stored().into_iter().map(|u| u.unit));
            if !replica.pending().is_empty() {
                while super::rules::load().await.is_none() {
                    gloo_timers::future::TimeoutFuture::new(3000).await;
                }
            }
            if let Some(rules) = super::rules::loaded() {
                replica.set_rules(rules);
            }
            // Someone else signed in meanwhile: their own opening holds the device.
            if !engine.still_opening(&me.device_id) {
                return;
            }
            let inner = Inner {
                me: me.clone(),
                replica,
                store: Rc::new(store),
                syncing: false,
                pulled: false,
                unsaved: None,
            };
            engine.inner.set_value(Some(Rc::new(RefCell::new(inner))));
            engine.bump();
            engine.fetch_rules();
            engine.sync_now();
            engine.hand_in_others(me);
        });
    });
    // Back online: send what waited.
    Effect::new(move |was: Option<bool>| {
        let now_online = online.get();
        if now_online && was == Some(false) {
            engine.sync_now();
            if let Some(me) = engine.with(|i| i.me.clone()) {
                engine.hand_in_others(me);
            }
        }
        now_online
    });
    set_interval(move || engine.sync_now(), SYNC_EVERY);
    engine
}

pub fn use_sync() -> SyncEngine {
    expect_context::<SyncEngine>()
}

/// Record changes not yet stored, `earlier` then `later` (what `later` writes or removes wins).
fn unstored(earlier: Option<RecordChanges>, later: Option<RecordChanges>) -> RecordChanges {
    match (earlier, later) {
        (Some(earlier), Some(later)) => earlier.then(later),
        (one, other) => one.or(other).unwrap_or_default(),
    }
}
