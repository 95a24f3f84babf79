//! 通知公告 and 满意度调查 end to end, across devices: the desk drafts an outage notice, the
//! supervisor approves it on their tablet, the desk prints the bilingual A4 poster and puts
//! it up with a photo; a household opens the poster's QR page on its phone and says it has
//! read it; a butler's phone, offline in the building, records the next door; the desk sees
//! the coverage with the homes left. A survey the manager writes is answered at the counter,
//! door to door offline and from its QR page, once per home, counted against 70 %.

use crate::harness::*;

fn owner_phone(server: &Server, unit: &str) -> String {
    let (building, number) = unit.split_once('-').unwrap();
    let c = rusqlite::Connection::open(&server.db_path).unwrap();
    c.query_row(
        "SELECT o.phone FROM owners o JOIN units u ON u.id = o.unit_id JOIN buildings b ON b.id = u.building_id \
         WHERE b.name = ?1 AND u.number = ?2",
        [building, number],
        |r| r.get(0),
    )
    .unwrap()
}

fn count(server: &Server, sql: &str) -> i64 {
    rusqlite::Connection::open(&server.db_path).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

const SYNCED: &str = "return !document.querySelector('#pending-count')";

#[tokio::test(flavor = "multi_thread")]
async fn a_notice_is_approved_posted_printed_and_read_by_qr_and_door_to_door_offline() {
    let mut server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("board.bmp");
    test_photo(&photo, 640, 480);
    let today = property_today();

    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/announcements']").await;
    desk.wait("#notice-form").await;
    desk.set_value("#notice-topic", "WaterOutage").await;
    desk.fill("#notice-title", "停水通知").await;
    desk.fill("#notice-body", "因二次供水水箱清洗，3栋将暂停供水。\n请提前储水，给您带来不便，敬请谅解。")
        .await;
    desk.fill("#notice-title-en", "Water outage").await;
    desk.fill(
        "#notice-body-en",
        "Building 3's water will be off while the tank is cleaned. Please store water beforehand.",
    )
    .await;
    let tomorrow = today + chrono::Days::new(1);
    desk.set_value("#notice-starts", &format!("{tomorrow}T09:00")).await;
    desk.set_value("#notice-ends", &format!("{tomorrow}T17:00")).await;
    desk.set_value("#notice-expires", &(today + chrono::Days::new(2)).to_string()).await;
    desk.set_value("#notice-to", "buildings").await;
    desk.fill("#notice-which", "3").await;
    // A draft survives a reload.
    desk.client.refresh().await.unwrap();
    desk.wait_text("#draft-note", "草稿").await;
    desk.wait_js(
        "the draft restored",
        "return document.querySelector('#notice-title')?.value === '停水通知'",
    )
    .await;
    desk.click("#notice-submit").await;
    desk.wait_text("#notice-done", "已提交审批").await;
    desk.wait_js("synced", SYNCED).await;
    let id: String = rusqlite::Connection::open(&server.db_path)
        .unwrap()
        .query_row("SELECT id FROM records WHERE kind = 'announcement'", [], |r| r.get(0))
        .unwrap();

    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.goto(&server.url("/announcements")).await;
    supervisor.wait_text("#notices-awaiting li[data-title='停水通知']", "3栋").await;
    supervisor.click("#notices-awaiting li[data-title='停水通知'] a").await;
    supervisor.click("#notice-approve").await;
    supervisor.wait_text("#notice-status", "已批准").await;
    supervisor.wait_js("synced", SYNCED).await;
    supervisor.quit().await;

    // The poster: one A4 page, both languages, its QR code the household's page.
    desk.goto(&server.url(&format!("/announcements/{id}"))).await;
    desk.wait("#notice-approved-by").await;
    desk.click("#notice-print").await;
    desk.wait_text("#poster-title", "停水通知").await;
    desk.wait_text("#poster-body-en", "tank is cleaned").await;
    desk.wait_text("#poster-window", &format!("{tomorrow} 09:00")).await;
    let qr: String = desk
        .client
        .execute("return document.querySelector('#notice-poster .poster-qr').dataset.qr", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(qr, server.url(&format!("/n/{id}")));
    assert_eq!(desk.printed_pages().await, 1, "the poster is one A4 page");
    desk.print_screenshot("notice-poster-print").await;

    // Put up on 3栋's board, with a photo of it there.
    desk.goto(&server.url(&format!("/announcements/{id}"))).await;
    desk.fill("#notice-post-place", "3栋大堂公告栏").await;
    desk.set_files("#notice-post-photo", &[&photo]).await;
    desk.wait("#notice-photo-taken").await;
    desk.click("#notice-post").await;
    desk.wait_text("#notice-postings", "3栋大堂公告栏").await;
    desk.wait_text("#notice-status", "已张贴").await;
    desk.wait_js("synced", SYNCED).await;

    // A household scans the poster: its unit and the phone on file; the page says thanks.
    let home = Browser::launch().await;
    home.resize(PHONE).await;
    home.goto(&qr).await;
    home.wait_text("h1", "停水通知").await;
    home.fill("#home-unit", "3-1502").await;
    home.fill("#home-phone", "13900000000").await;
    home.click("#home-submit").await;
    home.wait_text("#owner-message", "不符").await;
    home.fill("#home-phone", &owner_phone(&server, "3栋-1502")).await;
    home.click("#home-submit").await;
    home.wait_text("#owner-message", "已记录").await;
    home.screenshot("notice-owner-read-phone").await;
    home.goto(&format!("{qr}?lang=en")).await;
    home.wait_text("h1", "Water outage").await;
    home.screenshot("notice-owner-page-en-phone").await;
    home.quit().await;

    // The butler's phone, synced once, then offline in the stairwell: the next door.
    let patrol = Browser::launch().await;
    patrol.resize(PHONE).await;
    patrol.login(&server, "patrol").await;
    patrol.wait("#home-patrol").await;
    patrol.click(".tile.ready a[href='/announcements']").await;
    patrol.wait("#notices-current li[data-title='停水通知']").await;
    patrol.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    patrol.click("#notices-current li[data-title='停水通知'] a").await;
    patrol.wait_text("#notice-coverage-total", "1 / 66").await;
    patrol.wait_js("caught up", SYNCED).await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    server.kill();
    patrol.wait_text("#net-status", "离线").await;
    patrol.click("#notice-coverage button.chip[data-unit='3栋-1503']").await;
    patrol.wait_text("#notice-coverage-total", "2 / 66").await;
    patrol.wait_text("#pending-count", "待同步 1").await;
    patrol
        .wait_js(
            "3栋-1503 no longer left",
            "return !document.querySelector(\"#notice-coverage button.chip[data-unit='3栋-1503']\")",
        )
        .await;
    patrol.screenshot("notice-door-to-door-offline-phone").await;
    server.restart();
    patrol.wait_js("the door's reading synced", SYNCED).await;
    patrol.quit().await;

    // The desk sees the two homes read and the 64 left, building by building.
    desk.goto(&server.url(&format!("/announcements/{id}"))).await;
    desk.wait_text("#notice-coverage-total", "2 / 66").await;
    desk.wait_js(
        "the homes read are not left",
        "return !document.querySelector(\"#notice-coverage button.chip[data-unit='3栋-1502']\") && !!document.querySelector(\"#notice-coverage button.chip[data-unit='3栋-1504']\")",
    )
    .await;
    desk.screenshot("notice-coverage-tablet").await;
    desk.click("#lang-toggle").await;
    desk.wait_text("#notice-coverage h2", "Who has read it").await;
    desk.screenshot("notice-coverage-tablet-en").await;
    let sql = format!(
        "SELECT count(*) FROM records WHERE kind = 'announcement_reply' AND json_extract(body, '$.announcement_id') = '{id}'"
    );
    assert_eq!(count(&server, &sql), 2);
    assert_eq!(
        count(
            &server,
            &format!(
                "SELECT count(*) FROM records WHERE kind = 'announcement' AND id = '{id}' AND json_array_length(json_extract(body, '$.postings[0].photos')) = 1 AND json_extract(body, '$.body_en') LIKE '%tank%'"
            )
        ),
        1,
        "every field and the board's photo stored"
    );
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_survey_is_answered_at_the_desk_door_to_door_offline_and_by_qr_once_per_home() {
    let mut server = Server::start();
    let today = property_today();

    let manager = Browser::launch().await;
    manager.login(&server, "manager").await;
    manager.wait("#home-dashboard").await;
    manager.goto(&server.url("/surveys")).await;
    manager.fill("#survey-title", "2026年度业主满意度调查").await;
    manager.set_value("#survey-opens", &today.to_string()).await;
    manager.set_value("#survey-closes", &(today + chrono::Days::new(14)).to_string()).await;
    manager.fill("#survey-buildings", "3").await;
    manager.fill("#survey-questions li:nth-child(1) .q-text", "您对前台服务是否满意？").await;
    manager.click("#survey-add").await;
    manager.fill("#survey-questions li:nth-child(2) .q-text", "维修人员是否准时上门？").await;
    manager.set_value("#survey-questions li:nth-child(2) .q-kind", "YesNo").await;
    manager.click("#survey-add").await;
    manager.fill("#survey-questions li:nth-child(3) .q-text", "您的建议").await;
    manager.set_value("#survey-questions li:nth-child(3) .q-kind", "Text").await;
    manager.click("#survey-submit").await;
    manager.wait_text("#survey-done", "已发布").await;
    manager.wait_js("synced", SYNCED).await;
    manager.quit().await;
    let id: String = rusqlite::Connection::open(&server.db_path)
        .unwrap()
        .query_row("SELECT id FROM records WHERE kind = 'survey'", [], |r| r.get(0))
        .unwrap();

    // At the counter: a tap on a home left fills the form.
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/surveys']").await;
    desk.click("#surveys-list li a").await;
    desk.click("#survey-coverage button.chip[data-unit='3栋-1501']").await;
    desk.click("#survey-answer fieldset[data-question='0'] input[value='5']").await;
    desk.click("#survey-answer fieldset[data-question='1'] input[value='yes']").await;
    desk.fill("#survey-answer fieldset[data-question='2'] textarea", "前台很热情").await;
    desk.click("#survey-answer-submit").await;
    desk.wait_text("#survey-answer-done", "3栋-1501").await;
    desk.wait_text("#survey-coverage-total", "1 / 66").await;
    desk.wait_js("synced", SYNCED).await;
    // The same home again is refused by the domain on the tablet, nothing queued.
    desk.fill("#survey-unit", "3-1501").await;
    desk.click("#survey-answer fieldset[data-question='0'] input[value='3']").await;
    desk.click("#survey-answer-submit").await;
    desk.wait("#survey-answer-error").await;
    desk.wait_js("nothing queued", SYNCED).await;

    // Door to door, offline.
    let patrol = Browser::launch().await;
    patrol.resize(PHONE).await;
    patrol.login(&server, "patrol").await;
    patrol.wait("#home-patrol").await;
    patrol.goto(&server.url(&format!("/surveys/{id}"))).await;
    patrol.wait_text("#survey-coverage-total", "1 / 66").await;
    patrol.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    patrol.wait_js("caught up", SYNCED).await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    server.kill();
    patrol.wait_text("#net-status", "离线").await;
    patrol.click("#survey-coverage button.chip[data-unit='3栋-1502']").await;
    patrol.click("#survey-answer fieldset[data-question='0'] input[value='2']").await;
    patrol.click("#survey-answer fieldset[data-question='1'] input[value='no']").await;
    patrol.fill("#survey-answer fieldset[data-question='2'] textarea", "电梯维修太慢").await;
    patrol.click("#survey-answer-submit").await;
    patrol.wait_text("#survey-coverage-total", "2 / 66").await;
    patrol.wait_text("#pending-count", "待同步 1").await;
    patrol.screenshot("survey-door-to-door-offline-phone").await;
    server.restart();
    patrol.wait_js("synced", SYNCED).await;
    patrol.quit().await;

    // The household from the printed QR code.
    let url: String = {
        desk.goto(&server.url(&format!("/surveys/{id}"))).await;
        desk.wait("#survey-qr .poster-qr svg").await;
        let v = desk
            .client
            .execute("return document.querySelector('#survey-qr .poster-qr').dataset.qr", vec![])
            .await
            .unwrap();
        v.as_str().unwrap().to_string()
    };
    assert_eq!(url, server.url(&format!("/s/{id}")));
    let home = Browser::launch().await;
    home.resize(PHONE).await;
    home.goto(&url).await;
    home.wait_text("h1", "2026年度业主满意度调查").await;
    home.fill("#home-unit", "3-1503").await;
    home.fill("#home-phone", &owner_phone(&server, "3栋-1503")).await;
    home.click("input[name='q0'][value='4']").await;
    home.click("input[name='q1'][value='yes']").await;
    home.click("#home-submit").await;
    home.wait_text("#owner-message", "已记录").await;
    home.screenshot("survey-owner-answered-phone").await;
    // Once per home: the same home again is told so.
    home.goto(&url).await;
    home.fill("#home-unit", "3-1503").await;
    home.fill("#home-phone", &owner_phone(&server, "3栋-1503")).await;
    home.click("input[name='q0'][value='1']").await;
    home.click("#home-submit").await;
    home.wait_text("#owner-message", "本户已提交过问卷").await;
    home.quit().await;

    // Coverage against 70 % and the results, as the desk sees them.
    desk.goto(&server.url(&format!("/surveys/{id}"))).await;
    desk.wait_text("#survey-coverage-total", "3 / 66").await;
    desk.wait_text("#survey-coverage tr[data-building='3栋'] td.count", "✗").await;
    desk.wait_text("#survey-results figure[data-question='0'] figcaption", "★3.7").await;
    desk.wait_text("#survey-results figure[data-question='1'] .result-bar[data-label='是'] .count", "2")
        .await;
    desk.wait_text("#survey-results figure[data-question='2']", "电梯维修太慢").await;
    desk.screenshot("survey-results-tablet").await;
    desk.resize(PHONE).await;
    desk.screenshot("survey-results-phone").await;
    desk.resize(TABLET).await;
    desk.click("#lang-toggle").await;
    desk.wait_text("#survey-results h2", "Results").await;
    desk.screenshot("survey-results-tablet-en").await;
    assert_eq!(
        count(
            &server,
            &format!(
                "SELECT count(*) FROM records WHERE kind = 'survey_response' AND json_extract(body, '$.survey_id') = '{id}'"
            )
        ),
        3
    );
    desk.quit().await;
}
