//! What a device of a role may hold of each record: the server runs every pulled body
//! through its kind's [`Record::redacted_for`]. Only kinds that redact anything are parsed
//! (a pull of thousands of records reads most of them as stored).

use super::records::Kind;
use crate::Role;
use crate::apply::Record;

/// `body` as a device of `role` may hold it, or `None` when the kind sends it as stored.
pub fn for_role(kind: Kind, body: &str, role: Role) -> Option<String> {
    // Every kind named, so a new kind must say what it redacts.
    match kind {
        Kind::Visit => redact::<crate::visit::Visit>(body, role),
        Kind::DutyLogEntry => redact::<crate::duty_log::DutyLogEntry>(body, role),
        Kind::Ticket => redact::<crate::ticket::record::Ticket>(body, role),
        Kind::TicketEvent => redact::<crate::ticket::record::TicketEvent>(body, role),
        Kind::Decoration => redact::<crate::decoration::record::Decoration>(body, role),
        Kind::Patrol => redact::<crate::decoration::record::Patrol>(body, role),
        Kind::RectificationNotice => redact::<crate::decoration::record::RectificationNotice>(body, role),
        Kind::HotWorkPermit => redact::<crate::decoration::hot_work::HotWorkPermit>(body, role),
        Kind::Settings => redact::<crate::settings::Settings>(body, role),
        Kind::Key => redact::<crate::keys::record::Key>(body, role),
        Kind::KeyLoan => redact::<crate::keys::record::KeyLoan>(body, role),
        Kind::KeyIncident => redact::<crate::keys::incident::KeyIncident>(body, role),
        Kind::KeyCount => redact::<crate::keys::count::KeyCount>(body, role),
        Kind::Handover => redact::<crate::handover::record::Handover>(body, role),
    }
}

fn redact<T: Record>(body: &str, role: Role) -> Option<String> {
    if !T::REDACTS {
        return None;
    }
    // A body that does not parse is sent as an empty object rather than risk leaking it.
    let redacted = serde_json::from_str::<T>(body).ok().map(|t| t.redacted_for(role));
    Some(redacted.and_then(|t| serde_json::to_string(&t).ok()).unwrap_or_else(|| "{}".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_redacting_kinds_are_rewritten() {
        assert_eq!(for_role(Kind::DutyLogEntry, r#"{"anything":1}"#, Role::Patrol), None);
        assert_eq!(for_role(Kind::Ticket, "not json", Role::Patrol).as_deref(), Some("{}"));
    }
}
