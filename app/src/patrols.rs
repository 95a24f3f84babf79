//! Patrol plan, hot-work permits and the vacant-unit register on the device, read out of the
//! replica (and the unit directory), with the property's today.

use crate::decorations::read;
use crate::sync::SyncEngine;
use chrono::NaiveDate;
use steward_domain::decoration::hot_work::HotWorkPermit;
use steward_domain::directory::DirectoryUnit;
use steward_domain::settings::{SETTINGS_ID, Settings};
use steward_domain::sync::Kind;

/// The manager's settings, or the defaults until some are saved.
pub fn settings(engine: SyncEngine) -> Settings {
    engine
        .record(Kind::Settings, SETTINGS_ID)
        .and_then(|s| serde_json::from_value(s.body).ok())
        .unwrap_or_default()
}

pub fn hot_work(engine: SyncEngine) -> Vec<(String, HotWorkPermit, bool)> {
    let mut all = read::<HotWorkPermit>(engine, Kind::HotWorkPermit);
    all.sort_by(|a, b| b.1.application.date.cmp(&a.1.application.date));
    all
}

/// The property's calendar day by this device's clock.
pub fn today() -> Option<NaiveDate> {
    steward_domain::decoration::coverage::local_day(&String::from(js_sys::Date::new_0().to_iso_string()))
}

/// The vacant-unit register: units marked 空置 in the property register.
pub fn vacant_units(directory: &[DirectoryUnit]) -> Vec<String> {
    directory.iter().filter(|u| u.vacant).map(|u| u.unit.clone()).collect()
}
