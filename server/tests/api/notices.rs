//! Notices and surveys over HTTP: drafted at the desk, approved by the supervisor, read by a
//! household from the poster's QR page (its unit and a phone on file, nothing written on a
//! wrong phone) and by a patrol phone's door-to-door push — one reply per home whichever
//! way it came; a survey answered once per home, at the desk and from its QR page.

use crate::helpers::*;
use crate::tickets::uuid;
use reqwest::StatusCode;
use steward_domain::announcement::commands::{AnnouncementStep, NewAnnouncement};
use steward_domain::announcement::record::{Audience, Channel, Topic, reply_id};
use steward_domain::survey::commands::NewSurvey;
use steward_domain::survey::record::{Answer, Question, QuestionKind, response_id};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{
    ActOnAnnouncement, AnswerSurvey, DraftAnnouncement, PublishSurvey, ReplyToAnnouncement,
};

pub fn draft(topic: Topic, audience: Audience) -> (String, Mutation) {
    let id = uuid();
    let today = chrono::Utc::now().date_naive();
    let outage = topic == Topic::WaterOutage;
    let at = |days: i64| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            .parse()
            .unwrap()
    };
    let m = Mutation::DraftAnnouncement(DraftAnnouncement {
        id: id.clone(),
        draft: NewAnnouncement {
            topic,
            title: "停水通知".into(),
            body: "因二次供水水箱清洗，3栋停水一天。".into(),
            title_en: "Water outage".into(),
            body_en: "Building 3's water is off for a day while the tank is cleaned.".into(),
            starts: outage.then(|| at(1)),
            ends: outage.then(|| at(2)),
            activity: None,
            audience,
            expires: today + chrono::Days::new(3),
        },
    });
    (id, m)
}

/// The supervisor's approval of the draft `id` as it stands on the server.
pub fn approve(app: &TestApp, id: &str) -> Mutation {
    let drafted =
        app.text(&format!("SELECT json_extract(body, '$.drafted_at') FROM records WHERE id = '{id}'"));
    let reviewed = drafted.parse().unwrap();
    Mutation::ActOnAnnouncement(ActOnAnnouncement {
        id: id.into(),
        step: AnnouncementStep::Approve { reviewed },
    })
}

pub fn reply(id: &str, unit: &str, channel: Channel) -> Mutation {
    Mutation::ReplyToAnnouncement(ReplyToAnnouncement {
        id: reply_id(id, unit),
        announcement_id: id.into(),
        unit: unit.into(),
        channel,
        resident: String::new(),
        sign_up: None,
        rating: None,
        comment: String::new(),
    })
}

pub fn survey() -> (String, Mutation) {
    let id = uuid();
    let today = chrono::Utc::now().date_naive();
    let q = |text: &str, kind| Question { text: text.into(), text_en: String::new(), kind };
    let m = Mutation::PublishSurvey(PublishSurvey {
        id: id.clone(),
        survey: NewSurvey {
            title: "2026年度满意度调查".into(),
            intro: String::new(),
            questions: vec![
                q("您对前台服务是否满意？", QuestionKind::Rating),
                q("维修是否及时？", QuestionKind::YesNo),
                q("建议", QuestionKind::Text),
            ],
            opens: today - chrono::Days::new(1),
            closes: today + chrono::Days::new(10),
            buildings: vec!["3栋".into()],
        },
    });
    (id, m)
}

pub fn answer(id: &str, unit: &str, channel: Channel) -> Mutation {
    Mutation::AnswerSurvey(AnswerSurvey {
        id: response_id(id, unit),
        survey_id: id.into(),
        unit: unit.into(),
        channel,
        respondent: String::new(),
        answers: vec![Answer::Rating(5), Answer::YesNo(true), Answer::Text("很好".into())],
    })
}

fn phone_of(app: &TestApp, building: &str, number: &str) -> String {
    app.text(&format!(
        "SELECT o.phone FROM owners o JOIN units u ON u.id = o.unit_id JOIN buildings b ON b.id = u.building_id \
         WHERE b.name = '{building}' AND u.number = '{number}'"
    ))
}

fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::RequestBuilder {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url(path))
        .form(form)
}

#[tokio::test]
async fn a_household_reads_a_notice_from_its_qr_page_and_a_patrol_phone_counts_the_same_home_once() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let mut supervisor = Device::new(&app, "supervisor").await;
    let mut patrol = Device::new(&app, "patrol").await;
    let (id, m) = draft(Topic::WaterOutage, Audience::Buildings { buildings: vec!["3栋".into()] });
    desk.push(&app, m).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    // Not approved yet: the QR page knows nothing of it.
    let page = reqwest::get(app.url(&format!("/n/{id}"))).await.unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    supervisor.push(&app, approve(&app, &id)).await;
    assert_eq!(supervisor.last_refusal(&app).await, None);
    let page = reqwest::get(app.url(&format!("/n/{id}"))).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.len() < 30 * 1024, "the notice page is {} bytes", html.len());
    assert!(!html.contains("<script"));
    assert!(html.contains("停水通知") && html.contains("二次供水") && html.contains("确认已阅"), "{html}");
    let en = reqwest::get(app.url(&format!("/n/{id}?lang=en"))).await.unwrap().text().await.unwrap();
    assert!(
        en.contains("Water outage")
            && en.contains("tank is cleaned")
            && en.contains("Confirm you have read it")
    );

    // A wrong phone: refused in the household's words, nothing written.
    let before = app.count("SELECT COUNT(*) FROM records WHERE kind = 'announcement_reply'");
    let wrong = post(&app, &format!("/n/{id}"), &[("unit", "3-1502"), ("phone", "13900000000")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    assert!(wrong.text().await.unwrap().contains("房号与登记的业主电话不符"));
    assert_eq!(app.count("SELECT COUNT(*) FROM records WHERE kind = 'announcement_reply'"), before);
    // A home the notice is not for.
    let phone = phone_of(&app, "2栋", "1502");
    let elsewhere =
        post(&app, &format!("/n/{id}"), &[("unit", "2-1502"), ("phone", &phone)]).send().await.unwrap();
    assert_eq!(elsewhere.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The right phone: recorded, and the page says so.
    let phone = phone_of(&app, "3栋", "1502");
    let ok = post(&app, &format!("/n/{id}?lang=en"), &[("unit", "3栋-1502"), ("phone", &phone)])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(ok.headers()["location"], format!("/n/{id}?lang=en&done=1"));
    let sql = format!(
        "SELECT COUNT(*) FROM records WHERE kind = 'announcement_reply' AND json_extract(body, '$.announcement_id') = '{id}'"
    );
    assert_eq!(app.count(&sql), 1);
    assert_eq!(
        app.text(&format!(
            "SELECT json_extract(body, '$.channel') FROM records WHERE id = '{}'",
            reply_id(&id, "3栋-1502")
        )),
        "owner_page"
    );
    // The butler at the same door later (the phone did not know): still one home. Another
    // door is a second home.
    patrol.push(&app, reply(&id, "3栋-1502", Channel::DoorToDoor)).await;
    assert_eq!(patrol.last_refusal(&app).await, None);
    patrol.push(&app, reply(&id, "3栋-1501", Channel::DoorToDoor)).await;
    assert_eq!(patrol.last_refusal(&app).await, None);
    assert_eq!(app.count(&sql), 2);
    assert_eq!(
        app.text(&format!(
            "SELECT json_extract(body, '$.channel') FROM records WHERE id = '{}'",
            reply_id(&id, "3栋-1502")
        )),
        "owner_page",
        "the first reading stays"
    );
    // Taken down: its replies settle with it (devices let them go together).
    let mut desk2 = Device::new(&app, "desk").await;
    desk2
        .push(
            &app,
            Mutation::ActOnAnnouncement(ActOnAnnouncement {
                id: id.clone(),
                step: AnnouncementStep::TakeDown,
            }),
        )
        .await;
    assert_eq!(desk2.last_refusal(&app).await, None);
    let settled = format!(
        "SELECT COUNT(*) FROM records WHERE kind = 'announcement_reply' AND settled_on IS NOT NULL \
         AND json_extract(body, '$.announcement_id') = '{id}'"
    );
    assert_eq!(app.count(&settled), 2, "the replies settle with their notice");
    // A liaison note never has an owner page.
    let (liaison, m) = draft(
        Topic::Liaison,
        Audience::Departments { departments: vec![steward_domain::ticket::Department::Engineering] },
    );
    desk.push(&app, m).await;
    supervisor.push(&app, approve(&app, &liaison)).await;
    assert_eq!(
        reqwest::get(app.url(&format!("/n/{liaison}"))).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_survey_is_answered_once_per_home_at_the_desk_and_from_its_qr_page() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let mut manager = Device::new(&app, "manager").await;
    let (id, m) = survey();
    desk.push(&app, m.clone()).await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("forbidden"));
    manager.push(&app, m).await;
    assert_eq!(manager.last_refusal(&app).await, None);
    desk.push(&app, answer(&id, "3栋-1501", Channel::Desk)).await;
    assert_eq!(desk.last_refusal(&app).await, None);

    let page = reqwest::get(app.url(&format!("/s/{id}"))).await.unwrap().text().await.unwrap();
    assert!(page.len() < 30 * 1024 && !page.contains("<script"));
    assert!(
        page.contains("您对前台服务是否满意？") && page.contains("很满意") && page.contains("每户一份"),
        "{page}"
    );
    let phone = phone_of(&app, "3栋", "1502");
    let form = [("unit", "3-1502"), ("phone", phone.as_str()), ("q0", "4"), ("q1", "no"), ("q2", "电梯常坏")];
    let ok = post(&app, &format!("/s/{id}"), &form).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let again = post(&app, &format!("/s/{id}"), &form).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(again.text().await.unwrap().contains("本户已提交过问卷"));
    let phone = phone_of(&app, "3栋", "1501");
    let at_desk_already = [("unit", "3-1501"), ("phone", phone.as_str()), ("q0", "5")];
    let r = post(&app, &format!("/s/{id}"), &at_desk_already).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT, "answered at the desk already");
    // An answer of the wrong sort is refused, nothing written.
    let phone = phone_of(&app, "3栋", "1503");
    let bad = [("unit", "3-1503"), ("phone", phone.as_str()), ("q0", "9")];
    assert_eq!(
        post(&app, &format!("/s/{id}"), &bad).send().await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let sql = format!(
        "SELECT COUNT(*) FROM records WHERE kind = 'survey_response' AND json_extract(body, '$.survey_id') = '{id}'"
    );
    assert_eq!(app.count(&sql), 2);
    let stored = app.text(&format!("SELECT body FROM records WHERE id = '{}'", response_id(&id, "3栋-1502")));
    assert!(
        stored.contains(r#"{"rating":4}"#)
            && stored.contains(r#"{"yes_no":false}"#)
            && stored.contains("电梯常坏"),
        "{stored}"
    );

    // The month's report carries the survey: 2 of 3栋's 66 lived-in homes (its 6 vacant
    // units are nobody's to ask) answered, both satisfied.
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let manager = app.logged_in("manager").await;
    let r: serde_json::Value = manager
        .get(app.url(&format!("/api/reports/tickets?month={month}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let surveys = r["operations"]["surveys"].as_array().unwrap();
    let figure = |k: &str| surveys.iter().find(|c| c["key"] == k).unwrap()["count"].as_u64().unwrap();
    assert_eq!((figure("surveys_run"), figure("survey_homes"), figure("survey_answered")), (1, 66, 2));
    assert_eq!(
        (figure("survey_response_rate"), figure("survey_buildings_short"), figure("survey_satisfied_rate")),
        (3, 1, 100)
    );
    let html = manager
        .get(app.url(&format!("/api/reports/tickets.html?month={month}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("满意度调查") && html.contains("参与率（%）"),
        "the survey is in the month's report"
    );
}

#[tokio::test]
async fn an_activity_takes_sign_ups_to_its_places_then_each_homes_feedback_once() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let mut supervisor = Device::new(&app, "supervisor").await;
    let (id, m) = draft(Topic::Activity, Audience::All);
    let Mutation::DraftAnnouncement(mut d) = m else { unreachable!() };
    let starts = chrono::Utc::now() + chrono::Duration::seconds(5);
    d.draft.title = "元旦游园会".into();
    d.draft.activity = Some(steward_domain::announcement::record::Activity {
        at: starts.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).parse().unwrap(),
        place: "中心花园".into(),
        capacity: 3,
    });
    desk.push(&app, Mutation::DraftAnnouncement(d)).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    supervisor.push(&app, approve(&app, &id)).await;
    let page = reqwest::get(app.url(&format!("/n/{id}"))).await.unwrap().text().await.unwrap();
    assert!(page.contains("剩余名额") && page.contains("3 / 3") && page.contains("home-people"), "{page}");

    let phone = phone_of(&app, "3栋", "1502");
    let signed = post(&app, &format!("/n/{id}"), &[("unit", "3-1502"), ("phone", &phone), ("people", "2")])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let sign_up = |unit: &str, n| {
        let Mutation::ReplyToAnnouncement(r) = reply(&id, unit, Channel::Desk) else { unreachable!() };
        Mutation::ReplyToAnnouncement(ReplyToAnnouncement { sign_up: Some(n), ..r })
    };
    desk.push(&app, sign_up("3栋-1501", 2)).await;
    assert_eq!(desk.last_refusal_field(&app).await, Some(("conflict".into(), Some("count".into()))), "full");
    desk.push(&app, sign_up("3栋-1501", 1)).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    // The household cancels from its page: its places are free again; a reading alone
    // (no number) never cancels.
    let read_only = [("unit", "3-1502"), ("phone", phone.as_str())];
    assert_eq!(
        post(&app, &format!("/n/{id}"), &read_only).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    desk.push(&app, sign_up("3栋-1503", 1)).await;
    assert_eq!(
        desk.last_refusal_field(&app).await,
        Some(("conflict".into(), Some("count".into()))),
        "still full"
    );
    let cancel = [("unit", "3-1502"), ("phone", phone.as_str()), ("cancel", "1")];
    assert_eq!(
        post(&app, &format!("/n/{id}"), &cancel).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    desk.push(&app, sign_up("3栋-1503", 2)).await;
    assert_eq!(desk.last_refusal(&app).await, None, "the places it held are free");

    // After it began: feedback, once per home; no more sign-ups.
    tokio::time::sleep(
        (starts - chrono::Utc::now()).to_std().unwrap_or_default() + std::time::Duration::from_secs(1),
    )
    .await;
    let page = reqwest::get(app.url(&format!("/n/{id}"))).await.unwrap().text().await.unwrap();
    assert!(page.contains("活动反馈") && !page.contains("home-people"));
    let feedback =
        [("unit", "3-1502"), ("phone", phone.as_str()), ("rating", "5"), ("comment", "孩子们很开心")];
    assert_eq!(
        post(&app, &format!("/n/{id}"), &feedback).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let again = post(&app, &format!("/n/{id}"), &feedback).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(again.text().await.unwrap().contains("已提交过活动反馈"));
    let body = app.text(&format!("SELECT body FROM records WHERE id = '{}'", reply_id(&id, "3栋-1502")));
    assert!(
        !body.contains(r#""sign_up""#) && body.contains(r#""rating":5"#) && body.contains("孩子们很开心"),
        "{body}"
    );
}
