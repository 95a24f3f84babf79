//! Tickets on the device: reading them out of the replica (one parsed index for every
//! list), and the owner's link token (made here, so a receipt prints with no network).

use crate::sync::SyncEngine;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use steward_domain::sync::Kind;
use steward_domain::ticket::lifecycle::TicketStatus;
use steward_domain::ticket::record::{Ticket, TicketEvent};

#[derive(Debug, Clone, PartialEq)]
pub struct TicketRow {
    pub id: String,
    pub ticket: Ticket,
    /// Only on this device so far.
    pub pending: bool,
}

/// Every ticket on the device, open ones first, newest first; rebuilt when the replica
/// changes, re-reading only the tickets whose version changed.
#[derive(Clone)]
pub struct Index(pub Arc<Vec<Arc<TicketRow>>>);

impl PartialEq for Index {
    // Comparing 20,000 tickets to decide whether to re-render would cost what the memo saves.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Parsed rows of confirmed tickets by id: the version they were parsed at, and the last
/// build that saw them (to forget tickets that left the device).
#[derive(Default)]
struct Parsed {
    rows: HashMap<String, (u64, Arc<TicketRow>, u64)>,
    build: u64,
}

fn build(engine: SyncEngine, parsed: &mut Parsed) -> Vec<Arc<TicketRow>> {
    parsed.build += 1;
    let build = parsed.build;
    let mut rows = Vec::with_capacity(parsed.rows.len());
    engine.visit_records(Kind::Ticket, |id, version, body, pending| {
        if version != 0
            && let Some((v, row, seen)) = parsed.rows.get_mut(id)
            && *v == version
        {
            *seen = build;
            rows.push(row.clone());
            return;
        }
        let Ok(ticket) = Ticket::deserialize(body) else { return };
        let row = Arc::new(TicketRow { id: id.to_string(), ticket, pending });
        if version != 0 {
            parsed.rows.insert(id.to_string(), (version, row.clone(), build));
        }
        rows.push(row);
    });
    parsed.rows.retain(|_, (_, _, seen)| *seen == build);
    let closed = |t: &Ticket| matches!(t.status, TicketStatus::Closed | TicketStatus::Archived);
    rows.sort_by(|a, b| {
        (closed(&a.ticket), &b.ticket.created_at).cmp(&(closed(&b.ticket), &a.ticket.created_at))
    });
    rows
}

pub fn use_index(engine: SyncEngine) -> Memo<Index> {
    let parsed = StoredValue::new(Parsed::default());
    Memo::new(move |_| Index(Arc::new(build(engine, &mut parsed.write_value()))))
}

/// The app's one index (provided beside the sync engine).
pub fn index() -> Memo<Index> {
    expect_context::<Memo<Index>>()
}

pub fn one(engine: SyncEngine, id: &str) -> Option<TicketRow> {
    let shown = engine.record(Kind::Ticket, id)?;
    Some(TicketRow { ticket: serde_json::from_value(shown.body).ok()?, id: shown.id, pending: shown.pending })
}

/// The tickets a list shows: those passing `filter` and matching the search text.
pub fn listed(
    index: &Index,
    filter: &steward_domain::ticket::query::Filter,
    query: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Arc<TicketRow>> {
    index
        .0
        .iter()
        .filter(|r| steward_domain::ticket::query::matches(&r.ticket, filter, now))
        .filter(|r| steward_domain::ticket::query::search(&r.id, &r.ticket, query))
        .cloned()
        .collect()
}

/// The ticket's timeline, oldest first.
pub fn timeline(engine: SyncEngine, ticket_id: &str) -> Vec<(TicketEvent, bool)> {
    let mut events: Vec<(TicketEvent, bool)> = engine
        .records_where(Kind::TicketEvent, |body| body["ticket_id"] == ticket_id)
        .into_iter()
        .filter_map(|s| Some((serde_json::from_value::<TicketEvent>(s.body).ok()?, s.pending)))
        .collect();
    events.sort_by(|a, b| a.0.at.cmp(&b.0.at));
    events
}

/// A new link token: 64 hex digits from two random UUIDs (244 random bits).
pub fn new_owner_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

/// Kept on this device so the receipt can be printed again; only its hash is synced.
pub fn remember_token(ticket_id: &str, token: &str) {
    let _ = LocalStorage::set(format!("steward.owner_token.{ticket_id}"), token);
}

/// After the desk revoked (`None`) or renewed the link.
pub fn set_token(ticket_id: &str, token: Option<&str>) {
    match token {
        Some(t) => remember_token(ticket_id, t),
        None => LocalStorage::delete(format!("steward.owner_token.{ticket_id}")),
    }
}

pub fn token_for(ticket_id: &str) -> Option<String> {
    LocalStorage::get(format!("steward.owner_token.{ticket_id}")).ok()
}

/// The owner's status page for a token, as an absolute URL for the receipt's QR code.
pub fn owner_url(token: &str) -> String {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    format!("{origin}/t/{token}")
}

/// The QR code of `text` as inline SVG.
pub fn qr_svg(text: &str) -> String {
    qrcode::QrCode::new(text.as_bytes())
        .map(|code| code.render::<qrcode::render::svg::Color>().min_dimensions(160, 160).build())
        .unwrap_or_default()
}

/// The 20-minute arrival rule, for a dispatched work ticket.
pub fn arrival(
    ticket: &Ticket,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<steward_domain::ticket::sla::SlaState> {
    steward_domain::ticket::query::arrival_state(ticket, now)
}

/// A `datetime-local` input's value (`2026-11-22T14:30`, the device's zone) as RFC 3339 UTC.
pub fn from_local_input(value: &str) -> Option<String> {
    if value.trim().is_empty() {
        return None;
    }
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value));
    (!d.get_time().is_nan()).then(|| String::from(d.to_iso_string()))
}

fn carry_key(ticket_id: &str) -> String {
    format!("steward.carry.{ticket_id}")
}

/// Keeps words from a refused change for the ticket's note box (需处理 → 在记录中继续).
pub fn carry_note(ticket_id: &str, text: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.set_item(&carry_key(ticket_id), text);
    }
}

/// The carried words, until a step on the ticket uses them ([`drop_carried_note`]); the
/// page may be drawn more than once while the app starts, so reading does not remove them.
pub fn carried_note(ticket_id: &str) -> Option<String> {
    let s = web_sys::window().and_then(|w| w.session_storage().ok().flatten())?;
    s.get_item(&carry_key(ticket_id)).ok().flatten()
}

/// A step was taken: the carried words are used up (a reload does not bring them back).
pub fn drop_carried_note(ticket_id: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.remove_item(&carry_key(ticket_id));
    }
}
