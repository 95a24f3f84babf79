//! Staff roles (SPEC.md "Who uses it") and where each one lands after login.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 前台接待员 / 客服助理 — tablet at the lobby counter.
    Receptionist,
    /// 客服主管
    Supervisor,
    /// 客服经理 / 管理处经理
    Manager,
    /// 管理员 / 楼宇管家 — phone, walking the buildings.
    Patrol,
    /// 工程部
    Engineering,
    /// 保安部
    Security,
    /// 系统管理员
    Admin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Receptionist,
        Role::Supervisor,
        Role::Manager,
        Role::Patrol,
        Role::Engineering,
        Role::Security,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Receptionist => "receptionist",
            Role::Supervisor => "supervisor",
            Role::Manager => "manager",
            Role::Patrol => "patrol",
            Role::Engineering => "engineering",
            Role::Security => "security",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The app route this role lands on after login.
    pub fn home(self) -> Home {
        match self {
            Role::Receptionist => Home::Counter,
            Role::Patrol => Home::Patrol,
            Role::Engineering => Home::WorkOrders,
            Role::Security => Home::Gate,
            Role::Supervisor | Role::Manager => Home::Dashboard,
            Role::Admin => Home::Admin,
        }
    }

    /// Who may see the property register (units, owners with masked phones).
    pub fn can_view_property(self) -> bool {
        true
    }

    /// Who sees owners' phone numbers unmasked: those who must call them (the desk, and the
    /// engineers who arrange a visit). Everyone else gets `138****5678`.
    pub fn may_call_owners(self) -> bool {
        matches!(self, Role::Receptionist | Role::Supervisor | Role::Manager | Role::Engineering)
    }

    /// The desk: takes tickets in, pauses their clocks, records plans.
    /// Who answers for the duty log: checks its chain and signs each day's log.
    pub fn reviews_the_log(self) -> bool {
        matches!(self, Role::Supervisor | Role::Manager)
    }

    pub fn runs_the_desk(self) -> bool {
        matches!(self, Role::Receptionist | Role::Supervisor | Role::Manager)
    }

    /// Who opens the intake form: the desk, and patrols turning a finding into a ticket.
    pub fn takes_tickets(self) -> bool {
        self.runs_the_desk() || self == Role::Patrol
    }

    /// Who takes and sees photos of tickets and patrols: everyone on the ground (not the
    /// administrator, who manages accounts only).
    pub fn takes_photos(self) -> bool {
        self != Role::Admin
    }

    /// Seconds without a touch or key after which the app locks its screen until the
    /// password is typed again: the counter tablet is shared and stands in the lobby, and the
    /// administrator's screen can change every account. Everyone else carries their own phone.
    pub fn idle_lock_secs(self) -> Option<u32> {
        match self {
            Role::Receptionist => Some(10 * 60),
            Role::Admin => Some(15 * 60),
            _ => None,
        }
    }

    /// How long a session lasts on the server: one long shift on the shared counter tablet
    /// and the administrator's screen, two weeks on a person's own phone (so a patrol
    /// officer offline for a weekend still syncs on Monday).
    pub fn session_hours(self) -> i64 {
        match self {
            Role::Receptionist | Role::Admin => 12,
            _ => 14 * 24,
        }
    }

    /// Who may manage staff accounts and import units.
    pub fn can_administer(self) -> bool {
        self == Role::Admin
    }
}

/// The home screens, one per kind of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    Counter,
    Patrol,
    WorkOrders,
    Gate,
    Dashboard,
    Admin,
}

impl Home {
    pub fn path(self) -> &'static str {
        match self {
            Home::Counter => "/counter",
            Home::Patrol => "/patrol",
            Home::WorkOrders => "/work-orders",
            Home::Gate => "/gate",
            Home::Dashboard => "/dashboard",
            Home::Admin => "/admin/users",
        }
    }

    /// Roles allowed on this home; the server enforces the same split on its endpoints.
    pub fn allows(self, role: Role) -> bool {
        match self {
            Home::Admin => role == Role::Admin,
            Home::Dashboard => matches!(role, Role::Supervisor | Role::Manager),
            other => role.home() == other || matches!(role, Role::Supervisor | Role::Manager),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_and_has_a_home_it_may_enter() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert!(role.home().allows(role), "{role:?} locked out of its own home");
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn homes_split_by_role() {
        assert_eq!(Role::Receptionist.home().path(), "/counter");
        assert_eq!(Role::Engineering.home().path(), "/work-orders");
        assert!(!Home::Admin.allows(Role::Supervisor));
        assert!(!Home::Counter.allows(Role::Security));
        assert!(Home::Counter.allows(Role::Supervisor));
    }
}
