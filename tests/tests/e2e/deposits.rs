//! 寄存/转交/信报 end to end: the desk logs a deposit with its photo; it is counted on the
//! desk's handover while it waits; the supervisor approves it on their own tablet; the desk
//! hands it over against the recipient's ID and it shows as collected, its photo on the server.

use crate::harness::*;

const ITEM: &str = "li.desk-item[data-item='一箱水果']";

#[tokio::test(flavor = "multi_thread")]
async fn a_deposit_is_approved_by_the_supervisor_counted_at_the_handover_and_handed_over() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("fruit.bmp");
    test_photo(&photo, 640, 480);

    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/deposits']").await;
    desk.wait("#deposit-form").await;
    desk.set_value("#deposit-kind", "Deposit").await;
    desk.fill("#deposit-item", "一箱水果").await;
    desk.fill("#deposit-from", "2栋-801 杨艳").await;
    desk.fill("#deposit-unit", "3-1502").await;
    desk.fill("#deposit-for", "李明").await;
    desk.fill("#deposit-note", "易碎").await;
    desk.set_files("#deposit-photo", &[&photo]).await;
    desk.wait("#deposit-photo-taken").await;
    desk.click("#deposit-submit").await;
    desk.wait_text(&format!("#deposits-approval {ITEM}"), "3栋-1502 李明 · 一箱水果（寄存/转交）").await;
    desk.wait_text(&format!("#deposits-approval {ITEM}"), "等待主管批准").await;
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    desk.screenshot("deposits-awaiting-approval-tablet").await;

    // Waiting at the desk: on the outgoing shift's handover.
    desk.goto(&server.url("/handover")).await;
    desk.wait_text("#handover-items", "一箱水果 → 3栋-1502 李明").await;

    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.goto(&server.url("/deposits")).await;
    supervisor.wait_text(&format!("#deposits-approval {ITEM}"), "一箱水果").await;
    supervisor.click(&format!("#deposits-approval {ITEM} .approve")).await;
    supervisor.wait_js("approved and synced", "return !document.querySelector('#deposits-approval li.desk-item') && !document.querySelector('#pending-count')").await;
    supervisor.quit().await;

    desk.goto(&server.url("/deposits")).await;
    desk.wait(&format!("#deposits-waiting {ITEM}")).await;
    desk.fill(&format!("#deposits-waiting {ITEM} .recipient"), "李明").await;
    desk.set_value(&format!("#deposits-waiting {ITEM} .recipient-id-type"), "Passport").await;
    desk.fill(&format!("#deposits-waiting {ITEM} .recipient-id"), "E123").await;
    desk.click(&format!("#deposits-waiting {ITEM} .give")).await;
    desk.wait_text(&format!("#deposits-handed {ITEM}"), "李明 ****E123").await;
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    desk.screenshot("deposits-handed-over-tablet").await;
    let c = rusqlite::Connection::open(&server.db_path).unwrap();
    let stored: i64 = c
        .query_row(
            "SELECT count(*) FROM records WHERE kind = 'desk_item' AND json_extract(body, '$.note') = '易碎' \
             AND json_array_length(json_extract(body, '$.photos')) = 1 AND json_extract(body, '$.approval.approved') = 1 \
             AND json_extract(body, '$.handed.recipient') = '李明'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 1, "every field typed, the photo and both steps stored");
    desk.quit().await;
}
