//! Time limits (SLA), with the clock passed in.
//!
//! - A dispatched repair must have someone on site within 20 minutes.
//! - A complaint needs a handling plan the same or the next day (property's local time).
//! - The clock stops while the ticket waits on the owner (appointment later, owner away);
//!   each pause is recorded, and its time does not count.

use chrono::{DateTime, Days, Duration, FixedOffset, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// Someone on site within this long after dispatch.
pub const ARRIVAL_LIMIT_MINUTES: i64 = 20;

/// The clock stopped from `from` until `until` (`None`: still stopped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    pub until: Option<DateTime<Utc>>,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaState {
    /// Counting down.
    Running { left: Duration },
    /// Waiting on the owner: not counting.
    Paused { left: Duration },
    /// Done within the limit.
    Met,
    /// Past the limit (still open, or done late): the desk must call the owner.
    Missed { by: Duration },
}

/// How long the clock ran between `start` and `end`, leaving out the pauses.
pub fn running_time(start: DateTime<Utc>, end: DateTime<Utc>, pauses: &[Pause]) -> Duration {
    let paused: Duration = pauses
        .iter()
        .map(|p| {
            let from = p.from.max(start);
            let until = p.until.unwrap_or(end).min(end);
            if until > from { until - from } else { Duration::zero() }
        })
        .fold(Duration::zero(), |a, b| a + b);
    (end - start - paused).max(Duration::zero())
}

/// The 20-minute arrival rule for a dispatched repair.
pub fn arrival(
    dispatched_at: DateTime<Utc>,
    arrived_at: Option<DateTime<Utc>>,
    pauses: &[Pause],
    now: DateTime<Utc>,
) -> SlaState {
    let limit = Duration::minutes(ARRIVAL_LIMIT_MINUTES);
    let end = arrived_at.unwrap_or(now);
    let used = running_time(dispatched_at, end, pauses);
    if used > limit {
        return SlaState::Missed { by: used - limit };
    }
    if arrived_at.is_some() {
        return SlaState::Met;
    }
    let paused_now = pauses.iter().any(|p| p.from <= now && p.until.is_none_or(|u| u > now));
    if paused_now {
        SlaState::Paused { left: limit - used }
    } else {
        SlaState::Running { left: limit - used }
    }
}

/// A complaint's handling plan is due by the end of the next day, in the property's time
/// zone: received Monday 23:50 → due Tuesday 24:00.
pub fn complaint_plan_due(received_at: DateTime<Utc>, property_offset: FixedOffset) -> DateTime<Utc> {
    let local_day = received_at.with_timezone(&property_offset).date_naive();
    let day_after_next = local_day.checked_add_days(Days::new(2)).unwrap_or(local_day);
    let midnight = day_after_next.and_hms_opt(0, 0, 0).expect("midnight exists");
    property_offset
        .from_local_datetime(&midnight)
        .single()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(received_at)
}

/// The plan rule: met if recorded by the due time.
pub fn complaint_plan(
    received_at: DateTime<Utc>,
    plan_at: Option<DateTime<Utc>>,
    property_offset: FixedOffset,
    now: DateTime<Utc>,
) -> SlaState {
    let due = complaint_plan_due(received_at, property_offset);
    match plan_at {
        Some(t) if t <= due => SlaState::Met,
        Some(t) => SlaState::Missed { by: t - due },
        None if now > due => SlaState::Missed { by: now - due },
        None => SlaState::Running { left: due - now },
    }
}

/// The property's time zone (see [`crate::clock`]).
pub fn china() -> FixedOffset {
    crate::clock::property_zone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const DISPATCHED: &str = "2026-11-22T02:00:00Z";

    #[test]
    fn arrival_counts_down_twenty_minutes() {
        let d = t(DISPATCHED);
        assert_eq!(
            arrival(d, None, &[], t("2026-11-22T02:05:00Z")),
            SlaState::Running { left: Duration::minutes(15) }
        );
        assert_eq!(
            arrival(d, Some(t("2026-11-22T02:19:59Z")), &[], t("2026-11-22T03:00:00Z")),
            SlaState::Met
        );
        assert_eq!(
            arrival(d, None, &[], t("2026-11-22T02:26:00Z")),
            SlaState::Missed { by: Duration::minutes(6) }
        );
        assert_eq!(
            arrival(d, Some(t("2026-11-22T02:21:00Z")), &[], t("2026-11-22T02:30:00Z")),
            SlaState::Missed { by: Duration::minutes(1) },
            "a late arrival stays missed"
        );
    }

    #[test]
    fn waiting_on_the_owner_stops_the_clock() {
        let d = t(DISPATCHED);
        // Owner asked to come after lunch: paused 02:05–03:30.
        let pauses = [Pause {
            from: t("2026-11-22T02:05:00Z"),
            until: Some(t("2026-11-22T03:30:00Z")),
            reason: "业主午休".into(),
        }];
        assert_eq!(
            arrival(d, None, &pauses, t("2026-11-22T03:40:00Z")),
            SlaState::Running { left: Duration::minutes(5) }
        );
        assert_eq!(
            arrival(d, Some(t("2026-11-22T03:44:00Z")), &pauses, t("2026-11-22T04:00:00Z")),
            SlaState::Met
        );
        let open = [Pause { from: t("2026-11-22T02:10:00Z"), until: None, reason: "业主不在家".into() }];
        assert_eq!(
            arrival(d, None, &open, t("2026-11-22T09:00:00Z")),
            SlaState::Paused { left: Duration::minutes(10) }
        );
    }

    #[test]
    fn pauses_outside_the_window_do_not_count() {
        let d = t(DISPATCHED);
        let before = Pause {
            from: t("2026-11-22T01:00:00Z"),
            until: Some(t("2026-11-22T01:30:00Z")),
            reason: String::new(),
        };
        assert_eq!(running_time(d, t("2026-11-22T02:10:00Z"), &[before]), Duration::minutes(10));
        let overlapping = Pause {
            from: t("2026-11-22T01:50:00Z"),
            until: Some(t("2026-11-22T02:04:00Z")),
            reason: String::new(),
        };
        assert_eq!(running_time(d, t("2026-11-22T02:10:00Z"), &[overlapping]), Duration::minutes(6));
    }

    #[test]
    fn complaint_plan_by_end_of_next_local_day() {
        // 2026-11-22 23:50 in Beijing is 15:50 UTC; the plan is due 2026-11-24 00:00 Beijing.
        let received = t("2026-11-22T15:50:00Z");
        assert_eq!(complaint_plan_due(received, china()), t("2026-11-23T16:00:00Z"));
        assert_eq!(
            complaint_plan(received, Some(t("2026-11-23T09:00:00Z")), china(), t("2026-11-25T00:00:00Z")),
            SlaState::Met
        );
        assert_eq!(
            complaint_plan(received, None, china(), t("2026-11-23T17:00:00Z")),
            SlaState::Missed { by: Duration::hours(1) }
        );
        assert_eq!(
            complaint_plan(received, None, china(), t("2026-11-23T15:00:00Z")),
            SlaState::Running { left: Duration::hours(1) }
        );
    }
}
