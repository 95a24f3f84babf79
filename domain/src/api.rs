//! The JSON bodies of the HTTP API, shared so the SPA and the server cannot drift apart.

use crate::property::UnitStatus;
use crate::role::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub version: String,
    pub database_ok: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// The id this browser install got at its last login, if any; reused when it belongs
    /// to the same user, replaced otherwise.
    #[serde(default)]
    pub device_id: Option<String>,
}

/// A person sets (or replaces) their own PIN, proving it is them with their password.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPin {
    pub password: String,
    pub pin: String,
}

/// Never prints either secret.
impl std::fmt::Debug for SetPin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetPin(..)")
    }
}

/// Who is logged in. Contains nothing secret: the SPA caches it to open offline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// This browser install, registered to this user (the sync engine's client).
    pub device_id: String,
    pub property_name: String,
    /// The property's service hotline, printed on receipts.
    #[serde(default)]
    pub service_hotline: String,
    /// Lock the screen after this many idle seconds (the shared counter tablet).
    #[serde(default)]
    pub idle_lock_secs: Option<u32>,
    /// Whether they have a PIN that works (for confirming on a colleague's tablet).
    #[serde(default)]
    pub pin_set: bool,
    /// The admin reset the password: the person sets their own before anything else.
    #[serde(default)]
    pub must_change_password: bool,
}

/// One's own password changed: the current one proves it is them.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePassword {
    pub current: String,
    pub new: String,
}

/// Never prints a password.
impl std::fmt::Debug for ChangePassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChangePassword(…)")
    }
}

/// The admin's change to an account: disabled or enabled again, another role, or a new
/// password the person must replace at their next sign-in. Each ends the account's sessions
/// and forgets its trusted browsers.
#[derive(Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateUser {
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub reset_password: Option<String>,
}

impl std::fmt::Debug for UpdateUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateUser")
            .field("active", &self.active)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuildingView {
    pub id: i64,
    pub name: String,
    pub units: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitView {
    pub id: i64,
    pub building: String,
    pub number: String,
    pub floor: u32,
    pub status: UnitStatus,
    pub owners: Vec<OwnerView>,
}

/// An owner as staff devices see them: the phone is always masked here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerView {
    pub name: String,
    pub phone_masked: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub buildings: u32,
    pub units: u32,
    pub owners: u32,
    /// Units whose status the file changed: `1栋-101: 空置 → 已入住`.
    #[serde(default)]
    pub status_changes: Vec<String>,
}

/// What an arrears import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArrearsImportReport {
    /// Units on the list, and its lines.
    pub units: u32,
    pub lines: u32,
    /// Owed in total, in fen.
    pub owed: u64,
    /// Units that owed before and are not on this list: cleared.
    pub cleared: u32,
}

/// `PUT /api/units/{id}/status`: the admin marks a unit vacant (on the vacant-unit patrol's
/// register) or lived in. Echoed back when done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetUnitStatus {
    pub status: UnitStatus,
}

/// A change a disabled account's device had not sent when the account was disabled, handed
/// in by whoever signed in on that browser next, kept for the supervisor (never applied by
/// itself: whoever disabled the account may have had a reason).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldChange {
    pub client_id: String,
    pub mutation_id: u64,
    /// The disabled account's name: who made the change.
    pub author_name: String,
    pub mutation: crate::sync::Mutation,
    pub handed_in_by_name: String,
    pub handed_in_at: crate::clock::Timestamp,
}

/// How many of the changes handed in are now held for the supervisor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandedIn {
    pub held: usize,
}

/// The supervisor's answer to a held change: applied in their own name, or set aside with
/// the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResolveHeld {
    pub apply: bool,
    #[serde(default)]
    pub note: String,
}
