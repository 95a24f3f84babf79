//! The device's half of sync, without IO so it runs in the browser and in native tests.
//!
//! A [`Replica`] holds what the server confirmed, the outbox of mutations not yet
//! confirmed, and the cursor. What the user sees is the confirmed state with the outbox
//! replayed on top (optimistic). A pull replaces the confirmed state's changed records,
//! drops the mutations the server has processed, and — since the view is recomputed —
//! rebases the rest on the server's state. A mutation the server refused leaves the outbox
//! for the "needs attention" list, which undoes it on the device.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use steward_domain::sync::mutation::{ApplyError, Rejection, RejectionCode};
use steward_domain::sync::protocol::{Numbered, Outcome, OutcomeKind, PullResponse, PushRequest};
use steward_domain::sync::store::Stored;
use steward_domain::sync::{Ctx, Kind, MemStore, Mutation};

/// A mutation the server refused, kept for the user to fix and resend, or discard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedsAttention {
    pub mutation: Mutation,
    pub code: Option<RejectionCode>,
    pub field: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    pub client_id: String,
    /// Records as the server last sent them: (kind, id) → (version, body).
    confirmed: BTreeMap<(Kind, String), (u64, serde_json::Value)>,
    /// The outbox, oldest first, consecutive ids.
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
}

impl Replica {
    pub fn new(client_id: impl Into<String>) -> Self {
        Replica {
            client_id: client_id.into(),
            confirmed: BTreeMap::new(),
            pending: Vec::new(),
            next_id: 1,
            acked: 0,
            cursor: None,
            outcomes_after: 0,
            attention: Vec::new(),
            overwrites: Vec::new(),
        }
    }

    /// The confirmed state with the outbox replayed: what the user sees. Mutations that no
    /// longer apply on the server's newer state are skipped here; the server will reject
    /// them too, and they will come back as needing attention.
    pub fn view(&self, ctx: &Ctx) -> MemStore {
        let mut store = self.confirmed_store();
        for m in &self.pending {
            let _ = m.mutation.apply(&mut store, ctx);
        }
        store
    }

    /// The server's state as this device last received it.
    pub fn confirmed_store(&self) -> MemStore {
        let records = self
            .confirmed
            .iter()
            .map(|(k, (version, body))| (k.clone(), Stored { version: *version, body: body.clone() }))
            .collect();
        MemStore { records, stamp: 0 }
    }

    /// Validates `mutation` against the current view and, if it applies, queues it.
    /// Refused at once (nothing queued) when it breaks a rule on this device.
    pub fn mutate(&mut self, mutation: Mutation, ctx: &Ctx) -> Result<u64, Rejection> {
        let mut view = self.view(ctx);
        match mutation.apply(&mut view, ctx) {
            Ok(_) => {}
            Err(ApplyError::Rejected(r)) => return Err(r),
            Err(ApplyError::Store(e)) => {
                return Err(Rejection { code: RejectionCode::Invalid, field: None, message: e.to_string() });
            }
        }
        let id = self.next_id;
        self.next_id += 1;
        self.pending.push(Numbered { id, mutation });
        Ok(id)
    }

    /// The next batch to push (`None` when nothing waits).
    pub fn push_request(&self, max: usize) -> Option<PushRequest> {
        let mutations: Vec<Numbered> =
            self.pending.iter().filter(|m| m.id > self.acked).take(max).cloned().collect();
        (!mutations.is_empty()).then(|| PushRequest { client_id: self.client_id.clone(), mutations })
    }

    /// The server committed our mutations up to `last_mutation_id`.
    pub fn push_acknowledged(&mut self, last_mutation_id: u64) {
        self.acked = self.acked.max(last_mutation_id);
    }

    /// Takes in one pull page. Call again with [`Replica::cursor`] while `more` is set.
    pub fn apply_pull(&mut self, page: PullResponse) {
        if page.reset {
            self.confirmed.clear();
        }
        for change in page.changes {
            let body = change.body_value();
            let key = (change.kind, change.id);
            match body {
                Some(body) => self.confirmed.insert(key, (change.version, body)),
                None => self.confirmed.remove(&key),
            };
        }
        self.cursor = Some(page.cursor);
        let after = self.outcomes_after;
        for outcome in page.outcomes.into_iter().filter(|o| o.mutation_id > after) {
            self.take_outcome(outcome);
        }
        if page.more {
            // Later pages may hold our mutations' effects: keep them in the outbox till then.
            return;
        }
        // This page ends a consistent snapshot that includes every mutation up to
        // last_mutation_id: those leave the outbox.
        let last = page.last_mutation_id;
        self.pending.retain(|m| m.id > last);
        self.outcomes_after = self.outcomes_after.max(last);
        self.acked = self.acked.max(last);
        let expected_next = self.pending.first().map(|m| m.id).unwrap_or(self.next_id);
        if last + 1 < expected_next {
            // The server knows fewer of our mutations than we sent (it was restored from a
            // backup): number the outbox on from what it knows so the queue never wedges.
            self.renumber_from(last + 1);
        }
    }

    fn take_outcome(&mut self, outcome: Outcome) {
        match outcome.kind {
            OutcomeKind::Rejected => {
                if let Some(i) = self.pending.iter().position(|m| m.id == outcome.mutation_id) {
                    let m = self.pending.remove(i);
                    self.attention.push(NeedsAttention {
                        mutation: m.mutation,
                        code: outcome.code,
                        field: outcome.field,
                        message: outcome.message,
                    });
                }
            }
            OutcomeKind::Overwrote => self.overwrites.push(outcome),
        }
    }

    fn renumber_from(&mut self, first: u64) {
        for (i, m) in self.pending.iter_mut().enumerate() {
            m.id = first + i as u64;
        }
        self.next_id = first + self.pending.len() as u64;
        self.acked = first - 1;
        self.outcomes_after = first - 1;
    }

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

    /// Removes a refused mutation for good.
    pub fn discard(&mut self, index: usize) -> Option<NeedsAttention> {
        (index < self.attention.len()).then(|| self.attention.remove(index))
    }

    /// Replaces a refused mutation with a corrected one, queued as new.
    pub fn resend(&mut self, index: usize, fixed: Mutation, ctx: &Ctx) -> Result<u64, Rejection> {
        let id = self.mutate(fixed, ctx)?;
        self.discard(index);
        Ok(id)
    }

    /// The confirmed records, body only: what the server holds, as this device knows it.
    pub fn confirmed_bodies(&self) -> BTreeMap<(Kind, String), serde_json::Value> {
        self.confirmed.iter().map(|(k, (_, b))| (k.clone(), b.clone())).collect()
    }
}

#[cfg(test)]
mod tests;
