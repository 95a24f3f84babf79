//! The named mutations: every change a device can make, with its rules. The same `apply`
//! runs on the device (optimistically) and on the server (authoritatively).

use super::commands::*;
use super::records::Kind;
use super::store::Store;
#[cfg(test)]
use crate::Role;
pub use crate::apply::{Applied, ApplyError, Ctx, Rejection, RejectionCode};
use crate::apply::{Command, record_id, reject};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Internally tagged (`{"name": "record_visit_exit", "id": …}`): an adjacently tagged enum
// compiles every variant's reader twice, 85 KB of the app's wasm. Read through
// [`either_form`], which still takes the `{"name", "args"}` form older apps stored. Each
// variant holds its command (its fields on the wire, beside `name`), whose module has the
// rules: adding a kind of change is a command struct and one line here.
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Mutation {
    /// 来访登记: a visitor arrives.
    RegisterVisit(RegisterVisit),
    /// The visitor leaves.
    RecordVisitExit(RecordVisitExit),
    /// Correct the purpose.
    UpdateVisitPurpose(UpdateVisitPurpose),
    /// A visit withdrawn before the visitor left.
    WithdrawVisit(WithdrawVisit),
    /// 值班日志: an entry, or the correction of one.
    AppendDutyLog(AppendDutyLog),
    /// 审阅签字: the supervisor signs a day's log.
    SignDutyLog(SignDutyLog),
    /// 工单 intake.
    CreateTicket(CreateTicket),
    /// A step in the ticket's lifecycle.
    ActOnTicket(ActOnTicket),
    /// Stop the SLA clock while the ticket waits on the owner.
    PauseTicket(PauseTicket),
    /// Restart it.
    ResumeTicket(ResumeTicket),
    /// The handling plan of an escalated ticket.
    RecordTicketPlan(RecordTicketPlan),
    /// The desk called the owner about a late arrival.
    ExplainLateArrival(ExplainLateArrival),
    /// A passed time limit escalated by the server's rules (never from a device).
    EscalateTicket(EscalateTicket),
    /// The supervisor raises a ticket's urgency.
    RaiseTicketUrgency(RaiseTicketUrgency),
    /// 首问责任 handed to another person.
    HandOverTicket(HandOverTicket),
    /// The daily review's answer for a ticket not done.
    ReviewTicket(ReviewTicket),
    /// A valid complaint's case analysis.
    AnalyseComplaint(AnalyseComplaint),
    /// Revoke (or reissue) the owner's link.
    ChangeOwnerLink(ChangeOwnerLink),
    /// 装修申请.
    ApplyDecoration(ApplyDecoration),
    /// A review, the permit, acceptance, the refund…
    ActOnDecoration(ActOnDecoration),
    /// A walked patrol checklist.
    RecordPatrol(RecordPatrol),
    /// 临时动火 applied for.
    ApplyHotWork(ApplyHotWork),
    /// A hot-work review.
    ActOnHotWork(ActOnHotWork),
    /// The manager saves the settings whole.
    SaveSettings(SaveSettings),
    /// The re-inspection of a notice.
    ReinspectNotice(ReinspectNotice),
    /// Photos of the problem or of the work.
    AttachTicketPhotos(AttachTicketPhotos),
    /// The owner's rating from their link (applied by the server in the owner's name).
    RateAsOwner(RateAsOwner),
    /// 钥匙登记.
    RegisterKey(RegisterKey),
    /// 钥匙借用.
    LendKey(LendKey),
    /// A sealed key's loan approved by the supervisor or the manager.
    ApproveKeyLoan(ApproveKeyLoan),
    /// A sealed key's request withdrawn before its approvals.
    WithdrawKeyLoan(WithdrawKeyLoan),
    /// 钥匙归还.
    ReturnKey(ReturnKey),
    /// A used sealed key sealed again by the owner.
    ResealKey(ResealKey),
    /// A key to another slot.
    MoveKey(MoveKey),
    /// A key off the register.
    RetireKey(RetireKey),
    /// 钥匙事件 opened.
    OpenKeyIncident(OpenKeyIncident),
    /// Its next step.
    ActOnKeyIncident(ActOnKeyIncident),
    /// 每日清点 of the cabinet.
    RecordKeyCount(RecordKeyCount),
    /// 交接班 started by the outgoing person.
    StartHandover(StartHandover),
    /// Confirmed or refused by the incoming person.
    ConfirmHandover(ConfirmHandover),
    /// Finance's arrears list, imported whole (the server builds it from the CSV).
    ImportArrears(ImportArrears),
    /// The supervisor assigns a unit's arrears to a staff member.
    AssignArrears(AssignArrears),
    /// One contact with a unit that owes.
    RecordArrearsContact(RecordArrearsContact),
    /// An arrears case to its next stage.
    AdvanceArrearsStage(AdvanceArrearsStage),
    /// A payment receipted against an arrears line.
    RecordArrearsPayment(RecordArrearsPayment),
    /// A desk device's public key, at login.
    RegisterDeviceKey(RegisterDeviceKey),
    /// A lost device's key stopped.
    RevokeDeviceKey(RevokeDeviceKey),
    /// 限制放行 on a unit.
    SetReleaseRestriction(SetReleaseRestriction),
    /// The restriction lifted.
    LiftReleaseRestriction(LiftReleaseRestriction),
    /// 物品放行条 issued.
    IssueReleaseSlip(IssueReleaseSlip),
    /// The gate released the goods, or sent the applicant back.
    RecordGateCheck(RecordGateCheck),
    /// The host's answer for a waiting visitor.
    ConfirmVisit(ConfirmVisit),
    /// 拒绝来访 on a unit, on the owner's instruction.
    SetDoNotAdmit(SetDoNotAdmit),
    /// The instruction withdrawn.
    LiftDoNotAdmit(LiftDoNotAdmit),
    /// 预约访客: a visitor's day pass.
    IssueDayPass(IssueDayPass),
    /// The pass cancelled on the owner's call.
    CancelDayPass(CancelDayPass),
    /// An old visit's phone and ID digits removed (the server's retention rule).
    RemoveVisitorDetails(RemoveVisitorDetails),
    /// 寄存/转交/信报 logged at the desk.
    LogDeskItem(LogDeskItem),
    /// The supervisor's answer on a deposit.
    ApproveDeposit(ApproveDeposit),
    /// An item handed to its recipient.
    HandOverDeskItem(HandOverDeskItem),
    /// 通知/公告 (or 工作联络单) drafted, or its draft revised.
    DraftAnnouncement(DraftAnnouncement),
    /// Approved, returned, posted, taken down, acknowledged by a department.
    ActOnAnnouncement(ActOnAnnouncement),
    /// A home read the notice (an activity: signed up, gave feedback).
    ReplyToAnnouncement(ReplyToAnnouncement),
    /// 满意度调查 published by the manager.
    PublishSurvey(PublishSurvey),
    /// One home's answers.
    AnswerSurvey(AnswerSurvey),
}

/// Reads a mutation in either form: the current one, or `{"name": …, "args": {…}}` as apps
/// before 2026-11-22 wrote it — outboxes stored by such an app, and pushes from a tab still
/// running one, must land. Used by every container that carries mutations.
pub fn either_form<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Mutation, D::Error> {
    let mut v = Value::deserialize(d)?;
    if let Value::Object(map) = &mut v
        && let Some(Value::Object(args)) = map.remove("args")
    {
        map.extend(args);
    }
    Mutation::deserialize(v).map_err(serde::de::Error::custom)
}

/// Runs `$body` with `$c` bound to the command inside every variant, each arm calling its
/// own type's methods (static dispatch). The device's shell reads a mutation's kind and
/// record through this, without `&dyn Command`: a vtable would keep every command's `apply`
/// — all the rules — in the shell, which loads them later in their own chunk
/// (`app/src/sync/rules.rs`). Exhaustive: a new variant does not compile until listed.
macro_rules! each_command {
    ($mutation:expr, $c:ident => $body:expr) => {
        match $mutation {
            Mutation::RegisterVisit($c) => $body,
            Mutation::RecordVisitExit($c) => $body,
            Mutation::UpdateVisitPurpose($c) => $body,
            Mutation::WithdrawVisit($c) => $body,
            Mutation::AppendDutyLog($c) => $body,
            Mutation::SignDutyLog($c) => $body,
            Mutation::CreateTicket($c) => $body,
            Mutation::ActOnTicket($c) => $body,
            Mutation::PauseTicket($c) => $body,
            Mutation::ResumeTicket($c) => $body,
            Mutation::RecordTicketPlan($c) => $body,
            Mutation::ExplainLateArrival($c) => $body,
            Mutation::EscalateTicket($c) => $body,
            Mutation::RaiseTicketUrgency($c) => $body,
            Mutation::HandOverTicket($c) => $body,
            Mutation::ReviewTicket($c) => $body,
            Mutation::AnalyseComplaint($c) => $body,
            Mutation::ChangeOwnerLink($c) => $body,
            Mutation::ApplyDecoration($c) => $body,
            Mutation::ActOnDecoration($c) => $body,
            Mutation::RecordPatrol($c) => $body,
            Mutation::ApplyHotWork($c) => $body,
            Mutation::ActOnHotWork($c) => $body,
            Mutation::SaveSettings($c) => $body,
            Mutation::ReinspectNotice($c) => $body,
            Mutation::AttachTicketPhotos($c) => $body,
            Mutation::RateAsOwner($c) => $body,
            Mutation::RegisterKey($c) => $body,
            Mutation::LendKey($c) => $body,
            Mutation::ApproveKeyLoan($c) => $body,
            Mutation::WithdrawKeyLoan($c) => $body,
            Mutation::ReturnKey($c) => $body,
            Mutation::ResealKey($c) => $body,
            Mutation::MoveKey($c) => $body,
            Mutation::RetireKey($c) => $body,
            Mutation::OpenKeyIncident($c) => $body,
            Mutation::ActOnKeyIncident($c) => $body,
            Mutation::RecordKeyCount($c) => $body,
            Mutation::StartHandover($c) => $body,
            Mutation::ConfirmHandover($c) => $body,
            Mutation::ImportArrears($c) => $body,
            Mutation::AssignArrears($c) => $body,
            Mutation::RecordArrearsContact($c) => $body,
            Mutation::AdvanceArrearsStage($c) => $body,
            Mutation::RecordArrearsPayment($c) => $body,
            Mutation::RegisterDeviceKey($c) => $body,
            Mutation::RevokeDeviceKey($c) => $body,
            Mutation::SetReleaseRestriction($c) => $body,
            Mutation::LiftReleaseRestriction($c) => $body,
            Mutation::IssueReleaseSlip($c) => $body,
            Mutation::RecordGateCheck($c) => $body,
            Mutation::ConfirmVisit($c) => $body,
            Mutation::SetDoNotAdmit($c) => $body,
            Mutation::LiftDoNotAdmit($c) => $body,
            Mutation::IssueDayPass($c) => $body,
            Mutation::CancelDayPass($c) => $body,
            Mutation::RemoveVisitorDetails($c) => $body,
            Mutation::LogDeskItem($c) => $body,
            Mutation::ApproveDeposit($c) => $body,
            Mutation::HandOverDeskItem($c) => $body,
            Mutation::DraftAnnouncement($c) => $body,
            Mutation::ActOnAnnouncement($c) => $body,
            Mutation::ReplyToAnnouncement($c) => $body,
            Mutation::PublishSurvey($c) => $body,
            Mutation::AnswerSurvey($c) => $body,
        }
    };
}

impl Mutation {
    /// The command this mutation carries.
    pub fn command(&self) -> &dyn Command {
        each_command!(self, c => c)
    }

    pub fn kind(&self) -> Kind {
        each_command!(self, c => Command::kind(c))
    }

    /// Changes only the server makes (finance's list from its file, the rules' escalations):
    /// refused from a device's push whoever signed in.
    /// Whether only the server makes this change (finance's file, the time limits): refused
    /// from a device. Every variant is named (no `_`), so a new change does not compile
    /// until someone says.
    pub fn server_only(&self) -> bool {
        match self {
            Mutation::EscalateTicket(_) | Mutation::ImportArrears(_) | Mutation::RemoveVisitorDetails(_) => {
                true
            }
            Mutation::RegisterVisit(_)
            | Mutation::RecordVisitExit(_)
            | Mutation::UpdateVisitPurpose(_)
            | Mutation::WithdrawVisit(_)
            | Mutation::AppendDutyLog(_)
            | Mutation::SignDutyLog(_)
            | Mutation::CreateTicket(_)
            | Mutation::ActOnTicket(_)
            | Mutation::PauseTicket(_)
            | Mutation::ResumeTicket(_)
            | Mutation::RecordTicketPlan(_)
            | Mutation::ExplainLateArrival(_)
            | Mutation::RaiseTicketUrgency(_)
            | Mutation::HandOverTicket(_)
            | Mutation::ReviewTicket(_)
            | Mutation::AnalyseComplaint(_)
            | Mutation::ChangeOwnerLink(_)
            | Mutation::ApplyDecoration(_)
            | Mutation::ActOnDecoration(_)
            | Mutation::RecordPatrol(_)
            | Mutation::ApplyHotWork(_)
            | Mutation::ActOnHotWork(_)
            | Mutation::SaveSettings(_)
            | Mutation::ReinspectNotice(_)
            | Mutation::AttachTicketPhotos(_)
            | Mutation::RateAsOwner(_)
            | Mutation::RegisterKey(_)
            | Mutation::LendKey(_)
            | Mutation::ApproveKeyLoan(_)
            | Mutation::WithdrawKeyLoan(_)
            | Mutation::ReturnKey(_)
            | Mutation::ResealKey(_)
            | Mutation::MoveKey(_)
            | Mutation::RetireKey(_)
            | Mutation::OpenKeyIncident(_)
            | Mutation::ActOnKeyIncident(_)
            | Mutation::RecordKeyCount(_)
            | Mutation::StartHandover(_)
            | Mutation::ConfirmHandover(_)
            | Mutation::AssignArrears(_)
            | Mutation::RecordArrearsContact(_)
            | Mutation::AdvanceArrearsStage(_)
            | Mutation::RecordArrearsPayment(_)
            | Mutation::RegisterDeviceKey(_)
            | Mutation::RevokeDeviceKey(_)
            | Mutation::SetReleaseRestriction(_)
            | Mutation::LiftReleaseRestriction(_)
            | Mutation::IssueReleaseSlip(_)
            | Mutation::RecordGateCheck(_)
            | Mutation::ConfirmVisit(_)
            | Mutation::SetDoNotAdmit(_)
            | Mutation::LiftDoNotAdmit(_)
            | Mutation::IssueDayPass(_)
            | Mutation::CancelDayPass(_)
            | Mutation::LogDeskItem(_)
            | Mutation::ApproveDeposit(_)
            | Mutation::HandOverDeskItem(_)
            | Mutation::DraftAnnouncement(_)
            | Mutation::ActOnAnnouncement(_)
            | Mutation::ReplyToAnnouncement(_)
            | Mutation::PublishSurvey(_)
            | Mutation::AnswerSurvey(_) => false,
        }
    }

    /// The staff accounts this change names by id (a key loan's participants, an arrears
    /// case's assignee, 首问责任's new holder) and the field they are refused under: the
    /// devices cannot see the accounts, so the server checks each is active staff. Every
    /// variant is named (no `_`), so a new change does not compile until someone says.
    pub fn staff_named(&self) -> Option<(Vec<i64>, crate::field::Field)> {
        use crate::field::Field;
        match self {
            Mutation::LendKey(l) => {
                (!l.loan.staff_ids.is_empty()).then(|| (l.loan.staff_ids.clone(), Field::Escorts))
            }
            Mutation::AssignArrears(a) => Some((vec![a.user_id], Field::AssignedTo)),
            Mutation::HandOverTicket(h) => Some((vec![h.to], Field::FirstResponsible)),
            Mutation::RegisterVisit(_)
            | Mutation::RecordVisitExit(_)
            | Mutation::UpdateVisitPurpose(_)
            | Mutation::WithdrawVisit(_)
            | Mutation::AppendDutyLog(_)
            | Mutation::SignDutyLog(_)
            | Mutation::CreateTicket(_)
            | Mutation::ActOnTicket(_)
            | Mutation::PauseTicket(_)
            | Mutation::ResumeTicket(_)
            | Mutation::RecordTicketPlan(_)
            | Mutation::ExplainLateArrival(_)
            | Mutation::EscalateTicket(_)
            | Mutation::RaiseTicketUrgency(_)
            | Mutation::ReviewTicket(_)
            | Mutation::AnalyseComplaint(_)
            | Mutation::ChangeOwnerLink(_)
            | Mutation::ApplyDecoration(_)
            | Mutation::ActOnDecoration(_)
            | Mutation::RecordPatrol(_)
            | Mutation::ApplyHotWork(_)
            | Mutation::ActOnHotWork(_)
            | Mutation::SaveSettings(_)
            | Mutation::ReinspectNotice(_)
            | Mutation::AttachTicketPhotos(_)
            | Mutation::RateAsOwner(_)
            | Mutation::RegisterKey(_)
            | Mutation::ApproveKeyLoan(_)
            | Mutation::WithdrawKeyLoan(_)
            | Mutation::ReturnKey(_)
            | Mutation::ResealKey(_)
            | Mutation::MoveKey(_)
            | Mutation::RetireKey(_)
            | Mutation::OpenKeyIncident(_)
            | Mutation::ActOnKeyIncident(_)
            | Mutation::RecordKeyCount(_)
            | Mutation::StartHandover(_)
            | Mutation::ConfirmHandover(_)
            | Mutation::ImportArrears(_)
            | Mutation::RecordArrearsContact(_)
            | Mutation::AdvanceArrearsStage(_)
            | Mutation::RecordArrearsPayment(_)
            | Mutation::RegisterDeviceKey(_)
            | Mutation::RevokeDeviceKey(_)
            | Mutation::SetReleaseRestriction(_)
            | Mutation::LiftReleaseRestriction(_)
            | Mutation::IssueReleaseSlip(_)
            | Mutation::RecordGateCheck(_)
            | Mutation::ConfirmVisit(_)
            | Mutation::SetDoNotAdmit(_)
            | Mutation::LiftDoNotAdmit(_)
            | Mutation::IssueDayPass(_)
            | Mutation::CancelDayPass(_)
            | Mutation::RemoveVisitorDetails(_)
            | Mutation::LogDeskItem(_)
            | Mutation::ApproveDeposit(_)
            | Mutation::HandOverDeskItem(_)
            | Mutation::DraftAnnouncement(_)
            | Mutation::ActOnAnnouncement(_)
            | Mutation::ReplyToAnnouncement(_)
            | Mutation::PublishSurvey(_)
            | Mutation::AnswerSurvey(_) => None,
        }
    }

    /// The mutation's name as it travels (`append_duty_log`).
    /// The change as the server applies it from `client_id`'s push: what names the pushing
    /// device says the session's device, whatever the device wrote.
    pub fn from_device(mut self, client_id: &str) -> Mutation {
        if let Mutation::RegisterDeviceKey(k) = &mut self {
            k.device_id = Some(client_id.to_string());
        }
        self
    }

    pub fn name(&self) -> &'static str {
        match self {
            Mutation::RegisterVisit(_) => "register_visit",
            Mutation::RecordVisitExit(_) => "record_visit_exit",
            Mutation::UpdateVisitPurpose(_) => "update_visit_purpose",
            Mutation::WithdrawVisit(_) => "withdraw_visit",
            Mutation::AppendDutyLog(_) => "append_duty_log",
            Mutation::SignDutyLog(_) => "sign_duty_log",
            Mutation::CreateTicket(_) => "create_ticket",
            Mutation::ActOnTicket(_) => "act_on_ticket",
            Mutation::PauseTicket(_) => "pause_ticket",
            Mutation::ResumeTicket(_) => "resume_ticket",
            Mutation::RecordTicketPlan(_) => "record_ticket_plan",
            Mutation::ExplainLateArrival(_) => "explain_late_arrival",
            Mutation::EscalateTicket(_) => "escalate_ticket",
            Mutation::RaiseTicketUrgency(_) => "raise_ticket_urgency",
            Mutation::HandOverTicket(_) => "hand_over_ticket",
            Mutation::ReviewTicket(_) => "review_ticket",
            Mutation::AnalyseComplaint(_) => "analyse_complaint",
            Mutation::ChangeOwnerLink(_) => "change_owner_link",
            Mutation::ApplyDecoration(_) => "apply_decoration",
            Mutation::ActOnDecoration(_) => "act_on_decoration",
            Mutation::RecordPatrol(_) => "record_patrol",
            Mutation::ApplyHotWork(_) => "apply_hot_work",
            Mutation::ActOnHotWork(_) => "act_on_hot_work",
            Mutation::SaveSettings(_) => "save_settings",
            Mutation::ReinspectNotice(_) => "reinspect_notice",
            Mutation::AttachTicketPhotos(_) => "attach_ticket_photos",
            Mutation::RateAsOwner(_) => "rate_as_owner",
            Mutation::RegisterKey(_) => "register_key",
            Mutation::LendKey(_) => "lend_key",
            Mutation::ApproveKeyLoan(_) => "approve_key_loan",
            Mutation::WithdrawKeyLoan(_) => "withdraw_key_loan",
            Mutation::ReturnKey(_) => "return_key",
            Mutation::ResealKey(_) => "reseal_key",
            Mutation::MoveKey(_) => "move_key",
            Mutation::RetireKey(_) => "retire_key",
            Mutation::OpenKeyIncident(_) => "open_key_incident",
            Mutation::ActOnKeyIncident(_) => "act_on_key_incident",
            Mutation::RecordKeyCount(_) => "record_key_count",
            Mutation::StartHandover(_) => "start_handover",
            Mutation::ConfirmHandover(_) => "confirm_handover",
            Mutation::ImportArrears(_) => "import_arrears",
            Mutation::AssignArrears(_) => "assign_arrears",
            Mutation::RecordArrearsContact(_) => "record_arrears_contact",
            Mutation::AdvanceArrearsStage(_) => "advance_arrears_stage",
            Mutation::RecordArrearsPayment(_) => "record_arrears_payment",
            Mutation::RegisterDeviceKey(_) => "register_device_key",
            Mutation::RevokeDeviceKey(_) => "revoke_device_key",
            Mutation::SetReleaseRestriction(_) => "set_release_restriction",
            Mutation::LiftReleaseRestriction(_) => "lift_release_restriction",
            Mutation::IssueReleaseSlip(_) => "issue_release_slip",
            Mutation::RecordGateCheck(_) => "record_gate_check",
            Mutation::ConfirmVisit(_) => "confirm_visit",
            Mutation::SetDoNotAdmit(_) => "set_do_not_admit",
            Mutation::LiftDoNotAdmit(_) => "lift_do_not_admit",
            Mutation::IssueDayPass(_) => "issue_day_pass",
            Mutation::CancelDayPass(_) => "cancel_day_pass",
            Mutation::RemoveVisitorDetails(_) => "remove_visitor_details",
            Mutation::LogDeskItem(_) => "log_desk_item",
            Mutation::ApproveDeposit(_) => "approve_deposit",
            Mutation::HandOverDeskItem(_) => "hand_over_desk_item",
            Mutation::DraftAnnouncement(_) => "draft_announcement",
            Mutation::ActOnAnnouncement(_) => "act_on_announcement",
            Mutation::ReplyToAnnouncement(_) => "reply_to_announcement",
            Mutation::PublishSurvey(_) => "publish_survey",
            Mutation::AnswerSurvey(_) => "answer_survey",
        }
    }

    /// The record this mutation is about.
    pub fn record_id(&self) -> &str {
        each_command!(self, c => Command::record_id(c))
    }

    /// Validates against `store` and applies. Leaves `store` unchanged when it fails: the
    /// writes are staged and reach `store` only if the whole mutation succeeded.
    pub fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let mut staged = super::store::Staged::new(store);
        let applied = self.apply_staged(&mut staged, ctx)?;
        staged.commit()?;
        Ok(applied)
    }

    fn apply_staged(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let command = self.command();
        let kind = command.kind();
        if !kind.visible_to(ctx.role) {
            return Err(reject(
                RejectionCode::Forbidden,
                None,
                format!("{:?} may not change {kind:?}", ctx.role),
            ));
        }
        record_id(command.record_id())?;
        for id in command.new_ids() {
            record_id(id)?;
        }
        command.apply(store, ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::store::MemStore;
    use crate::visit::Visit;

    const V: &str = "0190f5c2-7d1a-7000-8000-000000000001";
    const L: &str = "0190f5c2-7d1a-7000-8000-000000000002";

    #[test]
    fn ids_are_uuids_not_any_36_characters() {
        assert!(record_id(V).is_ok());
        assert!(record_id(&"-".repeat(36)).is_err());
        assert!(record_id("0190f5c2-7d1a-7000-8000-00000000000g").is_err());
        assert!(record_id("0190f5c27d1a-7000-8000-0000000000001-").is_err());
    }

    fn desk() -> Ctx {
        Ctx {
            user_id: 1,
            user_name: "王小红".into(),
            role: Role::Receptionist,
            now: "2026-11-22T10:00:00Z".parse().unwrap(),
            by_owner: false,
        }
    }

    fn register() -> Mutation {
        Mutation::RegisterVisit(crate::sync::commands::RegisterVisit {
            id: V.into(),
            visitor_name: "李雷".into(),
            unit: "3栋-1502".into(),
            purpose: "探亲".into(),
            ..Default::default()
        })
    }

    fn code(r: Result<Applied, ApplyError>) -> RejectionCode {
        match r {
            Err(ApplyError::Rejected(r)) => r.code,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[test]
    fn a_visit_from_arrival_to_exit() {
        let mut s = MemStore::default();
        assert_eq!(register().apply(&mut s, &desk()), Ok(Applied::Done));
        let later = Ctx { now: "2026-11-22T11:00:00Z".parse().unwrap(), ..desk() };
        Mutation::RecordVisitExit(crate::sync::commands::RecordVisitExit { id: V.into() })
            .apply(&mut s, &later)
            .unwrap();
        let visit: Visit = serde_json::from_value(s.get(Kind::Visit, V).unwrap().unwrap().body).unwrap();
        assert_eq!(visit.time_in, "2026-11-22T10:00:00Z");
        assert_eq!(visit.time_out.map(|t| t.to_string()).as_deref(), Some("2026-11-22T11:00:00Z"));
        assert_eq!(
            code(
                Mutation::RecordVisitExit(crate::sync::commands::RecordVisitExit { id: V.into() })
                    .apply(&mut s, &later)
            ),
            RejectionCode::Conflict
        );
        assert_eq!(
            code(
                Mutation::WithdrawVisit(crate::sync::commands::WithdrawVisit { id: V.into() })
                    .apply(&mut s, &later)
            ),
            RejectionCode::Conflict
        );
    }

    #[test]
    fn rejections_leave_the_store_unchanged() {
        let mut s = MemStore::default();
        let bad = Mutation::RegisterVisit(crate::sync::commands::RegisterVisit {
            id: V.into(),
            visitor_name: " ".into(),
            unit: "1".into(),
            purpose: "x".into(),
            ..Default::default()
        });
        assert_eq!(code(bad.apply(&mut s, &desk())), RejectionCode::Invalid);
        let patrol = Ctx { role: Role::Patrol, ..desk() };
        assert_eq!(code(register().apply(&mut s, &patrol)), RejectionCode::Forbidden);
        let not_uuid =
            Mutation::WithdrawVisit(crate::sync::commands::WithdrawVisit { id: "1; DROP TABLE".into() });
        assert_eq!(code(not_uuid.apply(&mut s, &desk())), RejectionCode::Invalid);
        assert!(s.records.is_empty());
        register().apply(&mut s, &desk()).unwrap();
        assert_eq!(code(register().apply(&mut s, &desk())), RejectionCode::Conflict);
    }

    #[test]
    fn concurrent_purpose_edits_report_the_overwrite() {
        let mut s = MemStore { stamp: 5, ..Default::default() };
        register().apply(&mut s, &desk()).unwrap();
        let edit = |p: &str, base| {
            Mutation::UpdateVisitPurpose(crate::sync::commands::UpdateVisitPurpose {
                id: V.into(),
                purpose: p.into(),
                base_version: base,
            })
        };
        assert_eq!(edit("送货", 5).apply(&mut s, &desk()), Ok(Applied::Done));
        s.stamp = 6;
        let r = edit("维修", 4).apply(&mut s, &desk()).unwrap();
        assert_eq!(r, Applied::Overwrote { field: "purpose", previous: "送货".into(), current_version: 5 });
    }

    #[test]
    fn duty_log_is_append_only_and_corrections_point_back() {
        let mut s = MemStore::default();
        let append = |id: &str, corrects: Option<&str>| {
            Mutation::AppendDutyLog(crate::sync::commands::AppendDutyLog {
                id: id.into(),
                text: "3栋电梯困人，已处理".into(),
                corrects: corrects.map(str::to_string),
                written_at: None,
            })
        };
        assert_eq!(code(append(L, Some(V)).apply(&mut s, &desk())), RejectionCode::NotFound);
        append(V, None).apply(&mut s, &desk()).unwrap();
        assert_eq!(code(append(V, None).apply(&mut s, &desk())), RejectionCode::Conflict);
        append(L, Some(V)).apply(&mut s, &desk()).unwrap();
        assert_eq!(s.records.len(), 2);
    }

    /// Mutations as apps before commands were types wrote them (kept in outboxes): each
    /// reads, and writes back byte for byte the same.
    #[test]
    fn the_wire_form_is_what_older_outboxes_hold() {
        let stored = [
            r#"{"name":"register_visit","id":"a","visitor_name":"李雷","unit":"3栋-1502","purpose":"探亲"}"#,
            r#"{"name":"update_visit_purpose","id":"a","purpose":"送货","base_version":4}"#,
            r#"{"name":"append_duty_log","id":"a","text":"交班","corrects":null}"#,
            r#"{"name":"act_on_ticket","ticket_id":"t","event_id":"e","action":{"action":"accept"}}"#,
            r#"{"name":"act_on_ticket","ticket_id":"t","event_id":"e","action":{"action":"accept"},"note":"带梯子"}"#,
            r#"{"name":"pause_ticket","ticket_id":"t","event_id":"e","reason":"业主不在家"}"#,
            r#"{"name":"change_owner_link","ticket_id":"t","event_id":"e","owner_token_hash":null}"#,
            r#"{"name":"record_patrol","id":"p","decoration_id":"d","checklist":[],"results":[],"notice":null,"tickets":[]}"#,
            r#"{"name":"record_patrol","id":"p","route_key":"garage","route_name":"车库","checklist":[],"results":[],"notice":null,"tickets":[]}"#,
            r#"{"name":"reinspect_notice","id":"n","rectified":true,"note":"已整改","deduction":0}"#,
        ];
        for json in stored {
            let m: Mutation = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(serde_json::to_string(&m).unwrap(), json);
        }
    }

    #[test]
    fn mutations_travel_named_and_older_apps_args_form_still_reads() {
        let m = Mutation::RecordVisitExit(crate::sync::commands::RecordVisitExit { id: V.into() });
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json, serde_json::json!({"name": "record_visit_exit", "id": V}));
        assert_eq!(json["name"], m.name());
        let read = |v: Value| either_form(v).unwrap();
        assert_eq!(read(json), m);
        assert_eq!(read(serde_json::json!({"name": "record_visit_exit", "args": {"id": V}})), m);
        let old = serde_json::json!({"id": 7, "mutation": {"name": "append_duty_log",
            "args": {"id": V, "text": "交班", "corrects": null}}});
        let numbered: super::super::protocol::Numbered = serde_json::from_value(old).unwrap();
        assert_eq!(numbered.mutation.name(), "append_duty_log");
    }
}
