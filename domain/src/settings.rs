//! The property's settings that rules depend on (SPEC.md: holidays, patrol checklists…):
//! one record, edited by the manager, synced to every device so the phone and the server
//! apply the same checklist and the same working-day calendar.

use crate::apply::{ApplyError, Ctx, RejectionCode, load, reject, save};
use crate::decoration::calendar::WorkCalendar;
use crate::field::Field;
use crate::patrol::plan::PatrolPlan;
use crate::sync::{Kind, Store};
use serde::{Deserialize, Serialize};

/// The settings record's id: there is one per property.
pub const SETTINGS_ID: &str = "00000000-0000-7000-8000-000000000001";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub calendar: WorkCalendar,
    #[serde(default)]
    pub patrols: PatrolPlan,
    /// The desk's shifts (班次).
    #[serde(default)]
    pub shifts: crate::shift::Shifts,
    /// The shared items counted at every handover (besides the key cabinet).
    #[serde(default = "handover_items")]
    pub handover_items: Vec<String>,
    /// 滞纳金 and the pace of the arrears follow-up.
    #[serde(default)]
    pub arrears: crate::arrears::policy::ArrearsPolicy,
    /// How long finished records stay on devices (the server keeps them all).
    #[serde(default)]
    pub working_set: crate::sync::working_set::WorkingSet,
    /// Whether visitors show an ID, and how long their details are kept.
    #[serde(default)]
    pub visitors: crate::visit::policy::VisitorPolicy,
}

/// 对讲机, phones, torches: what the manuals' handover sheets count.
pub fn handover_items() -> Vec<String> {
    ["对讲机", "值班手机", "应急手电", "雨伞"].map(String::from).to_vec()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            calendar: WorkCalendar::default(),
            patrols: PatrolPlan::default(),
            shifts: crate::shift::Shifts::default(),
            handover_items: handover_items(),
            arrears: Default::default(),
            working_set: Default::default(),
            visitors: Default::default(),
        }
    }
}

/// The saved settings, or the defaults until the manager saves some.
pub fn current(store: &dyn Store) -> Result<Settings, ApplyError> {
    if store.get(Kind::Settings, SETTINGS_ID)?.is_none() {
        return Ok(Settings::default());
    }
    Ok(load::<Settings>(store, SETTINGS_ID)?.0)
}

/// Replaces the settings (the manager's page sends them whole).
pub fn replace(store: &mut dyn Store, ctx: &Ctx, id: &str, settings: &Settings) -> Result<(), ApplyError> {
    if id != SETTINGS_ID {
        return Err(reject(RejectionCode::Invalid, Some(Field::Id), "there is one settings record"));
    }
    if ctx.role != crate::Role::Manager {
        return Err(reject(RejectionCode::Forbidden, None, "the manager keeps the settings"));
    }
    settings
        .patrols
        .validate()
        .map_err(|e| reject(RejectionCode::Invalid, Some(Field::Plan), e.to_string()))?;
    settings
        .shifts
        .validate()
        .map_err(|e| reject(RejectionCode::Invalid, Some(Field::Shifts), e.to_string()))?;
    settings
        .working_set
        .validate()
        .map_err(|e| reject(RejectionCode::Invalid, Some(Field::WorkingSet), e))?;
    let named = settings.handover_items.iter().all(|i| !i.trim().is_empty() && i.chars().count() <= 20);
    if settings.handover_items.len() > 20 || !named {
        return Err(reject(
            RejectionCode::Invalid,
            Some(Field::Counts),
            "at most 20 handover items, each named",
        ));
    }
    settings
        .arrears
        .validate()
        .map_err(|e| reject(RejectionCode::Invalid, Some(Field::Policy), e.to_string()))?;
    settings.visitors.validate().map_err(|e| reject(RejectionCode::Invalid, Some(Field::Retention), e))?;
    if settings.calendar.holidays.len() + settings.calendar.extra_workdays.len() > 400 {
        return Err(reject(RejectionCode::Invalid, Some(Field::Holidays), "too many days"));
    }
    save(store, id, settings)
}

/// The manager saves the settings (patrol plan, holidays) whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveSettings {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub settings: Settings,
}

impl crate::apply::Command for SaveSettings {
    crate::apply::about_record!(Kind::Settings);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<crate::apply::Applied, ApplyError> {
        replace(store, ctx, &self.id, &self.settings)?;
        Ok(crate::apply::Applied::Done)
    }
}

impl crate::apply::Record for Settings {
    const KIND: crate::sync::Kind = crate::sync::Kind::Settings;
}
