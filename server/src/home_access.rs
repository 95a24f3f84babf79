//! How a household answers a notice or a survey with no account: it names its unit and a
//! phone the register holds for that unit's owners. Checked like the ticket lookup — guesses
//! throttled per (unit, address) and per address, reserved before the phone is compared, an
//! unknown unit and a wrong phone answered alike — and then the reply is written by the
//! domain's own rules in the household's name.

use crate::auth::address_key;
use crate::error::ApiError;
use crate::state::AppState;
use crate::sync::write::{self, WriteError};
use rusqlite::Connection;
use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use steward_domain::sync::{Ctx, Mutation, Rejection};
use steward_domain::ticket::owner::phone_matches;

fn hash(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.trim().hash(&mut h);
    h.finish()
}

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// The phones on file for the owners of `unit` (its register label).
fn phones_of(c: &Connection, unit: &str) -> Result<Vec<String>, crate::db::DbError> {
    let Some((building, number)) = unit.rsplit_once('-') else { return Ok(Vec::new()) };
    let mut stmt = c.prepare_cached(
        "SELECT o.phone FROM owners o JOIN units u ON u.id = o.unit_id JOIN buildings b ON b.id = u.building_id \
         WHERE b.name = ?1 AND u.number = ?2 AND o.phone IS NOT NULL",
    )?;
    let rows = stmt.query_map([building, number], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The household's unit, in its register label, if `phone` is on file for it.
pub async fn verify(state: &AppState, peer: IpAddr, unit: &str, phone: &str) -> Result<String, ApiError> {
    let Some(unit) = steward_domain::property::parse_unit(unit) else {
        return Err(ApiError::invalid("unit", "a unit looks like 3栋-1502"));
    };
    let key = hash(&unit);
    let peer = address_key(peer);
    let throttle = || state.home_throttle.lock().map_err(|_| ApiError::Internal("throttle poisoned".into()));
    let _slot = crate::owner_access::paced(&state.home_throttle, key, peer).await?;
    let label = unit.clone();
    let phones = state.db.read(move |c| phones_of(c, &label)).await?;
    // Every phone on file is compared (an unknown unit against a stand-in), so a wrong phone
    // and an unknown unit take the same time.
    let on_file = if phones.is_empty() { vec!["00000000000".to_string()] } else { phones.clone() };
    let matched = on_file.iter().fold(false, |m, p| phone_matches(p, phone) | m) && !phones.is_empty();
    if matched {
        throttle()?.succeeded(key, &peer);
        Ok(unit)
    } else {
        throttle()?.wrong_phone(key, hash(phone), now_secs());
        Err(ApiError::NotFound)
    }
}

/// Why the household's reply was not taken.
#[derive(Debug)]
pub enum Refused {
    /// The rules said no (the notice is down, the home already answered, the activity is full…).
    Rules(Rejection),
    Failed(ApiError),
}

/// Writes `mutation` in the household's name (the rules check it as any change).
pub async fn write_as_household(state: &AppState, mutation: Mutation) -> Result<(), Refused> {
    let now = state.config.now();
    state
        .db
        .write(move |tx| {
            match write::apply(tx, &mutation, &Ctx::owner(now), write::Origin::Server("owner-page")) {
                Ok(_) => Ok(Ok(())),
                Err(WriteError::Refused(r)) => Ok(Err(Refused::Rules(r))),
                Err(e) => Err(ApiError::from(e)),
            }
        })
        .await
        .map_err(Refused::Failed)?
}

/// A record's body by kind and id, parsed.
pub async fn record<T: serde::de::DeserializeOwned + Send + 'static>(
    state: &AppState,
    kind: steward_domain::sync::Kind,
    id: &str,
) -> Result<Option<T>, ApiError> {
    if !steward_domain::ids::is_uuid(id) {
        return Ok(None);
    }
    let id = id.to_string();
    let body: Option<String> = state
        .db
        .read(move |c| {
            use rusqlite::OptionalExtension;
            Ok::<_, crate::db::DbError>(
                c.prepare_cached(
                    "SELECT body FROM records WHERE kind = ?1 AND id = ?2 AND body IS NOT NULL",
                )?
                .query_row([kind.as_str(), id.as_str()], |r| r.get(0))
                .optional()?,
            )
        })
        .await?;
    Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
}

/// The bodies of `kind` whose `field` is `value` (a notice's replies, a survey's answers).
pub async fn records_where<T: serde::de::DeserializeOwned + Send + 'static>(
    state: &AppState,
    kind: steward_domain::sync::Kind,
    field: &'static str,
    value: &str,
) -> Result<Vec<T>, ApiError> {
    let value = value.to_string();
    let bodies: Vec<String> = state
        .db
        .read(move |c| {
            // The kind written into the text (a fixed name, never input), so SQLite can use the
            // kind's partial index on the field (migration 0024).
            let sql = format!(
                "SELECT body FROM records WHERE kind = '{}' AND json_extract(body, '$.{field}') = ?1 AND body IS NOT NULL",
                kind.as_str()
            );
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt.query_map([value.as_str()], |r| r.get::<_, String>(0))?;
            Ok::<_, crate::db::DbError>(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(bodies.iter().filter_map(|b| serde_json::from_str(b).ok()).collect())
}
