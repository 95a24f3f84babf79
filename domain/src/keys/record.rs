//! The key register and the loan ledger as they sync.

use crate::Role;
use crate::clock::Timestamp;
use crate::photo::PhotoRef;
use serde::{Deserialize, Serialize};

/// What a key is held for (钥匙类别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// 业主委托长期保管: sealed in an envelope the owner signed.
    Sealed,
    /// 业主委托短期保管: for a cleaner, a relative, a delivery.
    ShortTerm,
    /// 空置房钥匙.
    Vacant,
    /// 维修用钥匙 (plant rooms, shafts, a unit under repair).
    Repair,
}

impl KeyKind {
    pub const ALL: [KeyKind; 4] = [KeyKind::Sealed, KeyKind::ShortTerm, KeyKind::Vacant, KeyKind::Repair];

    /// Held for an owner: lending it needs the owner's consent by phone.
    pub fn owners(self) -> bool {
        matches!(self, KeyKind::Sealed | KeyKind::ShortTerm)
    }
}

/// The owner's seal on a sealed key's envelope: its number and the owner's signature,
/// captured on the tablet and stored like a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Seal {
    pub number: String,
    pub signature: PhotoRef,
}

/// Where a key is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum KeyState {
    InCabinet,
    /// Lent (or asked for and awaiting its approvals) on this loan.
    Lent {
        loan_id: String,
    },
    /// A sealed key came back used: the owner must seal it again before it is lent.
    AwaitingReseal,
    /// Not in its slot (missing at the count, lost) until the incident is resolved.
    Missing {
        incident_id: String,
    },
    Retired,
}

/// What happened to a key (its history: registering, moving and retiring are events, and
/// nothing earlier is rewritten).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum KeyChange {
    Registered,
    Lent {
        loan_id: String,
    },
    Returned {
        loan_id: String,
        count: u32,
    },
    Resealed {
        number: String,
    },
    /// To another slot of the cabinet.
    Moved {
        from: String,
        to: String,
    },
    /// Given back to the owner, or the lock changed: off the register.
    Retired {
        reason: String,
    },
    /// A sealed key's request withdrawn before its approvals: it never left.
    RequestWithdrawn {
        loan_id: String,
        #[serde(default)]
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyStep {
    pub at: Timestamp,
    pub by_name: String,
    pub role: Role,
    #[serde(flatten)]
    pub change: KeyChange,
}

/// 钥匙登记: one key or ring in the cabinet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Key {
    /// The number on its tag (钥匙牌号).
    pub tag: String,
    /// The cabinet slot (钥匙箱位置).
    pub slot: String,
    /// `3栋-1502`.
    pub unit: String,
    pub kind: KeyKind,
    /// Keys on the ring.
    pub count: u32,
    pub seal: Option<Seal>,
    #[serde(flatten)]
    pub state: KeyState,
    pub history: Vec<KeyStep>,
}

/// Who takes a key out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BorrowerKind {
    Staff,
    Contractor,
    /// 保洁/保姆, with the pass the owner arranged.
    Cleaner,
    /// 亲属, with ID.
    Relative,
    /// 代理人, with ID or the owner's letter of authorisation.
    Agent,
}

impl BorrowerKind {
    pub const ALL: [BorrowerKind; 5] = [
        BorrowerKind::Staff,
        BorrowerKind::Contractor,
        BorrowerKind::Cleaner,
        BorrowerKind::Relative,
        BorrowerKind::Agent,
    ];

    /// Someone from outside the company: their identity is recorded.
    pub fn shows_id(self) -> bool {
        matches!(self, BorrowerKind::Relative | BorrowerKind::Agent)
    }

    /// Staff and contractors go in two together (二人同行); the owner's own people go alone.
    pub fn goes_in_escorted(self) -> bool {
        matches!(self, BorrowerKind::Staff | BorrowerKind::Contractor)
    }
}

/// The kind of ID shown. Only its type and last four characters are written down: the
/// number itself is never on a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdType {
    /// 居民身份证.
    ResidentCard,
    /// 港澳居民来往内地通行证.
    HomeReturnPermit,
    /// 台湾居民来往大陆通行证.
    TaiwanPermit,
    Passport,
    /// 业主授权委托书 (no ID: the letter's photo is kept).
    OwnersLetter,
}

impl IdType {
    pub const ALL: [IdType; 5] = [
        IdType::ResidentCard,
        IdType::HomeReturnPermit,
        IdType::TaiwanPermit,
        IdType::Passport,
        IdType::OwnersLetter,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Borrower {
    pub kind: BorrowerKind,
    pub name: String,
    #[serde(default)]
    pub id_type: Option<IdType>,
    /// The last four characters of the ID's number.
    #[serde(default)]
    pub id_last4: Option<String>,
    /// A cleaner's pass number.
    #[serde(default)]
    pub pass: Option<String>,
    /// The owner's letter of authorisation, photographed.
    #[serde(default)]
    pub letter: Option<PhotoRef>,
}

/// The owner agreed by phone: the number called, who called, and when, to the minute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consent {
    pub phone: String,
    pub called_by: String,
    /// `2026-12-01T09:41` as the desk read it off the clock (local time, to the minute).
    pub at: String,
}

/// An emergency in the home (漏水、火警、燃气泄漏): the key goes at once, the approvals after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Emergency {
    Fire,
    Flood,
    Gas,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Approval {
    pub role: Role,
    pub by: i64,
    pub by_name: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyReturn {
    pub at: Timestamp,
    pub by_name: String,
    pub count: u32,
    /// Vacant units: the power was switched off and the windows shut on leaving.
    #[serde(default)]
    pub power_off: Option<bool>,
    #[serde(default)]
    pub windows_shut: Option<bool>,
    #[serde(default)]
    pub note: String,
}

/// Where a loan stands (stored, so the rules can find the loans that are out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LoanStatus {
    /// A sealed key waiting for the supervisor's and the manager's approval.
    AwaitingApproval,
    Out,
    Returned,
    /// Fewer keys came back than went out: an incident.
    ReturnedShort,
    /// A sealed key's request the desk withdrew before it was approved.
    Withdrawn,
}

/// 钥匙借用登记: one loan, from the request to the return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyLoan {
    pub key_id: String,
    /// The key as it was lent (its tag, unit and kind), so the ledger reads on its own.
    pub tag: String,
    pub unit: String,
    pub key_kind: KeyKind,
    pub borrower: Borrower,
    pub purpose: String,
    /// The ticket or decoration permit the loan serves.
    #[serde(default)]
    pub serves: Option<String>,
    pub consent: Option<Consent>,
    pub emergency: Option<Emergency>,
    pub approvals: Vec<Approval>,
    /// The two staff who enter the home together.
    pub escorts: Vec<String>,
    /// The staff accounts taking part (borrower, escorts): their devices get the loan even
    /// where their role sees no keys.
    #[serde(default)]
    pub takes_part: Vec<i64>,
    pub count: u32,
    pub lent_by: i64,
    pub lent_by_name: String,
    pub asked_at: Timestamp,
    /// When the key left the cabinet (`None`: a sealed key waiting for its approvals).
    pub out_at: Option<Timestamp>,
    /// The end of the shift it was lent in: back by then, or overdue.
    pub due_by: Timestamp,
    pub returned: Option<KeyReturn>,
    pub status: LoanStatus,
    /// The key incident opened about this loan (overdue, short return), if any.
    #[serde(default)]
    pub incident: Option<String>,
    #[serde(default)]
    pub withdrawn: Option<Withdrawal>,
}

/// Who withdrew a request that was never approved, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Withdrawal {
    pub at: Timestamp,
    pub by_name: String,
    pub reason: String,
}

impl crate::apply::Record for Key {
    const KIND: crate::sync::Kind = crate::sync::Kind::Key;
}

impl KeyLoan {
    /// Still out after the end of its shift.
    pub fn is_overdue(&self, now: &Timestamp) -> bool {
        self.status == LoanStatus::Out && *now > self.due_by
    }
}

impl crate::apply::Record for KeyLoan {
    const KIND: crate::sync::Kind = crate::sync::Kind::KeyLoan;
    const REDACTS: bool = true;

    /// Devices show the number called masked, as every phone. A phone that does not keep
    /// the cabinet (a patrol officer going in) gets what the job needs — the key, the unit,
    /// the purpose, who goes in — and nothing of the borrower's identity or the consent.
    fn redacted_for(mut self, role: Role) -> Self {
        if let Some(c) = &mut self.consent {
            c.phone = crate::phone::mask(&c.phone);
        }
        if !crate::sync::Kind::Key.visible_to(role) {
            let b = &mut self.borrower;
            (b.id_type, b.id_last4, b.pass, b.letter) = (None, None, None, None);
            self.consent = None;
        }
        self
    }

    /// The desk and its superiors see every loan; patrols and engineering only those they
    /// take part in.
    fn shown_to(&self, viewer: crate::apply::Viewer) -> bool {
        crate::sync::Kind::Key.visible_to(viewer.role) || self.takes_part.contains(&viewer.user_id)
    }
}

/// Why a key incident (钥匙事件) was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Still out after its shift.
    Overdue,
    /// Fewer keys came back than went out.
    ShortReturn,
    /// Not in its slot at the daily count.
    Missing,
    Lost,
    /// The owner's seal is broken.
    SealDamaged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    SupervisorInformed,
    ManagerInformed,
    OwnerContacted,
    /// 更换锁芯/重新配钥.
    Rekeyed,
    /// 更换门锁.
    LockChanged,
    /// Found, or made good, and closed.
    Resolved,
    /// Not resolved the same day: up to the manager and the company.
    Escalated,
}
