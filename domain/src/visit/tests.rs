//! The visitor rules: the host's answer, the do-not-admit list as typed, day passes used once
//! on their day, and old visitors' details removed.

use super::block::{DoNotAdmit, Matched, normal_name, normal_phone};
use super::day_pass::{DayPassCode, PassVerdict};
use super::record::{HostAnswer, Visit, VisitStatus};
use super::rules::{do_not_admit, pass_at_gate, past_retention};
use crate::Role;
use crate::apply::{Ctx, Record};
use crate::keys::record::IdType;
use crate::release::pass::DeviceSecret;
use crate::sync::commands::*;
use crate::sync::store::{MemStore, Store};
use crate::sync::{Kind, Mutation, RejectionCode};
use chrono::NaiveDate;

const V: &str = "0190f5c2-7d1a-7000-8000-0000000000a1";
const B: &str = "0190f5c2-7d1a-7000-8000-0000000000b1";
const P: &str = "0190f5c2-7d1a-7000-8000-0000000000c1";
const KEY: &str = "0190f5c2-7d1a-7000-8000-0000000000e1";

fn ctx(role: Role, now: &str) -> Ctx {
    Ctx { user_id: 3, user_name: "王小红".into(), role, now: now.parse().unwrap(), by_owner: false }
}
fn desk() -> Ctx {
    ctx(Role::Receptionist, "2026-12-07T02:00:00Z")
}
fn guard() -> Ctx {
    Ctx { user_name: "赵军".into(), ..ctx(Role::Security, "2026-12-07T13:00:00Z") }
}
fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn store() -> MemStore {
    MemStore {
        register: Some(["3栋-1502".to_string(), "2栋-801".to_string()].into()), ..Default::default()
    }
}
fn visit(id: &str, name: &str) -> RegisterVisit {
    RegisterVisit {
        id: id.into(),
        visitor_name: name.into(),
        unit: "3-1502".into(),
        purpose: "探亲".into(),
        phone: Some("139 1234 5678".into()),
        host: "李明".into(),
        ..Default::default()
    }
}
fn code(
    r: Result<crate::apply::Applied, crate::apply::ApplyError>,
) -> Option<(RejectionCode, Option<crate::field::Field>)> {
    match r {
        Err(crate::apply::ApplyError::Rejected(r)) => Some((r.code, r.field)),
        _ => None,
    }
}
fn read(s: &MemStore, id: &str) -> Visit {
    serde_json::from_value(s.get(Kind::Visit, id).unwrap().unwrap().body).unwrap()
}
fn call(admitted: bool) -> NewAnswer {
    NewAnswer {
        answer: HostAnswer::Call {
            phone: "13800001502".into(),
            answered_by: "李明".into(),
            at: "2026-12-07T09:58".into(),
        },
        admitted,
        reason: if admitted { String::new() } else { "不认识此人".into() },
    }
}

#[test]
fn a_visitor_waits_for_the_host_goes_up_when_they_agree_and_signs_out_once() {
    let mut s = store();
    Mutation::RegisterVisit(visit(V, "韩梅梅")).apply(&mut s, &desk()).unwrap();
    let v = read(&s, V);
    assert_eq!(
        (v.status(), v.unit.as_str(), v.phone.as_deref()),
        (VisitStatus::WaitingForHost, "3栋-1502", Some("13912345678"))
    );
    assert!(v.still_here() && !v.at_gate);
    // A call answered in the future (by the tablet's clock) is refused.
    let mut ahead = call(true);
    ahead.answer = HostAnswer::Call {
        phone: "13800001502".into(),
        answered_by: "李明".into(),
        at: "2026-12-07T10:30".into(),
    };
    let r = Mutation::ConfirmVisit(ConfirmVisit { id: V.into(), answer: ahead }).apply(&mut s, &desk());
    assert_eq!(code(r), Some((RejectionCode::Invalid, Some(crate::field::Field::AnswerAt))));
    Mutation::ConfirmVisit(ConfirmVisit { id: V.into(), answer: call(true) }).apply(&mut s, &desk()).unwrap();
    assert_eq!(read(&s, V).status(), VisitStatus::Inside);
    let again =
        Mutation::ConfirmVisit(ConfirmVisit { id: V.into(), answer: call(false) }).apply(&mut s, &desk());
    assert_eq!(code(again).map(|c| c.0), Some(RejectionCode::Conflict));
    Mutation::RecordVisitExit(RecordVisitExit { id: V.into() }).apply(&mut s, &desk()).unwrap();
    assert_eq!(read(&s, V).status(), VisitStatus::Left);
    let twice = Mutation::RecordVisitExit(RecordVisitExit { id: V.into() }).apply(&mut s, &desk());
    assert_eq!(code(twice).map(|c| c.0), Some(RejectionCode::Conflict));
}

#[test]
fn a_host_who_refuses_keeps_the_visitor_out_and_on_record() {
    let mut s = store();
    let mut v = visit(V, "韩梅梅");
    v.answer = Some(call(false));
    Mutation::RegisterVisit(v).apply(&mut s, &desk()).unwrap();
    let v = read(&s, V);
    assert_eq!(v.status(), VisitStatus::Refused);
    assert_eq!(v.confirmation.as_ref().unwrap().reason, "不认识此人");
    assert!(!v.still_here());
    let out = Mutation::RecordVisitExit(RecordVisitExit { id: V.into() }).apply(&mut s, &desk());
    assert_eq!(code(out).map(|c| c.0), Some(RejectionCode::Conflict));
    // A day pass is never typed as an answer.
    let mut forged = visit("0190f5c2-7d1a-7000-8000-0000000000a2", "李雷");
    forged.answer = Some(NewAnswer {
        answer: HostAnswer::DayPass { pass_id: P.into() },
        admitted: true,
        reason: String::new(),
    });
    assert_eq!(
        code(Mutation::RegisterVisit(forged).apply(&mut s, &desk())).map(|c| c.0),
        Some(RejectionCode::Invalid)
    );
}

#[test]
fn an_id_is_asked_where_the_property_says_and_only_its_last_four_are_kept() {
    let mut s = store();
    let mut settings = crate::settings::Settings::default();
    settings.visitors.id_required = true;
    Mutation::SaveSettings(SaveSettings { id: crate::settings::SETTINGS_ID.into(), settings })
        .apply(&mut s, &ctx(Role::Manager, "2026-12-07T02:00:00Z"))
        .unwrap();
    let none = Mutation::RegisterVisit(visit(V, "韩梅梅")).apply(&mut s, &desk());
    assert_eq!(code(none), Some((RejectionCode::Invalid, Some(crate::field::Field::IdType))));
    let mut v = visit(V, "韩梅梅");
    (v.id_type, v.id_last4) = (Some(IdType::ResidentCard), Some("123456".into()));
    let long = Mutation::RegisterVisit(v.clone()).apply(&mut s, &desk());
    assert_eq!(code(long), Some((RejectionCode::Invalid, Some(crate::field::Field::IdLast4))));
    v.id_last4 = Some("123x".into());
    Mutation::RegisterVisit(v).apply(&mut s, &desk()).unwrap();
    assert_eq!(read(&s, V).id_last4.as_deref(), Some("123X"));
}

#[test]
fn names_and_phones_match_the_list_however_they_are_typed() {
    assert_eq!(normal_name(" 张 · 伟 "), "张伟");
    assert_eq!(normal_name("ＺＨＡＮＧ　Wei"), "zhangwei");
    assert_eq!(normal_phone("+86 139-1234-5678"), "13912345678");
    assert_eq!(normal_phone("１３９１２３４５６７８"), "13912345678");
    let entry = DoNotAdmit {
        unit: "3栋-1502".into(),
        name: "张伟".into(),
        phone: Some("13912345678".into()),
        reason: "业主要求".into(),
        until: day("2026-12-31"),
        instructed_by: "李明".into(),
        set_by_name: "王小红".into(),
        set_at: "2026-12-01T02:00:00Z".parse().unwrap(),
        lifted: None,
    };
    assert_eq!(entry.matches("张 伟", ""), Some(Matched::Name));
    assert_eq!(entry.matches("张伟（快递）", ""), Some(Matched::Name));
    assert_eq!(entry.matches("张", ""), None, "a surname alone is no one");
    assert_eq!(entry.matches("张伟明", ""), None, "another person whose name holds it");
    assert_eq!(entry.matches("李张伟", ""), None);
    assert_eq!(entry.matches("李四", "+86 139 1234 5678"), Some(Matched::Phone));
    assert_eq!(entry.matches("李四", "13912345679"), None);
    assert!(entry.in_force(day("2026-12-31")) && !entry.in_force(day("2027-01-01")));
}

#[test]
fn the_list_refuses_a_listed_visitor_on_the_device_until_it_is_lifted_or_ends() {
    let mut s = store();
    let set = SetDoNotAdmit {
        id: B.into(),
        unit: "3-1502".into(),
        visitor_name: "张伟".into(),
        phone: None,
        reason: "业主要求：家庭纠纷".into(),
        until: day("2026-12-31"),
        instructed_by: "李明".into(),
    };
    let by_guard = Mutation::SetDoNotAdmit(set.clone()).apply(&mut s, &guard());
    assert_eq!(code(by_guard).map(|c| c.0), Some(RejectionCode::Forbidden));
    Mutation::SetDoNotAdmit(set).apply(&mut s, &desk()).unwrap();
    let typed = do_not_admit(&s, "3-1502", "张 伟", "", day("2026-12-07")).unwrap();
    assert_eq!(typed.map(|(b, m)| (b.reason, m)), Some(("业主要求：家庭纠纷".to_string(), Matched::Name)));
    // Refused at the desk and at the gate; another unit's visitor of that name is not.
    let r = Mutation::RegisterVisit(visit(V, "张伟")).apply(&mut s, &desk());
    assert_eq!(code(r), Some((RejectionCode::Conflict, Some(crate::field::Field::DoNotAdmit))));
    assert_eq!(
        code(Mutation::RegisterVisit(visit(V, "张伟")).apply(&mut s, &guard())).map(|c| c.0),
        Some(RejectionCode::Conflict)
    );
    assert!(s.get(Kind::Visit, V).unwrap().is_none(), "nothing written");
    let mut elsewhere = visit(V, "张伟");
    elsewhere.unit = "2-801".into();
    Mutation::RegisterVisit(elsewhere).apply(&mut s, &desk()).unwrap();
    Mutation::LiftDoNotAdmit(LiftDoNotAdmit { id: B.into(), reason: "业主撤回".into() })
        .apply(&mut s, &desk())
        .unwrap();
    Mutation::RegisterVisit(visit("0190f5c2-7d1a-7000-8000-0000000000a3", "张伟"))
        .apply(&mut s, &desk())
        .unwrap();
}

fn secret() -> DeviceSecret {
    DeviceSecret::from_bytes([9u8; 32])
}

fn with_key(s: &mut MemStore) {
    Mutation::RegisterDeviceKey(RegisterDeviceKey {
        id: KEY.into(),
        public_hex: secret().public_hex(),
        label: "前台平板".into(),
        device_id: Some("device-1".into()),
    })
    .apply(s, &desk())
    .unwrap();
}

fn issue(day_: &str) -> IssueDayPass {
    let code = DayPassCode {
        pass_id: P.into(),
        unit: "3栋-1502".into(),
        visitor_name: "韩梅梅".into(),
        day: day(day_),
        key_id: KEY.into(),
    };
    IssueDayPass {
        id: P.into(),
        unit: "3-1502".into(),
        visitor_name: "韩梅梅".into(),
        phone: None,
        host: "李明".into(),
        purpose: "送文件".into(),
        day: day(day_),
        companions: 1,
        plate: Some("粤b12345".into()),
        code: code.sign(&secret()),
    }
}

fn entry(text: &str) -> RegisterVisit {
    let pass = super::day_pass::SignedDayPass::from_qr(text).unwrap();
    RegisterVisit {
        id: pass.code.pass_id.clone(),
        visitor_name: pass.code.visitor_name.clone(),
        unit: pass.code.unit.clone(),
        purpose: "预约访客".into(),
        pass: Some(pass),
        ..Default::default()
    }
}

#[test]
fn a_day_pass_lets_its_visitor_in_once_on_its_day_checked_with_no_network() {
    let mut s = store();
    with_key(&mut s);
    let p = issue("2026-12-07");
    Mutation::IssueDayPass(p.clone()).apply(&mut s, &desk()).unwrap();
    let text = p.code.qr_text();
    // The guard's phone: the keys, nothing else (the desk's pass has not reached it).
    let mut gate = MemStore::default();
    with_key(&mut gate);
    let today = day("2026-12-07");
    assert_eq!(pass_at_gate(&gate, &text, today).unwrap().1, PassVerdict::Valid);
    assert_eq!(pass_at_gate(&gate, &text, day("2026-12-06")).unwrap().1, PassVerdict::NotYet { day: today });
    assert_eq!(pass_at_gate(&gate, &text, day("2026-12-08")).unwrap().1, PassVerdict::Expired { day: today });
    let forged = text.replace("韩梅梅", "李雷");
    assert_eq!(pass_at_gate(&gate, &forged, today).unwrap().1, PassVerdict::Forged);
    assert_eq!(pass_at_gate(&gate, "STEWARD-SLIP1:{}", today).unwrap().1, PassVerdict::NotAPass);
    Mutation::RegisterVisit(entry(&text)).apply(&mut gate, &guard()).unwrap();
    let v = read(&gate, P);
    assert_eq!((v.status(), v.at_gate), (VisitStatus::Inside, true));
    assert!(
        matches!(pass_at_gate(&gate, &text, today).unwrap().1, PassVerdict::Used { by_name, .. } if by_name == "赵军")
    );
    let twice = Mutation::RegisterVisit(entry(&text)).apply(&mut gate, &guard());
    assert_eq!(code(twice), Some((RejectionCode::Conflict, Some(crate::field::Field::DayPass))));
    // After its day the entry is refused; the server takes a gate's entry a day late.
    let mut late = store();
    with_key(&mut late);
    let tomorrow = Ctx { now: "2026-12-08T01:00:00Z".parse().unwrap(), ..guard() };
    assert_eq!(
        code(Mutation::RegisterVisit(entry(&text)).apply(&mut late.clone(), &tomorrow)).map(|c| c.1),
        Some(Some(crate::field::Field::DayPass))
    );
    late.complete = true;
    Mutation::RegisterVisit(entry(&text)).apply(&mut late, &tomorrow).unwrap();
}

#[test]
fn a_day_pass_is_issued_only_as_its_code_says_for_someone_not_on_the_list() {
    let mut s = store();
    with_key(&mut s);
    let mut altered = issue("2026-12-07");
    altered.visitor_name = "李雷".into();
    assert_eq!(
        code(Mutation::IssueDayPass(altered).apply(&mut s, &desk())).map(|c| c.1),
        Some(Some(crate::field::Field::DayPass))
    );
    let far = issue("2027-02-01");
    assert_eq!(
        code(Mutation::IssueDayPass(far).apply(&mut s, &desk())).map(|c| c.1),
        Some(Some(crate::field::Field::Day))
    );
    let by_guard = Mutation::IssueDayPass(issue("2026-12-07")).apply(&mut s, &guard());
    assert_eq!(code(by_guard).map(|c| c.0), Some(RejectionCode::Forbidden));
    Mutation::SetDoNotAdmit(SetDoNotAdmit {
        id: B.into(),
        unit: "3栋-1502".into(),
        visitor_name: "韩 梅梅".into(),
        phone: None,
        reason: "业主要求".into(),
        until: day("2026-12-31"),
        instructed_by: "李明".into(),
    })
    .apply(&mut s, &desk())
    .unwrap();
    assert_eq!(
        code(Mutation::IssueDayPass(issue("2026-12-07")).apply(&mut s, &desk())).map(|c| c.0),
        Some(RejectionCode::Conflict)
    );
    // A pass issued before the instruction is refused at the gate from then on.
    let mut gate = s.clone();
    let p = issue("2026-12-07");
    let verdict = pass_at_gate(&gate, &p.code.qr_text(), day("2026-12-07")).unwrap().1;
    assert!(matches!(verdict, PassVerdict::DoNotAdmit { .. }), "{verdict:?}");
    assert!(Mutation::RegisterVisit(entry(&p.code.qr_text())).apply(&mut gate, &guard()).is_err());
}

#[test]
fn old_visits_lose_their_phone_and_id_digits_by_the_rule_only() {
    let mut s = store();
    let mut v = visit(V, "韩梅梅");
    (v.id_type, v.id_last4, v.answer) = (Some(IdType::Passport), Some("A123".into()), Some(call(true)));
    Mutation::RegisterVisit(v).apply(&mut s, &desk()).unwrap();
    let sweep = |now: &str| {
        Mutation::RemoveVisitorDetails(RemoveVisitorDetails { id: V.into() })
            .apply(&mut s.clone(), &Ctx::rules(now.parse().unwrap()))
    };
    assert_eq!(
        code(sweep("2027-02-01T00:00:00Z")).map(|c| c.0),
        Some(RejectionCode::Conflict),
        "not yet 90 days"
    );
    assert!(past_retention(day("2026-12-07"), 90, day("2027-03-08")));
    let by_desk =
        Mutation::RemoveVisitorDetails(RemoveVisitorDetails { id: V.into() }).apply(&mut s, &desk());
    assert_eq!(code(by_desk).map(|c| c.0), Some(RejectionCode::Forbidden));
    Mutation::RemoveVisitorDetails(RemoveVisitorDetails { id: V.into() })
        .apply(&mut s, &Ctx::rules("2027-03-08T00:00:00Z".parse().unwrap()))
        .unwrap();
    let v = read(&s, V);
    assert_eq!((v.phone, v.id_type, v.id_last4, v.details_removed), (None, None, None, true));
    assert!(matches!(v.confirmation.unwrap().answer, HostAnswer::Call { phone, .. } if phone.is_empty()));
    assert_eq!(
        (v.visitor_name.as_str(), v.unit.as_str()),
        ("韩梅梅", "3栋-1502"),
        "the rest stays on record"
    );
}

#[test]
fn a_guards_phone_holds_visitors_numbers_masked() {
    let mut s = store();
    let mut v = visit(V, "韩梅梅");
    v.answer = Some(call(true));
    Mutation::RegisterVisit(v).apply(&mut s, &desk()).unwrap();
    let held = read(&s, V).redacted_for(Role::Security);
    assert_eq!(held.phone.as_deref(), Some("139****5678"));
    assert!(
        matches!(held.confirmation.unwrap().answer, HostAnswer::Call { phone, .. } if phone == "138****1502")
    );
    assert_eq!(read(&s, V).redacted_for(Role::Receptionist).phone.as_deref(), Some("13912345678"));
}

#[test]
fn visitors_not_signed_out_are_on_the_handover() {
    use crate::handover::open_items::{Records, open_items};
    use crate::handover::record::OpenKind;
    let mut s = store();
    Mutation::RegisterVisit(visit(V, "韩梅梅")).apply(&mut s, &desk()).unwrap();
    let mut refused = visit("0190f5c2-7d1a-7000-8000-0000000000a2", "李雷");
    refused.answer = Some(call(false));
    Mutation::RegisterVisit(refused).apply(&mut s, &desk()).unwrap();
    let visits: Vec<(String, Visit)> =
        [V, "0190f5c2-7d1a-7000-8000-0000000000a2"].iter().map(|id| (id.to_string(), read(&s, id))).collect();
    let now: crate::clock::Timestamp = "2026-12-07T10:00:00Z".parse().unwrap();
    let window = crate::shift::Shifts::default().window(&now);
    let items = open_items(
        &Records { tickets: &[], loans: &[], notices: &[], visits: &visits, items: &[] },
        &window,
        &now,
    );
    assert_eq!(
        items.iter().map(|i| (i.kind, i.label.as_str())).collect::<Vec<_>>(),
        vec![(OpenKind::VisitorInside, "韩梅梅 → 3栋-1502")]
    );
}

#[test]
fn a_visit_stays_on_record_once_answered_so_a_pass_cannot_be_used_twice() {
    let mut s = store();
    with_key(&mut s);
    let p = issue("2026-12-07");
    Mutation::IssueDayPass(p.clone()).apply(&mut s, &desk()).unwrap();
    Mutation::RegisterVisit(entry(&p.code.qr_text())).apply(&mut s, &guard()).unwrap();
    let undo = Mutation::WithdrawVisit(WithdrawVisit { id: P.into() }).apply(&mut s, &guard());
    assert_eq!(code(undo).map(|c| c.0), Some(RejectionCode::Conflict));
    assert!(matches!(
        pass_at_gate(&s, &p.code.qr_text(), day("2026-12-07")).unwrap().1,
        PassVerdict::Used { .. }
    ));
    // The pass's own details go with the entry: the host, the plate.
    let v = read(&s, P);
    assert_eq!((v.host.as_str(), v.plate.as_deref(), v.companions), ("李明", Some("粤B12345"), 1));
    // A refusal stays on record too; a visit still waiting may be withdrawn.
    let mut refused = visit(V, "李雷");
    refused.answer = Some(call(false));
    Mutation::RegisterVisit(refused).apply(&mut s, &desk()).unwrap();
    assert!(Mutation::WithdrawVisit(WithdrawVisit { id: V.into() }).apply(&mut s, &desk()).is_err());
    let waiting = "0190f5c2-7d1a-7000-8000-0000000000a4";
    Mutation::RegisterVisit(visit(waiting, "韩梅梅")).apply(&mut s, &desk()).unwrap();
    Mutation::WithdrawVisit(WithdrawVisit { id: waiting.into() }).apply(&mut s, &desk()).unwrap();
}

#[test]
fn a_unit_typed_out_of_the_register_is_refused_not_kept_as_a_place_the_list_never_sees() {
    let mut s = store();
    let mut v = visit(V, "张伟");
    v.unit = "3栋-1502室".into();
    assert_eq!(
        code(Mutation::RegisterVisit(v).apply(&mut s, &desk())).map(|c| c.1),
        Some(Some(crate::field::Field::Unit))
    );
}

#[test]
fn a_pass_holder_needs_no_typed_id_and_an_answer_after_an_instruction_is_refused() {
    let mut s = store();
    with_key(&mut s);
    let mut settings = crate::settings::Settings::default();
    settings.visitors.id_required = true;
    Mutation::SaveSettings(SaveSettings { id: crate::settings::SETTINGS_ID.into(), settings })
        .apply(&mut s, &ctx(Role::Manager, "2026-12-07T02:00:00Z"))
        .unwrap();
    let p = issue("2026-12-07");
    Mutation::IssueDayPass(p.clone()).apply(&mut s, &desk()).unwrap();
    Mutation::RegisterVisit(entry(&p.code.qr_text())).apply(&mut s, &guard()).unwrap();
    // Waiting at the desk when the owner calls to refuse this person: the admission fails.
    let mut v = visit(V, "张伟");
    (v.id_type, v.id_last4) = (Some(IdType::Passport), Some("E123".into()));
    Mutation::RegisterVisit(v).apply(&mut s, &desk()).unwrap();
    Mutation::SetDoNotAdmit(SetDoNotAdmit {
        id: B.into(),
        unit: "3栋-1502".into(),
        visitor_name: "张伟".into(),
        phone: None,
        reason: "业主来电".into(),
        until: day("2026-12-08"),
        instructed_by: "李明".into(),
    })
    .apply(&mut s, &desk())
    .unwrap();
    let admit =
        Mutation::ConfirmVisit(ConfirmVisit { id: V.into(), answer: call(true) }).apply(&mut s, &desk());
    assert_eq!(code(admit).map(|c| c.0), Some(RejectionCode::Conflict));
    Mutation::ConfirmVisit(ConfirmVisit { id: V.into(), answer: call(false) })
        .apply(&mut s, &desk())
        .unwrap();
}

#[test]
fn a_listed_visitor_turned_away_is_recorded_with_the_lists_reason() {
    let mut s = store();
    Mutation::SetDoNotAdmit(SetDoNotAdmit {
        id: B.into(),
        unit: "3栋-1502".into(),
        visitor_name: "张伟".into(),
        phone: None,
        reason: "家庭纠纷".into(),
        until: day("2026-12-31"),
        instructed_by: "李明".into(),
    })
    .apply(&mut s, &desk())
    .unwrap();
    let mut v = visit(V, "张伟（快递）");
    v.answer = Some(NewAnswer { reason: String::new(), ..call(false) });
    Mutation::RegisterVisit(v).apply(&mut s, &desk()).unwrap();
    let v = read(&s, V);
    assert_eq!(
        (v.status(), v.confirmation.unwrap().reason.as_str()),
        (VisitStatus::Refused, "拒绝来访名单：家庭纠纷")
    );
}

/// A pass the server refused (issued offline to a unit not in the register): the gates learn
/// it, and its printed code admits nobody — at the scan, and at the entry.
#[test]
fn a_pass_the_server_refused_admits_nobody_at_a_gate_that_learned_it() {
    let mut server = MemStore { complete: true, ..store() };
    with_key(&mut server);
    let mut p = issue("2026-12-07");
    p.unit = "9-999".into();
    p.code = DayPassCode { unit: "9栋-999".into(), ..p.code.code.clone() }.sign(&secret());
    let why = match Mutation::IssueDayPass(p.clone()).apply(&mut server, &desk()) {
        Err(crate::apply::ApplyError::Rejected(r)) => r,
        other => panic!("{other:?}"),
    };
    assert!(super::rules::void_refused_pass(&mut server, &desk(), &p, &why).unwrap());
    assert!(!super::rules::void_refused_pass(&mut server, &desk(), &p, &why).unwrap(), "once");
    // The gate's phone: the keys, and the void it pulled.
    let mut gate = MemStore::default();
    with_key(&mut gate);
    let text = p.code.qr_text();
    let today = day("2026-12-07");
    assert_eq!(pass_at_gate(&gate, &text, today).unwrap().1, PassVerdict::Valid, "before it learns");
    let void = server.get(Kind::VoidSlip, P).unwrap().unwrap();
    gate.put(Kind::VoidSlip, P, void.body).unwrap();
    assert!(matches!(
        pass_at_gate(&gate, &text, today).unwrap().1,
        PassVerdict::Refused { code: RejectionCode::NotFound, .. }
    ));
    let mut at_gate = entry(&text);
    at_gate.unit = "9栋-999".into();
    gate.register = None;
    let refused = Mutation::RegisterVisit(at_gate).apply(&mut gate, &guard());
    assert_eq!(code(refused), Some((RejectionCode::Conflict, Some(crate::field::Field::DayPass))));
}

/// The owner calls the visit off: the desk cancels the pass, and a gate holding it turns the
/// visitor away, offline; a pass already used cannot be cancelled.
#[test]
fn a_cancelled_pass_is_turned_away_at_the_gate() {
    let mut s = store();
    with_key(&mut s);
    let p = issue("2026-12-07");
    Mutation::IssueDayPass(p.clone()).apply(&mut s, &desk()).unwrap();
    let cancel = Mutation::CancelDayPass(CancelDayPass { id: P.into(), reason: "业主来电取消".into() });
    assert_eq!(code(cancel.apply(&mut s.clone(), &guard())).map(|c| c.0), Some(RejectionCode::Forbidden));
    cancel.apply(&mut s, &desk()).unwrap();
    assert_eq!(code(cancel.apply(&mut s, &desk())).map(|c| c.0), Some(RejectionCode::Conflict));
    let text = p.code.qr_text();
    assert!(matches!(
        pass_at_gate(&s, &text, day("2026-12-07")).unwrap().1,
        PassVerdict::Cancelled { reason, .. } if reason == "业主来电取消"
    ));
    let refused = Mutation::RegisterVisit(entry(&text)).apply(&mut s, &guard());
    assert_eq!(code(refused), Some((RejectionCode::Conflict, Some(crate::field::Field::DayPass))));
    // Used first: no cancelling afterwards.
    let mut used = store();
    with_key(&mut used);
    Mutation::IssueDayPass(p.clone()).apply(&mut used, &desk()).unwrap();
    Mutation::RegisterVisit(entry(&text)).apply(&mut used, &guard()).unwrap();
    assert_eq!(code(cancel.apply(&mut used, &desk())).map(|c| c.0), Some(RejectionCode::Conflict));
}
