//! What the supervisor and the manager do to a ticket beyond its lifecycle (SPEC.md §1,
//! §9): raise its urgency after intake, hand its first-responsibility (首问责任) to another
//! person, answer for it in the morning's daily review, and — for a valid complaint — record
//! the case analysis (cause, corrective and preventive action) it is closed with. Each is a
//! step on the timeline with its reason; 首问责任 moves only this way.

use super::apply::{ensure_new_event, event};
use super::lifecycle::TicketStatus;
use super::record::{Step, Ticket, is_open};
// A review and a case analysis are kept on the ticket: record types.
pub use super::record::{CaseAnalysis, Review, needs_analysis};
use super::{TicketKind, Urgency};
use crate::Role;
use crate::apply::{ApplyError, Ctx, RejectionCode, load, name, reject, save, text};
use crate::field::Field;
use crate::sync::Store;
use chrono::NaiveDate;

/// Who steers tickets: the supervisor and the manager.
pub fn steers(role: Role) -> bool {
    matches!(role, Role::Supervisor | Role::Manager)
}

/// An open ticket a supervisor may steer, loaded; refused otherwise.
fn steerable(store: &dyn Store, ctx: &Ctx, ticket_id: &str) -> Result<Ticket, ApplyError> {
    if !steers(ctx.role) {
        return Err(reject(RejectionCode::Forbidden, None, "the supervisor or the manager does this"));
    }
    let (ticket, _) = load::<Ticket>(store, ticket_id)?;
    if !is_open(&ticket) {
        return Err(reject(RejectionCode::Conflict, None, "the ticket is closed"));
    }
    Ok(ticket)
}

fn write(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    event_id: &str,
    ticket: &Ticket,
    step: Step,
) -> Result<(), ApplyError> {
    ensure_new_event(store, event_id)?;
    save(store, id, ticket)?;
    event(store, event_id, ctx, id, step, ticket.status)
}

/// Raises the urgency (重大/紧急): the ticket is escalated and needs its handling plan.
pub fn raise_urgency(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    event_id: &str,
    to: Urgency,
    reason: &str,
) -> Result<(), ApplyError> {
    let mut ticket = steerable(store, ctx, id)?;
    let reason = text(Field::Reason, reason, 500)?;
    if !to.escalates() || to <= ticket.urgency {
        return Err(reject(
            RejectionCode::Invalid,
            Some(Field::Urgency),
            "urgency is raised to major or urgent, from what it was",
        ));
    }
    let from = ticket.urgency;
    ticket.urgency = to;
    ticket.escalated = true;
    write(store, ctx, id, event_id, &ticket, Step::UrgencyRaised { from, to, reason })
}

/// Hands the first-responsibility to another staff member (the server checks the account).
pub fn hand_over(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    event_id: &str,
    to: i64,
    to_name: &str,
    reason: &str,
) -> Result<(), ApplyError> {
    let mut ticket = steerable(store, ctx, id)?;
    let reason = text(Field::Reason, reason, 500)?;
    let to_name = name(Field::FirstResponsible, to_name)?;
    if to <= 0 || to == ticket.first_responsible {
        return Err(reject(RejectionCode::Invalid, Some(Field::FirstResponsible), "handed to someone else"));
    }
    let step = Step::HandedOver {
        from_name: ticket.first_responsible_name.clone(),
        to_name: to_name.clone(),
        reason,
    };
    ticket.first_responsible = to;
    ticket.first_responsible_name = to_name;
    write(store, ctx, id, event_id, &ticket, step)
}

/// Whether `t` is on the morning's list for `today`: received before today and not done
/// (work still under way, a reply not yet given), and not yet answered for today.
pub fn to_review(t: &Ticket, today: NaiveDate) -> bool {
    is_open(t)
        && t.status != TicketStatus::Completed
        && t.created_at.local_day() < today
        && t.review.as_ref().is_none_or(|r| r.day != today)
}

/// The daily review's answer for a ticket not done: the reason, and the new date.
pub fn review(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    event_id: &str,
    reason: &str,
    new_date: NaiveDate,
) -> Result<(), ApplyError> {
    let mut ticket = steerable(store, ctx, id)?;
    let reason = text(Field::Reason, reason, 500)?;
    let today = ctx.now.local_day();
    if new_date < today {
        return Err(reject(RejectionCode::Invalid, Some(Field::NewDate), "the new date is today or later"));
    }
    if ticket.review.as_ref().is_some_and(|r| r.day == today) {
        return Err(reject(RejectionCode::Conflict, None, "answered in today's review already"));
    }
    if !to_review(&ticket, today) {
        return Err(reject(
            RejectionCode::Conflict,
            None,
            "received today, or done: not on the daily review",
        ));
    }
    ticket.review =
        Some(Review { day: today, reason: reason.clone(), new_date, by_name: ctx.user_name.clone() });
    write(store, ctx, id, event_id, &ticket, Step::Reviewed { reason, new_date })
}

/// A valid complaint's case analysis, by the desk, the supervisor or the manager; recorded
/// again it replaces the last (each stays on the timeline).
pub fn analyse(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    event_id: &str,
    analysis: &CaseAnalysis,
) -> Result<(), ApplyError> {
    if !ctx.role.runs_the_desk() {
        return Err(reject(
            RejectionCode::Forbidden,
            None,
            "the desk, the supervisor or the manager analyses a complaint",
        ));
    }
    let (mut ticket, _) = load::<Ticket>(store, id)?;
    if ticket.kind != TicketKind::Complaint || ticket.valid != Some(true) {
        return Err(reject(RejectionCode::Conflict, None, "only a valid complaint has a case analysis"));
    }
    if !is_open(&ticket) {
        return Err(reject(RejectionCode::Conflict, None, "the ticket is closed"));
    }
    let analysis = CaseAnalysis {
        cause: text(Field::CaseCause, &analysis.cause, 1000)?,
        corrective: text(Field::Corrective, &analysis.corrective, 1000)?,
        preventive: text(Field::Preventive, &analysis.preventive, 1000)?,
    };
    ticket.case_analysis = Some(analysis.clone());
    write(store, ctx, id, event_id, &ticket, Step::CaseAnalysed(analysis))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::commands::{
        ActOnTicket, AnalyseComplaint, CreateTicket, HandOverTicket, RaiseTicketUrgency, ReviewTicket,
    };
    use crate::sync::store::MemStore;
    use crate::sync::{Kind, Mutation};
    use crate::ticket::Channel;
    use crate::ticket::apply::NewTicket;
    use crate::ticket::lifecycle::{Action, VisitMethod};

    const T: &str = "0190f5c2-7d1a-7000-8000-0000000000a1";

    fn id(n: u32) -> String {
        format!("0190f5c2-7d1a-7000-8000-{n:012}")
    }

    fn ctx(role: Role, now: &str) -> Ctx {
        Ctx { user_id: 7, user_name: "刘主管".into(), role, now: now.parse().unwrap(), by_owner: false }
    }

    fn complaint(s: &mut MemStore) {
        let t = NewTicket {
            kind: TicketKind::Complaint,
            scope: None,
            unit: "3栋-1502".into(),
            reporter: "张先生".into(),
            contact_phone: "13812345678".into(),
            category: "噪音".into(),
            urgency: Urgency::Normal,
            channel: Channel::Phone,
            description: "楼上装修噪音".into(),
            internal_note: String::new(),
            reply_by: None,
            appointment: None,
            owner_token_hash: None,
        };
        Mutation::CreateTicket(CreateTicket { id: T.into(), event_id: id(1), ticket: t })
            .apply(s, &ctx(Role::Receptionist, "2026-11-22T02:00:00Z"))
            .unwrap();
    }

    fn ticket(s: &MemStore) -> Ticket {
        serde_json::from_value(s.records[&(Kind::Ticket, T.to_string())].body.clone()).unwrap()
    }

    fn refused(r: Result<crate::apply::Applied, ApplyError>) -> (RejectionCode, Option<Field>) {
        match r {
            Err(ApplyError::Rejected(r)) => (r.code, r.field),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn raise(urgency: Urgency, reason: &str, n: u32) -> Mutation {
        Mutation::RaiseTicketUrgency(RaiseTicketUrgency {
            ticket_id: T.into(),
            event_id: id(n),
            urgency,
            reason: reason.into(),
        })
    }

    #[test]
    fn the_supervisor_raises_the_urgency_with_a_reason_and_the_ticket_needs_its_plan() {
        let mut s = MemStore::default();
        complaint(&mut s);
        let at = "2026-11-22T03:00:00Z";
        assert_eq!(
            refused(raise(Urgency::Major, "多户投诉", 2).apply(&mut s, &ctx(Role::Receptionist, at))).0,
            RejectionCode::Forbidden
        );
        assert_eq!(
            refused(raise(Urgency::Major, " ", 2).apply(&mut s, &ctx(Role::Supervisor, at))).1,
            Some(Field::Reason)
        );
        assert_eq!(
            refused(raise(Urgency::Normal, "x", 2).apply(&mut s, &ctx(Role::Supervisor, at))).1,
            Some(Field::Urgency)
        );
        raise(Urgency::Major, "同一楼层三户投诉", 2).apply(&mut s, &ctx(Role::Supervisor, at)).unwrap();
        let t = ticket(&s);
        assert_eq!((t.urgency, t.escalated), (Urgency::Major, true));
        let e: crate::ticket::record::TicketEvent =
            serde_json::from_value(s.records[&(Kind::TicketEvent, id(2))].body.clone()).unwrap();
        assert_eq!(
            e.step,
            Step::UrgencyRaised {
                from: Urgency::Normal,
                to: Urgency::Major,
                reason: "同一楼层三户投诉".into()
            }
        );
        raise(Urgency::Urgent, "漏水蔓延到楼下", 3).apply(&mut s, &ctx(Role::Supervisor, at)).unwrap();
        assert_eq!(
            refused(raise(Urgency::Major, "x", 4).apply(&mut s, &ctx(Role::Supervisor, at))).1,
            Some(Field::Urgency),
            "raised, never lowered"
        );
    }

    #[test]
    fn first_responsibility_moves_only_by_a_hand_over_with_a_reason() {
        let mut s = MemStore::default();
        complaint(&mut s);
        let at = "2026-11-22T03:00:00Z";
        let hand = |to: i64, reason: &str, n: u32| {
            Mutation::HandOverTicket(HandOverTicket {
                ticket_id: T.into(),
                event_id: id(n),
                to,
                to_name: "李娜".into(),
                reason: reason.into(),
            })
        };
        assert_eq!(
            refused(hand(4, "休假", 3).apply(&mut s, &ctx(Role::Receptionist, at))).0,
            RejectionCode::Forbidden
        );
        assert_eq!(refused(hand(4, "", 3).apply(&mut s, &ctx(Role::Manager, at))).1, Some(Field::Reason));
        let own = ticket(&s).first_responsible;
        assert_eq!(
            refused(hand(own, "x", 3).apply(&mut s, &ctx(Role::Manager, at))).1,
            Some(Field::FirstResponsible)
        );
        hand(4, "王小红休假一周", 3).apply(&mut s, &ctx(Role::Manager, at)).unwrap();
        let t = ticket(&s);
        assert_eq!((t.first_responsible, t.first_responsible_name.as_str()), (4, "李娜"));
    }

    #[test]
    fn the_morning_review_lists_what_is_not_done_and_takes_one_answer_a_day() {
        let mut s = MemStore::default();
        complaint(&mut s);
        let received = "2026-11-22".parse().unwrap();
        let next_day: NaiveDate = "2026-11-23".parse().unwrap();
        assert!(!to_review(&ticket(&s), received), "received today: not yet");
        assert!(to_review(&ticket(&s), next_day));
        let morning = ctx(Role::Supervisor, "2026-11-23T01:00:00Z");
        let answer = |date: &str, n: u32| {
            Mutation::ReviewTicket(ReviewTicket {
                ticket_id: T.into(),
                event_id: id(n),
                reason: "业主出差，下周一上门".into(),
                new_date: date.parse().unwrap(),
            })
        };
        assert_eq!(
            refused(answer("2026-11-22", 4).apply(&mut s, &morning)).1,
            Some(Field::NewDate),
            "a new date is not in the past"
        );
        answer("2026-11-30", 4).apply(&mut s, &morning).unwrap();
        assert!(!to_review(&ticket(&s), next_day), "answered for today");
        assert_eq!(refused(answer("2026-11-30", 5).apply(&mut s, &morning)).0, RejectionCode::Conflict);
        assert!(to_review(&ticket(&s), "2026-11-24".parse().unwrap()), "asked again the next morning");
    }

    #[test]
    fn a_valid_complaint_closes_only_with_its_case_analysis() {
        let mut s = MemStore::default();
        complaint(&mut s);
        let desk = ctx(Role::Receptionist, "2026-11-22T03:00:00Z");
        let act = |action: Action, n: u32| {
            Mutation::ActOnTicket(ActOnTicket { ticket_id: T.into(), event_id: id(n), action, note: None })
        };
        act(Action::JudgeComplaint { valid: true, explanation: "噪音超时".into() }, 6)
            .apply(&mut s, &desk)
            .unwrap();
        let again =
            act(Action::JudgeComplaint { valid: false, explanation: "改判".into() }, 16).apply(&mut s, &desk);
        assert_eq!(
            refused(again).0,
            RejectionCode::Conflict,
            "judged once: it cannot be closed as invalid to skip its analysis"
        );
        act(Action::Answer { reply: "已协调楼上住户".into() }, 7).apply(&mut s, &desk).unwrap();
        let visit = |n: u32| {
            act(Action::ReturnVisit { satisfied: true, note: "满意".into(), method: VisitMethod::Phone }, n)
        };
        assert_eq!(refused(visit(8).apply(&mut s, &desk)).1, Some(Field::CaseCause));
        let analysis = |cause: &str, n: u32| {
            Mutation::AnalyseComplaint(AnalyseComplaint {
                ticket_id: T.into(),
                event_id: id(n),
                cause: cause.into(),
                corrective: "约谈装修户，限定施工时间".into(),
                preventive: "装修告知书写明噪音时段，巡查加查".into(),
            })
        };
        assert_eq!(refused(analysis(" ", 9).apply(&mut s, &desk)).1, Some(Field::CaseCause));
        analysis("装修户违规在午休时间施工", 9).apply(&mut s, &desk).unwrap();
        visit(10).apply(&mut s, &desk).unwrap();
        let t = ticket(&s);
        assert_eq!(t.status, TicketStatus::Closed);
        assert_eq!(t.case_analysis.unwrap().cause, "装修户违规在午休时间施工");
    }

    #[test]
    fn a_complaint_never_judged_closes_only_with_its_analysis_too() {
        let mut s = MemStore::default();
        complaint(&mut s);
        let desk = ctx(Role::Receptionist, "2026-11-22T03:00:00Z");
        let act = |action: Action, n: u32| {
            Mutation::ActOnTicket(ActOnTicket { ticket_id: T.into(), event_id: id(n), action, note: None })
        };
        act(Action::Answer { reply: "已协调".into() }, 7).apply(&mut s, &desk).unwrap();
        let visit =
            act(Action::ReturnVisit { satisfied: true, note: "满意".into(), method: VisitMethod::Phone }, 8);
        assert_eq!(refused(visit.apply(&mut s, &desk)).1, Some(Field::CaseCause));
    }
}
