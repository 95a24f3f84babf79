//! 预约访客: on the owner's call the desk issues a visitor a pass for one day, its QR code
//! signed with the desk tablet's own key (as release slips are), so a guard's phone checks it
//! with no network. A pass lets its visitor in once: the visit it opens takes the pass's id,
//! so a second entry is refused on the phone that let the first in, and by the server for
//! any other gate.

use super::block::DoNotAdmit;
use crate::clock::Timestamp;
use crate::release::gate::DeviceKey;
use crate::release::pass::{PassError, verify_signed};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the pass's code says, in short names so the code stays small on paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPassCode {
    #[serde(rename = "v")]
    pub pass_id: String,
    #[serde(rename = "u")]
    pub unit: String,
    #[serde(rename = "n")]
    pub visitor_name: String,
    #[serde(rename = "d")]
    pub day: NaiveDate,
    #[serde(rename = "k")]
    pub key_id: String,
}

/// The code with its signature: what the QR code holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedDayPass {
    #[serde(rename = "p")]
    pub code: DayPassCode,
    #[serde(rename = "g")]
    pub signature: String,
}

/// What a day pass's QR code text starts with (a slip's starts `STEWARD-SLIP1:`).
pub const QR_PREFIX: &str = "STEWARD-VISIT1:";

impl DayPassCode {
    pub fn signed_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn sign(self, key: &crate::release::pass::DeviceSecret) -> SignedDayPass {
        let signature = key.signature_of(&self.signed_bytes());
        SignedDayPass { code: self, signature }
    }
}

impl SignedDayPass {
    pub fn qr_text(&self) -> String {
        format!("{QR_PREFIX}{}", serde_json::to_string(self).unwrap_or_default())
    }

    /// Whether `text` is a day pass's code at all (the gate's scanner reads slips too).
    pub fn is_day_pass(text: &str) -> bool {
        text.trim().starts_with(QR_PREFIX)
    }

    pub fn from_qr(text: &str) -> Result<SignedDayPass, PassError> {
        let json = text.trim().strip_prefix(QR_PREFIX).ok_or(PassError::NotASlip)?;
        serde_json::from_str(json).map_err(|_| PassError::NotASlip)
    }

    pub fn verify(&self, public_hex: &str) -> Result<(), PassError> {
        verify_signed(public_hex, &self.code.signed_bytes(), &self.signature)
    }
}

/// A day pass as issued at the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPass {
    pub unit: String,
    pub visitor_name: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// The owner who called, as they gave their name.
    pub host: String,
    pub purpose: String,
    pub day: NaiveDate,
    #[serde(default)]
    pub companions: u32,
    #[serde(default)]
    pub plate: Option<String>,
    pub issued_by_name: String,
    pub issued_at: Timestamp,
    pub code: SignedDayPass,
    /// Cancelled on the owner's call before it was used: the gate turns it away.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<super::block::Lifted>,
}

impl crate::apply::Record for DayPass {
    const KIND: crate::sync::Kind = crate::sync::Kind::DayPass;
    const REDACTS: bool = true;

    fn redacted_for(mut self, role: crate::Role) -> Self {
        if !role.may_call_owners() {
            self.phone = self.phone.as_deref().map(crate::phone::mask);
        }
        self
    }
}

/// The gate's verdict on a scanned pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum PassVerdict {
    /// Let the visitor in (their ID compared with the name on the pass).
    Valid,
    NotAPass,
    /// Altered, or not signed by the key it names.
    Forged,
    UnknownKey,
    RevokedKey,
    NotYet {
        day: NaiveDate,
    },
    Expired {
        day: NaiveDate,
    },
    /// The pass let its visitor in already.
    Used {
        at: Timestamp,
        by_name: String,
    },
    /// The owner asked since that this person not be admitted.
    DoNotAdmit {
        reason: String,
        until: NaiveDate,
    },
    /// The desk cancelled the pass on the owner's call.
    Cancelled {
        reason: String,
        by_name: String,
    },
    /// The server refused the pass the desk issued (offline, say, to a unit not in the
    /// register): its printed code admits nobody.
    Refused {
        /// Why, as the refusal said it (translated on the phone).
        code: crate::apply::RejectionCode,
        field: Option<crate::field::Field>,
        by_name: String,
    },
}

/// What the gate's phone holds about a scanned pass besides the keys.
#[derive(Debug, Clone, Copy, Default)]
pub struct Held<'a> {
    /// The visit the pass opened, if one has: it is used.
    pub entry: Option<&'a super::record::Visit>,
    /// The unit's do-not-admit entries.
    pub blocks: &'a [DoNotAdmit],
    /// The server's refusal of the pass, if the phone has learned it.
    pub void: Option<&'a crate::release::record::VoidSlip>,
    /// The desk's cancellation, if the phone has the pass and it was cancelled.
    pub cancelled: Option<&'a super::block::Lifted>,
}

/// The verdict on `text` from what the phone holds, with the pass when it could be read.
pub fn check(
    text: &str,
    keys: &[DeviceKey],
    held: Held,
    today: NaiveDate,
) -> (Option<SignedDayPass>, PassVerdict) {
    let Ok(signed) = SignedDayPass::from_qr(text) else { return (None, PassVerdict::NotAPass) };
    let verdict = verdict(&signed, keys, held, today);
    (Some(signed), verdict)
}

fn verdict(signed: &SignedDayPass, keys: &[DeviceKey], held: Held, today: NaiveDate) -> PassVerdict {
    let code = &signed.code;
    let Some(key) = keys.iter().find(|k| k.key_id == code.key_id) else { return PassVerdict::UnknownKey };
    if signed.verify(&key.public_hex).is_err() {
        return PassVerdict::Forged;
    }
    if key.revoked {
        return PassVerdict::RevokedKey;
    }
    if let Some(c) = held.cancelled {
        return PassVerdict::Cancelled { reason: c.reason.clone(), by_name: c.by_name.clone() };
    }
    if let Some(v) = held.void {
        return PassVerdict::Refused { code: v.code, field: v.field, by_name: v.issued_by_name.clone() };
    }
    if let Some(v) = held.entry {
        return PassVerdict::Used { at: v.time_in.clone(), by_name: v.registered_by_name.clone() };
    }
    if let Some((b, _)) = super::block::first_match(held.blocks, &code.unit, &code.visitor_name, "", today) {
        return PassVerdict::DoNotAdmit { reason: b.reason.clone(), until: b.until };
    }
    if today < code.day {
        return PassVerdict::NotYet { day: code.day };
    }
    if today > code.day {
        return PassVerdict::Expired { day: code.day };
    }
    PassVerdict::Valid
}
