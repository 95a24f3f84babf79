//! The device's half of sync, without IO so it runs in the browser and in native tests.
//!
//! A [`Replica`] holds what the server confirmed, the outbox of mutations not yet
//! confirmed, and the cursor. What the user sees is the confirmed state with the outbox
//! replayed on top (optimistic). A pull replaces the confirmed state's changed records,
//! drops the mutations the server has processed, and — since the view is recomputed —
//! rebases the rest on the server's state. A mutation the server refused leaves the outbox
//! for the "needs attention" list, which undoes it on the device.

pub mod codec;
mod overlay;
mod working_set;

use chrono::NaiveDate;
pub use overlay::{Overlay, Seen};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use steward_domain::sync::mutation::{Applied, ApplyError, Rejection, RejectionCode};
use steward_domain::sync::protocol::{Numbered, Outcome, OutcomeKind, PullResponse, PushRequest};
use steward_domain::sync::store::Stored;
use steward_domain::sync::{Ctx, Kind, MemStore, Mutation, Store};

/// The rules a replica replays its outbox with and checks a new change by: the domain's
/// `Mutation::apply`. Handed in rather than called, so that the web app's shell holds none
/// of them: they come in their own chunk, fetched as the device opens
/// (`app/src/sync/rules.rs`). Native builds (tests, benches) start with them.
pub type Rules = fn(&Mutation, &mut dyn Store, &Ctx) -> Result<Applied, ApplyError>;

#[cfg(not(target_arch = "wasm32"))]
const BUILT_IN: Option<Rules> = Some(Mutation::apply);
#[cfg(target_arch = "wasm32")]
const BUILT_IN: Option<Rules> = None;

/// A mutation the server refused, kept for the user to fix and resend, or discard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedsAttention {
    #[serde(with = "codec::one")]
    pub mutation: Mutation,
    pub code: Option<RejectionCode>,
    pub field: Option<steward_domain::field::Field>,
    pub message: String,
}

/// Records as the server last sent them: (kind, id) → (version, body).
pub type Confirmed = BTreeMap<(Kind, String), (u64, serde_json::Value)>;

/// The day each finished record settled, as the server sent it (open records have none).
pub type Settled = BTreeMap<(Kind, String), NaiveDate>;

/// A record to store: its key, version, body (the JSON text as the server sent it: a new
/// tablet's first pull neither copies nor writes out again 50,000 parsed bodies) and
/// settled day.
pub type Upsert = ((Kind, String), (u64, Box<str>, Option<NaiveDate>));

/// What a pull changed in the confirmed records, for the device to persist in one
/// transaction together with the new [`ReplicaState`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordChanges {
    /// Drop every stored record first (the server's database was replaced).
    pub reset: bool,
    pub upserts: Vec<Upsert>,
    pub removals: Vec<(Kind, String)>,
}

impl RecordChanges {
    /// These changes followed by `later`, as one set to persist: what `later` writes or
    /// removes wins over what these did to the same record (a device whose write of one
    /// page failed writes it with the next, and never stores a cursor past records it lacks).
    pub fn then(mut self, later: RecordChanges) -> RecordChanges {
        if later.reset {
            return later;
        }
        let written: BTreeSet<&(Kind, String)> = later.upserts.iter().map(|(k, _)| k).collect();
        let removed: BTreeSet<&(Kind, String)> = later.removals.iter().collect();
        self.removals.retain(|k| !written.contains(k));
        self.upserts.retain(|(k, _)| !removed.contains(k));
        self.upserts.extend(later.upserts);
        self.removals.extend(later.removals);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    confirmed: Confirmed,
    /// Kept beside `confirmed` by the device (a fifth column of each stored record).
    #[serde(skip)]
    settled: Settled,
    /// Older records fetched from the server this session: held while the user works on
    /// them, though they are outside the working set.
    #[serde(skip)]
    kept: BTreeSet<(Kind, String)>,
    /// While a device stored before working sets pulls everything again: what came.
    #[serde(skip)]
    seen: Option<BTreeSet<(Kind, String)>>,
    /// Records fetched from the history that changes of this device have reached the server
    /// for: pulls do not bring them (they settled before the working set), so they are
    /// fetched again ([`Replica::take_refetch`]).
    #[serde(skip)]
    refetch: BTreeSet<(Kind, String)>,
    state: ReplicaState,
    /// The unit register as this device last downloaded it (kept by the app beside the
    /// replica): changes naming a unit outside it are refused here as on the server.
    #[serde(skip)]
    register: Option<std::collections::BTreeSet<String>>,
    #[serde(skip, default = "built_in")]
    rules: RulesSlot,
}

fn built_in() -> RulesSlot {
    RulesSlot(BUILT_IN)
}

/// The rules, once here. Every replica's rules are the same function: two replicas differ
/// by their records, never by this.
#[derive(Clone, Copy)]
struct RulesSlot(Option<Rules>);

impl PartialEq for RulesSlot {
    fn eq(&self, other: &Self) -> bool {
        self.0.is_some() == other.0.is_some()
    }
}

impl std::fmt::Debug for RulesSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "rules" } else { "no rules yet" })
    }
}

/// Everything but the records: small, saved whole after every change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicaState {
    pub client_id: String,
    /// The outbox, oldest first, consecutive ids.
    #[serde(with = "codec::numbered")]
    pending: Vec<Numbered>,
    next_id: u64,
    /// Pending ids up to this were acknowledged by a push (no need to resend).
    acked: u64,
    cursor: Option<String>,
    /// Outcomes for mutation ids up to this have been taken in.
    outcomes_after: u64,
    attention: Vec<NeedsAttention>,
    /// Changes of ours that overwrote someone else's (shown, not hidden).
    overwrites: Vec<Outcome>,
    /// Finished records settled before this day have left this device (`None`: it holds
    /// every record it was sent).
    #[serde(default)]
    held_from: Option<NaiveDate>,
    /// Every stored record came with its settled day. A state saved before devices kept
    /// working sets reads `false`: everything is pulled again once over what it holds (never
    /// emptied first: a gate phone must not forget a used slip half way), to learn the days.
    #[serde(default)]
    dated: bool,
}

impl ReplicaState {
    pub fn cursor(&self) -> Option<String> {
        self.cursor.clone()
    }

    pub fn outcomes_after(&self) -> u64 {
        self.outcomes_after
    }

    pub fn pending(&self) -> &[Numbered] {
        &self.pending
    }

    pub fn needs_attention(&self) -> &[NeedsAttention] {
        &self.attention
    }

    pub fn overwrites(&self) -> &[Outcome] {
        &self.overwrites
    }

    /// Finished records settled before this day are only on the server.
    pub fn held_from(&self) -> Option<NaiveDate> {
        self.held_from
    }
}

impl std::ops::Deref for Replica {
    type Target = ReplicaState;
    fn deref(&self) -> &ReplicaState {
        &self.state
    }
}

impl Replica {
    pub fn new(client_id: impl Into<String>) -> Self {
        Replica {
            register: None,
            rules: built_in(),
            confirmed: BTreeMap::new(),
            settled: BTreeMap::new(),
            kept: BTreeSet::new(),
            seen: None,
            refetch: BTreeSet::new(),
            state: ReplicaState {
                client_id: client_id.into(),
                pending: Vec::new(),
                next_id: 1,
                acked: 0,
                cursor: None,
                outcomes_after: 0,
                attention: Vec::new(),
                overwrites: Vec::new(),
                held_from: None,
                dated: true,
            },
        }
    }

    /// Rebuilds a replica from what the device stored.
    pub fn restore(state: ReplicaState, confirmed: Confirmed, settled: Settled) -> Self {
        Replica {
            confirmed,
            settled,
            kept: BTreeSet::new(),
            seen: None,
            refetch: BTreeSet::new(),
            state,
            register: None,
            rules: built_in(),
        }
    }

    /// A replica as the web app's is before its rules arrive (tests only: native builds
    /// start with them).
    #[cfg(test)]
    pub(crate) fn without_rules(client_id: &str) -> Self {
        Replica { rules: RulesSlot(None), ..Replica::new(client_id) }
    }

    /// Hands the replica its rules (the web app's arrive after the shell).
    pub fn set_rules(&mut self, rules: Rules) {
        self.rules = RulesSlot(Some(rules));
    }

    /// Whether the outbox can be replayed and new changes checked: the rules are here.
    pub fn has_rules(&self) -> bool {
        self.rules.0.is_some()
    }

    /// The unit register (canonical labels) the rules check units against on this device;
    /// an empty register is no register (never downloaded), not "no unit exists".
    pub fn set_register(&mut self, units: impl IntoIterator<Item = String>) {
        let units: std::collections::BTreeSet<String> = units.into_iter().collect();
        self.register = (!units.is_empty()).then_some(units);
    }

    pub fn state(&self) -> &ReplicaState {
        &self.state
    }

    /// The confirmed state with the outbox replayed: what the user sees. Mutations that no
    /// longer apply on the server's newer state are skipped here; the server will reject
    /// them too, and they will come back as needing attention.
    pub fn view(&self, ctx: &Ctx) -> MemStore {
        let mut store = self.confirmed_store();
        store.register = self.register.clone();
        if let Some(apply) = self.rules.0 {
            for m in &self.state.pending {
                let _ = apply(&m.mutation, &mut store, ctx);
            }
        }
        store
    }

    /// The same view without copying the confirmed records: what screens and new
    /// mutations read.
    pub fn overlay(&self, ctx: &Ctx) -> Overlay<'_> {
        let mut overlay = Overlay::new(&self.confirmed).with_register(self.register.as_ref());
        // Without the rules (the app's first moments, before their chunk came) the outbox
        // is not shown; the device waits for them before opening when it holds one.
        if let Some(apply) = self.rules.0 {
            for m in &self.state.pending {
                let _ = apply(&m.mutation, &mut overlay, ctx);
            }
        }
        overlay
    }

    /// One record's body as the server last sent it.
    pub fn confirmed_body(&self, kind: Kind, id: &str) -> Option<&serde_json::Value> {
        self.confirmed.get(&(kind, id.to_string())).map(|(_, body)| body)
    }

    /// The server's state as this device last received it.
    pub fn confirmed_store(&self) -> MemStore {
        let records = self
            .confirmed
            .iter()
            .map(|(k, (version, body))| (k.clone(), Stored { version: *version, body: body.clone() }))
            .collect();
        MemStore { records, stamp: 0, register: None, complete: false }
    }

    /// Validates `mutation` against the current view and, if it applies, queues it.
    /// Refused at once (nothing queued) when it breaks a rule on this device.
    pub fn mutate(&mut self, mutation: Mutation, ctx: &Ctx) -> Result<u64, Rejection> {
        let Some(apply) = self.rules.0 else {
            return Err(Rejection {
                code: RejectionCode::Invalid,
                field: None,
                message: "the rules have not loaded on this device yet".into(),
            });
        };
        let mut view = self.overlay(ctx);
        match apply(&mutation, &mut view, ctx) {
            Ok(_) => {}
            Err(ApplyError::Rejected(r)) => return Err(r),
            Err(ApplyError::Store(e)) => {
                return Err(Rejection { code: RejectionCode::Invalid, field: None, message: e.to_string() });
            }
        }
        let id = self.state.next_id;
        self.state.next_id += 1;
        self.state.pending.push(Numbered { id, mutation });
        Ok(id)
    }

    /// The next batch to push (`None` when nothing waits).
    pub fn push_request(&self, max: usize) -> Option<PushRequest> {
        let mutations: Vec<Numbered> =
            self.state.pending.iter().filter(|m| m.id > self.state.acked).take(max).cloned().collect();
        (!mutations.is_empty()).then(|| PushRequest { client_id: self.state.client_id.clone(), mutations })
    }

    /// The server committed our mutations up to `last_mutation_id`.
    pub fn push_acknowledged(&mut self, last_mutation_id: u64) {
        if self.numbering_is_behind(last_mutation_id) {
            return;
        }
        self.state.acked = self.state.acked.max(last_mutation_id);
    }

    /// The server holds changes of this device numbered past any this replica ever gave:
    /// the device lost its store (storage cleared, the session kept) and began again at 1.
    /// The server takes ids it has seen as already applied, so the outbox would be dropped
    /// unsent; it is numbered on from the server's last instead, and sent again.
    fn numbering_is_behind(&mut self, server_last: u64) -> bool {
        let behind = server_last >= self.state.next_id;
        if behind {
            self.renumber_from(server_last + 1);
        }
        behind
    }

    /// Takes in one pull page. Call again with [`Replica::cursor`] while `more` is set.
    pub fn apply_pull(&mut self, page: PullResponse) -> RecordChanges {
        let mut changed = RecordChanges { reset: page.reset, ..Default::default() };
        // Before outcomes are matched by id: the old store's outcomes must not be taken for
        // the outbox's changes that now carry the same numbers.
        self.numbering_is_behind(page.last_mutation_id);
        if page.reset {
            self.confirmed.clear();
            self.settled.clear();
        }
        for change in page.changes {
            let body = change.body_value();
            let key = (change.kind, change.id);
            if let Some(seen) = &mut self.seen {
                seen.insert(key.clone());
            }
            match (body, change.body, change.settled_on) {
                (Some(body), Some(text), settled) => {
                    self.confirmed.insert(key.clone(), (change.version, body));
                    match settled {
                        Some(day) => self.settled.insert(key.clone(), day),
                        None => self.settled.remove(&key),
                    };
                    changed.upserts.push((key, (change.version, text.into(), settled)));
                }
                _ => {
                    self.confirmed.remove(&key);
                    self.settled.remove(&key);
                    changed.removals.push(key);
                }
            }
        }
        self.state.cursor = Some(page.cursor);
        let after = self.state.outcomes_after;
        for outcome in page.outcomes.into_iter().filter(|o| o.mutation_id > after) {
            self.take_outcome(outcome);
        }
        if page.more {
            // Later pages may hold our mutations' effects: keep them in the outbox till then.
            return changed;
        }
        // This page ends a consistent snapshot that includes every mutation up to
        // last_mutation_id: those leave the outbox.
        let last = page.last_mutation_id;
        self.note_changed_history(last);
        self.state.pending.retain(|m| m.id > last);
        self.state.outcomes_after = self.state.outcomes_after.max(last);
        self.state.acked = self.state.acked.max(last);
        let expected_next = self.state.pending.first().map(|m| m.id).unwrap_or(self.state.next_id);
        if last + 1 < expected_next {
            // The server knows fewer of our mutations than we sent (it was restored from a
            // backup): number the outbox on from what it knows so the queue never wedges.
            self.renumber_from(last + 1);
        }
        // The server's whole state is here: hold what the property's working set holds.
        changed.then(self.hold(page.held_from))
    }

    /// After a pull: a cursor of `None` means the device must pull again from the start
    /// (the working set grew, or its records' days must be learnt).
    pub fn pulls_again(&self) -> bool {
        self.state.cursor.is_none()
    }

    fn take_outcome(&mut self, outcome: Outcome) {
        match outcome.kind {
            OutcomeKind::Rejected => {
                if let Some(i) = self.state.pending.iter().position(|m| m.id == outcome.mutation_id) {
                    let m = self.state.pending.remove(i);
                    self.state.attention.push(NeedsAttention {
                        mutation: m.mutation,
                        code: outcome.code,
                        field: outcome.field,
                        message: outcome.message,
                    });
                }
            }
            OutcomeKind::Overwrote => self.state.overwrites.push(outcome),
        }
    }

    fn renumber_from(&mut self, first: u64) {
        for (i, m) in self.state.pending.iter_mut().enumerate() {
            m.id = first + i as u64;
        }
        self.state.next_id = first + self.state.pending.len() as u64;
        self.state.acked = first - 1;
        self.state.outcomes_after = first - 1;
    }

    /// Removes a refused mutation for good.
    pub fn discard(&mut self, index: usize) -> Option<NeedsAttention> {
        (index < self.state.attention.len()).then(|| self.state.attention.remove(index))
    }

    /// Replaces a refused mutation with a corrected one, queued as new.
    pub fn resend(&mut self, index: usize, fixed: Mutation, ctx: &Ctx) -> Result<u64, Rejection> {
        let id = self.mutate(fixed, ctx)?;
        self.discard(index);
        Ok(id)
    }

    pub fn confirmed(&self) -> &Confirmed {
        &self.confirmed
    }

    /// The confirmed records, body only: what the server holds, as this device knows it.
    pub fn confirmed_bodies(&self) -> BTreeMap<(Kind, String), serde_json::Value> {
        self.confirmed.iter().map(|(k, (_, b))| (k.clone(), b.clone())).collect()
    }
}

#[cfg(test)]
mod tests;

/// One stored record as the device keeps it: `[kind, id, version, body, settled_on]`.
/// Rows stored before devices kept settled days have four columns, and read as open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRow(
    pub Kind,
    pub String,
    pub u64,
    pub serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")] pub Option<NaiveDate>,
);

impl StoredRow {
    /// The row's JSON text for `upsert`, its body written as it came.
    pub fn json(((kind, id), (version, body, settled)): &Upsert) -> String {
        let text = |v: &str| serde_json::Value::from(v).to_string();
        let settled = settled.map(|d| format!(",\"{d}\"")).unwrap_or_default();
        format!("[{},{},{version},{body}{settled}]", text(kind.as_str()), text(id))
    }
}

/// A pulled page stored as one value (a new device's first pages: one IndexedDB value is
/// ~30× quicker to write than its thousands of rows), not yet written out as rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredPage {
    pub rows: Vec<StoredRow>,
    pub removals: Vec<(Kind, String)>,
}

/// Rebuilds a replica from its stored state, its rows, and the pages stored after them
/// (oldest first): a page's rows replace, and its removals remove, what came before it.
pub fn restore_paged(
    state: ReplicaState,
    rows: impl IntoIterator<Item = StoredRow>,
    pages: impl IntoIterator<Item = StoredPage>,
) -> Replica {
    let mut held: std::collections::HashMap<(Kind, String), StoredRow> =
        rows.into_iter().map(|row| ((row.0, row.1.clone()), row)).collect();
    for page in pages {
        for row in page.rows {
            held.insert((row.0, row.1.clone()), row);
        }
        for removed in page.removals {
            held.remove(&removed);
        }
    }
    restore_rows(state, held.into_values())
}

/// Rebuilds a replica from its stored state and rows.
pub fn restore_rows(state: ReplicaState, rows: impl IntoIterator<Item = StoredRow>) -> Replica {
    let mut confirmed = Confirmed::new();
    let mut settled = Settled::new();
    for StoredRow(kind, id, version, body, day) in rows {
        if let Some(day) = day {
            settled.insert((kind, id.clone()), day);
        }
        confirmed.insert((kind, id), (version, body));
    }
    Replica::restore(state, confirmed, settled)
}
