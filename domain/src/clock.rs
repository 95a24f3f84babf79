//! The property's clock: a moment (`Timestamp`), its time zone and calendar day. Times
//! travel as RFC 3339 (UTC from the server); what a day is — "today's patrols", a notice's
//! deadline, a complaint plan due "the next day" — is the property's local day.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// China Standard Time, where the manuals come from (a property setting later).
pub fn property_zone() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// The property's calendar day of an RFC 3339 time.
pub fn local_day(iso: &str) -> Option<NaiveDate> {
    Timestamp::parse(iso).ok().map(|t| t.local_day())
}

/// A time that is not RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date and time (RFC 3339)")]
pub struct BadTime;

/// A moment, parsed once where it enters (a record read, the applier's clock, a form's
/// value checked by a rule). It keeps the exact text it arrived as and writes that back, so
/// records and stored outboxes round-trip byte for byte; it compares by the instant.
#[derive(Clone)]
pub struct Timestamp {
    text: String,
    at: DateTime<Utc>,
}

impl Timestamp {
    pub fn parse(text: &str) -> Result<Timestamp, BadTime> {
        let at = DateTime::parse_from_rfc3339(text).map_err(|_| BadTime)?.with_timezone(&Utc);
        Ok(Timestamp { text: text.to_string(), at })
    }

    pub fn from_utc(at: DateTime<Utc>) -> Timestamp {
        Timestamp { text: at.to_rfc3339(), at }
    }

    /// As it travels (RFC 3339).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// A minute as a form's `datetime-local` box writes it (`2026-12-09T09:00`), read as the
    /// property's time: a notice's outage hours mean the same on every device and poster,
    /// whatever zone the device is set to.
    pub fn from_property_minute(text: &str) -> Option<Timestamp> {
        use chrono::TimeZone;
        let naive = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
        let at = property_zone().from_local_datetime(&naive).single()?;
        Some(Timestamp::from_utc(at.with_timezone(&Utc)))
    }

    pub fn utc(&self) -> DateTime<Utc> {
        self.at
    }

    /// The property's calendar day at this moment.
    pub fn local_day(&self) -> NaiveDate {
        self.at.with_timezone(&property_zone()).date_naive()
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::str::FromStr for Timestamp {
    type Err = BadTime;
    fn from_str(s: &str) -> Result<Self, BadTime> {
        Timestamp::parse(s)
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}
impl Eq for Timestamp {}

/// The same instant as a written time (tests and fixtures compare with literals).
impl PartialEq<&str> for Timestamp {
    fn eq(&self, other: &&str) -> bool {
        Timestamp::parse(other).is_ok_and(|t| t == *self)
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.at.cmp(&other.at)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Timestamp {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Timestamp {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_minute_is_the_propertys() {
        let t = Timestamp::from_property_minute("2026-12-09T09:00").unwrap();
        assert_eq!(t.utc(), "2026-12-09T01:00:00Z".parse::<DateTime<Utc>>().unwrap());
        assert_eq!(Timestamp::from_property_minute("9点"), None);
    }

    #[test]
    fn the_day_turns_at_local_midnight() {
        assert_eq!(local_day("2026-11-22T17:30:00Z"), Some("2026-11-23".parse().unwrap()));
        assert_eq!(local_day("2026-11-22T15:59:00Z"), Some("2026-11-22".parse().unwrap()));
        assert_eq!(local_day("nonsense"), None);
    }

    #[test]
    fn a_timestamp_travels_as_the_text_it_came_in_and_compares_by_the_instant() {
        let z: Timestamp = serde_json::from_str("\"2026-11-22T17:30:00Z\"").unwrap();
        let cst: Timestamp = "2026-11-23T01:30:00+08:00".parse().unwrap();
        assert_eq!(z, cst);
        assert_eq!(serde_json::to_string(&z).unwrap(), "\"2026-11-22T17:30:00Z\"");
        assert_eq!(cst.as_str(), "2026-11-23T01:30:00+08:00");
        let later = Timestamp::parse("2026-11-22T17:30:01Z").unwrap();
        assert!(later > cst);
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
        assert_eq!(Timestamp::parse("2026-13-01T00:00:00Z").err(), Some(BadTime));
    }
}
