//! The changes made to arrears cases.

use super::csv::ArrearsRow;
use super::record::{Channel, FeeType, Stage};
use super::rules;
use crate::apply::{Applied, ApplyError, Command, Ctx};
use crate::sync::{Kind, Store};
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

impl Command for ImportArrears {
    crate::apply::about_record!(Kind::ArrearsCase);
    fn new_ids(&self) -> Vec<&str> {
        self.cases.iter().map(|c| c.case_id.as_str()).collect()
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::import(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for AssignArrears {
    crate::apply::about_record!(Kind::ArrearsCase);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::assign(store, ctx, &self.id, self.user_id, &self.assignee)?;
        Ok(Applied::Done)
    }
}

impl Command for RecordArrearsContact {
    crate::apply::about_record!(Kind::ArrearsCase);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::contact(store, ctx, &self.id, self.channel, &self.outcome, self.promise_by.as_deref())?;
        Ok(Applied::Done)
    }
}

impl Command for AdvanceArrearsStage {
    crate::apply::about_record!(Kind::ArrearsCase);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::advance(store, ctx, &self.id, self.to)?;
        Ok(Applied::Done)
    }
}

impl Command for RecordArrearsPayment {
    crate::apply::about_record!(Kind::ArrearsCase);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        rules::pay(store, ctx, self)?;
        Ok(Applied::Done)
    }
}
