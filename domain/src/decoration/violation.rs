//! A rectification notice (整改通知书) and what happens when its deadline passes: a
//! re-inspection on the deadline; rectified → closed; not → work stops, the deposit is
//! deducted and the managers are told.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Handed to the owner; the deadline is ahead.
    Open,
    /// Re-inspected and put right.
    Rectified,
    /// Re-inspected and not put right: stop-work order and deduction recorded.
    Escalated,
}

/// How long the owner gets to put a violation right, unless the patrol sets a deadline.
pub const RECTIFY_DAYS: i64 = 3;

pub fn default_deadline(now: DateTime<Utc>) -> DateTime<Utc> {
    now + chrono::Duration::days(RECTIFY_DAYS)
}

/// Where a notice stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeState {
    /// Waiting for the owner.
    Pending,
    /// The deadline passed with no re-inspection: due today, and shown to the managers.
    ReinspectionDue,
    Closed,
    Escalated,
}

pub fn state(status: NoticeStatus, deadline: DateTime<Utc>, now: DateTime<Utc>) -> NoticeState {
    match status {
        NoticeStatus::Rectified => NoticeState::Closed,
        NoticeStatus::Escalated => NoticeState::Escalated,
        NoticeStatus::Open if now >= deadline => NoticeState::ReinspectionDue,
        NoticeStatus::Open => NoticeState::Pending,
    }
}

/// The outcome of a re-inspection, with what it records.
pub fn reinspect(rectified: bool) -> NoticeStatus {
    if rectified { NoticeStatus::Rectified } else { NoticeStatus::Escalated }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_passed_deadline_makes_the_reinspection_due_and_a_failure_escalates() {
        let deadline = t("2026-11-25T10:00:00Z");
        assert_eq!(state(NoticeStatus::Open, deadline, t("2026-11-24T10:00:00Z")), NoticeState::Pending);
        assert_eq!(
            state(NoticeStatus::Open, deadline, t("2026-11-25T10:00:00Z")),
            NoticeState::ReinspectionDue
        );
        assert_eq!(state(reinspect(false), deadline, t("2026-11-25T11:00:00Z")), NoticeState::Escalated);
        assert_eq!(state(reinspect(true), deadline, t("2026-11-25T11:00:00Z")), NoticeState::Closed);
    }
}
