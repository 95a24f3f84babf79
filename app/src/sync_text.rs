//! Sync words for the user: what a queued change was, and why the server refused it.

use crate::i18n::*;
use leptos_i18n::I18nContext;
use steward_domain::field::Field;
use steward_domain::sync::commands::{
    ActOnTicket, AppendDutyLog, CreateTicket, RegisterKey, RegisterVisit, SignDutyLog,
};
use steward_domain::sync::{Mutation, RejectionCode};

pub fn rejection_text(
    i18n: I18nContext<Locale>,
    code: Option<RejectionCode>,
    field: Option<Field>,
) -> String {
    // The unit typed is not in the property's register (the device's or the server's).
    if let (Some(RejectionCode::NotFound), Some(Field::Unit)) = (code, field) {
        return t_string!(i18n, release.not_in_register).to_string();
    }
    // A building or home a notice or survey is aimed at, not in the register.
    if let (Some(RejectionCode::NotFound), Some(Field::Audience)) = (code, field) {
        return t_string!(i18n, sync.field_audience).to_string();
    }
    if let (Some(RejectionCode::Invalid), Some(field)) = (code, field) {
        return field_text(i18n, field).to_string();
    }
    match (code, field) {
        (Some(RejectionCode::Conflict), Some(Field::OnSiteAt)) => {
            return t_string!(i18n, sync.why_on_site).to_string();
        }
        (Some(RejectionCode::Conflict), Some(Field::Status)) => {
            return t_string!(i18n, sync.why_step).to_string();
        }
        // The arrears deadline: said with its date where the screen knows it.
        (Some(RejectionCode::Conflict), Some(Field::Deadline)) => {
            return t_string!(i18n, sync.why_deadline).replace("（{date}）", "").replace(" ({date})", "");
        }
        (Some(RejectionCode::Conflict), Some(Field::Unit)) => {
            return t_string!(i18n, sync.why_decoration_in_hand).to_string();
        }
        // A visitor matched on the unit's list by phone: the list, not a badly typed number.
        (Some(RejectionCode::Conflict), Some(Field::Phone | Field::DoNotAdmit)) => {
            return t_string!(i18n, sync.field_do_not_admit).to_string();
        }
        (Some(RejectionCode::Conflict), Some(Field::Answer)) => {
            return t_string!(i18n, sync.why_answer).to_string();
        }
        // One reply per home: this home answered already (when and who, on its record).
        (Some(RejectionCode::Conflict), Some(Field::Home)) => {
            return t_string!(i18n, sync.why_home).to_string();
        }
        (Some(RejectionCode::Conflict), Some(Field::Count)) => {
            return t_string!(i18n, sync.why_count).to_string();
        }
        (Some(RejectionCode::Conflict), Some(Field::Notice)) => {
            return t_string!(i18n, sync.why_notice).to_string();
        }
        (Some(RejectionCode::Conflict), Some(f @ (Field::SurveyPeriod | Field::Rating | Field::Text))) => {
            return match f {
                Field::SurveyPeriod => t_string!(i18n, sync.why_survey_closed),
                Field::Rating => t_string!(i18n, sync.why_feedback),
                _ => t_string!(i18n, sync.why_revised),
            }
            .to_string();
        }
        // Conflicts whose field says what stands in the way: a signed day, what blocks a
        // handover, a tag or slot taken, a key not in the cabinet, a step out of order.
        (
            Some(RejectionCode::Conflict),
            Some(
                f @ (Field::Signs
                | Field::Blockers
                | Field::Tag
                | Field::Slot
                | Field::KeyId
                | Field::Step
                | Field::Cause
                | Field::Arrears
                | Field::Restriction
                | Field::DeviceKey
                | Field::Stage
                | Field::PromiseBy
                | Field::DayPass
                | Field::Approval),
            ),
        ) => return field_text(i18n, f).to_string(),
        _ => {}
    }
    match code {
        Some(RejectionCode::Forbidden) => t_string!(i18n, errors.forbidden),
        Some(RejectionCode::Invalid) => t_string!(i18n, errors.invalid),
        Some(RejectionCode::NotFound) => t_string!(i18n, sync.gone),
        Some(RejectionCode::Conflict) => t_string!(i18n, sync.conflict),
        None => t_string!(i18n, errors.internal),
    }
    .to_string()
}

/// What to fix when `field` is invalid. Exhaustive: a new field does not compile until it
/// says what the user should fix (or says plainly that it falls under "invalid").
pub fn field_text(i18n: I18nContext<Locale>, field: Field) -> &'static str {
    match field {
        Field::Text | Field::Corrects => t_string!(i18n, sync.field_text),
        Field::VisitorName => t_string!(i18n, sync.field_visitor_name),
        Field::Purpose => t_string!(i18n, sync.field_purpose),
        Field::Unit | Field::VacantUnit => t_string!(i18n, sync.field_unit),
        Field::OwnerConfirmation => t_string!(i18n, sync.field_owner_confirmation),
        Field::Method => t_string!(i18n, sync.field_method),
        Field::Explanation => t_string!(i18n, sync.field_explanation),
        Field::NewCompletion => t_string!(i18n, sync.field_new_completion),
        Field::Note | Field::InternalNote => t_string!(i18n, sync.field_note),
        Field::Reply => t_string!(i18n, sync.field_reply),
        Field::Plan => t_string!(i18n, sync.field_plan),
        Field::Urgency => t_string!(i18n, sync.field_urgency),
        Field::FirstResponsible => t_string!(i18n, sync.field_first_responsible),
        Field::NewDate => t_string!(i18n, sync.field_new_date),
        Field::CaseCause => t_string!(i18n, sync.field_cause),
        Field::Corrective => t_string!(i18n, sync.field_corrective),
        Field::Preventive => t_string!(i18n, sync.field_preventive),
        Field::Reason => t_string!(i18n, sync.field_reason),
        Field::ContactPhone => t_string!(i18n, sync.field_contact_phone),
        Field::Reporter => t_string!(i18n, sync.field_reporter),
        Field::Description => t_string!(i18n, sync.field_description),
        Field::Category => t_string!(i18n, sync.field_category),
        Field::LabourFee => t_string!(i18n, sync.field_labour_fee),
        Field::Photos => t_string!(i18n, sync.field_photos),
        Field::Notice | Field::Results | Field::Tickets => t_string!(i18n, sync.field_results),
        Field::Documents => t_string!(i18n, sync.field_documents),
        Field::Reasons | Field::Items => t_string!(i18n, sync.field_reasons),
        Field::Date
        | Field::PlannedStart
        | Field::PlannedEnd
        | Field::Deadline
        | Field::ReplyBy
        | Field::Appointment => t_string!(i18n, sync.field_date),
        Field::Deducted | Field::Deduction => t_string!(i18n, sync.field_deduction),
        Field::Owner
        | Field::Applicant
        | Field::Contractor
        | Field::Workers
        | Field::WorkingHours
        | Field::Scope
        | Field::Location
        | Field::Work
        | Field::Hours
        | Field::FireWatcher
        | Field::Extinguishers => t_string!(i18n, sync.field_application),
        Field::KeyId => t_string!(i18n, sync.field_key),
        Field::Tag | Field::Slot => t_string!(i18n, sync.field_tag),
        Field::Count => t_string!(i18n, sync.field_count),
        Field::SealNumber => t_string!(i18n, sync.field_seal),
        Field::Borrower => t_string!(i18n, sync.field_borrower),
        Field::IdLast4 => t_string!(i18n, sync.field_id),
        Field::Letter => t_string!(i18n, sync.field_letter),
        Field::Pass => t_string!(i18n, sync.field_pass),
        Field::ConsentPhone => t_string!(i18n, sync.field_consent_phone),
        Field::ConsentAt | Field::ConsentBy => t_string!(i18n, sync.field_consent_at),
        Field::Escorts => t_string!(i18n, sync.field_escorts),
        Field::Serves => t_string!(i18n, sync.field_serves),
        Field::PowerOff => t_string!(i18n, sync.field_power_off),
        Field::Signs => t_string!(i18n, sync.field_signs),
        Field::Cause | Field::Step => t_string!(i18n, sync.field_step),
        Field::Counts => t_string!(i18n, sync.field_counts),
        Field::Blockers => t_string!(i18n, sync.field_blockers),
        Field::Checks => t_string!(i18n, sync.field_checks),
        Field::Refusal => t_string!(i18n, sync.field_refusal),
        Field::Lines | Field::FeeType | Field::Period => t_string!(i18n, sync.field_arrears_line),
        Field::Amount => t_string!(i18n, sync.field_amount),
        Field::Receipt => t_string!(i18n, sync.field_receipt),
        Field::Channel | Field::Outcome => t_string!(i18n, sync.field_outcome),
        Field::PromiseBy => t_string!(i18n, sync.field_promise_by),
        Field::Stage => t_string!(i18n, sync.field_stage),
        Field::AssignedTo => t_string!(i18n, sync.field_assigned_to),
        Field::Policy => t_string!(i18n, sync.field_policy),
        Field::Instructions | Field::Incidents => t_string!(i18n, sync.field_text),
        Field::Incoming => t_string!(i18n, sync.field_incoming),
        Field::Shifts => t_string!(i18n, sync.field_shifts),
        Field::WorkingSet => t_string!(i18n, sync.field_working_set),
        Field::SlipApplicant => t_string!(i18n, sync.field_slip_applicant),
        Field::Goods => t_string!(i18n, sync.field_goods),
        Field::SlipSize => t_string!(i18n, sync.field_slip_size),
        Field::Window => t_string!(i18n, sync.field_window),
        Field::Arrears => t_string!(i18n, sync.field_arrears),
        Field::Restriction => t_string!(i18n, sync.field_restriction),
        Field::Slip => t_string!(i18n, sync.field_slip),
        Field::DeviceKey => t_string!(i18n, sync.field_device_key),
        Field::CopyKept => t_string!(i18n, sync.field_copy_kept),
        Field::Label => t_string!(i18n, sync.field_label),
        Field::Plate => t_string!(i18n, sync.field_plate),
        Field::Decoration => t_string!(i18n, sync.field_decoration),
        Field::Phone => t_string!(i18n, sync.field_phone),
        Field::IdType => t_string!(i18n, sync.field_id_type),
        Field::Host => t_string!(i18n, sync.field_host),
        Field::HostPhone => t_string!(i18n, sync.field_host_phone),
        Field::Companions => t_string!(i18n, sync.field_companions),
        Field::Answer => t_string!(i18n, sync.field_answer),
        Field::AnsweredBy => t_string!(i18n, sync.field_answered_by),
        Field::AnswerAt => t_string!(i18n, sync.field_answer_at),
        Field::DoNotAdmit => t_string!(i18n, sync.field_do_not_admit),
        Field::Until => t_string!(i18n, sync.field_until),
        Field::InstructedBy => t_string!(i18n, sync.field_instructed_by),
        Field::DayPass => t_string!(i18n, sync.field_day_pass),
        Field::Title => t_string!(i18n, sync.field_title),
        Field::Starts => t_string!(i18n, sync.field_starts),
        Field::Ends => t_string!(i18n, sync.field_ends),
        Field::Expires => t_string!(i18n, sync.field_expires),
        Field::Audience => t_string!(i18n, sync.field_audience),
        Field::Department => t_string!(i18n, sync.field_department),
        Field::Resident => t_string!(i18n, sync.field_resident),
        Field::Rating | Field::Comment => t_string!(i18n, sync.field_rating),
        Field::Questions => t_string!(i18n, sync.field_questions),
        Field::Answers => t_string!(i18n, sync.field_answers),
        Field::Survey => t_string!(i18n, sync.field_survey),
        Field::Place => t_string!(i18n, sync.field_place),
        Field::ActivityAt => t_string!(i18n, sync.field_activity_at),
        Field::Home => t_string!(i18n, sync.field_home),
        Field::SurveyPeriod => t_string!(i18n, sync.field_survey_period),
        Field::Day => t_string!(i18n, sync.field_day),
        Field::Retention => t_string!(i18n, sync.field_retention),
        Field::From => t_string!(i18n, sync.field_from),
        Field::Recipient => t_string!(i18n, sync.field_recipient),
        Field::Approval => t_string!(i18n, sync.field_approval),
        Field::Id
        | Field::EventId
        | Field::Status
        | Field::Action
        | Field::Now
        | Field::OwnerTokenHash
        | Field::OnSiteAt
        | Field::RouteKey
        | Field::RouteName
        | Field::Holidays
        | Field::Other => t_string!(i18n, errors.invalid),
    }
}

/// Why the server refused `item`, precisely: the field at fault, the state the record is in
/// now (a ticket already on site), or the general reason.
pub fn refusal_reason(
    i18n: I18nContext<Locale>,
    engine: crate::sync::SyncEngine,
    item: &steward_sync::NeedsAttention,
) -> String {
    use steward_domain::sync::Kind;
    let ticket = || {
        engine
            .record(Kind::Ticket, item.mutation.record_id())
            .and_then(|r| serde_json::from_value::<steward_domain::ticket::record::Ticket>(r.body).ok())
    };
    match (item.code, item.field) {
        (Some(RejectionCode::Conflict), Some(Field::Status)) => match ticket() {
            Some(t) => t_string!(i18n, sync.why_status)
                .replace("{status}", crate::ticket_text::status(i18n, t.status)),
            None => t_string!(i18n, sync.conflict).to_string(),
        },
        (Some(RejectionCode::Forbidden), _) => t_string!(i18n, sync.why_forbidden).to_string(),
        (code, field) => rejection_text(i18n, code, field),
    }
}

/// The step a refused change took (派单, 暂停计时, 登记来访…).
pub fn step_text(i18n: I18nContext<Locale>, m: &Mutation) -> String {
    let step = |name: &str| crate::ticket_text::step(i18n, name).to_string();
    match m {
        Mutation::ActOnTicket(ActOnTicket { action, .. }) => step(action.name()),
        Mutation::PauseTicket(_) => step("paused"),
        Mutation::ResumeTicket(_) => step("resumed"),
        Mutation::RecordTicketPlan(_) => step("plan"),
        Mutation::ExplainLateArrival(_) => step("late_explained"),
        Mutation::ChangeOwnerLink(_) => step("owner_link"),
        Mutation::AttachTicketPhotos(_) => step("photos"),
        Mutation::CreateTicket(_) => step("created"),
        _ => String::new(),
    }
}

/// Why a change was not made on this device, in the user's words.
pub fn refusal_text(i18n: I18nContext<Locale>, e: crate::sync::engine::MutateError) -> String {
    match e {
        crate::sync::engine::MutateError::Rejected(r) => rejection_text(i18n, Some(r.code), r.field),
        crate::sync::engine::MutateError::NotReady => t_string!(i18n, sync.not_ready).to_string(),
    }
}

pub fn mutation_text(i18n: I18nContext<Locale>, m: &Mutation) -> String {
    match m {
        Mutation::AppendDutyLog(AppendDutyLog { text, .. }) => {
            format!("{}：{text}", t_string!(i18n, duty_log.title))
        }
        Mutation::SignDutyLog(SignDutyLog { day, .. }) => {
            format!("{}：{day}", t_string!(i18n, duty_log.sign))
        }
        Mutation::RegisterVisit(RegisterVisit { visitor_name, unit, .. }) => {
            format!("{}：{visitor_name} → {unit}", t_string!(i18n, home.tiles.visitor))
        }
        Mutation::RecordVisitExit(_)
        | Mutation::UpdateVisitPurpose(_)
        | Mutation::WithdrawVisit(_)
        | Mutation::ConfirmVisit(_)
        | Mutation::LiftDoNotAdmit(_)
        | Mutation::RemoveVisitorDetails(_) => t_string!(i18n, home.tiles.visitor).to_string(),
        Mutation::SetDoNotAdmit(b) => {
            format!(
                "{}：{} {} → {}",
                t_string!(i18n, visitors.blocks_title),
                b.visitor_name,
                b.phone.as_deref().map(steward_domain::phone::mask).unwrap_or_default(),
                b.unit
            )
        }
        Mutation::LogDeskItem(c) => {
            format!(
                "{}：{} → {} {}",
                t_string!(i18n, deposits.title),
                c.new.item,
                c.new.for_unit,
                c.new.for_name
            )
        }
        Mutation::ApproveDeposit(_) | Mutation::HandOverDeskItem(_) => {
            t_string!(i18n, deposits.title).to_string()
        }
        Mutation::DraftAnnouncement(c) => format!("{}：{}", t_string!(i18n, notices.title), c.draft.title),
        Mutation::ActOnAnnouncement(_) => t_string!(i18n, notices.title).to_string(),
        Mutation::ReplyToAnnouncement(c) => format!("{}：{}", t_string!(i18n, notices.title), c.unit),
        Mutation::PublishSurvey(c) => format!("{}：{}", t_string!(i18n, surveys.title), c.survey.title),
        Mutation::AnswerSurvey(c) => format!("{}：{}", t_string!(i18n, surveys.title), c.unit),
        Mutation::CancelDayPass(_) => t_string!(i18n, visitors.passes_title).to_string(),
        Mutation::IssueDayPass(p) => {
            format!("{}：{} → {} {}", t_string!(i18n, visitors.passes_title), p.visitor_name, p.unit, p.day)
        }
        Mutation::CreateTicket(CreateTicket { ticket, .. }) => {
            format!("{}：{}", t_string!(i18n, sync.ticket), ticket.unit)
        }
        Mutation::ActOnTicket(_)
        | Mutation::PauseTicket(_)
        | Mutation::ResumeTicket(_)
        | Mutation::RecordTicketPlan(_)
        | Mutation::ExplainLateArrival(_)
        | Mutation::EscalateTicket(_)
        | Mutation::RaiseTicketUrgency(_)
        | Mutation::HandOverTicket(_)
        | Mutation::ReviewTicket(_)
        | Mutation::AnalyseComplaint(_)
        | Mutation::ChangeOwnerLink(_)
        | Mutation::AttachTicketPhotos(_)
        | Mutation::RateAsOwner(_) => t_string!(i18n, sync.ticket).to_string(),
        Mutation::ApplyDecoration(_)
        | Mutation::ActOnDecoration(_)
        | Mutation::RecordPatrol(_)
        | Mutation::ReinspectNotice(_)
        | Mutation::ApplyHotWork(_)
        | Mutation::ActOnHotWork(_) => t_string!(i18n, sync.decoration).to_string(),
        Mutation::SaveSettings(_) => t_string!(i18n, patrols.plan).to_string(),
        // The refused key by its tag and unit: the register form was cleared when it was sent.
        Mutation::RegisterKey(RegisterKey { key, .. }) => {
            format!("{}：{} · {}", t_string!(i18n, keys.title), key.tag, key.unit)
        }
        Mutation::LendKey(_)
        | Mutation::ApproveKeyLoan(_)
        | Mutation::WithdrawKeyLoan(_)
        | Mutation::ReturnKey(_)
        | Mutation::ResealKey(_)
        | Mutation::MoveKey(_)
        | Mutation::RetireKey(_)
        | Mutation::OpenKeyIncident(_)
        | Mutation::ActOnKeyIncident(_)
        | Mutation::RecordKeyCount(_) => t_string!(i18n, keys.title).to_string(),
        Mutation::StartHandover(_) | Mutation::ConfirmHandover(_) => {
            t_string!(i18n, handover.title).to_string()
        }
        Mutation::ImportArrears(_)
        | Mutation::AssignArrears(_)
        | Mutation::RecordArrearsContact(_)
        | Mutation::AdvanceArrearsStage(_)
        | Mutation::RecordArrearsPayment(_) => t_string!(i18n, arrears.title).to_string(),
        Mutation::RegisterDeviceKey(_)
        | Mutation::RevokeDeviceKey(_)
        | Mutation::SetReleaseRestriction(_)
        | Mutation::LiftReleaseRestriction(_)
        | Mutation::IssueReleaseSlip(_)
        | Mutation::RecordGateCheck(_) => t_string!(i18n, release.title).to_string(),
    }
}
