//! The desk's register of items: approval of deposits, the handover against an ID or a
//! signature, the count and the seven-day flag.

use super::record::{DeskItem, ItemKind, ItemStatus};
use crate::Role;
use crate::apply::Ctx;
use crate::keys::record::IdType;
use crate::sync::commands::*;
use crate::sync::store::{MemStore, Store};
use crate::sync::{Kind, Mutation, RejectionCode};

const D: &str = "0190f5c2-7d1a-7000-8000-0000000000d1";

fn ctx(role: Role, now: &str) -> Ctx {
    Ctx { user_id: 3, user_name: "王小红".into(), role, now: now.parse().unwrap(), by_owner: false }
}
fn desk() -> Ctx {
    ctx(Role::Receptionist, "2026-12-07T02:00:00Z")
}
fn store() -> MemStore {
    MemStore { register: Some(["3栋-1502".to_string()].into()), ..Default::default() }
}
fn new(kind: ItemKind) -> Mutation {
    Mutation::LogDeskItem(LogDeskItem {
        id: D.into(),
        new: NewItem {
            kind,
            item: "一箱水果".into(),
            from: "2栋-801 杨艳".into(),
            for_unit: "3-1502".into(),
            for_name: "李明".into(),
            photos: vec![],
            note: String::new(),
        },
    })
}
fn read(s: &MemStore) -> DeskItem {
    serde_json::from_value(s.get(Kind::DeskItem, D).unwrap().unwrap().body).unwrap()
}
fn refused(r: Result<crate::apply::Applied, crate::apply::ApplyError>) -> Option<RejectionCode> {
    match r {
        Err(crate::apply::ApplyError::Rejected(r)) => Some(r.code),
        _ => None,
    }
}
fn hand(last4: Option<&str>) -> Mutation {
    Mutation::HandOverDeskItem(HandOverDeskItem {
        id: D.into(),
        recipient: "李明".into(),
        id_type: Some(IdType::ResidentCard),
        id_last4: last4.map(String::from),
        signature: None,
    })
}

#[test]
fn a_deposit_waits_for_the_supervisor_then_goes_to_its_recipient_once() {
    let mut s = store();
    new(ItemKind::Deposit).apply(&mut s, &desk()).unwrap();
    assert_eq!((read(&s).status(), read(&s).for_unit.as_str()), (ItemStatus::AwaitingApproval, "3栋-1502"));
    assert_eq!(refused(hand(Some("1234")).apply(&mut s, &desk())), Some(RejectionCode::Conflict));
    let approve = |ok: bool| {
        Mutation::ApproveDeposit(ApproveDeposit { id: D.into(), approved: ok, reason: String::new() })
    };
    assert_eq!(refused(approve(true).apply(&mut s, &desk())), Some(RejectionCode::Forbidden));
    approve(true).apply(&mut s, &ctx(Role::Supervisor, "2026-12-07T03:00:00Z")).unwrap();
    assert_eq!(read(&s).status(), ItemStatus::Waiting);
    assert_eq!(
        refused(hand(None).apply(&mut s, &desk())),
        Some(RejectionCode::Invalid),
        "an ID or a signature"
    );
    hand(Some("123x")).apply(&mut s, &desk()).unwrap();
    let h = read(&s).handed.unwrap();
    assert_eq!((h.recipient.as_str(), h.id_last4.as_deref()), ("李明", Some("123X")));
    assert_eq!(refused(hand(Some("1234")).apply(&mut s, &desk())), Some(RejectionCode::Conflict), "once");
}

#[test]
fn a_parcel_needs_no_approval_and_a_refused_deposit_is_given_back_to_whoever_left_it() {
    let mut s = store();
    new(ItemKind::Parcel).apply(&mut s, &desk()).unwrap();
    assert_eq!(read(&s).status(), ItemStatus::Waiting);
    let mut s = store();
    new(ItemKind::Deposit).apply(&mut s, &desk()).unwrap();
    let no = Mutation::ApproveDeposit(ApproveDeposit {
        id: D.into(),
        approved: false,
        reason: "贵重物品不寄存".into(),
    });
    no.apply(&mut s, &ctx(Role::Manager, "2026-12-07T03:00:00Z")).unwrap();
    assert_eq!(read(&s).status(), ItemStatus::Refused);
    // Still at the desk (counted at the handover) until it is given back, once.
    assert!(read(&s).at_the_desk());
    let back = Mutation::HandOverDeskItem(HandOverDeskItem {
        id: D.into(),
        recipient: "杨艳".into(),
        id_type: Some(IdType::ResidentCard),
        id_last4: Some("5678".into()),
        signature: None,
    });
    back.apply(&mut s, &desk()).unwrap();
    assert_eq!((read(&s).status(), read(&s).at_the_desk()), (ItemStatus::Returned, false));
    assert_eq!(refused(back.apply(&mut s, &desk())), Some(RejectionCode::Conflict));
    assert_eq!(
        refused(new(ItemKind::Parcel).apply(&mut store(), &ctx(Role::Security, "2026-12-07T02:00:00Z"))),
        Some(RejectionCode::Forbidden)
    );
}

#[test]
fn what_waits_is_on_every_handover_and_flagged_after_seven_days() {
    use crate::handover::open_items::{Records, open_items};
    use crate::handover::record::OpenKind;
    let mut s = store();
    new(ItemKind::Letter).apply(&mut s, &desk()).unwrap();
    let items = vec![(D.to_string(), read(&s))];
    let at = |now: &str| {
        let now: crate::clock::Timestamp = now.parse().unwrap();
        let window = crate::shift::Shifts::default().window(&now);
        open_items(
            &Records { tickets: &[], loans: &[], notices: &[], visits: &[], items: &items },
            &window,
            &now,
        )
        .into_iter()
        .map(|i| (i.kind, i.label))
        .collect::<Vec<_>>()
    };
    assert_eq!(
        at("2026-12-14T02:00:00Z"),
        vec![(OpenKind::ItemWaiting, "一箱水果 → 3栋-1502 李明".to_string())]
    );
    assert_eq!(
        at("2026-12-15T02:00:00Z"),
        vec![(OpenKind::ItemWaiting, "一箱水果 → 3栋-1502 李明（已 8 天）".to_string())]
    );
    assert!(
        read(&s).flagged("2026-12-15".parse().unwrap()) && !read(&s).flagged("2026-12-14".parse().unwrap())
    );
}

#[test]
fn half_an_id_is_refused_not_dropped() {
    let mut s = store();
    new(ItemKind::Parcel).apply(&mut s, &desk()).unwrap();
    let half = Mutation::HandOverDeskItem(HandOverDeskItem {
        id: D.into(),
        recipient: "李明".into(),
        id_type: None,
        id_last4: Some("1234".into()),
        signature: None,
    });
    assert_eq!(refused(half.apply(&mut s, &desk())), Some(RejectionCode::Invalid));
    assert_eq!(read(&s).status(), ItemStatus::Waiting);
}
