//! The goods-release records as they sync: the slip the desk issued, each gate's decision on
//! a slip (append-only: what the guard did stands), the issuing devices' public keys, and
//! the release restrictions on units.

use super::gate::{DeviceKey, GateCheck};
// Kept by the gate's rules (which read it), named here with the other records.
pub use super::gate::VoidSlip;
use super::issue::{Applicant, Restriction};
use super::pass::SignedPass;
use crate::Role;
use crate::clock::Timestamp;
use crate::photo::PhotoRef;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One kind of goods on a slip, with the photos the desk took of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlipItem {
    pub name: String,
    pub quantity: u32,
    #[serde(default)]
    pub photos: Vec<PhotoRef>,
}

/// The supervisor let the slip out although the unit owes: who, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantedOverride {
    pub reason: String,
    pub by_name: String,
}

/// 物品放行条, as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseSlip {
    pub unit: String,
    pub applicant: Applicant,
    pub items: Vec<SlipItem>,
    #[serde(default)]
    pub plate: Option<String>,
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// Decoration goods (materials, debris) go out under the unit's permit.
    #[serde(default)]
    pub decoration_id: Option<String>,
    #[serde(default)]
    pub arrears_override: Option<GrantedOverride>,
    /// What the QR code carries, signed by the issuing device.
    pub pass: SignedPass,
    pub issued_by: i64,
    pub issued_by_name: String,
    pub issued_at: Timestamp,
}

impl ReleaseSlip {
    /// The number printed on the slip and typed at the gate: the end of its id, which the
    /// device made (a slip issued offline has no server number).
    pub fn number(id: &str) -> String {
        let tail: String = id.chars().filter(|c| c.is_ascii_hexdigit()).collect();
        tail[tail.len().saturating_sub(8)..].to_ascii_uppercase()
    }
}

impl crate::apply::Record for ReleaseSlip {
    const KIND: crate::sync::Kind = crate::sync::Kind::ReleaseSlip;
    const REDACTS: bool = true;

    /// Phones masked everywhere; the gate's phone needs nothing of an authorised person's ID
    /// or of the owner's consent, only their name.
    fn redacted_for(mut self, role: Role) -> Self {
        if let Applicant::Authorised { id_last4, consent, letter, .. } = &mut self.applicant {
            consent.phone = crate::phone::mask(&consent.phone);
            if !role.runs_the_desk() {
                id_last4.clear();
                consent.phone.clear();
                *letter = None;
            }
        }
        self
    }
}

/// One gate's decision on a slip, kept as the guard made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateRecord {
    pub slip_id: String,
    /// The code as scanned (the gate may hold no slip record: issued offline).
    pub pass: SignedPass,
    #[serde(flatten)]
    pub check: GateCheck,
    pub by: i64,
    /// Copy 2 of the slip kept at the gate.
    #[serde(default)]
    pub copy_kept: bool,
    /// The gate's clock when the guard decided, `14:32` (an offline gate syncs later).
    #[serde(default)]
    pub gate_time: String,
    /// A release the server's own gate verdict would have refused (a slip it refused or
    /// never received, another pass under the slip's id, a revoked key, a unit restricted
    /// since, days over): what the guard did stands, and the day's reconciliation lists it
    /// first. Set only where the record is applied by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against_rules: Option<super::gate::Verdict>,
}

impl crate::apply::Record for GateRecord {
    const KIND: crate::sync::Kind = crate::sync::Kind::GateCheck;
}

/// An issuing device's key as registered at login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceKeyRecord {
    pub public_hex: String,
    /// 前台平板 1: what the person called the device.
    pub label: String,
    pub user_id: i64,
    pub user_name: String,
    pub registered_at: Timestamp,
    #[serde(default)]
    pub revoked: Option<Revoked>,
    /// The device that registered it (one live key per device).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoked {
    pub at: Timestamp,
    pub by_name: String,
    pub reason: String,
}

impl DeviceKeyRecord {
    /// The key as the gate checks a slip against it.
    pub fn gate_key(&self, id: &str) -> DeviceKey {
        DeviceKey {
            key_id: id.to_string(),
            public_hex: self.public_hex.clone(),
            revoked: self.revoked.is_some(),
        }
    }
}

impl crate::apply::Record for DeviceKeyRecord {
    const KIND: crate::sync::Kind = crate::sync::Kind::DeviceKey;
}

/// A release restriction on a unit, from the desk or the owner's instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseRestriction {
    pub unit: String,
    #[serde(flatten)]
    pub restriction: Restriction,
    /// 业主交代 (rather than the desk's own).
    #[serde(default)]
    pub owner_instruction: bool,
    pub set_by_name: String,
    pub set_at: Timestamp,
    #[serde(default)]
    pub lifted: Option<Revoked>,
}

impl ReleaseRestriction {
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.lifted.is_none() && self.restriction.until >= day
    }
}

impl crate::apply::Record for ReleaseRestriction {
    const KIND: crate::sync::Kind = crate::sync::Kind::ReleaseRestriction;
}
