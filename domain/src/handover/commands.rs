//! The changes a device makes to handovers.

use super::record::{ItemCount, OpenItem};
use serde::{Deserialize, Serialize};

/// What the outgoing person hands over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewHandover {
    pub items: Vec<OpenItem>,
    #[serde(default)]
    pub instructions: String,
    #[serde(default)]
    pub incidents: String,
    #[serde(default)]
    pub counts: Vec<ItemCount>,
}

/// 交接班 started by the outgoing person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartHandover {
    pub id: String,
    pub handover: NewHandover,
}

/// The incoming person's √/× and confirmation (or refusal, with its reason).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmHandover {
    pub id: String,
    pub log_id: String,
    pub checks: Vec<bool>,
    /// Why, for each item marked × (by position; empty for a √).
    #[serde(default)]
    pub notes: Vec<String>,
    pub accept: bool,
    #[serde(default)]
    pub refusal: String,
}

/// The incoming person's confirmation with their own credentials, typed on the outgoing
/// person's tablet (`POST /api/handovers/confirm`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmWithCredentials {
    pub username: String,
    /// Their password, or (instead) the PIN they set.
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub pin: Option<String>,
    pub confirmation: ConfirmHandover,
}

impl ConfirmWithCredentials {
    /// The one secret typed: a password or a well-formed PIN, not both and not neither.
    pub fn secret(&self) -> Result<crate::account::Secret, crate::account::AccountError> {
        crate::account::Secret::typed(&self.password, &self.pin)
    }
}

/// Never prints the password.
impl std::fmt::Debug for ConfirmWithCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfirmWithCredentials")
            .field("username", &self.username)
            .field("confirmation", &self.confirmation)
            .finish_non_exhaustive()
    }
}
