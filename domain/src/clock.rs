//! The property's clock: its time zone and calendar day. Times travel as RFC 3339 (UTC from
//! the server); what a day is — "today's patrols", a notice's deadline, a complaint plan
//! due "the next day" — is the property's local day.

use chrono::{DateTime, FixedOffset, NaiveDate};

/// China Standard Time, where the manuals come from (a property setting later).
pub fn property_zone() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// The property's calendar day of an RFC 3339 time.
pub fn local_day(iso: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(iso).ok().map(|t| t.with_timezone(&property_zone()).date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_turns_at_local_midnight() {
        assert_eq!(local_day("2026-11-22T17:30:00Z"), Some("2026-11-23".parse().unwrap()));
        assert_eq!(local_day("2026-11-22T15:59:00Z"), Some("2026-11-22".parse().unwrap()));
        assert_eq!(local_day("nonsense"), None);
    }
}
