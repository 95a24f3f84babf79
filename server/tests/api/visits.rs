//! 来访登记 over HTTP: a visitor refused by the do-not-admit list the desk set, a day pass
//! issued at the desk and used once at a gate (a second gate's entry refused), the guard's
//! phone holding visitors' numbers masked, and old visits losing their details to the
//! retention sweep.

use crate::helpers::*;
use crate::release::{tablet_key, today};
use crate::tickets::uuid;
use steward_domain::release::pass::DeviceSecret;
use steward_domain::sync::commands::{ConfirmVisit, IssueDayPass, NewAnswer, RegisterVisit, SetDoNotAdmit};
use steward_domain::sync::{Kind, Mutation};
use steward_domain::visit::HostAnswer;
use steward_domain::visit::day_pass::{DayPassCode, SignedDayPass};

pub fn block(unit: &str, name: &str) -> Mutation {
    Mutation::SetDoNotAdmit(SetDoNotAdmit {
        id: uuid(),
        unit: unit.into(),
        visitor_name: name.into(),
        phone: Some("13911112222".into()),
        reason: "业主要求".into(),
        until: today() + chrono::Days::new(30),
        instructed_by: "李明".into(),
    })
}

/// A day pass for today, signed with `secret` (registered as `key_id`).
pub fn day_pass(key_id: &str, secret: &DeviceSecret, unit: &str, name: &str) -> (SignedDayPass, Mutation) {
    let id = uuid();
    let code = DayPassCode {
        pass_id: id.clone(),
        unit: unit.into(),
        visitor_name: name.into(),
        day: today(),
        key_id: key_id.into(),
    }
    .sign(secret);
    let m = Mutation::IssueDayPass(IssueDayPass {
        id,
        unit: unit.into(),
        visitor_name: name.into(),
        phone: Some("13922223333".into()),
        host: "李明".into(),
        purpose: "送文件".into(),
        day: today(),
        companions: 0,
        plate: None,
        code: code.clone(),
    });
    (code, m)
}

/// The gate's entry on a day pass.
pub fn entry(pass: &SignedDayPass) -> Mutation {
    Mutation::RegisterVisit(RegisterVisit {
        id: pass.code.pass_id.clone(),
        visitor_name: pass.code.visitor_name.clone(),
        unit: pass.code.unit.clone(),
        purpose: "预约访客".into(),
        pass: Some(pass.clone()),
        ..Default::default()
    })
}

fn visitor(name: &str, phone: &str) -> RegisterVisit {
    RegisterVisit {
        id: uuid(),
        visitor_name: name.into(),
        unit: "3栋-1502".into(),
        purpose: "探亲".into(),
        phone: Some(phone.into()),
        host: "李明".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_visitor_on_the_units_list_is_refused_by_name_or_phone_however_typed() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    desk.push(&app, block("3栋-1502", "张伟")).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    let mut gate = Device::new(&app, "guard").await;
    gate.push(&app, Mutation::RegisterVisit(visitor("张 伟", "13800000000"))).await;
    assert_eq!(
        gate.last_refusal_field(&app).await,
        Some(("conflict".to_string(), Some("do_not_admit".to_string())))
    );
    desk.push(&app, Mutation::RegisterVisit(visitor("小张", "+86 139 1111 2222"))).await;
    assert_eq!(
        desk.last_refusal_field(&app).await,
        Some(("conflict".to_string(), Some("phone".to_string())))
    );
    assert_eq!(app.count("SELECT count(*) FROM records WHERE kind = 'visit'"), 0, "nothing admitted");
    // The guard may read the list (the gate checks it offline) but not change it.
    gate.push(&app, block("3栋-1502", "李四")).await;
    assert_eq!(gate.last_refusal(&app).await.as_deref(), Some("forbidden"));
    let pulled = gate.pull(&app).await;
    assert_eq!(pulled.changes.iter().filter(|c| c.kind == Kind::DoNotAdmit).count(), 1);
}

#[tokio::test]
async fn a_day_pass_lets_one_visitor_in_once_whichever_gate_reads_it() {
    let app = spawn_app().await;
    let (key_id, secret, register) = tablet_key(21);
    let mut desk = Device::new(&app, "desk").await;
    desk.push(&app, register).await;
    let (pass, issue) = day_pass(&key_id, &secret, "3栋-1502", "韩梅梅");
    desk.push(&app, issue).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    let mut gate = Device::new(&app, "guard").await;
    gate.push(&app, entry(&pass)).await;
    assert_eq!(gate.last_refusal(&app).await, None);
    let mut other_gate = Device::new(&app, "guard").await;
    other_gate.push(&app, entry(&pass)).await;
    assert_eq!(
        other_gate.last_refusal_field(&app).await,
        Some(("conflict".to_string(), Some("day_pass".to_string())))
    );
    // A pass altered after signing (another visitor's name) lets no one in.
    let (mut forged, _) = day_pass(&key_id, &secret, "3栋-1502", "韩梅梅");
    forged.code.visitor_name = "李雷".into();
    gate.push(&app, entry(&forged)).await;
    assert_eq!(
        gate.last_refusal_field(&app).await,
        Some(("invalid".to_string(), Some("day_pass".to_string())))
    );
    let entered = app.count(&format!(
        "SELECT count(*) FROM records WHERE kind = 'visit' AND json_extract(body, '$.confirmation.answer.pass_id') = '{}'",
        pass.code.pass_id
    ));
    assert_eq!(entered, 1);
}

#[tokio::test]
async fn the_guards_phone_holds_visitors_numbers_masked_and_the_desk_whole() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let mut v = visitor("韩梅梅", "13912345678");
    v.answer = Some(NewAnswer {
        answer: HostAnswer::Call {
            phone: "13800001502".into(),
            answered_by: "李明".into(),
            at: "2026-01-01T09:00".into(),
        },
        admitted: true,
        reason: String::new(),
    });
    desk.push(&app, Mutation::RegisterVisit(v)).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    let body = |pulled: &steward_domain::sync::protocol::PullResponse| {
        pulled.changes.iter().find(|c| c.kind == Kind::Visit).and_then(|c| c.body_value()).unwrap()
    };
    let gate = Device::new(&app, "guard").await;
    let held = body(&gate.pull(&app).await);
    assert_eq!(held["phone"], "139****5678");
    assert_eq!(held["confirmation"]["answer"]["phone"], "138****1502");
    assert_eq!(body(&desk.pull(&app).await)["phone"], "13912345678");
    // A second answer is refused: the first stands.
    let id: String = {
        let c = rusqlite::Connection::open(&app.db_path).unwrap();
        c.query_row("SELECT id FROM records WHERE kind = 'visit'", [], |r| r.get(0)).unwrap()
    };
    desk.push(
        &app,
        Mutation::ConfirmVisit(ConfirmVisit {
            id,
            answer: NewAnswer {
                answer: HostAnswer::InPerson { name: "李明".into() },
                admitted: false,
                reason: String::new(),
            },
        }),
    )
    .await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("conflict"));
}

/// The retention rule run at `days` from now, on the test's own connection to the file.
fn sweep_at(app: &TestApp, days: i64) -> usize {
    let conn = rusqlite::Connection::open(&app.db_path).unwrap();
    steward_server::db::configure(&conn).unwrap();
    let now = steward_domain::clock::Timestamp::from_utc(chrono::Utc::now() + chrono::Duration::days(days));
    let tx = conn.unchecked_transaction().unwrap();
    let n = steward_server::retention::sweep(&tx, &now).unwrap();
    tx.commit().unwrap();
    n
}

#[tokio::test]
async fn old_visits_lose_their_phone_and_id_digits_once() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let mut v = visitor("韩梅梅", "13912345678");
    (v.id_type, v.id_last4) = (Some(steward_domain::keys::record::IdType::Passport), Some("E123".into()));
    desk.push(&app, Mutation::RegisterVisit(v)).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    assert_eq!(sweep_at(&app, 30), 0, "kept within 90 days");
    assert_eq!(sweep_at(&app, 92), 1);
    assert_eq!(sweep_at(&app, 93), 0, "once");
    let stored = app.count(
        "SELECT count(*) FROM records WHERE kind = 'visit' AND json_extract(body, '$.phone') IS NULL \
         AND json_extract(body, '$.id_last4') IS NULL AND json_extract(body, '$.visitor_name') = '韩梅梅'",
    );
    assert_eq!(stored, 1, "who came stays on record; the phone and ID digits are gone");
    let logged = app.count(
        "SELECT count(*) FROM mutation_log WHERE mutation LIKE '%13912345678%' OR mutation LIKE '%E123%'",
    );
    assert_eq!(logged, 0, "and from the log of the changes that brought them");
    let kept = app.count(
        "SELECT count(*) FROM mutation_log WHERE name = 'register_visit' AND mutation LIKE '%韩梅梅%'",
    );
    assert_eq!(kept, 1, "the rest of the change stays");
    let changed = desk.pull(&app).await;
    let body = changed.changes.iter().find(|c| c.kind == Kind::Visit).and_then(|c| c.body_value()).unwrap();
    assert_eq!((body.get("phone"), body["details_removed"].as_bool()), (None, Some(true)));
}

/// A pass the server refuses (the desk offline, its unit not in the register) becomes void
/// for every gate: the guard's phone pulls it, and an entry on it is refused.
#[tokio::test]
async fn a_pass_the_server_refused_reaches_the_gate_as_void() {
    let app = spawn_app().await;
    let (key_id, secret, register) = tablet_key(23);
    let mut desk = Device::new(&app, "desk").await;
    desk.push(&app, register).await;
    let (pass, issue) = day_pass(&key_id, &secret, "9栋-999", "韩梅梅");
    desk.push(&app, issue).await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("not_found"));
    let id = pass.code.pass_id.clone();
    assert_eq!(
        app.count(&format!("SELECT count(*) FROM records WHERE kind = 'void_slip' AND id = '{id}'")),
        1
    );
    let mut gate = Device::new(&app, "guard").await;
    let pulled = gate.pull(&app).await;
    assert!(
        pulled.changes.iter().any(|c| c.kind == Kind::VoidSlip && c.id == id),
        "the guard's phone learns the refused pass"
    );
    gate.push(&app, entry(&pass)).await;
    assert!(gate.last_refusal(&app).await.is_some(), "no entry on a refused pass");
    assert_eq!(app.count(&format!("SELECT count(*) FROM records WHERE kind = 'visit' AND id = '{id}'")), 0);
}
