//! 班次: the desk's shifts. What is lent in a shift comes back before it ends (钥匙当班归还);
//! anything still out then is overdue. The property's own shifts are a setting later; these
//! are the manuals' three (早班 08:00–16:00, 中班 16:00–24:00, 夜班 00:00–08:00).

use crate::clock::{Timestamp, property_zone};
use chrono::{Duration, NaiveTime, Timelike};

/// A shift by its local start hour; it lasts until the next one starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub name: &'static str,
    pub start_hour: u32,
}

pub const SHIFTS: [Shift; 3] = [
    Shift { name: "夜班", start_hour: 0 },
    Shift { name: "早班", start_hour: 8 },
    Shift { name: "中班", start_hour: 16 },
];

/// The shift `at` falls in.
pub fn shift_of(at: &Timestamp) -> Shift {
    let hour = at.utc().with_timezone(&property_zone()).hour();
    SHIFTS.iter().rev().copied().find(|s| s.start_hour <= hour).unwrap_or(SHIFTS[0])
}

/// When the shift `at` falls in ends (the next shift's start, local time).
pub fn end_of_shift(at: &Timestamp) -> Timestamp {
    let local = at.utc().with_timezone(&property_zone());
    let start = shift_of(at).start_hour;
    let next = SHIFTS.iter().map(|s| s.start_hour).find(|h| *h > start);
    let day = local.date_naive();
    let end = match next {
        Some(h) => day.and_time(NaiveTime::from_hms_opt(h, 0, 0).expect("hour")),
        None => (day + Duration::days(1)).and_time(NaiveTime::MIN),
    };
    let end = end.and_local_timezone(property_zone()).single().expect("fixed offset");
    Timestamp::from_utc(end.to_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn each_shift_ends_where_the_next_begins_in_local_time() {
        // 09:30 in Beijing: the morning shift, over at 16:00 (08:00 UTC).
        assert_eq!(shift_of(&at("2026-12-01T01:30:00Z")).name, "早班");
        assert_eq!(end_of_shift(&at("2026-12-01T01:30:00Z")), "2026-12-01T08:00:00Z");
        // 23:10: the middle shift ends at local midnight.
        assert_eq!(end_of_shift(&at("2026-12-01T15:10:00Z")), "2026-12-01T16:00:00Z");
        // 03:00: the night shift ends at 08:00 the same local day.
        assert_eq!(shift_of(&at("2026-11-30T19:00:00Z")).name, "夜班");
        assert_eq!(end_of_shift(&at("2026-11-30T19:00:00Z")), "2026-12-01T00:00:00Z");
    }
}
