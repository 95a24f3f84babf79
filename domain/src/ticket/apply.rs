//! Ticket mutations: creating a ticket and every later step, each with its timeline entry.
//! Called from [`crate::sync::Mutation::apply`], so the device and the server run it alike.

use super::TicketKind;
use super::lifecycle::{Action, TicketStatus, TransitionError, VisitMethod};
use super::number::TicketNumber;
use super::record::{PhotoStage, Step, Ticket, TicketEvent, TicketPhoto};
use super::sla::Pause;
use crate::apply::{ApplyError, Ctx, RejectionCode, load, name, reject, save, text};
use crate::clock::Timestamp;
use crate::field::Field;
use crate::phone::PhoneNumber;
use crate::sync::{Kind, Store};
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

/// The intake form (SPEC.md §1, issue 4): what the desk fills in while the owner waits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTicket {
    pub kind: TicketKind,
    pub scope: Option<super::RepairScope>,
    pub unit: String,
    pub reporter: String,
    pub contact_phone: String,
    pub category: String,
    pub urgency: super::Urgency,
    pub channel: super::Channel,
    /// What the owner reported, in words the owner may read (their status page shows it).
    pub description: String,
    /// The desk's own remarks (内部备注): staff only, never on the owner's page.
    #[serde(default)]
    pub internal_note: String,
    pub reply_by: Option<String>,
    pub appointment: Option<String>,
    /// SHA-256 of the token printed on the receipt (the device makes the token, so the
    /// receipt prints offline; only the hash ever leaves it).
    #[serde(default)]
    pub owner_token_hash: Option<String>,
}

fn now(ctx: &Ctx) -> Result<DateTime<Utc>, ApplyError> {
    Ok(ctx.now.utc())
}

/// Free text that may be left blank: trimmed, at most `max` characters.
fn optional_text(field: Field, value: &str, max: usize) -> Result<String, ApplyError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(reject(
            RejectionCode::Invalid,
            Some(field),
            format!("{field} must be at most {max} characters"),
        ));
    }
    Ok(v.to_string())
}

fn optional_time(field: Field, value: &Option<String>) -> Result<(), ApplyError> {
    match value {
        Some(v) if DateTime::parse_from_rfc3339(v).is_err() => {
            Err(reject(RejectionCode::Invalid, Some(field), format!("{field} must be a date and time")))
        }
        _ => Ok(()),
    }
}

/// Checked before anything is written, so a refused step leaves the store as it was.
pub(super) fn ensure_new_event(store: &dyn Store, id: &str) -> Result<(), ApplyError> {
    if store.get(Kind::TicketEvent, id)?.is_some() {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::EventId),
            "timeline entries are never replaced",
        ));
    }
    Ok(())
}

fn entry(ctx: &Ctx, ticket_id: &str, step: Step, status: TicketStatus) -> TicketEvent {
    TicketEvent {
        ticket_id: ticket_id.to_string(),
        at: ctx.now.clone(),
        by: ctx.user_id,
        by_name: ctx.user_name.clone(),
        role: Some(ctx.role),
        step,
        status,
        note: None,
    }
}

pub(super) fn event(
    store: &mut dyn Store,
    id: &str,
    ctx: &Ctx,
    ticket_id: &str,
    step: Step,
    status: TicketStatus,
) -> Result<(), ApplyError> {
    save(store, id, &entry(ctx, ticket_id, step, status))
}

pub fn create(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    event_id: &str,
    t: &NewTicket,
) -> Result<(), ApplyError> {
    // A repair in a home is at a unit of the register; anything else may be a common place.
    let unit = if t.scope == Some(super::RepairScope::InHome) {
        crate::apply::registered_unit(store, Field::Unit, &t.unit)?
    } else {
        crate::apply::unit_or_place(store, Field::Unit, &t.unit)?
    };
    let reporter = name(Field::Reporter, &t.reporter)?;
    // A patrol's finding in a common area has nobody to call back.
    let contact_phone = if t.channel == super::Channel::PatrolFinding && t.contact_phone.trim().is_empty() {
        String::new()
    } else {
        PhoneNumber::parse(&t.contact_phone)
            .map_err(|e| reject(RejectionCode::Invalid, Some(Field::ContactPhone), e.to_string()))?
            .to_string()
    };
    // A built-in category is stored by its code (older outboxes send its Chinese name);
    // only words typed elsewhere are held to the length limit.
    let category = match super::category::find(t.category.trim()) {
        Some(c) => c.code.to_string(),
        None => text(Field::Category, &t.category, 20)?,
    };
    let description = text(Field::Description, &t.description, 2000)?;
    let internal_note = optional_text(Field::InternalNote, &t.internal_note, 2000)?;
    if (t.kind == TicketKind::Repair) != t.scope.is_some() {
        return Err(reject(
            RejectionCode::Invalid,
            Some(Field::Scope),
            "a repair is in-home or public; other kinds have no scope",
        ));
    }
    if t.owner_token_hash.as_deref().is_some_and(|h| !super::owner::valid_token(h)) {
        return Err(reject(RejectionCode::Invalid, Some(Field::OwnerTokenHash), "not a SHA-256 hex digest"));
    }
    optional_time(Field::ReplyBy, &t.reply_by)?;
    optional_time(Field::Appointment, &t.appointment)?;
    if store.get(Kind::Ticket, id)?.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::Id), "a ticket with this id exists"));
    }
    ensure_new_event(store, event_id)?;
    let at = now(ctx)?;
    let sequence = format!("ticket-{:02}{:02}", at.year() % 100, at.month());
    let number = store.next_sequence(&sequence)?.map(|seq| {
        TicketNumber { year: at.year() as u16, month: at.month() as u8, seq: seq as u32 }.to_string()
    });
    let ticket = Ticket {
        number,
        kind: t.kind,
        scope: t.scope,
        unit,
        reporter,
        contact_phone,
        category,
        urgency: t.urgency,
        channel: t.channel,
        description,
        internal_note,
        first_responsible: ctx.user_id,
        first_responsible_name: ctx.user_name.clone(),
        department: None,
        status: TicketStatus::Received,
        reopen_count: 0,
        created_at: ctx.now.clone(),
        reply_by: t.reply_by.clone(),
        appointment: t.appointment.clone(),
        dispatched_at: None,
        on_site_at: None,
        completed_at: None,
        valid: None,
        escalated: t.urgency.escalates(),
        plan: None,
        labour_fee: 0,
        material_fee: 0,
        pauses: Vec::new(),
        owner_token_hash: t.owner_token_hash.clone(),
        owner_confirmation: None,
        late_explained_at: None,
        promised_completion: None,
        photos: Vec::new(),
        escalations: Vec::new(),
        review: None,
        case_analysis: None,
    };
    save(store, id, &ticket)?;
    event(store, event_id, ctx, id, Step::Created, TicketStatus::Received)
}

fn refused(e: TransitionError) -> ApplyError {
    let (code, field) = match &e {
        TransitionError::WrongStatus { .. } => (RejectionCode::Conflict, Some(Field::Status)),
        TransitionError::WrongKind { .. } => (RejectionCode::Invalid, Some(Field::Action)),
        TransitionError::Missing(field) => (RejectionCode::Invalid, Some(*field)),
        TransitionError::FeesNotAllowed => (RejectionCode::Invalid, Some(Field::LabourFee)),
        TransitionError::OnSiteVisitRequired => (RejectionCode::Invalid, Some(Field::Method)),
    };
    reject(code, field, e.to_string())
}

/// Processed again after an unsatisfied return visit: counted, and the SLA starts over.
fn reopen(ticket: &mut Ticket, now: &Timestamp) {
    ticket.reopen_count += 1;
    ticket.on_site_at = None;
    ticket.completed_at = None;
    ticket.owner_confirmation = None;
    ticket.late_explained_at = None;
    ticket.promised_completion = None;
    // The owner was not satisfied: the case is analysed again before it closes (the first
    // analysis stays on the timeline).
    ticket.case_analysis = None;
    ticket.dispatched_at = ticket.department.map(|_| now.clone());
}

pub fn act(
    store: &mut dyn Store,
    ctx: &Ctx,
    ticket_id: &str,
    event_id: &str,
    action: &Action,
    note: Option<&str>,
) -> Result<(), ApplyError> {
    let note = step_note(action, note)?;
    let (mut ticket, _) = load::<Ticket>(store, ticket_id)?;
    // For a dispatch, the department that matters is the one it goes to.
    if !action.allowed(ctx.role, ticket.department) {
        return Err(reject(
            RejectionCode::Forbidden,
            None,
            format!("{:?} may not {}", ctx.role, action.name()),
        ));
    }
    let step = ticket.next(action).map_err(refused)?;
    ensure_new_event(store, event_id)?;
    match action {
        Action::JudgeComplaint { valid, .. } => ticket.valid = Some(*valid),
        Action::Dispatch { department } => {
            ticket.department = Some(*department);
            ticket.dispatched_at = Some(ctx.now.clone());
        }
        Action::ArriveOnSite => ticket.on_site_at = Some(ctx.now.clone()),
        Action::Complete { labour_fee, material_fee, owner_confirmation } => {
            ticket.labour_fee = *labour_fee;
            ticket.material_fee = *material_fee;
            ticket.owner_confirmation =
                owner_confirmation.as_deref().map(|n| name(Field::OwnerConfirmation, n)).transpose()?;
            ticket.completed_at = Some(ctx.now.clone());
        }
        Action::Answer { .. } => ticket.completed_at = Some(ctx.now.clone()),
        Action::ReturnVisit { .. } if step.reopened => reopen(&mut ticket, &ctx.now),
        _ => {}
    }
    ticket.status = step.status;
    save(store, ticket_id, &ticket)?;
    let entry = TicketEvent { note, ..entry(ctx, ticket_id, Step::Acted(action.clone()), step.status) };
    save(store, event_id, &entry)
}

/// The note typed beside a step: trimmed, at most 500 characters; blank is none. A step
/// whose own text is the note (a reply, a return visit, a judgement) takes no second one.
fn step_note(action: &Action, note: Option<&str>) -> Result<Option<String>, ApplyError> {
    let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(None) };
    if action.has_own_text() {
        return Err(reject(RejectionCode::Invalid, Some(Field::Note), "this step's text is its note"));
    }
    text(Field::Note, note, 500).map(Some)
}

/// Stops (`reason: Some`) or restarts (`None`) the SLA clock while the ticket waits on the owner.
pub fn pause(
    store: &mut dyn Store,
    ctx: &Ctx,
    ticket_id: &str,
    event_id: &str,
    reason: Option<&str>,
) -> Result<(), ApplyError> {
    let (mut ticket, _) = load::<Ticket>(store, ticket_id)?;
    if !ctx.role.runs_the_desk() {
        return Err(reject(RejectionCode::Forbidden, None, "only the desk pauses a ticket"));
    }
    if !super::lifecycle::work_open(ticket.status) {
        return Err(reject(RejectionCode::Conflict, Some(Field::Status), "the ticket's work is done"));
    }
    // The clock that pauses is the arrival clock: once someone is on site it has stopped,
    // so a pause that reaches the server after the arrival is refused, and says why (a desk
    // offline could not know; it sees the refusal in 需处理).
    if reason.is_some() && !super::lifecycle::may_pause(ticket.status, ticket.on_site_at.is_some()) {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::OnSiteAt),
            "someone is on site: the arrival clock has stopped",
        ));
    }
    let open = ticket.pauses.iter().position(|p| p.until.is_none());
    let at = now(ctx)?;
    let step = match (reason, open) {
        (Some(reason), None) => {
            let reason = text(Field::Reason, reason, 200)?;
            ticket.pauses.push(Pause { from: at, until: None, reason: reason.clone() });
            Step::Paused { reason }
        }
        (None, Some(i)) => {
            ticket.pauses[i].until = Some(at);
            Step::Resumed
        }
        _ => return Err(reject(RejectionCode::Conflict, None, "the clock is already in that state")),
    };
    ensure_new_event(store, event_id)?;
    let status = ticket.status;
    save(store, ticket_id, &ticket)?;
    event(store, event_id, ctx, ticket_id, step, status)
}

/// The owner rates finished work through their link: satisfied closes the ticket,
/// unsatisfied (with a comment) reopens it. Recorded as the owner's own return visit.
pub fn owner_rating(
    store: &mut dyn Store,
    ctx: &Ctx,
    ticket_id: &str,
    event_id: &str,
    satisfied: bool,
    comment: &str,
) -> Result<(), ApplyError> {
    if !ctx.by_owner {
        return Err(reject(RejectionCode::Forbidden, None, "only the owner rates, from their link"));
    }
    let now = &ctx.now;
    let (mut ticket, _) = load::<Ticket>(store, ticket_id)?;
    let comment = comment.trim().chars().take(500).collect::<String>();
    let action = Action::ReturnVisit { satisfied, note: comment, method: VisitMethod::OwnerLink };
    let step = ticket.next(&action).map_err(refused)?;
    ensure_new_event(store, event_id)?;
    if step.reopened {
        reopen(&mut ticket, now);
    }
    ticket.status = step.status;
    save(store, ticket_id, &ticket)?;
    let entry = TicketEvent {
        ticket_id: ticket_id.to_string(),
        at: now.clone(),
        by: 0,
        by_name: "业主".into(),
        role: None,
        step: Step::Acted(action),
        status: step.status,
        note: None,
    };
    save(store, event_id, &entry)
}

/// The desk called the owner about a missed arrival: the explanation and the new completion
/// time agreed are recorded, and the desk's prompt goes away.
pub fn explain_late(
    store: &mut dyn Store,
    ctx: &Ctx,
    ticket_id: &str,
    event_id: &str,
    explanation: &str,
    new_completion: &str,
) -> Result<(), ApplyError> {
    if !ctx.role.runs_the_desk() {
        return Err(reject(RejectionCode::Forbidden, None, "the desk calls the owner"));
    }
    let explanation = text(Field::Explanation, explanation, 500)?;
    optional_time(Field::NewCompletion, &Some(new_completion.to_string()))?;
    let (mut ticket, _) = load::<Ticket>(store, ticket_id)?;
    // Not tied to the clock: the desk may also warn the owner before the limit passes.
    if !ticket.kind.is_work() || ticket.dispatched_at.is_none() || ticket.late_explained_at.is_some() {
        return Err(reject(
            RejectionCode::Conflict,
            None,
            "nothing is on its way, or the delay was explained",
        ));
    }
    ensure_new_event(store, event_id)?;
    ticket.late_explained_at = Some(ctx.now.clone());
    ticket.promised_completion = Some(new_completion.to_string());
    let status = ticket.status;
    save(store, ticket_id, &ticket)?;
    let step = Step::LateExplained { explanation, new_completion: new_completion.to_string() };
    event(store, event_id, ctx, ticket_id, step, status)
}

/// Revokes the owner's link (a lost receipt, a link shared by mistake); with a new hash, a
/// new receipt carries the new link. The old link answers like an unknown one.
pub fn change_owner_link(
    store: &mut dyn Store,
    ctx: &Ctx,
    ticket_id: &str,
    event_id: &str,
    new_hash: Option<&str>,
) -> Result<(), ApplyError> {
    if !ctx.role.runs_the_desk() {
        return Err(reject(RejectionCode::Forbidden, None, "the desk manages the owner's link"));
    }
    if new_hash.is_some_and(|h| !super::owner::valid_token(h)) {
        return Err(reject(RejectionCode::Invalid, Some(Field::OwnerTokenHash), "not a SHA-256 hex digest"));
    }
    let (mut ticket, _) = load::<Ticket>(store, ticket_id)?;
    ensure_new_event(store, event_id)?;
    ticket.owner_token_hash = new_hash.map(str::to_string);
    let status = ticket.status;
    save(store, ticket_id, &ticket)?;
    event(store, event_id, ctx, ticket_id, Step::OwnerLinkChanged { reissued: new_hash.is_some() }, status)
}

/// Photos at the counter (the desk, patrols) or before/after the work (the department doing
/// it). The bytes are uploaded on their own; this records which photos belong here.
pub fn attach_photos(
    store: &mut dyn Store,
    ctx: &Ctx,
    ticket_id: &str,
    event_id: &str,
    stage: PhotoStage,
    photos: &[crate::photo::PhotoRef],
) -> Result<(), ApplyError> {
    crate::photo::check_refs(photos)?;
    let (mut ticket, _) = load::<Ticket>(store, ticket_id)?;
    let works_on_it =
        Action::Accept.allowed(ctx.role, ticket.department) || ticket.first_responsible == ctx.user_id;
    if !(ctx.role.takes_tickets() || works_on_it) {
        return Err(reject(RejectionCode::Forbidden, None, "only the desk or the department adds photos"));
    }
    if ticket.status == TicketStatus::Archived {
        return Err(reject(RejectionCode::Conflict, None, "the ticket is archived"));
    }
    if ticket.photos.len() + photos.len() > 4 * crate::photo::MAX_PER_STEP {
        return Err(reject(RejectionCode::Invalid, Some(Field::Photos), "too many photos on one ticket"));
    }
    ensure_new_event(store, event_id)?;
    ticket.photos.extend(photos.iter().map(|p| TicketPhoto { stage, photo: p.clone() }));
    let status = ticket.status;
    save(store, ticket_id, &ticket)?;
    event(store, event_id, ctx, ticket_id, Step::PhotosAdded { stage, photos: photos.to_vec() }, status)
}

/// The handling plan an escalated (major/urgent) ticket needs from the supervisor/manager.
pub fn record_plan(
    store: &mut dyn Store,
    ctx: &Ctx,
    ticket_id: &str,
    event_id: &str,
    plan: &str,
) -> Result<(), ApplyError> {
    if !ctx.role.runs_the_desk() {
        return Err(reject(
            RejectionCode::Forbidden,
            None,
            "the plan is set by the desk, supervisor or manager",
        ));
    }
    let plan = text(Field::Plan, plan, 2000)?;
    let (mut ticket, _) = load::<Ticket>(store, ticket_id)?;
    if !super::query::is_open(&ticket) {
        return Err(reject(RejectionCode::Conflict, None, "the ticket is closed"));
    }
    if !super::lifecycle::may_record_plan(ctx.role, ticket.escalated) {
        return Err(reject(
            RejectionCode::Forbidden,
            None,
            "an escalated ticket's plan is set by the supervisor or manager",
        ));
    }
    ensure_new_event(store, event_id)?;
    ticket.plan = Some(plan.clone());
    let status = ticket.status;
    save(store, ticket_id, &ticket)?;
    event(store, event_id, ctx, ticket_id, Step::PlanRecorded { plan }, status)
}

/// A passed time limit, escalated once per deadline by the rules (the server's check of the
/// clocks): a timeline step the supervisor and the department see.
pub fn escalate(
    store: &mut dyn Store,
    ctx: &Ctx,
    ticket_id: &str,
    event_id: &str,
    breach: &super::overdue::Breach,
) -> Result<(), ApplyError> {
    if !ctx.by_rules() {
        return Err(reject(RejectionCode::Forbidden, None, "time limits are escalated by the rules"));
    }
    let (mut ticket, _) = load::<Ticket>(store, ticket_id)?;
    if ticket.escalations.iter().any(|e| e.limit == breach.limit && e.anchor == breach.anchor) {
        return Err(reject(RejectionCode::Conflict, None, "this deadline was escalated already"));
    }
    ensure_new_event(store, event_id)?;
    ticket.escalations.push(super::overdue::Escalation {
        limit: breach.limit,
        anchor: breach.anchor.clone(),
        at: ctx.now.clone(),
        late_minutes: breach.late_minutes,
    });
    let status = ticket.status;
    save(store, ticket_id, &ticket)?;
    let step = Step::Escalated { limit: breach.limit, late_minutes: breach.late_minutes };
    event(store, event_id, ctx, ticket_id, step, status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use crate::sync::store::MemStore;
    use crate::sync::{Mutation, RejectionCode};
    use crate::ticket::{Channel, Department, RepairScope, Urgency};

    const T: &str = "0190f5c2-7d1a-7000-8000-0000000000a1";

    fn id(n: u32) -> String {
        format!("0190f5c2-7d1a-7000-8000-{n:012}")
    }

    fn ctx(role: Role) -> Ctx {
        Ctx {
            user_id: 7,
            user_name: "王小红".into(),
            role,
            now: "2026-11-22T02:00:00Z".parse().unwrap(),
            by_owner: false,
        }
    }

    fn leak() -> NewTicket {
        NewTicket {
            kind: TicketKind::Repair,
            scope: Some(RepairScope::InHome),
            unit: "3栋-1502".into(),
            reporter: "张先生".into(),
            contact_phone: "138 1234 5678".into(),
            category: "防水/渗水".into(),
            urgency: Urgency::Normal,
            channel: Channel::Phone,
            description: "卫生间天花板渗水".into(),
            internal_note: String::new(),
            reply_by: None,
            appointment: Some("2026-11-22T06:00:00Z".parse().unwrap()),
            owner_token_hash: None,
        }
    }

    fn ticket(s: &MemStore) -> Ticket {
        serde_json::from_value(s.records[&(Kind::Ticket, T.to_string())].body.clone()).unwrap()
    }

    fn timeline(s: &MemStore) -> Vec<TicketEvent> {
        let mut events: Vec<TicketEvent> = s
            .records
            .iter()
            .filter(|((k, _), _)| *k == Kind::TicketEvent)
            .map(|(_, v)| serde_json::from_value(v.body.clone()).unwrap())
            .collect();
        events.sort_by(|a, b| a.at.cmp(&b.at));
        events
    }

    fn code(r: Result<crate::apply::Applied, ApplyError>) -> RejectionCode {
        match r {
            Err(ApplyError::Rejected(r)) => r.code,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    fn act_as(
        s: &mut MemStore,
        role: Role,
        n: u32,
        action: Action,
    ) -> Result<crate::apply::Applied, ApplyError> {
        Mutation::ActOnTicket(crate::sync::commands::ActOnTicket {
            ticket_id: T.into(),
            event_id: id(n),
            action,
            note: None,
        })
        .apply(s, &ctx(role))
    }

    fn create(s: &mut MemStore, t: NewTicket) -> Result<crate::apply::Applied, ApplyError> {
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(2),
            ticket: t,
        })
        .apply(s, &ctx(Role::Receptionist))
    }

    /// A ticket's unit is the register's label however it was typed, and a home outside the
    /// register is refused where the store holds it; a common place is kept as typed.
    #[test]
    fn a_ticket_s_unit_is_the_register_s_label_and_must_be_in_it() {
        let register = Some(["3栋-1502".to_string()].into_iter().collect());
        let mut s = MemStore { register: register.clone(), ..MemStore::default() };
        create(&mut s, NewTicket { unit: "3-1502".into(), ..leak() }).unwrap();
        assert_eq!(ticket(&s).unit, "3栋-1502");
        for unit in ["9栋-9999", "1-1502"] {
            let mut s = MemStore { register: register.clone(), ..MemStore::default() };
            assert_eq!(
                code(create(&mut s, NewTicket { unit: unit.into(), ..leak() })),
                RejectionCode::NotFound,
                "{unit}"
            );
            let public = NewTicket { unit: unit.into(), scope: Some(RepairScope::Public), ..leak() };
            assert_eq!(
                code(create(&mut s, public)),
                RejectionCode::NotFound,
                "a unit is a unit in any ticket: {unit}"
            );
        }
        let mut s = MemStore { register: register.clone(), ..MemStore::default() };
        assert_eq!(
            code(create(&mut s, NewTicket { unit: "1栋大堂".into(), ..leak() })),
            RejectionCode::NotFound,
            "a home repair is in a home"
        );
        let lobby = NewTicket { unit: "1栋大堂".into(), scope: Some(RepairScope::Public), ..leak() };
        create(&mut s, lobby).unwrap();
        assert_eq!(ticket(&s).unit, "1栋大堂");
    }

    /// Every category the form offers, for every kind, is taken (by its code, and by
    /// its Chinese name as older outboxes send it).
    #[test]
    fn every_offered_category_is_accepted() {
        use crate::ticket::choices::Choice;
        for kind in TicketKind::ALL {
            for c in crate::ticket::category::categories(*kind) {
                for sent in [c.code, c.zh] {
                    let mut s = MemStore::default();
                    let scope = (*kind == TicketKind::Repair).then_some(RepairScope::InHome);
                    let t = NewTicket { kind: *kind, scope, category: sent.into(), ..leak() };
                    let m = Mutation::CreateTicket(crate::sync::commands::CreateTicket {
                        id: id(1),
                        event_id: id(2),
                        ticket: t,
                    });
                    m.apply(&mut s, &ctx(Role::Receptionist)).unwrap_or_else(|e| panic!("{sent}: {e:?}"));
                    let stored: Ticket =
                        serde_json::from_value(s.records[&(Kind::Ticket, id(1))].body.clone()).unwrap();
                    assert_eq!(stored.category, c.code);
                }
            }
        }
    }

    #[test]
    fn intake_records_the_first_responsible_and_a_timeline_entry() {
        let mut s = MemStore::default();
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(1),
            ticket: leak(),
        })
        .apply(&mut s, &ctx(Role::Receptionist))
        .unwrap();
        let t = ticket(&s);
        assert_eq!((t.status, t.first_responsible, t.number.as_deref()), (TicketStatus::Received, 7, None));
        assert_eq!(t.contact_phone, "13812345678");
        assert_eq!(timeline(&s).len(), 1);
        assert_eq!(timeline(&s)[0].step, Step::Created);
    }

    #[test]
    fn intake_validates_like_the_form() {
        let mut s = MemStore::default();
        let bad = |f: fn(&mut NewTicket)| {
            let mut t = leak();
            f(&mut t);
            Mutation::CreateTicket(crate::sync::commands::CreateTicket {
                id: T.into(),
                event_id: id(1),
                ticket: t,
            })
        };
        let desk = ctx(Role::Receptionist);
        assert_eq!(
            code(bad(|t| t.contact_phone = "123".into()).apply(&mut s, &desk)),
            RejectionCode::Invalid
        );
        assert_eq!(code(bad(|t| t.scope = None).apply(&mut s, &desk)), RejectionCode::Invalid);
        assert_eq!(code(bad(|t| t.description = " ".into()).apply(&mut s, &desk)), RejectionCode::Invalid);
        // Names follow the one rule for names: no line breaks, direction overrides or invisible-only text.
        for reporter in ["张\n先生", "\u{202e}张先生", "\u{200b}"] {
            let t = NewTicket { reporter: reporter.into(), ..leak() };
            let m = Mutation::CreateTicket(crate::sync::commands::CreateTicket {
                id: T.into(),
                event_id: id(1),
                ticket: t,
            });
            assert_eq!(code(m.apply(&mut s, &desk)), RejectionCode::Invalid, "{reporter:?}");
        }
        assert_eq!(
            code(bad(|t| t.appointment = Some("tomorrow".into())).apply(&mut s, &desk)),
            RejectionCode::Invalid
        );
        for role in [Role::Admin, Role::Engineering, Role::Security] {
            assert_eq!(code(bad(|_| {}).apply(&mut s, &ctx(role))), RejectionCode::Forbidden, "{role:?}");
        }
        assert!(s.records.is_empty());
    }

    #[test]
    fn a_repair_goes_round_and_every_step_is_on_the_timeline() {
        let mut s = MemStore::default();
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(1),
            ticket: leak(),
        })
        .apply(&mut s, &ctx(Role::Receptionist))
        .unwrap();
        act_as(&mut s, Role::Receptionist, 2, Action::Dispatch { department: Department::Engineering })
            .unwrap();
        assert_eq!(code(act_as(&mut s, Role::Security, 3, Action::Accept)), RejectionCode::Forbidden);
        act_as(&mut s, Role::Engineering, 3, Action::Accept).unwrap();
        act_as(&mut s, Role::Engineering, 4, Action::ArriveOnSite).unwrap();
        let done = |who: Option<&str>| Action::Complete {
            labour_fee: 0,
            material_fee: 0,
            owner_confirmation: who.map(str::to_string),
        };
        assert_eq!(
            code(act_as(&mut s, Role::Engineering, 5, done(None))),
            RejectionCode::Invalid,
            "work in a home needs the owner's confirmation"
        );
        assert_eq!(code(act_as(&mut s, Role::Engineering, 5, done(Some(" ")))), RejectionCode::Invalid);
        act_as(&mut s, Role::Engineering, 5, done(Some("张先生"))).unwrap();
        assert_eq!(ticket(&s).owner_confirmation.as_deref(), Some("张先生"));
        let unhappy =
            |method| Action::ReturnVisit {
                satisfied: false, note: "仍有渗水，已致歉".into(), method
            };
        assert_eq!(
            code(act_as(&mut s, Role::Receptionist, 6, unhappy(VisitMethod::Phone))),
            RejectionCode::Invalid,
            "a leak gets an on-site return visit"
        );
        act_as(&mut s, Role::Receptionist, 6, unhappy(VisitMethod::OnSite)).unwrap();
        let t = ticket(&s);
        assert_eq!(
            (t.status, t.reopen_count, t.department),
            (TicketStatus::Dispatched, 1, Some(Department::Engineering))
        );
        assert_eq!(t.on_site_at, None, "the SLA starts again for the second visit");
        assert_eq!(t.owner_confirmation, None, "the redone work is confirmed again");
        assert_eq!(code(act_as(&mut s, Role::Engineering, 7, Action::Archive)), RejectionCode::Forbidden);
        assert_eq!(code(act_as(&mut s, Role::Receptionist, 7, Action::Archive)), RejectionCode::Conflict);
        assert_eq!(timeline(&s).len(), 6);
        // A timeline entry id is never reused.
        assert_eq!(code(act_as(&mut s, Role::Engineering, 6, Action::Accept)), RejectionCode::Conflict);
        assert_eq!(ticket(&s).status, TicketStatus::Dispatched, "a refused step changes nothing");
    }

    #[test]
    fn an_owner_s_satisfied_leak_still_waits_for_the_on_site_visit() {
        let mut s = MemStore::default();
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(1),
            ticket: leak(),
        })
        .apply(&mut s, &ctx(Role::Receptionist))
        .unwrap();
        act_as(&mut s, Role::Receptionist, 2, Action::Dispatch { department: Department::Engineering })
            .unwrap();
        act_as(&mut s, Role::Engineering, 3, Action::Accept).unwrap();
        act_as(&mut s, Role::Engineering, 4, Action::ArriveOnSite).unwrap();
        let done =
            Action::Complete { labour_fee: 0, material_fee: 0, owner_confirmation: Some("张先生".into()) };
        act_as(&mut s, Role::Engineering, 5, done).unwrap();
        let owner = Ctx::owner("2026-11-22T03:00:00Z".parse().unwrap());
        owner_rating(&mut s, &owner, T, &id(6), true, "").unwrap();
        assert_eq!(
            code(
                owner_rating(&mut s, &ctx(Role::Receptionist), T, &id(7), false, "")
                    .map(|_| crate::apply::Applied::Done)
            ),
            RejectionCode::Forbidden,
            "staff cannot rate in the owner's name"
        );
        assert_eq!(ticket(&s).status, TicketStatus::Completed, "a leak closes after the on-site visit");
        let view = crate::ticket::owner::owner_view(&ticket(&s), &timeline(&s));
        assert!(!view.can_rate, "rated once");
        act_as(
            &mut s,
            Role::Receptionist,
            7,
            Action::ReturnVisit { satisfied: true, note: String::new(), method: VisitMethod::OnSite },
        )
        .unwrap();
        assert_eq!(ticket(&s).status, TicketStatus::Closed);
    }

    #[test]
    fn the_clock_pauses_only_once_and_only_at_the_desk() {
        let mut s = MemStore::default();
        let desk = ctx(Role::Receptionist);
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(1),
            ticket: leak(),
        })
        .apply(&mut s, &desk)
        .unwrap();
        let pause = |n| {
            Mutation::PauseTicket(crate::sync::commands::PauseTicket {
                ticket_id: T.into(),
                event_id: id(n),
                reason: "业主不在家".into(),
            })
        };
        assert_eq!(code(pause(2).apply(&mut s, &ctx(Role::Engineering))), RejectionCode::Forbidden);
        pause(2).apply(&mut s, &desk).unwrap();
        assert_eq!(code(pause(3).apply(&mut s, &desk)), RejectionCode::Conflict);
        Mutation::ResumeTicket(crate::sync::commands::ResumeTicket { ticket_id: T.into(), event_id: id(3) })
            .apply(&mut s, &desk)
            .unwrap();
        let t = ticket(&s);
        assert_eq!(t.pauses.len(), 1);
        assert!(t.pauses[0].until.is_some());
    }

    #[test]
    fn a_note_typed_beside_a_step_stays_on_its_timeline_entry() {
        let mut s = MemStore::default();
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(1),
            ticket: leak(),
        })
        .apply(&mut s, &ctx(Role::Receptionist))
        .unwrap();
        fn with_note(
            s: &mut MemStore,
            n: u32,
            role: Role,
            action: Action,
            note: &str,
        ) -> Result<crate::apply::Applied, ApplyError> {
            Mutation::ActOnTicket(crate::sync::commands::ActOnTicket {
                ticket_id: T.into(),
                event_id: id(n),
                action,
                note: Some(note.into()),
            })
            .apply(s, &ctx(role))
        }
        with_note(
            &mut s,
            2,
            Role::Receptionist,
            Action::Dispatch { department: Department::Engineering },
            "带梯子",
        )
        .unwrap();
        with_note(&mut s, 3, Role::Engineering, Action::Accept, " ").unwrap();
        with_note(&mut s, 4, Role::Engineering, Action::ArriveOnSite, "").unwrap();
        let done =
            Action::Complete { labour_fee: 0, material_fee: 0, owner_confirmation: Some("张先生".into()) };
        with_note(&mut s, 5, Role::Engineering, done, "更换角阀一个，已试水").unwrap();
        let notes: Vec<Option<String>> = timeline(&s).into_iter().map(|e| e.note).collect();
        assert_eq!(notes, [None, Some("带梯子".into()), None, None, Some("更换角阀一个，已试水".into())]);
        let long = "长".repeat(501);
        let answer = Action::Answer { reply: "已答复".into() };
        assert_eq!(
            code(with_note(&mut s, 6, Role::Receptionist, answer, "另写一句")),
            RejectionCode::Invalid
        );
        let archive = Action::Archive;
        assert_eq!(code(with_note(&mut s, 6, Role::Receptionist, archive, &long)), RejectionCode::Invalid);
    }

    #[test]
    fn a_pause_after_someone_arrived_is_refused_with_its_reason() {
        let mut s = MemStore::default();
        let desk = ctx(Role::Receptionist);
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(1),
            ticket: leak(),
        })
        .apply(&mut s, &desk)
        .unwrap();
        act_as(&mut s, Role::Receptionist, 2, Action::Dispatch { department: Department::Engineering })
            .unwrap();
        let pause = |n| {
            Mutation::PauseTicket(crate::sync::commands::PauseTicket {
                ticket_id: T.into(),
                event_id: id(n),
                reason: "业主改约".into(),
            })
        };
        pause(3).apply(&mut s, &desk).unwrap();
        act_as(&mut s, Role::Engineering, 4, Action::Accept).unwrap();
        act_as(&mut s, Role::Engineering, 5, Action::ArriveOnSite).unwrap();
        // The open pause may still be ended; a new one may not begin.
        Mutation::ResumeTicket(crate::sync::commands::ResumeTicket { ticket_id: T.into(), event_id: id(6) })
            .apply(&mut s, &desk)
            .unwrap();
        match pause(7).apply(&mut s, &desk) {
            Err(ApplyError::Rejected(r)) => {
                assert_eq!((r.code, r.field), (RejectionCode::Conflict, Some(Field::OnSiteAt)))
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn the_desk_explains_a_late_arrival_once_per_round_of_work() {
        let mut s = MemStore::default();
        let desk = ctx(Role::Receptionist);
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(1),
            ticket: leak(),
        })
        .apply(&mut s, &desk)
        .unwrap();
        let explain = |n, when: &str| {
            Mutation::ExplainLateArrival(crate::sync::commands::ExplainLateArrival {
                ticket_id: T.into(),
                event_id: id(n),
                explanation: "维修工在另一单元抢修".into(),
                new_completion: when.into(),
            })
        };
        let later = "2026-11-22T05:00:00Z";
        assert_eq!(code(explain(2, later).apply(&mut s, &desk)), RejectionCode::Conflict, "not dispatched");
        act_as(&mut s, Role::Receptionist, 2, Action::Dispatch { department: Department::Engineering })
            .unwrap();
        assert_eq!(code(explain(3, later).apply(&mut s, &ctx(Role::Engineering))), RejectionCode::Forbidden);
        assert_eq!(code(explain(3, "soon").apply(&mut s, &desk)), RejectionCode::Invalid);
        explain(3, later).apply(&mut s, &desk).unwrap();
        assert_eq!(ticket(&s).promised_completion.as_deref(), Some(later));
        assert_eq!(
            code(explain(4, later).apply(&mut s, &desk)),
            RejectionCode::Conflict,
            "already explained"
        );
        assert!(matches!(timeline(&s).last().unwrap().step, Step::LateExplained { .. }));
    }

    #[test]
    fn the_owner_link_is_revoked_or_reissued_by_the_desk() {
        let mut s = MemStore::default();
        let desk = ctx(Role::Receptionist);
        let mut t = leak();
        t.owner_token_hash = Some("a".repeat(64));
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(1),
            ticket: t,
        })
        .apply(&mut s, &desk)
        .unwrap();
        let change = |n, hash: Option<String>| {
            Mutation::ChangeOwnerLink(crate::sync::commands::ChangeOwnerLink {
                ticket_id: T.into(),
                event_id: id(n),
                owner_token_hash: hash,
            })
        };
        assert_eq!(code(change(2, None).apply(&mut s, &ctx(Role::Engineering))), RejectionCode::Forbidden);
        assert_eq!(code(change(2, Some("xyz".into())).apply(&mut s, &desk)), RejectionCode::Invalid);
        change(2, None).apply(&mut s, &desk).unwrap();
        assert_eq!(ticket(&s).owner_token_hash, None);
        change(3, Some("b".repeat(64))).apply(&mut s, &desk).unwrap();
        assert_eq!(ticket(&s).owner_token_hash, Some("b".repeat(64)));
    }

    #[test]
    fn photos_come_from_the_desk_or_the_department_doing_the_work() {
        let mut s = MemStore::default();
        // Staff other than the one who took the ticket.
        let other = |role| Ctx { user_id: 9, ..ctx(role) };
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(1),
            ticket: leak(),
        })
        .apply(&mut s, &ctx(Role::Receptionist))
        .unwrap();
        let photo = crate::photo::PhotoRef { id: id(90), sha256: "cd".repeat(32), bytes: 250_000 };
        let attach = |n, stage| {
            Mutation::AttachTicketPhotos(crate::sync::commands::AttachTicketPhotos {
                ticket_id: T.into(),
                event_id: id(n),
                stage,
                photos: vec![photo.clone()],
            })
        };
        attach(2, PhotoStage::Intake).apply(&mut s, &ctx(Role::Receptionist)).unwrap();
        assert_eq!(
            code(attach(3, PhotoStage::Before).apply(&mut s, &other(Role::Engineering))),
            RejectionCode::Forbidden,
            "not dispatched to engineering"
        );
        act_as(&mut s, Role::Receptionist, 3, Action::Dispatch { department: Department::Engineering })
            .unwrap();
        attach(4, PhotoStage::Before).apply(&mut s, &other(Role::Engineering)).unwrap();
        assert_eq!(
            code(attach(5, PhotoStage::After).apply(&mut s, &other(Role::Security))),
            RejectionCode::Forbidden
        );
        let t = ticket(&s);
        assert_eq!(
            t.photos.iter().map(|p| p.stage).collect::<Vec<_>>(),
            [PhotoStage::Intake, PhotoStage::Before]
        );
        assert!(matches!(timeline(&s).last().unwrap().step, Step::PhotosAdded { .. }));
    }

    #[test]
    fn an_escalated_ticket_gets_its_plan_from_the_supervisor() {
        let mut s = MemStore::default();
        let mut urgent = leak();
        urgent.urgency = Urgency::Urgent;
        Mutation::CreateTicket(crate::sync::commands::CreateTicket {
            id: T.into(),
            event_id: id(1),
            ticket: urgent,
        })
        .apply(&mut s, &ctx(Role::Receptionist))
        .unwrap();
        assert!(ticket(&s).escalated);
        let plan = |n| {
            Mutation::RecordTicketPlan(crate::sync::commands::RecordTicketPlan {
                ticket_id: T.into(),
                event_id: id(n),
                plan: "立即关阀，工程部到场".into(),
            })
        };
        assert_eq!(code(plan(2).apply(&mut s, &ctx(Role::Receptionist))), RejectionCode::Forbidden);
        plan(2).apply(&mut s, &ctx(Role::Supervisor)).unwrap();
        assert_eq!(ticket(&s).plan.as_deref(), Some("立即关阀，工程部到场"));
    }
}
