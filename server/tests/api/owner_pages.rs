//! The owner's pages as an owner's phone gets them: small server-rendered HTML that works
//! with JavaScript off, the lookup by number and phone, the rating form, what the owner may
//! read, and a throttle a stranger cannot use to lock the owner out.

use crate::helpers::*;
use crate::tickets::{TOKEN, owner_ticket, repair, ticket, uuid};
use reqwest::StatusCode;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, CreateTicket, PauseTicket};
use steward_domain::ticket::TicketKind;
use steward_domain::ticket::lifecycle::Action;

fn form_client() -> reqwest::Client {
    // Redirects are followed like a browser does after a form post.
    reqwest::Client::new()
}

#[tokio::test]
async fn the_receipt_link_is_a_small_page_with_no_script_and_no_staff_words() {
    let app = spawn_app().await;
    let (_desk, _, _) = owner_ticket(&app).await;
    let r = reqwest::get(app.url(&format!("/t/{TOKEN}"))).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["referrer-policy"], "no-referrer");
    let html = r.text().await.unwrap();
    assert!(html.len() < 12 * 1024, "the owner's page is {} bytes", html.len());
    assert!(!html.contains("<script"), "no script: readable with JavaScript off");
    assert!(html.contains("已完成，待您评价") && html.contains("处理人员已到场"), "{html}");
    assert!(html.contains("示例花园") && html.contains("0755-8888 6666"), "property and hotline");
    assert!(html.contains("href=\"tel:0755-88886666\""), "a dialable number, no space: {html}");
    for private in ["13812345678", "张先生", "wasm"] {
        assert!(!html.contains(private), "the owner's page shows {private}");
    }
    let en = reqwest::get(app.url(&format!("/t/{TOKEN}?lang=en"))).await.unwrap().text().await.unwrap();
    assert!(en.contains("Done, waiting for your rating") && en.contains("Staff arrived"), "{en}");
    assert!(!en.contains("Received Received"));
    let gone = reqwest::get(app.url(&format!("/t/{}", "0".repeat(64)))).await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert!(gone.text().await.unwrap().contains("/lookup"), "a dead link leads to the lookup");
}

#[tokio::test]
async fn the_owner_rates_with_a_plain_form() {
    let app = spawn_app().await;
    let (desk, _, id) = owner_ticket(&app).await;
    let c = form_client();
    let url = app.url(&format!("/t/{TOKEN}/rating"));
    let r = c.post(&url).form(&[("satisfied", "0"), ("comment", "")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不满意时请写下原因"));
    let r = c.post(&url).form(&[("satisfied", "1"), ("comment", "师傅很专业")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "redirected back to the page");
    let html = r.text().await.unwrap();
    assert!(html.contains("感谢您的评价") && html.contains("师傅很专业"), "{html}");
    assert!(!html.contains("owner-rating"), "rated once");
    // A leak is closed by the desk's on-site return visit, not by the owner's tap.
    assert!(html.contains("已完成，待客服上门回访"), "{html}");
    assert_eq!(ticket(&app, &desk, &id).await["status"], "completed");
}

#[tokio::test]
async fn an_owner_without_the_receipt_finds_the_ticket_by_number_and_phone() {
    let app = spawn_app().await;
    let (desk, _, id) = owner_ticket(&app).await;
    let number = ticket(&app, &desk, &id).await["number"].as_str().unwrap().to_lowercase();
    let form = reqwest::get(app.url("/lookup")).await.unwrap().text().await.unwrap();
    assert!(form.contains("业主查询工单进度") && form.contains("name=\"phone\""));
    let c = form_client();
    let found =
        c.post(app.url("/lookup")).form(&[("number", number.as_str()), ("phone", "138 1234 5678")]).send();
    let found = found.await.unwrap();
    assert_eq!(found.status(), StatusCode::OK);
    let html = found.text().await.unwrap();
    assert!(html.contains("已完成，待您评价") && html.contains("owner-rating"), "{html}");
    // Switching language keeps the ticket: the number and phone go along.
    let en = c
        .post(app.url("/lookup?lang=en"))
        .form(&[("number", number.as_str()), ("phone", "13812345678")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("action=\"/lookup?lang=en\"") && en.contains("Done, waiting for your rating"),
        "{en}"
    );
    // The rating works from the looked-up page too.
    let rated = c
        .post(app.url("/lookup"))
        .form(&[("number", number.as_str()), ("phone", "13812345678"), ("satisfied", "1"), ("comment", "")])
        .send()
        .await
        .unwrap();
    assert!(rated.text().await.unwrap().contains("感谢您的评价"));
    let wrong =
        c.post(app.url("/lookup")).form(&[("number", number.as_str()), ("phone", "13900000000")]).send();
    let wrong = wrong.await.unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    assert!(wrong.text().await.unwrap().contains("请核对工单号和手机号"));
    let junk = "T".to_string() + &"9".repeat(60_000);
    let r =
        c.post(app.url("/lookup")).form(&[("number", junk.as_str()), ("phone", "1")]).send().await.unwrap();
    assert!(
        matches!(r.status(), StatusCode::UNPROCESSABLE_ENTITY | StatusCode::PAYLOAD_TOO_LARGE),
        "{}",
        r.status()
    );
    let r = c.post(app.url("/lookup")).form(&[("number", "T26-1"), ("phone", "1")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("工单号格式应如"));
}

#[tokio::test]
async fn strangers_guessing_phones_cannot_lock_the_owner_out() {
    let app = spawn_app().await;
    let (desk, _, id) = owner_ticket(&app).await;
    let number = ticket(&app, &desk, &id).await["number"].as_str().unwrap().to_string();
    // Three addresses, five wrong phones each: more distinct phones than the ticket takes.
    for a in 2..5 {
        let attacker = app.browser_from(&format!("127.0.0.{a}"));
        for guess in 0..steward_domain::lookup_throttle::FREE_PER_TICKET_AND_ADDRESS {
            let phone = format!("1390000{a:02}{guess:02}");
            let _ = attacker
                .post(app.url("/lookup"))
                .form(&[("number", number.as_str()), ("phone", &phone)])
                .send()
                .await;
        }
        // Past its free tries an address is answered slowly, not refused…
        let started = std::time::Instant::now();
        let r = attacker
            .post(app.url("/lookup"))
            .form(&[("number", number.as_str()), ("phone", "13900000000")])
            .send();
        assert_eq!(r.await.unwrap().status(), StatusCode::NOT_FOUND);
        assert!(started.elapsed() >= std::time::Duration::from_millis(1000), "slowed");
    }
    // …and a flood from one address is told to wait beyond two slow answers at a time.
    let flood = app.browser_from("127.0.0.3");
    let mut all = tokio::task::JoinSet::new();
    for n in 0..6 {
        let (flood, url, number) = (flood.clone(), app.url("/lookup"), number.clone());
        all.spawn(async move {
            flood
                .post(url)
                .form(&[("number", number.as_str()), ("phone", &format!("1370000{n:04}"))])
                .send()
                .await
                .unwrap()
        });
    }
    let answers = all.join_all().await;
    let waited: Vec<_> =
        answers.into_iter().filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS).collect();
    assert!(!waited.is_empty(), "a flood waits");
    assert!(
        waited.into_iter().next().unwrap().text().await.unwrap().contains("查询过于频繁"),
        "said in the owner's words"
    );
    // The owner behind a shared address that guessed wrong six times: let in with the right phone.
    let shared = app.browser_from("127.0.0.2");
    let r =
        shared.post(app.url("/lookup")).form(&[("number", number.as_str()), ("phone", "13812345678")]).send();
    assert_eq!(r.await.unwrap().status(), StatusCode::OK, "never refused the right answer");
    let owner = app.browser_from("127.0.0.99");
    let started = std::time::Instant::now();
    let r =
        owner.post(app.url("/lookup")).form(&[("number", number.as_str()), ("phone", "13812345678")]).send();
    let r = r.await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "the owner is let in");
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(1000),
        "answered slowly while under attack"
    );
}

#[tokio::test]
async fn the_owner_reads_why_an_invalid_complaint_was_closed_and_no_internal_remark() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let id = uuid();
    let mut t = repair();
    t.kind = TicketKind::Complaint;
    t.scope = None;
    t.category = "噪音".into();
    t.description = "楼上夜间噪音".into();
    t.internal_note = "业主情绪激动".into();
    t.owner_token_hash = Some(steward_domain::ticket::owner::token_hash(TOKEN));
    desk.push(&app, Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket: t }))
        .await;
    desk.push(
        &app,
        Mutation::PauseTicket(PauseTicket {
            ticket_id: id.clone(),
            event_id: uuid(),
            reason: "等业主回电".into(),
        }),
    )
    .await;
    let judge = Action::JudgeComplaint {
        valid: false,
        explanation: "经核实为正常生活噪音，已向业主解释".into(),
    };
    desk.push(
        &app,
        Mutation::ActOnTicket(ActOnTicket {
            ticket_id: id.clone(),
            event_id: uuid(),
            action: judge,
            note: None,
        }),
    )
    .await;
    assert_eq!(ticket(&app, &desk, &id).await["internal_note"], "业主情绪激动", "staff keep the remark");
    let html = reqwest::get(app.url(&format!("/t/{TOKEN}"))).await.unwrap().text().await.unwrap();
    assert!(html.contains("经核实为正常生活噪音，已向业主解释") && html.contains("已结案"), "{html}");
    assert!(html.contains("楼上夜间噪音"));
    for internal in ["业主情绪激动", "等业主回电", "暂停计时"] {
        assert!(!html.contains(internal), "the owner reads {internal}");
    }
}
