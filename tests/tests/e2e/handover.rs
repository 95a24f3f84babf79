//! 交接班 at the counter: refused while an urgent ticket is open (with a link to it), then,
//! once the work is done, started by the outgoing receptionist and confirmed on the same
//! tablet with the PIN the incoming person set on their own phone — never the outgoing's
//! credentials; the outcome is in
//! the duty log without anyone typing it.

use crate::harness::*;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, CreateTicket};
use steward_domain::ticket::lifecycle::Action;
use steward_domain::ticket::{Channel, Department, RepairScope, TicketKind, Urgency};

const TICKET: &str = "0190f5c2-7d1a-7000-8000-00000000a001";

fn step(n: u8, action: Action) -> Mutation {
    let event_id = format!("0190f5c2-7d1a-7000-8000-00000000b0{n:02}");
    Mutation::ActOnTicket(ActOnTicket { ticket_id: TICKET.into(), event_id, action, note: None })
}

#[tokio::test(flavor = "multi_thread")]
async fn no_handover_while_an_urgent_ticket_is_open_then_the_incoming_confirms_with_their_pin() {
    let server = Server::start();
    let ticket = steward_domain::ticket::apply::NewTicket {
        kind: TicketKind::Repair,
        scope: Some(RepairScope::Public),
        unit: "3栋".into(),
        reporter: "巡查员".into(),
        contact_phone: "13812345678".into(),
        category: "电梯".into(),
        urgency: Urgency::Urgent,
        channel: Channel::PatrolFinding,
        description: "3栋电梯困人".into(),
        internal_note: String::new(),
        reply_by: None,
        appointment: None,
        owner_token_hash: None,
    };
    let create =
        CreateTicket { id: TICKET.into(), event_id: "0190f5c2-7d1a-7000-8000-00000000b000".into(), ticket };
    push_as(&server, "desk", vec![Mutation::CreateTicket(create)]).await;

    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/handover']").await;
    desk.wait_text("#handover-blockers", "重大/紧急工单尚未解决").await;
    desk.wait(&format!("#handover-blockers a[href='/tickets/{TICKET}']")).await;
    desk.wait_js("the start to be refused", "return document.querySelector('#handover-start').disabled")
        .await;
    desk.screenshot("handover-blocked-tablet").await;

    // Engineering does the work; the tablet learns it by sync and the handover opens.
    push_as(&server, "desk", vec![step(1, Action::Dispatch { department: Department::Engineering })]).await;
    let done = Action::Complete { labour_fee: 0, material_fee: 0, owner_confirmation: None };
    push_as(&server, "engineer", vec![step(2, Action::Accept), step(3, Action::ArriveOnSite), step(4, done)])
        .await;
    desk.wait_js("the blocker to clear", "return !document.querySelector('#handover-blockers')").await;
    desk.wait_text("#handover-items", "3栋").await;
    desk.fill("#handover-instructions", "明早8点消防检查，提前通知各楼").await;
    // Every shared item is counted: a blank is not a zero.
    desk.click("#handover-start").await;
    desk.wait_text("#handover-outgoing", "请清点每一项共用物品").await;
    let count_all = "document.querySelectorAll('.handover-count').forEach(i => { i.value = '2'; \
        i.dispatchEvent(new Event('input', { bubbles: true })); }); return true;";
    desk.wait_js("every count filled", count_all).await;
    desk.click("#handover-start").await;
    desk.wait_text(".handover-incoming", "王小红").await;
    desk.wait_text(".handover-incoming", "明早8点消防检查").await;

    // Nothing is taken as checked: each item is answered √, or × with its reason.
    desk.wait_js("every item unanswered", "return [...document.querySelectorAll('.handover-incoming .handover-line input[type=radio]')].every(r => !r.checked)").await;
    desk.fill(".handover-username", "supervisor").await;
    desk.fill(".handover-password", PASSWORD).await;
    desk.click(".handover-confirm").await;
    desk.wait_text(".handover-message", "请逐项核对").await;
    let answer_all =
        "document.querySelectorAll('.handover-incoming .handover-ok').forEach(r => r.click()); return true;";
    desk.wait_js("every item answered √", answer_all).await;
    desk.click(".handover-incoming .handover-line:last-child .handover-not-ok").await;
    desk.click(".handover-confirm").await;
    desk.wait_text(".handover-message", "请逐项核对").await;
    desk.fill(".handover-incoming .handover-line:last-child .handover-why", "对讲机只有1台充好电").await;
    // The outgoing person cannot confirm their own handover.
    desk.fill(".handover-username", "desk").await;
    desk.fill(".handover-password", PASSWORD).await;
    desk.click(".handover-confirm").await;
    desk.wait_text(".handover-message", "接班人须是另一位同事").await;
    // The incoming supervisor set a PIN on their own phone (password to prove it is them) …
    let own_phone = Browser::launch().await;
    own_phone.login(&server, "supervisor").await;
    own_phone.resize(PHONE).await;
    own_phone.click("#account-link").await;
    own_phone.wait_text("#pin-state", "未设置PIN").await;
    own_phone.fill("#pin-password", PASSWORD).await;
    own_phone.fill("#pin-new", "123456").await;
    own_phone.fill("#pin-repeat", "123456").await;
    own_phone.click("#pin-save").await;
    own_phone.wait_text("#pin-message", "不能是同一数字或顺序数字").await;
    own_phone.fill("#pin-new", "204817").await;
    own_phone.fill("#pin-repeat", "204817").await;
    own_phone.click("#pin-save").await;
    own_phone.wait_text("#pin-message", "PIN已保存").await;
    own_phone.wait_text("#pin-state", "已设置PIN").await;
    own_phone.quit().await;
    // … and confirms with it on the desk's tablet; a wrong one is refused first.
    desk.fill(".handover-username", "supervisor").await;
    desk.click(".handover-with-pin").await;
    desk.fill(".handover-pin", "204818").await;
    desk.click(".handover-confirm").await;
    desk.wait_text(".handover-message", "接班人账号或PIN不正确").await;
    desk.fill(".handover-pin", "204817").await;
    desk.click(".handover-confirm").await;
    // The tablet is the incoming supervisor's now: their home, the disputed item flagged.
    desk.wait("#home-dashboard").await;
    desk.wait_text("#handover-alerts", "对讲机只有1台充好电").await;
    desk.screenshot("handover-alerts-dashboard-tablet").await;
    desk.goto(&server.url("/handover")).await;
    desk.wait_text("#handover-history", "已确认").await;
    desk.wait_text("#handover-history", "李静").await;
    desk.wait_js("no stale 'started' message", "return !document.querySelector('#handover-started')").await;
    desk.wait("#handover-start").await;
    desk.resize(PHONE).await;
    desk.screenshot("handover-confirmed-phone").await;
    desk.resize(TABLET).await;

    desk.goto(&server.url("/duty-log")).await;
    desk.wait_text("#duty-entries", "交接班：王小红 → 李静").await;
    desk.wait_text("#duty-entries", "自动记录").await;
    // In English the line the rules wrote reads in English, the shift's name too.
    desk.click("#lang-toggle").await;
    desk.wait_text("#duty-entries", "Handover: 王小红 → 李静").await;
    desk.wait_text("#duty-entries", "confirmed, 1 item disputed").await;
    desk.wait_js(
        "no Chinese words in the line the rules wrote",
        "return [...document.querySelectorAll('#duty-entries .log-text')].filter(p => p.textContent.startsWith('Handover')).every(p => !/[交接班已确认项有异议早中夜]/.test(p.textContent))",
    )
    .await;
    desk.screenshot("duty-log-english-handover-tablet").await;
    desk.click("#lang-toggle").await;
    desk.quit().await;
}
