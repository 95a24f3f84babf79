//! The goods-release rules: the desk's checks, the signed pass, the gate, the day's count.

use super::gate::{self, DeviceKey, GateCheck, Held, Released, Verdict};
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
    let run = |applicant: &Applicant,
               over: Option<&ArrearsOverride>,
               unit: UnitStanding,
               role: Role,
               day: NaiveDate| {
        check(
            &Application { applicant, items: &goods, from: today, until: today, arrears_override: over },
            unit,
            role,
            day,
        )
    };
    let owner = Applicant::Owner { name: "杨艳".into() };
    let clear = UnitStanding { owes: false, restriction: None };
    assert_eq!(run(&owner, None, clear, Role::Receptionist, today), Ok(()));
    let nameless = Applicant::Owner { name: " ".into() };
    assert_eq!(run(&nameless, None, clear, Role::Receptionist, today), Err(IssueRefusal::Identity));
    let consent =
        Consent { phone: "13812345678".into(), called_by: "王小红".into(), at: "2026-12-01T09:41".into() };
    let agent = Applicant::Authorised {
        name: "周先生".into(),
        id_type: IdType::ResidentCard,
        id_last4: "123X".into(),
        consent: consent.clone(),
        letter: None,
    };
    assert_eq!(run(&agent, None, clear, Role::Receptionist, today), Ok(()));
    let no_letter = Applicant::Authorised {
        name: "周先生".into(),
        id_type: IdType::OwnersLetter,
        id_last4: String::new(),
        consent,
        letter: None,
    };
    assert_eq!(run(&no_letter, None, clear, Role::Receptionist, today), Err(IssueRefusal::Identity));
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
    let r = Restriction {
        reason: "业主交代：未经本人同意不得搬出".into(), until: date("2026-12-05")
    };
    let restricted = UnitStanding { owes: false, restriction: Some(&r) };
    assert!(matches!(
        run(&owner, None, restricted, Role::Manager, today),
        Err(IssueRefusal::Restricted { .. })
    ));
    let after = date("2026-12-06");
    let later =
        Application { applicant: &owner, items: &goods, from: after, until: after, arrears_override: None };
    assert_eq!(check(&later, restricted, Role::Receptionist, after), Ok(()));

    // The window: from today, at most 7 days; goods named, each at least one.
    let long = Application { until: date("2026-12-08"), ..later.clone() };
    assert_eq!(
        check(&Application { from: today, ..long }, clear, Role::Receptionist, today),
        Err(IssueRefusal::Window)
    );
    assert_eq!(
        run(&owner, None, clear, Role::Receptionist, date("2026-12-02")),
        Ok(()),
        "issued offline before midnight"
    );
    assert_eq!(
        run(&owner, None, clear, Role::Receptionist, date("2026-12-03")),
        Err(IssueRefusal::Window),
        "a window already past"
    );
    let none = Application { items: &[], ..later };
    assert_eq!(check(&none, clear, Role::Receptionist, after), Err(IssueRefusal::Items));
}

#[test]
fn the_gate_verifies_the_signed_pass_offline_and_refuses_an_altered_or_foreign_one() {
    let today = date("2026-12-01");
    let qr = pass().sign(&tablet()).qr_text();
    assert_eq!(gate::check(&qr, &keys(false), Held::default(), today).1, Verdict::Valid);
    // One more sofa written into the code: the signature no longer matches.
    let altered = qr.replace("\"q\":1", "\"q\":2");
    assert_ne!(altered, qr);
    assert_eq!(gate::check(&altered, &keys(false), Held::default(), today).1, Verdict::Forged);
    // Signed by a key that is not the one it names.
    let stranger = pass().sign(&SigningKey::from_bytes(&[9u8; 32])).qr_text();
    assert_eq!(gate::check(&stranger, &keys(false), Held::default(), today).1, Verdict::Forged);
    assert_eq!(gate::check(&qr, &[], Held::default(), today).1, Verdict::UnknownKey);
    assert_eq!(
        gate::check(&qr, &keys(true), Held::default(), today).1,
        Verdict::RevokedKey,
        "a lost tablet's key"
    );
    assert_eq!(gate::check("https://example.com", &keys(false), Held::default(), today).1, Verdict::NotASlip);
    assert_eq!(
        gate::check(&qr, &keys(false), Held::default(), date("2026-12-02")).1,
        Verdict::Expired { until: today }
    );
    let used = Released { at: "2026-12-01T06:32:00Z".parse().unwrap(), by_name: "赵军".into() };
    let held = Held { released: Some(&used), ..Held::default() };
    assert_eq!(
        gate::check(&qr, &keys(false), held, today).1,
        Verdict::AlreadyReleased { at: used.at.clone(), by_name: used.by_name.clone() }
    );
    // A second pass signed under the slip's id, listing other goods: not the slip issued.
    let issued = pass().sign(&tablet());
    let other =
        SlipPass { items: vec![PassItem { name: "电视机".into(), quantity: 3 }], ..pass() }.sign(&tablet());
    let held = Held { issued: Some(&issued), ..Held::default() };
    assert_eq!(gate::check(&other.qr_text(), &keys(false), held, today).1, Verdict::Forged);
    assert_eq!(gate::check(&qr, &keys(false), held, today).1, Verdict::Valid);
    // The owner's instruction after the slip was issued: the gate refuses too.
    let r = Restriction { reason: "业主交代：不得搬出".into(), until: today };
    let held = Held { restriction: Some(&r), ..Held::default() };
    assert!(matches!(gate::check(&qr, &keys(false), held, today).1, Verdict::Restricted { .. }));
}

#[test]
fn two_gates_releasing_one_slip_offline_are_settled_first_in_server_order() {
    let check = |by: &str, released: bool| GateCheck {
        at: "2026-12-01T06:32:00Z".parse().unwrap(),
        by_name: by.into(),
        released,
        reason: String::new(),
    };
    let checks = [check("赵军", true), check("钱峰", true)];
    let settled = gate::settle(&checks);
    assert_eq!((settled.released, settled.conflicts), (Some(0), vec![1]));
    let refused_then_released = [check("赵军", false), check("赵军", true)];
    assert_eq!(gate::settle(&refused_then_released).released, Some(1));
}

#[test]
fn the_day_s_reconciliation_counts_each_slip_once_mismatches_first() {
    let at = "2026-12-01T06:32:00Z".parse::<crate::clock::Timestamp>().unwrap();
    let c = |released: bool| GateCheck {
        at: at.clone(),
        by_name: "赵军".into(),
        released,
        reason: if released { String::new() } else { "物品与放行条不符".into() },
    };
    let released = [c(true)];
    let conflict = [c(true), c(true)];
    let refused = [c(false)];
    let today = date("2026-12-02");
    fn slip<'a>(id: &'a str, until: &str, checks: &'a [GateCheck]) -> SlipDay<'a> {
        SlipDay { slip_id: id, until: date(until), checks }
    }
    let r = reconcile(
        [
            slip("a", "2026-12-02", &released),
            slip("b", "2026-12-01", &[]),
            slip("c", "2026-12-02", &conflict),
            slip("d", "2026-12-02", &refused),
            slip("e", "2026-12-02", &[]),
        ],
        today,
    );
    assert_eq!((r.issued, r.released, r.refused, r.expired_unused), (5, 2, 1, 1));
    let lines: Vec<(Line, &str)> = r.lines.iter().map(|(l, id)| (*l, id.as_str())).collect();
    assert_eq!(
        lines,
        vec![
            (Line::Conflict, "c"),
            (Line::Refused, "d"),
            (Line::ExpiredUnused, "b"),
            (Line::Open, "e"),
            (Line::Released, "a")
        ]
    );
}

mod on_the_records {
    //! The same rules against the records, as the device and the server both apply them.
    use super::super::commands::{
        IssueReleaseSlip, NewSlip, RecordGateCheck, RegisterDeviceKey, RevokeDeviceKey, SetReleaseRestriction,
    };
    use super::super::gate::Verdict;
    use super::super::issue::{Applicant, ArrearsOverride};
    use super::super::pass::{SlipPass, public_hex};
    use super::super::record::{GateRecord, ReleaseSlip, SlipItem};
    use super::super::rules::{checks_of, released, verdict_at_gate};
    use super::{date, tablet};
    use crate::Role;
    use crate::apply::{ApplyError, Ctx, RejectionCode};
    use crate::arrears::commands::{ImportArrears, ImportedCase};
    use crate::arrears::csv::ArrearsRow;
    use crate::arrears::record::FeeType;
    use crate::field::Field;
    use crate::sync::{Kind, MemStore, Mutation, Store};

    const KEY: &str = "0190f5c2-7d1a-7000-8000-00000000ee01";
    const SLIP: &str = "0190f5c2-7d1a-7000-8000-00000000ee02";
    const UNIT: &str = "2栋-801";

    fn ctx(user_id: i64, role: Role) -> Ctx {
        Ctx {
            user_id,
            user_name: format!("user{user_id}"),
            role,
            now: "2026-12-01T02:00:00Z".parse().unwrap(),
            by_owner: false,
        }
    }
    fn desk() -> Ctx {
        ctx(1, Role::Receptionist)
    }
    fn code(r: Result<crate::apply::Applied, ApplyError>) -> (RejectionCode, Option<Field>) {
        match r {
            Err(ApplyError::Rejected(r)) => (r.code, r.field),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    fn with_key(s: &mut MemStore, user: &Ctx) {
        let m = Mutation::RegisterDeviceKey(RegisterDeviceKey {
            id: KEY.into(),
            public_hex: public_hex(&tablet()),
            label: "前台平板".into(),
            device_id: None,
        });
        m.apply(s, user).unwrap();
    }
    fn slip(over: Option<&str>) -> Mutation {
        let items = vec![SlipItem { name: "旧沙发".into(), quantity: 1, photos: vec![] }];
        let pass = SlipPass {
            slip_id: SLIP.into(),
            unit: UNIT.into(),
            items: vec![super::PassItem { name: "旧沙发".into(), quantity: 1 }],
            plate: None,
            from: date("2026-12-01"),
            until: date("2026-12-01"),
            key_id: KEY.into(),
        };
        let new = NewSlip {
            unit: UNIT.into(),
            applicant: Applicant::Owner { name: "杨艳".into() },
            items,
            plate: None,
            from: date("2026-12-01"),
            until: date("2026-12-01"),
            decoration_id: None,
            arrears_override: over.map(|r| ArrearsOverride { reason: r.into() }),
            pass: pass.sign(&tablet()),
        };
        Mutation::IssueReleaseSlip(IssueReleaseSlip { id: SLIP.into(), slip: new })
    }
    fn owing(s: &mut MemStore) {
        let row = ArrearsRow {
            line: 2,
            unit: UNIT.into(),
            fee_type: FeeType::Management,
            period: "2026-10".into(),
            amount: 100_000,
            due: date("2026-10-31"),
        };
        let case = ImportedCase {
            case_id: "0190f5c2-7d1a-7000-8000-00000000ee03".into(),
            unit: UNIT.into(),
            rows: vec![row],
        };
        Mutation::ImportArrears(ImportArrears {
            id: "0190f5c2-7d1a-7000-8000-00000000ee04".into(),
            cases: vec![case],
        })
        .apply(s, &ctx(2, Role::Supervisor))
        .unwrap();
    }

    #[test]
    fn a_unit_that_owes_gets_no_slip_unless_the_supervisor_overrides_and_says_why() {
        let mut s = MemStore::default();
        owing(&mut s);
        with_key(&mut s, &desk());
        assert_eq!(code(slip(None).apply(&mut s, &desk())), (RejectionCode::Conflict, Some(Field::Arrears)));
        assert_eq!(
            code(slip(Some("业主说已转账")).apply(&mut s, &desk())),
            (RejectionCode::Conflict, Some(Field::Arrears))
        );
        // The supervisor signs in on the counter's tablet (its key) and overrides.
        slip(Some("业主已转账，财务次日入账")).apply(&mut s, &ctx(2, Role::Supervisor)).unwrap();
        let (record, _) = crate::apply::load::<ReleaseSlip>(&s, SLIP).unwrap();
        assert_eq!(record.arrears_override.map(|o| o.reason), Some("业主已转账，财务次日入账".to_string()));
    }

    #[test]
    fn a_slip_must_be_signed_by_the_issuer_s_registered_key_and_a_revoked_key_signs_nothing() {
        let mut s = MemStore::default();
        assert_eq!(
            code(slip(None).apply(&mut s, &desk())),
            (RejectionCode::Conflict, Some(Field::DeviceKey))
        );
        with_key(&mut s, &desk());
        // What the desk filled in differs from what was signed.
        let Mutation::IssueReleaseSlip(mut m) = slip(None) else { unreachable!() };
        m.slip.items[0].quantity = 2;
        assert_eq!(
            code(Mutation::IssueReleaseSlip(m).apply(&mut s, &desk())),
            (RejectionCode::Invalid, Some(Field::Slip))
        );
        let revoke =
            Mutation::RevokeDeviceKey(RevokeDeviceKey { id: KEY.into(), reason: "平板遗失".into() });
        assert_eq!(code(revoke.apply(&mut s, &desk())), (RejectionCode::Forbidden, None));
        revoke.apply(&mut s, &ctx(2, Role::Supervisor)).unwrap();
        assert_eq!(
            code(slip(None).apply(&mut s, &desk())),
            (RejectionCode::Conflict, Some(Field::DeviceKey))
        );
    }

    #[test]
    fn a_restricted_unit_gets_no_slip_until_the_restriction_ends_or_is_lifted() {
        let mut s = MemStore::default();
        with_key(&mut s, &desk());
        let r = SetReleaseRestriction {
            id: "0190f5c2-7d1a-7000-8000-00000000ee05".into(),
            unit: UNIT.into(),
            reason: "业主交代：未经本人同意不得搬出".into(),
            until: date("2026-12-05"),
            owner_instruction: true,
        };
        Mutation::SetReleaseRestriction(r.clone()).apply(&mut s, &desk()).unwrap();
        assert_eq!(
            code(slip(None).apply(&mut s, &ctx(1, Role::Receptionist))),
            (RejectionCode::Conflict, Some(Field::Restriction))
        );
        let lift = Mutation::LiftReleaseRestriction(super::super::commands::LiftReleaseRestriction {
            id: r.id,
            reason: "业主来电解除".into(),
        });
        // The owner's instruction: not the desk that would issue the slip lifts it.
        assert_eq!(code(lift.apply(&mut s, &desk())), (RejectionCode::Forbidden, Some(Field::Restriction)));
        lift.apply(&mut s, &ctx(2, Role::Supervisor)).unwrap();
        slip(None).apply(&mut s, &desk()).unwrap();
    }

    #[test]
    fn the_gate_releases_once_a_second_release_is_kept_as_a_conflict_and_a_forged_code_is_refused() {
        let mut s = MemStore { stamp: 1, ..Default::default() };
        with_key(&mut s, &desk());
        slip(None).apply(&mut s, &desk()).unwrap();
        let Mutation::IssueReleaseSlip(issued) = slip(None) else { unreachable!() };
        let qr = issued.slip.pass.qr_text();
        let guard = |id: i64| Ctx {
            user_name: if id == 6 { "赵军".into() } else { "钱峰".into() },
            ..ctx(id, Role::Security)
        };
        assert_eq!(verdict_at_gate(&s, &qr, date("2026-12-01")).unwrap().1, Verdict::Valid);
        let check = |id: &str, released: bool| RecordGateCheck {
            id: id.into(),
            slip_id: SLIP.into(),
            pass: issued.slip.pass.clone(),
            released,
            reason: if released { String::new() } else { "物品与放行条不符".into() },
            copy_kept: released,
            gate_time: "10:32".into(),
        };
        assert_eq!(
            code(
                Mutation::RecordGateCheck(check("0190f5c2-7d1a-7000-8000-00000000ee06", true))
                    .apply(&mut s, &desk())
            ),
            (RejectionCode::Forbidden, None)
        );
        let no_copy =
            RecordGateCheck { copy_kept: false, ..check("0190f5c2-7d1a-7000-8000-00000000ee06", true) };
        assert_eq!(
            code(Mutation::RecordGateCheck(no_copy).apply(&mut s, &guard(6))),
            (RejectionCode::Invalid, Some(Field::CopyKept))
        );
        let mut forged = check("0190f5c2-7d1a-7000-8000-00000000ee06", true);
        forged.pass.pass.items[0].quantity = 5;
        assert_eq!(
            code(Mutation::RecordGateCheck(forged).apply(&mut s, &guard(6))),
            (RejectionCode::Invalid, Some(Field::Slip))
        );

        s.stamp = 2;
        Mutation::RecordGateCheck(check("0190f5c2-7d1a-7000-8000-00000000ee06", true))
            .apply(&mut s, &guard(6))
            .unwrap();
        assert!(
            matches!(verdict_at_gate(&s, &qr, date("2026-12-01")).unwrap().1, Verdict::AlreadyReleased { by_name, .. } if by_name == "赵军")
        );
        // The other gate, offline, released it too: kept, and settled as a conflict.
        s.stamp = 3;
        Mutation::RecordGateCheck(check("0190f5c2-7d1a-7000-8000-00000000ee07", true))
            .apply(&mut s, &guard(7))
            .unwrap();
        let checks = checks_of(&s, SLIP).unwrap();
        assert_eq!(checks.len(), 2);
        assert_eq!(released(&checks).map(|r| r.by_name), Some("赵军".to_string()));
        let plain: Vec<_> = checks.iter().map(|(_, r)| r.check.clone()).collect();
        assert_eq!(super::super::gate::settle(&plain).conflicts, vec![1]);
        // A gate decision is never rewritten.
        assert_eq!(
            code(
                Mutation::RecordGateCheck(check("0190f5c2-7d1a-7000-8000-00000000ee07", false))
                    .apply(&mut s, &guard(7))
            ),
            (RejectionCode::Conflict, Some(Field::Id))
        );
        assert!(s.get(Kind::GateCheck, "0190f5c2-7d1a-7000-8000-00000000ee07").unwrap().is_some());
    }

    #[test]
    fn a_device_holding_the_register_refuses_a_unit_outside_it_as_the_server_does() {
        // A device that never downloaded the register cannot tell: the server refuses later.
        let mut s = MemStore::default();
        with_key(&mut s, &desk());
        let Mutation::IssueReleaseSlip(mut m) = slip(None) else { unreachable!() };
        m.slip.unit = "1-808".into();
        m.slip.pass = SlipPass { unit: "1栋-808".into(), ..m.slip.pass.pass.clone() }.sign(&tablet());
        let unknown = Mutation::IssueReleaseSlip(m);
        assert!(unknown.clone().apply(&mut s.clone(), &desk()).is_ok());
        // Holding it (offline on the tablet, or the server), the same rule refuses it.
        s.register = Some([UNIT.to_string(), "1栋-801".to_string()].into_iter().collect());
        assert_eq!(code(unknown.apply(&mut s, &desk())), (RejectionCode::NotFound, Some(Field::Unit)));
        slip(None).apply(&mut s, &desk()).unwrap();
        let r = SetReleaseRestriction {
            id: "0190f5c2-7d1a-7000-8000-00000000ee05".into(),
            unit: "9-9999".into(),
            reason: "业主交代".into(),
            until: date("2026-12-05"),
            owner_instruction: false,
        };
        assert_eq!(
            code(Mutation::SetReleaseRestriction(r).apply(&mut s, &desk())),
            (RejectionCode::NotFound, Some(Field::Unit))
        );
    }

    fn gate_check(id: &str, pass: &super::super::pass::SignedPass) -> RecordGateCheck {
        RecordGateCheck {
            id: id.into(),
            slip_id: pass.pass.slip_id.clone(),
            pass: pass.clone(),
            released: true,
            reason: String::new(),
            copy_kept: true,
            gate_time: "10:32".into(),
        }
    }

    #[test]
    fn a_slip_the_server_refused_lets_nothing_out_at_any_gate_and_a_release_against_the_rules_is_flagged() {
        let guard = ctx(6, Role::Security);
        // The server: it holds everything, and the register.
        let mut server = MemStore {
            stamp: 1,
            complete: true,
            register: Some([UNIT.to_string()].into_iter().collect()),
            ..Default::default()
        };
        with_key(&mut server, &desk());
        let mut phone = server.clone();
        phone.complete = false;
        phone.register = None;
        let Mutation::IssueReleaseSlip(issued) = slip(None) else { unreachable!() };
        let qr = issued.slip.pass.qr_text();
        // The phone has not received the slip (issued offline): valid on its own.
        assert_eq!(verdict_at_gate(&phone, &qr, date("2026-12-01")).unwrap().1, Verdict::Valid);
        // The server never issued it: its verdict refuses.
        assert_eq!(verdict_at_gate(&server, &qr, date("2026-12-01")).unwrap().1, Verdict::NotIssued);
        // The server refused it (owes, say): the void reaches the phone and the phone refuses.
        let why = crate::apply::Rejection {
            code: RejectionCode::Conflict,
            field: Some(Field::Arrears),
            message: "owes".into(),
        };
        assert!(super::super::rules::void_refused(&mut server, &desk(), SLIP, &issued.slip, &why).unwrap());
        let void = server.get(Kind::VoidSlip, SLIP).unwrap().unwrap();
        phone.put(Kind::VoidSlip, SLIP, void.body).unwrap();
        let refused = Verdict::Void { code: RejectionCode::Conflict, field: Some(Field::Arrears) };
        assert_eq!(verdict_at_gate(&phone, &qr, date("2026-12-01")).unwrap().1, refused);
        // A gate that released it anyway (offline, before the void arrived): kept, flagged.
        Mutation::RecordGateCheck(gate_check("0190f5c2-7d1a-7000-8000-00000000ee08", &issued.slip.pass))
            .apply(&mut server, &guard)
            .unwrap();
        let (record, _) =
            crate::apply::load::<GateRecord>(&server, "0190f5c2-7d1a-7000-8000-00000000ee08").unwrap();
        assert_eq!(record.against_rules, Some(refused));
        // Not by a gate's own device: its copy carries no verdict until the server's arrives.
        Mutation::RecordGateCheck(gate_check("0190f5c2-7d1a-7000-8000-00000000ee09", &issued.slip.pass))
            .apply(&mut phone, &guard)
            .unwrap();
        assert_eq!(
            crate::apply::load::<GateRecord>(&phone, "0190f5c2-7d1a-7000-8000-00000000ee09")
                .unwrap()
                .0
                .against_rules,
            None
        );
        // The desk sends it again once the reason went away: the slip stands, no longer void.
        slip(None).apply(&mut server, &desk()).unwrap();
        assert!(server.get(Kind::VoidSlip, SLIP).unwrap().is_none());
        // A slip refused as not the sender's to issue voids nothing.
        let forbidden =
            crate::apply::Rejection { code: RejectionCode::Forbidden, field: None, message: String::new() };
        assert!(
            !super::super::rules::void_refused(
                &mut server,
                &guard,
                "0190f5c2-7d1a-7000-8000-00000000ee0a",
                &issued.slip,
                &forbidden
            )
            .unwrap()
        );
    }

    #[test]
    fn the_server_flags_a_release_of_an_expired_slip_a_revoked_key_and_a_restricted_unit() {
        let guard = ctx(6, Role::Security);
        let mut server = MemStore { stamp: 1, complete: true, ..Default::default() };
        with_key(&mut server, &desk());
        slip(None).apply(&mut server, &desk()).unwrap();
        let Mutation::IssueReleaseSlip(issued) = slip(None) else { unreachable!() };
        // Restricted since it was issued.
        let r = SetReleaseRestriction {
            id: "0190f5c2-7d1a-7000-8000-00000000ee05".into(),
            unit: UNIT.into(),
            reason: "业主交代".into(),
            until: date("2026-12-05"),
            owner_instruction: false,
        };
        Mutation::SetReleaseRestriction(r).apply(&mut server, &desk()).unwrap();
        Mutation::RecordGateCheck(gate_check("0190f5c2-7d1a-7000-8000-00000000ee08", &issued.slip.pass))
            .apply(&mut server, &guard)
            .unwrap();
        let flagged = crate::apply::load::<GateRecord>(&server, "0190f5c2-7d1a-7000-8000-00000000ee08")
            .unwrap()
            .0
            .against_rules;
        assert!(matches!(flagged, Some(Verdict::Restricted { .. })), "{flagged:?}");
        // Days over (two days after its last day): flagged even though released before.
        let late = Ctx { now: "2026-12-03T02:00:00Z".parse().unwrap(), ..guard.clone() };
        let mut s2 = MemStore { stamp: 1, complete: true, ..Default::default() };
        with_key(&mut s2, &desk());
        slip(None).apply(&mut s2, &desk()).unwrap();
        Mutation::RecordGateCheck(gate_check("0190f5c2-7d1a-7000-8000-00000000ee0b", &issued.slip.pass))
            .apply(&mut s2, &late)
            .unwrap();
        let flagged = crate::apply::load::<GateRecord>(&s2, "0190f5c2-7d1a-7000-8000-00000000ee0b")
            .unwrap()
            .0
            .against_rules;
        assert!(matches!(flagged, Some(Verdict::Expired { .. })), "{flagged:?}");
        // Revoked key.
        let mut s3 = MemStore { stamp: 1, complete: true, ..Default::default() };
        with_key(&mut s3, &desk());
        slip(None).apply(&mut s3, &desk()).unwrap();
        Mutation::RevokeDeviceKey(RevokeDeviceKey { id: KEY.into(), reason: "平板遗失".into() })
            .apply(&mut s3, &ctx(2, Role::Supervisor))
            .unwrap();
        Mutation::RecordGateCheck(gate_check("0190f5c2-7d1a-7000-8000-00000000ee0c", &issued.slip.pass))
            .apply(&mut s3, &guard)
            .unwrap();
        let flagged = crate::apply::load::<GateRecord>(&s3, "0190f5c2-7d1a-7000-8000-00000000ee0c")
            .unwrap()
            .0
            .against_rules;
        assert_eq!(flagged, Some(Verdict::RevokedKey));
        // A plain, valid release is not flagged.
        let mut s4 = MemStore { stamp: 1, complete: true, ..Default::default() };
        with_key(&mut s4, &desk());
        slip(None).apply(&mut s4, &desk()).unwrap();
        Mutation::RecordGateCheck(gate_check("0190f5c2-7d1a-7000-8000-00000000ee0d", &issued.slip.pass))
            .apply(&mut s4, &guard)
            .unwrap();
        assert_eq!(
            crate::apply::load::<GateRecord>(&s4, "0190f5c2-7d1a-7000-8000-00000000ee0d")
                .unwrap()
                .0
                .against_rules,
            None
        );
    }
}

/// The month's slip figures, worked by hand: one slip released twice by two gates (one
/// release, one conflict), one sent back and now past its day, one refused by the server.
#[test]
fn the_month_counts_slips_released_sent_back_expired_conflicting_and_refused() {
    use super::record::{GateRecord, ReleaseSlip, VoidSlip};
    let slip = |id: &str| ReleaseSlip {
        unit: "2栋-801".into(),
        applicant: Applicant::Owner { name: "杨艳".into() },
        items: vec![],
        plate: None,
        from: date("2026-12-01"),
        until: date("2026-12-01"),
        decoration_id: None,
        arrears_override: None,
        pass: SlipPass { slip_id: id.into(), ..pass() }.sign(&tablet()),
        issued_by: 1,
        issued_by_name: "王小红".into(),
        issued_at: "2026-12-01T01:00:00Z".parse().unwrap(),
    };
    let (a, b) = (slip("a"), slip("b"));
    let check = |id: &str, released: bool, at: &str| GateRecord {
        slip_id: id.into(),
        pass: slip(id).pass,
        check: GateCheck {
            at: at.parse().unwrap(), by_name: "赵军".into(), released, reason: String::new()
        },
        by: 6,
        copy_kept: released,
        gate_time: String::new(),
        against_rules: None,
    };
    let checks = [
        check("a", true, "2026-12-01T06:00:00Z"),
        check("a", true, "2026-12-01T06:05:00Z"),
        check("b", false, "2026-12-01T07:00:00Z"),
    ];
    let void = VoidSlip {
        unit: "3栋-1502".into(),
        code: crate::apply::RejectionCode::Conflict,
        field: None,
        message: "arrears".into(),
        issued_by_name: "王小红".into(),
        refused_at: "2026-12-01T02:00:00Z".parse().unwrap(),
    };
    let dec = crate::report::Period::month("2026-12").unwrap();
    let figures = crate::report::operations::release(
        dec,
        &[("a", &a), ("b", &b)],
        &[("c1", &checks[0]), ("c2", &checks[1]), ("c3", &checks[2])],
        &[("v", &void)],
        date("2026-12-05"),
    );
    let by = |k: &str| figures.iter().find(|c| c.key == k).map(|c| c.ids.clone()).unwrap();
    assert_eq!(by("slips_issued"), vec!["a", "b"]);
    assert_eq!(by("slips_released"), vec!["a"]);
    assert_eq!(by("slips_sent_back"), vec!["b"]);
    assert_eq!(by("slips_expired"), vec!["b"]);
    assert_eq!(by("slips_conflicts"), vec!["a"]);
    assert_eq!(by("slips_refused"), vec!["v"]);
}
