//! The kinds of record that sync, and their bodies.

use crate::Role;
use serde::{Deserialize, Serialize};

/// One list makes the kinds: each line its variant, its stored name and whether its records
/// may be changed once written. [`Kind::ALL`], [`Kind::as_str`] and [`Kind::append_only`]
/// come from it, so a kind cannot be left out of any of them (and `visible_to` is a match
/// the compiler checks is whole).
macro_rules! kinds {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, $mutable:ident; )+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum Kind {
            $( $(#[doc = $doc])* $variant, )+
        }

        impl Kind {
            pub const ALL: [Kind; [$($name),+].len()] = [$(Kind::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)+
                }
            }

            /// Records of this kind may only be inserted, never changed or removed.
            pub fn append_only(self) -> bool {
                match self {
                    $(Kind::$variant => kinds!(@append_only $mutable),)+
                }
            }
        }
    };
    (@append_only append_only) => { true };
    (@append_only editable) => { false };
}

kinds! {
    /// 来访登记 — editable (exit time, purpose), can be withdrawn.
    Visit = "visit", editable;
    /// 值班日志 — append-only: never edited or deleted; corrections are new entries.
    DutyLogEntry = "duty_log_entry", append_only;
    /// 工单 — its current state (status, department, fees…), changed only by actions.
    Ticket = "ticket", editable;
    /// One step in a ticket's timeline — append-only: who did what, when.
    TicketEvent = "ticket_event", append_only;
    /// 装修: an application through to its deposit refund, with its history.
    Decoration = "decoration", editable;
    /// One patrol of a decoration: the checklist as answered — never edited afterwards.
    Patrol = "patrol", append_only;
    /// 整改通知书, until re-inspected.
    RectificationNotice = "rectification_notice", editable;
    /// 临时动火作业许可证 of a decoration, through its two reviews.
    HotWorkPermit = "hot_work_permit", editable;
    /// The property's settings (patrol plan, holidays): one record, the manager's.
    Settings = "settings", editable;
    /// 钥匙登记: a key or ring in the cabinet, where it is, and its history.
    Key = "key", editable;
    /// 钥匙借用登记: one loan, from the request to the return.
    KeyLoan = "key_loan", editable;
    /// 钥匙事件: from its cause to resolved or escalated, each step recorded.
    KeyIncident = "key_incident", editable;
    /// 每日清点 of the cabinet — append-only: what was found, slot by slot.
    KeyCount = "key_count", append_only;
    /// 交接班: what was handed over, checked and confirmed (or refused) by the incoming.
    Handover = "handover", editable;
    /// 欠费催缴: one unit's arrears from finance's lists, and their follow-up.
    ArrearsCase = "arrears_case", editable;
    /// 物品放行条: issued at the desk, signed by the issuing device.
    ReleaseSlip = "release_slip", editable;
    /// A gate's decision on a slip — append-only: released or sent back, as the guard did.
    GateCheck = "gate_check", append_only;
    /// An issuing device's public key (the gate checks slips against it), until revoked.
    DeviceKey = "device_key", editable;
    /// 限制放行 on a unit, with its reason and end date.
    ReleaseRestriction = "release_restriction", editable;
    /// A slip or a day pass the server refused (its printed code must not pass a gate), with
    /// the reason; removed only if the same slip or pass is later accepted.
    VoidSlip = "void_slip", editable;
    /// 拒绝来访: a person a unit's owner asked the desk not to admit, until lifted or its end.
    DoNotAdmit = "do_not_admit", editable;
    /// 预约访客: a visitor's day pass, signed by the issuing desk tablet.
    DayPass = "day_pass", editable;
    /// 寄存/转交/信报: an item left at the desk, through the supervisor's approval to the
    /// recipient's hands.
    DeskItem = "desk_item", editable;
    /// 通知/公告 or 工作联络单, from its draft to its taking down.
    Announcement = "announcement", editable;
    /// A home's reply to a notice (read; an activity's sign-up and feedback): one per home.
    AnnouncementReply = "announcement_reply", editable;
    /// 满意度调查: the manager's questionnaire.
    Survey = "survey", editable;
    /// One home's answers to a survey — append-only: given once, never changed.
    SurveyResponse = "survey_response", append_only;
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Which roles' devices receive (and may change) this kind: each device gets only
    /// what its work needs.
    pub fn visible_to(self, role: Role) -> bool {
        match self {
            // The desk registers visitors by day, the gate at night; both check the list and
            // the passes.
            Kind::Visit | Kind::DoNotAdmit | Kind::DayPass => {
                matches!(role, Role::Receptionist | Role::Supervisor | Role::Manager | Role::Security)
            }
            Kind::DutyLogEntry => {
                matches!(role, Role::Receptionist | Role::Supervisor | Role::Manager | Role::Security)
            }
            // The desk, the departments that do the work, and patrols (a finding becomes a
            // ticket in one step).
            Kind::Ticket | Kind::TicketEvent => !matches!(role, Role::Admin),
            // Everyone on the ground patrols decorations (desk, patrols, security,
            // engineering) and the managers review them.
            Kind::Decoration | Kind::Patrol | Kind::RectificationNotice | Kind::HotWorkPermit => {
                !matches!(role, Role::Admin)
            }
            // Every staff device walks the same checklists and counts the same working days.
            Kind::Settings => !matches!(role, Role::Admin),
            // The desk, its supervisor and manager; security reads the cabinet (night calls).
            Kind::Key | Kind::KeyIncident | Kind::KeyCount | Kind::Handover => {
                matches!(role, Role::Receptionist | Role::Supervisor | Role::Manager | Role::Security)
            }
            // Also to patrols and engineering, but only the loans they take part in
            // (`KeyLoan::shown_to`).
            Kind::KeyLoan => !matches!(role, Role::Admin),
            // The desk (the goods-release check) and its superiors; anyone else only the
            // cases assigned to them (`ArrearsCase::shown_to`).
            Kind::ArrearsCase => !matches!(role, Role::Admin),
            // The desk keeps what is left with it; the supervisor approves deposits.
            Kind::DeskItem => role.runs_the_desk(),
            // Notices reach every staff device: the desk drafts, the supervisor approves,
            // butlers post them and knock on doors, departments acknowledge liaison notes.
            Kind::Announcement => role != Role::Admin,
            // Homes' replies and surveys: taken at the counter and door to door.
            Kind::AnnouncementReply | Kind::Survey | Kind::SurveyResponse => {
                role.runs_the_desk() || role == Role::Patrol
            }
            // The desk issues slips, the gate checks them; both hold the keys that sign them.
            Kind::ReleaseSlip
            | Kind::GateCheck
            | Kind::DeviceKey
            | Kind::ReleaseRestriction
            | Kind::VoidSlip => {
                matches!(role, Role::Receptionist | Role::Supervisor | Role::Manager | Role::Security)
            }
        }
    }

    pub fn visible_kinds(role: Role) -> Vec<Kind> {
        Kind::ALL.into_iter().filter(|k| k.visible_to(role)).collect()
    }
}
