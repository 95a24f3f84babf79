//! At the gate: the guard's phone reads the slip's code and decides with no network — the
//! signature against the device keys it holds, the days it is good for, and whether it was
//! let out already. Gates that scanned one slip offline are settled in the server's order:
//! the first release stands, any later one is a conflict for the security supervisor.

use super::pass::{PassError, SignedPass};
use crate::clock::Timestamp;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An issuing device's public key as synced to the gates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceKey {
    pub key_id: String,
    pub public_hex: String,
    /// A lost tablet's key: slips it signs are refused.
    pub revoked: bool,
}

/// A slip already let out: when and by whom (shown as "已放行 14:32 赵军").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Released {
    pub at: Timestamp,
    pub by_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Show the goods; the guard compares them and confirms or refuses.
    Valid,
    NotASlip,
    /// The server refused this slip when the desk sent it: its code lets nothing out.
    Void {
        code: crate::apply::RejectionCode,
        field: Option<crate::field::Field>,
    },
    /// Only where every record is held (the server): no such slip was ever issued.
    NotIssued,
    /// Altered, or not signed by the key it names.
    Forged,
    UnknownKey,
    RevokedKey,
    /// The unit's release is restricted (set after the slip was issued).
    Restricted {
        reason: String,
        until: NaiveDate,
    },
    NotYet {
        from: NaiveDate,
    },
    Expired {
        until: NaiveDate,
    },
    AlreadyReleased {
        at: Timestamp,
        by_name: String,
    },
}

/// What the gate's phone holds about a scanned slip besides the keys.
#[derive(Debug, Clone, Copy, Default)]
pub struct Held<'a> {
    /// The first release of this slip, if any.
    pub released: Option<&'a Released>,
    /// The slip as the server accepted it, if it has reached this phone: a code that says
    /// anything else (a second pass signed under the same slip's id) is refused.
    pub issued: Option<&'a SignedPass>,
    /// A release restriction on the unit in force today.
    pub restriction: Option<&'a super::issue::Restriction>,
    /// The server refused the slip.
    pub void: Option<&'a VoidSlip>,
    /// Every slip there is is held here (the server): one not held was never issued.
    pub complete: bool,
}

/// The verdict on a scanned code, with the pass when it could be read.
pub fn check(text: &str, keys: &[DeviceKey], held: Held, today: NaiveDate) -> (Option<SignedPass>, Verdict) {
    let signed = match SignedPass::from_qr(text) {
        Ok(s) => s,
        Err(_) => return (None, Verdict::NotASlip),
    };
    let verdict = verdict(&signed, keys, held, today);
    (Some(signed), verdict)
}

fn verdict(signed: &SignedPass, keys: &[DeviceKey], held: Held, today: NaiveDate) -> Verdict {
    // Refused by the server: whatever else the code says.
    if let Some(v) = held.void {
        return Verdict::Void { code: v.code, field: v.field };
    }
    if held.complete && held.issued.is_none() {
        return Verdict::NotIssued;
    }
    let Some(key) = keys.iter().find(|k| k.key_id == signed.pass.key_id) else { return Verdict::UnknownKey };
    match signed.verify(&key.public_hex) {
        Ok(()) => {}
        Err(PassError::BadSignature | PassError::Malformed | PassError::NotASlip) => return Verdict::Forged,
    }
    if held.issued.is_some_and(|issued| issued != signed) {
        return Verdict::Forged;
    }
    if key.revoked {
        return Verdict::RevokedKey;
    }
    if let Some(r) = held.released {
        return Verdict::AlreadyReleased { at: r.at.clone(), by_name: r.by_name.clone() };
    }
    if let Some(r) = held.restriction.filter(|r| r.until >= today) {
        return Verdict::Restricted { reason: r.reason.clone(), until: r.until };
    }
    if today < signed.pass.from {
        return Verdict::NotYet { from: signed.pass.from };
    }
    if today > signed.pass.until {
        return Verdict::Expired { until: signed.pass.until };
    }
    Verdict::Valid
}

/// One gate's decision on a slip, as it reached the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateCheck {
    pub at: Timestamp,
    pub by_name: String,
    /// Released (goods matched, copy 2 kept), or refused with the reason.
    pub released: bool,
    #[serde(default)]
    pub reason: String,
}

/// The checks of one slip in server order: which release stands, which are conflicts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settled {
    pub released: Option<usize>,
    pub conflicts: Vec<usize>,
}

pub fn settle(checks: &[GateCheck]) -> Settled {
    let mut s = Settled::default();
    for (i, _) in checks.iter().enumerate().filter(|(_, c)| c.released) {
        match s.released {
            None => s.released = Some(i),
            Some(_) => s.conflicts.push(i),
        }
    }
    s
}

/// A slip — or a visitor's day pass — the server refused, as the gates learn it: its printed
/// code lets nothing and nobody through. Kept under the slip's or the pass's own id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoidSlip {
    pub unit: String,
    /// Why, as the refusal said it (translated on the device from code and field).
    pub code: crate::apply::RejectionCode,
    #[serde(default)]
    pub field: Option<crate::field::Field>,
    pub message: String,
    pub issued_by_name: String,
    pub refused_at: Timestamp,
}

impl crate::apply::Record for VoidSlip {
    const KIND: crate::sync::Kind = crate::sync::Kind::VoidSlip;
}
