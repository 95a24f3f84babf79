//! The patrol plan the manager edits: the decoration and vacant-unit checklists, the
//! public-area routes with their checkpoints and rounds a day, and the intervals of the
//! periodic checks. Defaults come from SPEC.md §2–§3 until the manager saves a plan.

use crate::decoration::checklist::{ChecklistItem, Severity, decoration_defaults};
use serde::{Deserialize, Serialize};

/// A public-area route: checkpoints walked in order, so many rounds a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub key: String,
    pub name: String,
    pub rounds_per_day: u32,
    pub checkpoints: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatrolPlan {
    /// Engineering patrols each decoration under way every so many days (SPEC: "periodically").
    pub engineering_every_days: u32,
    /// Each vacant unit is checked every so many days.
    pub vacant_every_days: u32,
    pub decoration_checklist: Vec<ChecklistItem>,
    pub vacant_checklist: Vec<ChecklistItem>,
    pub routes: Vec<Route>,
}

fn items(list: &[(&str, &str)]) -> Vec<ChecklistItem> {
    list.iter()
        .map(|(key, label)| ChecklistItem {
            key: (*key).into(),
            label: (*label).into(),
            violation: String::new(),
            severity: Severity::Minor,
        })
        .collect()
}

/// The vacant-unit check (空置房巡查): doors and windows, power, leaks, cleanliness.
pub fn vacant_defaults() -> Vec<ChecklistItem> {
    crate::decoration::checklist::items(&crate::decoration::wording::VACANT)
}

/// Public-area routes: the building walk once a day, signage twice (SPEC.md §3).
pub fn route_defaults() -> Vec<Route> {
    vec![
        Route {
            key: "building".into(),
            name: "楼宇公共区域".into(),
            rounds_per_day: 1,
            checkpoints: items(&[
                ("lobby", "大堂"),
                ("lifts", "电梯"),
                ("stairwells", "楼梯间"),
                ("corridors", "走廊"),
                ("roof", "天台"),
                ("garage", "地下车库"),
            ]),
        },
        Route {
            key: "signage".into(),
            name: "标识巡查".into(),
            rounds_per_day: 2,
            checkpoints: items(&[
                ("exit_signs", "安全出口标识"),
                ("fire_signs", "消防标识"),
                ("directions", "楼栋指示牌"),
            ]),
        },
    ]
}

impl Default for PatrolPlan {
    fn default() -> Self {
        PatrolPlan {
            engineering_every_days: 3,
            vacant_every_days: 7,
            decoration_checklist: decoration_defaults(),
            vacant_checklist: vacant_defaults(),
            routes: route_defaults(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("{0} is empty")]
    Empty(&'static str),
    #[error("a label must be 1–40 characters")]
    Label,
    #[error("key {0} is used twice")]
    DuplicateKey(String),
    #[error("{0} must be between 1 and {1}")]
    OutOfRange(&'static str, u32),
}

fn check_items(what: &'static str, list: &[ChecklistItem]) -> Result<(), PlanError> {
    if list.is_empty() {
        return Err(PlanError::Empty(what));
    }
    for (n, item) in list.iter().enumerate() {
        let len = item.label.trim().chars().count();
        if len == 0 || len > 40 || item.key.is_empty() || item.key.len() > 40 {
            return Err(PlanError::Label);
        }
        if item.violation.chars().count() > 40 {
            return Err(PlanError::Label);
        }
        if list[..n].iter().any(|other| other.key == item.key) {
            return Err(PlanError::DuplicateKey(item.key.clone()));
        }
    }
    Ok(())
}

fn in_range(what: &'static str, value: u32, max: u32) -> Result<(), PlanError> {
    if (1..=max).contains(&value) { Ok(()) } else { Err(PlanError::OutOfRange(what, max)) }
}

impl PatrolPlan {
    /// A plan the phones can walk: no empty checklist or route, no blank or repeated item,
    /// intervals and rounds within reason.
    pub fn validate(&self) -> Result<(), PlanError> {
        in_range("engineering_every_days", self.engineering_every_days, 31)?;
        in_range("vacant_every_days", self.vacant_every_days, 31)?;
        check_items("decoration_checklist", &self.decoration_checklist)?;
        check_items("vacant_checklist", &self.vacant_checklist)?;
        for (n, route) in self.routes.iter().enumerate() {
            let len = route.name.trim().chars().count();
            if len == 0 || len > 40 {
                return Err(PlanError::Label);
            }
            if self.routes[..n].iter().any(|other| other.key == route.key) {
                return Err(PlanError::DuplicateKey(route.key.clone()));
            }
            in_range("rounds_per_day", route.rounds_per_day, 6)?;
            check_items("checkpoints", &route.checkpoints)?;
        }
        Ok(())
    }

    pub fn route(&self, key: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.key == key)
    }
}

/// `prefix1`, `prefix2`…: the first key `taken` does not know (new items and routes).
pub fn fresh_key(prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..).map(|n| format!("{prefix}{n}")).find(|k| !taken(k)).unwrap_or_default()
}

/// A checklist as the manager types it: one item per line, a leading `!` marks a major
/// item (a failure needs a rectification notice), and after a `|` what a failure means as
/// the notice prints it: `!未破坏承重墙 | 破坏承重墙`.
pub fn items_to_text(list: &[ChecklistItem]) -> String {
    list.iter()
        .map(|i| {
            let mark = if i.severity == Severity::Major { "!" } else { "" };
            match i.violation.trim() {
                "" => format!("{mark}{}", i.label),
                v => format!("{mark}{} | {v}", i.label),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the typed lines back. An item whose wording is unchanged keeps its key (so earlier
/// patrols and the coverage board still match it); a new line gets a fresh key.
pub fn items_from_text(text: &str, previous: &[ChecklistItem]) -> Vec<ChecklistItem> {
    let mut out: Vec<ChecklistItem> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (severity, rest) = match line.strip_prefix(['!', '！']) {
            Some(rest) => (Severity::Major, rest.trim()),
            None => (Severity::Minor, line),
        };
        let (label, violation) = match rest.split_once(['|', '｜']) {
            Some((label, violation)) => (label.trim(), violation.trim()),
            None => (rest, ""),
        };
        let taken = |k: &str| out.iter().any(|i| i.key == k);
        let key = match previous.iter().find(|p| p.label == label && !taken(&p.key)) {
            Some(p) => p.key.clone(),
            None => fresh_key("item", |k| taken(k) || previous.iter().any(|p| p.key == k)),
        };
        let violation = violation.to_string();
        out.push(ChecklistItem { key, label: label.to_string(), violation, severity });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_plan_is_walkable_and_signage_comes_round_twice() {
        let plan = PatrolPlan::default();
        assert_eq!(plan.validate(), Ok(()));
        assert_eq!(plan.route("signage").map(|r| r.rounds_per_day), Some(2));
    }

    #[test]
    fn a_bad_plan_is_refused() {
        let mut plan = PatrolPlan::default();
        plan.routes[0].checkpoints.clear();
        assert_eq!(plan.validate(), Err(PlanError::Empty("checkpoints")));
        let plan = PatrolPlan { vacant_every_days: 0, ..PatrolPlan::default() };
        assert!(matches!(plan.validate(), Err(PlanError::OutOfRange("vacant_every_days", _))));
        let mut plan = PatrolPlan::default();
        let copy = plan.vacant_checklist[0].clone();
        plan.vacant_checklist.push(copy);
        assert!(matches!(plan.validate(), Err(PlanError::DuplicateKey(_))));
    }

    #[test]
    fn edited_text_keeps_keys_of_unchanged_items_and_marks_majors() {
        let before = vacant_defaults();
        let text = items_to_text(&before);
        assert_eq!(items_from_text(&text, &before), before, "a round trip changes nothing");
        let edited = "门窗关闭完好\n！燃气阀已关\n无渗漏水\n\n";
        let after = items_from_text(edited, &before);
        assert_eq!(after.len(), 3);
        assert_eq!(after[0].key, "doors_windows");
        assert_eq!((after[1].key.as_str(), after[1].severity), ("item1", Severity::Major));
        assert_eq!(after[1].label, "燃气阀已关");
        assert_eq!(after[2].key, "no_leaks");
    }

    #[test]
    fn the_manager_writes_each_item_with_its_violation() {
        let defaults = crate::decoration::checklist::decoration_defaults();
        let text = items_to_text(&defaults);
        assert!(text.contains("!未破坏承重墙 | 破坏承重墙"), "{text}");
        assert_eq!(items_from_text(&text, &defaults), defaults);
        let after = items_from_text("!阳台不得封闭｜擅自封闭阳台\n窗台无杂物", &defaults);
        assert_eq!((after[0].label.as_str(), after[0].violation.as_str()), ("阳台不得封闭", "擅自封闭阳台"));
        assert_eq!(after[1].violation, "", "no violation written: none stored");
    }
}
