//! Handovers: blocked while a major or urgent ticket is unresolved or a key is overdue with
//! no incident; confirmed or refused by someone else; written to the duty log.

use super::commands::*;
use super::record::*;
use super::rules::{BlockerKind, blockers_in};
use crate::Role;
use crate::apply::{ApplyError, Ctx, RejectionCode};
use crate::duty_log::DutyLogEntry;
use crate::field::Field;
use crate::sync::store::{MemStore, Store};
use crate::sync::{Kind, Mutation};

const H: &str = "0190f5c2-7d1a-7000-8000-0000000000a1";
const LOG: &str = "0190f5c2-7d1a-7000-8000-0000000000a2";
const T: &str = "0190f5c2-7d1a-7000-8000-0000000000a3";

fn ctx(user_id: i64, role: Role, now: &str) -> Ctx {
    Ctx { user_id, user_name: format!("user{user_id}"), role, now: now.parse().unwrap(), by_owner: false }
}
fn outgoing() -> Ctx {
    ctx(1, Role::Receptionist, "2026-12-01T07:50:00Z") // 15:50, end of the morning shift
}
fn incoming() -> Ctx {
    ctx(2, Role::Receptionist, "2026-12-01T08:05:00Z")
}

fn start(items: Vec<OpenItem>) -> Mutation {
    let counts = vec![ItemCount { name: "对讲机".into(), count: 4 }];
    Mutation::StartHandover(StartHandover {
        id: H.into(),
        handover: NewHandover {
            items,
            instructions: "经理交代：明早消防检查".into(),
            incidents: String::new(),
            counts,
        },
    })
}

fn confirm(accept: bool, checks: Vec<bool>, refusal: &str) -> Mutation {
    // A reason for each ×.
    let notes = checks.iter().map(|ok| if *ok { String::new() } else { "对讲机只有3台".into() }).collect();
    Mutation::ConfirmHandover(ConfirmHandover {
        id: H.into(),
        log_id: LOG.into(),
        checks,
        notes,
        accept,
        refusal: refusal.into(),
    })
}

fn rejected(r: Result<crate::apply::Applied, ApplyError>) -> (RejectionCode, Option<Field>) {
    match r {
        Err(ApplyError::Rejected(r)) => (r.code, r.field),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn urgent_ticket(s: &mut MemStore) {
    use crate::ticket::{Channel, RepairScope, TicketKind, Urgency};
    let ticket = crate::ticket::apply::NewTicket {
        kind: TicketKind::Repair,
        scope: Some(RepairScope::Public),
        unit: "3栋".into(),
        reporter: "巡查".into(),
        contact_phone: "138 1234 5678".into(),
        category: "电梯".into(),
        urgency: Urgency::Urgent,
        channel: Channel::Phone,
        description: "3栋电梯困人".into(),
        internal_note: String::new(),
        reply_by: None,
        appointment: None,
        owner_token_hash: None,
    };
    Mutation::CreateTicket(crate::sync::commands::CreateTicket {
        id: T.into(),
        event_id: "0190f5c2-7d1a-7000-8000-0000000000a4".into(),
        ticket,
    })
    .apply(s, &ctx(1, Role::Receptionist, "2026-12-01T06:00:00Z"))
    .unwrap();
}

#[test]
fn no_handover_while_an_urgent_ticket_is_unresolved() {
    let mut s = MemStore::default();
    urgent_ticket(&mut s);
    let b = blockers_in(&s, &outgoing().now).unwrap();
    assert_eq!((b.len(), b[0].kind, b[0].id.as_str()), (1, BlockerKind::UnresolvedTicket, T));
    assert_eq!(
        rejected(start(vec![]).apply(&mut s, &outgoing())),
        (RejectionCode::Conflict, Some(Field::Blockers))
    );
}

#[test]
fn the_incoming_confirms_each_item_and_the_log_says_so() {
    let mut s = MemStore::default();
    let item =
        OpenItem { kind: OpenKind::KeyOut, id: "k".into(), label: "K-0801 2栋-0801 李师傅".into() };
    start(vec![item.clone()]).apply(&mut s, &outgoing()).unwrap();
    let twice = Mutation::StartHandover(StartHandover {
        id: "0190f5c2-7d1a-7000-8000-0000000000a9".into(),
        handover: NewHandover {
            items: vec![item],
            instructions: String::new(),
            incidents: String::new(),
            counts: vec![],
        },
    });
    assert_eq!(
        rejected(twice.apply(&mut s, &outgoing())),
        (RejectionCode::Conflict, Some(Field::Status)),
        "one waiting at a time"
    );
    // The outgoing person cannot confirm their own handover; a patrol may not either.
    assert_eq!(
        rejected(confirm(true, vec![true, true], "").apply(&mut s, &outgoing())).0,
        RejectionCode::Forbidden
    );
    assert_eq!(
        rejected(
            confirm(true, vec![true, true], "").apply(&mut s, &ctx(5, Role::Patrol, "2026-12-01T08:05:00Z"))
        )
        .0,
        RejectionCode::Forbidden
    );
    assert_eq!(
        rejected(confirm(true, vec![true], "").apply(&mut s, &incoming())).1,
        Some(Field::Checks),
        "every item"
    );
    // A × without its reason is not an answer.
    let Mutation::ConfirmHandover(mut silent) = confirm(true, vec![true, false], "") else { unreachable!() };
    silent.notes = vec![String::new(), " ".into()];
    assert_eq!(
        rejected(Mutation::ConfirmHandover(silent).apply(&mut s, &incoming())).1,
        Some(Field::Checks),
        "× says why"
    );
    confirm(true, vec![true, false], "").apply(&mut s, &incoming()).unwrap();
    let h: Handover = serde_json::from_value(s.get(Kind::Handover, H).unwrap().unwrap().body).unwrap();
    assert_eq!((h.status, h.incoming, h.shift.as_str()), (HandoverStatus::Confirmed, Some(2), "早班"));
    // The supervisor sees the × and its reason.
    assert!(h.needs_supervisor());
    assert_eq!(h.crossed(), vec![("对讲机 × 4".to_string(), "对讲机只有3台".to_string())]);
    // The shift was handed over: the outgoing person cannot start it again.
    let again = Mutation::StartHandover(StartHandover {
        id: "0190f5c2-7d1a-7000-8000-0000000000aa".into(),
        handover: NewHandover {
            items: vec![],
            instructions: String::new(),
            incidents: String::new(),
            counts: vec![],
        },
    });
    assert_eq!(
        rejected(again.apply(&mut s, &ctx(1, Role::Receptionist, "2026-12-01T07:58:00Z"))),
        (RejectionCode::Conflict, Some(Field::Shifts)),
        "one per shift"
    );
    let log: DutyLogEntry =
        serde_json::from_value(s.get(Kind::DutyLogEntry, LOG).unwrap().unwrap().body).unwrap();
    assert!(log.text.contains("已确认") && log.text.contains("1 项有异议"), "{}", log.text);
    assert_eq!(
        rejected(confirm(true, vec![true, true], "").apply(&mut s, &incoming())).1,
        Some(Field::Status),
        "once"
    );
}

#[test]
fn a_refusal_needs_a_reason_and_goes_in_the_log() {
    let mut s = MemStore::default();
    start(vec![]).apply(&mut s, &outgoing()).unwrap();
    assert_eq!(rejected(confirm(false, vec![false], " ").apply(&mut s, &incoming())).1, Some(Field::Refusal));
    // A refusal says why itself: items left unanswered (× without a note) do not stop it.
    let Mutation::ConfirmHandover(mut bare) = confirm(false, vec![false], "对讲机只有3台") else {
        unreachable!()
    };
    bare.notes = vec![];
    Mutation::ConfirmHandover(bare).apply(&mut s.clone(), &incoming()).unwrap();
    confirm(false, vec![false], "对讲机只有3台").apply(&mut s, &incoming()).unwrap();
    let h: Handover = serde_json::from_value(s.get(Kind::Handover, H).unwrap().unwrap().body).unwrap();
    assert_eq!((h.status, h.refusal.as_deref()), (HandoverStatus::Refused, Some("对讲机只有3台")));
    let log: DutyLogEntry =
        serde_json::from_value(s.get(Kind::DutyLogEntry, LOG).unwrap().unwrap().body).unwrap();
    assert!(log.text.starts_with("交接班被拒"), "{}", log.text);
}

#[test]
fn an_overdue_key_blocks_until_an_incident_is_opened_and_a_resolved_ticket_no_longer_blocks() {
    use crate::keys::commands::{LendKey, NewKey, NewLoan, OpenKeyIncident, RegisterKey};
    use crate::keys::record::{Borrower, BorrowerKind, KeyKind};
    let mut s = MemStore::default();
    let desk = ctx(1, Role::Receptionist, "2026-12-01T01:30:00Z");
    let key = NewKey {
        tag: "K-1".into(),
        slot: "A-1".into(),
        unit: "2栋-0801".into(),
        kind: KeyKind::Repair,
        count: 1,
        seal_number: None,
        signature: None,
    };
    let key_id = "0190f5c2-7d1a-7000-8000-0000000000b1";
    let loan_id = "0190f5c2-7d1a-7000-8000-0000000000b2";
    Mutation::RegisterKey(RegisterKey { id: key_id.into(), key }).apply(&mut s, &desk).unwrap();
    let borrower = Borrower {
        kind: BorrowerKind::Staff,
        name: "李师傅".into(),
        id_type: None,
        id_last4: None,
        pass: None,
        letter: None,
    };
    let loan = NewLoan {
        key_id: key_id.into(),
        borrower,
        purpose: "检修".into(),
        serves: None,
        consent: None,
        emergency: None,
        escorts: vec!["李师傅".into(), "赵军".into()],
        staff_ids: vec![],
        count: 1,
    };
    Mutation::LendKey(LendKey { id: loan_id.into(), loan }).apply(&mut s, &desk).unwrap();
    // 16:30: the key should have been back at 16:00.
    let late = ctx(1, Role::Receptionist, "2026-12-01T08:30:00Z");
    assert_eq!(blockers_in(&s, &late.now).unwrap()[0].kind, BlockerKind::OverdueKey);
    assert_eq!(rejected(start(vec![]).apply(&mut s, &late)).1, Some(Field::Blockers));
    Mutation::OpenKeyIncident(OpenKeyIncident {
        id: "0190f5c2-7d1a-7000-8000-0000000000b3".into(),
        log_id: "0190f5c2-7d1a-7000-8000-0000000000b4".into(),
        key_id: key_id.into(),
        loan_id: Some(loan_id.into()),
        cause: crate::keys::incident::Cause::Overdue,
        note: "李师傅电话未接".into(),
    })
    .apply(&mut s, &late)
    .unwrap();
    start(vec![]).apply(&mut s, &late).unwrap();

    // An urgent ticket resolved (work completed) blocks no more.
    let mut s = MemStore::default();
    urgent_ticket(&mut s);
    let mut t: crate::ticket::record::Ticket =
        serde_json::from_value(s.get(Kind::Ticket, T).unwrap().unwrap().body).unwrap();
    t.status = crate::ticket::lifecycle::TicketStatus::Completed;
    s.put(Kind::Ticket, T, serde_json::to_value(&t).unwrap()).unwrap();
    assert!(blockers_in(&s, &outgoing().now).unwrap().is_empty());
}
