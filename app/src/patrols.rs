//! Patrol plan, hot-work permits and the vacant-unit register on the device, read out of the
//! replica (and the unit directory), with the property's today.

use crate::sync::SyncEngine;
use steward_domain::decoration::hot_work::HotWorkPermit;
use steward_domain::directory::DirectoryUnit;
use steward_domain::settings::{SETTINGS_ID, Settings};

/// The manager's settings, or the defaults until some are saved.
pub fn settings(engine: SyncEngine) -> Settings {
    engine.one::<Settings>(SETTINGS_ID).unwrap_or_default()
}

pub fn hot_work(engine: SyncEngine) -> Vec<(String, HotWorkPermit, bool)> {
    let mut all = engine.typed::<HotWorkPermit>();
    all.sort_by(|a, b| b.1.application.date.cmp(&a.1.application.date));
    all
}

/// The vacant-unit register: units marked 空置 in the property register.
pub fn vacant_units(directory: &[DirectoryUnit]) -> Vec<String> {
    directory.iter().filter(|u| u.vacant).map(|u| u.unit.clone()).collect()
}
