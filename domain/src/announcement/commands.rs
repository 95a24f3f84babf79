//! The changes made to notices: drafted (or revised), acted on by the supervisor, the
//! boards and the departments, and replied to by a home.

use super::record::{Activity, Audience, Channel, Topic};
use crate::photo::PhotoRef;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the desk writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAnnouncement {
    pub topic: Topic,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub body_en: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub starts: Option<crate::clock::Timestamp>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub ends: Option<crate::clock::Timestamp>,
    #[serde(default)]
    pub activity: Option<Activity>,
    pub audience: Audience,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub expires: NaiveDate,
}

/// A notice drafted at the desk, or a draft revised (until the supervisor approves it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftAnnouncement {
    pub id: String,
    pub draft: NewAnnouncement,
}

/// A step in a notice's life.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum AnnouncementStep {
    /// The supervisor (or manager) approves it for printing and posting: the draft as they
    /// read it (its `drafted_at`), so a revision made meanwhile is not approved unread.
    Approve {
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        reviewed: crate::clock::Timestamp,
    },
    /// … or sends it back with a reason.
    Return { reason: String },
    /// Put up on a board, with a photo of it there.
    Post {
        place: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
        photos: Vec<PhotoRef>,
    },
    /// Taken down (expired, or withdrawn).
    TakeDown,
    /// A liaison note read by a department: the signed-in person's own, or (at the desk) one
    /// with no accounts of its own (cleaning, landscaping) whose head signed the paper.
    Acknowledge { department: crate::ticket::Department },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActOnAnnouncement {
    pub id: String,
    pub step: AnnouncementStep,
}

/// A home read the notice; for an activity, signed up or gave feedback. `id` is
/// [`super::record::reply_id`] of the notice and the unit: one reply per home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyToAnnouncement {
    pub id: String,
    pub announcement_id: String,
    pub unit: String,
    pub channel: Channel,
    #[serde(default)]
    pub resident: String,
    /// People signing up for the activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_up: Option<u32>,
    /// After the activity: 1–5 and what they said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}
