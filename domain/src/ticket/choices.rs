//! The ticket's enums as the forms offer them: every value, in the order the desk meets
//! them, with the name it travels by. A form builds its options from here instead of
//! repeating serde's names in its own tables.

use super::{Channel, Department, RepairScope, TicketKind, Urgency};

/// An enum a form offers as a choice.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every value, in the order a form lists them.
    const ALL: &'static [Self];

    /// The name it travels by (its serde name: `paid_service`).
    fn wire(self) -> &'static str;

    /// The value a form's option names, if any.
    fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.wire() == name)
    }
}

impl Choice for TicketKind {
    const ALL: &'static [Self] = &[
        TicketKind::Repair,
        TicketKind::Complaint,
        TicketKind::PaidService,
        TicketKind::Inquiry,
        TicketKind::Suggestion,
        TicketKind::Help,
        TicketKind::Emergency,
    ];
    fn wire(self) -> &'static str {
        match self {
            TicketKind::Complaint => "complaint",
            TicketKind::Repair => "repair",
            TicketKind::PaidService => "paid_service",
            TicketKind::Inquiry => "inquiry",
            TicketKind::Suggestion => "suggestion",
            TicketKind::Help => "help",
            TicketKind::Emergency => "emergency",
        }
    }
}

impl Choice for RepairScope {
    const ALL: &'static [Self] = &[RepairScope::InHome, RepairScope::Public];
    fn wire(self) -> &'static str {
        match self {
            RepairScope::InHome => "in_home",
            RepairScope::Public => "public",
        }
    }
}

impl Choice for Channel {
    const ALL: &'static [Self] = &[Channel::WalkIn, Channel::Phone, Channel::PatrolFinding, Channel::Online];
    fn wire(self) -> &'static str {
        match self {
            Channel::WalkIn => "walk_in",
            Channel::Phone => "phone",
            Channel::PatrolFinding => "patrol_finding",
            Channel::Online => "online",
        }
    }
}

impl Choice for Urgency {
    const ALL: &'static [Self] = &[Urgency::Normal, Urgency::Major, Urgency::Urgent];
    fn wire(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Major => "major",
            Urgency::Urgent => "urgent",
        }
    }
}

impl Choice for Department {
    /// The departments a ticket is dispatched to, the usual first.
    const ALL: &'static [Self] = &[
        Department::Engineering,
        Department::Security,
        Department::Cleaning,
        Department::Landscaping,
        Department::CustomerService,
    ];
    fn wire(self) -> &'static str {
        match self {
            Department::CustomerService => "customer_service",
            Department::Engineering => "engineering",
            Department::Security => "security",
            Department::Cleaning => "cleaning",
            Department::Landscaping => "landscaping",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_serde<T: Choice + serde::Serialize + serde::de::DeserializeOwned + std::fmt::Debug>() {
        for v in T::ALL {
            assert_eq!(serde_json::to_value(v).unwrap(), serde_json::Value::from(v.wire()), "{v:?}");
            assert_eq!(T::from_wire(v.wire()), Some(*v));
        }
        assert_eq!(T::from_wire("nonsense"), None);
    }

    /// The names forms send are the names the records carry, for every value.
    #[test]
    fn wire_names_are_serdes() {
        same_as_serde::<TicketKind>();
        same_as_serde::<RepairScope>();
        same_as_serde::<Channel>();
        same_as_serde::<Urgency>();
        same_as_serde::<Department>();
    }

    /// Each list holds every value once.
    #[test]
    fn all_lists_are_complete() {
        assert_eq!(TicketKind::ALL.len(), 7);
        assert_eq!(Department::ALL.len(), 5);
        assert_eq!(Channel::ALL.len(), 4);
        assert_eq!(Urgency::ALL.len(), 3);
        assert_eq!(RepairScope::ALL.len(), 2);
    }
}
