//! Decorations, patrols and rectification notices as they sync.

use super::checklist::ItemResult;
use super::documents::{Document, Scope};
use super::lifecycle::{DecorationAction, Progress};
use super::violation::NoticeStatus;
use crate::Role;
use serde::{Deserialize, Serialize};

/// The application form, as the desk fills it in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewDecoration {
    pub unit: String,
    pub owner: String,
    pub contractor: String,
    /// Names of the contractor's people (each gets a pass).
    pub workers: Vec<String>,
    /// `YYYY-MM-DD`
    pub planned_start: String,
    pub planned_end: String,
    /// `08:00-12:00,14:00-18:00`
    pub working_hours: String,
    pub scope: Scope,
    pub documents: Vec<Document>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decoration {
    pub unit: String,
    pub owner: String,
    pub contractor: String,
    pub workers: Vec<String>,
    pub planned_start: String,
    pub planned_end: String,
    pub working_hours: String,
    #[serde(flatten)]
    pub progress: Progress,
    pub fees: u64,
    pub acceptance_date: Option<String>,
    /// The day acceptance passed (property time): the refund is due 7 working days later.
    pub passed_on: Option<String>,
    pub deducted: u64,
    pub created_at: crate::clock::Timestamp,
    /// Every step, oldest first; only ever appended to.
    pub history: Vec<HistoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: crate::clock::Timestamp,
    pub by_name: String,
    pub role: Role,
    pub step: DecorationStep,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum DecorationStep {
    Applied,
    Acted(DecorationAction),
    /// A patrol's notice went unheeded: work stopped, deposit deducted.
    NoticeEscalated {
        notice_id: String,
        deduction: u64,
    },
}

/// One patrol (of a decoration, a route or a vacant unit): the checklist as answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Patrol {
    #[serde(flatten)]
    pub subject: crate::patrol::subject::PatrolSubject,
    /// The decoration's or vacant unit's unit; a route's name.
    pub unit: String,
    pub by: i64,
    pub by_name: String,
    pub role: Role,
    pub at: crate::clock::Timestamp,
    /// The checklist as walked (labels and severities at the time).
    #[serde(default)]
    pub checklist: Vec<super::checklist::ChecklistItem>,
    pub results: Vec<ItemResult>,
    pub notice_id: Option<String>,
    /// Repair tickets raised from failed items.
    pub ticket_ids: Vec<String>,
}

/// 整改通知书
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RectificationNotice {
    pub decoration_id: String,
    pub patrol_id: String,
    pub unit: String,
    pub items: Vec<NoticeItem>,
    /// RFC 3339: when the re-inspection is due.
    pub deadline: String,
    pub status: NoticeStatus,
    pub issued_by_name: String,
    pub issued_at: crate::clock::Timestamp,
    pub reinspected_at: Option<crate::clock::Timestamp>,
    pub reinspection_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeItem {
    pub key: String,
    /// The checklist's question, as walked.
    pub label: String,
    /// What was done wrong, as the notice prints it (`破坏承重墙`); blank on notices issued
    /// before it existed: see [`NoticeItem::violation_text`].
    #[serde(default)]
    pub violation: String,
    pub note: String,
}

impl NoticeItem {
    /// The violation as printed; for an older notice, the built-in wording of its item.
    pub fn violation_text(&self) -> String {
        let item = super::checklist::ChecklistItem {
            key: self.key.clone(),
            label: self.label.clone(),
            violation: self.violation.clone(),
            severity: super::checklist::Severity::Minor,
        };
        item.violation_text()
    }
}

impl Decoration {
    /// Where the deposit refund stands on `today`: due by a date (15 working days after
    /// acceptance passed, on the property's calendar) or overdue; `None` until acceptance
    /// has passed (or once the deposit is refunded).
    pub fn refund(
        &self,
        calendar: &super::calendar::WorkCalendar,
        today: chrono::NaiveDate,
    ) -> Option<super::calendar::Refund> {
        if self.progress.status != super::lifecycle::DecorationStatus::Passed {
            return None;
        }
        let passed = self.passed_on.as_deref()?.parse().ok()?;
        Some(calendar.refund(passed, today))
    }

    /// The day the permit was issued (property time): engineering's patrol interval counts
    /// from there until its first patrol.
    pub fn permit_day(&self) -> Option<chrono::NaiveDate> {
        self.history
            .iter()
            .find(|h| matches!(h.step, DecorationStep::Acted(DecorationAction::IssuePermit { .. })))
            .map(|h| h.at.local_day())
    }
}

impl Patrol {
    /// The failed items as the day's report reads them, with the note: what was wrong (the
    /// item's violation wording), or for a route the checkpoint where it was found.
    pub fn failures(&self) -> Vec<(String, &str)> {
        let on_route = self.subject.route_key().is_some();
        self.results
            .iter()
            .filter(|r| r.outcome == super::checklist::Outcome::Fail)
            .map(|r| {
                let item = self.checklist.iter().find(|i| i.key == r.key);
                let what = match item {
                    Some(i) if on_route => i.label.clone(),
                    Some(i) => i.violation_text(),
                    None => r.key.clone(),
                };
                (what, r.note.as_str())
            })
            .collect()
    }
}

impl crate::apply::Record for Decoration {
    const KIND: crate::sync::Kind = crate::sync::Kind::Decoration;
}

impl crate::apply::Record for Patrol {
    const KIND: crate::sync::Kind = crate::sync::Kind::Patrol;
}

impl crate::apply::Record for RectificationNotice {
    const KIND: crate::sync::Kind = crate::sync::Kind::RectificationNotice;
}

#[cfg(test)]
mod tests {
    use super::super::checklist::{ChecklistItem, ItemResult, Outcome, Severity};
    use super::*;

    #[test]
    fn the_report_names_failures_by_their_violation() {
        let item = |key: &str, outcome, note: &str| ItemResult {
            key: key.into(),
            outcome,
            note: note.into(),
            photos: vec![],
            rectified_on_spot: false,
        };
        let patrol = Patrol {
            subject: crate::patrol::subject::PatrolSubject::Vacant { vacant_unit: "2栋-304".into() },
            unit: "2栋-304".into(),
            by: 1,
            by_name: "陈晨".into(),
            role: Role::Patrol,
            at: "2026-11-22T02:00:00Z".parse().unwrap(),
            checklist: vec![ChecklistItem {
                key: "gas".into(),
                label: "燃气阀已关".into(),
                violation: "燃气阀未关".into(),
                severity: Severity::Major,
            }],
            results: vec![
                item("gas", Outcome::Fail, "阀门未关"),
                item("gone", Outcome::Fail, "x"),
                item("ok", Outcome::Pass, ""),
            ],
            notice_id: None,
            ticket_ids: vec![],
        };
        assert_eq!(patrol.failures(), [("燃气阀未关".to_string(), "阀门未关"), ("gone".to_string(), "x")]);
    }
}
