//! 班次: the desk's shifts, a property setting. What is lent in a shift comes back before it
//! ends (钥匙当班归还); the log reads per shift; a handover closes one. A shift runs from its
//! start (local time) to the next one's, the last to the first of the next day.

use crate::clock::{Timestamp, property_zone};
use chrono::{Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub name: String,
    /// `08:00`, local time.
    pub start: String,
}

/// The property's shifts, in order of their start through the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Shifts(pub Vec<Shift>);

/// The manuals' three: 早班 08:00–16:00, 中班 16:00–24:00, 夜班 00:00–08:00.
impl Default for Shifts {
    fn default() -> Self {
        let shift = |name: &str, start: &str| Shift { name: name.into(), start: start.into() };
        Shifts(vec![shift("夜班", "00:00"), shift("早班", "08:00"), shift("中班", "16:00")])
    }
}

/// A shift's name for an English reader: the manuals' three translated, a property's own
/// names as they are.
pub fn name_en(name: &str) -> &str {
    match name {
        "夜班" => "Night shift",
        "早班" => "Morning shift",
        "中班" => "Evening shift",
        other => other,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShiftError {
    #[error("1 to 6 shifts, each named")]
    Count,
    #[error("shift starts are times of day (08:00), each later than the one before")]
    Starts,
}

/// One shift on one day: its name, the day it began and when it begins and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftWindow {
    pub name: String,
    pub day: NaiveDate,
    pub start: Timestamp,
    pub end: Timestamp,
}

fn time_of(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

fn at(day: NaiveDate, time: NaiveTime) -> Timestamp {
    let local = day.and_time(time).and_local_timezone(property_zone()).single().expect("a fixed offset");
    Timestamp::from_utc(local.to_utc())
}

impl Shifts {
    /// One shift a line, `早班 08:00`, as the manager's form shows them.
    pub fn to_text(&self) -> String {
        self.0.iter().map(|s| format!("{} {}", s.name, s.start)).collect::<Vec<_>>().join("\n")
    }

    /// The shifts typed one a line (`早班 08:00`); `None` if a line is not a name and a time.
    pub fn from_text(text: &str) -> Option<Shifts> {
        let line = |l: &str| {
            let (name, start) = l.trim().rsplit_once(char::is_whitespace)?;
            time_of(start)?;
            Some(Shift { name: name.trim().to_string(), start: start.trim().to_string() })
        };
        text.lines().filter(|l| !l.trim().is_empty()).map(line).collect::<Option<Vec<_>>>().map(Shifts)
    }

    pub fn validate(&self) -> Result<(), ShiftError> {
        let named = self.0.iter().all(|s| !s.name.trim().is_empty() && s.name.chars().count() <= 10);
        if self.0.is_empty() || self.0.len() > 6 || !named {
            return Err(ShiftError::Count);
        }
        let starts: Option<Vec<NaiveTime>> = self.0.iter().map(|s| time_of(&s.start)).collect();
        match starts {
            Some(t) if t.windows(2).all(|w| w[0] < w[1]) => Ok(()),
            _ => Err(ShiftError::Starts),
        }
    }

    /// The shift `moment` falls in. Shifts that do not validate read as the defaults.
    pub fn window(&self, moment: &Timestamp) -> ShiftWindow {
        if self.validate().is_err() {
            return Shifts::default().window(moment);
        }
        let local = moment.utc().with_timezone(&property_zone());
        let (today, now) = (local.date_naive(), local.time());
        let starts: Vec<NaiveTime> = self.0.iter().filter_map(|s| time_of(&s.start)).collect();
        let last = starts.len() - 1;
        // Before the first start of the day: still the previous day's last shift.
        let (i, day) = match starts.iter().rposition(|t| *t <= now) {
            Some(i) => (i, today),
            None => (last, today - Duration::days(1)),
        };
        let end = if i < last { at(day, starts[i + 1]) } else { at(day + Duration::days(1), starts[0]) };
        ShiftWindow { name: self.0[i].name.clone(), day, start: at(day, starts[i]), end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn each_shift_ends_where_the_next_begins_in_local_time() {
        let s = Shifts::default();
        // 09:30 in Beijing: the morning shift, over at 16:00 (08:00 UTC).
        let w = s.window(&t("2026-12-01T01:30:00Z"));
        assert_eq!((w.name.as_str(), w.end.clone()), ("早班", t("2026-12-01T08:00:00Z")));
        // 23:10: the middle shift ends at local midnight.
        assert_eq!(s.window(&t("2026-12-01T15:10:00Z")).end, "2026-12-01T16:00:00Z");
        // 03:00: the night shift ends at 08:00 the same local day.
        let night = s.window(&t("2026-11-30T19:00:00Z"));
        assert_eq!((night.name.as_str(), night.end), ("夜班", t("2026-12-01T00:00:00Z")));
    }

    #[test]
    fn two_twelve_hour_shifts_wrap_past_midnight() {
        let s = Shifts(vec![
            Shift { name: "白班".into(), start: "07:00".into() },
            Shift { name: "夜班".into(), start: "19:00".into() },
        ]);
        assert!(s.validate().is_ok());
        // 03:00 local on 12-02 belongs to the night shift that began 12-01 19:00.
        let w = s.window(&t("2026-12-01T19:00:00Z"));
        assert_eq!((w.name.as_str(), w.day.to_string()), ("夜班", "2026-12-01".to_string()));
        assert_eq!((w.start, w.end), (t("2026-12-01T11:00:00Z"), t("2026-12-01T23:00:00Z")));
        assert_eq!(Shifts::from_text(&s.to_text()), Some(s.clone()));
        assert_eq!(Shifts::from_text("白班\n夜班 19:00"), None);
        let bad = Shifts(vec![
            Shift { name: "A".into(), start: "19:00".into() },
            Shift { name: "B".into(), start: "07:00".into() },
        ]);
        assert_eq!(bad.validate(), Err(ShiftError::Starts));
    }
}
