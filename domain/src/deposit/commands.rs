//! The changes made to items at the desk.

use super::record::ItemKind;
use crate::keys::record::IdType;
use crate::photo::PhotoRef;
use serde::{Deserialize, Serialize};

/// What the desk writes down when an item is left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewItem {
    pub kind: ItemKind,
    pub item: String,
    pub from: String,
    pub for_unit: String,
    pub for_name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub photos: Vec<PhotoRef>,
    #[serde(default)]
    pub note: String,
}

/// 寄存/转交/信报 logged at the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogDeskItem {
    pub id: String,
    pub new: NewItem,
}

/// The supervisor approves a deposit, or refuses it with a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApproveDeposit {
    pub id: String,
    pub approved: bool,
    #[serde(default)]
    pub reason: String,
}

/// Handed over to its recipient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandOverDeskItem {
    pub id: String,
    pub recipient: String,
    #[serde(default)]
    pub id_type: Option<IdType>,
    #[serde(default)]
    pub id_last4: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub signature: Option<PhotoRef>,
}
