//! Log hygiene: the real binary at `RUST_LOG=debug` through a day's worth of requests that
//! carry phones, owners' link tokens, session tokens and passwords; its log holds none of
//! them in full (masked phones are fine).

use crate::helpers::*;
use crate::tickets::{TOKEN, repair, uuid};
use reqwest::StatusCode;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::CreateTicket;

const PHONE: &str = "13987654321";
const ABROAD: &str = "+85291234567";
const WRONG_PHONE: &str = "13700001111";
const WRONG_PASSWORD: &str = "hunter2-wrong-guess";

#[tokio::test]
async fn the_log_holds_no_phone_token_or_password() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("steward.log");
    let (app, mut child) = spawn_binary(&log).await;

    // Staff: a wrong password, then the right one (the session token is in the cookie).
    let stranger = app.browser();
    assert_eq!(app.login(&stranger, "desk", WRONG_PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    let client = app.browser();
    let r = app.login(&client, "desk", PASSWORD).await;
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find_map(|c| c.strip_prefix("steward_session=").map(|v| v.split(';').next().unwrap().to_string()))
        .expect("a session cookie");
    let mut desk = Device::new(&app, "desk").await;

    // A ticket with the owner's phone and link; a refused one with a malformed phone.
    let id = uuid();
    let mut t = repair();
    t.contact_phone = PHONE.into();
    t.owner_token_hash = Some(steward_domain::ticket::owner::token_hash(TOKEN));
    desk.push(&app, Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket: t }))
        .await;
    let mut bad = repair();
    bad.contact_phone = format!("{PHONE}9");
    desk.push(&app, Mutation::CreateTicket(CreateTicket { id: uuid(), event_id: uuid(), ticket: bad })).await;
    assert_eq!(desk.last_refusal(&app).await.as_deref(), Some("invalid"));
    let number = crate::tickets::ticket(&app, &desk, &id).await["number"].as_str().unwrap().to_string();

    // The owner: the link, in both languages; the lookup with a wrong and the right phone.
    let owner = reqwest::Client::new();
    for path in [format!("/t/{TOKEN}"), format!("/t/{TOKEN}?lang=en")] {
        assert_eq!(owner.get(app.url(&path)).send().await.unwrap().status(), StatusCode::OK);
    }
    for phone in [WRONG_PHONE, PHONE] {
        let form = [("number", number.as_str()), ("phone", phone)];
        owner.post(app.url("/lookup")).form(&form).send().await.unwrap();
    }

    // The admin imports owners, one of them abroad, one line broken.
    let admin = app.logged_in("admin").await;
    let csv = format!("楼栋,房号,业主姓名,联系电话\n9,101,孙悟空,{ABROAD}\n9,1x2,沙僧,{PHONE}\n");
    admin
        .post(app.url("/api/units/import"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let csv = format!("楼栋,房号,业主姓名,联系电话\n9,101,孙悟空,{ABROAD}\n");
    let r =
        admin.post(app.url("/api/units/import")).header("content-type", "text/csv").body(csv).send().await;
    assert_eq!(r.unwrap().status(), StatusCode::OK);

    child.kill().unwrap();
    child.wait().unwrap();
    let text = std::fs::read_to_string(&log).unwrap()
        + &std::fs::read_to_string(log.with_extension("stderr")).unwrap();
    // The log is written at all, and at the level that shows requests.
    for expected in ["login failed", "units imported", "/lookup", "/t/<token>"] {
        assert!(text.contains(expected), "the log lacks {expected:?}:\n{text}");
    }
    let abroad_digits = ABROAD.trim_start_matches('+');
    // (The demo password is printed on purpose when the demo property is seeded.)
    for secret in [PHONE, WRONG_PHONE, ABROAD, abroad_digits, TOKEN, &session, WRONG_PASSWORD] {
        assert!(!text.contains(secret), "the log holds {secret}");
    }
}
