//! 值班日志: the duty log. Entries are never edited nor removed (不得涂改、不得撕页); a
//! correction is a new entry pointing at the one it corrects.

use crate::apply::{Applied, ApplyError, Command, Ctx, RejectionCode, insert, reject, text};
use crate::field::Field;
use crate::sync::{Kind, Store};
use serde::{Deserialize, Serialize};

/// 值班日志 entry. `corrects` points at the entry this one corrects (不得涂改).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyLogEntry {
    pub author: i64,
    pub author_name: String,
    pub text: String,
    pub corrects: Option<String>,
    pub written_at: crate::clock::Timestamp,
}

pub fn append(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    body: &str,
    corrects: Option<&str>,
) -> Result<(), ApplyError> {
    let entry = DutyLogEntry {
        author: ctx.user_id,
        author_name: ctx.user_name.clone(),
        text: text(Field::Text, body, 2000)?,
        corrects: corrects.map(str::to_string),
        written_at: ctx.now.clone(),
    };
    if let Some(target) = corrects
        && store.get(Kind::DutyLogEntry, target)?.is_none()
    {
        return Err(reject(RejectionCode::NotFound, Some(Field::Corrects), "the corrected entry does not exist"));
    }
    insert(store, id, &entry, "duty log entries are never replaced")
}

/// 值班日志: append an entry (or a correction of an earlier one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppendDutyLog {
    pub id: String,
    pub text: String,
    pub corrects: Option<String>,
}

impl Command for AppendDutyLog {
    crate::apply::about_record!(Kind::DutyLogEntry);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        append(store, ctx, &self.id, &self.text, self.corrects.as_deref())?;
        Ok(Applied::Done)
    }
}

impl crate::apply::Record for DutyLogEntry {
    const KIND: crate::sync::Kind = crate::sync::Kind::DutyLogEntry;
}
