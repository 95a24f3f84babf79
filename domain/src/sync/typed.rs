//! What the user typed into a change. When the server refuses a change, the device shows
//! it with the words the user wrote, lets them edit and send it again, or copy them into a
//! new action: a refusal never throws typed text away.

use super::Mutation;
use crate::decoration::hot_work::HotWorkAction;
use crate::decoration::lifecycle::DecorationAction;
use crate::ticket::lifecycle::Action;

impl Mutation {
    /// The free text the user typed into this change, with the field it went into. Every
    /// variant is named (no `_`), so a new change does not compile until someone says
    /// whether it carries typed text (and [`Mutation::with_typed`] must say the same).
    pub fn typed(&self) -> Option<(&'static str, &str)> {
        let typed = match self {
            Mutation::AppendDutyLog(crate::sync::commands::AppendDutyLog { text, .. }) => {
                ("text", text.as_str())
            }
            Mutation::RegisterVisit(crate::sync::commands::RegisterVisit { purpose, .. })
            | Mutation::UpdateVisitPurpose(crate::sync::commands::UpdateVisitPurpose { purpose, .. }) => {
                ("purpose", purpose.as_str())
            }
            Mutation::CreateTicket(crate::sync::commands::CreateTicket { ticket, .. }) => {
                ("description", ticket.description.as_str())
            }
            Mutation::ActOnTicket(crate::sync::commands::ActOnTicket { action, note, .. }) => match action {
                Action::Answer { reply } => ("reply", reply.as_str()),
                Action::ReturnVisit { note, .. } => ("note", note.as_str()),
                Action::JudgeComplaint { explanation, .. } => ("explanation", explanation.as_str()),
                _ => ("note", note.as_deref()?),
            },
            Mutation::PauseTicket(crate::sync::commands::PauseTicket { reason, .. }) => {
                ("reason", reason.as_str())
            }
            Mutation::RecordTicketPlan(crate::sync::commands::RecordTicketPlan { plan, .. }) => {
                ("plan", plan.as_str())
            }
            Mutation::ExplainLateArrival(crate::sync::commands::ExplainLateArrival {
                explanation, ..
            }) => ("explanation", explanation.as_str()),
            Mutation::ReinspectNotice(crate::sync::commands::ReinspectNotice { note, .. }) => {
                ("note", note.as_str())
            }
            Mutation::SignDutyLog(c) => ("note", c.note.as_str()),
            Mutation::RaiseTicketUrgency(c) => ("reason", c.reason.as_str()),
            Mutation::HandOverTicket(c) => ("reason", c.reason.as_str()),
            Mutation::ReviewTicket(c) => ("reason", c.reason.as_str()),
            Mutation::RateAsOwner(c) => ("comment", c.comment.as_str()),
            Mutation::ActOnDecoration(c) => match &c.action {
                DecorationAction::Review { reasons, .. } => ("reasons", reasons.as_str()),
                DecorationAction::Inspect { items, .. } => ("items", items.as_str()),
                DecorationAction::StopWork { reason } => ("reason", reason.as_str()),
                DecorationAction::RefundDeposit { note, .. } => ("note", note.as_str()),
                DecorationAction::Submit
                | DecorationAction::IssuePermit { .. }
                | DecorationAction::BookAcceptance { .. }
                | DecorationAction::ResumeWork => return None,
            },
            Mutation::ActOnHotWork(c) => match &c.action {
                HotWorkAction::Return { reasons } => ("reasons", reasons.as_str()),
                HotWorkAction::Approve => return None,
            },
            Mutation::LendKey(c) => ("purpose", c.loan.purpose.as_str()),
            Mutation::WithdrawKeyLoan(c) => ("reason", c.reason.as_str()),
            Mutation::ReturnKey(c) => ("note", c.note.as_str()),
            Mutation::RetireKey(c) => ("reason", c.reason.as_str()),
            Mutation::OpenKeyIncident(c) => ("note", c.note.as_str()),
            Mutation::ActOnKeyIncident(c) => ("note", c.note.as_str()),
            Mutation::ConfirmHandover(c) => ("refusal", c.refusal.as_str()),
            Mutation::RecordArrearsContact(c) => ("outcome", c.outcome.as_str()),
            Mutation::RevokeDeviceKey(c) => ("reason", c.reason.as_str()),
            Mutation::SetReleaseRestriction(c) => ("reason", c.reason.as_str()),
            Mutation::LiftReleaseRestriction(c) => ("reason", c.reason.as_str()),
            Mutation::RecordGateCheck(c) => ("reason", c.reason.as_str()),
            Mutation::ConfirmVisit(c) => ("reason", c.answer.reason.as_str()),
            Mutation::SetDoNotAdmit(c) => ("reason", c.reason.as_str()),
            Mutation::LiftDoNotAdmit(c) => ("reason", c.reason.as_str()),
            Mutation::IssueDayPass(c) => ("purpose", c.purpose.as_str()),
            Mutation::CancelDayPass(c) => ("reason", c.reason.as_str()),
            Mutation::LogDeskItem(c) => ("note", c.new.note.as_str()),
            Mutation::ApproveDeposit(c) => ("reason", c.reason.as_str()),
            Mutation::HandOverDeskItem(_) => return None,
            Mutation::DraftAnnouncement(c) => ("body", c.draft.body.as_str()),
            Mutation::ActOnAnnouncement(c) => match &c.step {
                crate::announcement::commands::AnnouncementStep::Return { reason } => {
                    ("reason", reason.as_str())
                }
                _ => return None,
            },
            Mutation::ReplyToAnnouncement(c) => ("comment", c.comment.as_str()),
            Mutation::PublishSurvey(_) | Mutation::AnswerSurvey(_) => return None,
            Mutation::RemoveVisitorDetails(_)
            | Mutation::RecordVisitExit(_)
            | Mutation::WithdrawVisit(_)
            | Mutation::ResumeTicket(_)
            | Mutation::EscalateTicket(_)
            | Mutation::AnalyseComplaint(_)
            | Mutation::ChangeOwnerLink(_)
            | Mutation::ApplyDecoration(_)
            | Mutation::RecordPatrol(_)
            | Mutation::ApplyHotWork(_)
            | Mutation::SaveSettings(_)
            | Mutation::AttachTicketPhotos(_)
            | Mutation::RegisterKey(_)
            | Mutation::ApproveKeyLoan(_)
            | Mutation::ResealKey(_)
            | Mutation::MoveKey(_)
            | Mutation::RecordKeyCount(_)
            | Mutation::StartHandover(_)
            | Mutation::ImportArrears(_)
            | Mutation::AssignArrears(_)
            | Mutation::AdvanceArrearsStage(_)
            | Mutation::RecordArrearsPayment(_)
            | Mutation::RegisterDeviceKey(_)
            | Mutation::IssueReleaseSlip(_) => return None,
        };
        Some(typed).filter(|(_, t)| !t.trim().is_empty())
    }

    /// The same change with its typed text replaced (edit and send again). Changes with no
    /// typed text come back as they were.
    pub fn with_typed(&self, text: &str) -> Mutation {
        let mut m = self.clone();
        let text = text.to_string();
        match &mut m {
            Mutation::AppendDutyLog(crate::sync::commands::AppendDutyLog { text: t, .. }) => *t = text,
            Mutation::RegisterVisit(crate::sync::commands::RegisterVisit { purpose, .. })
            | Mutation::UpdateVisitPurpose(crate::sync::commands::UpdateVisitPurpose { purpose, .. }) => {
                *purpose = text
            }
            Mutation::CreateTicket(crate::sync::commands::CreateTicket { ticket, .. }) => {
                ticket.description = text
            }
            Mutation::ActOnTicket(crate::sync::commands::ActOnTicket { action, note, .. }) => match action {
                Action::Answer { reply } => *reply = text,
                Action::ReturnVisit { note, .. } => *note = text,
                Action::JudgeComplaint { explanation, .. } => *explanation = text,
                _ => *note = Some(text),
            },
            Mutation::PauseTicket(crate::sync::commands::PauseTicket { reason, .. }) => *reason = text,
            Mutation::RecordTicketPlan(crate::sync::commands::RecordTicketPlan { plan, .. }) => *plan = text,
            Mutation::ExplainLateArrival(crate::sync::commands::ExplainLateArrival {
                explanation, ..
            }) => *explanation = text,
            Mutation::ReinspectNotice(crate::sync::commands::ReinspectNotice { note, .. }) => *note = text,
            Mutation::SignDutyLog(c) => c.note = text,
            Mutation::RaiseTicketUrgency(c) => c.reason = text,
            Mutation::HandOverTicket(c) => c.reason = text,
            Mutation::ReviewTicket(c) => c.reason = text,
            Mutation::RateAsOwner(c) => c.comment = text,
            Mutation::ActOnDecoration(c) => match &mut c.action {
                DecorationAction::Review { reasons, .. } => *reasons = text,
                DecorationAction::Inspect { items, .. } => *items = text,
                DecorationAction::StopWork { reason } => *reason = text,
                DecorationAction::RefundDeposit { note, .. } => *note = text,
                DecorationAction::Submit
                | DecorationAction::IssuePermit { .. }
                | DecorationAction::BookAcceptance { .. }
                | DecorationAction::ResumeWork => {}
            },
            Mutation::ActOnHotWork(c) => match &mut c.action {
                HotWorkAction::Return { reasons } => *reasons = text,
                HotWorkAction::Approve => {}
            },
            Mutation::LendKey(c) => c.loan.purpose = text,
            Mutation::WithdrawKeyLoan(c) => c.reason = text,
            Mutation::ReturnKey(c) => c.note = text,
            Mutation::RetireKey(c) => c.reason = text,
            Mutation::OpenKeyIncident(c) => c.note = text,
            Mutation::ActOnKeyIncident(c) => c.note = text,
            Mutation::ConfirmHandover(c) => c.refusal = text,
            Mutation::RecordArrearsContact(c) => c.outcome = text,
            Mutation::RevokeDeviceKey(c) => c.reason = text,
            Mutation::SetReleaseRestriction(c) => c.reason = text,
            Mutation::LiftReleaseRestriction(c) => c.reason = text,
            Mutation::RecordGateCheck(c) => c.reason = text,
            Mutation::ConfirmVisit(c) => c.answer.reason = text,
            Mutation::SetDoNotAdmit(c) => c.reason = text,
            Mutation::LiftDoNotAdmit(c) => c.reason = text,
            Mutation::IssueDayPass(c) => c.purpose = text,
            Mutation::CancelDayPass(c) => c.reason = text,
            Mutation::LogDeskItem(c) => c.new.note = text,
            Mutation::ApproveDeposit(c) => c.reason = text,
            Mutation::HandOverDeskItem(_) => {}
            Mutation::DraftAnnouncement(c) => c.draft.body = text,
            Mutation::ActOnAnnouncement(c) => {
                if let crate::announcement::commands::AnnouncementStep::Return { reason } = &mut c.step {
                    *reason = text
                }
            }
            Mutation::ReplyToAnnouncement(c) => c.comment = text,
            Mutation::PublishSurvey(_) | Mutation::AnswerSurvey(_) => {}
            Mutation::RemoveVisitorDetails(_)
            | Mutation::RecordVisitExit(_)
            | Mutation::WithdrawVisit(_)
            | Mutation::ResumeTicket(_)
            | Mutation::EscalateTicket(_)
            | Mutation::AnalyseComplaint(_)
            | Mutation::ChangeOwnerLink(_)
            | Mutation::ApplyDecoration(_)
            | Mutation::RecordPatrol(_)
            | Mutation::ApplyHotWork(_)
            | Mutation::SaveSettings(_)
            | Mutation::AttachTicketPhotos(_)
            | Mutation::RegisterKey(_)
            | Mutation::ApproveKeyLoan(_)
            | Mutation::ResealKey(_)
            | Mutation::MoveKey(_)
            | Mutation::RecordKeyCount(_)
            | Mutation::StartHandover(_)
            | Mutation::ImportArrears(_)
            | Mutation::AssignArrears(_)
            | Mutation::AdvanceArrearsStage(_)
            | Mutation::RecordArrearsPayment(_)
            | Mutation::RegisterDeviceKey(_)
            | Mutation::IssueReleaseSlip(_) => {}
        }
        m
    }

    /// The step this change takes, for a ticket action its own name (`dispatch`).
    pub fn step_name(&self) -> &'static str {
        match self {
            Mutation::ActOnTicket(crate::sync::commands::ActOnTicket { action, .. }) => action.name(),
            other => other.name(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::Department;

    #[test]
    fn a_refused_dispatch_keeps_its_note_and_can_be_edited() {
        let m = Mutation::ActOnTicket(crate::sync::commands::ActOnTicket {
            ticket_id: "t".into(),
            event_id: "e".into(),
            action: Action::Dispatch { department: Department::Engineering },
            note: Some("带梯子，业主下午在家".into()),
        });
        assert_eq!(m.typed(), Some(("note", "带梯子，业主下午在家")));
        assert_eq!(m.step_name(), "dispatch");
        let edited = m.with_typed("改派保安部");
        assert_eq!(edited.typed(), Some(("note", "改派保安部")));
        let pause = Mutation::PauseTicket(crate::sync::commands::PauseTicket {
            ticket_id: "t".into(),
            event_id: "e".into(),
            reason: "业主改约".into(),
        });
        assert_eq!(pause.with_typed("业主出差").typed(), Some(("reason", "业主出差")));
        let resume = Mutation::ResumeTicket(crate::sync::commands::ResumeTicket {
            ticket_id: "t".into(),
            event_id: "e".into(),
        });
        assert_eq!(resume.typed(), None);
    }
}
