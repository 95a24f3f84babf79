//! The changes made to goods release: keys registered and revoked, restrictions set and
//! lifted, slips issued, and the gate's decisions.

use super::issue::{Applicant, ArrearsOverride};
use super::pass::SignedPass;
use super::record::SlipItem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A device's public key, registered at login (its id is the key's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterDeviceKey {
    pub id: String,
    pub public_hex: String,
    pub label: String,
    /// The device (browser install) registering it: set by the server from the pushing
    /// session, never taken from the device's word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
}

/// A lost or retired device's key: slips it signs are refused at the gate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeDeviceKey {
    pub id: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetReleaseRestriction {
    pub id: String,
    pub unit: String,
    pub reason: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub until: NaiveDate,
    #[serde(default)]
    pub owner_instruction: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiftReleaseRestriction {
    pub id: String,
    pub reason: String,
}

/// What the desk fills in for a slip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSlip {
    pub unit: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub applicant: Applicant,
    pub items: Vec<SlipItem>,
    #[serde(default)]
    pub plate: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub until: NaiveDate,
    #[serde(default)]
    pub decoration_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub arrears_override: Option<ArrearsOverride>,
    /// Signed on the issuing device with its own key.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub pass: SignedPass,
}

/// 物品放行条 issued at the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueReleaseSlip {
    pub id: String,
    pub slip: NewSlip,
}

/// A slip for a unit that owes, let out by the supervisor (or the manager) at the desk's
/// tablet with their own password or PIN (`POST /api/release/approved`): checked as a
/// login, then issued in their name, the override's reason theirs.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueWithApproval {
    pub username: String,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub pin: Option<String>,
    pub issue: IssueReleaseSlip,
}

impl IssueWithApproval {
    pub fn secret(&self) -> Result<crate::account::Secret, crate::account::AccountError> {
        crate::account::Secret::typed(&self.password, &self.pin)
    }
}

/// Never prints the password.
impl std::fmt::Debug for IssueWithApproval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssueWithApproval")
            .field("username", &self.username)
            .field("issue", &self.issue.id)
            .finish_non_exhaustive()
    }
}

/// The guard's decision at the gate: released (the goods matched, copy 2 kept) or sent back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordGateCheck {
    pub id: String,
    pub slip_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub pass: SignedPass,
    pub released: bool,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub copy_kept: bool,
    #[serde(default)]
    pub gate_time: String,
}
