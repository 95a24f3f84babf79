//! The device's one clock: what time it is, the property's calendar day, and a new record's
//! id. It labels the optimistic view and counts down deadlines; the server's clock stamps
//! what happened.

use steward_domain::clock::Timestamp;

/// Now, by this device's clock.
pub fn now_utc() -> chrono::DateTime<chrono::Utc> {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    chrono::DateTime::parse_from_rfc3339(&iso).map(|d| d.with_timezone(&chrono::Utc)).unwrap_or_default()
}

/// Now, as the domain's rules take it.
pub fn now() -> Timestamp {
    Timestamp::from_utc(now_utc())
}

/// The property's calendar day now.
pub fn today() -> chrono::NaiveDate {
    now().local_day()
}

/// A new record's id: a UUIDv7, ordered by the time it was made.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
