//! The form fields a refusal can point at. A rejection names one so the form (or the
//! needs-attention list) can say which box is wrong in the user's language; the names travel
//! as the snake_case words they always were, so stored outboxes and refusals still read.

use serde::{Deserialize, Serialize};

macro_rules! fields {
    ($($variant:ident = $name:literal),+ $(,)?) => {
        /// A field of a change, by its wire name. A name this build does not know (a newer
        /// server) reads as `Other`, which the app shows as a general "invalid".
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum Field {
            $(#[serde(rename = $name)] $variant,)+
            #[serde(other, rename = "other")]
            Other,
        }

        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$variant,)+];

            /// The field of this wire name (`Other` if none).
            pub fn from_name(name: &str) -> Field {
                match name {
                    $($name => Field::$variant,)+
                    _ => Field::Other,
                }
            }

            /// The wire name, as in the change's JSON.
            pub fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name,)+
                    Field::Other => "other",
                }
            }
        }
    };
}

fields! {
    Id = "id",
    EventId = "event_id",
    Status = "status",
    Action = "action",
    Now = "now",
    Unit = "unit",
    Text = "text",
    Corrects = "corrects",
    VisitorName = "visitor_name",
    Purpose = "purpose",
    Reporter = "reporter",
    ContactPhone = "contact_phone",
    Category = "category",
    Description = "description",
    InternalNote = "internal_note",
    ReplyBy = "reply_by",
    Appointment = "appointment",
    OwnerTokenHash = "owner_token_hash",
    OwnerConfirmation = "owner_confirmation",
    OnSiteAt = "on_site_at",
    Method = "method",
    Explanation = "explanation",
    NewCompletion = "new_completion",
    Note = "note",
    Reply = "reply",
    Plan = "plan",
    Urgency = "urgency",
    FirstResponsible = "first_responsible",
    NewDate = "new_date",
    CaseCause = "case_cause",
    Corrective = "corrective",
    Preventive = "preventive",
    Reason = "reason",
    Reasons = "reasons",
    Items = "items",
    LabourFee = "labour_fee",
    Photos = "photos",
    Notice = "notice",
    Results = "results",
    Tickets = "tickets",
    Deadline = "deadline",
    Documents = "documents",
    Date = "date",
    PlannedStart = "planned_start",
    PlannedEnd = "planned_end",
    Deducted = "deducted",
    Deduction = "deduction",
    Owner = "owner",
    Applicant = "applicant",
    Contractor = "contractor",
    Workers = "workers",
    WorkingHours = "working_hours",
    Scope = "scope",
    Location = "location",
    Work = "work",
    Hours = "hours",
    FireWatcher = "fire_watcher",
    Extinguishers = "extinguishers",
    VacantUnit = "vacant_unit",
    RouteKey = "route_key",
    RouteName = "route_name",
    Holidays = "holidays",
    KeyId = "key_id",
    Tag = "tag",
    Slot = "slot",
    Count = "count",
    SealNumber = "seal_number",
    Borrower = "borrower",
    IdLast4 = "id_last4",
    Letter = "letter",
    Pass = "pass",
    ConsentPhone = "consent_phone",
    ConsentAt = "consent_at",
    ConsentBy = "consent_by",
    Escorts = "escorts",
    Serves = "serves",
    PowerOff = "power_off",
    Shifts = "shifts",
    WorkingSet = "working_set",
    Signs = "signs",
    Cause = "cause",
    Step = "step",
    Counts = "counts",
    Blockers = "blockers",
    Checks = "checks",
    Refusal = "refusal",
    Instructions = "instructions",
    Incoming = "incoming",
    Incidents = "incidents",
    Lines = "lines",
    FeeType = "fee_type",
    Period = "period",
    Amount = "amount",
    Receipt = "receipt",
    Channel = "channel",
    Outcome = "outcome",
    PromiseBy = "promise_by",
    Stage = "stage",
    AssignedTo = "assigned_to",
    Policy = "policy",
    Window = "window",
    Arrears = "arrears",
    Restriction = "restriction",
    Slip = "slip",
    DeviceKey = "device_key",
    CopyKept = "copy_kept",
    Label = "label",
    Plate = "plate",
    Decoration = "decoration",
    Goods = "goods",
    SlipApplicant = "slip_applicant",
    SlipSize = "slip_size",
    Phone = "phone",
    IdType = "id_type",
    Host = "host",
    HostPhone = "host_phone",
    Companions = "companions",
    Answer = "answer",
    AnsweredBy = "answered_by",
    AnswerAt = "answer_at",
    DoNotAdmit = "do_not_admit",
    Until = "until",
    InstructedBy = "instructed_by",
    DayPass = "day_pass",
    Day = "day",
    Retention = "retention",
    From = "from",
    Recipient = "recipient",
    Approval = "approval",
    Title = "title",
    Starts = "starts",
    Ends = "ends",
    Expires = "expires",
    Audience = "audience",
    Department = "department",
    Resident = "resident",
    Rating = "rating",
    Comment = "comment",
    Questions = "questions",
    Answers = "answers",
    Survey = "survey",
    Place = "place",
    ActivityAt = "activity_at",
    Home = "home",
    SurveyPeriod = "survey_period",
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_travels_as_its_name_and_an_unknown_name_reads_as_other() {
        for f in Field::ALL {
            let json = serde_json::to_string(f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.name()));
            assert_eq!(serde_json::from_str::<Field>(&json).unwrap(), *f);
            assert_eq!(Field::from_name(f.name()), *f);
        }
        assert_eq!(serde_json::from_str::<Field>("\"shoe_size\"").unwrap(), Field::Other);
    }
}
