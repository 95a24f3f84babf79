//! The key cabinet's rules, through the mutations a device sends.

use super::commands::*;
use super::record::LoanStatus;
use super::record::*;
use super::rules::{approvals_missing, is_overdue, status};
use crate::Role;
use crate::apply::{ApplyError, Ctx, Record, RejectionCode};
use crate::field::Field;
use crate::photo::PhotoRef;
use crate::sync::store::{MemStore, Store};
use crate::sync::{Kind, Mutation};

const KEY: &str = "0190f5c2-7d1a-7000-8000-00000000000a";
const LOAN: &str = "0190f5c2-7d1a-7000-8000-00000000000b";

fn ctx(user_id: i64, role: Role, now: &str) -> Ctx {
    Ctx { user_id, user_name: format!("user{user_id}"), role, now: now.parse().unwrap(), by_owner: false }
}
fn desk() -> Ctx {
    // 09:30 in Beijing: the morning shift, over at 16:00.
    ctx(1, Role::Receptionist, "2026-12-01T01:30:00Z")
}
fn photo(n: u8) -> PhotoRef {
    PhotoRef { id: format!("0190f5c2-7d1a-7000-8000-0000000000{n:02}"), sha256: "ab".repeat(32), bytes: 1000 }
}

fn register(s: &mut MemStore, kind: KeyKind) {
    let sealed = kind == KeyKind::Sealed;
    let key = NewKey {
        tag: "K-0801".into(),
        slot: "A-12".into(),
        unit: "2栋-0801".into(),
        kind,
        count: 2,
        seal_number: sealed.then(|| "F-000311".into()),
        signature: sealed.then(|| photo(1)),
    };
    Mutation::RegisterKey(RegisterKey { id: KEY.into(), key }).apply(s, &desk()).expect("registered");
}

fn consent() -> Consent {
    Consent { phone: "13812345678".into(), called_by: "王小红".into(), at: "2026-12-01T09:25".into() }
}

fn loan(consent: Option<Consent>, emergency: Option<Emergency>) -> Mutation {
    Mutation::LendKey(LendKey {
        id: LOAN.into(),
        loan: NewLoan {
            key_id: KEY.into(),
            borrower: Borrower {
                kind: BorrowerKind::Staff,
                name: "李师傅".into(),
                id_type: None,
                id_last4: None,
                pass: None,
                letter: None,
            },
            purpose: "关闭进水阀".into(),
            serves: None,
            consent,
            emergency,
            escorts: vec!["李师傅".into(), "赵军".into()],
            staff_ids: vec![],
            count: 2,
        },
    })
}

fn rejected(r: Result<crate::apply::Applied, ApplyError>) -> (RejectionCode, Option<Field>) {
    match r {
        Err(ApplyError::Rejected(r)) => (r.code, r.field),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn the_loan(s: &MemStore) -> KeyLoan {
    serde_json::from_value(s.get(Kind::KeyLoan, LOAN).unwrap().unwrap().body).unwrap()
}
fn the_key(s: &MemStore) -> Key {
    serde_json::from_value(s.get(Kind::Key, KEY).unwrap().unwrap().body).unwrap()
}

const INCIDENT: &str = "0190f5c2-7d1a-7000-8000-00000000000d";
const LOG: &str = "0190f5c2-7d1a-7000-8000-00000000000e";

fn back(count: u32, note: &str) -> Mutation {
    let incident = Some(super::incident::NewIncident { id: INCIDENT.into(), log_id: LOG.into() });
    Mutation::ReturnKey(ReturnKey {
        id: LOAN.into(),
        count,
        power_off: None,
        windows_shut: None,
        note: note.into(),
        incident,
    })
}

#[test]
fn an_owner_s_key_goes_only_with_the_owner_s_consent_to_the_minute() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::ShortTerm);
    assert_eq!(
        rejected(loan(None, None).apply(&mut s, &desk())),
        (RejectionCode::Invalid, Some(Field::ConsentPhone))
    );
    let tomorrow = Consent { at: "2026-12-02T09:00".into(), ..consent() };
    assert_eq!(
        rejected(loan(Some(tomorrow), None).apply(&mut s, &desk())).1,
        Some(Field::ConsentAt),
        "not ahead of the loan"
    );
    // 09:31 when the desk's clock says 09:30: the desk refuses it at once; the server, whose
    // clock the tablet's may be a few minutes behind, takes it, and nothing further ahead.
    let ahead = Consent { at: "2026-12-01T09:31".into(), ..consent() };
    assert_eq!(
        rejected(loan(Some(ahead.clone()), None).apply(&mut s, &desk())).1,
        Some(Field::ConsentAt),
        "not after now on the desk"
    );
    let mut server = MemStore { complete: true, ..MemStore::default() };
    register(&mut server, KeyKind::ShortTerm);
    loan(Some(ahead), None).apply(&mut server.clone(), &desk()).unwrap();
    let far = Consent { at: "2026-12-01T09:36".into(), ..consent() };
    assert_eq!(rejected(loan(Some(far), None).apply(&mut server, &desk())).1, Some(Field::ConsentAt));
    let vague = Consent { at: "上午".into(), ..consent() };
    assert_eq!(
        rejected(loan(Some(vague), None).apply(&mut s, &desk())),
        (RejectionCode::Invalid, Some(Field::ConsentAt))
    );
    loan(Some(consent()), None).apply(&mut s, &desk()).unwrap();
    let l = the_loan(&s);
    assert_eq!(status(&l), LoanStatus::Out);
    assert_eq!(l.consent.as_ref().map(|c| c.at.as_str()), Some("2026-12-01T09:25"));
    assert_eq!(the_key(&s).state, KeyState::Lent { loan_id: LOAN.into() });
    // Lent once: a second loan of the same key is refused.
    let again = rejected(loan(Some(consent()), None).apply(&mut s, &desk()));
    assert_eq!(again.0, RejectionCode::Conflict);
}

#[test]
fn a_vacant_unit_s_key_needs_no_consent_but_comes_back_with_power_and_windows_answered() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Vacant);
    loan(None, None).apply(&mut s, &desk()).unwrap();
    assert_eq!(rejected(back(2, "").apply(&mut s, &desk())), (RejectionCode::Invalid, Some(Field::PowerOff)));
    Mutation::ReturnKey(ReturnKey {
        id: LOAN.into(),
        count: 2,
        power_off: Some(true),
        windows_shut: Some(true),
        note: String::new(),
        incident: None,
    })
    .apply(&mut s, &desk())
    .unwrap();
    assert_eq!(status(&the_loan(&s)), LoanStatus::Returned);
    assert_eq!(the_key(&s).state, KeyState::InCabinet);
}

#[test]
fn a_sealed_key_waits_for_the_supervisor_and_the_manager_two_people_on_their_own_devices() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Sealed);
    loan(Some(consent()), None).apply(&mut s, &desk()).unwrap();
    assert_eq!(status(&the_loan(&s)), LoanStatus::AwaitingApproval);
    assert_eq!(approvals_missing(&the_loan(&s)), vec![Role::Supervisor, Role::Manager]);
    // Not back before it went out; the desk cannot approve; a patrol may not.
    assert_eq!(rejected(back(2, "").apply(&mut s, &desk())).0, RejectionCode::Conflict);
    let approve = || Mutation::ApproveKeyLoan(ApproveKeyLoan { id: LOAN.into() });
    assert_eq!(rejected(approve().apply(&mut s, &desk())).0, RejectionCode::Forbidden);
    assert_eq!(
        rejected(approve().apply(&mut s, &ctx(9, Role::Patrol, "2026-12-01T01:35:00Z"))).0,
        RejectionCode::Forbidden
    );
    approve().apply(&mut s, &ctx(2, Role::Supervisor, "2026-12-01T01:35:00Z")).unwrap();
    assert_eq!(
        rejected(approve().apply(&mut s, &ctx(2, Role::Supervisor, "2026-12-01T01:36:00Z"))).0,
        RejectionCode::Conflict
    );
    // The same person cannot approve as the manager too.
    assert_eq!(
        rejected(approve().apply(&mut s, &ctx(2, Role::Manager, "2026-12-01T01:36:00Z"))).0,
        RejectionCode::Conflict
    );
    approve().apply(&mut s, &ctx(3, Role::Manager, "2026-12-01T01:40:00Z")).unwrap();
    let l = the_loan(&s);
    assert_eq!(
        (status(&l), l.out_at.as_ref().map(|t| t.as_str())),
        (LoanStatus::Out, Some("2026-12-01T01:40:00Z"))
    );
    // A used sealed key waits for the owner's new seal before it is lent again.
    back(2, "").apply(&mut s, &desk()).unwrap();
    assert_eq!(the_key(&s).state, KeyState::AwaitingReseal);
    let next = Mutation::LendKey(match loan(Some(consent()), None) {
        Mutation::LendKey(l) => LendKey { id: "0190f5c2-7d1a-7000-8000-00000000000c".into(), ..l },
        _ => unreachable!(),
    });
    assert_eq!(rejected(next.apply(&mut s, &desk())), (RejectionCode::Conflict, Some(Field::KeyId)));
    Mutation::ResealKey(ResealKey { id: KEY.into(), seal_number: "F-000312".into(), signature: photo(2) })
        .apply(&mut s, &desk())
        .unwrap();
    let k = the_key(&s);
    assert_eq!((k.state, k.seal.map(|s| s.number)), (KeyState::InCabinet, Some("F-000312".into())));
}

#[test]
fn a_sealed_key_request_never_approved_is_withdrawn_with_its_reason_and_the_key_is_free_again() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Sealed);
    loan(Some(consent()), None).apply(&mut s, &desk()).unwrap();
    let withdraw =
        |reason: &str| Mutation::WithdrawKeyLoan(WithdrawKeyLoan { id: LOAN.into(), reason: reason.into() });
    assert_eq!(rejected(withdraw("  ").apply(&mut s, &desk())), (RejectionCode::Invalid, Some(Field::Note)));
    assert_eq!(
        rejected(withdraw("业主回电取消").apply(&mut s, &ctx(9, Role::Patrol, "2026-12-01T01:35:00Z"))).0,
        RejectionCode::Forbidden
    );
    withdraw("业主回电取消").apply(&mut s, &desk()).unwrap();
    let l = the_loan(&s);
    assert_eq!((status(&l), l.out_at.clone()), (LoanStatus::Withdrawn, None));
    assert_eq!(l.withdrawn.map(|w| w.reason), Some("业主回电取消".into()));
    assert!(approvals_missing(&the_loan(&s)).is_empty(), "nothing left to approve");
    let k = the_key(&s);
    assert_eq!(k.state, KeyState::InCabinet);
    assert!(matches!(k.history.last().map(|h| &h.change), Some(KeyChange::RequestWithdrawn { .. })));
    // Neither approved nor withdrawn again afterwards.
    let approve = Mutation::ApproveKeyLoan(ApproveKeyLoan { id: LOAN.into() });
    assert!(approve.apply(&mut s, &ctx(2, Role::Supervisor, "2026-12-01T01:40:00Z")).is_err());
    assert_eq!(rejected(withdraw("再次").apply(&mut s, &desk())).0, RejectionCode::Conflict);
}

#[test]
fn in_an_emergency_the_key_goes_at_once_and_the_approvals_are_recorded_after() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Sealed);
    loan(None, Some(Emergency::Flood)).apply(&mut s, &desk()).unwrap();
    let l = the_loan(&s);
    assert_eq!(status(&l), LoanStatus::Out);
    assert_eq!(approvals_missing(&l).len(), 2, "flagged until both approve");
    back(2, "").apply(&mut s, &desk()).unwrap();
    Mutation::ApproveKeyLoan(ApproveKeyLoan { id: LOAN.into() })
        .apply(&mut s, &ctx(2, Role::Supervisor, "2026-12-01T02:00:00Z"))
        .unwrap();
    Mutation::ApproveKeyLoan(ApproveKeyLoan { id: LOAN.into() })
        .apply(&mut s, &ctx(3, Role::Manager, "2026-12-01T02:10:00Z"))
        .unwrap();
    assert!(approvals_missing(&the_loan(&s)).is_empty());
}

#[test]
fn a_short_return_says_what_happened_and_a_key_out_past_its_shift_is_overdue() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    loan(None, None).apply(&mut s, &desk()).unwrap();
    let l = the_loan(&s);
    assert_eq!(l.due_by, "2026-12-01T08:00:00Z");
    assert!(!is_overdue(&l, &"2026-12-01T07:59:00Z".parse().unwrap()));
    assert!(is_overdue(&l, &"2026-12-01T08:01:00Z".parse().unwrap()));
    assert_eq!(rejected(back(3, "").apply(&mut s, &desk())), (RejectionCode::Invalid, Some(Field::Count)));
    assert_eq!(rejected(back(1, " ").apply(&mut s, &desk())), (RejectionCode::Invalid, Some(Field::Note)));
    back(1, "一把遗落在机房").apply(&mut s, &desk()).unwrap();
    let l = the_loan(&s);
    assert_eq!(status(&l), LoanStatus::ReturnedShort);
    // The short return opened an incident, and the duty log says so without anyone typing.
    assert_eq!(l.incident.as_deref(), Some(INCIDENT));
    let entry: crate::duty_log::DutyLogEntry =
        serde_json::from_value(s.get(Kind::DutyLogEntry, LOG).unwrap().unwrap().body).unwrap();
    assert!(entry.text.contains("K-0801") && entry.text.contains("归还数量不符"), "{}", entry.text);
    assert_eq!(entry.source.as_deref(), Some("key_incident"));
    assert!(!is_overdue(&l, &"2026-12-02T08:01:00Z".parse().unwrap()));
    // The cabinet holds what came back: one key of the two.
    let key: super::record::Key =
        serde_json::from_value(s.get(Kind::Key, KEY).unwrap().unwrap().body).unwrap();
    assert_eq!((key.state.clone(), key.count), (super::record::KeyState::InCabinet, 1));
}

#[test]
fn a_ring_counted_one_of_two_opens_an_incident_and_nothing_back_leaves_the_slot_empty() {
    use super::count::{CountIncident, SlotCheck};
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    let ids = super::incident::NewIncident {
        id: INCIDENT.into(),
        log_id: "0190f5c2-7d1a-7000-8000-000000000201".into(),
    };
    let one_of_two = SlotCheck { key_id: KEY.into(), present: false, seal_intact: None, found: Some(1) };
    // Not "present" with one of two found.
    let wrong = SlotCheck { present: true, ..one_of_two.clone() };
    let count = |checks: Vec<SlotCheck>, incidents: Vec<CountIncident>| {
        Mutation::RecordKeyCount(RecordKeyCount { id: LOAN.into(), log_id: LOG.into(), checks, incidents })
    };
    assert_eq!(rejected(count(vec![wrong], vec![]).apply(&mut s, &desk())).1, Some(Field::Counts));
    assert_eq!(
        rejected(count(vec![one_of_two.clone()], vec![]).apply(&mut s, &desk())).1,
        Some(Field::Counts),
        "opens an incident"
    );
    count(vec![one_of_two], vec![CountIncident { key_id: KEY.into(), ids }]).apply(&mut s, &desk()).unwrap();
    let entry: crate::duty_log::DutyLogEntry =
        serde_json::from_value(s.get(Kind::DutyLogEntry, LOG).unwrap().unwrap().body).unwrap();
    assert!(entry.text.contains("在柜 1/2 把"), "{}", entry.text);

    // A loan of a ring with nothing back: the slot is empty until the incident is resolved.
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    loan(None, None).apply(&mut s, &desk()).unwrap();
    back(0, "两把都丢了").apply(&mut s, &desk()).unwrap();
    let key: super::record::Key =
        serde_json::from_value(s.get(Kind::Key, KEY).unwrap().unwrap().body).unwrap();
    assert!(matches!(key.state, super::record::KeyState::Missing { .. }), "{:?}", key.state);
    assert!(super::count::expected(&s).unwrap().is_empty(), "not expected in its slot");
}

#[test]
fn a_relative_shows_an_id_of_which_only_the_type_and_last_four_are_written() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::ShortTerm);
    let with = |id_type: Option<IdType>, last4: Option<&str>| {
        let Mutation::LendKey(mut l) = loan(Some(consent()), None) else { unreachable!() };
        l.loan.borrower = Borrower {
            kind: BorrowerKind::Relative,
            name: "张明".into(),
            id_type,
            id_last4: last4.map(str::to_string),
            pass: None,
            letter: None,
        };
        l.loan.escorts = vec![];
        Mutation::LendKey(l)
    };
    let full = with(Some(IdType::ResidentCard), Some("11010519491231002X"));
    assert_eq!(rejected(full.apply(&mut s, &desk())), (RejectionCode::Invalid, Some(Field::IdLast4)));
    assert_eq!(rejected(with(None, Some("002X")).apply(&mut s, &desk())).1, Some(Field::IdLast4));
    assert_eq!(
        rejected(with(Some(IdType::ResidentCard), Some("abcd")).apply(&mut s, &desk())).1,
        Some(Field::IdLast4)
    );
    with(Some(IdType::ResidentCard), Some("002x")).apply(&mut s, &desk()).unwrap();
    assert_eq!(the_loan(&s).borrower.id_last4.as_deref(), Some("002X"));
}

#[test]
fn staff_go_in_two_together_and_security_only_reads_the_cabinet() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    let Mutation::LendKey(mut alone) = loan(None, None) else { unreachable!() };
    alone.loan.escorts = vec!["李师傅".into(), "李师傅".into()];
    assert_eq!(rejected(Mutation::LendKey(alone).apply(&mut s, &desk())).1, Some(Field::Escorts));
    let guard = ctx(7, Role::Security, "2026-12-01T01:30:00Z");
    assert_eq!(rejected(loan(None, None).apply(&mut s, &guard)).0, RejectionCode::Forbidden);
    assert!(Kind::Key.visible_to(Role::Security) && !Kind::Key.visible_to(Role::Patrol));
}

#[test]
fn the_register_is_searched_by_tag_slot_or_unit() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    let k = the_key(&s);
    // Kept as the register labels it, found however it is typed.
    assert_eq!(k.unit, "2栋-801");
    for q in ["k-08", "A-12", "2栋-0801", "2-801", "2栋801", " ", ""] {
        assert!(super::rules::matches(&k, q), "{q:?}");
    }
    assert!(!super::rules::matches(&k, "3栋"));
}

#[test]
fn a_tag_and_a_slot_hold_one_key_each() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    let other = NewKey {
        tag: "K-0801".into(),
        slot: "B-01".into(),
        unit: "2栋-0802".into(),
        kind: KeyKind::Repair,
        count: 1,
        seal_number: None,
        signature: None,
    };
    let r = Mutation::RegisterKey(RegisterKey { id: LOAN.into(), key: other }).apply(&mut s, &desk());
    assert_eq!(rejected(r), (RejectionCode::Conflict, Some(Field::Tag)));
    let unsealed = NewKey {
        tag: "K-9".into(),
        slot: "B-09".into(),
        unit: "2栋-0803".into(),
        kind: KeyKind::Sealed,
        count: 1,
        seal_number: None,
        signature: None,
    };
    let r = Mutation::RegisterKey(RegisterKey { id: LOAN.into(), key: unsealed }).apply(&mut s, &desk());
    assert_eq!(rejected(r), (RejectionCode::Invalid, Some(Field::SealNumber)));
}

#[test]
fn devices_see_the_number_called_masked() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::ShortTerm);
    loan(Some(consent()), None).apply(&mut s, &desk()).unwrap();
    let l = the_loan(&s).redacted_for(Role::Receptionist);
    assert_eq!(l.consent.map(|c| c.phone), Some("138****5678".into()));
}

#[test]
fn an_incident_goes_supervisor_manager_owner_then_rekey_each_step_in_the_log() {
    use super::incident::{IncidentStatus, KeyIncident, Step, needs_escalation, next_steps};
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    let open = Mutation::OpenKeyIncident(OpenKeyIncident {
        id: INCIDENT.into(),
        log_id: LOG.into(),
        key_id: KEY.into(),
        loan_id: None,
        cause: super::incident::Cause::Lost,
        note: "夜班交接时发现".into(),
    });
    open.apply(&mut s, &desk()).unwrap();
    let step = |s: &mut MemStore, n: u8, step: Step, c: &Ctx| {
        Mutation::ActOnKeyIncident(ActOnKeyIncident {
            id: INCIDENT.into(),
            log_id: format!("0190f5c2-7d1a-7000-8000-0000000001{n:02}"),
            step,
            note: String::new(),
        })
        .apply(s, c)
    };
    assert_eq!(
        rejected(step(&mut s, 1, Step::OwnerContacted, &desk())),
        (RejectionCode::Conflict, Some(Field::Step)),
        "in order"
    );
    assert_eq!(
        rejected(step(&mut s, 1, Step::Escalated, &desk())).0,
        RejectionCode::Forbidden,
        "the supervisor escalates"
    );
    for (n, st) in [
        (1, Step::SupervisorInformed),
        (2, Step::ManagerInformed),
        (3, Step::OwnerContacted),
        (4, Step::Rekeyed),
    ] {
        step(&mut s, n, st, &desk()).unwrap();
    }
    let i: KeyIncident =
        serde_json::from_value(s.get(Kind::KeyIncident, INCIDENT).unwrap().unwrap().body).unwrap();
    assert_eq!(next_steps(&i), vec![Step::Resolved, Step::Escalated], "re-keyed once");
    assert!(
        needs_escalation(&i, &"2026-12-01T17:00:00Z".parse().unwrap()),
        "open past its day (01:00 on 12-02)"
    );
    step(&mut s, 5, Step::Resolved, &desk()).unwrap();
    let i: KeyIncident =
        serde_json::from_value(s.get(Kind::KeyIncident, INCIDENT).unwrap().unwrap().body).unwrap();
    assert_eq!((i.status, i.steps.len()), (IncidentStatus::Resolved, 5));
    let logged =
        s.ids_where(Kind::DutyLogEntry, crate::sync::store::Indexed::Source, "key_incident").unwrap();
    assert_eq!(logged.len(), 6, "opened and five steps, in the log");
}

#[test]
fn the_daily_count_checks_every_key_in_the_cabinet_and_a_missing_one_opens_an_incident() {
    use super::count::{CountIncident, SlotCheck};
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Sealed);
    // A ring of two: counted by its keys.
    let check = |present: bool, seal: Option<bool>| SlotCheck {
        key_id: KEY.into(),
        present,
        seal_intact: seal,
        found: Some(if present { 2 } else { 0 }),
    };
    let count = |checks: Vec<SlotCheck>, incidents: Vec<CountIncident>| {
        Mutation::RecordKeyCount(RecordKeyCount { id: LOAN.into(), log_id: LOG.into(), checks, incidents })
    };
    assert_eq!(rejected(count(vec![], vec![]).apply(&mut s, &desk())).1, Some(Field::Counts), "every key");
    assert_eq!(
        rejected(count(vec![check(true, Some(false))], vec![]).apply(&mut s, &desk())).1,
        Some(Field::Counts)
    );
    // "Present" without counting the ring's keys is no count.
    let unset = SlotCheck { found: None, ..check(true, Some(true)) };
    assert_eq!(rejected(count(vec![unset], vec![]).apply(&mut s, &desk())).1, Some(Field::Counts));
    let ids = super::incident::NewIncident {
        id: INCIDENT.into(),
        log_id: "0190f5c2-7d1a-7000-8000-000000000201".into(),
    };
    count(vec![check(true, Some(false))], vec![CountIncident { key_id: KEY.into(), ids }])
        .apply(&mut s, &desk())
        .unwrap();
    let c: super::count::KeyCount =
        serde_json::from_value(s.get(Kind::KeyCount, LOAN).unwrap().unwrap().body).unwrap();
    assert_eq!((c.present, c.expected, c.incidents.len()), (2, 2, 1), "in keys");
    assert!(s.get(Kind::KeyIncident, INCIDENT).unwrap().is_some());
    let entry: crate::duty_log::DutyLogEntry =
        serde_json::from_value(s.get(Kind::DutyLogEntry, LOG).unwrap().unwrap().body).unwrap();
    assert!(entry.text.contains("1 项异常"), "{}", entry.text);
}

#[test]
fn an_overdue_key_with_its_incident_can_still_come_back_short() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    loan(None, None).apply(&mut s, &desk()).unwrap();
    let open = |cause, now: &str| {
        Mutation::OpenKeyIncident(OpenKeyIncident {
            id: "0190f5c2-7d1a-7000-8000-000000000301".into(),
            log_id: "0190f5c2-7d1a-7000-8000-000000000302".into(),
            key_id: KEY.into(),
            loan_id: Some(LOAN.into()),
            cause,
            note: String::new(),
        })
        .apply(&mut s.clone(), &ctx(1, Role::Receptionist, now))
    };
    assert_eq!(
        rejected(open(super::incident::Cause::Overdue, "2026-12-01T07:00:00Z")).1,
        Some(Field::Cause),
        "not yet overdue"
    );
    let late = ctx(1, Role::Receptionist, "2026-12-01T09:00:00Z");
    Mutation::OpenKeyIncident(OpenKeyIncident {
        id: "0190f5c2-7d1a-7000-8000-000000000301".into(),
        log_id: "0190f5c2-7d1a-7000-8000-000000000302".into(),
        key_id: KEY.into(),
        loan_id: Some(LOAN.into()),
        cause: super::incident::Cause::Overdue,
        note: String::new(),
    })
    .apply(&mut s, &late)
    .unwrap();
    back(1, "一把丢失").apply(&mut s, &late).unwrap();
    assert_eq!(status(&the_loan(&s)), LoanStatus::ReturnedShort);
    assert!(s.get(Kind::KeyIncident, INCIDENT).unwrap().is_some(), "a second incident, of the key");
}

#[test]
fn a_lost_key_is_not_lent_until_its_escalated_incident_is_resolved_by_the_supervisor() {
    use super::incident::{Cause, Step};
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    Mutation::OpenKeyIncident(OpenKeyIncident {
        id: INCIDENT.into(),
        log_id: LOG.into(),
        key_id: KEY.into(),
        loan_id: None,
        cause: Cause::Lost,
        note: String::new(),
    })
    .apply(&mut s, &desk())
    .unwrap();
    assert!(matches!(the_key(&s).state, KeyState::Missing { .. }));
    assert_eq!(rejected(loan(None, None).apply(&mut s, &desk())).1, Some(Field::KeyId));
    let supervisor = ctx(2, Role::Supervisor, "2026-12-02T01:00:00Z");
    let act = |s: &mut MemStore, n: u8, step: Step, c: &Ctx| {
        let log_id = format!("0190f5c2-7d1a-7000-8000-0000000004{n:02}");
        Mutation::ActOnKeyIncident(ActOnKeyIncident {
            id: INCIDENT.into(),
            log_id,
            step,
            note: String::new(),
        })
        .apply(s, c)
    };
    act(&mut s, 1, Step::Escalated, &supervisor).unwrap();
    assert_eq!(rejected(act(&mut s, 2, Step::Resolved, &desk())).0, RejectionCode::Forbidden);
    act(&mut s, 3, Step::Resolved, &supervisor).unwrap();
    assert_eq!(the_key(&s).state, KeyState::InCabinet, "found: back in its slot");
}

#[test]
fn a_key_moves_and_retires_as_events_and_frees_its_tag() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    Mutation::MoveKey(MoveKey { id: KEY.into(), slot: "C-07".into() }).apply(&mut s, &desk()).unwrap();
    let k = the_key(&s);
    assert_eq!(k.slot, "C-07");
    assert!(
        matches!(&k.history.last().unwrap().change, KeyChange::Moved { from, to } if from == "A-12" && to == "C-07")
    );
    let guard = ctx(7, Role::Security, "2026-12-01T01:30:00Z");
    assert_eq!(
        rejected(
            Mutation::RetireKey(RetireKey { id: KEY.into(), reason: "业主取回".into() })
                .apply(&mut s, &guard)
        )
        .0,
        RejectionCode::Forbidden
    );
    assert_eq!(
        rejected(
            Mutation::RetireKey(RetireKey { id: KEY.into(), reason: " ".into() }).apply(&mut s, &desk())
        )
        .1,
        Some(Field::Reason)
    );
    Mutation::RetireKey(RetireKey { id: KEY.into(), reason: "业主取回".into() })
        .apply(&mut s, &desk())
        .unwrap();
    assert_eq!(the_key(&s).state, KeyState::Retired);
    assert_eq!(the_key(&s).history.len(), 3, "registered, moved, retired: nothing rewritten");
    // The tag is free for a new key.
    let again = NewKey {
        tag: "K-0801".into(),
        slot: "C-07".into(),
        unit: "2栋-0801".into(),
        kind: KeyKind::Repair,
        count: 1,
        seal_number: None,
        signature: None,
    };
    Mutation::RegisterKey(RegisterKey { id: LOAN.into(), key: again }).apply(&mut s, &desk()).unwrap();
}

/// The month's key figures, worked by hand: one loan lent on 12-01, due 08:00, came back
/// short at 09:00 — late, short, with its incident; nothing is still out.
#[test]
fn the_month_counts_loans_late_short_and_incidents() {
    let mut s = MemStore::default();
    register(&mut s, KeyKind::Repair);
    loan(None, None).apply(&mut s, &desk()).unwrap();
    let late_back = Ctx { now: "2026-12-01T09:00:00Z".parse().unwrap(), ..desk() };
    back(1, "一把遗落在机房").apply(&mut s, &late_back).unwrap();
    let l = the_loan(&s);
    let dec = crate::report::Period::month("2026-12").unwrap();
    let figures =
        crate::report::operations::keys(dec, &[(LOAN, &l)], "2026-12-02T00:00:00Z".parse().unwrap());
    let by = |k: &str| figures.iter().find(|c| c.key == k).unwrap().count;
    assert_eq!(
        (by("key_loans"), by("key_late"), by("key_short"), by("key_incidents"), by("key_out")),
        (1, 1, 1, 1, 0)
    );
    let nov = crate::report::Period::month("2026-11").unwrap();
    assert_eq!(
        crate::report::operations::keys(nov, &[(LOAN, &l)], "2026-12-02T00:00:00Z".parse().unwrap())[0].count,
        0,
        "lent in December"
    );
}
