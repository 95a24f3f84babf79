//! 钥匙管理 over HTTP: a sealed key's loan approved by two people on their own devices, the
//! owner's number kept whole on the server and masked on every device, and the cabinet
//! only on the devices that keep or read it.

use crate::helpers::*;
use crate::tickets::uuid;
use steward_domain::keys::commands::{NewKey, NewLoan};
use steward_domain::keys::record::{Borrower, BorrowerKind, Consent, KeyKind, KeyLoan};
use steward_domain::photo::PhotoRef;
use steward_domain::sync::Kind;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ApproveKeyLoan, LendKey, RegisterKey};

fn sealed_key() -> NewKey {
    NewKey {
        tag: "K-0801".into(),
        slot: "A-12".into(),
        unit: "2栋-0801".into(),
        kind: KeyKind::Sealed,
        count: 2,
        seal_number: Some("F-000311".into()),
        signature: Some(PhotoRef { id: uuid(), sha256: "ab".repeat(32), bytes: 1000 }),
    }
}

fn loan_of(key_id: &str) -> NewLoan {
    NewLoan {
        key_id: key_id.into(),
        borrower: Borrower {
            kind: BorrowerKind::Staff,
            name: "李师傅".into(),
            id_type: None,
            id_last4: None,
            pass: None,
            letter: None,
        },
        purpose: "业主出差，关闭进水阀".into(),
        serves: None,
        consent: Some(Consent {
            phone: "13812345678".into(),
            called_by: "王小红".into(),
            at: "2026-12-01T09:41".into(),
        }),
        emergency: None,
        escorts: vec!["李师傅".into(), "赵军".into()],
        staff_ids: vec![],
        count: 2,
    }
}

async fn loan_on(app: &TestApp, device: &Device, id: &str) -> Option<KeyLoan> {
    let page = device.pull(app).await;
    let change = page.changes.iter().find(|c| c.kind == Kind::KeyLoan && c.id == id)?;
    Some(serde_json::from_value(change.body_value()?).unwrap())
}

#[tokio::test]
async fn a_sealed_key_goes_out_once_the_supervisor_and_the_manager_approve_and_no_device_sees_the_number() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let mut supervisor = Device::new(&app, "supervisor").await;
    let mut manager = Device::new(&app, "manager").await;
    let guard = Device::new(&app, "guard").await;
    let patrol = Device::new(&app, "patrol").await;
    let (key_id, loan_id) = (uuid(), uuid());
    desk.push(&app, Mutation::RegisterKey(RegisterKey { id: key_id.clone(), key: sealed_key() })).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    desk.push(&app, Mutation::LendKey(LendKey { id: loan_id.clone(), loan: loan_of(&key_id) })).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    assert_eq!(loan_on(&app, &desk, &loan_id).await.unwrap().out_at, None, "waits for two approvals");

    // The supervisor approves on their own device; approving twice is refused.
    supervisor.push(&app, Mutation::ApproveKeyLoan(ApproveKeyLoan { id: loan_id.clone() })).await;
    assert_eq!(supervisor.last_refusal(&app).await, None);
    supervisor.push(&app, Mutation::ApproveKeyLoan(ApproveKeyLoan { id: loan_id.clone() })).await;
    assert_eq!(supervisor.last_refusal(&app).await.as_deref(), Some("conflict"));
    manager.push(&app, Mutation::ApproveKeyLoan(ApproveKeyLoan { id: loan_id.clone() })).await;
    assert_eq!(manager.last_refusal(&app).await, None);

    let on_guard = loan_on(&app, &guard, &loan_id).await.expect("security reads the cabinet");
    assert!(on_guard.out_at.is_some());
    assert_eq!(on_guard.approvals.len(), 2);
    assert_eq!(on_guard.consent.as_ref().map(|c| c.phone.as_str()), Some("138****5678"));
    assert_eq!(
        loan_on(&app, &desk, &loan_id).await.unwrap().consent.map(|c| c.phone),
        Some("138****5678".into())
    );
    // The server keeps the whole number (the consent call is evidence).
    let stored = format!("SELECT COUNT(*) FROM records WHERE id = '{loan_id}' AND body LIKE '%13812345678%'");
    assert_eq!(app.count(&stored), 1);
    let page = patrol.pull(&app).await;
    // Not a patrol's: no key, and the loan only as an id with nothing in it.
    assert!(
        page.changes.iter().all(|c| c.kind != Kind::Key && (c.kind != Kind::KeyLoan || c.body.is_none())),
        "not a patrol's"
    );
}

fn repair_key(n: u32) -> NewKey {
    NewKey {
        tag: format!("R-{n:03}"),
        slot: format!("B-{n:02}"),
        unit: "3栋".into(),
        kind: KeyKind::Repair,
        count: 1,
        seal_number: None,
        signature: None,
    }
}

/// Every loan `device` receives, pulled one change per page (so hidden ones fall between pages).
async fn loans_paged(app: &TestApp, device: &Device) -> Vec<String> {
    let (mut cursor, mut loans) = (None, Vec::new());
    for _ in 0..100 {
        let body = steward_domain::sync::protocol::PullRequest {
            client_id: device.id.clone(),
            cursor,
            outcomes_after: 0,
            limit: Some(1),
        };
        let page: steward_domain::sync::protocol::PullResponse = device
            .client
            .post(app.url("/api/sync/pull"))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        loans.extend(
            page.changes.iter().filter(|c| c.kind == Kind::KeyLoan && c.body.is_some()).map(|c| c.id.clone()),
        );
        if !page.more {
            return loans;
        }
        cursor = Some(page.cursor);
    }
    panic!("the pull never finished");
}

#[tokio::test]
async fn a_patrol_phone_gets_the_loans_its_officer_takes_part_in_and_no_other() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let patrol = Device::new(&app, "patrol").await;
    let engineer = Device::new(&app, "engineer").await;
    let roster: Vec<steward_domain::staff::StaffMember> =
        desk.client.get(app.url("/api/staff")).send().await.unwrap().json().await.unwrap();
    let officer =
        roster.iter().find(|m| m.display_name == "陈晨").expect("the patrol officer on the roster").id;
    assert!(roster.iter().all(|m| m.role != steward_domain::Role::Admin));
    let refused = patrol.client.get(app.url("/api/staff")).send().await.unwrap();
    expect_error(refused, reqwest::StatusCode::FORBIDDEN, "forbidden").await;

    let mut mine = Vec::new();
    for n in 1..=4u32 {
        let (key_id, loan_id) = (uuid(), uuid());
        desk.push(&app, Mutation::RegisterKey(RegisterKey { id: key_id.clone(), key: repair_key(n) })).await;
        // Two hidden loans in a row between its own: a page of hidden rows only must not end the pull.
        let with_officer = n == 1 || n == 4;
        let loan = NewLoan {
            // The first with the owner's consent on record: the desk's, not the patrol's.
            consent: (n == 1).then(|| loan_of(&key_id).consent).flatten(),
            escorts: vec!["陈晨".into(), "李师傅".into()],
            staff_ids: if with_officer { vec![officer] } else { vec![] },
            count: 1,
            ..loan_of(&key_id)
        };
        desk.push(&app, Mutation::LendKey(LendKey { id: loan_id.clone(), loan })).await;
        assert_eq!(desk.last_refusal(&app).await, None);
        if with_officer {
            mine.push(loan_id);
        }
    }
    assert_eq!(loans_paged(&app, &patrol).await, mine, "its two loans, the others only as removed");
    assert_eq!(loans_paged(&app, &engineer).await, Vec::<String>::new());
    let on_patrol = loan_on(&app, &patrol, &mine[0]).await.unwrap();
    assert_eq!(
        (on_patrol.consent, on_patrol.borrower.id_last4, on_patrol.purpose.as_str()),
        (None, None, "业主出差，关闭进水阀")
    );
    assert!(loan_on(&app, &desk, &mine[0]).await.unwrap().consent.is_some());
    assert_eq!(loans_paged(&app, &desk).await.len(), 4);
    let page = patrol.pull(&app).await;
    assert!(page.changes.iter().all(|c| c.kind != Kind::Key), "the cabinet stays the desk's");

    // An account that is not an active staff member's is refused by the server.
    let key_id = uuid();
    desk.push(&app, Mutation::RegisterKey(RegisterKey { id: key_id.clone(), key: repair_key(8) })).await;
    let nobody = NewLoan { consent: None, staff_ids: vec![9_999], count: 1, ..loan_of(&key_id) };
    desk.push(&app, Mutation::LendKey(LendKey { id: uuid(), loan: nobody })).await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("invalid"));

    // Naming someone twice is refused.
    let key_id = uuid();
    desk.push(&app, Mutation::RegisterKey(RegisterKey { id: key_id.clone(), key: repair_key(9) })).await;
    let twice = NewLoan { consent: None, staff_ids: vec![officer, officer], count: 1, ..loan_of(&key_id) };
    desk.push(&app, Mutation::LendKey(LendKey { id: uuid(), loan: twice })).await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("invalid"));
}

/// A unit's key names a unit of the register, kept as the register labels it (so a search
/// for `1栋-1502` finds a key typed `1-1502`); a unit the register lacks is refused.
#[tokio::test]
async fn a_key_s_unit_is_the_register_s_label_and_an_unknown_unit_is_refused() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let nowhere = NewKey {
        tag: "K-9999".into(),
        slot: "Z-01".into(),
        unit: "9栋-9999".into(),
        kind: KeyKind::ShortTerm,
        count: 1,
        seal_number: None,
        signature: None,
    };
    desk.push(&app, Mutation::RegisterKey(RegisterKey { id: uuid(), key: nowhere })).await;
    assert_eq!(desk.last_refusal_field(&app).await, Some(("not_found".into(), Some("unit".into()))));
    let id = uuid();
    let typed = NewKey {
        tag: "K-1502".into(),
        slot: "Z-02".into(),
        unit: "1-1502".into(),
        kind: KeyKind::ShortTerm,
        count: 1,
        seal_number: None,
        signature: None,
    };
    desk.push(&app, Mutation::RegisterKey(RegisterKey { id: id.clone(), key: typed })).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    let page = desk.pull(&app).await;
    let body =
        page.changes.iter().find(|c| c.kind == Kind::Key && c.id == id).and_then(|c| c.body_value()).unwrap();
    assert_eq!(body["unit"], "1栋-1502");
}
