//! Decorations, their notices and patrols on the device, read out of the replica.

use crate::sync::SyncEngine;
use serde::de::DeserializeOwned;
use steward_domain::decoration::coverage;
use steward_domain::decoration::record::{Decoration, Patrol, RectificationNotice};
use steward_domain::sync::Kind;

pub fn read<T: DeserializeOwned>(engine: SyncEngine, kind: Kind) -> Vec<(String, T, bool)> {
    engine
        .records(kind)
        .into_iter()
        .filter_map(|s| Some((s.id, serde_json::from_value(s.body).ok()?, s.pending)))
        .collect()
}

pub fn decorations(engine: SyncEngine) -> Vec<(String, Decoration, bool)> {
    let mut all = read::<Decoration>(engine, Kind::Decoration);
    all.sort_by(|a, b| a.1.unit.cmp(&b.1.unit));
    all
}

pub fn one(engine: SyncEngine, id: &str) -> Option<Decoration> {
    serde_json::from_value(engine.record(Kind::Decoration, id)?.body).ok()
}

/// Notices, those needing a re-inspection first, then by deadline.
pub fn notices(engine: SyncEngine) -> Vec<(String, RectificationNotice, bool)> {
    let mut all = read::<RectificationNotice>(engine, Kind::RectificationNotice);
    all.sort_by(|a, b| a.1.deadline.cmp(&b.1.deadline));
    all
}

pub fn patrols(engine: SyncEngine) -> Vec<(String, Patrol, bool)> {
    read::<Patrol>(engine, Kind::Patrol)
}

/// Patrols of `decoration_id` on the property's today.
pub fn patrolled_today(patrols: &[(String, Patrol, bool)], decoration_id: &str) -> usize {
    let now = String::from(js_sys::Date::new_0().to_iso_string());
    let Some(today) = coverage::local_day(&now) else { return 0 };
    coverage::patrols_on(patrols.iter().map(|(_, p, _)| p), decoration_id, today)
}

/// Today's patrol by each daily patroller (building administrator, security).
pub fn coverage_today(
    patrols: &[(String, Patrol, bool)],
    decoration_id: &str,
) -> Vec<(steward_domain::Role, bool)> {
    let now = String::from(js_sys::Date::new_0().to_iso_string());
    let Some(today) = coverage::local_day(&now) else { return Vec::new() };
    coverage::daily_coverage(patrols.iter().map(|(_, p, _)| p), decoration_id, today)
}
