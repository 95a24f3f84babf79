//! 钥匙管理 at the counter: a key registered, lent with the tablet offline (refused until the
//! owner's consent is written down), synced, seen by the supervisor with the number masked,
//! returned short (refused until the desk says what happened), and back in the cabinet.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_key_lent_offline_with_the_owner_s_consent_is_returned_short_with_a_note() {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/keys']").await;
    desk.wait("#keys").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;

    desk.fill("#key-tag", "K-0801").await;
    desk.fill("#key-slot", "A-12").await;
    desk.fill("#key-unit", "2栋-0801").await;
    desk.fill("#key-count", "2").await;
    desk.click("#key-submit").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0801'] .key-state", "在柜").await;
    desk.wait_js("the key to sync", "return !document.querySelector('#pending-count')").await;
    // On a phone the cabinet fits the screen, its actions within reach.
    desk.resize(PHONE).await;
    desk.wait_js(
        "the cabinet within 390 px",
        "const w = window.innerWidth; return document.documentElement.scrollWidth <= w && \
         ['lend', 'move', 'retire'].every(c => { const b = document.querySelector(`#key-cabinet tr[data-tag='K-0801'] button.${c}`); \
         const r = b.getBoundingClientRect(); return r.left >= 0 && r.right <= w; })",
    )
    .await;
    desk.screenshot("keys-cabinet-phone").await;
    desk.resize(TABLET).await;

    server.kill();
    desk.wait_text("#net-status", "离线").await;
    desk.click("#key-cabinet tr[data-tag='K-0801'] button.lend").await;
    // The roster came down while online: the escorts are picked from it, offline too.
    desk.wait_js(
        "the staff roster kept",
        "return document.querySelectorAll('#staff-roster option').length > 3",
    )
    .await;
    desk.fill("#lend-name", "李师傅").await;
    desk.fill("#lend-purpose", "业主出差，关闭进水阀").await;
    desk.fill("#lend-escort-1", "陈晨").await;
    desk.fill("#lend-escort-2", "赵军").await;
    desk.fill("#lend-count", "2").await;
    desk.click("#lend-submit").await;
    desk.wait_text("#lend-form .error", "电话征得业主同意").await;
    desk.fill("#lend-consent-phone", "13812345678").await;
    desk.set_value("#lend-consent-at", "2026-12-01T09:41").await;
    desk.click("#lend-submit").await;
    desk.wait_text("#key-loans li.pending[data-tag='K-0801']", "业主出差").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0801'] .key-state", "借出").await;
    // Masked on the screen even before the server masks what it sends.
    desk.wait_text("#key-loans li[data-tag='K-0801']", "138****5678").await;
    desk.screenshot("keys-lent-offline-tablet").await;

    server.restart();
    desk.wait_js("the loan to sync", "return !document.querySelector('#pending-count')").await;

    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.click(".tile.ready a[href='/keys']").await;
    supervisor.wait_text("#key-loans li[data-tag='K-0801']", "138****5678").await;
    supervisor.wait_text("#key-loans li[data-tag='K-0801']", "2026-12-01 09:41").await;
    supervisor.resize(PHONE).await;
    supervisor.screenshot("keys-supervisor-phone").await;
    supervisor.quit().await;

    // The patrol officer who goes in sees the loan on their phone; the cabinet stays the desk's.
    let patrol = Browser::launch().await;
    patrol.resize(PHONE).await;
    patrol.login(&server, "patrol").await;
    patrol.wait("#home-patrol").await;
    patrol.wait_text("#my-key-loans li[data-tag='K-0801']", "业主出差，关闭进水阀").await;
    patrol.wait_text("#my-key-loans li[data-tag='K-0801']", "陈晨、赵军").await;
    // What the job needs, not the owner's number or the borrower's identity.
    patrol
        .wait_js(
            "no consent on the patrol's phone",
            "return !document.querySelector('#my-key-loans').textContent.includes('5678')",
        )
        .await;
    patrol.screenshot("keys-my-loans-patrol-phone").await;

    // One key comes back: refused until the desk says what happened to the other.
    desk.fill("#key-loans li[data-tag='K-0801'] .return-count", "1").await;
    desk.click("#key-loans li[data-tag='K-0801'] .return-submit").await;
    desk.wait_text("#key-loans li[data-tag='K-0801'] .error", "请填写说明").await;
    desk.fill("#key-loans li[data-tag='K-0801'] .return-note", "一把遗落在水表间，已报主管").await;
    desk.click("#key-loans li[data-tag='K-0801'] .return-submit").await;
    desk.wait_js(
        "the loan to leave the open list",
        "return !document.querySelector(\"#key-loans li[data-tag='K-0801']\")",
    )
    .await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0801'] .key-state", "在柜").await;
    // The cabinet says what is in it now: one key of the two, under the register's label.
    desk.wait_text("#key-cabinet tr[data-tag='K-0801'] .key-count", "1").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0801']", "2栋-801").await;
    desk.wait_js("the return to sync", "return !document.querySelector('#pending-count')").await;
    // The daily count starts with nothing ticked: each key is looked at before it is recorded.
    desk.click("#count-start").await;
    desk.wait_js(
        "nothing answered",
        "return [...document.querySelectorAll('#count-table input[type=radio]')].every(r => !r.checked)",
    )
    .await;
    desk.click("#count-submit").await;
    desk.wait_text("#count-error", "未清点").await;
    desk.click("#count-table tr[data-tag='K-0801'] .choice-yes").await;
    desk.click("#count-submit").await;
    desk.wait_text("#count-done", "0 项异常").await;
    patrol
        .wait_js(
            "the returned loan to leave the patrol's phone",
            "return !document.querySelector('#my-key-loans')",
        )
        .await;
    patrol.quit().await;
    // Every field written about the loan reads back in the ledger, the short return's
    // incident is open, and the key moves slot as an event.
    desk.click("#loan-history summary").await;
    for written in ["陈晨、赵军", "业主出差，关闭进水阀", "138****5678", "王小红", "一把遗落在水表间"]
    {
        desk.wait_text("#loan-history li[data-tag='K-0801']", written).await;
    }
    desk.wait_text("#key-incidents li[data-tag='K-0801']", "归还数量不符").await;
    desk.click("#key-cabinet tr[data-tag='K-0801'] button.move").await;
    desk.fill("#key-change-value", "A-13").await;
    desk.click("#key-change-submit").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0801']", "A-13").await;

    // An agent with the owner's letter of authorisation: its photo is kept with the loan.
    desk.click("#key-cabinet tr[data-tag='K-0801'] button.lend").await;
    desk.set_value("#lend-borrower", "agent").await;
    desk.fill("#lend-name", "周先生").await;
    desk.set_value("#lend-id-type", "owners_letter").await;
    desk.fill("#lend-purpose", "代业主取快递柜钥匙").await;
    desk.fill("#lend-consent-phone", "13812345678").await;
    desk.set_value("#lend-consent-at", "2026-12-01T11:20").await;
    desk.click("#lend-submit").await;
    desk.wait_text("#lend-form .error", "委托书").await;
    let dir = tempfile::tempdir().unwrap();
    let letter = dir.path().join("letter.bmp");
    test_photo(&letter, 1200, 1600);
    desk.set_files("#lend-letter", &[&letter]).await;
    desk.wait("#lend-letter-thumb").await;
    desk.click("#lend-submit").await;
    desk.wait_text("#key-loans li[data-tag='K-0801']", "周先生").await;
    desk.wait("#key-loans li[data-tag='K-0801'] .loan-letter img").await;
    desk.wait_js(
        "the letter's photo to upload",
        "return !document.querySelector('#pending-count') && !document.querySelector('#photos-waiting')",
    )
    .await;
    desk.screenshot("keys-owners-letter-tablet").await;
    desk.quit().await;
}

/// Draws a signature on the pad `css` as a finger would.
async fn sign(b: &Browser, css: &str) {
    let script = "const c = document.querySelector(arguments[0]); const r = c.getBoundingClientRect(); \
        const ev = (type, x, y) => c.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerId: 1, \
            clientX: r.left + x, clientY: r.top + y })); \
        ev('pointerdown', 20, 40); for (let i = 1; i < 30; i++) ev('pointermove', 20 + i * 8, 40 + (i % 6) * 9); \
        ev('pointerup', 260, 60);";
    b.wait(css).await;
    b.client.execute(script, vec![css.into()]).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sealed_key_lent_offline_waits_for_two_approvals_comes_back_and_is_sealed_again_and_the_day_is_signed()
 {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url("/keys")).await;
    desk.wait("#keys").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    desk.fill("#key-tag", "K-0901").await;
    desk.fill("#key-slot", "B-03").await;
    desk.fill("#key-unit", "2栋-0901").await;
    desk.set_value("#key-kind", "sealed").await;
    desk.fill("#key-seal-number", "F-000311").await;
    // Not without the owner's signature.
    desk.click("#key-submit").await;
    desk.wait_text("#register-key .error", "封条号和业主签名").await;
    sign(&desk, "#key-signature").await;
    desk.click("#key-submit").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0901'] .key-state", "在柜").await;
    desk.wait_js("the key and its signature to sync", "return !document.querySelector('#pending-count')")
        .await;

    server.kill();
    desk.wait_text("#net-status", "离线").await;
    desk.click("#key-cabinet tr[data-tag='K-0901'] button.lend").await;
    desk.fill("#lend-name", "李师傅").await;
    desk.fill("#lend-purpose", "业主出国，厨房漏水关总阀").await;
    desk.fill("#lend-consent-phone", "13912345678").await;
    desk.set_value("#lend-consent-at", "2026-12-01T10:05").await;
    desk.fill("#lend-escort-1", "李师傅").await;
    desk.fill("#lend-escort-2", "赵军").await;
    desk.click("#lend-submit").await;
    desk.wait_text("#key-loans li.pending[data-tag='K-0901']", "待审批").await;
    server.restart();
    desk.wait_js("the loan to sync", "return !document.querySelector('#pending-count')").await;

    // The supervisor and the manager approve, each on their own device.
    for user in ["supervisor", "manager"] {
        let b = Browser::launch().await;
        b.login(&server, user).await;
        b.wait("#home-dashboard").await;
        b.wait_text("#key-alerts", "K-0901").await;
        b.goto(&server.url("/keys")).await;
        b.click("#key-loans li[data-tag='K-0901'] button.approve").await;
        b.wait_js("the approval to sync", "return !document.querySelector('#pending-count')").await;
        b.quit().await;
    }
    desk.wait_js(
        "the key to go out",
        "const li = document.querySelector(\"#key-loans li[data-tag='K-0901']\"); return li && !li.textContent.includes('待审批')",
    )
    .await;
    desk.click("#key-loans li[data-tag='K-0901'] .return-submit").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0901'] .key-state", "待业主重新封存").await;
    desk.click("#key-cabinet tr[data-tag='K-0901'] button.reseal").await;
    desk.fill("#reseal-number", "F-000312").await;
    sign(&desk, "#reseal-signature").await;
    desk.click("#reseal-submit").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0901'] .key-state", "在柜").await;
    desk.wait_js("the new seal to sync", "return !document.querySelector('#pending-count')").await;
    desk.screenshot("keys-sealed-tablet").await;

    // Asked for again, then the owner calls back: the request is withdrawn with its reason
    // before anyone approves, the key is free, and its history and the ledger say so.
    desk.click("#key-cabinet tr[data-tag='K-0901'] button.lend").await;
    desk.fill("#lend-name", "李师傅").await;
    desk.fill("#lend-purpose", "复查厨房阀门").await;
    desk.fill("#lend-consent-phone", "13912345678").await;
    desk.set_value("#lend-consent-at", "2026-12-01T10:30").await;
    desk.fill("#lend-escort-1", "李师傅").await;
    desk.fill("#lend-escort-2", "赵军").await;
    desk.click("#lend-submit").await;
    desk.wait_text("#key-loans li[data-tag='K-0901']", "待审批").await;
    desk.click("#key-loans li[data-tag='K-0901'] .withdraw-submit").await;
    desk.wait_text("#key-loans li[data-tag='K-0901'] .error", "说明").await;
    desk.fill("#key-loans li[data-tag='K-0901'] .withdraw-reason", "业主回电，已自行处理").await;
    desk.click("#key-loans li[data-tag='K-0901'] .withdraw-submit").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0901'] .key-state", "在柜").await;
    desk.click("#key-cabinet tr[data-tag='K-0901'] .key-history summary").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0901'] .key-history", "借用申请撤回").await;
    desk.wait_text("#key-cabinet tr[data-tag='K-0901'] .key-history", "重新封存 F-000312").await;
    desk.click("#loan-history summary").await;
    desk.wait_text("#loan-history li[data-tag='K-0901'] .withdrawn", "业主回电，已自行处理").await;
    desk.wait_js("the withdrawal to sync", "return !document.querySelector('#pending-count')").await;

    // Yesterday's log (the server's clock a day back while the entry is written), then the
    // supervisor checks the chain and signs that day, which is over; the desk may then only
    // correct it, and the correction is marked late.
    server.advance_clock(-24 * 60);
    desk.goto(&server.url("/duty-log")).await;
    desk.fill("#duty-text", "早班：K-0901 已归还并重新封存").await;
    desk.click("#duty-submit").await;
    desk.wait_js("the entry to sync", "return !document.querySelector('#pending-count')").await;
    server.advance_clock(24 * 60);
    let supervisor = Browser::launch().await;
    supervisor.login(&server, "supervisor").await;
    supervisor.wait("#home-dashboard").await;
    supervisor.goto(&server.url("/duty-log")).await;
    supervisor.wait_text("#duty-entries", "K-0901 已归还").await;
    supervisor.click("#log-chain-verify").await;
    supervisor.wait_text("#log-chain-status", "记录链完整").await;
    supervisor.click("#sign-off .sign-day").await;
    supervisor.wait_text("#duty-entries .sign-off", "审阅签字").await;
    supervisor.wait_js("the sign-off to sync", "return !document.querySelector('#pending-count')").await;
    supervisor.quit().await;
    desk.wait_text("#duty-entries", "审阅签字").await;
    desk.click("#duty-entries li[data-id]:not(.sign-off) .link").await;
    desk.fill("#duty-text", "更正：封条号应为 F-000312").await;
    desk.click("#duty-submit").await;
    desk.wait_text("#duty-entries", "补记").await;
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_still_out_when_its_shift_ends_is_overdue_and_blocks_the_handover_until_an_incident_is_opened()
{
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url("/keys")).await;
    desk.wait("#keys").await;
    desk.fill("#key-tag", "R-0001").await;
    desk.fill("#key-slot", "C-01").await;
    desk.fill("#key-unit", "3栋 水泵房").await;
    desk.set_value("#key-kind", "repair").await;
    desk.click("#key-submit").await;
    desk.wait_text("#key-cabinet tr[data-tag='R-0001'] .key-state", "在柜").await;
    desk.wait_js("the key to sync", "return !document.querySelector('#pending-count')").await;

    // Lent while the server's clock stands nine hours back: in a shift that has since ended
    // (every shift is at most eight hours), so the server's due time is already past.
    server.advance_clock(-9 * 60);
    desk.click("#key-cabinet tr[data-tag='R-0001'] button.lend").await;
    desk.fill("#lend-name", "李师傅").await;
    desk.fill("#lend-purpose", "水泵房巡检").await;
    desk.fill("#lend-escort-1", "李师傅").await;
    desk.fill("#lend-escort-2", "赵军").await;
    desk.click("#lend-submit").await;
    desk.wait_js("the loan to sync", "return !document.querySelector('#pending-count')").await;
    server.advance_clock(9 * 60);

    desk.wait_text("#key-loans li[data-tag='R-0001']", "超时未还").await;
    desk.goto(&server.url("/counter")).await;
    desk.wait_text("#key-alerts li[data-tag='R-0001']", "超时未还").await;
    desk.goto(&server.url("/handover")).await;
    desk.wait_text("#handover-blockers", "钥匙超时未还，请先立钥匙事件").await;
    desk.wait_js("the start to be refused", "return document.querySelector('#handover-start').disabled")
        .await;
    desk.screenshot("keys-overdue-blocks-handover-tablet").await;

    // The incident opened (its first step in the duty log): the handover may go ahead, the
    // key still shows overdue until it is back.
    desk.goto(&server.url("/keys")).await;
    desk.click("#key-loans li[data-tag='R-0001'] .open-incident").await;
    desk.wait("#key-incidents li").await;
    desk.wait_text("#key-loans li[data-tag='R-0001']", "超时未还").await;
    desk.goto(&server.url("/handover")).await;
    desk.wait("#handover-start").await;
    desk.wait_js("the blocker to clear", "return !document.querySelector('#handover-blockers')").await;
    desk.quit().await;
}

/// A key registered on a desk that was offline while another desk gave its tag to another key
/// comes back refused, named by its tag and unit (the register form was cleared when it was
/// sent), with the true reason, in both languages.
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_registration_names_the_key_it_was() {
    use steward_domain::keys::commands::NewKey;
    use steward_domain::keys::record::KeyKind;
    use steward_domain::sync::Mutation;
    use steward_domain::sync::commands::RegisterKey;
    let server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.goto(&server.url("/keys")).await;
    desk.wait("#key-tag").await;
    desk.cdp("Network.enable", serde_json::json!({})).await;
    let network = |off: bool| serde_json::json!({ "offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
    desk.cdp("Network.emulateNetworkConditions", network(true)).await;
    desk.fill("#key-tag", "K-0901").await;
    desk.fill("#key-slot", "B-01").await;
    desk.fill("#key-unit", "2栋-0901").await;
    desk.fill("#key-count", "1").await;
    desk.click("#key-submit").await;
    desk.wait("#key-cabinet tr[data-tag='K-0901']").await;
    // Meanwhile the other desk's tablet, online, gives the tag to another home's key.
    let other = NewKey {
        tag: "K-0901".into(),
        slot: "C-07".into(),
        unit: "3栋-1502".into(),
        kind: KeyKind::ShortTerm,
        count: 1,
        seal_number: None,
        signature: None,
    };
    push_as(
        &server,
        "desk",
        vec![Mutation::RegisterKey(RegisterKey {
            id: "0190f5c2-7d1a-7000-8000-0000000009a1".into(),
            key: other,
        })],
    )
    .await;
    desk.cdp("Network.emulateNetworkConditions", network(false)).await;
    desk.wait_text("#attention-count", "需处理 1").await;
    desk.click("#attention-count").await;
    // As it was typed (the form's own words), not as the register spells it.
    desk.wait_text("#attention .attention-what", "钥匙管理：K-0901 · 2栋-0901").await;
    desk.wait_js(
        "no dangling separator",
        "return !document.querySelector('#attention .attention-what').textContent.trim().endsWith('·')",
    )
    .await;
    desk.screenshot("attention-key-refused-tablet").await;
    desk.quit().await;
}
