//! The desk's checks before a slip is issued (SPEC §5): who applies, what goes out, when,
//! and that the unit owes nothing and is not restricted — a supervisor may override the
//! arrears check, with a reason; nobody overrides a restriction.

use crate::Role;
use crate::keys::record::{Consent, IdType};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Who applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Applicant {
    Owner {
        name: String,
    },
    /// Someone the owner authorised: their ID's type and last four, and the owner's consent
    /// by phone to the minute (as for keys).
    Authorised {
        name: String,
        id_type: IdType,
        /// Empty when the owner's letter was shown instead (its photo is kept).
        #[serde(default)]
        id_last4: String,
        consent: Consent,
        #[serde(default)]
        letter: Option<crate::photo::PhotoRef>,
    },
}

/// A release restriction on a unit (the desk's or the owner's instruction), until a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restriction {
    pub reason: String,
    pub until: NaiveDate,
}

/// The supervisor lets a slip out for a unit that owes, and says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrearsOverride {
    pub reason: String,
}

/// What the desk asks to let out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application<'a> {
    pub applicant: &'a Applicant,
    pub items: &'a [super::pass::PassItem],
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub arrears_override: Option<&'a ArrearsOverride>,
}

/// What the unit's records say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitStanding<'a> {
    pub owes: bool,
    pub restriction: Option<&'a Restriction>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueRefusal {
    #[error("the applicant's name, and for someone authorised their ID and the owner's consent")]
    Identity,
    #[error("1 to 30 kinds of goods, each named, at least one of each")]
    Items,
    #[error("the slip is good from today, for at most 7 days")]
    Window,
    #[error("the unit owes fees: only a supervisor may let goods out, with a reason")]
    Arrears,
    #[error("the unit's release is restricted until {until}: {reason}")]
    Restricted { reason: String, until: NaiveDate },
}

pub const MAX_ITEMS: usize = 30;
pub const MAX_DAYS: i64 = 7;

fn named(s: &str) -> bool {
    crate::property::validate_name(s).is_ok()
}

/// Every check the desk makes, in the order the manual gives.
pub fn check(
    app: &Application,
    unit: UnitStanding,
    role: Role,
    today: NaiveDate,
) -> Result<(), IssueRefusal> {
    let identified = match app.applicant {
        Applicant::Owner { name } => named(name),
        Applicant::Authorised { name, id_type, id_last4, consent, letter } => {
            let shown = match id_type {
                IdType::OwnersLetter => letter.is_some(),
                t => crate::keys::rules::last_four(*t, id_last4).is_some(),
            };
            named(name) && shown && !consent.phone.trim().is_empty()
        }
    };
    if !identified {
        return Err(IssueRefusal::Identity);
    }
    let items_ok = (1..=MAX_ITEMS).contains(&app.items.len())
        && app
            .items
            .iter()
            .all(|i| i.quantity > 0 && !i.name.trim().is_empty() && i.name.chars().count() <= 40);
    if !items_ok {
        return Err(IssueRefusal::Items);
    }
    // A slip issued offline just before midnight still lands the next day.
    if app.from < today - chrono::Duration::days(1)
        || app.from > today + chrono::Duration::days(MAX_DAYS)
        || app.until < app.from
        || (app.until - app.from).num_days() >= MAX_DAYS
    {
        return Err(IssueRefusal::Window);
    }
    if let Some(r) = unit.restriction.filter(|r| r.until >= today) {
        return Err(IssueRefusal::Restricted { reason: r.reason.clone(), until: r.until });
    }
    if unit.owes {
        let overridden = app.arrears_override.is_some_and(|o| !o.reason.trim().is_empty());
        if !(overridden && matches!(role, Role::Supervisor | Role::Manager)) {
            return Err(IssueRefusal::Arrears);
        }
    }
    Ok(())
}
