//! Every mutation × every role, over HTTP: each mutation is pushed by each demo user in the
//! state where it applies; the roles the manuals give it are applied, every other role is
//! refused as `forbidden` and the server's version does not move (nothing was written).
//! The ticket steps themselves (accept, on site, complete…) have their own matrix in
//! `tickets.rs`; here `act_on_ticket` is represented by the dispatch.

use crate::helpers::*;
use crate::tickets::{repair, uuid};
use steward_domain::announcement::record::{Audience, Channel as AnnouncementChannel, Topic};
use steward_domain::arrears::commands::ImportedCase;
use steward_domain::arrears::record::{Channel, FeeType, Stage};
use steward_domain::decoration::checklist::{ItemResult, Outcome};
use steward_domain::decoration::hot_work::{HotWorkAction, NewHotWork};
use steward_domain::decoration::lifecycle::DecorationAction;
use steward_domain::deposit::record::ItemKind;
use steward_domain::handover::commands::NewHandover;
use steward_domain::keys::commands::NewKey;
use steward_domain::keys::commands::NewLoan;
use steward_domain::keys::count::SlotCheck;
use steward_domain::keys::incident::{Cause, Step};
use steward_domain::keys::record::{Borrower, BorrowerKind, Consent, Emergency, KeyKind};
use steward_domain::patrol::apply::PatrolNotice;
use steward_domain::patrol::subject::PatrolSubject;
use steward_domain::photo::PhotoRef;
use steward_domain::release::issue::Applicant;
use steward_domain::settings::{SETTINGS_ID, Settings};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::ApproveDeposit;
use steward_domain::sync::commands::{
    ActOnDecoration, ActOnHotWork, ActOnTicket, AnalyseComplaint, AppendDutyLog, ApplyDecoration,
    ApplyHotWork, AttachTicketPhotos, ChangeOwnerLink, CreateTicket, EscalateTicket, ExplainLateArrival,
    HandOverTicket, PauseTicket, RaiseTicketUrgency, RateAsOwner, RecordPatrol, RecordTicketPlan,
    RecordVisitExit, RegisterVisit, ReinspectNotice, ResumeTicket, ReviewTicket, SaveSettings,
    UpdateVisitPurpose, WithdrawVisit,
};
use steward_domain::sync::commands::{
    ActOnKeyIncident, ApproveKeyLoan, ConfirmHandover, LendKey, MoveKey, OpenKeyIncident, RecordKeyCount,
    RegisterKey, ResealKey, RetireKey, ReturnKey, SignDutyLog, StartHandover, WithdrawKeyLoan,
};
use steward_domain::sync::commands::{
    AdvanceArrearsStage, AssignArrears, ImportArrears, RecordArrearsContact, RecordArrearsPayment,
};
use steward_domain::sync::commands::{ConfirmVisit, LiftDoNotAdmit, NewAnswer, RemoveVisitorDetails};
use steward_domain::sync::commands::{LiftReleaseRestriction, RevokeDeviceKey, SetReleaseRestriction};
use steward_domain::ticket::lifecycle::Action;
use steward_domain::ticket::record::PhotoStage;
use steward_domain::ticket::{Department, Urgency};

const USERS: [&str; 7] = ["desk", "supervisor", "manager", "patrol", "engineer", "guard", "admin"];
const DESK: &[&str] = &["desk", "supervisor", "manager"];
const FRONT_OF_HOUSE: &[&str] = &["desk", "supervisor", "manager", "guard"];
const ON_THE_GROUND: &[&str] = &["desk", "supervisor", "manager", "patrol", "engineer", "guard"];

/// Each mutation (by its wire name) and who may make it.
const CELLS: [(&str, &[&str]); 65] = [
    // First, before any major ticket exists to block a handover. The desk hands over to the
    // desk, the gate to the gate, on the same screen; the manager started every handover
    // confirmed here, and the outgoing person never confirms their own.
    ("start_handover", FRONT_OF_HOUSE),
    ("confirm_handover", &["desk", "supervisor", "guard"]),
    ("register_visit", FRONT_OF_HOUSE),
    ("record_visit_exit", FRONT_OF_HOUSE),
    ("update_visit_purpose", FRONT_OF_HOUSE),
    ("withdraw_visit", FRONT_OF_HOUSE),
    // Visitors: the desk and the gate register and answer for them; the desk keeps the
    // do-not-admit list and issues day passes; only the retention rule removes details.
    ("confirm_visit", FRONT_OF_HOUSE),
    ("set_do_not_admit", DESK),
    ("lift_do_not_admit", DESK),
    // (Before the slips' cells: their tablets' sessions sign the desk's older ones out.)
    ("issue_day_pass", DESK),
    ("cancel_day_pass", DESK),
    ("remove_visitor_details", &[]),
    // 寄存/转交/信报: the desk logs and hands over; a deposit is the supervisor's to approve.
    ("log_desk_item", DESK),
    ("approve_deposit", &["supervisor", "manager"]),
    ("hand_over_desk_item", DESK),
    // 通知/公告: drafted at the desk, approved by the supervisor (the step represented here);
    // homes' readings taken at the counter and door to door. Surveys are the manager's to
    // write, answered at the counter and door to door.
    ("draft_announcement", DESK),
    ("act_on_announcement", &["supervisor", "manager"]),
    ("reply_to_announcement", &["desk", "supervisor", "manager", "patrol"]),
    ("publish_survey", &["manager"]),
    ("answer_survey", &["desk", "supervisor", "manager", "patrol"]),
    ("append_duty_log", FRONT_OF_HOUSE),
    // 审阅签字 is the supervisor's (or the manager's).
    ("sign_duty_log", &["supervisor", "manager"]),
    ("create_ticket", &["desk", "supervisor", "manager", "patrol"]),
    ("act_on_ticket", DESK),
    ("pause_ticket", DESK),
    ("resume_ticket", DESK),
    // An escalated (major) ticket's plan is the supervisor's or the manager's.
    ("record_ticket_plan", &["supervisor", "manager"]),
    ("explain_late_arrival", DESK),
    ("change_owner_link", DESK),
    // The desk and patrols at intake, and the department the ticket went to.
    ("attach_ticket_photos", &["desk", "supervisor", "manager", "patrol", "engineer"]),
    ("apply_decoration", DESK),
    // The first review is the customer-service manager's.
    ("act_on_decoration", &["manager"]),
    ("record_patrol", ON_THE_GROUND),
    ("reinspect_notice", ON_THE_GROUND),
    ("apply_hot_work", DESK),
    ("act_on_hot_work", DESK),
    ("save_settings", &["manager"]),
    // Only the owner rates, from their link: no staff device may rate in their name.
    ("rate_as_owner", &[]),
    // Only the server's clock escalates a passed time limit.
    ("escalate_ticket", &[]),
    // The supervisor and the manager steer a ticket: urgency, 首问责任, the daily review.
    ("raise_ticket_urgency", &["supervisor", "manager"]),
    ("hand_over_ticket", &["supervisor", "manager"]),
    ("review_ticket", &["supervisor", "manager"]),
    // A valid complaint's case analysis is the desk's, the supervisor's or the manager's.
    ("analyse_complaint", DESK),
    // The desk keeps the key cabinet; a sealed key's loan is the supervisor's and the
    // manager's to approve; security only reads it.
    ("register_key", DESK),
    ("lend_key", DESK),
    ("approve_key_loan", &["supervisor", "manager"]),
    ("withdraw_key_loan", DESK),
    // Never from a device: the supervisor's file goes through `POST /api/arrears/import`.
    ("import_arrears", &[]),
    ("assign_arrears", &["supervisor", "manager"]),
    // The desk, or the person the case is assigned to (nobody here).
    ("record_arrears_contact", DESK),
    ("advance_arrears_stage", DESK),
    ("record_arrears_payment", DESK),
    ("return_key", DESK),
    ("reseal_key", DESK),
    ("move_key", DESK),
    ("retire_key", DESK),
    ("open_key_incident", DESK),
    ("act_on_key_incident", DESK),
    ("record_key_count", DESK),
    // Goods release: the desk issues on its own device's key; the supervisor or the manager
    // revokes a lost device's key; only the gate records what went out.
    ("register_device_key", DESK),
    ("revoke_device_key", &["supervisor", "manager"]),
    ("set_release_restriction", DESK),
    ("lift_release_restriction", DESK),
    ("issue_release_slip", DESK),
    ("record_gate_check", &["guard"]),
];

struct Staff {
    devices: Vec<Device>,
    /// A different unit for every decoration, so no application meets another's.
    next_unit: u32,
}

impl Staff {
    fn by(&mut self, user: &str) -> &mut Device {
        &mut self.devices[USERS.iter().position(|u| *u == user).unwrap()]
    }

    /// Pushed by `user`, which must be accepted (a set-up step).
    async fn ok(&mut self, app: &TestApp, user: &str, m: Mutation) {
        let name = m.name();
        let d = self.by(user);
        d.push(app, m).await;
        assert_eq!(d.last_refusal(app).await, None, "set-up: {user} {name}");
    }

    fn unit(&mut self) -> String {
        self.next_unit += 1;
        format!("2栋-{}{:02}", 2 + self.next_unit / 4, 1 + self.next_unit % 4)
    }
}

fn visit(id: &str) -> Mutation {
    Mutation::RegisterVisit(RegisterVisit {
        id: id.into(),
        visitor_name: "李华".into(),
        unit: "3栋-1502".into(),
        purpose: "探亲".into(),
        ..Default::default()
    })
}

fn act(ticket_id: &str, action: Action) -> Mutation {
    Mutation::ActOnTicket(ActOnTicket { ticket_id: ticket_id.into(), event_id: uuid(), action, note: None })
}

fn dispatch() -> Action {
    Action::Dispatch { department: Department::Engineering }
}

async fn new_ticket(app: &TestApp, s: &mut Staff, urgency: Urgency) -> String {
    let id = uuid();
    let ticket = steward_domain::ticket::apply::NewTicket { urgency, ..repair() };
    s.ok(app, "desk", Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket }))
        .await;
    id
}

async fn dispatched_ticket(app: &TestApp, s: &mut Staff) -> String {
    let id = new_ticket(app, s, Urgency::Normal).await;
    s.ok(app, "desk", act(&id, dispatch())).await;
    id
}

async fn submitted_decoration(app: &TestApp, s: &mut Staff) -> String {
    let id = uuid();
    let application = decoration_application(&s.unit());
    s.ok(app, "desk", Mutation::ApplyDecoration(ApplyDecoration { id: id.clone(), application })).await;
    id
}

async fn decoration_under_way(app: &TestApp, s: &mut Staff) -> String {
    let id = submitted_decoration(app, s).await;
    for (user, action) in [
        ("manager", DecorationAction::Review { approve: true, reasons: String::new() }),
        ("engineer", DecorationAction::Review { approve: true, reasons: String::new() }),
        ("desk", DecorationAction::IssuePermit { fees: 30000, deposit: 200000 }),
    ] {
        s.ok(app, user, Mutation::ActOnDecoration(ActOnDecoration { id: id.clone(), action })).await;
    }
    id
}

fn hot_work(decoration_id: String) -> NewHotWork {
    NewHotWork {
        decoration_id,
        applicant: "王师傅".into(),
        work: "电焊".into(),
        location: "阳台".into(),
        date: "2026-12-02".into(),
        hours: "09:00-11:00".into(),
        fire_watcher: "赵师傅".into(),
        extinguishers: 2,
    }
}

/// A decoration patrol: every item of the plan answered, the first one failed when
/// `notice` is given (a rectification notice is raised).
fn decoration_patrol(decoration_id: &str, notice: Option<PatrolNotice>) -> Mutation {
    let plan = steward_domain::patrol::plan::PatrolPlan::default().decoration_checklist;
    let results = plan
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let fail = i == 0 && notice.is_some();
            ItemResult {
                key: item.key.clone(),
                outcome: if fail { Outcome::Fail } else { Outcome::Pass },
                note: if fail { "未做保护".into() } else { String::new() },
                photos: vec![],
                rectified_on_spot: false,
            }
        })
        .collect();
    Mutation::RecordPatrol(RecordPatrol {
        id: uuid(),
        subject: PatrolSubject::Decoration { decoration_id: decoration_id.into() },
        checklist: vec![],
        results,
        notice,
        tickets: vec![],
    })
}

fn photo() -> PhotoRef {
    PhotoRef { id: uuid(), sha256: "ab".repeat(32), bytes: 1000 }
}

fn restriction() -> SetReleaseRestriction {
    let until = crate::release::today() + chrono::Duration::days(3);
    SetReleaseRestriction {
        id: uuid(),
        unit: "3栋-1801".into(),
        reason: "装修押金未结清，暂停放行".into(),
        until,
        owner_instruction: false,
    }
}

/// Who starts the handovers the `confirm_handover` cells confirm.
const HANDS_OVER: &str = "manager";

/// A key of `kind` with its own tag and slot.
fn new_key(kind: KeyKind) -> NewKey {
    let tag = uuid()[24..].to_string();
    let sealed = kind == KeyKind::Sealed;
    NewKey {
        slot: format!("S-{tag}"),
        tag,
        unit: "2栋-0801".into(),
        kind,
        count: 1,
        seal_number: sealed.then(|| "F-1".into()),
        signature: sealed.then(photo),
    }
}

/// A key registered by the desk, and the loan of it (not yet pushed).
async fn key_loan(
    app: &TestApp,
    s: &mut Staff,
    kind: KeyKind,
    emergency: Option<Emergency>,
) -> (String, Mutation) {
    let key_id = uuid();
    s.ok(app, "desk", Mutation::RegisterKey(RegisterKey { id: key_id.clone(), key: new_key(kind) })).await;
    let id = uuid();
    let borrower = Borrower {
        kind: BorrowerKind::Staff,
        name: "李师傅".into(),
        id_type: None,
        id_last4: None,
        pass: None,
        letter: None,
    };
    let consent =
        Consent { phone: "13812345678".into(), called_by: "王小红".into(), at: "2026-12-01T09:41".into() };
    let loan = NewLoan {
        key_id,
        borrower,
        purpose: "关闭进水阀".into(),
        serves: None,
        consent: kind.owners().then_some(consent),
        emergency,
        escorts: vec!["李师傅".into(), "赵军".into()],
        staff_ids: vec![],
        count: 1,
    };
    (id.clone(), Mutation::LendKey(LendKey { id, loan }))
}

/// Finance's list for one unit of its own (each call another unit), not yet pushed.
fn arrears_import() -> (String, Mutation) {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(101);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let csv =
        format!("楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n9,{n},物业管理费,2026-10,1000,2026-10-31\n");
    let rows = steward_domain::arrears::csv::parse_arrears_csv(&csv).unwrap();
    let case_id = uuid();
    let case = ImportedCase { case_id: case_id.clone(), unit: rows[0].unit.clone(), rows };
    (case_id, Mutation::ImportArrears(ImportArrears { id: uuid(), cases: vec![case] }))
}

/// A case imported from finance's file (a unit of 1栋 of its own), with the desk's first
/// contact on it.
async fn arrears_case(app: &TestApp, s: &mut Staff) -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let unit = (1 + n / 4) * 100 + 1 + n % 4;
    let csv = format!(
        "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n1,{unit},物业管理费,2026-10,1000,2026-10-31\n"
    );
    let file = s
        .by("supervisor")
        .client
        .post(app.url("/api/arrears/import"))
        .header("content-type", "text/csv")
        .body(csv);
    assert_eq!(file.send().await.unwrap().status(), reqwest::StatusCode::OK, "set-up: import 1栋-{unit}");
    let cases = s.by("desk").pull(app).await;
    let label = format!("1栋-{unit}");
    let id = cases
        .changes
        .iter()
        .filter(|c| c.kind == steward_domain::sync::Kind::ArrearsCase)
        .find(|c| c.body_value().is_some_and(|b| b["unit"] == label.as_str()))
        .map(|c| c.id.clone())
        .expect("the imported case");
    let contact = RecordArrearsContact {
        id: id.clone(),
        channel: Channel::Phone,
        outcome: "已电话通知".into(),
        promise_by: None,
    };
    s.ok(app, "desk", Mutation::RecordArrearsContact(contact)).await;
    id
}

/// The key the desk's passes are signed with: one tablet for every cell (each new session
/// of the desk's account would sign an older one out), registered once.
async fn pass_key(app: &TestApp) -> (String, steward_domain::release::pass::DeviceSecret) {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let (key_id, secret, register) = crate::release::tablet_key(6);
    if KEY.get().is_none() {
        let mut tablet = Device::new(app, "desk").await;
        tablet.push(app, register).await;
        assert_eq!(tablet.last_refusal(app).await, None, "set-up: the passes' tablet key");
        let _ = KEY.set(key_id);
    }
    (KEY.get().expect("registered above").clone(), secret)
}

/// The mutation `name`, with whatever it needs already in place (made by roles that may).
async fn case(app: &TestApp, s: &mut Staff, name: &str) -> Mutation {
    match name {
        "register_visit" => visit(&uuid()),
        "record_visit_exit" | "update_visit_purpose" | "withdraw_visit" => {
            let id = uuid();
            s.ok(app, "desk", visit(&id)).await;
            match name {
                "record_visit_exit" => Mutation::RecordVisitExit(RecordVisitExit { id }),
                "withdraw_visit" => Mutation::WithdrawVisit(WithdrawVisit { id }),
                _ => {
                    let sql = format!("SELECT version FROM records WHERE kind = 'visit' AND id = '{id}'");
                    let base_version = app.count(&sql) as u64;
                    Mutation::UpdateVisitPurpose(UpdateVisitPurpose {
                        id,
                        purpose: "送快递".into(),
                        base_version,
                    })
                }
            }
        }
        "append_duty_log" => Mutation::AppendDutyLog(AppendDutyLog {
            id: uuid(),
            text: "巡查大堂正常".into(),
            corrects: None,
            written_at: None,
        }),
        "sign_duty_log" => {
            // A day of its own for every cell: each day is signed once.
            s.next_unit += 1;
            let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                + chrono::Duration::days(s.next_unit.into());
            Mutation::SignDutyLog(SignDutyLog { id: uuid(), day: day.to_string(), note: String::new() })
        }
        "create_ticket" => {
            Mutation::CreateTicket(CreateTicket { id: uuid(), event_id: uuid(), ticket: repair() })
        }
        "act_on_ticket" => act(&new_ticket(app, s, Urgency::Normal).await, dispatch()),
        "pause_ticket" => {
            let ticket_id = dispatched_ticket(app, s).await;
            Mutation::PauseTicket(PauseTicket {
                ticket_id, event_id: uuid(), reason: "业主不在家".into()
            })
        }
        "resume_ticket" => {
            let ticket_id = dispatched_ticket(app, s).await;
            let pause = Mutation::PauseTicket(PauseTicket {
                ticket_id: ticket_id.clone(),
                event_id: uuid(),
                reason: "业主不在家".into(),
            });
            s.ok(app, "desk", pause).await;
            Mutation::ResumeTicket(ResumeTicket { ticket_id, event_id: uuid() })
        }
        "record_ticket_plan" => {
            let ticket_id = new_ticket(app, s, Urgency::Major).await;
            Mutation::RecordTicketPlan(RecordTicketPlan {
                ticket_id,
                event_id: uuid(),
                plan: "今日派工程部检查".into(),
            })
        }
        "explain_late_arrival" => Mutation::ExplainLateArrival(ExplainLateArrival {
            ticket_id: dispatched_ticket(app, s).await,
            event_id: uuid(),
            explanation: "维修工在另一单元抢修".into(),
            new_completion: "2026-12-02T08:00:00Z".into(),
        }),
        "change_owner_link" => Mutation::ChangeOwnerLink(ChangeOwnerLink {
            ticket_id: new_ticket(app, s, Urgency::Normal).await,
            event_id: uuid(),
            owner_token_hash: None,
        }),
        "attach_ticket_photos" => Mutation::AttachTicketPhotos(AttachTicketPhotos {
            ticket_id: dispatched_ticket(app, s).await,
            event_id: uuid(),
            stage: PhotoStage::Before,
            photos: vec![photo()],
        }),
        "apply_decoration" => Mutation::ApplyDecoration(ApplyDecoration {
            id: uuid(),
            application: decoration_application(&s.unit()),
        }),
        "act_on_decoration" => Mutation::ActOnDecoration(ActOnDecoration {
            id: submitted_decoration(app, s).await,
            action: DecorationAction::Review { approve: true, reasons: String::new() },
        }),
        "record_patrol" => decoration_patrol(&decoration_under_way(app, s).await, None),
        "reinspect_notice" => {
            let decoration = decoration_under_way(app, s).await;
            let notice = PatrolNotice { id: uuid(), deadline: "2027-01-05T10:00:00Z".into() };
            let id = notice.id.clone();
            s.ok(app, "patrol", decoration_patrol(&decoration, Some(notice))).await;
            Mutation::ReinspectNotice(ReinspectNotice {
                id,
                rectified: true,
                note: "已整改".into(),
                deduction: 0,
            })
        }
        "apply_hot_work" => Mutation::ApplyHotWork(ApplyHotWork {
            id: uuid(),
            application: hot_work(decoration_under_way(app, s).await),
        }),
        "act_on_hot_work" => {
            let id = uuid();
            let application = hot_work(decoration_under_way(app, s).await);
            s.ok(app, "desk", Mutation::ApplyHotWork(ApplyHotWork { id: id.clone(), application })).await;
            Mutation::ActOnHotWork(ActOnHotWork { id, action: HotWorkAction::Approve })
        }
        "save_settings" => {
            Mutation::SaveSettings(SaveSettings { id: SETTINGS_ID.into(), settings: Settings::default() })
        }
        "rate_as_owner" => Mutation::RateAsOwner(RateAsOwner {
            ticket_id: new_ticket(app, s, Urgency::Normal).await,
            event_id: uuid(),
            satisfied: true,
            comment: String::new(),
        }),
        "escalate_ticket" => Mutation::EscalateTicket(EscalateTicket {
            ticket_id: new_ticket(app, s, Urgency::Normal).await,
            event_id: uuid(),
            limit: steward_domain::ticket::overdue::Limit::Arrival,
            anchor: "2026-11-22T02:00:00Z".into(),
            late_minutes: 30,
        }),
        "raise_ticket_urgency" => Mutation::RaiseTicketUrgency(RaiseTicketUrgency {
            ticket_id: new_ticket(app, s, Urgency::Normal).await,
            event_id: uuid(),
            urgency: Urgency::Major,
            reason: "同一楼层三户报修".into(),
        }),
        "hand_over_ticket" => Mutation::HandOverTicket(HandOverTicket {
            ticket_id: new_ticket(app, s, Urgency::Normal).await,
            event_id: uuid(),
            to: app.count("SELECT id FROM users WHERE username = 'patrol'"),
            to_name: "陈晨".into(),
            reason: "王小红休假".into(),
        }),
        "review_ticket" => Mutation::ReviewTicket(ReviewTicket {
            ticket_id: {
                // Received yesterday: on this morning's review.
                let id = new_ticket(app, s, Urgency::Normal).await;
                let c = rusqlite::Connection::open(&app.db_path).unwrap();
                let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339();
                c.execute("UPDATE records SET body = json_set(body, '$.created_at', ?1) WHERE kind = 'ticket' AND id = ?2", rusqlite::params![yesterday, id]).unwrap();
                id
            },
            event_id: uuid(),
            reason: "等待配件".into(),
            new_date: chrono::Utc::now().date_naive() + chrono::Days::new(3),
        }),
        "analyse_complaint" => {
            let id = uuid();
            let ticket = steward_domain::ticket::apply::NewTicket {
                kind: steward_domain::ticket::TicketKind::Complaint,
                scope: None,
                ..repair()
            };
            s.ok(
                app,
                "desk",
                Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket }),
            )
            .await;
            s.ok(app, "desk", act(&id, Action::JudgeComplaint { valid: true, explanation: "属实".into() }))
                .await;
            Mutation::AnalyseComplaint(AnalyseComplaint {
                ticket_id: id,
                event_id: uuid(),
                cause: "施工噪音".into(),
                corrective: "约谈施工方".into(),
                preventive: "告知书写明时段".into(),
            })
        }
        "register_key" => Mutation::RegisterKey(RegisterKey { id: uuid(), key: new_key(KeyKind::Repair) }),
        "lend_key" => key_loan(app, s, KeyKind::Repair, None).await.1,
        "approve_key_loan" => {
            let (id, lend) = key_loan(app, s, KeyKind::Sealed, None).await;
            s.ok(app, "desk", lend).await;
            Mutation::ApproveKeyLoan(ApproveKeyLoan { id })
        }
        "import_arrears" => arrears_import().1,
        "assign_arrears" => {
            let id = arrears_case(app, s).await;
            Mutation::AssignArrears(AssignArrears { id, user_id: 4, assignee: "陈晨".into() })
        }
        "record_arrears_contact" => {
            let id = arrears_case(app, s).await;
            Mutation::RecordArrearsContact(RecordArrearsContact {
                id,
                channel: Channel::Sms,
                outcome: "已发短信".into(),
                promise_by: None,
            })
        }
        "advance_arrears_stage" => {
            let id = arrears_case(app, s).await;
            Mutation::AdvanceArrearsStage(AdvanceArrearsStage { id, to: Stage::ReminderNotice })
        }
        "record_arrears_payment" => {
            let id = arrears_case(app, s).await;
            let pay = RecordArrearsPayment {
                id,
                fee_type: FeeType::Management,
                period: "2026-10".into(),
                amount: 100_000,
                receipt: "SF-001".into(),
            };
            Mutation::RecordArrearsPayment(pay)
        }
        "withdraw_key_loan" => {
            let (id, lend) = key_loan(app, s, KeyKind::Sealed, None).await;
            s.ok(app, "desk", lend).await;
            Mutation::WithdrawKeyLoan(WithdrawKeyLoan { id, reason: "业主回电取消".into() })
        }
        "return_key" => {
            let (id, lend) = key_loan(app, s, KeyKind::Repair, None).await;
            s.ok(app, "desk", lend).await;
            Mutation::ReturnKey(ReturnKey {
                id,
                count: 1,
                power_off: None,
                windows_shut: None,
                note: String::new(),
                incident: None,
            })
        }
        "reseal_key" => {
            let (id, lend) = key_loan(app, s, KeyKind::Sealed, Some(Emergency::Flood)).await;
            let Mutation::LendKey(LendKey { loan, .. }) = &lend else { unreachable!() };
            let key_id = loan.key_id.clone();
            s.ok(app, "desk", lend).await;
            let back = ReturnKey {
                id,
                count: 1,
                power_off: None,
                windows_shut: None,
                note: String::new(),
                incident: None,
            };
            s.ok(app, "desk", Mutation::ReturnKey(back)).await;
            Mutation::ResealKey(ResealKey { id: key_id, seal_number: "F-2".into(), signature: photo() })
        }
        "open_key_incident" => {
            let (id, lend) = key_loan(app, s, KeyKind::Repair, None).await;
            let Mutation::LendKey(LendKey { loan, .. }) = &lend else { unreachable!() };
            let key_id = loan.key_id.clone();
            s.ok(app, "desk", lend).await;
            Mutation::OpenKeyIncident(OpenKeyIncident {
                id: uuid(),
                log_id: uuid(),
                key_id,
                loan_id: Some(id),
                cause: Cause::Lost,
                note: String::new(),
            })
        }
        "move_key" | "retire_key" => {
            let id = uuid();
            s.ok(
                app,
                "desk",
                Mutation::RegisterKey(RegisterKey { id: id.clone(), key: new_key(KeyKind::Repair) }),
            )
            .await;
            match name {
                "move_key" => Mutation::MoveKey(MoveKey { id, slot: format!("M-{}", &uuid()[24..]) }),
                _ => Mutation::RetireKey(RetireKey { id, reason: "业主取回".into() }),
            }
        }
        "act_on_key_incident" => {
            let key_id = uuid();
            s.ok(
                app,
                "desk",
                Mutation::RegisterKey(RegisterKey { id: key_id.clone(), key: new_key(KeyKind::Repair) }),
            )
            .await;
            let id = uuid();
            let open = OpenKeyIncident {
                id: id.clone(),
                log_id: uuid(),
                key_id,
                loan_id: None,
                cause: Cause::Lost,
                note: String::new(),
            };
            s.ok(app, "desk", Mutation::OpenKeyIncident(open)).await;
            Mutation::ActOnKeyIncident(ActOnKeyIncident {
                id,
                log_id: uuid(),
                step: Step::SupervisorInformed,
                note: String::new(),
            })
        }
        "record_key_count" => {
            // Every key in the cabinet, as the server holds them now.
            let conn = rusqlite::Connection::open(&app.db_path).unwrap();
            let mut q = conn
                .prepare("SELECT id FROM records WHERE kind = 'key' AND json_extract(body, '$.state') IN ('in_cabinet', 'awaiting_reseal')")
                .unwrap();
            let ids: Vec<String> = q.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
            let checks = ids
                .into_iter()
                .map(|key_id| SlotCheck { key_id, present: true, seal_intact: Some(true), found: None })
                .collect();
            Mutation::RecordKeyCount(RecordKeyCount { id: uuid(), log_id: uuid(), checks, incidents: vec![] })
        }
        "start_handover" => {
            let new = NewHandover {
                items: vec![],
                instructions: String::new(),
                incidents: String::new(),
                counts: vec![],
            };
            Mutation::StartHandover(StartHandover { id: uuid(), handover: new })
        }
        "confirm_handover" => {
            // Started by the manager, so every other front-of-house role may take it over
            // (the manager's own cell is refused as the outgoing person's: see below).
            // One waiting handover per person: the desk takes over what the manager left
            // waiting (its start cell, or a cell that was refused) before the next one.
            let waiting = {
                let conn = rusqlite::Connection::open(&app.db_path).unwrap();
                let mut q = conn
                    .prepare("SELECT id FROM records WHERE kind = 'handover' AND json_extract(body, '$.status') = 'started' AND json_extract(body, '$.outgoing_name') = '张伟'")
                    .unwrap();
                q.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect::<Vec<_>>()
            };
            // Refused rather than confirmed: one confirmed handover per shift and person, and
            // the manager starts one for every cell.
            for id in waiting {
                let take = ConfirmHandover {
                    id,
                    log_id: uuid(),
                    checks: vec![],
                    notes: vec![],
                    accept: false,
                    refusal: "核对有误".into(),
                };
                s.ok(app, "desk", Mutation::ConfirmHandover(take)).await;
            }
            let id = uuid();
            let new = NewHandover {
                items: vec![],
                instructions: String::new(),
                incidents: String::new(),
                counts: vec![],
            };
            s.ok(app, HANDS_OVER, Mutation::StartHandover(StartHandover { id: id.clone(), handover: new }))
                .await;
            Mutation::ConfirmHandover(ConfirmHandover {
                id,
                log_id: uuid(),
                checks: vec![],
                notes: vec![],
                accept: false,
                refusal: "核对有误".into(),
            })
        }
        "register_device_key" => crate::release::tablet_key(3).2,
        "revoke_device_key" => {
            // From a tablet of its own: one live key per device.
            let (id, _, register) = crate::release::tablet_key(4);
            let mut tablet = Device::new(app, "desk").await;
            tablet.push(app, register).await;
            assert_eq!(tablet.last_refusal(app).await, None, "set-up: a second tablet's key");
            Mutation::RevokeDeviceKey(RevokeDeviceKey { id, reason: "平板遗失".into() })
        }
        "set_release_restriction" => Mutation::SetReleaseRestriction(restriction()),
        "lift_release_restriction" => {
            let r = restriction();
            let id = r.id.clone();
            s.ok(app, "desk", Mutation::SetReleaseRestriction(r)).await;
            Mutation::LiftReleaseRestriction(LiftReleaseRestriction {
                id, reason: "业主来电解除".into()
            })
        }
        "issue_release_slip" | "record_gate_check" => {
            // The slips' tablet, with a key of its own (one live key per device).
            let (key_id, secret, register) = crate::release::tablet_key(5);
            let mut tablet = Device::new(app, "desk").await;
            tablet.push(app, register).await;
            assert_eq!(tablet.last_refusal(app).await, None, "set-up: the slips' tablet key");
            // A unit of 3栋 of its own (in the demo register, owing nothing).
            static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let unit = format!("3栋-{}{:02}", 1 + n / 4, 1 + n % 4);
            let (slip_id, issue) =
                crate::release::slip(&key_id, &secret, &unit, Applicant::Owner { name: "杨艳".into() });
            if name == "issue_release_slip" {
                return issue;
            }
            let Mutation::IssueReleaseSlip(i) = &issue else { unreachable!() };
            crate::release::gate_release(&slip_id, &i.slip.pass)
        }
        "confirm_visit" => {
            let id = uuid();
            s.ok(app, "desk", visit(&id)).await;
            let answer = steward_domain::visit::HostAnswer::InPerson { name: "李明".into() };
            Mutation::ConfirmVisit(ConfirmVisit {
                id,
                answer: NewAnswer { answer, admitted: true, reason: String::new() },
            })
        }
        "set_do_not_admit" => crate::visits::block("1栋-101", "王五"),
        "lift_do_not_admit" => {
            let set = crate::visits::block("1栋-101", "王五");
            let id = set.record_id().to_string();
            s.ok(app, "desk", set).await;
            Mutation::LiftDoNotAdmit(LiftDoNotAdmit { id, reason: "业主撤回".into() })
        }
        "issue_day_pass" => {
            let (key_id, secret) = pass_key(app).await;
            crate::visits::day_pass(&key_id, &secret, "3栋-1502", "韩梅梅").1
        }
        "cancel_day_pass" => {
            let (key_id, secret) = pass_key(app).await;
            let (pass, issue) = crate::visits::day_pass(&key_id, &secret, "3栋-1502", "韩梅梅");
            s.ok(app, "desk", issue).await;
            Mutation::CancelDayPass(steward_domain::sync::commands::CancelDayPass {
                id: pass.code.pass_id,
                reason: "业主来电取消".into(),
            })
        }
        "remove_visitor_details" => {
            let id = uuid();
            s.ok(app, "desk", visit(&id)).await;
            Mutation::RemoveVisitorDetails(RemoveVisitorDetails { id })
        }
        "log_desk_item" => crate::deposits::item(ItemKind::Deposit).1,
        "approve_deposit" => {
            let (id, log) = crate::deposits::item(ItemKind::Deposit);
            s.ok(app, "desk", log).await;
            Mutation::ApproveDeposit(ApproveDeposit { id, approved: true, reason: String::new() })
        }
        "hand_over_desk_item" => {
            let (id, log) = crate::deposits::item(ItemKind::Parcel);
            s.ok(app, "desk", log).await;
            crate::deposits::hand_over(&id)
        }
        "draft_announcement" => crate::notices::draft(Topic::Rule, Audience::All).1,
        "act_on_announcement" => {
            let (id, m) = crate::notices::draft(Topic::Rule, Audience::All);
            s.ok(app, "desk", m).await;
            crate::notices::approve(app, &id)
        }
        "reply_to_announcement" => {
            let (id, m) = crate::notices::draft(Topic::Rule, Audience::All);
            s.ok(app, "desk", m).await;
            s.ok(app, "supervisor", crate::notices::approve(app, &id)).await;
            crate::notices::reply(&id, "3栋-1502", AnnouncementChannel::Desk)
        }
        "publish_survey" => crate::notices::survey().1,
        "answer_survey" => {
            let (id, m) = crate::notices::survey();
            s.ok(app, "manager", m).await;
            crate::notices::answer(&id, "3栋-1502", AnnouncementChannel::DoorToDoor)
        }
        other => panic!("no case for {other}"),
    }
}

#[tokio::test]
async fn every_mutation_by_every_role_is_applied_or_refused_as_the_manuals_say() {
    let app = spawn_app().await;
    let mut devices = Vec::new();
    for u in USERS {
        devices.push(Device::new(&app, u).await);
    }
    let mut s = Staff { devices, next_unit: 0 };
    let mut wrong = Vec::new();
    for (name, allowed) in CELLS {
        for user in USERS {
            let m = case(&app, &mut s, name).await;
            assert_eq!(m.name(), name, "the case builds the mutation it is named for");
            let version = app.count("SELECT version FROM sync_state");
            s.by(user).push(&app, m).await;
            let refusal = s.by(user).last_refusal(&app).await;
            let moved = app.count("SELECT version FROM sync_state") != version;
            let expected = allowed.contains(&user);
            let held = if expected {
                refusal.is_none() && moved
            } else {
                refusal.as_deref() == Some("forbidden") && !moved
            };
            if !held {
                wrong.push(format!("{user} {name}: {refusal:?}, wrote {moved}, may {expected}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cells wrong:\n{}",
        wrong.len(),
        CELLS.len() * USERS.len(),
        wrong.join("\n")
    );
}

/// Every variant, with no wildcard: a new mutation does not compile until it is given a
/// row in [`CELLS`] (and a [`case`]).
#[allow(dead_code)]
fn in_the_matrix(m: &Mutation) {
    match m {
        Mutation::RegisterVisit(_)
        | Mutation::RecordVisitExit(_)
        | Mutation::UpdateVisitPurpose(_)
        | Mutation::WithdrawVisit(_)
        | Mutation::AppendDutyLog(_)
        | Mutation::SignDutyLog(_)
        | Mutation::CreateTicket(_)
        | Mutation::ActOnTicket(_)
        | Mutation::PauseTicket(_)
        | Mutation::ResumeTicket(_)
        | Mutation::RecordTicketPlan(_)
        | Mutation::ExplainLateArrival(_)
        | Mutation::EscalateTicket(_)
        | Mutation::RaiseTicketUrgency(_)
        | Mutation::HandOverTicket(_)
        | Mutation::ReviewTicket(_)
        | Mutation::AnalyseComplaint(_)
        | Mutation::ChangeOwnerLink(_)
        | Mutation::AttachTicketPhotos(_)
        | Mutation::ApplyDecoration(_)
        | Mutation::ActOnDecoration(_)
        | Mutation::RecordPatrol(_)
        | Mutation::ReinspectNotice(_)
        | Mutation::ApplyHotWork(_)
        | Mutation::ActOnHotWork(_)
        | Mutation::SaveSettings(_)
        | Mutation::RateAsOwner(_)
        | Mutation::RegisterKey(_)
        | Mutation::LendKey(_)
        | Mutation::ApproveKeyLoan(_)
        | Mutation::WithdrawKeyLoan(_)
        | Mutation::ImportArrears(_)
        | Mutation::AssignArrears(_)
        | Mutation::RecordArrearsContact(_)
        | Mutation::AdvanceArrearsStage(_)
        | Mutation::RecordArrearsPayment(_)
        | Mutation::ReturnKey(_)
        | Mutation::ResealKey(_)
        | Mutation::MoveKey(_)
        | Mutation::RetireKey(_)
        | Mutation::OpenKeyIncident(_)
        | Mutation::ActOnKeyIncident(_)
        | Mutation::RecordKeyCount(_)
        | Mutation::StartHandover(_)
        | Mutation::ConfirmHandover(_)
        | Mutation::RegisterDeviceKey(_)
        | Mutation::RevokeDeviceKey(_)
        | Mutation::SetReleaseRestriction(_)
        | Mutation::LiftReleaseRestriction(_)
        | Mutation::IssueReleaseSlip(_)
        | Mutation::RecordGateCheck(_)
        | Mutation::ConfirmVisit(_)
        | Mutation::SetDoNotAdmit(_)
        | Mutation::LiftDoNotAdmit(_)
        | Mutation::IssueDayPass(_)
        | Mutation::CancelDayPass(_)
        | Mutation::RemoveVisitorDetails(_)
        | Mutation::LogDeskItem(_)
        | Mutation::ApproveDeposit(_)
        | Mutation::HandOverDeskItem(_)
        | Mutation::DraftAnnouncement(_)
        | Mutation::ActOnAnnouncement(_)
        | Mutation::ReplyToAnnouncement(_)
        | Mutation::PublishSurvey(_)
        | Mutation::AnswerSurvey(_) => {}
    }
}

#[test]
fn each_mutation_has_one_row() {
    let mut names: Vec<&str> = CELLS.iter().map(|(n, _)| *n).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), CELLS.len());
}
