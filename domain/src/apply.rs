//! The apply kit every feature's rules are written with: who applies a change and when
//! (`Ctx`), how a change is refused (`Rejection`, `reject`), the shared field checks, and
//! typed reads and writes of records over a `Store`. The ground floor of the domain's
//! rules: it knows no feature, and every feature (and `sync::mutation` above them) uses it.

use crate::Role;
use crate::field::Field;
use crate::sync::records::Kind;
use crate::sync::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Who is applying a mutation, and when by the applier's clock. On the server `now` is the
/// server's clock, so a device whose clock is days off changes no recorded time and no
/// decision: nothing in `apply` compares times.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub user_id: i64,
    /// Shown beside what they wrote (a device cannot look staff up by id).
    pub user_name: String,
    pub role: Role,
    pub now: crate::clock::Timestamp,
    /// The owner, through their ticket's link: no staff account (`user_id` 0). Only the
    /// server sets it, for the rating form on the owner's page; a device's push never does.
    pub by_owner: bool,
}

/// How the rules sign what they write (the timeline shows it in the reader's language).
pub const RULES_NAME: &str = "时限规则";

impl Ctx {
    /// The owner rating their ticket from its link, at `now` by the server's clock. The
    /// kind's visibility is checked as for the desk (the link reads one ticket).
    pub fn owner(now: crate::clock::Timestamp) -> Ctx {
        Ctx { user_id: 0, user_name: "业主".into(), role: Role::Receptionist, now, by_owner: true }
    }

    /// The rules themselves (the server's check of the time limits): no staff account, no
    /// owner. A device's push always carries its user's account, never this.
    pub fn rules(now: crate::clock::Timestamp) -> Ctx {
        Ctx { user_id: 0, user_name: RULES_NAME.into(), role: Role::Supervisor, now, by_owner: false }
    }

    pub fn by_rules(&self) -> bool {
        self.user_id == 0 && !self.by_owner && self.user_name == RULES_NAME
    }
}

/// One kind of change a device can make: which record it is about, and its rules. Each
/// [`crate::sync::Mutation`] variant holds one; the enum only names them on the wire.
pub trait Command {
    /// The kind of record this changes: the role must receive that kind to change it.
    fn kind(&self) -> Kind;
    /// The record this change is about.
    fn record_id(&self) -> &str;
    /// Other ids the change brings for records it creates (timeline entries, notices,
    /// tickets): each must be a device's UUID, like the record's.
    fn new_ids(&self) -> Vec<&str> {
        Vec::new()
    }
    /// Validates against `store` and writes; the caller stages the writes so a refusal
    /// leaves nothing behind.
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError>;
}

/// The common part of a [`Command`] about one record of `$kind` named by its `id` field.
macro_rules! about_record {
    ($kind:expr) => {
        fn kind(&self) -> $crate::sync::Kind {
            $kind
        }
        fn record_id(&self) -> &str {
            &self.id
        }
    };
}
pub(crate) use about_record;

/// Why a mutation was refused for good. The device undoes it and shows it to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rejection {
    pub code: RejectionCode,
    /// The form field at fault, if any.
    pub field: Option<Field>,
    /// English, for logs; the app translates `code`/`field`.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RejectionCode {
    /// The role may not make this change.
    Forbidden,
    /// A field breaks a rule.
    Invalid,
    /// The record does not exist (or no longer does).
    NotFound,
    /// The record moved on in a way that makes this change meaningless (already left,
    /// id taken, append-only record).
    Conflict,
}

/// How an accepted mutation went.
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    Done,
    /// An editable field was overwritten that someone else had changed since `base_version`.
    Overwrote {
        field: &'static str,
        previous: Value,
        current_version: u64,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplyError {
    #[error("rejected: {0:?}")]
    Rejected(Rejection),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub(crate) fn reject(code: RejectionCode, field: Option<Field>, message: impl Into<String>) -> ApplyError {
    ApplyError::Rejected(Rejection { code, field, message: message.into() })
}

pub(crate) fn text(field: Field, value: &str, max: usize) -> Result<String, ApplyError> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(reject(
            RejectionCode::Invalid,
            Some(field),
            format!("{field} must be 1–{max} characters"),
        ));
    }
    Ok(v.to_string())
}

/// A person's name (a reporter, a visitor, an owner, a worker): the one rule for names,
/// [`crate::property::validate_name`], the import's too.
pub(crate) fn name(field: Field, value: &str) -> Result<String, ApplyError> {
    crate::property::validate_name(value)
        .map_err(|e| reject(RejectionCode::Invalid, Some(field), e.to_string()))
}

/// A unit as typed, in the register's label form (`2-801` → `2栋-801`), refused where the
/// store holds the register and the unit is not in it — on the device from the directory
/// it keeps, on the server from the property: the same rule on both sides.
pub(crate) fn registered_unit(store: &dyn Store, field: Field, typed: &str) -> Result<String, ApplyError> {
    let unit = crate::property::canonical_unit(&text(field, typed, 30)?);
    if store.unit_registered(&unit)? == Some(false) {
        return Err(reject(
            RejectionCode::NotFound,
            Some(field),
            format!("{unit} is not a unit in the register"),
        ));
    }
    Ok(unit)
}

/// A building as typed (`3栋`, `3`, `3号楼`), in the register's name, refused where the
/// store holds the register and no unit is in it. A bare number takes the register's `栋`.
pub(crate) fn registered_building(
    store: &dyn Store,
    field: Field,
    typed: &str,
) -> Result<String, ApplyError> {
    let typed = text(field, typed, 20)?;
    let name = if typed.chars().all(|c| c.is_ascii_digit()) { format!("{typed}栋") } else { typed };
    if store.building_registered(&name)? == Some(false) {
        return Err(reject(
            RejectionCode::NotFound,
            Some(field),
            format!("{name} has no unit in the register"),
        ));
    }
    Ok(name)
}

/// Where something happened: a unit (`2-801` → `2栋-801`, which must then be in the register,
/// as [`registered_unit`]) or a place that is not a home (`1栋大堂`, `地下车库`), kept as typed.
/// Whatever reads as a unit is stored in the one label form, so a search by unit finds it.
pub(crate) fn unit_or_place(store: &dyn Store, field: Field, typed: &str) -> Result<String, ApplyError> {
    let typed = text(field, typed, 30)?;
    if crate::property::parse_unit(&typed).is_some() {
        registered_unit(store, field, &typed)
    } else {
        Ok(typed)
    }
}

/// How far a time the user typed (the minute an owner agreed) may lie ahead of the clock
/// applying the change: not at all on the device it was typed on (the clock the user read),
/// a few minutes on the server, whose clock the device's may differ from.
pub(crate) fn typed_time_slack(store: &dyn Store) -> chrono::Duration {
    chrono::Duration::minutes(if store.holds_everything() { 5 } else { 0 })
}

pub(crate) fn record_id(id: &str) -> Result<(), ApplyError> {
    let ok = crate::ids::is_uuid(id);
    if ok { Ok(()) } else { Err(reject(RejectionCode::Invalid, Some(Field::Id), "id must be a UUID")) }
}

/// A kind of record that syncs, as the rules read and write it: the typed body of one
/// [`Kind`]. Whether it is append-only and which roles' devices receive it are the kind's
/// ([`Kind::append_only`], [`Kind::visible_to`]); how a device of a role may hold it is
/// the record's ([`Record::redacted_for`]), and so is whether one person's device gets a
/// record of a kind their role otherwise sees ([`Record::shown_to`]).
pub trait Record: Serialize + serde::de::DeserializeOwned {
    const KIND: Kind;
    /// Whether [`Record::redacted_for`] or [`Record::shown_to`] changes anything for some
    /// viewer (only then does a pull parse the record).
    const REDACTS: bool = false;

    /// The record as a device of `role` may hold it; as it is unless the record says.
    fn redacted_for(self, _role: Role) -> Self {
        self
    }

    /// Whether `viewer`'s device receives this record at all (every one of a kind the role
    /// sees, unless the record says: the key loans a patrol officer took part in).
    fn shown_to(&self, _viewer: Viewer) -> bool {
        true
    }
}

/// The person a pull is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: i64,
    pub role: Role,
}

/// The record `id` of kind `T`, with its version.
pub(crate) fn load<T: Record>(store: &dyn Store, id: &str) -> Result<(T, u64), ApplyError> {
    let kind = T::KIND;
    let stored =
        store.get(kind, id)?.ok_or_else(|| reject(RejectionCode::NotFound, None, "no such record"))?;
    let body =
        serde_json::from_value(stored.body).map_err(|e| StoreError(format!("corrupt {kind:?} {id}: {e}")))?;
    Ok((body, stored.version))
}

/// Writes the record `id`. An append-only kind's record is never rewritten: refused as a
/// conflict (the rules check first; this holds for any rule that forgets).
pub(crate) fn save<T: Record>(store: &mut dyn Store, id: &str, body: &T) -> Result<(), ApplyError> {
    if T::KIND.append_only() && store.get(T::KIND, id)?.is_some() {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::Id),
            "an append-only record is never rewritten",
        ));
    }
    let value = serde_json::to_value(body).map_err(|e| StoreError(e.to_string()))?;
    Ok(store.put(T::KIND, id, value)?)
}

/// Writes a new record `id`, refusing (as a conflict on `id`) if one exists: a device's
/// UUID is taken, or the same change arrived twice under different mutation ids.
pub(crate) fn insert<T: Record>(
    store: &mut dyn Store,
    id: &str,
    body: &T,
    taken: &str,
) -> Result<(), ApplyError> {
    if store.get(T::KIND, id)?.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::Id), taken.to_string()));
    }
    save(store, id, body)
}
