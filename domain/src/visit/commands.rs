//! The changes made to visits: registered (with the host's answer or a day pass), confirmed,
//! left, corrected or withdrawn; a unit's do-not-admit list; day passes; and the removal of
//! old visitors' details.

use super::day_pass::SignedDayPass;
use super::record::HostAnswer;
use crate::keys::record::IdType;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The host's answer as the desk records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAnswer {
    pub answer: HostAnswer,
    pub admitted: bool,
    #[serde(default)]
    pub reason: String,
}

/// 来访登记: a visitor arrives. Apps before 2026-12-07 sent only the first four fields.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterVisit {
    pub id: String,
    pub visitor_name: String,
    pub unit: String,
    pub purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_type: Option<IdType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_last4: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub host: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub companions: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    /// The host's answer, when it is known as the visitor is registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<NewAnswer>,
    /// A day pass read at the gate: the visit takes the pass's id (`id` must be it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub pass: Option<SignedDayPass>,
}

/// The host answered: the visitor goes up, or is not admitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmVisit {
    pub id: String,
    pub answer: NewAnswer,
}

/// The visitor leaves. Recording it twice is a conflict: the first exit time stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordVisitExit {
    pub id: String,
}

/// Correct the purpose. `base_version` is the version the user edited; when another edit
/// landed in between, the last one in server order wins and the overwrite is reported
/// back (see [`crate::apply::Applied::Overwrote`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateVisitPurpose {
    pub id: String,
    pub purpose: String,
    pub base_version: u64,
}

/// A visit registered by mistake, withdrawn before the host answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawVisit {
    pub id: String,
}

/// A person added to a unit's do-not-admit list on the owner's instruction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetDoNotAdmit {
    pub id: String,
    pub unit: String,
    /// Not `name`: that is the mutation's own tag on the wire.
    #[serde(default)]
    pub visitor_name: String,
    #[serde(default)]
    pub phone: Option<String>,
    pub reason: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub until: NaiveDate,
    pub instructed_by: String,
}

/// The owner's instruction withdrawn before its end date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiftDoNotAdmit {
    pub id: String,
    pub reason: String,
}

/// A day pass cancelled on the owner's call (the visit is off), before it was used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelDayPass {
    pub id: String,
    pub reason: String,
}

/// 预约访客: a day pass issued on the owner's call, signed on the issuing tablet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueDayPass {
    pub id: String,
    pub unit: String,
    pub visitor_name: String,
    #[serde(default)]
    pub phone: Option<String>,
    pub host: String,
    pub purpose: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub day: NaiveDate,
    #[serde(default)]
    pub companions: u32,
    #[serde(default)]
    pub plate: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub code: SignedDayPass,
}

/// A visit past the retention period loses its phone and ID digits (the server's sweep;
/// never from a device).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemoveVisitorDetails {
    pub id: String,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}
