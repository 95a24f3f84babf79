//! A notice as it syncs, and a home's reply to it.

use crate::clock::Timestamp;
use crate::photo::PhotoRef;
use crate::ticket::Department;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the notice is about: it decides what else it must say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// 停水通知: says when the water goes off and comes back.
    WaterOutage,
    /// 停电通知: the same for power.
    PowerOutage,
    /// 收费通知.
    Fees,
    /// 社区活动: when and where, with sign-ups before and feedback after.
    Activity,
    /// 管理规定.
    Rule,
    /// 温馨提示 and anything else for the owners.
    Other,
    /// 工作联络单: to other departments, each of which acknowledges it; never to owners.
    Liaison,
}

impl Topic {
    pub const ALL: [Topic; 7] = [
        Topic::WaterOutage,
        Topic::PowerOutage,
        Topic::Fees,
        Topic::Activity,
        Topic::Rule,
        Topic::Other,
        Topic::Liaison,
    ];

    /// An outage says when it starts and ends.
    pub fn is_outage(self) -> bool {
        matches!(self, Topic::WaterOutage | Topic::PowerOutage)
    }
}

/// Whom it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Audience {
    /// Every home.
    All,
    /// The homes of these buildings (`3栋`).
    Buildings { buildings: Vec<String> },
    /// These homes (`3栋-1502`).
    Units { units: Vec<String> },
    /// A liaison note's departments.
    Departments { departments: Vec<Department> },
}

impl Audience {
    /// Whether the home `unit` is meant to read it.
    pub fn includes(&self, unit: &str) -> bool {
        match self {
            Audience::All => true,
            Audience::Buildings { buildings } => {
                let b = crate::coverage::building_of(unit);
                buildings.iter().any(|x| x == b)
            }
            Audience::Units { units } => units.iter().any(|u| u == unit),
            Audience::Departments { .. } => false,
        }
    }
}

/// An activity's when and where, and how many it takes (0: no limit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub at: Timestamp,
    pub place: String,
    #[serde(default)]
    pub capacity: u32,
}

/// Who did it, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signed {
    pub by_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub at: Timestamp,
}

/// The supervisor sent the draft back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Returned {
    pub reason: String,
    pub by_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub at: Timestamp,
}

/// Put up on a board: where, by whom, with a photo of it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Posting {
    pub place: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub photos: Vec<PhotoRef>,
    pub by_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub at: Timestamp,
}

/// A department read the liaison note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentAck {
    pub department: Department,
    pub by_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub at: Timestamp,
}

/// 通知/公告 (or a 工作联络单), from the draft to its taking down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub topic: Topic,
    pub title: String,
    pub body: String,
    /// The English text for the bilingual poster (empty: the poster is Chinese only below
    /// its fixed English headings).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title_en: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body_en: String,
    /// An outage's start and end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Activity>,
    pub audience: Audience,
    /// The last day it stays up; taken down after.
    pub expires: NaiveDate,
    pub drafted_by_name: String,
    pub drafted_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<Signed>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned: Option<Returned>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub postings: Vec<Posting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken_down: Option<Signed>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acknowledged: Vec<DepartmentAck>,
}

/// Days after an activity began that homes may still give their feedback.
pub const FEEDBACK_DAYS: i64 = 14;

/// Days a reply taken at a door or the counter may reach the server after the notice came
/// down or the activity began (the phone was offline in a basement since).
pub const LATE_DAYS: i64 = 3;

/// Where a notice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnouncementStatus {
    /// Waiting for the supervisor.
    AwaitingApproval,
    /// Sent back with a reason: the desk revises it.
    Returned,
    /// Approved: printed, to be put up.
    Approved,
    /// A liaison note approved and sent: waiting for its departments.
    Sent,
    /// A liaison note every department it names has acknowledged.
    Acknowledged,
    /// On the boards.
    Posted,
    /// Past its last day and still up: someone takes it down.
    DueDown,
    TakenDown,
    /// A draft the desk withdrew before it was approved.
    Withdrawn,
}

impl Announcement {
    pub fn status(&self, today: NaiveDate) -> AnnouncementStatus {
        if self.taken_down.is_some() {
            if self.approved.is_some() {
                AnnouncementStatus::TakenDown
            } else {
                AnnouncementStatus::Withdrawn
            }
        } else if self.approved.is_none() {
            // Returned, until the desk sends a revision (the return stays on record).
            if self.returned.as_ref().is_some_and(|r| r.at.utc() >= self.drafted_at.utc()) {
                AnnouncementStatus::Returned
            } else {
                AnnouncementStatus::AwaitingApproval
            }
        } else if self.topic == Topic::Liaison {
            if self.departments_waiting().is_empty() {
                AnnouncementStatus::Acknowledged
            } else {
                AnnouncementStatus::Sent
            }
        } else if today > self.expires {
            AnnouncementStatus::DueDown
        } else if self.postings.is_empty() {
            AnnouncementStatus::Approved
        } else {
            AnnouncementStatus::Posted
        }
    }

    /// Owners may read it and say so: approved, for homes, not yet taken down.
    pub fn open_to_homes(&self) -> bool {
        self.approved.is_some() && self.taken_down.is_none() && self.topic != Topic::Liaison
    }

    /// An activity that has begun by `now` takes feedback, not sign-ups.
    pub fn activity_begun(&self, now: &Timestamp) -> Option<bool> {
        self.activity.as_ref().map(|a| now.utc() >= a.at.utc())
    }

    /// Feedback is collected for [`FEEDBACK_DAYS`] after the activity began, whether or not
    /// its notice is still on the boards (it comes down the day after).
    pub fn takes_feedback(&self, now: &Timestamp) -> bool {
        self.approved.is_some()
            && self.activity.as_ref().is_some_and(|a| {
                now.utc() >= a.at.utc() && now.utc() <= a.at.utc() + chrono::Duration::days(FEEDBACK_DAYS)
            })
    }

    /// The liaison note's departments that have not acknowledged it yet.
    pub fn departments_waiting(&self) -> Vec<Department> {
        match &self.audience {
            Audience::Departments { departments } => departments
                .iter()
                .filter(|d| !self.acknowledged.iter().any(|a| a.department == **d))
                .copied()
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl crate::apply::Record for Announcement {
    const KIND: crate::sync::Kind = crate::sync::Kind::Announcement;
}

pub use crate::coverage::Channel;

/// A household signed up for the activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUp {
    pub people: u32,
    pub at: Timestamp,
}

/// What a household said after the activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    /// 1 (poor) to 5 (very good).
    pub rating: u8,
    #[serde(default)]
    pub comment: String,
    pub at: Timestamp,
}

/// One home's reply: it has read the notice (first how and when stay), and for an activity
/// its sign-up and its feedback. One per home: its id is [`reply_id`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementReply {
    pub announcement_id: String,
    pub unit: String,
    pub channel: Channel,
    /// Who at the home (as they said), if given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resident: String,
    /// Staff who recorded it (the household itself from the owner page).
    pub recorded_by_name: String,
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_up: Option<SignUp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
}

impl crate::apply::Record for AnnouncementReply {
    const KIND: crate::sync::Kind = crate::sync::Kind::AnnouncementReply;
}

/// The id of `unit`'s reply to `announcement_id`, the same on every device.
pub fn reply_id(announcement_id: &str, unit: &str) -> String {
    crate::ids::derived(announcement_id, unit)
}
