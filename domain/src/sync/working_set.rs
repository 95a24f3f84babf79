//! What a device holds: its working set, not the property's whole history (issue #24).
//!
//! Open work, registers and settings stay on every device that sees their kind, however
//! old; a finished record (a closed ticket and its timeline, a returned key loan, a route
//! patrol, a duty-log line, a cabinet count) stays for the property's chosen number of
//! weeks after it settled, then only the server keeps it. The server dates each record by
//! [`standing`] as it writes it and pulls send only what is in the set.

use super::Kind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where a record stands for the working set, read from its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Held by every device that sees its kind, however old: open work, the registers
    /// (keys, devices' keys, restrictions), settings.
    Open,
    /// Finished on this day (a record dated by its own content: a patrol, a log line).
    SettledOn(NaiveDate),
    /// Finished by this very write (a ticket closed): dated by the write's day.
    SettledNow,
    /// Held as long as the record it belongs to: a ticket's timeline, a slip's gate checks.
    Follows(Kind, String),
    /// A duty-log line of this day: held until the day is signed off (the supervisor's
    /// to-do of unsigned days must not empty itself as weeks pass), then settled on it.
    UntilSigned(NaiveDate),
}

/// How many weeks after it settled a finished record stays on devices; `None`: every
/// record stays (the manager's choice). A property that has not chosen holds eight weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingSet {
    #[serde(default)]
    pub weeks: Option<u16>,
}

impl Default for WorkingSet {
    /// Two months: the month's report and last month's return visits are on the device.
    fn default() -> Self {
        WorkingSet { weeks: Some(Self::DEFAULT_WEEKS) }
    }
}

impl WorkingSet {
    pub const DEFAULT_WEEKS: u16 = 8;
    /// The most a property may choose: about two years.
    pub const MAX_WEEKS: u16 = 104;
    /// The least: a vacant unit is checked every month at most, and its last check must be
    /// on the device to say how late the next one is.
    pub const MIN_WEEKS: u16 = 5;

    /// The first settled day a device still holds, `today` being the property's day.
    pub fn cutoff(&self, today: NaiveDate) -> Option<NaiveDate> {
        let weeks = self.weeks?;
        today.checked_sub_days(chrono::Days::new(7 * u64::from(weeks)))
    }

    pub fn validate(&self) -> Result<(), &'static str> {
        match self.weeks {
            Some(w) if w < Self::MIN_WEEKS => Err("hold at least 5 weeks"),
            Some(w) if w > Self::MAX_WEEKS => Err("at most 104 weeks"),
            _ => Ok(()),
        }
    }
}

/// The record's standing, by its kind. The match names every kind (no `_`): a new kind
/// does not compile until someone says how long devices hold it.
pub fn standing(kind: Kind, body: &Value) -> Standing {
    match kind {
        Kind::Ticket => match body.get("status").and_then(Value::as_str) {
            Some("closed" | "archived") => Standing::SettledNow,
            _ => Standing::Open,
        },
        Kind::TicketEvent => follows(body, "ticket_id", Kind::Ticket),
        // A slip is done with after its last valid day (the gate refuses it from then on);
        // its checks go with it — never before, so a gate never forgets a slip was used.
        Kind::ReleaseSlip => match body.get("until").and_then(Value::as_str).map(str::parse::<NaiveDate>) {
            Some(Ok(until)) => Standing::SettledOn(until),
            _ => Standing::Open,
        },
        Kind::GateCheck => follows(body, "slip_id", Kind::ReleaseSlip),
        // A day's sign-off stays: whether a day is signed is asked up to a year back.
        Kind::DutyLogEntry => match body.get("signs") {
            Some(Value::String(_)) => Standing::Open,
            _ => match dated(body, "written_at") {
                Standing::SettledOn(day) => Standing::UntilSigned(day),
                other => other,
            },
        },
        Kind::KeyCount => dated(body, "at"),
        // A decoration's patrols stay with the decoration (its page lists them); a route's
        // or a vacant unit's are finished the day they were walked.
        Kind::Patrol => match body.pointer("/subject/decoration_id") {
            Some(_) => Standing::Open,
            None => dated(body, "at"),
        },
        Kind::KeyLoan => match body.get("status").and_then(Value::as_str) {
            Some("returned" | "returned_short") => match body.pointer("/returned/at") {
                Some(at) => day_of(at),
                None => Standing::SettledNow,
            },
            Some("withdrawn") => Standing::SettledNow,
            _ => Standing::Open,
        },
        // A visit is done with the day the visitor left, or was refused; a list entry when it
        // ends or is lifted; a pass after its day.
        Kind::Visit => match (body.get("time_out"), body.pointer("/confirmation/admitted")) {
            (Some(out), _) if !out.is_null() => day_of(out),
            (_, Some(Value::Bool(false))) => dated(body, "time_in"),
            _ => Standing::Open,
        },
        Kind::DoNotAdmit => match body.get("lifted") {
            Some(l) if !l.is_null() => Standing::SettledNow,
            _ => on_day(body, "until"),
        },
        Kind::DayPass => on_day(body, "day"),
        // An item leaves the desk's working set the day it is handed over (a refused deposit:
        // the day it is given back to whoever left it).
        Kind::DeskItem => match body.pointer("/handed/at") {
            Some(at) => day_of(at),
            None => Standing::Open,
        },
        // A notice until it is taken down (a liaison note after its day); a home's reply
        // with its notice; a survey after it closes, its answers with it.
        Kind::Announcement => {
            match (body.pointer("/taken_down/at"), body.get("topic").and_then(Value::as_str)) {
                (Some(at), _) => day_of(at),
                (None, Some("liaison")) => on_day(body, "expires"),
                _ => Standing::Open,
            }
        }
        Kind::AnnouncementReply => follows(body, "announcement_id", Kind::Announcement),
        Kind::Survey => on_day(body, "closes"),
        Kind::SurveyResponse => follows(body, "survey_id", Kind::Survey),
        // Registers, open cases and low-volume records: held whole for now.
        Kind::Decoration
        | Kind::RectificationNotice
        | Kind::HotWorkPermit
        | Kind::Settings
        | Kind::Key
        | Kind::KeyIncident
        | Kind::Handover
        | Kind::ArrearsCase
        | Kind::DeviceKey
        | Kind::ReleaseRestriction
        | Kind::VoidSlip => Standing::Open,
    }
}

fn on_day(body: &Value, field: &str) -> Standing {
    match body.get(field).and_then(Value::as_str).map(str::parse::<NaiveDate>) {
        Some(Ok(day)) => Standing::SettledOn(day),
        _ => Standing::Open,
    }
}

fn follows(body: &Value, field: &str, kind: Kind) -> Standing {
    match body.get(field).and_then(Value::as_str) {
        Some(id) => Standing::Follows(kind, id.to_string()),
        None => Standing::Open,
    }
}

fn dated(body: &Value, field: &str) -> Standing {
    match body.get(field) {
        Some(at) => day_of(at),
        None => Standing::Open,
    }
}

/// The property's day of an RFC 3339 time; a body without one stays held.
fn day_of(at: &Value) -> Standing {
    at.as_str()
        .and_then(|t| crate::clock::Timestamp::parse(t).ok())
        .map_or(Standing::Open, |t| Standing::SettledOn(t.local_day()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn open_work_stays_and_finished_work_is_dated() {
        assert_eq!(standing(Kind::Ticket, &json!({"status": "dispatched"})), Standing::Open);
        assert_eq!(standing(Kind::Ticket, &json!({"status": "closed"})), Standing::SettledNow);
        assert_eq!(standing(Kind::Ticket, &json!({"status": "archived"})), Standing::SettledNow);
        assert_eq!(
            standing(Kind::TicketEvent, &json!({"ticket_id": "t1"})),
            Standing::Follows(Kind::Ticket, "t1".into())
        );
        assert_eq!(
            standing(Kind::ReleaseSlip, &json!({"until": "2026-03-02"})),
            Standing::SettledOn(day("2026-03-02"))
        );
        assert_eq!(
            standing(Kind::GateCheck, &json!({"slip_id": "s1"})),
            Standing::Follows(Kind::ReleaseSlip, "s1".into())
        );
        // The property's day (UTC+8): 20:00 UTC is the next morning there.
        assert_eq!(
            standing(Kind::DutyLogEntry, &json!({"written_at": "2026-03-01T20:00:00Z"})),
            Standing::UntilSigned(day("2026-03-02"))
        );
        let route = json!({"subject": {"route_key": "r", "route_name": "B1"}, "at": "2026-03-01T02:00:00Z"});
        assert_eq!(standing(Kind::Patrol, &route), Standing::SettledOn(day("2026-03-01")));
        let decoration = json!({"subject": {"decoration_id": "d"}, "at": "2026-03-01T02:00:00Z"});
        assert_eq!(standing(Kind::Patrol, &decoration), Standing::Open);
        let out = json!({"status": "out", "returned": null});
        assert_eq!(standing(Kind::KeyLoan, &out), Standing::Open);
        let back = json!({"status": "returned", "returned": {"at": "2026-03-05T02:00:00Z"}});
        assert_eq!(standing(Kind::KeyLoan, &back), Standing::SettledOn(day("2026-03-05")));
        assert_eq!(standing(Kind::Key, &json!({"tag": "K1"})), Standing::Open);
        let sign_off = json!({"written_at": "2026-03-01T20:00:00Z", "signs": "2026-03-01"});
        assert_eq!(standing(Kind::DutyLogEntry, &sign_off), Standing::Open, "sign-offs stay");
        assert_eq!(standing(Kind::DutyLogEntry, &json!({"written_at": "not a time"})), Standing::Open);
    }

    #[test]
    fn the_cutoff_counts_whole_weeks_back_and_none_holds_everything() {
        let today = day("2026-12-07");
        assert_eq!(WorkingSet { weeks: None }.cutoff(today), None);
        assert_eq!(WorkingSet { weeks: Some(8) }.cutoff(today), Some(day("2026-10-12")));
        assert!(WorkingSet { weeks: Some(0) }.validate().is_err());
        assert!(WorkingSet { weeks: Some(4) }.validate().is_err());
        assert!(WorkingSet { weeks: Some(5) }.validate().is_ok());
        assert!(WorkingSet { weeks: Some(105) }.validate().is_err());
        assert!(WorkingSet { weeks: Some(8) }.validate().is_ok());
        // Not chosen: eight weeks, also for settings saved before there was a choice; an
        // explicit "all" stays all.
        assert_eq!(WorkingSet::default().weeks, Some(8));
        let before: crate::settings::Settings = serde_json::from_value(serde_json::json!({})).unwrap();
        assert_eq!(before.working_set.weeks, Some(8));
        let all: WorkingSet = serde_json::from_value(serde_json::json!({ "weeks": null })).unwrap();
        assert_eq!(all.weeks, None);
    }
}
