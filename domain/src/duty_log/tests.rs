//! The duty log's rules: append-only, corrections, the supervisor's sign-off.

use super::*;
use crate::Role;
use crate::sync::store::MemStore;

fn ctx(role: Role, now: &str) -> Ctx {
    Ctx { user_id: 1, user_name: "吴艳".into(), role, now: now.parse().unwrap(), by_owner: false }
}
const DAY1: &str = "2026-12-01T02:00:00Z"; // 10:00 on 12-01 in Beijing
const DAY2: &str = "2026-12-02T02:00:00Z";

fn id(n: u8) -> String {
    format!("0190f5c2-7d1a-7000-8000-0000000000{n:02}")
}

fn code(r: Result<(), ApplyError>) -> (RejectionCode, Option<Field>) {
    match r {
        Err(ApplyError::Rejected(r)) => (r.code, r.field),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_signed_day_takes_only_late_corrections() {
    let mut s = MemStore::default();
    let desk = ctx(Role::Receptionist, DAY1);
    append(&mut s, &desk, &id(1), "早班接班，大堂正常", None, None).unwrap();
    assert_eq!(code(sign(&mut s, &desk, &id(2), "2026-12-01", "")).0, RejectionCode::Forbidden);
    let supervisor = ctx(Role::Supervisor, "2026-12-01T15:00:00Z"); // 23:00 on 12-01
    assert_eq!(
        code(sign(&mut s, &supervisor, &id(2), "2026-12-01", "")).1,
        Some(Field::Signs),
        "not while it lasts"
    );
    let next_morning = ctx(Role::Supervisor, "2026-12-02T00:30:00Z");
    assert_eq!(
        code(sign(&mut s, &next_morning, &id(2), "0001-01-01", "")).1,
        Some(Field::Signs),
        "not a day of this log"
    );
    sign(&mut s, &next_morning, &id(2), "2026-12-01", "").unwrap();
    assert_eq!(
        code(sign(&mut s, &next_morning, &id(3), "2026-12-01", "")).0,
        RejectionCode::Conflict,
        "once"
    );

    // An entry that reaches the server after the sign-off but belongs to the signed day
    // (written offline late on 12-01, stamped by the server's clock then) is refused…
    let late_desk = ctx(Role::Receptionist, "2026-12-01T15:30:00Z");
    assert_eq!(
        code(append(&mut s, &late_desk, &id(4), "补记", None, None)),
        (RejectionCode::Conflict, Some(Field::Signs))
    );
    // …a correction is taken, marked late.
    append(&mut s, &late_desk, &id(5), "更正：大堂灯一盏不亮", Some(&id(1)), None).unwrap();
    let (c, _) = load::<DutyLogEntry>(&s, &id(5)).unwrap();
    assert!(c.late && c.corrects == Some(id(1)));

    // The next day is open again; a correction of the signed day is late there too.
    let next = ctx(Role::Receptionist, DAY2);
    append(&mut s, &next, &id(6), "早班接班", None, None).unwrap();
    append(&mut s, &next, &id(7), "再更正", Some(&id(1)), None).unwrap();
    assert!(load::<DutyLogEntry>(&s, &id(7)).unwrap().0.late);
    assert!(!load::<DutyLogEntry>(&s, &id(6)).unwrap().0.late);
}

#[test]
fn unsigned_past_days_are_the_supervisor_s_to_do() {
    let mut s = MemStore::default();
    append(&mut s, &ctx(Role::Receptionist, DAY1), &id(1), "一", None, None).unwrap();
    append(&mut s, &ctx(Role::Receptionist, DAY2), &id(2), "二", None, None).unwrap();
    let entries: Vec<DutyLogEntry> =
        [1, 2].iter().map(|n| load::<DutyLogEntry>(&s, &id(*n)).unwrap().0).collect();
    let today: NaiveDate = "2026-12-02".parse().unwrap();
    assert_eq!(unsigned_days(&entries, today), vec!["2026-12-01".parse::<NaiveDate>().unwrap()]);
    sign(&mut s, &ctx(Role::Manager, DAY2), &id(3), "2026-12-01", "已阅，电梯事项跟进").unwrap();
    let entries: Vec<DutyLogEntry> =
        [1, 2, 3].iter().map(|n| load::<DutyLogEntry>(&s, &id(*n)).unwrap().0).collect();
    assert!(unsigned_days(&entries, today).is_empty());
}

#[test]
fn the_log_reads_by_shift_and_each_corrected_entry_knows_its_correction() {
    let mut s = MemStore::default();
    append(&mut s, &ctx(Role::Receptionist, "2026-12-01T01:00:00Z"), &id(1), "早班一", None, None).unwrap(); // 09:00
    append(&mut s, &ctx(Role::Receptionist, "2026-12-01T03:00:00Z"), &id(2), "早班二", None, None).unwrap(); // 11:00
    append(&mut s, &ctx(Role::Receptionist, "2026-12-01T09:00:00Z"), &id(3), "更正", Some(&id(1)), None)
        .unwrap(); // 17:00
    let rows: Vec<(String, DutyLogEntry)> =
        (1..=3).map(|n| (id(n), load::<DutyLogEntry>(&s, &id(n)).unwrap().0)).collect();
    let fixes = corrections(rows.iter().map(|(i, e)| (i.as_str(), e)));
    assert_eq!(fixes.get(&id(1)), Some(&vec![id(3)]));
    let pages = by_shift(rows, |r| &r.1, &crate::shift::Shifts::default());
    let heads: Vec<(String, usize)> = pages.iter().map(|p| (p.shift.clone(), p.entries.len())).collect();
    assert_eq!(heads, vec![("中班".to_string(), 1), ("早班".to_string(), 2)]);
    assert_eq!(pages[1].entries[0].0, id(2), "newest first");
}

#[test]
fn an_entry_written_before_sign_offs_existed_still_reads() {
    let old = r#"{"author":1,"author_name":"王小红","text":"x","corrects":null,"written_at":"2026-11-22T10:00:00Z"}"#;
    let e: DutyLogEntry = serde_json::from_str(old).unwrap();
    assert_eq!(serde_json::to_string(&e).unwrap(), old, "written back byte for byte");
}

#[test]
fn an_entry_written_offline_keeps_the_day_and_shift_it_was_written_in() {
    let mut s = MemStore::default();
    // Typed at 23:50 on 12-07 (夜班), reaching the server at 08:10 on 12-08.
    let typed: Timestamp = "2026-12-07T15:50:00Z".parse().unwrap();
    let arrived = ctx(Role::Receptionist, "2026-12-08T00:10:00Z");
    append(&mut s, &arrived, &id(1), "23:50 地库巡查正常", None, Some(&typed)).unwrap();
    let e: DutyLogEntry = crate::apply::load(&s, &id(1)).unwrap().0;
    assert_eq!((e.written_at.clone(), e.day().to_string()), (typed.clone(), "2026-12-07".to_string()));
    assert_eq!(e.received_at, Some(arrived.now.clone()), "the receipt time kept beside it");
    // Its day was signed meanwhile: kept all the same, marked late.
    let supervisor = ctx(Role::Supervisor, "2026-12-08T00:20:00Z");
    sign(&mut s, &supervisor, &id(2), "2026-12-07", "").unwrap();
    let later = ctx(Role::Receptionist, "2026-12-08T00:30:00Z");
    append(&mut s, &later, &id(3), "23:55 补记", None, Some(&"2026-12-07T15:55:00Z".parse().unwrap()))
        .unwrap();
    assert!(crate::apply::load::<DutyLogEntry>(&s, &id(3)).unwrap().0.late);
    // A device clock far off is not believed: filed at the server's time.
    append(&mut s, &later, &id(4), "时钟错了", None, Some(&"2026-11-01T00:00:00Z".parse().unwrap())).unwrap();
    let e: DutyLogEntry = crate::apply::load(&s, &id(4)).unwrap().0;
    assert_eq!((e.written_at, e.received_at), (later.now.clone(), None));
    append(&mut s, &later, &id(5), "时钟快了", None, Some(&"2026-12-08T03:00:00Z".parse().unwrap())).unwrap();
    assert_eq!(crate::apply::load::<DutyLogEntry>(&s, &id(5)).unwrap().0.written_at, later.now);
}
