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

/// How many notices are open, and how many of those are past their deadline (due for
/// re-inspection): the patrol board's count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoticeTally {
    pub open: usize,
    pub overdue: usize,
}

/// Counts `notices` (status and RFC 3339 deadline) at `now`.
pub fn tally<'a>(
    notices: impl IntoIterator<Item = (NoticeStatus, &'a str)>,
    now: DateTime<Utc>,
) -> NoticeTally {
    let mut t = NoticeTally::default();
    for (status, deadline) in notices {
        if status != NoticeStatus::Open {
            continue;
        }
        t.open += 1;
        let due = DateTime::parse_from_rfc3339(deadline).map(|d| d.to_utc());
        if due.is_ok_and(|d| state(status, d, now) == NoticeState::ReinspectionDue) {
            t.overdue += 1;
        }
    }
    t
}

/// The outcome of a re-inspection, with what it records.
pub fn reinspect(rectified: bool) -> NoticeStatus {
    if rectified { NoticeStatus::Rectified } else { NoticeStatus::Escalated }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_board_counts_open_notices_and_those_past_their_deadline() {
        let now = DateTime::parse_from_rfc3339("2026-11-25T02:00:00Z").unwrap().to_utc();
        let notices = [
            (NoticeStatus::Open, "2026-11-24T02:00:00Z"),
            (NoticeStatus::Open, "2026-11-26T02:00:00Z"),
            (NoticeStatus::Rectified, "2026-11-20T02:00:00Z"),
            (NoticeStatus::Escalated, "2026-11-20T02:00:00Z"),
        ];
        assert_eq!(tally(notices, now), NoticeTally { open: 2, overdue: 1 });
    }

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
