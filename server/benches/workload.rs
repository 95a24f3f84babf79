//! A counter's and a patrol's day as pushes, for the sync benchmark: tickets and their steps,
//! duty-log entries, keys registered and lent (the desk), route patrols (the patrol phone),
//! each a change the rules accept on the demo property.

use steward_domain::decoration::checklist::{ItemResult, Outcome};
use steward_domain::keys::commands::{NewKey, NewLoan};
use steward_domain::keys::record::{Borrower, BorrowerKind, KeyKind};
use steward_domain::patrol::commands::RecordPatrol;
use steward_domain::patrol::plan::PatrolPlan;
use steward_domain::patrol::subject::PatrolSubject;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, AppendDutyLog, CreateTicket, LendKey, RegisterKey};
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::lifecycle::Action;
use steward_domain::ticket::{Channel, Department, RepairScope, TicketKind, Urgency};

/// The `n`th id of a tablet's stream: ordered by `n` first, as UUIDv7 ids made at the same
/// time on several tablets are (a benchmark that scattered them would pay for b-tree pages
/// real devices never touch at once).
fn id(tag: u8, device: u64, n: u64) -> String {
    format!("0190f5c2-7d1a-7{tag:03}-8000-{n:08}{device:04}")
}

/// The `n`th change of desk tablet `device`: a cycle of a ticket and its dispatch, a key registered and lent,
/// another ticket and its dispatch, two duty-log entries.
pub fn desk(device: u64, n: u64) -> Mutation {
    let round = n / 8;
    match n % 8 {
        0 | 4 => Mutation::CreateTicket(CreateTicket {
            id: id(1, device, n),
            event_id: id(2, device, n),
            ticket: repair(n),
        }),
        1 | 5 => Mutation::ActOnTicket(ActOnTicket {
            ticket_id: id(1, device, n - 1),
            event_id: id(2, device, n),
            action: Action::Dispatch { department: Department::Engineering },
            note: None,
        }),
        2 => Mutation::RegisterKey(RegisterKey {
            id: id(3, device, round),
            key: NewKey {
                tag: format!("R-{round:06}{device:02}"),
                slot: format!("B-{round:06}{device:02}"),
                unit: "3栋".into(),
                kind: KeyKind::Repair,
                count: 1,
                seal_number: None,
                signature: None,
            },
        }),
        3 => Mutation::LendKey(LendKey { id: id(4, device, round), loan: loan(&id(3, device, round)) }),
        _ => Mutation::AppendDutyLog(AppendDutyLog {
            id: id(5, device, n),
            text: "值班记录：大堂巡视正常，电梯运行良好，访客登记无异常。".repeat(4),
            corrects: None,
            written_at: None,
        }),
    }
}

/// The patrol phone's `n`th change: a route walked, every checkpoint passed.
pub fn patrol(n: u64) -> Mutation {
    let device = 99;
    let route = PatrolPlan::default().routes.remove(0);
    let results = route
        .checkpoints
        .iter()
        .map(|c| ItemResult {
            key: c.key.clone(),
            outcome: Outcome::Pass,
            note: String::new(),
            photos: vec![],
            rectified_on_spot: false,
        })
        .collect();
    Mutation::RecordPatrol(RecordPatrol {
        id: id(6, device, n),
        subject: PatrolSubject::Route { route_key: route.key.clone(), route_name: route.name.clone() },
        checklist: route.checkpoints.clone(),
        results,
        notice: None,
        tickets: vec![],
    })
}

fn repair(n: u64) -> NewTicket {
    NewTicket {
        kind: TicketKind::Repair,
        scope: Some(RepairScope::InHome),
        unit: format!("3栋-{}", 1501 + n % 2),
        reporter: "张先生".into(),
        contact_phone: "13812345678".into(),
        category: "防水/渗水".into(),
        urgency: Urgency::Normal,
        channel: Channel::WalkIn,
        description: "卫生间天花板渗水，请尽快安排师傅上门查看处理".into(),
        internal_note: String::new(),
        reply_by: None,
        appointment: None,
        owner_token_hash: None,
    }
}

fn loan(key_id: &str) -> NewLoan {
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
        purpose: "维修水泵房阀门".into(),
        serves: None,
        consent: None,
        emergency: None,
        escorts: vec!["李师傅".into(), "赵军".into()],
        staff_ids: vec![],
        count: 1,
    }
}
