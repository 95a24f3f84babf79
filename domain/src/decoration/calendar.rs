//! Working days: the deposit is refunded within 7 working days of a passed acceptance.
//! Weekends are off; the property configures public holidays and the weekend days that are
//! worked instead (调休).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const REFUND_WORKING_DAYS: u32 = 7;

/// The deposit refund's countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refund {
    Due { by: NaiveDate, working_days_left: u32 },
    Overdue { by: NaiveDate },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are working days (make-up days around a holiday).
    pub extra_workdays: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.extra_workdays.contains(&day) {
            return true;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&day)
    }

    /// The `n`th working day after `from` (`from` itself does not count).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.checked_add_days(Days::new(1)).unwrap_or(day);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not later.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_working_day(*d)).count() as u32
    }

    /// Where the refund stands on `today` for an acceptance passed on `passed`.
    pub fn refund(&self, passed: NaiveDate, today: NaiveDate) -> Refund {
        let by = self.refund_due(passed);
        if today > by {
            Refund::Overdue { by }
        } else {
            Refund::Due { by, working_days_left: self.working_days_between(today, by) }
        }
    }

    /// The last day the deposit may be refunded after acceptance passed on `passed`.
    pub fn refund_due(&self, passed: NaiveDate) -> NaiveDate {
        self.add_working_days(passed, REFUND_WORKING_DAYS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn seven_working_days_skip_weekends() {
        let cal = WorkCalendar::default();
        // Thursday 2026-11-19 → Fri, Mon–Fri (5), Mon: the 7th working day is Mon 2026-11-30.
        assert_eq!(cal.refund_due(d("2026-11-19")), d("2026-11-30"));
        assert_eq!(cal.working_days_between(d("2026-11-19"), d("2026-11-30")), 7);
        assert_eq!(cal.working_days_between(d("2026-11-19"), d("2026-11-19")), 0);
        assert_eq!(
            cal.refund(d("2026-11-19"), d("2026-11-23")),
            Refund::Due { by: d("2026-11-30"), working_days_left: 5 }
        );
        assert_eq!(cal.refund(d("2026-11-19"), d("2026-12-01")), Refund::Overdue { by: d("2026-11-30") });
    }

    #[test]
    fn holidays_and_make_up_days_are_configured() {
        let mut cal = WorkCalendar::default();
        // National Day week 2026: 10-01..10-07 off, Saturday 10-10 worked.
        for day in 1..=7 {
            cal.holidays.insert(NaiveDate::from_ymd_opt(2026, 10, day).unwrap());
        }
        cal.extra_workdays.insert(d("2026-10-10"));
        // Passed Wednesday 09-30: 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, worked), 10-12..10-15.
        assert_eq!(cal.refund_due(d("2026-09-30")), d("2026-10-15"));
        assert!(!cal.is_working_day(d("2026-10-05")) && cal.is_working_day(d("2026-10-10")));
    }
}
