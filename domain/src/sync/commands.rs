//! Every command a device can send, by name: the payloads of [`super::Mutation`]'s
//! variants, from the features that own their rules.

pub use crate::announcement::commands::{ActOnAnnouncement, DraftAnnouncement, ReplyToAnnouncement};
pub use crate::arrears::commands::{
    AdvanceArrearsStage, AssignArrears, ImportArrears, RecordArrearsContact, RecordArrearsPayment,
};
pub use crate::decoration::commands::{
    ActOnDecoration, ActOnHotWork, ApplyDecoration, ApplyHotWork, ReinspectNotice,
};
pub use crate::deposit::commands::{ApproveDeposit, HandOverDeskItem, LogDeskItem, NewItem};
pub use crate::duty_log::{AppendDutyLog, SignDutyLog};
pub use crate::handover::commands::{ConfirmHandover, StartHandover};
pub use crate::keys::commands::{
    ActOnKeyIncident, ApproveKeyLoan, LendKey, MoveKey, OpenKeyIncident, RecordKeyCount, RegisterKey,
    ResealKey, RetireKey, ReturnKey, WithdrawKeyLoan,
};
pub use crate::patrol::commands::RecordPatrol;
pub use crate::release::commands::{
    IssueReleaseSlip, LiftReleaseRestriction, RecordGateCheck, RegisterDeviceKey, RevokeDeviceKey,
    SetReleaseRestriction,
};
pub use crate::settings::SaveSettings;
pub use crate::survey::commands::{AnswerSurvey, PublishSurvey};
pub use crate::ticket::commands::{
    ActOnTicket, AnalyseComplaint, AttachTicketPhotos, ChangeOwnerLink, CreateTicket, EscalateTicket,
    ExplainLateArrival, HandOverTicket, PauseTicket, RaiseTicketUrgency, RateAsOwner, RecordTicketPlan,
    ResumeTicket, ReviewTicket,
};
pub use crate::visit::{
    CancelDayPass, ConfirmVisit, IssueDayPass, LiftDoNotAdmit, NewAnswer, RecordVisitExit, RegisterVisit,
    RemoveVisitorDetails, SetDoNotAdmit, UpdateVisitPurpose, WithdrawVisit,
};
