//! An arrears case as it syncs: what the unit owes, line by line, and its follow-up.

use crate::clock::Timestamp;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The fees finance bills (收费项目).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeeType {
    /// 物业管理费.
    Management,
    /// 水电费.
    Utilities,
    /// 特约服务费.
    SpecialService,
    /// 停车费.
    Parking,
}

impl FeeType {
    pub const ALL: [FeeType; 4] =
        [FeeType::Management, FeeType::Utilities, FeeType::SpecialService, FeeType::Parking];

    /// The collection target in per mille (the manual: utilities and special-service fees
    /// 100 %, the management fee at least 95 %); parking has none of its own.
    pub fn target_per_mille(self) -> Option<u32> {
        match self {
            FeeType::Management => Some(950),
            FeeType::Utilities | FeeType::SpecialService => Some(1000),
            FeeType::Parking => None,
        }
    }

    /// What finance's spreadsheets call it, in either language.
    pub fn parse(s: &str) -> Option<FeeType> {
        let s = s.trim().to_lowercase().replace([' ', '_', '-'], "");
        Some(match s.as_str() {
            "物业管理费" | "物业费" | "管理费" | "management" => FeeType::Management,
            "水电费" | "水费" | "电费" | "水电" | "utilities" | "waterpower" => FeeType::Utilities,
            "特约服务费" | "有偿服务费" | "特约服务" | "specialservice" => {
                FeeType::SpecialService
            }
            "停车费" | "车位费" | "parking" => FeeType::Parking,
            _ => return None,
        })
    }
}

/// One fee of one period the unit owes (or owed: `amount` 0 once paid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Owed {
    pub fee_type: FeeType,
    /// The billing period, `2026-10`.
    pub period: String,
    /// Outstanding now, in fen.
    pub amount: u64,
    /// What the first import that listed it said, in fen: the base of the collection rate.
    pub original: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due: NaiveDate,
}

/// The stages the manual sets, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 缴费通知.
    PaymentNotice,
    /// 催缴通知书.
    ReminderNotice,
    /// 限期缴费通知: the late fee is charged from here on.
    DeadlineNotice,
    /// 管理员上门.
    AdministratorVisit,
    /// 主管上门.
    SupervisorVisit,
    /// 经理决定.
    ManagerDecision,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::PaymentNotice,
        Stage::ReminderNotice,
        Stage::DeadlineNotice,
        Stage::AdministratorVisit,
        Stage::SupervisorVisit,
        Stage::ManagerDecision,
    ];

    pub fn next(self) -> Option<Stage> {
        Stage::ALL.iter().position(|s| *s == self).and_then(|i| Stage::ALL.get(i + 1)).copied()
    }

    /// A notice is printed for it.
    pub fn is_notice(self) -> bool {
        matches!(self, Stage::PaymentNotice | Stage::ReminderNotice | Stage::DeadlineNotice)
    }
}

/// How the unit was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Sms,
    WeChat,
    Letter,
    Visit,
}

impl Channel {
    pub const ALL: [Channel; 5] =
        [Channel::Phone, Channel::Sms, Channel::WeChat, Channel::Letter, Channel::Visit];
}

/// One contact with the unit, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub at: Timestamp,
    pub by: i64,
    pub by_name: String,
    pub stage: Stage,
    pub channel: Channel,
    pub outcome: String,
    /// The owner promised to pay by this day: the case holds until then.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub promise_by: Option<NaiveDate>,
}

/// The case entered a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageStep {
    pub stage: Stage,
    pub at: Timestamp,
    pub by_name: String,
}

/// A payment the desk recorded against one line (finance's receipt number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    pub at: Timestamp,
    pub by_name: String,
    pub fee_type: FeeType,
    pub period: String,
    pub amount: u64,
    pub receipt: String,
}

/// What one import said about this unit (kept: each import is history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSaid {
    pub import_id: String,
    pub at: Timestamp,
    /// Owed in total by that import, in fen.
    pub total: u64,
    pub lines: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Something is owed.
    Open,
    /// Nothing is owed any more (paid, or gone from finance's list).
    Cleared,
}

/// 欠费催缴: one unit's arrears and their follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArrearsCase {
    /// `2栋-0801`.
    pub unit: String,
    pub status: CaseStatus,
    pub lines: Vec<Owed>,
    /// The staff member the supervisor assigned the unit to.
    #[serde(default)]
    pub assigned_to: Option<i64>,
    #[serde(default)]
    pub assigned_name: Option<String>,
    pub stage: Stage,
    pub stages: Vec<StageStep>,
    /// The day the deadline notice gives (限期), once it is sent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub deadline: Option<NaiveDate>,
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub payments: Vec<Payment>,
    pub imports: Vec<ImportSaid>,
    /// The manager's decision at the last stage (legal letter, payment plan…).
    #[serde(default)]
    pub decision: Option<String>,
}

impl ArrearsCase {
    /// Outstanding in fen.
    pub fn owed(&self) -> u64 {
        self.lines.iter().fold(0, |sum, l| sum.saturating_add(l.amount))
    }

    /// When the case entered its current stage.
    pub fn stage_since(&self) -> Option<&Timestamp> {
        self.stages.last().map(|s| &s.at)
    }

    /// The contacts made since the case entered its stage (a round before a clearing, or
    /// an earlier stage, does not count for this one).
    pub fn contacts_in_stage(&self) -> impl Iterator<Item = &Contact> {
        let since = self.stage_since().cloned();
        self.contacts
            .iter()
            .filter(move |c| c.stage == self.stage && since.as_ref().is_none_or(|s| c.at >= *s))
    }

    /// The latest promise to pay made in this stage (a later contact without one does not
    /// cancel it).
    pub fn promise(&self) -> Option<NaiveDate> {
        self.contacts_in_stage().filter_map(|c| c.promise_by).last()
    }
}

impl crate::apply::Record for ArrearsCase {
    const KIND: crate::sync::Kind = crate::sync::Kind::ArrearsCase;
    const REDACTS: bool = true;

    /// The desk and its superiors see every case (the goods-release check); anyone else
    /// only the cases assigned to them (a patrol phone carries its visits).
    fn shown_to(&self, viewer: crate::apply::Viewer) -> bool {
        viewer.role.runs_the_desk() || self.assigned_to == Some(viewer.user_id)
    }
}
