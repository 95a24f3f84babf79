//! Patrol checklists: templates of items (the manager may edit them; defaults from SPEC.md
//! §2), and a completed patrol's results. A failed item is a violation; major ones need a
//! rectification notice.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Put right on the spot, recorded.
    Minor,
    /// Load-bearing walls, facade, waterproofing, unpermitted hot work: a rectification
    /// notice with a deadline.
    Major,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// Stable key, so results stay attached when the wording is edited.
    pub key: String,
    /// The question the patrol answers (`未破坏承重墙`).
    pub label: String,
    /// What a failure means, as a notice prints it (`破坏承重墙`); blank on items written
    /// before it existed (see [`ChecklistItem::violation_text`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub violation: String,
    pub severity: Severity,
}

/// The default decoration patrol checklist (SPEC.md §2).
pub fn decoration_defaults() -> Vec<ChecklistItem> {
    items(&super::wording::DECORATION)
}

/// Built-in items as checklist items, worded in Chinese as stored.
pub fn items(list: &[super::wording::Wording]) -> Vec<ChecklistItem> {
    list.iter()
        .map(|w| ChecklistItem {
            key: w.key.into(),
            label: w.zh.into(),
            violation: w.violation_zh.into(),
            severity: if w.major { Severity::Major } else { Severity::Minor },
        })
        .collect()
}

impl ChecklistItem {
    /// The built-in wording of this item, if it is a built-in item still worded as built in.
    pub fn builtin(&self) -> Option<&'static super::wording::Wording> {
        super::wording::builtin(&self.key, &self.label)
    }

    /// What a failure of this item means, for a notice: its own violation wording, the
    /// built-in one, or — for an item written without one — the question marked as not met.
    pub fn violation_text(&self) -> String {
        if !self.violation.trim().is_empty() {
            return self.violation.trim().to_string();
        }
        match self.builtin() {
            Some(w) => w.violation_zh.to_string(),
            None => format!("不符合：{}", self.label),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    pub key: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub photos: Vec<crate::photo::PhotoRef>,
    /// A minor failure put right while the patrol was there.
    #[serde(default)]
    pub rectified_on_spot: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChecklistError {
    #[error("item {0} has no result")]
    Unanswered(String),
    #[error("item {0} is not on the checklist")]
    Unknown(String),
    #[error("failed item {0} needs a note saying what is wrong")]
    FailureUnexplained(String),
    #[error("a major failure ({0}) cannot be rectified on the spot")]
    MajorOnSpot(String),
    #[error("item {0} is major on the plan")]
    Downgraded(String),
    #[error("the checklist is empty")]
    Empty,
}

/// A patrol carries the checklist its phone walked (the manager may have edited the plan
/// while the phone was offline, and that patrol must still land). It may differ from the
/// plan, but never by making a major item minor.
pub fn check_walked(plan: &[ChecklistItem], walked: &[ChecklistItem]) -> Result<(), ChecklistError> {
    if walked.is_empty() || walked.len() > 60 {
        return Err(ChecklistError::Empty);
    }
    for item in walked {
        let len = item.label.trim().chars().count();
        if len == 0
            || len > 40
            || item.key.is_empty()
            || item.key.len() > 40
            || item.violation.chars().count() > 40
        {
            return Err(ChecklistError::Unknown(item.key.clone()));
        }
        let major_on_plan = plan.iter().any(|p| p.key == item.key && p.severity == Severity::Major);
        if major_on_plan && item.severity != Severity::Major {
            return Err(ChecklistError::Downgraded(item.key.clone()));
        }
    }
    Ok(())
}

/// A finished patrol answers every item once; a failure says what is wrong; only minor
/// failures may be marked rectified on the spot.
pub fn check(template: &[ChecklistItem], results: &[ItemResult]) -> Result<(), ChecklistError> {
    for r in results {
        let item =
            template.iter().find(|i| i.key == r.key).ok_or_else(|| ChecklistError::Unknown(r.key.clone()))?;
        if r.outcome == Outcome::Fail && r.note.trim().is_empty() {
            return Err(ChecklistError::FailureUnexplained(r.key.clone()));
        }
        if r.rectified_on_spot && (r.outcome != Outcome::Fail || item.severity == Severity::Major) {
            return Err(ChecklistError::MajorOnSpot(r.key.clone()));
        }
    }
    for item in template {
        if results.iter().filter(|r| r.key == item.key).count() != 1 {
            return Err(ChecklistError::Unanswered(item.key.clone()));
        }
    }
    Ok(())
}

/// The failed items that need a rectification notice: major ones, and minor ones not put
/// right on the spot.
pub fn needing_notice<'a>(template: &[ChecklistItem], results: &'a [ItemResult]) -> Vec<&'a ItemResult> {
    results
        .iter()
        .filter(|r| r.outcome == Outcome::Fail && !r.rectified_on_spot)
        .filter(|r| template.iter().any(|i| i.key == r.key))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_pass(t: &[ChecklistItem]) -> Vec<ItemResult> {
        t.iter()
            .map(|i| ItemResult {
                key: i.key.clone(),
                outcome: Outcome::Pass,
                note: String::new(),
                photos: vec![],
                rectified_on_spot: false,
            })
            .collect()
    }

    #[test]
    fn every_item_answered_and_failures_explained() {
        let t = decoration_defaults();
        let mut r = all_pass(&t);
        assert_eq!(check(&t, &r), Ok(()));
        r.pop();
        assert!(matches!(check(&t, &r), Err(ChecklistError::Unanswered(_))));
        let mut r = all_pass(&t);
        r[3].outcome = Outcome::Fail;
        assert_eq!(check(&t, &r), Err(ChecklistError::FailureUnexplained("load_bearing".into())));
        r[3].note = "拆除承重墙一处".into();
        r[3].rectified_on_spot = true;
        assert_eq!(check(&t, &r), Err(ChecklistError::MajorOnSpot("load_bearing".into())));
    }

    #[test]
    fn a_walked_checklist_may_differ_from_the_plan_but_not_soften_it() {
        let plan = decoration_defaults();
        let mut walked = plan.clone();
        walked.pop();
        walked.push(ChecklistItem {
            key: "new".into(),
            label: "新增项".into(),
            violation: String::new(),
            severity: Severity::Minor,
        });
        assert_eq!(check_walked(&plan, &walked), Ok(()));
        walked[3].severity = Severity::Minor; // load-bearing wall
        assert_eq!(check_walked(&plan, &walked), Err(ChecklistError::Downgraded("load_bearing".into())));
        assert_eq!(check_walked(&plan, &[]), Err(ChecklistError::Empty));
    }

    #[test]
    fn an_item_written_without_a_violation_never_prints_its_question_as_one() {
        let item = ChecklistItem {
            key: "item1".into(),
            label: "阳台未封闭".into(),
            violation: String::new(),
            severity: Severity::Minor,
        };
        assert_eq!(item.violation_text(), "不符合：阳台未封闭");
        // A stored item from before violations existed: the built-in wording by key and label.
        let old = ChecklistItem { violation: String::new(), ..decoration_defaults()[4].clone() };
        assert_eq!(old.violation_text(), "擅自改动外立面");
        assert_eq!(decoration_defaults()[3].violation_text(), "破坏承重墙");
    }

    #[test]
    fn major_failures_and_unrectified_minor_ones_need_a_notice() {
        let t = decoration_defaults();
        let mut r = all_pass(&t);
        r[3].outcome = Outcome::Fail; // load-bearing wall
        r[3].note = "拆除承重墙".into();
        r[6].outcome = Outcome::Fail; // debris, cleared while the patrol waited
        r[6].note = "楼道堆放砂袋".into();
        r[6].rectified_on_spot = true;
        assert_eq!(check(&t, &r), Ok(()));
        let keys: Vec<&str> = needing_notice(&t, &r).iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["load_bearing"]);
    }
}
