//! 来访登记: visitors registered at the desk or the gate. A visit is editable (its purpose,
//! its exit time once) and may be withdrawn before the visitor leaves; afterwards it stays
//! on record.

use crate::apply::{
    Applied, ApplyError, Command, Ctx, RejectionCode, insert, load, name, reject, save, text,
};
use crate::field::Field;
use crate::sync::{Kind, Store};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// 来访登记: a visitor, whom they visit, why, when they came and left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub visitor_name: String,
    /// The unit visited, as staff write it: `3栋-1502`.
    pub unit: String,
    pub purpose: String,
    /// Staff user who registered the visit.
    pub registered_by: i64,
    /// Set by whoever applies the mutation: the server's clock is the one that counts.
    pub time_in: crate::clock::Timestamp,
    pub time_out: Option<crate::clock::Timestamp>,
}

pub fn register(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    visitor_name: &str,
    unit: &str,
    purpose: &str,
) -> Result<(), ApplyError> {
    let visit = Visit {
        visitor_name: name(Field::VisitorName, visitor_name)?,
        unit: crate::apply::unit_or_place(store, Field::Unit, unit)?,
        purpose: text(Field::Purpose, purpose, 200)?,
        registered_by: ctx.user_id,
        time_in: ctx.now.clone(),
        time_out: None,
    };
    insert(store, id, &visit, "a record with this id exists")
}

/// The visitor leaves. Recording it twice is a conflict: the first exit time stands.
pub fn record_exit(store: &mut dyn Store, ctx: &Ctx, id: &str) -> Result<(), ApplyError> {
    let (mut visit, _) = load::<Visit>(store, id)?;
    if visit.time_out.is_some() {
        return Err(reject(RejectionCode::Conflict, None, "the visitor's exit is already recorded"));
    }
    visit.time_out = Some(ctx.now.clone());
    save(store, id, &visit)
}

/// A new purpose; when another edit landed since `base_version`, the last one in server
/// order wins and the overwrite is reported back.
pub fn update_purpose(
    store: &mut dyn Store,
    id: &str,
    purpose: &str,
    base_version: u64,
) -> Result<Applied, ApplyError> {
    let purpose = text(Field::Purpose, purpose, 200)?;
    let (mut visit, version) = load::<Visit>(store, id)?;
    let previous = std::mem::replace(&mut visit.purpose, purpose);
    save(store, id, &visit)?;
    if version != base_version && previous != visit.purpose {
        return Ok(Applied::Overwrote {
            field: "purpose",
            previous: Value::String(previous),
            current_version: version,
        });
    }
    Ok(Applied::Done)
}

/// A visit registered by mistake, withdrawn before the visitor left.
pub fn withdraw(store: &mut dyn Store, id: &str) -> Result<(), ApplyError> {
    let (visit, _) = load::<Visit>(store, id)?;
    if visit.time_out.is_some() {
        return Err(reject(RejectionCode::Conflict, None, "the visitor has left; the visit stays on record"));
    }
    Ok(store.delete(Kind::Visit, id)?)
}

/// 来访登记: a visitor arrives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterVisit {
    pub id: String,
    pub visitor_name: String,
    pub unit: String,
    pub purpose: String,
}

/// The visitor leaves. Recording it twice is a conflict: the first exit time stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordVisitExit {
    pub id: String,
}

/// Correct the purpose. `base_version` is the version the user edited; when another edit
/// landed in between, the last one in server order wins and the overwrite is reported
/// back (see [`Applied::Overwrote`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateVisitPurpose {
    pub id: String,
    pub purpose: String,
    pub base_version: u64,
}

/// A visit registered by mistake, withdrawn before the visitor left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawVisit {
    pub id: String,
}

impl Command for RegisterVisit {
    crate::apply::about_record!(Kind::Visit);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        register(store, ctx, &self.id, &self.visitor_name, &self.unit, &self.purpose)?;
        Ok(Applied::Done)
    }
}

impl Command for RecordVisitExit {
    crate::apply::about_record!(Kind::Visit);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        record_exit(store, ctx, &self.id)?;
        Ok(Applied::Done)
    }
}

impl Command for UpdateVisitPurpose {
    crate::apply::about_record!(Kind::Visit);
    fn apply(&self, store: &mut dyn Store, _ctx: &Ctx) -> Result<Applied, ApplyError> {
        update_purpose(store, &self.id, &self.purpose, self.base_version)
    }
}

impl Command for WithdrawVisit {
    crate::apply::about_record!(Kind::Visit);
    fn apply(&self, store: &mut dyn Store, _ctx: &Ctx) -> Result<Applied, ApplyError> {
        withdraw(store, &self.id)?;
        Ok(Applied::Done)
    }
}

impl crate::apply::Record for Visit {
    const KIND: crate::sync::Kind = crate::sync::Kind::Visit;
}
