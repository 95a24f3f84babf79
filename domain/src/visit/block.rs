//! 拒绝来访名单: a unit's do-not-admit list, set on the owner's instruction with a reason and an
//! end date. A visitor is matched by name or phone as typed, normalised — spaces, punctuation,
//! full-width letters and digits, case, a `+86` — and a listed name that is one part of what
//! was typed (`张伟（快递）`, `Jack Ma / courier`) matches too; another person whose name only
//! contains it (`张伟明`) does not. The lists property companies buy match only the exact name.

use crate::clock::Timestamp;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lifted {
    pub by_name: String,
    pub at: Timestamp,
    pub reason: String,
}

/// One person a unit's owner asked the desk not to admit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoNotAdmit {
    pub unit: String,
    /// Empty when only the phone is known.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    pub reason: String,
    /// The last day it holds.
    pub until: NaiveDate,
    /// The owner (or resident) who asked, as they gave their name.
    pub instructed_by: String,
    pub set_by_name: String,
    pub set_at: Timestamp,
    #[serde(default)]
    pub lifted: Option<Lifted>,
}

/// What a typed visitor matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    Name,
    Phone,
}

impl DoNotAdmit {
    pub fn in_force(&self, today: NaiveDate) -> bool {
        self.lifted.is_none() && self.until >= today
    }

    /// Whether a visitor typed as `name` and `phone` is this person.
    pub fn matches(&self, name: &str, phone: &str) -> Option<Matched> {
        let listed = normal_name(&self.name);
        let name_hit = !listed.is_empty() && name_parts(name).any(|part| part == listed);
        if name_hit {
            return Some(Matched::Name);
        }
        let listed = self.phone.as_deref().map(normal_phone).unwrap_or_default();
        let typed = normal_phone(phone);
        (listed.len() >= 7 && listed == typed).then_some(Matched::Phone)
    }
}

/// A name as compared: full-width letters and digits folded to ASCII, lower case, with no
/// spaces or punctuation (`张 伟`, `张·伟`, `ＺＨＡＮＧ　Wei` read as `张伟`, `zhangwei`).
pub fn normal_name(s: &str) -> String {
    s.chars().map(fold_width).filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The whole name typed, and each part of it between brackets or punctuation, normalised:
/// `张伟（快递）` is `张伟快递`, `张伟` and `快递`. Spaces do not split (`张 伟`, `Jack Ma`).
fn name_parts(typed: &str) -> impl Iterator<Item = String> + '_ {
    let whole = std::iter::once(normal_name(typed));
    let parts = typed
        .split(|c: char| {
            let c = fold_width(c);
            !c.is_alphanumeric() && !c.is_whitespace()
        })
        .map(normal_name);
    whole.chain(parts).filter(|p| !p.is_empty())
}

/// A phone as compared: its digits, without China's `86` before a mobile number.
pub fn normal_phone(s: &str) -> String {
    let digits: String = s.chars().map(fold_width).filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 && rest.starts_with('1') => rest.to_string(),
        _ => digits,
    }
}

/// Full-width forms (U+FF01–FF5E) to their ASCII twins; the ideographic space to a space.
fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The first entry in force today on `unit` that the typed visitor matches.
pub fn first_match<'a>(
    list: impl IntoIterator<Item = &'a DoNotAdmit>,
    unit: &str,
    name: &str,
    phone: &str,
    today: NaiveDate,
) -> Option<(&'a DoNotAdmit, Matched)> {
    list.into_iter()
        .filter(|b| b.unit == unit && b.in_force(today))
        .find_map(|b| b.matches(name, phone).map(|m| (b, m)))
}

/// Held whole on the guard's phone too: the gate matches the number typed at night, offline
/// (the screens still show it masked).
impl crate::apply::Record for DoNotAdmit {
    const KIND: crate::sync::Kind = crate::sync::Kind::DoNotAdmit;
}
