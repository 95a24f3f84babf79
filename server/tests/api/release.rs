//! 物品放行 over HTTP: a device key registered, a slip refused while the unit owes and issued
//! once it has paid, the gate's copy of the slip without the applicant's ID, two gates that
//! released one slip offline both kept and settled in the server's order, a forged code
//! refused.

use crate::helpers::*;
use crate::tickets::uuid;
use steward_domain::arrears::record::FeeType;
use steward_domain::keys::record::{Consent, IdType};
use steward_domain::release::commands::NewSlip;
use steward_domain::release::issue::Applicant;
use steward_domain::release::pass::{DeviceSecret, PassItem, SignedPass, SlipPass};
use steward_domain::release::record::{GateRecord, ReleaseSlip, SlipItem};
use steward_domain::sync::Kind;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{
    IssueReleaseSlip, RecordArrearsPayment, RecordGateCheck, RegisterDeviceKey,
};

/// The property's today, as the server stamps it.
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// A counter tablet's key, and its registration.
pub fn tablet_key(seed: u8) -> (String, DeviceSecret, Mutation) {
    let id = uuid();
    let secret = DeviceSecret::from_bytes([seed; 32]);
    let m = Mutation::RegisterDeviceKey(RegisterDeviceKey {
        id: id.clone(),
        public_hex: secret.public_hex(),
        label: "前台平板".into(),
        device_id: None,
    });
    (id, secret, m)
}

/// A slip for `unit` signed with the tablet's key: its id, and the mutation issuing it.
pub fn slip(key_id: &str, secret: &DeviceSecret, unit: &str, applicant: Applicant) -> (String, Mutation) {
    let id = uuid();
    let items = vec![
        SlipItem { name: "旧沙发".into(), quantity: 1, photos: vec![] },
        SlipItem { name: "纸箱".into(), quantity: 6, photos: vec![] },
    ];
    let pass = SlipPass {
        slip_id: id.clone(),
        unit: unit.into(),
        items: items.iter().map(|i| PassItem { name: i.name.clone(), quantity: i.quantity }).collect(),
        plate: Some("粤B12345".into()),
        from: today(),
        until: today(),
        key_id: key_id.into(),
    };
    let new = NewSlip {
        unit: unit.into(),
        applicant,
        items,
        plate: Some("粤B12345".into()),
        from: today(),
        until: today(),
        decoration_id: None,
        arrears_override: None,
        pass: secret.sign(pass),
    };
    (id.clone(), Mutation::IssueReleaseSlip(IssueReleaseSlip { id, slip: new }))
}

pub fn gate_release(slip_id: &str, pass: &SignedPass) -> Mutation {
    Mutation::RecordGateCheck(RecordGateCheck {
        id: uuid(),
        slip_id: slip_id.into(),
        pass: pass.clone(),
        released: true,
        reason: String::new(),
        copy_kept: true,
        gate_time: "14:32".into(),
    })
}

fn pass_of(m: &Mutation) -> SignedPass {
    let Mutation::IssueReleaseSlip(i) = m else { unreachable!() };
    i.slip.pass.clone()
}

#[tokio::test]
async fn a_slip_waits_for_the_unit_s_arrears_then_the_gate_releases_it_once_and_a_second_gate_is_a_conflict()
{
    let app = spawn_app().await;
    let supervisor = app.logged_in("supervisor").await;
    let csv = "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n2,801,物业管理费,2026-10,1000,2026-10-31\n";
    let r = supervisor
        .post(app.url("/api/arrears/import"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);

    let mut desk = Device::new(&app, "desk").await;
    let (key_id, secret, register) = tablet_key(7);
    desk.push(&app, register).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    let consent = Consent {
        phone: "13812345678".into(),
        called_by: "王小红".into(),
        at: (chrono::Utc::now() + chrono::Duration::minutes(8 * 60 - 5)).format("%Y-%m-%dT%H:%M").to_string(),
    };
    let agent = Applicant::Authorised {
        name: "周先生".into(),
        id_type: IdType::ResidentCard,
        id_last4: "123X".into(),
        consent,
        letter: None,
    };
    let (slip_id, issue) = slip(&key_id, &secret, "2栋-801", agent);
    let version = app.count("SELECT version FROM sync_state");
    desk.push(&app, issue.clone()).await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("conflict"), "the unit owes");
    // Nothing but the slip's void was written: every gate learns the printed code is refused.
    assert_eq!(app.count("SELECT version FROM sync_state"), version + 1);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM records WHERE kind = 'void_slip' AND id = '{slip_id}' AND body IS NOT NULL"
        )),
        1
    );

    // Paid at the cashier: the same slip is issued.
    let page = desk.pull(&app).await;
    let case_id = page.changes.iter().find(|c| c.kind == Kind::ArrearsCase).unwrap().id.clone();
    let pay = RecordArrearsPayment {
        id: case_id,
        fee_type: FeeType::Management,
        period: "2026-10".into(),
        amount: 100_000,
        receipt: "SF-1".into(),
    };
    desk.push(&app, Mutation::RecordArrearsPayment(pay)).await;
    desk.push(&app, issue.clone()).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM records WHERE kind = 'void_slip' AND id = '{slip_id}' AND body IS NOT NULL"
        )),
        0,
        "issued now, no longer void"
    );

    // The gate's phone holds the slip and the tablet's key, and nothing of the ID or the consent.
    let mut gate = Device::new(&app, "guard").await;
    let page = gate.pull(&app).await;
    assert!(page.changes.iter().any(|c| c.kind == Kind::DeviceKey && c.id == key_id));
    let body =
        page.changes.iter().find(|c| c.kind == Kind::ReleaseSlip).and_then(|c| c.body_value()).unwrap();
    let on_gate: ReleaseSlip = serde_json::from_value(body.clone()).unwrap();
    let Applicant::Authorised { id_last4, consent, .. } = &on_gate.applicant else { panic!("{body}") };
    assert_eq!((id_last4.as_str(), consent.phone.as_str()), ("", ""));
    let on_desk = desk.pull(&app).await;
    let desk_body =
        on_desk.changes.iter().find(|c| c.kind == Kind::ReleaseSlip).and_then(|c| c.body_value()).unwrap();
    assert_eq!(desk_body["applicant"]["consent"]["phone"], "138****5678", "masked on the desk too");

    // A code altered after printing is refused; the real one released; a second gate's release kept.
    let mut forged = pass_of(&issue);
    forged.pass.items[1].quantity = 60;
    gate.push(&app, gate_release(&slip_id, &forged)).await;
    assert_eq!(gate.last_refusal(&app).await.as_deref(), Some("invalid"));
    gate.push(&app, gate_release(&slip_id, &pass_of(&issue))).await;
    assert_eq!(gate.last_refusal(&app).await, None);
    let mut other_gate = Device::new(&app, "guard").await;
    other_gate.push(&app, gate_release(&slip_id, &pass_of(&issue))).await;
    assert_eq!(other_gate.last_refusal(&app).await, None, "an offline gate's release is kept, not lost");
    let page = desk.pull(&app).await;
    let mut checks: Vec<(u64, GateRecord)> = page
        .changes
        .iter()
        .filter(|c| c.kind == Kind::GateCheck)
        .map(|c| (c.version, serde_json::from_value(c.body_value().unwrap()).unwrap()))
        .collect();
    checks.sort_by_key(|(v, _)| *v);
    assert_eq!(checks.len(), 2);
    let plain: Vec<_> = checks.iter().map(|(_, r)| r.check.clone()).collect();
    let settled = steward_domain::release::gate::settle(&plain);
    assert_eq!((settled.released, settled.conflicts), (Some(0), vec![1]));

    // A unit the register does not have gets no slip (the desk could not check it).
    let (_, nowhere) = slip(&key_id, &secret, "9栋-999", Applicant::Owner { name: "杨艳".into() });
    desk.push(&app, nowhere).await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("not_found"));

    // A patrol phone holds none of it.
    let patrol = Device::new(&app, "patrol").await;
    let page = patrol.pull(&app).await;
    assert!(
        !page.changes.iter().any(|c| matches!(c.kind, Kind::ReleaseSlip | Kind::GateCheck | Kind::DeviceKey))
    );
}

/// The loop across devices: a slip the server refused (its unit is not in the register) was
/// printed offline; the gate's phone pulls its void and refuses it by the domain's verdict;
/// a gate that released it anyway (offline before the void arrived) is kept and flagged, and
/// a release of a slip the server never received is flagged too.
#[tokio::test]
async fn a_slip_the_server_refused_is_void_at_every_gate_and_a_release_of_it_is_flagged() {
    use steward_domain::release::gate::Verdict;
    use steward_domain::sync::MemStore;
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let (key_id, secret, register) = tablet_key(9);
    desk.push(&app, register).await;
    let (slip_id, issue) = slip(&key_id, &secret, "1栋-808", Applicant::Owner { name: "杨艳".into() });
    desk.push(&app, issue.clone()).await;
    let refusal = desk.last_refusal_field(&app).await;
    assert_eq!(
        refusal,
        Some(("not_found".to_string(), Some("unit".to_string()))),
        "the unit, not the register's absence of a name"
    );

    // The guard's phone: what it pulled, as a store, judged by the domain's own verdict.
    let mut gate = Device::new(&app, "guard").await;
    let page = gate.pull(&app).await;
    let mut phone = MemStore::default();
    for c in &page.changes {
        if let Some(body) = c.body_value() {
            steward_domain::sync::Store::put(&mut phone, c.kind, &c.id, body).unwrap();
        }
    }
    let (_, verdict) =
        steward_domain::release::rules::verdict_at_gate(&phone, &pass_of(&issue).qr_text(), today()).unwrap();
    assert!(
        matches!(verdict, Verdict::Void { field: Some(steward_domain::field::Field::Unit), .. }),
        "{verdict:?}"
    );

    // An offline gate released it before the void arrived: kept (the goods are out), flagged.
    gate.push(&app, gate_release(&slip_id, &pass_of(&issue))).await;
    assert_eq!(gate.last_refusal(&app).await, None);
    let flagged = |page: &steward_domain::sync::protocol::PullResponse| -> Vec<Option<Verdict>> {
        page.changes
            .iter()
            .filter(|c| c.kind == Kind::GateCheck)
            .map(|c| serde_json::from_value::<GateRecord>(c.body_value().unwrap()).unwrap().against_rules)
            .collect()
    };
    let page = gate.pull(&app).await;
    assert!(matches!(flagged(&page).as_slice(), [Some(Verdict::Void { .. })]), "{:?}", flagged(&page));

    // A slip the server never received (a desk that never synced): flagged as not issued.
    let (ghost_id, ghost) = slip(&key_id, &secret, "2栋-801", Applicant::Owner { name: "杨艳".into() });
    gate.push(&app, gate_release(&ghost_id, &pass_of(&ghost))).await;
    let page = gate.pull(&app).await;
    assert!(flagged(&page).contains(&Some(Verdict::NotIssued)), "{:?}", flagged(&page));
}

/// The supervisor lets a slip out at the desk's tablet with their own password or PIN: the
/// desk's session sends it, the slip is issued in the supervisor's name with their reason;
/// a receptionist's password or a wrong one lets nothing out.
#[tokio::test]
async fn the_supervisor_approves_an_override_on_the_desk_s_tablet_with_their_own_password() {
    let app = spawn_app().await;
    let supervisor = app.logged_in("supervisor").await;
    let csv = "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n2,801,物业管理费,2026-10,1000,2026-10-31\n";
    supervisor
        .post(app.url("/api/arrears/import"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let mut desk = Device::new(&app, "desk").await;
    let (key_id, secret, register) = tablet_key(11);
    desk.push(&app, register).await;
    let (slip_id, issue) = slip(&key_id, &secret, "2栋-801", Applicant::Owner { name: "杨艳".into() });
    let Mutation::IssueReleaseSlip(mut issue) = issue else { unreachable!() };
    issue.slip.arrears_override = Some(steward_domain::release::issue::ArrearsOverride {
        reason: "业主已转账，财务次日入账".into(),
    });
    let body = |username: &str, password: &str| serde_json::json!({ "username": username, "password": password, "issue": issue });
    let post = |b: serde_json::Value| desk.client.post(app.url("/api/release/approved")).json(&b).send();
    let wrong = post(body("supervisor", "not it")).await.unwrap();
    expect_error(wrong, reqwest::StatusCode::UNAUTHORIZED, "bad_credentials").await;
    let receptionist = post(body("desk", PASSWORD)).await.unwrap();
    let refused = expect_error(receptionist, reqwest::StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(refused["error"]["field"], "approver");
    assert_eq!(app.count("SELECT count(*) FROM records WHERE kind = 'release_slip'"), 0);
    let ok = post(body("supervisor", PASSWORD)).await.unwrap();
    assert_eq!(ok.status(), reqwest::StatusCode::NO_CONTENT);
    let page = desk.pull(&app).await;
    let body = page
        .changes
        .iter()
        .find(|c| c.kind == Kind::ReleaseSlip && c.id == slip_id)
        .and_then(|c| c.body_value())
        .unwrap();
    let issued: ReleaseSlip = serde_json::from_value(body).unwrap();
    let granted = issued.arrears_override.unwrap();
    assert_eq!((granted.by_name.as_str(), granted.reason.as_str()), ("李静", "业主已转账，财务次日入账"));
    // Not from a device that is not the desk's.
    let patrol = app.logged_in("patrol").await;
    let r = patrol
        .post(app.url("/api/release/approved"))
        .json(&serde_json::json!({ "username": "supervisor", "password": PASSWORD, "issue": issue }))
        .send()
        .await
        .unwrap();
    expect_error(r, reqwest::StatusCode::FORBIDDEN, "forbidden").await;
}

/// Revoking a tablet's key is enforced by the server: that tablet's session cannot register
/// another until a supervisor signs in on it; one live key per device; a weak key refused.
#[tokio::test]
async fn a_revoked_tablet_cannot_make_itself_a_new_key_and_one_live_key_per_device() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let (k1, _, register) = tablet_key(21);
    desk.push(&app, register.clone()).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    desk.push(&app, register).await;
    assert_eq!(desk.last_refusal(&app).await, None, "the same key again changes nothing");
    let (_, _, second) = tablet_key(22);
    desk.push(&app, second).await;
    assert_eq!(
        desk.last_refusal_field(&app).await,
        Some(("conflict".into(), Some("device_key".into()))),
        "one live key per device"
    );

    let mut supervisor = Device::new(&app, "supervisor").await;
    supervisor
        .push(
            &app,
            Mutation::RevokeDeviceKey(steward_domain::sync::commands::RevokeDeviceKey {
                id: k1,
                reason: "平板遗失".into(),
            }),
        )
        .await;
    assert_eq!(supervisor.last_refusal(&app).await, None);
    // The lost tablet's session tries to make itself a new key: refused.
    let (_, _, k2) = tablet_key(23);
    desk.push(&app, k2.clone()).await;
    assert_eq!(desk.last_refusal_field(&app).await, Some(("forbidden".into(), Some("device_key".into()))));
    // A weak (all-zero) key from anywhere is refused.
    let mut fresh = Device::new(&app, "desk").await;
    let zero = Mutation::RegisterDeviceKey(RegisterDeviceKey {
        id: uuid(),
        public_hex: "00".repeat(32),
        label: "x".into(),
        device_id: None,
    });
    fresh.push(&app, zero).await;
    assert_eq!(fresh.last_refusal(&app).await.as_deref(), Some("invalid"));
    // A supervisor signed in on a tablet registers its new key.
    supervisor.push(&app, k2).await;
    assert_eq!(supervisor.last_refusal(&app).await, None);
    assert_eq!(app.count("SELECT count(*) FROM records WHERE kind = 'device_key' AND json_extract(body, '$.revoked') IS NULL"), 1);
}
