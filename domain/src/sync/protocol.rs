//! The push and pull messages between a device and the server.

use super::mutation::{Mutation, RejectionCode};
use super::records::Kind;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

/// One mutation as the device numbered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Numbered {
    pub id: u64,
    #[serde(deserialize_with = "super::mutation::either_form")]
    pub mutation: Mutation,
}

/// An ordered batch of a device's mutations, oldest first, consecutive ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub client_id: String,
    pub mutations: Vec<Numbered>,
}

/// Sent only after the batch committed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// The highest mutation id of this client the server has processed (applied or rejected).
    pub last_mutation_id: u64,
}

/// One record's latest state; `body: None` is a tombstone (the record was removed).
/// The body travels as raw JSON: the server sends the stored text without parsing it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub kind: Kind,
    pub id: String,
    pub version: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub body: Option<Box<RawValue>>,
    /// The day a finished record settled (see [`super::working_set`]): a device lets it go
    /// once that day falls before the property's working set. `None`: open work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub settled_on: Option<chrono::NaiveDate>,
}

impl Change {
    /// The body parsed (`None` for a tombstone or, defensively, for malformed JSON).
    pub fn body_value(&self) -> Option<Value> {
        self.body.as_ref().and_then(|b| serde_json::from_str(b.get()).ok())
    }
}

impl PartialEq for Change {
    fn eq(&self, other: &Self) -> bool {
        (self.kind, &self.id, self.version) == (other.kind, &other.id, other.version)
            && self.body.as_ref().map(|b| b.get()) == other.body.as_ref().map(|b| b.get())
    }
}

/// A mutation the server refused, or applied over someone else's concurrent edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub mutation_id: u64,
    pub kind: OutcomeKind,
    pub code: Option<RejectionCode>,
    pub field: Option<crate::field::Field>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// Refused for good: the device undoes it and asks the user.
    Rejected,
    /// Applied, but it overwrote a change the user had not seen.
    Overwrote,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullRequest {
    pub client_id: String,
    /// From the previous pull; `None` for a first (cold) pull.
    pub cursor: Option<String>,
    /// Outcomes for mutation ids above this are returned (the device has seen the rest).
    pub outcomes_after: u64,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    /// True when the device's cursor is from another database (restored from a backup):
    /// it must drop what it holds from the server and take these changes as the whole state.
    pub reset: bool,
    pub changes: Vec<Change>,
    pub cursor: String,
    /// More changes wait: pull again with `cursor`.
    pub more: bool,
    pub last_mutation_id: u64,
    pub outcomes: Vec<Outcome>,
    /// The first settled day of the property's working set: devices hold finished records
    /// settled on or after it. `None`: every record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub held_from: Option<chrono::NaiveDate>,
}

/// A search of what only the server keeps: finished records settled before the working
/// set (a ticket closed months ago), for a device that holds only the last weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OlderRequest {
    pub kind: Kind,
    /// What the device's own search was given (a number, a unit, a reporter's name).
    #[serde(default)]
    pub query: String,
    /// Or these records again, whatever their day (at most [`Self::MAX_RESULTS`]): a device
    /// changed records it had fetched from the history, and pulls do not bring them.
    #[serde(default)]
    pub ids: Vec<String>,
}

impl OlderRequest {
    /// Longer text is no search anyone types.
    pub const MAX_QUERY: usize = 100;
    /// Results sent at most: the newest first.
    pub const MAX_RESULTS: usize = 50;
}

/// The records found, with what follows them (a ticket's timeline), newest first;
/// `more`: more matched than were sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OlderResponse {
    pub changes: Vec<Change>,
    pub more: bool,
}

/// Where a device is in the server's history: the database's epoch, then the last
/// `(version, kind, id)` it received, so pages can split a version's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub epoch: String,
    pub version: u64,
    pub kind: String,
    pub id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}.{}.{}.{}", self.epoch, self.version, self.kind, self.id)
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let mut parts = s.splitn(4, '.');
        let epoch = parts.next()?.to_string();
        let version = parts.next()?.parse().ok()?;
        let kind = parts.next()?.to_string();
        let id = parts.next()?.to_string();
        (!epoch.is_empty()).then_some(Cursor { epoch, version, kind, id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let c = Cursor { epoch: "e1".into(), version: 42, kind: "visit".into(), id: "0190-ab".into() };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("nonsense"), None);
        assert_eq!(Cursor::decode(".1.a.b"), None);
        assert_eq!(Cursor::decode("e.x.a.b"), None);
    }
}
