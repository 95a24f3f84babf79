//! The changes made to arrears cases.

use super::csv::ArrearsRow;
use super::record::{Channel, FeeType, Stage};
use serde::{Deserialize, Serialize};

/// One unit's lines in an import, with its case's id (the existing one, or a new one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedCase {
    pub case_id: String,
    pub unit: String,
    pub rows: Vec<ArrearsRow>,
}

/// Finance's arrears list, whole (`POST /api/arrears/import` builds it from the CSV).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportArrears {
    /// The import's own id (each case keeps what each import said).
    pub id: String,
    pub cases: Vec<ImportedCase>,
}

/// The supervisor assigns a unit's case to a staff member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignArrears {
    pub id: String,
    pub user_id: i64,
    /// Their name as the roster shows it (`name` is the mutation's tag on the wire).
    pub assignee: String,
}

/// One contact with the unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordArrearsContact {
    pub id: String,
    pub channel: Channel,
    pub outcome: String,
    /// `2026-12-20`: the owner promised to pay by then.
    #[serde(default)]
    pub promise_by: Option<String>,
}

/// The case enters its next stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvanceArrearsStage {
    pub id: String,
    pub to: Stage,
}

/// A payment finance receipted, against one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordArrearsPayment {
    pub id: String,
    pub fee_type: FeeType,
    pub period: String,
    /// In fen.
    pub amount: u64,
    pub receipt: String,
}
