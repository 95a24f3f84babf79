//! 寄存/转交/信报 over HTTP: a deposit logged at the desk waits for the supervisor's approval
//! before it can be handed over, goes to its recipient once against their ID's last four, and
//! never reaches a guard's or a patrol's device.

use crate::helpers::*;
use crate::tickets::uuid;
use steward_domain::deposit::record::ItemKind;
use steward_domain::keys::record::IdType;
use steward_domain::sync::commands::{ApproveDeposit, HandOverDeskItem, LogDeskItem, NewItem};
use steward_domain::sync::{Kind, Mutation};

pub fn item(kind: ItemKind) -> (String, Mutation) {
    let id = uuid();
    let m = Mutation::LogDeskItem(LogDeskItem {
        id: id.clone(),
        new: NewItem {
            kind,
            item: "一箱水果".into(),
            from: "2栋-801 杨艳".into(),
            for_unit: "3栋-1502".into(),
            for_name: "李明".into(),
            photos: vec![],
            note: "易碎".into(),
        },
    });
    (id, m)
}

pub fn hand_over(id: &str) -> Mutation {
    Mutation::HandOverDeskItem(HandOverDeskItem {
        id: id.into(),
        recipient: "李明".into(),
        id_type: Some(IdType::ResidentCard),
        id_last4: Some("1234".into()),
        signature: None,
    })
}

#[tokio::test]
async fn a_deposit_is_handed_over_only_once_the_supervisor_approved_it() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let (id, log) = item(ItemKind::Deposit);
    desk.push(&app, log).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    desk.push(&app, hand_over(&id)).await;
    assert_eq!(desk.last_refusal_field(&app).await, Some(("conflict".into(), Some("approval".into()))));
    let mut supervisor = Device::new(&app, "supervisor").await;
    supervisor
        .push(
            &app,
            Mutation::ApproveDeposit(ApproveDeposit {
                id: id.clone(),
                approved: true,
                reason: String::new(),
            }),
        )
        .await;
    assert_eq!(supervisor.last_refusal(&app).await, None);
    desk.push(&app, hand_over(&id)).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    desk.push(&app, hand_over(&id)).await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("conflict"), "once");
    let stored = app.count(&format!(
        "SELECT count(*) FROM records WHERE kind = 'desk_item' AND id = '{id}' AND json_extract(body, '$.note') = '易碎' \
         AND json_extract(body, '$.approval.by_name') IS NOT NULL AND json_extract(body, '$.handed.id_last4') = '1234'"
    ));
    assert_eq!(stored, 1);
    for user in ["guard", "patrol"] {
        let other = Device::new(&app, user).await;
        assert!(
            other.pull(&app).await.changes.iter().all(|c| c.kind != Kind::DeskItem),
            "{user} holds no deposits"
        );
    }
}
