//! What an owner sees of their ticket, with no account: through the receipt's link (a
//! random 256-bit token whose SHA-256 alone is stored) or by ticket number plus their phone.
//! They see their ticket's progress and nothing else: no phone numbers, no internal notes,
//! staff by role and given name only.

use super::lifecycle::{Action, TicketStatus};
use super::record::{Step, Ticket, TicketEvent};
use super::{TicketKind, Urgency};
use crate::Role;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Hex SHA-256 of a link token. Tokens carry 256 random bits, so a fast hash suffices.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A token as the receipt carries it: 64 hex digits.
pub fn valid_token(token: &str) -> bool {
    token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

/// Compares phone numbers (normalised) in time independent of where they differ.
pub fn phone_matches(stored: &str, entered: &str) -> bool {
    let entered = crate::phone::PhoneNumber::parse(entered).map(|p| p.to_string()).unwrap_or_default();
    let (a, b) = (stored.as_bytes(), entered.as_bytes());
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= (a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0)) as usize;
    }
    diff == 0
}

/// A Chinese name's given name (`王小红` → `小红`); other names as they are.
pub fn given_name(full: &str) -> String {
    let chars: Vec<char> = full.chars().collect();
    let cjk = chars.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
    if cjk && (2..=4).contains(&chars.len()) { chars[1..].iter().collect() } else { full.to_string() }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerView {
    pub number: Option<String>,
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub urgency: Urgency,
    pub unit: String,
    pub category: String,
    pub description: String,
    pub created_at: String,
    pub appointment: Option<String>,
    pub reply_by: Option<String>,
    /// The completion time the desk agreed when someone arrived late.
    pub promised_completion: Option<String>,
    /// Paid services: what the owner confirmed (fen).
    pub labour_fee: u64,
    pub material_fee: u64,
    /// Who looks after it: role and given name.
    pub responsible_role: Role,
    pub responsible_name: String,
    pub timeline: Vec<OwnerStep>,
    /// The work is done and waits for the owner's rating.
    pub can_rate: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerStep {
    pub at: String,
    pub status: TicketStatus,
    /// `created`, `dispatch`, `accept`, `arrive_on_site`, `complete`, `answer`,
    /// `return_visit`, `archive`, `paused`, `resumed`, `late_explained`.
    pub step: String,
    /// Words meant for the owner (a reply, an owner's own comment); never internal notes.
    pub note: Option<String>,
    pub by_owner: bool,
}

/// The owner's projection of a ticket and its timeline.
pub fn owner_view(ticket: &Ticket, events: &[TicketEvent]) -> OwnerView {
    let mut events: Vec<&TicketEvent> = events.iter().collect();
    events.sort_by(|a, b| a.at.cmp(&b.at));
    let timeline = events
        .into_iter()
        .filter_map(|e| {
            let (step, note) = match &e.step {
                Step::Created => ("created".to_string(), None),
                Step::Acted(Action::Answer { reply }) => ("answer".to_string(), Some(reply.clone())),
                Step::Acted(Action::ReturnVisit { note, .. }) if e.role.is_none() => {
                    ("return_visit".to_string(), Some(note.clone()).filter(|n| !n.is_empty()))
                }
                // Judgements, plans and link changes are the desk's own business.
                Step::Acted(Action::JudgeComplaint { .. })
                | Step::PlanRecorded { .. }
                | Step::OwnerLinkChanged { .. }
                | Step::PhotosAdded { .. } => return None,
                // The owner was called; the new time shows, the internal explanation does not.
                Step::LateExplained { .. } => ("late_explained".to_string(), None),
                Step::Acted(a) => (a.name().to_string(), None),
                Step::Paused { .. } => ("paused".to_string(), None),
                Step::Resumed => ("resumed".to_string(), None),
            };
            Some(OwnerStep { at: e.at.clone(), status: e.status, step, note, by_owner: e.role.is_none() })
        })
        .collect();
    OwnerView {
        number: ticket.number.clone(),
        kind: ticket.kind,
        status: ticket.status,
        urgency: ticket.urgency,
        unit: ticket.unit.clone(),
        category: ticket.category.clone(),
        description: ticket.description.clone(),
        created_at: ticket.created_at.clone(),
        appointment: ticket.appointment.clone(),
        reply_by: ticket.reply_by.clone(),
        promised_completion: ticket.promised_completion.clone(),
        labour_fee: ticket.labour_fee,
        material_fee: ticket.material_fee,
        responsible_role: Role::Receptionist,
        responsible_name: given_name(&ticket.first_responsible_name),
        timeline,
        can_rate: ticket.status == TicketStatus::Completed,
    }
}

/// The owner's rating, as the request carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerRating {
    pub satisfied: bool,
    #[serde(default)]
    pub comment: String,
}

/// Looking a ticket up without the link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerLookup {
    pub number: String,
    pub phone: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_hashes() {
        let t = "a".repeat(64);
        assert!(valid_token(&t));
        assert!(!valid_token(&"A".repeat(64)) && !valid_token("abc") && !valid_token(&"g".repeat(64)));
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn phones_compare_normalised() {
        assert!(phone_matches("13812345678", "138 1234 5678"));
        assert!(!phone_matches("13812345678", "13812345679"));
        assert!(!phone_matches("13812345678", ""));
        assert!(!phone_matches("13812345678", "1381234567"));
    }

    #[test]
    fn given_names() {
        assert_eq!(given_name("王小红"), "小红");
        assert_eq!(given_name("李静"), "静");
        assert_eq!(given_name("Alice"), "Alice");
    }
}
