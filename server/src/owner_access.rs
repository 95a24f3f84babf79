//! How an owner reaches their ticket with no account: by the receipt's link token (a random
//! 256-bit token whose SHA-256 alone is stored) or by ticket number plus their phone, and how
//! they rate the work. Shared by the JSON API and the server-rendered owner pages, so both
//! answer alike: an unknown number and a wrong phone get the same answer, and guesses are
//! throttled per (ticket, address) and per address, reserved before the phone is compared.

use crate::error::ApiError;
use crate::state::AppState;
use crate::sync::write::{self, WriteError};
use rusqlite::{Connection, OptionalExtension};
use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use steward_domain::lookup_throttle::Pace;
use steward_domain::sync::commands::RateAsOwner;
use steward_domain::sync::{Ctx, Mutation};
use steward_domain::ticket::number::TicketNumber;
use steward_domain::ticket::owner::{OwnerTicketView, owner_view, phone_matches, token_hash, valid_token};
use steward_domain::ticket::record::{Ticket, TicketEvent};

/// A ticket as the owner may reach it: its id and the owner's view of it.
pub struct Reached {
    pub id: String,
    pub view: OwnerTicketView,
}

/// How a ticket is found: each a fixed SQL condition on `?1`.
const BY_TOKEN_HASH: &str = "json_extract(body, '$.owner_token_hash') = ?1";
const BY_ID: &str = "id = ?1";

/// A ticket with its timeline.
fn find(
    c: &Connection,
    condition: &str,
    value: &str,
) -> Result<Option<(String, Ticket, Vec<TicketEvent>)>, ApiError> {
    let sql = format!("SELECT id, body FROM records WHERE kind = 'ticket' AND {condition}");
    let row: Option<(String, String)> = c
        .prepare_cached(&sql)
        .and_then(|mut s| s.query_row([value], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .map_err(crate::db::DbError::from)?;
    let Some((id, body)) = row else { return Ok(None) };
    let ticket: Ticket = serde_json::from_str(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut stmt = c
        .prepare_cached(
            "SELECT body FROM records WHERE kind = 'ticket_event' AND json_extract(body, '$.ticket_id') = ?1",
        )
        .map_err(crate::db::DbError::from)?;
    let events = stmt
        .query_map([&id], |r| r.get::<_, String>(0))
        .map_err(crate::db::DbError::from)?
        .filter_map(|r| r.ok())
        .filter_map(|b| serde_json::from_str(&b).ok())
        .collect();
    Ok(Some((id, ticket, events)))
}

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// By the receipt's link.
pub async fn by_token(state: &AppState, token: &str) -> Result<Reached, ApiError> {
    if !valid_token(token) {
        return Err(ApiError::NotFound);
    }
    let hash = token_hash(token);
    let found = state.db.read(move |c| Ok(find(c, BY_TOKEN_HASH, &hash))).await??;
    let (id, ticket, events) = found.ok_or(ApiError::NotFound)?;
    Ok(Reached { id, view: owner_view(&ticket, &events) })
}

/// The ticket's id and its contact phone, by number.
fn phone_of(c: &Connection, number: &str) -> Result<Option<(String, String)>, crate::db::DbError> {
    Ok(c.prepare_cached(
        "SELECT id, json_extract(body, '$.contact_phone') FROM records \
         WHERE kind = 'ticket' AND json_extract(body, '$.number') = ?1",
    )?
    .query_row([number], |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default())))
    .optional()?)
}

use crate::auth::address_key;

fn phone_hash(phone: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    phone.trim().hash(&mut h);
    h.finish()
}

/// A slow answer under way: its slot is given back when the request ends, answered or not.
pub(crate) struct DelayedSlot<'a, T: Hash + Eq + Copy> {
    pub throttle: &'a std::sync::Mutex<steward_domain::lookup_throttle::LookupThrottle<IpAddr, T>>,
    pub peer: IpAddr,
}

impl<T: Hash + Eq + Copy> Drop for DelayedSlot<'_, T> {
    fn drop(&mut self) {
        if let Ok(mut t) = self.throttle.lock() {
            t.answered(&self.peer);
        }
    }
}

/// Reserves one check of a phone against `target` from `peer` (an address key) and waits as
/// the throttle says: refused (429) past the tries, answered slowly over the address's free
/// tries (the slot given back however the request ends, so the owner behind a shared
/// address still gets in), or slowly for everyone when many phones were tried for
/// `target`. Hold the returned slot until the answer is given. Used by the ticket lookup
/// and the household pages alike.
pub(crate) async fn paced<T: Hash + Eq + Copy>(
    throttle: &std::sync::Mutex<steward_domain::lookup_throttle::LookupThrottle<IpAddr, T>>,
    target: T,
    peer: IpAddr,
) -> Result<Option<DelayedSlot<'_, T>>, ApiError> {
    let pace = throttle
        .lock()
        .map_err(|_| ApiError::Internal("throttle poisoned".into()))?
        .reserve(target, peer, now_secs())
        .map_err(|retry_after_secs| ApiError::Throttled { retry_after_secs })?;
    let slot = match pace {
        Pace::Delayed(ms) => {
            let slot = DelayedSlot { throttle, peer };
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            Some(slot)
        }
        _ => None,
    };
    if pace == Pace::Slow {
        tokio::time::sleep(std::time::Duration::from_millis(
            steward_domain::lookup_throttle::SLOW_ANSWER_MILLIS,
        ))
        .await;
    }
    Ok(slot)
}

/// By ticket number and phone, throttled. A number that is not one (`T2612-0042`) is
/// refused before anything is remembered about it.
pub async fn by_number(
    state: &AppState,
    peer: IpAddr,
    number: &str,
    phone: &str,
) -> Result<Reached, ApiError> {
    let Some(number) = TicketNumber::parse(number) else {
        return Err(ApiError::invalid("number", "a ticket number looks like T2612-0042"));
    };
    let peer = address_key(peer);
    let throttle = || state.owner_throttle.lock().map_err(|_| ApiError::Internal("throttle poisoned".into()));
    let _slot = paced(&state.owner_throttle, number, peer).await?;
    let text = number.to_string();
    let stored = state.db.read(move |c| phone_of(c, &text)).await?;
    // Only the phone is read before the comparison, and the same comparison runs for an
    // unknown number, so both failures take the same time.
    let on_file = stored.as_ref().map(|(_, p)| p.clone()).unwrap_or_else(|| "00000000000".into());
    let matches = phone_matches(&on_file, phone) && stored.is_some();
    match stored.filter(|_| matches) {
        Some((id, _)) => {
            throttle()?.succeeded(number, &peer);
            let found = state.db.read(move |c| Ok(find(c, BY_ID, &id))).await??;
            let (id, ticket, events) = found.ok_or(ApiError::NotFound)?;
            Ok(Reached { id, view: owner_view(&ticket, &events) })
        }
        None => {
            throttle()?.wrong_phone(number, phone_hash(phone), now_secs());
            Err(ApiError::NotFound)
        }
    }
}

/// The owner's rating of finished work: satisfied closes the ticket, unsatisfied (with a
/// comment) reopens it. Recorded as the owner's own return visit.
pub async fn rate(
    state: &AppState,
    ticket_id: String,
    satisfied: bool,
    comment: String,
) -> Result<OwnerTicketView, ApiError> {
    let now = state.config.now();
    state
        .db
        .write(move |tx| {
            let rating = RateAsOwner {
                ticket_id: ticket_id.clone(),
                event_id: uuid::Uuid::now_v7().to_string(),
                satisfied,
                comment,
            };
            let owner = Ctx::owner(now);
            write::apply(tx, &Mutation::RateAsOwner(rating), &owner, write::Origin::Server("owner-link"))
                .map_err(refusal)?;
            let (_, ticket, events) = find(tx, BY_ID, &ticket_id)?.ok_or(ApiError::NotFound)?;
            Ok::<_, ApiError>(owner_view(&ticket, &events))
        })
        .await
}

/// A refused rating, as the owner's pages and the API answer it: as any refused change,
/// the comment being the field at fault when the rules name none.
fn refusal(e: WriteError) -> ApiError {
    match e {
        WriteError::Refused(r)
            if r.code == steward_domain::sync::RejectionCode::Invalid && r.field.is_none() =>
        {
            ApiError::invalid("comment", r.message)
        }
        e => e.into(),
    }
}
