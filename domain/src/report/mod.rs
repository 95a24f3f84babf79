//! The month in numbers (月度报表): figures computed from typed records by pure functions,
//! the same on the server (over its records), in the command line's export and in tests.
//! Every figure says how it is counted ([`Rate::how`], [`Count`]) and carries the ids of the
//! records behind it, so a screen can drill down from a rate to the late tickets.

pub mod accountability;
pub mod chart;
pub mod close;
pub mod decorations;
pub mod export;
pub mod front_of_house;
pub mod limits;
pub mod operations;
pub mod patrols;
pub mod rollup;
pub mod signed;
pub mod tickets;
pub mod words;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The property's days `from` up to and not including `to`: a month is
/// `2026-11-01..2026-12-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("a month is written 2026-11")]
    Month,
    #[error("a period is 1 to 400 days, from before to")]
    Range,
    #[error("a week is written 2026-W48")]
    Week,
}

impl Period {
    /// `2026-11` → November 2026.
    pub fn month(text: &str) -> Result<Period, PeriodError> {
        let from = NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
            .map_err(|_| PeriodError::Month)?;
        let to = from.checked_add_months(chrono::Months::new(1)).ok_or(PeriodError::Month)?;
        Ok(Period { from, to })
    }

    /// The ISO week `2026-W48`, Monday to Sunday, as a browser's week picker writes it.
    pub fn week(text: &str) -> Result<Period, PeriodError> {
        let (year, week) = text.trim().split_once("-W").ok_or(PeriodError::Week)?;
        let (year, week) =
            (year.parse().map_err(|_| PeriodError::Week)?, week.parse().map_err(|_| PeriodError::Week)?);
        let from = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).ok_or(PeriodError::Week)?;
        Ok(Period { from, to: from + chrono::Days::new(7) })
    }

    /// `from` to `last`, both days included, as a person picks them.
    pub fn inclusive(from: NaiveDate, last: NaiveDate) -> Result<Period, PeriodError> {
        Period::days(from, last.succ_opt().ok_or(PeriodError::Range)?)
    }

    /// The week the building administrator reports on Saturday morning (每周星期六上午,
    /// the decorations and acceptances): the seven days before the latest Saturday on or
    /// before `today`.
    pub fn saturday_week(today: NaiveDate) -> Period {
        use chrono::Datelike;
        let since =
            (today.weekday().num_days_from_monday() + 7 - chrono::Weekday::Sat.num_days_from_monday()) % 7;
        let to = today - chrono::Days::new(since.into());
        Period { from: to - chrono::Days::new(7), to }
    }

    /// Whether the period is one ISO week, Monday to Sunday.
    pub fn is_week(&self) -> bool {
        use chrono::Datelike;
        self.from.weekday() == chrono::Weekday::Mon && (self.to - self.from).num_days() == 7
    }

    /// The last day in the period (`to` is not in it).
    pub fn last(&self) -> NaiveDate {
        self.to.pred_opt().unwrap_or(self.to)
    }

    /// How an address and the server's query name it: `month=2026-11` for a month, else
    /// `from=2026-11-22&to=2026-11-29`.
    pub fn query(&self) -> String {
        if self.is_month() {
            format!("month={}", self.from.format("%Y-%m"))
        } else {
            format!("from={}&to={}", self.from, self.to)
        }
    }

    /// Read back from an address's query (`?month=…` or `?from=…&to=…`).
    pub fn from_query(query: &str) -> Option<Period> {
        let value = |key: &str| {
            query.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        };
        if let Some(m) = value("month") {
            return Period::month(m).ok();
        }
        Period::days(value("from")?.parse().ok()?, value("to")?.parse().ok()?).ok()
    }

    /// Any days, `to` not included; at most 400 (a year beside another).
    pub fn days(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        let days = (to - from).num_days();
        if (1..=400).contains(&days) { Ok(Period { from, to }) } else { Err(PeriodError::Range) }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day < self.to
    }

    /// The same length just before (the previous month for a month).
    pub fn previous(&self) -> Period {
        if self.is_month() {
            let from = self.from.checked_sub_months(chrono::Months::new(1)).unwrap_or(self.from);
            return Period { from, to: self.from };
        }
        Period { from: self.from - (self.to - self.from), to: self.from }
    }

    /// The same days a year before.
    pub fn year_before(&self) -> Period {
        let back = |d: NaiveDate| d.checked_sub_months(chrono::Months::new(12)).unwrap_or(d);
        Period { from: back(self.from), to: back(self.to) }
    }

    /// Whether the period is one calendar month.
    pub fn is_month(&self) -> bool {
        use chrono::Datelike;
        self.from.day() == 1 && self.from.checked_add_months(chrono::Months::new(1)) == Some(self.to)
    }

    /// Each day of the period, in order.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.from.iter_days().take_while(|d| *d < self.to)
    }
}

/// The ticket figures of a period, with the previous period and the same period a year
/// before beside them where there were tickets then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketReport {
    pub current: tickets::TicketFigures,
    pub previous: Option<tickets::TicketFigures>,
    pub year_before: Option<tickets::TicketFigures>,
    /// When the month was closed: what changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<close::SinceClose>,
    /// The one asking may close this month now (the manager, the month over by the
    /// server's clock, not closed yet).
    #[serde(default)]
    pub closable: bool,
    /// Key loans and goods-release slips in the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operations: Option<operations::Operations>,
}

/// How many records fall under `key` (a kind, a category, a building), and which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub key: String,
    pub count: usize,
    pub ids: Vec<String>,
}

/// A time limit's figure: of `counted` records, `met` were within it; the median and 90th
/// percentile of the time taken (minutes, paused time not counted where the limit pauses);
/// and the ids of those that were not (`late`) — the drill-down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    /// What the figure is, as its key (`arrival`, `reply`…); the screens say it in words.
    pub key: String,
    pub met: usize,
    pub counted: usize,
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
    pub late: Vec<String>,
}

impl Rate {
    /// The share met, in per mille (`None` with nothing counted): whole numbers travel and
    /// compare exactly; screens show `95.2%`.
    pub fn per_mille(&self) -> Option<u32> {
        (self.counted > 0).then(|| ((self.met * 1000 + self.counted / 2) / self.counted) as u32)
    }
}

/// Builds a [`Rate`] from each record's id, whether it was met, and its minutes.
pub(crate) fn rate(key: &str, outcomes: Vec<(String, bool, i64)>) -> Rate {
    let mut minutes: Vec<i64> = outcomes.iter().map(|(_, _, m)| *m).collect();
    minutes.sort_unstable();
    let mut late: Vec<String> =
        outcomes.iter().filter(|(_, met, _)| !met).map(|(id, _, _)| id.clone()).collect();
    late.sort();
    Rate {
        key: key.to_string(),
        met: outcomes.iter().filter(|(_, met, _)| *met).count(),
        counted: outcomes.len(),
        median_minutes: percentile(&minutes, 50),
        p90_minutes: percentile(&minutes, 90),
        late,
    }
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

/// Counts grouped by key, largest first, then by key.
pub(crate) fn counts<'a>(items: impl Iterator<Item = (String, &'a str)>) -> Vec<Count> {
    let mut by: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for (key, id) in items {
        by.entry(key).or_default().push(id.to_string());
    }
    let mut out: Vec<Count> = by
        .into_iter()
        .map(|(key, mut ids)| {
            ids.sort();
            Count { key, count: ids.len(), ids }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A week as the picker writes it, the days a person picks, the Saturday report's week,
    /// each named in the address and read back.
    #[test]
    fn weeks_days_and_the_saturday_report() {
        let w = Period::week("2026-W48").unwrap();
        assert_eq!((w.from, w.to), (day("2026-11-23"), day("2026-11-30")), "Monday to Sunday");
        assert!(w.is_week() && !w.is_month() && !Period::saturday_week(day("2026-12-07")).is_week());
        assert_eq!(Period::week("2026-48"), Err(PeriodError::Week));
        assert_eq!(Period::week("2026-W54"), Err(PeriodError::Week));
        let picked = Period::inclusive(day("2026-11-03"), day("2026-11-05")).unwrap();
        assert_eq!((picked.to, picked.last()), (day("2026-11-06"), day("2026-11-05")));
        assert!(Period::inclusive(day("2026-11-05"), day("2026-11-03")).is_err());
        // 2026-12-05 is a Saturday: that morning reports the 28th to the 4th; so does
        // every day up to the next Friday.
        for today in ["2026-12-05", "2026-12-07", "2026-12-11"] {
            let s = Period::saturday_week(day(today));
            assert_eq!((s.from, s.to), (day("2026-11-28"), day("2026-12-05")), "{today}");
        }
        assert_eq!(Period::saturday_week(day("2026-12-12")).from, day("2026-12-05"));
        for p in [w, picked, Period::month("2026-11").unwrap()] {
            assert_eq!(Period::from_query(&format!("?{}", p.query())), Some(p));
        }
        assert_eq!(Period::month("2026-11").unwrap().query(), "month=2026-11");
        assert_eq!(Period::from_query("?from=2026-11-05&to=2026-11-03"), None);
        assert_eq!(Period::from_query("?lang=en"), None);
    }

    #[test]
    fn a_month_its_previous_and_the_year_before() {
        let nov = Period::month("2026-11").unwrap();
        assert_eq!((nov.from.to_string(), nov.to.to_string()), ("2026-11-01".into(), "2026-12-01".into()));
        let oct = nov.previous();
        assert_eq!((oct.from.to_string(), oct.to.to_string()), ("2026-10-01".into(), "2026-11-01".into()));
        let last_year = nov.year_before();
        assert_eq!(last_year.from.to_string(), "2025-11-01");
        assert_eq!(Period::month("2026-13"), Err(PeriodError::Month));
        assert_eq!(nov.each_day().count(), 30);
        let week = Period::days("2026-11-02".parse().unwrap(), "2026-11-09".parse().unwrap()).unwrap();
        assert_eq!(week.previous().from.to_string(), "2026-10-26");
        assert!(Period::days(nov.to, nov.from).is_err());
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!((percentile(&v, 50), percentile(&v, 90)), (Some(5), Some(9)));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 50), None);
        let r =
            rate("arrival", vec![("b".into(), false, 30), ("a".into(), true, 10), ("c".into(), true, 15)]);
        assert_eq!(
            (r.met, r.counted, r.late.clone(), r.per_mille()),
            (2, 3, vec!["b".to_string()], Some(667))
        );
    }
}
