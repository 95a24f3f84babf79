//! Tickets (工单): complaints, repairs, services, inquiries — SPEC.md §1.
//!
//! The words (kinds, channels, urgency, departments), the lifecycle as a state machine,
//! the human-readable number, and the time limits (SLA) with pauses while the ticket waits
//! on the owner. Pure rules with time passed in, so every rule is unit-tested with an
//! injected clock.

pub mod apply;
pub mod category;
pub mod choices;
pub mod commands;
pub mod lifecycle;
pub mod number;
pub mod offers;
pub mod overdue;
pub mod owner;
pub mod query;
pub mod record;
pub mod sla;
pub mod supervise;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    /// 投诉
    Complaint,
    /// 报修
    Repair,
    /// 有偿服务 / 特约服务
    PaidService,
    /// 咨询
    Inquiry,
    /// 建议
    Suggestion,
    /// 求助
    Help,
    /// 紧急求援
    Emergency,
}

impl TicketKind {
    /// Kinds that send someone to do work, and so go through dispatch → on site → completed.
    pub fn is_work(self) -> bool {
        matches!(
            self,
            TicketKind::Repair | TicketKind::PaidService | TicketKind::Help | TicketKind::Emergency
        )
    }
}

/// Where a repair is: in the owner's home (户内) or in public facilities (公共设施).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RepairScope {
    InHome,
    Public,
}

/// How the request came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 来访
    WalkIn,
    /// 来电
    Phone,
    /// 巡查发现
    PatrolFinding,
    /// 网上
    Online,
}

/// 一般 / 重大 / 紧急. Major and urgent tickets are escalated to the supervisor and manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Normal,
    Major,
    Urgent,
}

impl Urgency {
    pub fn escalates(self) -> bool {
        self != Urgency::Normal
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Department {
    /// 客服部
    CustomerService,
    /// 工程部
    Engineering,
    /// 保安部
    Security,
    /// 清洁部
    Cleaning,
    /// 绿化部
    Landscaping,
}

impl Department {
    /// The department a staff role works for, if it has its own queue.
    pub fn of_role(role: crate::Role) -> Option<Department> {
        match role {
            crate::Role::Engineering => Some(Department::Engineering),
            crate::Role::Security => Some(Department::Security),
            _ => None,
        }
    }
}

/// Whether the return visit (回访) must be on site, not a phone call: the category is one
/// the manual names (leaks, large hollow plaster, burst floor slabs — chosen from the
/// list, never guessed from words), or the desk marked the ticket major or urgent.
pub fn needs_on_site_return_visit(category: &str, urgency: Urgency) -> bool {
    urgency != Urgency::Normal || category::find(category).is_some_and(|c| c.on_site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_kinds_and_escalation() {
        assert!(TicketKind::Repair.is_work());
        assert!(!TicketKind::Complaint.is_work());
        assert!(!TicketKind::Inquiry.is_work());
        assert!(Urgency::Urgent.escalates() && Urgency::Major.escalates() && !Urgency::Normal.escalates());
    }

    #[test]
    fn departments_with_their_own_queue() {
        assert_eq!(Department::of_role(crate::Role::Engineering), Some(Department::Engineering));
        assert_eq!(Department::of_role(crate::Role::Security), Some(Department::Security));
        assert_eq!(Department::of_role(crate::Role::Receptionist), None);
    }

    #[test]
    fn major_problems_get_an_on_site_return_visit() {
        assert!(needs_on_site_return_visit("leak", Urgency::Normal));
        assert!(needs_on_site_return_visit("防水/渗水", Urgency::Normal), "an older ticket");
        assert!(needs_on_site_return_visit("hollow_plaster", Urgency::Normal));
        assert!(needs_on_site_return_visit("slab_burst", Urgency::Normal));
        assert!(needs_on_site_return_visit("doors_windows", Urgency::Major));
        assert!(!needs_on_site_return_visit("doors_windows", Urgency::Normal));
        // The form's 墙面 is not 大面积空鼓; words typed elsewhere decide nothing.
        assert!(!needs_on_site_return_visit("wall", Urgency::Normal));
        assert!(!needs_on_site_return_visit("墙面/空鼓", Urgency::Normal));
        assert!(!needs_on_site_return_visit("卫生间渗水", Urgency::Normal));
    }
}
