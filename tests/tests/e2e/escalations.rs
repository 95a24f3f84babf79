//! 升级事项 across devices: a repair dispatched at the desk, nobody on site when the
//! server's clock passes the 20 minutes; the server escalates it, and the supervisor's tablet
//! and the engineer's phone list it with how late it is, while the gate (not sent to it)
//! does not. The timeline says the rules did it, in either language.

use crate::harness::*;
use crate::owner::{leak, number_of};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, CreateTicket};
use steward_domain::ticket::Department;
use steward_domain::ticket::lifecycle::Action;

const TICKET: &str = "0190f5c2-7d1a-7000-8000-0000000000e1";

#[tokio::test(flavor = "multi_thread")]
async fn a_late_arrival_reaches_the_supervisor_and_the_engineers_with_how_late_it_is() {
    let mut server = Server::start();
    push_as(
        &server,
        "desk",
        vec![
            Mutation::CreateTicket(CreateTicket {
                id: TICKET.into(),
                event_id: "0190f5c2-7d1a-7000-8000-0000000000e2".into(),
                ticket: leak("3栋-1502", "13812345678"),
            }),
            Mutation::ActOnTicket(ActOnTicket {
                ticket_id: TICKET.into(),
                event_id: "0190f5c2-7d1a-7000-8000-0000000000e3".into(),
                action: Action::Dispatch { department: Department::Engineering },
                note: None,
            }),
        ],
    )
    .await;
    let number = number_of(&server, TICKET);

    // Before the limit, nothing is listed.
    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.click("#home-dashboard a[href='/escalations']").await;
    supervisor.wait_text("#escalation-list", "目前没有超时的工单").await;

    // 26 minutes pass with nobody on site: the server's clock escalates it.
    server.advance_clock(26);
    supervisor.client.refresh().await.unwrap();
    supervisor.wait_text("#escalation-list", &number).await;
    supervisor.wait_text("#escalation-list .escalation-limit", "派单后20分钟未到场").await;
    supervisor.wait_text("#escalation-list .escalation-state", "已升级").await;
    supervisor.wait_text("#escalation-list", "防水/渗水 · 责任部门 工程部 · 首问负责人 王小红").await;
    let late = supervisor.wait("#escalation-list .escalation-late").await.text().await.unwrap();
    assert!(late.starts_with("超时 ") && late.ends_with("分钟"), "how late: {late}");
    let minutes: i64 = late.trim_start_matches("超时 ").trim_end_matches(" 分钟").parse().unwrap();
    assert!((6..=8).contains(&minutes), "26 minutes after dispatch is 6 late, said {minutes}");
    supervisor.screenshot("escalations-tablet").await;

    // The timeline says who: the rules, in the reader's language.
    supervisor.click("#escalation-list a.escalation-ticket").await;
    supervisor.wait_text("#ticket-timeline", "超时升级").await;
    supervisor.wait_text("#ticket-timeline", "时限规则").await;
    supervisor.click("#lang-toggle").await;
    supervisor.wait_text("#ticket-timeline", "Escalated (time limit)").await;
    supervisor.wait_text("#ticket-timeline", "Time-limit rules").await;
    supervisor.wait_text("#ticket-timeline", "Nobody on site 20 minutes after dispatch").await;

    // The department sent to sees it on the phone; the gate, not sent to, does not.
    let engineer = Browser::launch().await;
    engineer.resize(PHONE).await;
    engineer.login(&server, "engineer").await;
    engineer.wait("#home-work-orders").await;
    engineer.click("#home-work-orders a[href='/escalations']").await;
    engineer.wait_text("#escalation-list", &number).await;
    engineer.screenshot("escalations-phone").await;
    let guard = Browser::launch().await;
    guard.resize(PHONE).await;
    guard.login(&server, "guard").await;
    guard.wait("#home-gate").await;
    guard.goto(&server.url("/escalations")).await;
    guard.wait_text("#escalation-list", "目前没有超时的工单").await;

    // Someone arrives: it leaves the lists.
    engineer.goto(&server.url(&format!("/tickets/{TICKET}"))).await;
    for (button, status) in [("#act-accept", "已接单"), ("#act-arrive", "已到场")] {
        engineer.click(button).await;
        engineer.wait_text("#ticket-status", status).await;
    }
    engineer.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    engineer.goto(&server.url("/escalations")).await;
    engineer.wait_text("#escalation-list", "目前没有超时的工单").await;
    for b in [supervisor, engineer, guard] {
        b.quit().await;
    }
}
