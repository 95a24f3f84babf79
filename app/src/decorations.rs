//! Decorations, their notices and patrols on the device, read out of the replica.

use crate::sync::SyncEngine;
use steward_domain::decoration::coverage;
use steward_domain::decoration::record::{Decoration, Patrol, RectificationNotice};

pub fn decorations(engine: SyncEngine) -> Vec<(String, Decoration, bool)> {
    let mut all = engine.typed::<Decoration>();
    all.sort_by(|a, b| a.1.unit.cmp(&b.1.unit));
    all
}

pub fn one(engine: SyncEngine, id: &str) -> Option<Decoration> {
    engine.one::<Decoration>(id)
}

/// Notices, those needing a re-inspection first, then by deadline.
pub fn notices(engine: SyncEngine) -> Vec<(String, RectificationNotice, bool)> {
    let mut all = engine.typed::<RectificationNotice>();
    all.sort_by(|a, b| a.1.deadline.cmp(&b.1.deadline));
    all
}

pub fn patrols(engine: SyncEngine) -> Vec<(String, Patrol, bool)> {
    engine.typed::<Patrol>()
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
