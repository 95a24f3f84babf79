//! What a person's device may hold of each record: the server runs every pulled body
//! through its kind's [`Record::shown_to`] and [`Record::redacted_for`]. Only kinds that redact anything are parsed
//! (a pull of thousands of records reads most of them as stored).

use super::records::Kind;
use crate::apply::{Record, Viewer};

/// What a pull sends of one stored body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pulled {
    /// The body as stored (most kinds: not even parsed).
    AsStored,
    Rewritten(String),
    /// Not for this person's device.
    Hidden,
}

/// `body` as `viewer`'s device may hold it.
pub fn for_viewer(kind: Kind, body: &str, viewer: Viewer) -> Pulled {
    // Every kind named, so a new kind must say what it redacts.
    match kind {
        Kind::Visit => pulled::<crate::visit::Visit>(body, viewer),
        Kind::DutyLogEntry => pulled::<crate::duty_log::DutyLogEntry>(body, viewer),
        Kind::Ticket => pulled::<crate::ticket::record::Ticket>(body, viewer),
        Kind::TicketEvent => pulled::<crate::ticket::record::TicketEvent>(body, viewer),
        Kind::Decoration => pulled::<crate::decoration::record::Decoration>(body, viewer),
        Kind::Patrol => pulled::<crate::decoration::record::Patrol>(body, viewer),
        Kind::RectificationNotice => pulled::<crate::decoration::record::RectificationNotice>(body, viewer),
        Kind::HotWorkPermit => pulled::<crate::decoration::hot_work::HotWorkPermit>(body, viewer),
        Kind::Settings => pulled::<crate::settings::Settings>(body, viewer),
        Kind::Key => pulled::<crate::keys::record::Key>(body, viewer),
        Kind::KeyLoan => pulled::<crate::keys::record::KeyLoan>(body, viewer),
        Kind::KeyIncident => pulled::<crate::keys::incident::KeyIncident>(body, viewer),
        Kind::KeyCount => pulled::<crate::keys::count::KeyCount>(body, viewer),
        Kind::Handover => pulled::<crate::handover::record::Handover>(body, viewer),
        Kind::ArrearsCase => pulled::<crate::arrears::record::ArrearsCase>(body, viewer),
        Kind::ReleaseSlip => pulled::<crate::release::record::ReleaseSlip>(body, viewer),
        Kind::GateCheck => pulled::<crate::release::record::GateRecord>(body, viewer),
        Kind::DeviceKey => pulled::<crate::release::record::DeviceKeyRecord>(body, viewer),
        Kind::ReleaseRestriction => pulled::<crate::release::record::ReleaseRestriction>(body, viewer),
        Kind::VoidSlip => pulled::<crate::release::record::VoidSlip>(body, viewer),
        Kind::DoNotAdmit => pulled::<crate::visit::block::DoNotAdmit>(body, viewer),
        Kind::DayPass => pulled::<crate::visit::day_pass::DayPass>(body, viewer),
        Kind::DeskItem => pulled::<crate::deposit::record::DeskItem>(body, viewer),
        Kind::Announcement => pulled::<crate::announcement::record::Announcement>(body, viewer),
        Kind::AnnouncementReply => pulled::<crate::announcement::record::AnnouncementReply>(body, viewer),
        Kind::Survey => pulled::<crate::survey::record::Survey>(body, viewer),
        Kind::SurveyResponse => pulled::<crate::survey::record::SurveyResponse>(body, viewer),
    }
}

fn pulled<T: Record>(body: &str, viewer: Viewer) -> Pulled {
    if !T::REDACTS {
        return Pulled::AsStored;
    }
    // A body that does not parse is sent as an empty object rather than risk leaking it.
    let Ok(record) = serde_json::from_str::<T>(body) else { return Pulled::Rewritten("{}".to_string()) };
    if !record.shown_to(viewer) {
        return Pulled::Hidden;
    }
    let redacted = serde_json::to_string(&record.redacted_for(viewer.role)).ok();
    Pulled::Rewritten(redacted.unwrap_or_else(|| "{}".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    #[test]
    fn only_redacting_kinds_are_rewritten() {
        let patrol = Viewer { user_id: 7, role: Role::Patrol };
        assert_eq!(for_viewer(Kind::DutyLogEntry, r#"{"anything":1}"#, patrol), Pulled::AsStored);
        assert_eq!(for_viewer(Kind::Ticket, "not json", patrol), Pulled::Rewritten("{}".into()));
    }
}
