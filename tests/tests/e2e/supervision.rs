//! The supervisor's morning on the tablet: the daily review of what was received before
//! today and is not done, a complaint's urgency raised and its 首问责任 handed over (each
//! with the reason, on the timeline), and a valid complaint that closes only with its case
//! analysis.

use crate::harness::*;
use crate::owner::leak;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::CreateTicket;
use steward_domain::ticket::TicketKind;
use steward_domain::ticket::apply::NewTicket;

const COMPLAINT: &str = "0190f5c2-7d1a-7000-8000-0000000000f1";
const REPAIR: &str = "0190f5c2-7d1a-7000-8000-0000000000f3";

fn complaint() -> NewTicket {
    NewTicket {
        kind: TicketKind::Complaint,
        scope: None,
        category: "噪音".into(),
        description: "楼上装修中午施工".into(),
        ..leak("3栋-1502", "13812345678")
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_supervisor_reviews_raises_hands_over_and_closes_a_valid_complaint_with_its_analysis() {
    let mut server = Server::start();
    // Both came in yesterday.
    server.advance_clock(-24 * 60);
    push_as(
        &server,
        "desk",
        vec![
            Mutation::CreateTicket(CreateTicket {
                id: COMPLAINT.into(),
                event_id: "0190f5c2-7d1a-7000-8000-0000000000f2".into(),
                ticket: complaint(),
            }),
            Mutation::CreateTicket(CreateTicket {
                id: REPAIR.into(),
                event_id: "0190f5c2-7d1a-7000-8000-0000000000f4".into(),
                ticket: leak("2栋-801", "13912345678"),
            }),
        ],
    )
    .await;
    server.advance_clock(24 * 60);

    let sup = Browser::launch().await;
    sup.login(&server, "supervisor").await;
    sup.wait("#home-dashboard").await;
    sup.click("#home-dashboard a[href='/review']").await;
    sup.wait_text("#review-yesterday", "昨日受理 2 单，已完成 0 单").await;
    sup.wait_text("#review-list", "3栋-1502").await;
    sup.wait_text("#review-list", "2栋-801").await;
    sup.screenshot("daily-review-tablet").await;
    // A date before today is refused on the device, in words; a later one is recorded.
    let item = "#review-list .review-item:first-child";
    sup.fill(&format!("{item} .review-reason"), "业主出差，约下周上门").await;
    sup.set_value(&format!("{item} .review-date"), "2020-01-01").await;
    sup.click(&format!("{item} .review-save")).await;
    sup.wait_text(&format!("{item} .error"), "新的完成日期不能早于今天").await;
    let later = (chrono::Utc::now() + chrono::Duration::days(5)).format("%Y-%m-%d").to_string();
    sup.set_value(&format!("{item} .review-date"), &later).await;
    sup.click(&format!("{item} .review-save")).await;
    sup.wait_text(&format!("{item} .review-answer"), "今日已回顾").await;
    sup.wait_text(&format!("{item} .review-answer"), &later).await;

    // The complaint: urgency raised, then handed to the patrol officer who knows the floor.
    sup.goto(&server.url(&format!("/tickets/{COMPLAINT}"))).await;
    sup.wait("#ticket-steer").await;
    sup.click("#steer-urgency option[value='major']").await;
    sup.fill("#steer-urgency-reason", "同一楼层三户投诉").await;
    sup.click("#steer-raise").await;
    sup.wait_text("#ticket-timeline", "提升紧急程度").await;
    sup.wait_text("#ticket-timeline", "同一楼层三户投诉").await;
    sup.wait_js(
        "the roster arrived",
        "return !!document.querySelector('#steer-to option[value]:not([value=\"\"])')",
    )
    .await;
    sup.client
        .execute(
            "const s = document.querySelector('#steer-to'); const o = [...s.options].find(o => o.text === '陈晨'); \
             s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await
        .unwrap();
    sup.fill("#steer-hand-reason", "陈晨负责该楼层巡查").await;
    sup.click("#steer-hand").await;
    sup.wait_text("#ticket-timeline", "移交首问责任").await;
    sup.wait_text("#ticket-timeline", "王小红 → 陈晨").await;

    // Judged valid and answered; the return visit cannot close it before the analysis.
    sup.fill("#ticket-note", "装修户午休时间施工属实").await;
    sup.click("#act-valid").await;
    sup.wait("#case-analysis").await;
    sup.fill("#ticket-note", "已约谈装修户，午休时间停止施工").await;
    sup.click("#act-answer").await;
    sup.wait_text("#ticket-status", "已完工").await;
    sup.click("#act-satisfied").await;
    sup.wait_text("#ticket-actions .error", "请填写原因分析").await;
    sup.fill("#analysis-cause", "装修户不了解午休禁止施工的规定").await;
    sup.fill("#analysis-corrective", "约谈装修户并书面告知").await;
    sup.fill("#analysis-preventive", "装修告知书写明禁止施工时段，巡查时抽查").await;
    sup.click("#analysis-record").await;
    sup.wait_text("#ticket-timeline", "案例分析").await;
    sup.click("#act-satisfied").await;
    sup.wait_text("#ticket-status", "已结案").await;
    sup.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    sup.screenshot("complaint-closed-with-analysis-tablet").await;
    let c = rusqlite::Connection::open(&server.db_path).unwrap();
    let (status, preventive): (String, String) = c
        .query_row(
            "SELECT json_extract(body, '$.status'), json_extract(body, '$.case_analysis.preventive') FROM records WHERE kind = 'ticket' AND id = ?1",
            [COMPLAINT],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), preventive.as_str()), ("closed", "装修告知书写明禁止施工时段，巡查时抽查"));
    sup.quit().await;
}
