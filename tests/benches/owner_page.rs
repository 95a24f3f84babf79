//! What an owner's first visit costs on a slow phone link, printed as figures.
//! `cargo bench -p steward-tests --bench owner_page` (needs the built SPA: the staff shell is
//! measured beside it, as the owner's page was before it was rendered by the server).
//!
//! Chromium with an empty cache and the service worker allowed, behind CDP's network
//! emulation: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up. For each page: when the
//! first content was painted (the ticket's status, for the owner's page), when the page
//! finished loading, and the bytes transferred. Goal: status in < 1.0 s, < 30 KB.

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{Browser, PHONE, Server, push_as};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::CreateTicket;
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::owner::token_hash;
use steward_domain::ticket::{Channel, RepairScope, TicketKind, Urgency};

const TOKEN: &str = "5f0c9a3e1b7d4c2a8e6f0b1d3c5a7e9f1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a";

/// Paint, load and bytes of the page now shown (Navigation and Resource Timing).
const FIGURES_JS: &str = r#"
const nav = performance.getEntriesByType('navigation')[0];
const fcp = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
const bytes = nav.transferSize + performance.getEntriesByType('resource').reduce((a, r) => a + r.transferSize, 0);
return [fcp ? fcp.startTime : -1, nav.loadEventEnd, bytes];
"#;

async fn slow_phone(b: &Browser) {
    b.resize(PHONE).await;
    b.cdp("Network.enable", serde_json::json!({})).await;
    b.cdp("Network.clearBrowserCache", serde_json::json!({})).await;
    b.cdp("Network.setCacheDisabled", serde_json::json!({ "cacheDisabled": true })).await;
    let conditions = serde_json::json!({
        "offline": false,
        "latency": 150,
        "downloadThroughput": 1_600_000 / 8,
        "uploadThroughput": 750_000 / 8,
    });
    b.cdp("Network.emulateNetworkConditions", conditions).await;
}

/// Opens `url` in a fresh browser on a slow phone link, waits for `ready`, and prints.
async fn measure(what: &str, url: &str, ready: &str) -> (f64, f64, f64) {
    let b = Browser::launch().await;
    slow_phone(&b).await;
    b.goto(url).await;
    b.wait(ready).await;
    // Let the page finish (the staff shell goes on to fetch its wasm and install its worker).
    b.wait_js("loaded", "return document.readyState === 'complete'").await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let v = b.client.execute(FIGURES_JS, vec![]).await.unwrap();
    let f = |i: usize| v[i].as_f64().unwrap_or(-1.0);
    let (paint, load, bytes) = (f(0), f(1), f(2));
    println!(
        "{what}: first paint {:.0} ms, loaded {:.0} ms, {:.1} KB transferred",
        paint,
        load,
        bytes / 1024.0
    );
    b.quit().await;
    (paint, load, bytes)
}

/// A notice approved for 3栋 and a survey of three questions, as the desk, the supervisor and
/// the manager make them: their ids.
async fn household_pages(server: &Server) -> (String, String) {
    use steward_domain::announcement::commands::{AnnouncementStep, NewAnnouncement};
    use steward_domain::announcement::record::{Audience, Topic};
    use steward_domain::survey::commands::NewSurvey;
    use steward_domain::survey::record::{Question, QuestionKind};
    use steward_domain::sync::commands::{ActOnAnnouncement, DraftAnnouncement, PublishSurvey};
    let (notice, survey) = ("0190f5c2-7d1a-7000-8000-0000000000e1", "0190f5c2-7d1a-7000-8000-0000000000e2");
    let today = harness::property_today();
    let draft = NewAnnouncement {
        topic: Topic::Rule,
        title: "关于规范停放电动自行车的通知".into(),
        body: "为保障消防安全，自即日起电动自行车一律停放在地下车库指定区域充电，严禁在楼道、电梯厅停放或充电。\n感谢各位业主的理解与配合。".into(),
        title_en: "Parking electric bicycles".into(),
        body_en: "For fire safety, electric bicycles are parked and charged only in the marked area of the garage.".into(),
        starts: None,
        ends: None,
        activity: None,
        audience: Audience::Buildings { buildings: vec!["3栋".into()] },
        expires: today + chrono::Days::new(14),
    };
    push_as(
        server,
        "desk",
        vec![Mutation::DraftAnnouncement(DraftAnnouncement { id: notice.into(), draft })],
    )
    .await;
    let drafted: String = rusqlite::Connection::open(&server.db_path)
        .unwrap()
        .query_row("SELECT json_extract(body, '$.drafted_at') FROM records WHERE id = ?1", [notice], |r| {
            r.get(0)
        })
        .unwrap();
    let approve = AnnouncementStep::Approve { reviewed: drafted.parse().unwrap() };
    push_as(
        server,
        "supervisor",
        vec![Mutation::ActOnAnnouncement(ActOnAnnouncement { id: notice.into(), step: approve })],
    )
    .await;
    let q = |text: &str, kind| Question { text: text.into(), text_en: String::new(), kind };
    let questionnaire = NewSurvey {
        title: "2026年度业主满意度调查".into(),
        intro: "感谢您抽出时间填写问卷，您的意见将帮助我们改进服务。".into(),
        questions: vec![
            q("您对前台服务是否满意？", QuestionKind::Rating),
            q("维修人员是否准时上门？", QuestionKind::YesNo),
            q("您的意见和建议", QuestionKind::Text),
        ],
        opens: today,
        closes: today + chrono::Days::new(14),
        buildings: vec![],
    };
    push_as(
        server,
        "manager",
        vec![Mutation::PublishSurvey(PublishSurvey { id: survey.into(), survey: questionnaire })],
    )
    .await;
    (notice.to_string(), survey.to_string())
}

#[tokio::main]
async fn main() {
    let server = Server::start();
    let ticket = NewTicket {
        kind: TicketKind::Repair,
        scope: Some(RepairScope::InHome),
        unit: "3栋-1502".into(),
        reporter: "张先生".into(),
        contact_phone: "13812345678".into(),
        category: "防水/渗水".into(),
        urgency: Urgency::Normal,
        channel: Channel::Phone,
        description: "卫生间天花板渗水".into(),
        internal_note: String::new(),
        reply_by: None,
        appointment: None,
        owner_token_hash: Some(token_hash(TOKEN)),
    };
    push_as(
        &server,
        "desk",
        vec![Mutation::CreateTicket(CreateTicket {
            id: "0190f5c2-7d1a-7000-8000-0000000000d1".into(),
            event_id: "0190f5c2-7d1a-7000-8000-0000000000d2".into(),
            ticket,
        })],
    )
    .await;
    println!("owner's first visit, empty cache, 150 ms latency, 1.6 Mbit/s down:");
    let (paint, _, bytes) =
        measure("owner page /t/<token>", &server.url(&format!("/t/{TOKEN}")), "#owner-status").await;
    println!("FIGURE owner_page_paint_ms {paint:.0}");
    println!("FIGURE owner_page_kb {:.1}", bytes / 1024.0);
    measure("owner lookup /lookup", &server.url("/lookup"), "#owner-lookup").await;
    // The household's pages from a poster's or a questionnaire's QR code.
    let (notice, survey) = household_pages(&server).await;
    let (_, _, notice_bytes) =
        measure("notice page /n/<id>", &server.url(&format!("/n/{notice}")), "#notice-reply").await;
    let (_, _, survey_bytes) =
        measure("survey page /s/<id>", &server.url(&format!("/s/{survey}")), "#survey-form").await;
    println!("FIGURE notice_page_kb {:.1}", notice_bytes / 1024.0);
    println!("FIGURE survey_page_kb {:.1}", survey_bytes / 1024.0);
    assert!(
        notice_bytes < 30.0 * 1024.0 && survey_bytes < 30.0 * 1024.0,
        "the household's pages are under 30 KB"
    );
    // What the owner downloaded before: the staff app's shell and its wasm.
    measure("staff app shell /login (for comparison)", &server.url("/login"), "#login-submit").await;
    assert!(paint > 0.0 && paint < 1000.0, "the owner's status took {paint:.0} ms to show (goal < 1000 ms)");
    assert!(bytes < 30.0 * 1024.0, "the owner's page transferred {:.1} KB (goal < 30 KB)", bytes / 1024.0);
}
