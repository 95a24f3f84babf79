//! Ticket words in the user's language.

use crate::i18n::*;
use leptos_i18n::I18nContext;
use steward_domain::ticket::lifecycle::{Action, TicketStatus, VisitMethod};
use steward_domain::ticket::overdue::Limit;
use steward_domain::ticket::record::{PhotoStage, Step};
use steward_domain::ticket::{Channel, Department, RepairScope, TicketKind, Urgency};

type I = I18nContext<Locale>;

pub fn kind(i18n: I, k: TicketKind) -> &'static str {
    match k {
        TicketKind::Complaint => t_string!(i18n, tickets.kinds.complaint),
        TicketKind::Repair => t_string!(i18n, tickets.kinds.repair),
        TicketKind::PaidService => t_string!(i18n, tickets.kinds.paid_service),
        TicketKind::Inquiry => t_string!(i18n, tickets.kinds.inquiry),
        TicketKind::Suggestion => t_string!(i18n, tickets.kinds.suggestion),
        TicketKind::Help => t_string!(i18n, tickets.kinds.help),
        TicketKind::Emergency => t_string!(i18n, tickets.kinds.emergency),
    }
}

pub fn status(i18n: I, s: TicketStatus) -> &'static str {
    match s {
        TicketStatus::Received => t_string!(i18n, tickets.statuses.received),
        TicketStatus::Dispatched => t_string!(i18n, tickets.statuses.dispatched),
        TicketStatus::Accepted => t_string!(i18n, tickets.statuses.accepted),
        TicketStatus::OnSite => t_string!(i18n, tickets.statuses.on_site),
        TicketStatus::Completed => t_string!(i18n, tickets.statuses.completed),
        TicketStatus::Closed => t_string!(i18n, tickets.statuses.closed),
        TicketStatus::Archived => t_string!(i18n, tickets.statuses.archived),
    }
}

pub fn department(i18n: I, d: Department) -> &'static str {
    match d {
        Department::CustomerService => t_string!(i18n, tickets.departments.customer_service),
        Department::Engineering => t_string!(i18n, tickets.departments.engineering),
        Department::Security => t_string!(i18n, tickets.departments.security),
        Department::Cleaning => t_string!(i18n, tickets.departments.cleaning),
        Department::Landscaping => t_string!(i18n, tickets.departments.landscaping),
    }
}

pub fn urgency(i18n: I, u: Urgency) -> &'static str {
    match u {
        Urgency::Normal => t_string!(i18n, tickets.urgencies.normal),
        Urgency::Major => t_string!(i18n, tickets.urgencies.major),
        Urgency::Urgent => t_string!(i18n, tickets.urgencies.urgent),
    }
}

pub fn channel(i18n: I, c: Channel) -> &'static str {
    match c {
        Channel::WalkIn => t_string!(i18n, tickets.channels.walk_in),
        Channel::Phone => t_string!(i18n, tickets.channels.phone),
        Channel::PatrolFinding => t_string!(i18n, tickets.channels.patrol_finding),
        Channel::Online => t_string!(i18n, tickets.channels.online),
    }
}

pub fn scope(i18n: I, s: RepairScope) -> &'static str {
    match s {
        RepairScope::InHome => t_string!(i18n, tickets.scopes.in_home),
        RepairScope::Public => t_string!(i18n, tickets.scopes.public),
    }
}

/// Whether the user reads English (built-in labels have both languages; property data
/// stays as entered).
pub fn english(i18n: I) -> bool {
    i18n.get_locale() == Locale::en
}

/// A category: built-in ones (by code, or an older ticket's Chinese name) in the user's
/// language, others as written.
pub fn category(i18n: I, stored: &str) -> String {
    steward_domain::ticket::category::label(stored, english(i18n)).to_string()
}

/// A timeline step's name (`dispatch`, `paused`…), as the owner API and events name them.
pub fn step(i18n: I, name: &str) -> &'static str {
    match name {
        "created" => t_string!(i18n, tickets.steps.created),
        "dispatch" => t_string!(i18n, tickets.steps.dispatch),
        "accept" => t_string!(i18n, tickets.steps.accept),
        "arrive_on_site" => t_string!(i18n, tickets.steps.arrive_on_site),
        "complete" => t_string!(i18n, tickets.steps.complete),
        "answer" => t_string!(i18n, tickets.steps.answer),
        "return_visit" => t_string!(i18n, tickets.steps.return_visit),
        "archive" => t_string!(i18n, tickets.steps.archive),
        "judge_complaint" => t_string!(i18n, tickets.steps.judge_complaint),
        "paused" => t_string!(i18n, tickets.steps.paused),
        "resumed" => t_string!(i18n, tickets.steps.resumed),
        "late_explained" => t_string!(i18n, tickets.steps.late_explained),
        "owner_link" => t_string!(i18n, tickets.steps.owner_link),
        "photos" => t_string!(i18n, tickets.steps.photos),
        "escalated" => t_string!(i18n, tickets.steps.escalated),
        "urgency_raised" => t_string!(i18n, tickets.steps.urgency_raised),
        "handed_over" => t_string!(i18n, tickets.steps.handed_over),
        "reviewed" => t_string!(i18n, tickets.steps.reviewed),
        "case_analysed" => t_string!(i18n, tickets.steps.case_analysed),
        _ => t_string!(i18n, tickets.steps.plan),
    }
}

/// A time limit's name.
pub fn limit(i18n: I, l: Limit) -> &'static str {
    match l {
        Limit::Arrival => t_string!(i18n, tickets.limits.arrival),
        Limit::Reply => t_string!(i18n, tickets.limits.reply),
        Limit::Appointment => t_string!(i18n, tickets.limits.appointment),
        Limit::Plan => t_string!(i18n, tickets.limits.plan),
        Limit::Completion => t_string!(i18n, tickets.limits.completion),
    }
}

/// `超时 1 小时 5 分钟` / `1 h 5 min late`.
pub fn late(i18n: I, minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let span = match (h, m) {
        (0, m) => t_string!(i18n, tickets.limits.minutes).replace("{m}", &m.to_string()),
        (h, 0) => t_string!(i18n, tickets.limits.hours).replace("{h}", &h.to_string()),
        (h, m) => t_string!(i18n, tickets.limits.hours_minutes)
            .replace("{h}", &h.to_string())
            .replace("{m}", &m.to_string()),
    };
    t_string!(i18n, tickets.limits.late).replace("{span}", &span)
}

/// Who wrote a timeline step: the owner, the rules' own clock, or the staff member.
pub fn step_author(i18n: I, e: &steward_domain::ticket::record::TicketEvent) -> String {
    match e.role {
        None => t_string!(i18n, tickets.by_owner).to_string(),
        Some(_) if e.by == 0 && e.by_name == steward_domain::apply::RULES_NAME => {
            t_string!(i18n, tickets.by_rules).to_string()
        }
        Some(_) => e.by_name.clone(),
    }
}

pub fn photo_stage(i18n: I, s: PhotoStage) -> &'static str {
    match s {
        PhotoStage::Intake => t_string!(i18n, photos.intake),
        PhotoStage::Before => t_string!(i18n, photos.before),
        PhotoStage::After => t_string!(i18n, photos.after),
    }
}

pub fn method(i18n: I, m: VisitMethod) -> &'static str {
    match m {
        VisitMethod::Phone => t_string!(i18n, tickets.methods.phone),
        VisitMethod::OnSite => t_string!(i18n, tickets.methods.on_site),
        VisitMethod::OwnerLink => t_string!(i18n, tickets.methods.owner_link),
    }
}

/// The name a timeline step goes by (as the owner API names them too).
pub fn step_name(s: &Step) -> &'static str {
    match s {
        Step::Created => "created",
        Step::Acted(a) => a.name(),
        Step::Paused { .. } => "paused",
        Step::Resumed => "resumed",
        Step::PlanRecorded { .. } => "plan",
        Step::LateExplained { .. } => "late_explained",
        Step::OwnerLinkChanged { .. } => "owner_link",
        Step::PhotosAdded { .. } => "photos",
        Step::Escalated { .. } => "escalated",
        Step::UrgencyRaised { .. } => "urgency_raised",
        Step::HandedOver { .. } => "handed_over",
        Step::Reviewed { .. } => "reviewed",
        Step::CaseAnalysed(_) => "case_analysed",
    }
}

/// What staff read under a timeline step: notes, replies, fees, who confirmed, how the
/// return visit was made.
pub fn step_detail(i18n: I, s: &Step) -> Option<String> {
    let text = match s {
        Step::Acted(Action::JudgeComplaint { valid, explanation }) => {
            let verdict =
                if *valid { t_string!(i18n, tickets.valid) } else { t_string!(i18n, tickets.invalid) };
            format!("{verdict} {explanation}")
        }
        Step::Acted(Action::Dispatch { department: d }) => department(i18n, *d).to_string(),
        Step::Acted(Action::Complete { labour_fee, material_fee, owner_confirmation }) => {
            let mut parts = Vec::new();
            if labour_fee + material_fee > 0 {
                parts.push(format!(
                    "{} {} + {}",
                    t_string!(i18n, tickets.fees),
                    yuan(*labour_fee),
                    yuan(*material_fee)
                ));
            }
            if let Some(name) = owner_confirmation {
                parts.push(format!("{}：{name} ✓", t_string!(i18n, tickets.owner_confirmation)));
            }
            parts.join(" · ")
        }
        Step::Acted(Action::Answer { reply }) => reply.clone(),
        Step::Acted(Action::ReturnVisit { satisfied, note, method: m }) => {
            let verdict = if *satisfied {
                t_string!(i18n, tickets.satisfied)
            } else {
                t_string!(i18n, tickets.unsatisfied)
            };
            format!("{} · {verdict} {note}", method(i18n, *m))
        }
        Step::Paused { reason } => reason.clone(),
        Step::PhotosAdded { stage: s, photos } => format!("{} × {}", photo_stage(i18n, *s), photos.len()),
        Step::PlanRecorded { plan } => plan.clone(),
        Step::UrgencyRaised { from, to, reason } => {
            format!("{} → {} · {reason}", urgency(i18n, *from), urgency(i18n, *to))
        }
        Step::HandedOver { from_name, to_name, reason } => format!("{from_name} → {to_name} · {reason}"),
        Step::Reviewed { reason, new_date } => {
            format!("{reason} · {} {new_date}", t_string!(i18n, supervise.new_date))
        }
        Step::CaseAnalysed(a) => format!(
            "{}：{} · {}：{} · {}：{}",
            t_string!(i18n, supervise.cause),
            a.cause,
            t_string!(i18n, supervise.corrective),
            a.corrective,
            t_string!(i18n, supervise.preventive),
            a.preventive
        ),
        Step::Escalated { limit: l, late_minutes } => {
            format!("{} · {}", limit(i18n, *l), late(i18n, *late_minutes))
        }
        Step::LateExplained { explanation, new_completion } => {
            format!("{explanation} · {} {}", t_string!(i18n, tickets.promised), short_time(new_completion))
        }
        _ => return None,
    };
    Some(text).filter(|t| !t.trim().is_empty())
}

pub use steward_domain::money::format_yuan as yuan;

/// `2026-11-22T08:05:00Z` → `11-22 16:05` in the device's time zone.
/// `2026-12-04 18:00`: dates on documents an owner signs carry the year.
pub fn full_time(iso: impl AsRef<str>) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso.as_ref()));
    if d.get_time().is_nan() {
        return String::new();
    }
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

pub fn short_time(iso: impl AsRef<str>) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso.as_ref()));
    if d.get_time().is_nan() {
        return String::new();
    }
    format!("{:02}-{:02} {:02}:{:02}", d.get_month() + 1, d.get_date(), d.get_hours(), d.get_minutes())
}

/// A checklist item's question: built-in items in the user's language, the property's own
/// as written.
pub fn item_label(i18n: I, item: &steward_domain::decoration::checklist::ChecklistItem) -> String {
    match item.builtin() {
        Some(w) if english(i18n) => w.en.to_string(),
        _ => item.label.clone(),
    }
}

/// Built-in checklist wording (a question or a violation) in the user's language; the
/// property's own words as written.
pub fn checklist_words(i18n: I, zh: &str) -> String {
    match steward_domain::decoration::wording::english(zh) {
        Some(en) if english(i18n) => en.to_string(),
        _ => zh.to_string(),
    }
}
