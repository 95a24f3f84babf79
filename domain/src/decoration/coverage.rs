//! The supervisor's coverage board: which decorations under way were patrolled today.

use super::lifecycle::DecorationStatus;
use super::record::{Decoration, Patrol};
use chrono::{DateTime, NaiveDate};

/// The property's calendar day of an RFC 3339 time.
pub fn local_day(iso: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(iso).ok().map(|t| t.with_timezone(&crate::ticket::sla::china()).date_naive())
}

/// How many patrols `decoration_id` had on `day`.
pub fn patrols_on<'a>(
    patrols: impl IntoIterator<Item = &'a Patrol>,
    decoration_id: &str,
    day: NaiveDate,
) -> usize {
    patrols.into_iter().filter(|p| p.decoration_id == decoration_id && local_day(&p.at) == Some(day)).count()
}

/// Decorations that need patrolling (work under way or stopped).
pub fn patrolled(d: &Decoration) -> bool {
    matches!(d.progress.status, DecorationStatus::UnderWay | DecorationStatus::Stopped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_is_the_propertys() {
        // 17:30 UTC is 01:30 the next day in Beijing.
        assert_eq!(local_day("2026-11-22T17:30:00Z"), Some("2026-11-23".parse().unwrap()));
        assert_eq!(local_day("2026-11-22T15:59:00Z"), Some("2026-11-22".parse().unwrap()));
        assert_eq!(local_day("nonsense"), None);
    }
}
