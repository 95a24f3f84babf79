//! The arrears rules, through the mutations a device (or the server's import) sends.

use super::commands::*;
use super::csv::parse_arrears_csv;
use super::policy::{ArrearsPolicy, collection, promise_due};
use super::record::*;
use crate::Role;
use crate::apply::{ApplyError, Ctx, Record, RejectionCode, Viewer};
use crate::field::Field;
use crate::sync::store::{MemStore, Store};
use crate::sync::{Kind, Mutation};
use chrono::NaiveDate;

const CASE: &str = "0190f5c2-7d1a-7000-8000-0000000000c1";
const OTHER: &str = "0190f5c2-7d1a-7000-8000-0000000000c2";
const PATROL: i64 = 7;

fn ctx(user_id: i64, role: Role, now: &str) -> Ctx {
    Ctx { user_id, user_name: format!("user{user_id}"), role, now: now.parse().unwrap(), by_owner: false }
}
fn supervisor() -> Ctx {
    ctx(2, Role::Supervisor, "2026-12-01T01:30:00Z")
}
fn desk_on(day: &str) -> Ctx {
    ctx(1, Role::Receptionist, &format!("{day}T02:00:00Z"))
}
fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const LIST: &str = "\u{feff}楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n\
    2,801,物业管理费,2026-10,1000,2026-10-31\n\
    2,801,水电费,2026-10,85.5,2026-10-31\n\
    3,1502,停车费,2026-11,300,2026-11-30\n";

fn import(s: &mut MemStore, id: &str, csv: &str, ids: &[(&str, &str)]) -> Result<(), ApplyError> {
    let rows = parse_arrears_csv(csv).expect("a good list");
    let cases = ids
        .iter()
        .map(|(unit, case_id)| ImportedCase {
            case_id: case_id.to_string(),
            unit: unit.to_string(),
            rows: rows.iter().filter(|r| r.unit == *unit).cloned().collect(),
        })
        .collect();
    Mutation::ImportArrears(ImportArrears { id: id.into(), cases }).apply(s, &supervisor()).map(|_| ())
}

fn the_case(s: &MemStore, id: &str) -> ArrearsCase {
    serde_json::from_value(s.get(Kind::ArrearsCase, id).unwrap().unwrap().body).unwrap()
}
fn rejected(r: Result<crate::apply::Applied, ApplyError>) -> (RejectionCode, Option<Field>) {
    match r {
        Err(ApplyError::Rejected(r)) => (r.code, r.field),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
fn contact(promise: Option<&str>) -> Mutation {
    Mutation::RecordArrearsContact(RecordArrearsContact {
        id: CASE.into(),
        channel: Channel::Phone,
        outcome: "业主称月底前缴清".into(),
        promise_by: promise.map(String::from),
    })
}
fn advance(to: Stage) -> Mutation {
    Mutation::AdvanceArrearsStage(AdvanceArrearsStage { id: CASE.into(), to })
}

#[test]
fn the_list_is_read_with_the_unit_import_s_rules_and_refused_line_by_line() {
    let rows = parse_arrears_csv(LIST).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[0].unit.as_str(), rows[0].amount), ("2栋-801", 100_000));
    assert_eq!((rows[1].fee_type, rows[1].amount), (FeeType::Utilities, 8_550));
    let english = "unit,building,amount,fee_type,period,due\n801,2,12.34,management,2026-9,2026-09-30\n";
    assert_eq!(parse_arrears_csv(english).unwrap()[0].period, "2026-09");
    let bad = "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n\
        2,801,物业管理费,2026-10,1000,2026-10-31\n\
        2,802,燃气费,2026-10,10,2026-10-31\n\
        2,803,水电费,2026-13,10,2026-10-31\n\
        2,804,水电费,2026-10,-5,2026-10-31\n\
        2,805,水电费,2026-10,10,2026-02-30\n\
        2,801,管理费,2026-10,1000,2026-10-31\n";
    let errors = parse_arrears_csv(bad).unwrap_err();
    let at: Vec<(u64, Option<&str>)> = errors.iter().map(|e| (e.line, e.column.as_deref())).collect();
    assert_eq!(
        at,
        vec![
            (3, Some("费用类型")),
            (4, Some("所属期间")),
            (5, Some("欠费金额")),
            (6, Some("应缴日期")),
            (7, None)
        ]
    );
    assert!(errors[4].message.contains("duplicate of line 2"));
    assert!(parse_arrears_csv("楼栋,房号,金额\n2,801,10\n").unwrap_err()[0].message.contains("费用类型"));
    // Each problem says what it is, for the screen to say in the user's language; a line
    // with two problems reports both at once.
    use crate::import::RowProblem;
    assert_eq!(errors[4].problem, Some(RowProblem::Duplicate { first: 2 }));
    assert_eq!(errors[0].problem, Some(RowProblem::FeeType));
    let two = parse_arrears_csv(
        "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n2,801,燃气费,2026-10,0,2026-10-31\n",
    )
    .unwrap_err();
    assert_eq!(
        two.iter().map(|e| e.problem.clone()).collect::<Vec<_>>(),
        vec![Some(RowProblem::FeeType), Some(RowProblem::Amount)]
    );
}

#[test]
fn the_late_fee_counts_calendar_days_from_its_start_in_whole_fen() {
    let p = ArrearsPolicy { late_fee_per_10000: 3, late_fee_after_days: 0, ..ArrearsPolicy::default() };
    let line = |amount, due: &str| Owed {
        fee_type: FeeType::Management,
        period: "2026-01".into(),
        amount,
        original: amount,
        due: date(due),
    };
    // 31 January to 1 March 2026: February has 28 days, so 29 days.
    assert_eq!(p.late_fee(&line(100_000, "2026-01-31"), date("2026-03-01")), 870);
    // 2028 is a leap year: 28 February to 1 March is two days.
    assert_eq!(p.late_fee(&line(100_000, "2028-02-28"), date("2028-03-01")), 60);
    // 30 April to 31 May: 31 days.
    assert_eq!(p.late_fee(&line(100_000, "2026-04-30"), date("2026-05-31")), 930);
    // Half a fen rounds up; a day not yet reached costs nothing.
    let one = ArrearsPolicy { late_fee_per_10000: 1, ..p };
    assert_eq!(one.late_fee(&line(5_000, "2026-01-01"), date("2026-01-02")), 1);
    assert_eq!(one.late_fee(&line(4_999, "2026-01-01"), date("2026-01-02")), 0);
    assert_eq!(p.late_fee(&line(100_000, "2026-03-01"), date("2026-02-01")), 0);
    // A start 30 days after the due date.
    let later = ArrearsPolicy { late_fee_after_days: 30, ..p };
    assert_eq!(later.late_fee_from(date("2026-01-31")), date("2026-03-02"));
    assert_eq!(later.late_fee(&line(100_000, "2026-01-31"), date("2026-03-12")), 300);
    assert!(ArrearsPolicy { late_fee_per_10000: 11, ..p }.validate().is_err());
}

#[test]
fn stages_go_in_order_each_after_its_contact_and_the_late_fee_from_the_deadline_notice() {
    let mut s = MemStore::default();
    import(&mut s, "0190f5c2-7d1a-7000-8000-0000000000a1", LIST, &[("2栋-801", CASE), ("3栋-1502", OTHER)])
        .unwrap();
    let case = the_case(&s, CASE);
    assert_eq!((case.stage, case.status, case.owed()), (Stage::PaymentNotice, CaseStatus::Open, 108_550));
    let desk = desk_on("2026-12-01");
    assert_eq!(
        rejected(advance(Stage::DeadlineNotice).apply(&mut s, &desk)),
        (RejectionCode::Conflict, Some(Field::Stage))
    );
    assert_eq!(
        rejected(advance(Stage::ReminderNotice).apply(&mut s, &desk)),
        (RejectionCode::Invalid, Some(Field::Stage))
    );
    contact(None).apply(&mut s, &desk).unwrap();
    advance(Stage::ReminderNotice).apply(&mut s, &desk).unwrap();
    contact(None).apply(&mut s, &desk).unwrap();
    let policy = ArrearsPolicy::default();
    assert_eq!(
        policy.case_late_fee(&the_case(&s, CASE), date("2026-12-10")),
        0,
        "not before the deadline notice"
    );
    advance(Stage::DeadlineNotice).apply(&mut s, &desk).unwrap();
    let case = the_case(&s, CASE);
    assert_eq!(case.deadline, Some(date("2026-12-16")), "15 days from the notice");
    // 31 October to 10 December: 40 days of 万分之三 on ¥1085.50.
    assert_eq!(policy.case_late_fee(&case, date("2026-12-10")), 1_303);
    // The water paid on 2 December (32 days after its due date): its fee stops there, the
    // days before it still count.
    let water = RecordArrearsPayment {
        id: CASE.into(),
        fee_type: FeeType::Utilities,
        period: "2026-10".into(),
        amount: 8_550,
        receipt: "SF-1".into(),
    };
    Mutation::RecordArrearsPayment(water).apply(&mut s, &desk_on("2026-12-02")).unwrap();
    // ¥1000 × 40 days = 1200 fen; ¥85.50 × 32 days = 82.08 → 82 fen.
    assert_eq!(policy.case_late_fee(&the_case(&s, CASE), date("2026-12-10")), 1_200 + 82);

    // The building administrator it is assigned to visits from a patrol phone; the
    // supervisor's visit is the supervisor's to start.
    Mutation::AssignArrears(AssignArrears { id: CASE.into(), user_id: PATROL, assignee: "陈晨".into() })
        .apply(&mut s, &supervisor())
        .unwrap();
    let patrol = ctx(PATROL, Role::Patrol, "2026-12-02T02:00:00Z");
    contact(None).apply(&mut s, &patrol).unwrap();
    // Not before the deadline the notice gave has passed.
    assert_eq!(
        rejected(advance(Stage::AdministratorVisit).apply(&mut s, &patrol)),
        (RejectionCode::Conflict, Some(Field::Deadline))
    );
    assert!(!policy.due_for_next_stage(&the_case(&s, CASE), date("2026-12-16")));
    assert!(policy.due_for_next_stage(&the_case(&s, CASE), date("2026-12-17")));
    let patrol = ctx(PATROL, Role::Patrol, "2026-12-17T02:00:00Z");
    advance(Stage::AdministratorVisit).apply(&mut s, &patrol).unwrap();
    let visit = RecordArrearsContact {
        id: CASE.into(),
        channel: Channel::Visit,
        outcome: "上门，业主不在家，留下催缴通知书".into(),
        promise_by: None,
    };
    Mutation::RecordArrearsContact(visit).apply(&mut s, &patrol).unwrap();
    assert_eq!(rejected(advance(Stage::SupervisorVisit).apply(&mut s, &patrol)).0, RejectionCode::Forbidden);
    let stranger = ctx(8, Role::Patrol, "2026-12-17T02:00:00Z");
    assert_eq!(rejected(contact(None).apply(&mut s, &stranger)).0, RejectionCode::Forbidden);
    advance(Stage::SupervisorVisit).apply(&mut s, &ctx(2, Role::Supervisor, "2026-12-17T03:00:00Z")).unwrap();
    let stages: Vec<Stage> = the_case(&s, CASE).stages.iter().map(|s| s.stage).collect();
    assert_eq!(stages, Stage::ALL[..5].to_vec());
}

#[test]
fn a_promise_to_pay_holds_the_case_until_its_day_then_comes_due() {
    let mut s = MemStore::default();
    import(&mut s, "0190f5c2-7d1a-7000-8000-0000000000a1", LIST, &[("2栋-801", CASE), ("3栋-1502", OTHER)])
        .unwrap();
    let desk = desk_on("2026-12-01");
    assert_eq!(
        rejected(contact(Some("2026-11-30")).apply(&mut s, &desk)),
        (RejectionCode::Invalid, Some(Field::PromiseBy))
    );
    contact(Some("2026-12-20")).apply(&mut s, &desk).unwrap();
    // A later reminder without a promise does not cancel it.
    contact(None).apply(&mut s, &desk).unwrap();
    let policy = ArrearsPolicy::default();
    let case = the_case(&s, CASE);
    assert!(!policy.due_for_next_stage(&case, date("2026-12-15")), "held by the promise");
    assert!(!promise_due(&case, date("2026-12-20")));
    assert_eq!(
        rejected(advance(Stage::ReminderNotice).apply(&mut s, &desk_on("2026-12-15"))),
        (RejectionCode::Conflict, Some(Field::PromiseBy))
    );
    assert!(promise_due(&case, date("2026-12-21")));
    assert!(policy.due_for_next_stage(&case, date("2026-12-21")));
    advance(Stage::ReminderNotice).apply(&mut s, &desk_on("2026-12-21")).unwrap();
}

#[test]
fn a_new_import_updates_balances_keeps_what_each_said_and_the_collection_rate_follows() {
    let mut s = MemStore::default();
    import(&mut s, "0190f5c2-7d1a-7000-8000-0000000000a1", LIST, &[("2栋-801", CASE), ("3栋-1502", OTHER)])
        .unwrap();
    // The second list: the water bill paid, 3栋-1502 gone from it.
    let second = "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n2,801,物业管理费,2026-10,1000,2026-10-31\n";
    import(&mut s, "0190f5c2-7d1a-7000-8000-0000000000a2", second, &[("2栋-801", CASE)]).unwrap();
    let case = the_case(&s, CASE);
    assert_eq!(case.owed(), 100_000);
    assert_eq!(case.imports.iter().map(|i| i.total).collect::<Vec<_>>(), vec![108_550, 100_000]);
    let other = the_case(&s, OTHER);
    assert_eq!((other.status, other.owed(), other.imports.len()), (CaseStatus::Cleared, 0, 2));
    // A second case for the same unit is refused.
    let clash = import(
        &mut s,
        "0190f5c2-7d1a-7000-8000-0000000000a3",
        second,
        &[("2栋-801", "0190f5c2-7d1a-7000-8000-0000000000c9")],
    );
    assert!(matches!(clash, Err(ApplyError::Rejected(r)) if r.code == RejectionCode::Conflict));
    // One unit twice in one list (two new ids) is refused, not made two cases.
    let twice = parse_arrears_csv(second).unwrap();
    let entry = |id: &str| ImportedCase { case_id: id.into(), unit: "2栋-801".into(), rows: twice.clone() };
    let m = ImportArrears {
        id: "0190f5c2-7d1a-7000-8000-0000000000a4".into(),
        cases: vec![entry(CASE), entry("0190f5c2-7d1a-7000-8000-0000000000c8")],
    };
    assert_eq!(
        rejected(Mutation::ImportArrears(m).apply(&mut s, &supervisor())),
        (RejectionCode::Invalid, Some(Field::Lines))
    );

    let rates = collection([&case, &other]);
    let by = |f: FeeType| rates.iter().find(|c| c.fee_type == f).copied().unwrap();
    assert_eq!(by(FeeType::Utilities).rate_per_mille(), 1000);
    assert_eq!(by(FeeType::Parking).rate_per_mille(), 1000);
    assert_eq!(by(FeeType::Management).rate_per_mille(), 0);
    assert!(!by(FeeType::Management).on_target() && by(FeeType::Utilities).on_target());
}

#[test]
fn a_payment_is_at_most_what_is_owed_and_clears_the_unit() {
    let mut s = MemStore::default();
    import(&mut s, "0190f5c2-7d1a-7000-8000-0000000000a1", LIST, &[("2栋-801", CASE), ("3栋-1502", OTHER)])
        .unwrap();
    let pay = |fee_type, amount| {
        Mutation::RecordArrearsPayment(RecordArrearsPayment {
            id: CASE.into(),
            fee_type,
            period: "2026-10".into(),
            amount,
            receipt: "SF-20261201-001".into(),
        })
    };
    let desk = desk_on("2026-12-01");
    assert!(super::rules::owes(&s, "2栋-801").unwrap());
    assert_eq!(
        rejected(pay(FeeType::Utilities, 8_551).apply(&mut s, &desk)),
        (RejectionCode::Invalid, Some(Field::Amount))
    );
    assert_eq!(
        rejected(pay(FeeType::Parking, 100).apply(&mut s, &desk)),
        (RejectionCode::Invalid, Some(Field::Period))
    );
    assert_eq!(
        rejected(
            pay(FeeType::Utilities, 100).apply(&mut s, &ctx(PATROL, Role::Patrol, "2026-12-01T02:00:00Z"))
        )
        .0,
        RejectionCode::Forbidden
    );
    pay(FeeType::Utilities, 8_550).apply(&mut s, &desk).unwrap();
    pay(FeeType::Management, 100_000).apply(&mut s, &desk).unwrap();
    let case = the_case(&s, CASE);
    assert_eq!((case.status, case.payments.len()), (CaseStatus::Cleared, 2));
    assert!(!super::rules::owes(&s, "2栋-801").unwrap());
    assert_eq!(rejected(contact(None).apply(&mut s, &desk)).0, RejectionCode::Conflict);
}

#[test]
fn a_patrol_phone_gets_only_the_cases_assigned_to_it() {
    let mut s = MemStore::default();
    import(&mut s, "0190f5c2-7d1a-7000-8000-0000000000a1", LIST, &[("2栋-801", CASE), ("3栋-1502", OTHER)])
        .unwrap();
    Mutation::AssignArrears(AssignArrears { id: CASE.into(), user_id: PATROL, assignee: "陈晨".into() })
        .apply(&mut s, &supervisor())
        .unwrap();
    let patrol = Viewer { user_id: PATROL, role: Role::Patrol };
    assert!(the_case(&s, CASE).shown_to(patrol));
    assert!(!the_case(&s, OTHER).shown_to(patrol));
    assert!(the_case(&s, OTHER).shown_to(Viewer { user_id: 1, role: Role::Receptionist }));
    assert_eq!(
        rejected(
            Mutation::AssignArrears(AssignArrears {
                id: CASE.into(), user_id: 1, assignee: "王小红".into()
            })
            .apply(&mut s, &desk_on("2026-12-01"))
        )
        .0,
        RejectionCode::Forbidden
    );
}
