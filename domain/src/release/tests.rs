//! The goods-release rules: the desk's checks, the signed pass, the gate, the day's count.

use super::gate::{self, DeviceKey, GateCheck, Released, Verdict};
use super::issue::{Applicant, Application, ArrearsOverride, IssueRefusal, Restriction, UnitStanding, check};
use super::pass::{PassItem, SlipPass, public_hex};
use super::reconcile::{Line, SlipDay, reconcile};
use crate::Role;
use crate::keys::record::{Consent, IdType};
use chrono::NaiveDate;
use ed25519_dalek::SigningKey;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
fn items() -> Vec<PassItem> {
    vec![PassItem { name: "旧沙发".into(), quantity: 1 }, PassItem { name: "纸箱".into(), quantity: 6 }]
}
fn pass() -> SlipPass {
    SlipPass {
        slip_id: "0190f5c2-7d1a-7000-8000-0000000000d1".into(),
        unit: "2栋-801".into(),
        items: items(),
        plate: Some("粤B·12345".into()),
        from: date("2026-12-01"),
        until: date("2026-12-01"),
        key_id: "tablet-1".into(),
    }
}
fn tablet() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}
fn keys(revoked: bool) -> Vec<DeviceKey> {
    vec![DeviceKey { key_id: "tablet-1".into(), public_hex: public_hex(&tablet()), revoked }]
}

#[test]
fn the_desk_issues_only_for_an_identified_applicant_a_unit_that_owes_nothing_and_is_not_restricted() {
    let goods = items();
    let today = date("2026-12-01");
    let run = |applicant: &Applicant, over: Option<&ArrearsOverride>, unit: UnitStanding, role: Role, day: NaiveDate| {
        check(&Application { applicant, items: &goods, from: today, until: today, arrears_override: over }, unit, role, day)
    };
    let owner = Applicant::Owner { name: "杨艳".into() };
    let clear = UnitStanding { owes: false, restriction: None };
    assert_eq!(run(&owner, None, clear, Role::Receptionist, today), Ok(()));
    let nameless = Applicant::Owner { name: " ".into() };
    assert_eq!(run(&nameless, None, clear, Role::Receptionist, today), Err(IssueRefusal::Identity));
    let consent = Consent { phone: "13812345678".into(), called_by: "王小红".into(), at: "2026-12-01T09:41".into() };
    let agent = Applicant::Authorised { name: "周先生".into(), id_type: IdType::ResidentCard, id_last4: "123X".into(), consent };
    assert_eq!(run(&agent, None, clear, Role::Receptionist, today), Ok(()));

    // Arrears: refused; a supervisor's override with a reason lets it out, the desk's does not.
    let owes = UnitStanding { owes: true, restriction: None };
    let why = ArrearsOverride { reason: "业主已转账，财务次日入账".into() };
    assert_eq!(run(&owner, None, owes, Role::Receptionist, today), Err(IssueRefusal::Arrears));
    assert_eq!(run(&owner, Some(&why), owes, Role::Receptionist, today), Err(IssueRefusal::Arrears));
    assert_eq!(run(&owner, Some(&why), owes, Role::Supervisor, today), Ok(()));
    let blank = ArrearsOverride { reason: "  ".into() };
    assert_eq!(run(&owner, Some(&blank), owes, Role::Supervisor, today), Err(IssueRefusal::Arrears));

    // A restriction until a day: nobody overrides it; once it has ended it no longer applies.
    let r = Restriction { reason: "业主交代：未经本人同意不得搬出".into(), until: date("2026-12-05") };
    let restricted = UnitStanding { owes: false, restriction: Some(&r) };
    assert!(matches!(run(&owner, None, restricted, Role::Manager, today), Err(IssueRefusal::Restricted { .. })));
    let after = date("2026-12-06");
    let later = Application { applicant: &owner, items: &goods, from: after, until: after, arrears_override: None };
    assert_eq!(check(&later, restricted, Role::Receptionist, after), Ok(()));

    // The window: from today, at most 7 days; goods named, each at least one.
    let long = Application { until: date("2026-12-08"), ..later.clone() };
    assert_eq!(check(&Application { from: today, ..long }, clear, Role::Receptionist, today), Err(IssueRefusal::Window));
    assert_eq!(run(&owner, None, clear, Role::Receptionist, date("2026-12-02")), Err(IssueRefusal::Window), "a window already past");
    let none = Application { items: &[], ..later };
    assert_eq!(check(&none, clear, Role::Receptionist, after), Err(IssueRefusal::Items));
}

#[test]
fn the_gate_verifies_the_signed_pass_offline_and_refuses_an_altered_or_foreign_one() {
    let today = date("2026-12-01");
    let qr = pass().sign(&tablet()).qr_text();
    assert_eq!(gate::check(&qr, &keys(false), None, today).1, Verdict::Valid);
    // One more sofa written into the code: the signature no longer matches.
    let altered = qr.replace("\"quantity\":1", "\"quantity\":2");
    assert_ne!(altered, qr);
    assert_eq!(gate::check(&altered, &keys(false), None, today).1, Verdict::Forged);
    // Signed by a key that is not the one it names.
    let stranger = pass().sign(&SigningKey::from_bytes(&[9u8; 32])).qr_text();
    assert_eq!(gate::check(&stranger, &keys(false), None, today).1, Verdict::Forged);
    assert_eq!(gate::check(&qr, &[], None, today).1, Verdict::UnknownKey);
    assert_eq!(gate::check(&qr, &keys(true), None, today).1, Verdict::RevokedKey, "a lost tablet's key");
    assert_eq!(gate::check("https://example.com", &keys(false), None, today).1, Verdict::NotASlip);
    assert_eq!(gate::check(&qr, &keys(false), None, date("2026-12-02")).1, Verdict::Expired { until: today });
    let used = Released { at: "2026-12-01T06:32:00Z".parse().unwrap(), by_name: "赵军".into() };
    assert_eq!(gate::check(&qr, &keys(false), Some(&used), today).1, Verdict::AlreadyReleased(used.clone()));
}

#[test]
fn two_gates_releasing_one_slip_offline_are_settled_first_in_server_order() {
    let check = |by: &str, released: bool| GateCheck { at: "2026-12-01T06:32:00Z".parse().unwrap(), by_name: by.into(), released, reason: String::new() };
    let checks = [check("赵军", true), check("钱峰", true)];
    let settled = gate::settle(&checks);
    assert_eq!((settled.released, settled.conflicts), (Some(0), vec![1]));
    let refused_then_released = [check("赵军", false), check("赵军", true)];
    assert_eq!(gate::settle(&refused_then_released).released, Some(1));
}

#[test]
fn the_day_s_reconciliation_counts_each_slip_once_mismatches_first() {
    let at = "2026-12-01T06:32:00Z".parse::<crate::clock::Timestamp>().unwrap();
    let c = |released: bool| GateCheck { at: at.clone(), by_name: "赵军".into(), released, reason: if released { String::new() } else { "物品与放行条不符".into() } };
    let released = [c(true)];
    let conflict = [c(true), c(true)];
    let refused = [c(false)];
    let today = date("2026-12-02");
    fn slip<'a>(id: &'a str, until: &str, checks: &'a [GateCheck]) -> SlipDay<'a> {
        SlipDay { slip_id: id, until: date(until), checks }
    }
    let r = reconcile(
        [slip("a", "2026-12-02", &released), slip("b", "2026-12-01", &[]), slip("c", "2026-12-02", &conflict), slip("d", "2026-12-02", &refused), slip("e", "2026-12-02", &[])],
        today,
    );
    assert_eq!((r.issued, r.released, r.refused, r.expired_unused), (5, 2, 1, 1));
    let lines: Vec<(Line, &str)> = r.lines.iter().map(|(l, id)| (*l, id.as_str())).collect();
    assert_eq!(lines, vec![(Line::Conflict, "c"), (Line::Refused, "d"), (Line::ExpiredUnused, "b"), (Line::Open, "e"), (Line::Released, "a")]);
}
