//! 值班日志: the duty log. Entries are never edited nor removed (不得涂改、不得撕页); a
//! correction is a new entry pointing at the one it corrects. The supervisor signs each
//! day's log (审阅签字); a signed day takes no new entries, only corrections, marked late.
//! What other records do (a key incident, a handover) is written here without anyone typing.

use crate::apply::{Applied, ApplyError, Command, Ctx, RejectionCode, insert, load, reject, text};
use crate::clock::Timestamp;
use crate::field::Field;
use crate::sync::{Kind, Store};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod line;

/// 值班日志 entry. `corrects` points at the entry this one corrects (不得涂改).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyLogEntry {
    pub author: i64,
    pub author_name: String,
    pub text: String,
    pub corrects: Option<String>,
    pub written_at: Timestamp,
    /// A sign-off: the day (`2026-12-01`) whose log the supervisor reviewed and signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signs: Option<String>,
    /// A correction written after its entry's day was signed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
    /// Written by the rules, not typed: what it comes from (`key_incident`, `handover`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When the server received it, where that differs from `written_at` (written offline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<Timestamp>,
    /// What a line the rules wrote says, for each language ([`line::Line`]); the text is
    /// its Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<line::Line>,
}

impl DutyLogEntry {
    /// The entry as a reader of `english` or Chinese reads it: a line the rules wrote in
    /// that language, anything typed as typed.
    pub fn text_in(&self, english: bool) -> String {
        match &self.line {
            Some(line) if english => line.en(),
            _ => self.text.clone(),
        }
    }

    /// The property's day the entry belongs to.
    pub fn day(&self) -> NaiveDate {
        self.written_at.local_day()
    }
}

/// Whether the log of `day` is signed.
pub fn is_signed(store: &dyn Store, day: NaiveDate) -> Result<bool, ApplyError> {
    Ok(!store.ids_where(Kind::DutyLogEntry, crate::sync::store::Indexed::Signs, &day.to_string())?.is_empty())
}

fn entry(ctx: &Ctx, text: String) -> DutyLogEntry {
    DutyLogEntry {
        author: ctx.user_id,
        author_name: ctx.user_name.clone(),
        text,
        corrects: None,
        written_at: ctx.now.clone(),
        signs: None,
        late: false,
        source: None,
        received_at: None,
        line: None,
    }
}

/// How long an entry may have waited on a device (offline) and still be filed under the time
/// it was written; a device clock ahead of the server's by more than a few minutes is not
/// believed either.
const OFFLINE_AT_MOST: i64 = 3 * 24 * 60;
const CLOCK_AHEAD_AT_MOST: i64 = 5;

/// The time an entry is filed under: when it was written on the device, if that is
/// believable, else when it arrived.
fn filed_at(now: &Timestamp, written: Option<&Timestamp>) -> Timestamp {
    match written {
        Some(w) if *w < *now && now.utc() - w.utc() <= chrono::Duration::minutes(OFFLINE_AT_MOST) => {
            w.clone()
        }
        Some(w) if *w >= *now && w.utc() - now.utc() <= chrono::Duration::minutes(CLOCK_AHEAD_AT_MOST) => {
            now.clone()
        }
        _ => now.clone(),
    }
}

pub fn append(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    body: &str,
    corrects: Option<&str>,
    written_at: Option<&Timestamp>,
) -> Result<(), ApplyError> {
    let mut e = entry(ctx, text(Field::Text, body, 2000)?);
    e.written_at = filed_at(&ctx.now, written_at);
    if e.written_at != ctx.now {
        e.received_at = Some(ctx.now.clone());
    }
    // Written offline before its day was signed: kept, and marked as reaching it late.
    let written_offline_before_signing = e.received_at.is_some() && e.day() < ctx.now.local_day();
    match corrects {
        Some(target) => {
            if store.get(Kind::DutyLogEntry, target)?.is_none() {
                return Err(reject(
                    RejectionCode::NotFound,
                    Some(Field::Corrects),
                    "the corrected entry does not exist",
                ));
            }
            let (corrected, _) = load::<DutyLogEntry>(store, target)?;
            e.corrects = Some(target.to_string());
            e.late = is_signed(store, corrected.day())? || is_signed(store, e.day())?;
        }
        None if !is_signed(store, e.day())? => {}
        None if written_offline_before_signing => e.late = true,
        None => {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::Signs),
                "today's log is signed: only corrections may follow",
            ));
        }
    }
    insert(store, id, &e, "duty log entries are never replaced")
}

/// An entry the rules write (a key incident, a handover's outcome): in the log like any
/// other, even on a signed day (what happened is recorded; the supervisor sees it late).
pub fn record_automatic(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    source: &str,
    line: line::Line,
) -> Result<(), ApplyError> {
    let mut e = entry(ctx, line.zh().chars().take(2000).collect());
    e.source = Some(source.to_string());
    e.line = Some(line);
    e.late = is_signed(store, e.day())?;
    insert(store, id, &e, "duty log entries are never replaced")
}

/// 审阅签字: the supervisor (or manager) signs a day's log, once, after that day.
pub fn sign(store: &mut dyn Store, ctx: &Ctx, id: &str, day: &str, note: &str) -> Result<(), ApplyError> {
    if !ctx.role.reviews_the_log() {
        return Err(reject(RejectionCode::Forbidden, None, "the supervisor signs the log"));
    }
    let day: NaiveDate = day
        .parse()
        .map_err(|_| reject(RejectionCode::Invalid, Some(Field::Signs), "the day signed is a date"))?;
    // Once the day is over: signing the day under way would close it to the shifts still on.
    if day >= ctx.now.local_day() {
        return Err(reject(RejectionCode::Invalid, Some(Field::Signs), "a day is signed once it is over"));
    }
    // Within the past year: `0001-01-01` is a typing error, not a day of this log.
    if !signable(day, ctx.now.local_day()) {
        return Err(reject(RejectionCode::Invalid, Some(Field::Signs), "a day of the past year"));
    }
    if is_signed(store, day)? {
        return Err(reject(RejectionCode::Conflict, Some(Field::Signs), "that day's log is already signed"));
    }
    let note = note.trim();
    let mut e =
        entry(ctx, if note.is_empty() { "已审阅".to_string() } else { text(Field::Note, note, 500)? });
    e.signs = Some(day.to_string());
    insert(store, id, &e, "duty log entries are never replaced")
}

/// Whether `day`'s log may still be signed off on `today`: within the past year. A line
/// of a day past that is no one's to-do any more.
pub fn signable(day: NaiveDate, today: NaiveDate) -> bool {
    today - day <= chrono::Duration::days(366)
}

/// Past days with entries and no sign-off, oldest first (the supervisor's to-do).
pub fn unsigned_days<'a>(
    entries: impl IntoIterator<Item = &'a DutyLogEntry>,
    today: NaiveDate,
) -> Vec<NaiveDate> {
    let mut written = std::collections::BTreeSet::new();
    let mut signed = std::collections::BTreeSet::new();
    for e in entries {
        match e.signs.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) {
            Some(day) => signed.insert(day),
            None => written.insert(e.day()),
        };
    }
    written.into_iter().filter(|d| *d < today && !signed.contains(d)).collect()
}

/// The log as it reads: by day and shift, newest first, each entry with the entries that
/// correct it (a correction says what it corrects; the corrected entry says by what).
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftPage<T> {
    pub day: NaiveDate,
    pub shift: String,
    /// When the shift began, for the order of pages.
    pub start: Timestamp,
    pub entries: Vec<T>,
}

/// Groups `entries` (any row holding an entry) by the shift each was written in, newest
/// shift first and newest entry first within it.
pub fn by_shift<T>(
    entries: Vec<T>,
    entry: impl Fn(&T) -> &DutyLogEntry,
    shifts: &crate::shift::Shifts,
) -> Vec<ShiftPage<T>> {
    let mut pages: Vec<ShiftPage<T>> = Vec::new();
    for row in entries {
        let w = shifts.window(&entry(&row).written_at);
        match pages.iter_mut().find(|p| p.start == w.start) {
            Some(p) => p.entries.push(row),
            None => pages.push(ShiftPage { day: w.day, shift: w.name, start: w.start, entries: vec![row] }),
        }
    }
    pages.sort_by(|a, b| b.start.cmp(&a.start));
    for p in &mut pages {
        p.entries.sort_by(|a, b| entry(b).written_at.cmp(&entry(a).written_at));
    }
    pages
}

/// For each corrected entry, the ids of the entries that correct it.
pub fn corrections<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a DutyLogEntry)>,
) -> std::collections::HashMap<String, Vec<String>> {
    let mut by = std::collections::HashMap::<String, Vec<String>>::new();
    for (id, e) in entries {
        if let Some(target) = &e.corrects {
            by.entry(target.clone()).or_default().push(id.to_string());
        }
    }
    by
}

/// 值班日志: append an entry (or a correction of an earlier one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppendDutyLog {
    pub id: String,
    pub text: String,
    pub corrects: Option<String>,
    /// When it was written on the device (offline, it reaches the server later): the entry
    /// keeps the day and shift it was written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub written_at: Option<Timestamp>,
}

impl Command for AppendDutyLog {
    crate::apply::about_record!(Kind::DutyLogEntry);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        append(store, ctx, &self.id, &self.text, self.corrects.as_deref(), self.written_at.as_ref())?;
        Ok(Applied::Done)
    }
}

/// 审阅签字 of `day`'s log (`id` is the sign-off entry's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignDutyLog {
    pub id: String,
    pub day: String,
    #[serde(default)]
    pub note: String,
}

impl Command for SignDutyLog {
    crate::apply::about_record!(Kind::DutyLogEntry);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        sign(store, ctx, &self.id, &self.day, &self.note)?;
        Ok(Applied::Done)
    }
}

impl crate::apply::Record for DutyLogEntry {
    const KIND: crate::sync::Kind = crate::sync::Kind::DutyLogEntry;
}

#[cfg(test)]
mod tests;
