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
pub struct OwnerTicketView {
    pub number: Option<String>,
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub urgency: Urgency,
    pub unit: String,
    pub category: String,
    /// What the owner reported, as the desk wrote it for the owner; the desk's internal
    /// remarks are a separate field the owner never sees.
    pub description: String,
    pub created_at: crate::clock::Timestamp,
    /// Why an invalid complaint was closed (the explanation the desk recorded for the owner).
    #[serde(default)]
    pub closed_reason: Option<String>,
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
    pub at: crate::clock::Timestamp,
    pub status: TicketStatus,
    /// `created`, `dispatch`, `accept`, `arrive_on_site`, `complete`, `answer`,
    /// `return_visit`, `judged_invalid`, `late_explained`.
    pub step: String,
    /// Words meant for the owner (a reply, an owner's own comment); never internal notes.
    pub note: Option<String>,
    pub by_owner: bool,
}

/// What an owner reads of one timeline entry, or `None` for the desk's own business.
/// Shown: intake, dispatch, signing, arrival, completion, a reply, return visits (the
/// owner's own words only), an invalid complaint's reason, a late arrival's new time.
/// Hidden: the SLA clock (暂停计时 / 恢复计时), judgements of a valid complaint, plans, link
/// changes, photos, escalations, archiving, and every note staff typed beside a step.
pub fn owner_step(e: &TicketEvent) -> Option<(&'static str, Option<String>)> {
    Some(match &e.step {
        Step::Created => ("created", None),
        Step::Acted(Action::Answer { reply }) => ("answer", Some(reply.clone())),
        Step::Acted(Action::ReturnVisit { note, .. }) if e.role.is_none() => {
            ("return_visit", Some(note.clone()).filter(|n| !n.is_empty()))
        }
        Step::Acted(Action::ReturnVisit { .. }) => ("return_visit", None),
        Step::Acted(Action::JudgeComplaint { valid: false, explanation }) => {
            ("judged_invalid", Some(explanation.clone()))
        }
        Step::Acted(
            a @ (Action::Dispatch { .. } | Action::Accept | Action::ArriveOnSite | Action::Complete { .. }),
        ) => (a.name(), None),
        // The owner was called; the new time shows, the internal explanation does not.
        Step::LateExplained { .. } => ("late_explained", None),
        Step::Acted(Action::JudgeComplaint { valid: true, .. } | Action::Archive)
        | Step::Paused { .. }
        | Step::Resumed
        | Step::PlanRecorded { .. }
        | Step::OwnerLinkChanged { .. }
        | Step::PhotosAdded { .. }
        | Step::Escalated { .. }
        | Step::UrgencyRaised { .. }
        | Step::HandedOver { .. }
        | Step::Reviewed { .. }
        | Step::CaseAnalysed(_) => return None,
    })
}

/// The owner already rated this round of work (a leak rated satisfied waits for the on-site
/// visit, and is not rated twice).
fn rated_since_completion(ticket: &Ticket, events: &[TicketEvent]) -> bool {
    events.iter().any(|e| {
        e.role.is_none()
            && ticket.completed_at.as_ref().is_none_or(|since| e.at >= *since)
            && matches!(e.step, Step::Acted(Action::ReturnVisit { .. }))
    })
}

/// The owner's projection of a ticket and its timeline.
pub fn owner_view(ticket: &Ticket, events: &[TicketEvent]) -> OwnerTicketView {
    let rated = rated_since_completion(ticket, events);
    let mut events: Vec<&TicketEvent> = events.iter().collect();
    events.sort_by(|a, b| a.at.cmp(&b.at));
    let closed_reason = events.iter().rev().find_map(|e| match &e.step {
        Step::Acted(Action::JudgeComplaint { valid: false, explanation }) => Some(explanation.clone()),
        _ => None,
    });
    let timeline = events
        .into_iter()
        .filter_map(|e| {
            let (step, note) = owner_step(e)?;
            Some(OwnerStep {
                at: e.at.clone(),
                status: e.status,
                step: step.to_string(),
                note,
                by_owner: e.role.is_none(),
            })
        })
        .collect();
    OwnerTicketView {
        number: ticket.number.clone(),
        kind: ticket.kind,
        status: ticket.status,
        urgency: ticket.urgency,
        unit: ticket.unit.clone(),
        category: ticket.category.clone(),
        description: ticket.description.clone(),
        created_at: ticket.created_at.clone(),
        closed_reason,
        appointment: ticket.appointment.clone(),
        reply_by: ticket.reply_by.clone(),
        promised_completion: ticket.promised_completion.clone(),
        labour_fee: ticket.labour_fee,
        material_fee: ticket.material_fee,
        responsible_role: Role::Receptionist,
        responsible_name: given_name(&ticket.first_responsible_name),
        timeline,
        can_rate: ticket.status == TicketStatus::Completed && !rated,
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

    fn entry(step: Step, role: Option<Role>) -> TicketEvent {
        TicketEvent {
            ticket_id: "t".into(),
            at: "2026-11-22T02:00:00Z".parse().unwrap(),
            by: 7,
            by_name: "王小红".into(),
            role,
            step,
            status: TicketStatus::Received,
            note: Some("业主情绪激动".into()),
        }
    }

    #[test]
    fn the_owner_reads_the_steps_meant_for_them_and_no_internal_word() {
        let desk = Some(Role::Receptionist);
        let shown = |step| owner_step(&entry(step, desk));
        assert_eq!(shown(Step::Created), Some(("created", None)), "staff notes never reach the owner");
        assert_eq!(shown(Step::Paused { reason: "业主不在家".into() }), None);
        assert_eq!(shown(Step::Resumed), None);
        assert_eq!(shown(Step::Acted(Action::Archive)), None);
        assert_eq!(shown(Step::PlanRecorded { plan: "内部方案".into() }), None);
        let valid = Action::JudgeComplaint { valid: true, explanation: "内部判断".into() };
        assert_eq!(shown(Step::Acted(valid)), None);
        let invalid =
            Action::JudgeComplaint { valid: false, explanation: "属市政管辖，已告知业主".into() };
        assert_eq!(
            shown(Step::Acted(invalid)),
            Some(("judged_invalid", Some("属市政管辖，已告知业主".into())))
        );
        let visit = Action::ReturnVisit {
            satisfied: false,
            note: "仍有渗水，已致歉".into(),
            method: Default::default(),
        };
        assert_eq!(shown(Step::Acted(visit.clone())), Some(("return_visit", None)));
        assert_eq!(
            owner_step(&entry(Step::Acted(visit), None)),
            Some(("return_visit", Some("仍有渗水，已致歉".into()))),
            "the owner's own words come back to them"
        );
    }

    #[test]
    fn given_names() {
        assert_eq!(given_name("王小红"), "小红");
        assert_eq!(given_name("李静"), "静");
        assert_eq!(given_name("Alice"), "Alice");
    }
}
