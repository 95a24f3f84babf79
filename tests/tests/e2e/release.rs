//! 物品放行 end to end: finance's list says 2栋-801 owes, so the desk's slip is refused; the
//! fee is paid at the desk and the slip issued with the tablet offline, signed on its own
//! key, and printed in two copies; a guard's phone, offline, reads the printed code from its
//! camera (Chromium's fake camera playing the slip's QR image), releases the goods once and
//! refuses the second scan; a second gate's offline release of the same slip shows as a
//! conflict in the day's reconciliation.

use crate::harness::*;
use base64::Engine as _;
use steward_domain::release::pass::SignedPass;

const CASE: &str = "#arrears-cases li[data-unit='2栋-801']";

/// The QR code as printed on copy 2, drawn by the browser at `side` pixels: greyscale.
async fn printed_qr(desk: &Browser, side: usize) -> Vec<u8> {
    let script = "const done = arguments[arguments.length - 1]; const side = arguments[0];\
        const svg = document.querySelector(\".slip-copy[data-copy='2'] .slip-qr svg\");\
        const img = new Image();\
        img.onload = () => { const c = document.createElement('canvas'); c.width = side; c.height = side;\
          const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, side, side); g.imageSmoothingEnabled = false;\
          g.drawImage(img, 0, 0, side, side); const d = g.getImageData(0, 0, side, side).data; let s = '';\
          for (let i = 0; i < d.length; i += 4) s += String.fromCharCode(d[i]); done(btoa(s)); };\
        img.onerror = () => done(null);\
        img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));";
    let b64 = desk.client.execute_async(script, vec![side.into()]).await.unwrap();
    base64::engine::general_purpose::STANDARD.decode(b64.as_str().expect("the QR drawn")).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slip_refused_for_arrears_is_issued_offline_once_paid_and_released_once_by_a_gate_reading_it_offline()
 {
    let mut server = Server::start();
    let (supervisor, _) = device(&server, "supervisor").await;
    let csv = "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n2,801,物业管理费,2026-10,1000,2026-10-31\n";
    let r = supervisor
        .post(server.url("/api/arrears/import"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());

    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/release']").await;
    // Typed as the desk often does; read as the register labels it.
    desk.fill("#slip-unit", "2-801").await;
    desk.wait_text("#slip-owes", "¥1000.00").await;
    desk.wait_text("#slip-owner", "2栋-801 · 登记业主").await;
    desk.fill("#slip-name", "杨艳").await;
    desk.fill("#slip-items li:nth-child(1) .item-name", "旧沙发").await;
    desk.click("#slip-add-item").await;
    desk.fill("#slip-items li:nth-child(2) .item-name", "纸箱").await;
    desk.fill("#slip-items li:nth-child(2) .item-qty", "6").await;
    desk.fill("#slip-plate", "粤B12345").await;
    desk.click("#slip-submit").await;
    desk.wait_text("#slip-error", "该房号有欠费").await;
    desk.screenshot("release-refused-for-arrears-tablet").await;

    // Paid at the desk; the form kept everything typed (its draft) meanwhile.
    desk.goto(&server.url("/arrears")).await;
    desk.click("#arrears-open").await;
    desk.click(&format!("{CASE} .pay-open")).await;
    desk.fill(&format!("{CASE} .payment-amount"), "1000").await;
    desk.fill(&format!("{CASE} .payment-receipt"), "SF-20261201-011").await;
    desk.click(&format!("{CASE} .payment-submit")).await;
    desk.wait_js(
        "the payment and the device key to sync",
        "return !document.querySelector('#pending-count')",
    )
    .await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;

    // The tablet offline: the slip is issued and printed all the same.
    server.kill();
    desk.goto(&server.url("/release")).await;
    desk.wait_text("#net-status", "离线").await;
    desk.wait_js(
        "the draft restored",
        "return document.querySelector('#slip-items li:nth-child(2) .item-name').value === '纸箱'",
    )
    .await;
    desk.wait_js("no arrears now", "return !document.querySelector('#slip-owes')").await;
    desk.click("#slip-submit").await;
    desk.wait_text("#slip-print .slip-copy[data-copy='1']", "第一联").await;
    desk.wait_text("#slip-print .slip-copy[data-copy='2']", "第二联").await;
    desk.wait_text("#slip-print .slip-copy[data-copy='2'] .slip-goods", "纸箱").await;
    desk.wait_text("#slip-print .slip-copy[data-copy='2']", "经核查，该房号无欠费。（本机核查，离线开具")
        .await;
    desk.screenshot("release-slip-printed-tablet").await;
    let qr_text = desk
        .client
        .execute("return document.querySelector(\".slip-copy[data-copy='2'] .slip-qr\").dataset.qr", vec![])
        .await
        .unwrap();
    let pass = SignedPass::from_qr(qr_text.as_str().unwrap()).unwrap();
    assert_eq!(pass.pass.unit, "2栋-801");
    let side = 400;
    let qr = printed_qr(&desk, side).await;
    server.restart();
    desk.wait_js("the slip to sync", "return !document.querySelector('#pending-count')").await;

    // The guard's phone, its camera showing the printed code.
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("slip.y4m");
    still_video(&video, &qr, side);
    let gate = Browser::with_camera(&video).await;
    gate.resize(PHONE).await;
    gate.login(&server, "guard").await;
    gate.wait("#home-gate").await;
    gate.click(".tile.ready a[href='/release/gate']").await;
    gate.wait("#gate-scan").await;
    gate.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
    // Synced once (the tablet's key is here), then offline in the gatehouse.
    gate.wait_js("caught up", "return !document.querySelector('#pending-count')").await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    server.kill();
    gate.wait_text("#net-status", "离线").await;
    gate.click("#gate-scan").await;
    gate.wait_text("#gate-verdict", "有效").await;
    gate.wait_text("#gate-goods", "纸箱 × 6").await;
    gate.wait_text("#gate-unit", "2栋-801").await;
    gate.wait_text("#gate-applicant", "杨艳").await;
    gate.screenshot("release-gate-valid-phone").await;
    gate.click("#gate-copy-kept").await;
    gate.click("#gate-release").await;
    gate.wait_text("#gate-done", "已放行").await;
    gate.click("#gate-next").await;
    gate.click("#gate-scan").await;
    gate.wait_text("#gate-verdict", "已放行").await;
    gate.wait_text("#gate-verdict", "赵军").await;
    gate.wait_js(
        "no release offered twice",
        "return !document.querySelector('#gate-release') && !document.querySelector('#gate-refuse')",
    )
    .await;
    gate.wait_text("#gate-history", "赵军 已放行").await;
    gate.wait_text("#gate-history", "本机时间，待同步").await;
    gate.screenshot("release-gate-second-scan-phone").await;
    server.restart();
    gate.wait_js("the release to sync", "return !document.querySelector('#pending-count')").await;

    // A second gate released the same slip while offline: kept, and shown as a conflict.
    push_as(
        &server,
        "guard",
        vec![steward_domain::sync::Mutation::RecordGateCheck(
            steward_domain::sync::commands::RecordGateCheck {
                id: "0190f5c2-7d1a-7000-8000-00000000ab01".into(),
                slip_id: pass.pass.slip_id.clone(),
                pass: pass.clone(),
                released: true,
                reason: String::new(),
                copy_kept: true,
                gate_time: "14:40".into(),
            },
        )],
    )
    .await;
    gate.goto(&server.url("/release/day")).await;
    gate.wait_text("#release-counts", "开具 1").await;
    gate.wait_text("#release-counts", "放行 1").await;
    gate.wait_text("#release-lines li[data-line='Conflict']", "重复放行").await;
    gate.wait_text("#release-lines li[data-line='Conflict']", "14:40").await;
    gate.screenshot("release-reconciliation-phone").await;
    gate.quit().await;

    // The desk's list says where the slip stands.
    desk.goto(&server.url("/release")).await;
    desk.wait_text("#release-today li.slip", "重复放行").await;
    desk.quit().await;
}

/// The loop of a slip the server refuses, across devices. The desk, holding the register,
/// refuses `1-808` at once even offline; a desk that has no register on it (never
/// downloaded) prints it offline; on reconnect the server refuses it, and 需处理 says why
/// (not in the register), shows what was typed, and reopens the form filled in; a synced
/// guard's phone scanning the printed code is told the server refused it, with nothing to
/// release.
#[tokio::test(flavor = "multi_thread")]
async fn a_slip_the_server_refused_is_refused_at_the_gate_and_reads_as_a_refusal_at_the_desk() {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/release']").await;
    desk.fill("#slip-unit", "1-801").await;
    desk.wait("#slip-owner").await;
    desk.wait_js("the register and the device key kept", "return !!localStorage.getItem('steward.unit_directory') && !document.querySelector('#pending-count')").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;

    // Offline, with the register on the tablet: refused at once, nothing queued.
    server.kill();
    desk.goto(&server.url("/release")).await;
    desk.wait_text("#net-status", "离线").await;
    desk.fill("#slip-unit", "1-808").await;
    desk.wait_text("#slip-unknown-unit", "房号不在楼栋房号登记中").await;
    desk.fill("#slip-name", "杨艳").await;
    desk.fill("#slip-items li:nth-child(1) .item-name", "旧沙发").await;
    desk.click("#slip-submit").await;
    desk.wait_text("#slip-error", "房号不在楼栋房号登记中").await;
    desk.wait_js("nothing queued", "return !document.querySelector('#pending-count')").await;
    desk.screenshot("release-unknown-unit-refused-offline-tablet").await;

    // A tablet that never kept the register prints it (it cannot tell).
    desk.client.execute("localStorage.removeItem('steward.unit_directory')", vec![]).await.unwrap();
    desk.goto(&server.url("/release")).await;
    desk.wait_text("#net-status", "离线").await;
    desk.wait_js("the draft restored", "return document.querySelector('#slip-unit')?.value === '1-808'")
        .await;
    desk.click("#slip-submit").await;
    desk.wait_text("#slip-print .slip-copy[data-copy='2']", "第二联").await;
    let side = 400;
    let qr = printed_qr(&desk, side).await;

    // Back online: the server refuses it; 需处理 says why and what was typed.
    server.restart();
    desk.goto(&server.url("/attention")).await;
    desk.wait_text(".attention-why", "房号不在楼栋房号登记中").await;
    desk.wait_text(".attention-typed", "1栋-808").await;
    desk.wait_text(".attention-typed", "旧沙发×1").await;
    desk.screenshot("release-refused-by-server-attention-tablet").await;

    // The guard's phone, online and synced, scans the printed code.
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("void.y4m");
    still_video(&video, &qr, side);
    let gate = Browser::with_camera(&video).await;
    gate.resize(PHONE).await;
    gate.login(&server, "guard").await;
    gate.wait("#home-gate").await;
    gate.click(".tile.ready a[href='/release/gate']").await;
    gate.wait_js("caught up", "return !document.querySelector('#pending-count')").await;
    gate.click("#gate-scan").await;
    gate.wait_text("#gate-verdict", "服务器已拒绝这张放行条").await;
    gate.wait_text("#gate-verdict", "房号不在楼栋房号登记中").await;
    gate.wait_js("nothing to release", "return !document.querySelector('#gate-release')").await;
    gate.screenshot("release-gate-void-phone").await;
    gate.quit().await;

    // The way forward at the desk: the form again, filled in, the unit to correct.
    desk.goto(&server.url("/attention")).await;
    desk.click(".attention-carry").await;
    desk.wait_js("the refused slip's fields back in the form", "return document.querySelector('#slip-unit')?.value === '1栋-808' && document.querySelector('#slip-items li:nth-child(1) .item-name').value === '旧沙发'").await;
    desk.quit().await;
}

/// The printed slip as the one who signs it reads it: both copies on one A4 page for a slip
/// of 2 and of 8 goods lines, in Chinese and in English; the supervisor's override is on the
/// desk's copy with its reason, and on copy 2 (the applicant's, kept at the gate) only as
/// "approved by", never the internal reason.
#[tokio::test(flavor = "multi_thread")]
async fn both_copies_print_on_one_a4_page_and_copy_2_never_carries_the_override_reason() {
    use steward_domain::release::commands::NewSlip;
    use steward_domain::release::issue::{Applicant, ArrearsOverride};
    use steward_domain::release::pass::{DeviceSecret, PassItem, SlipPass};
    use steward_domain::release::record::SlipItem;
    use steward_domain::sync::Mutation;
    use steward_domain::sync::commands::{IssueReleaseSlip, RegisterDeviceKey};
    let server = Server::start();
    let (supervisor, _) = device(&server, "supervisor").await;
    let csv = "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n2,801,物业管理费,2026-10,1000,2026-10-31\n";
    let r = supervisor
        .post(server.url("/api/arrears/import"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let secret = DeviceSecret::from_bytes([5; 32]);
    let key_id = "0190f5c2-7d1a-7000-8000-00000000cc01".to_string();
    let today = property_today();
    let slip = |id: &str, unit: &str, n: usize, over: Option<&str>| {
        let items: Vec<SlipItem> = (1..=n)
            .map(|i| SlipItem { name: format!("家具{i}（旧）"), quantity: i as u32, photos: vec![] })
            .collect();
        let pass = SlipPass {
            slip_id: id.into(),
            unit: unit.into(),
            items: items.iter().map(|i| PassItem { name: i.name.clone(), quantity: i.quantity }).collect(),
            plate: Some("粤B12345".into()),
            from: today,
            until: today,
            key_id: key_id.clone(),
        };
        let new = NewSlip {
            unit: unit.into(),
            applicant: Applicant::Owner { name: "杨艳".into() },
            items,
            plate: Some("粤B12345".into()),
            from: today,
            until: today,
            decoration_id: None,
            arrears_override: over.map(|r| ArrearsOverride { reason: r.into() }),
            pass: secret.sign(pass),
        };
        Mutation::IssueReleaseSlip(IssueReleaseSlip { id: id.into(), slip: new })
    };
    let two = "0190f5c2-7d1a-7000-8000-00000000cc02";
    let eight = "0190f5c2-7d1a-7000-8000-00000000cc03";
    let register = Mutation::RegisterDeviceKey(RegisterDeviceKey {
        id: key_id.clone(),
        public_hex: secret.public_hex(),
        label: "前台平板".into(),
        device_id: None,
    });
    push_as(
        &server,
        "supervisor",
        vec![
            register,
            slip(two, "1栋-801", 2, None),
            slip(eight, "2栋-801", 8, Some("业主已转账，财务次日入账")),
        ],
    )
    .await;

    let b = Browser::launch().await;
    b.login(&server, "supervisor").await;
    b.wait("#home-dashboard").await;
    for (id, lines) in [(two, 2), (eight, 8)] {
        b.goto(&server.url(&format!("/release/{id}/print"))).await;
        b.wait_text("#slip-print .slip-copy[data-copy='2']", "第二联").await;
        assert_eq!(b.client.execute("return document.querySelectorAll(\".slip-copy[data-copy='2'] .slip-goods tbody tr\").length", vec![]).await.unwrap(), lines);
        assert_eq!(b.printed_pages().await, 1, "a {lines}-line slip, both copies, on one A4 page");
    }
    // The override: reason on the desk's copy, only the approver on copy 2.
    b.wait_text(".slip-copy[data-copy='1'] .arrears-check", "业主已转账").await;
    b.wait_text(".slip-copy[data-copy='2'] .arrears-check", "李静").await;
    b.wait_js(
        "no internal reason on copy 2",
        "return !document.querySelector(\".slip-copy[data-copy='2']\").textContent.includes('业主已转账')",
    )
    .await;
    b.screenshot("release-slip-8-lines-override-tablet").await;
    b.click("#lang-toggle").await;
    b.wait_text("#slip-print .slip-copy[data-copy='2']", "Copy 2").await;
    assert_eq!(b.printed_pages().await, 1, "in English too");
    b.screenshot("release-slip-8-lines-english-tablet").await;
    b.quit().await;
}

/// The supervisor's override given at the desk's tablet: the receptionist fills in the slip
/// for a unit that owes, the supervisor types their own account and password there, and the
/// slip is issued in their name with their reason on the desk's copy only.
#[tokio::test(flavor = "multi_thread")]
async fn the_supervisor_approves_the_override_on_the_desk_s_tablet() {
    let server = Server::start();
    let (supervisor, _) = device(&server, "supervisor").await;
    let csv = "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n2,801,物业管理费,2026-10,1000,2026-10-31\n";
    let r = supervisor
        .post(server.url("/api/arrears/import"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/release']").await;
    desk.fill("#slip-unit", "2-801").await;
    desk.wait_text("#slip-owes", "¥1000.00").await;
    desk.fill("#slip-name", "杨艳").await;
    desk.fill("#slip-items li:nth-child(1) .item-name", "旧沙发").await;
    desk.fill("#slip-override", "业主已转账，财务次日入账").await;
    desk.fill("#slip-approver", "supervisor").await;
    desk.fill("#slip-approver-secret", "not the password").await;
    desk.click("#slip-submit").await;
    desk.wait_text("#slip-error", "主管账号、密码或PIN不正确").await;
    desk.fill("#slip-approver", "desk").await;
    desk.fill("#slip-approver-secret", PASSWORD).await;
    desk.click("#slip-submit").await;
    desk.wait_text("#slip-error", "特批须由客服主管或经理本人核准").await;
    desk.fill("#slip-approver", "supervisor").await;
    desk.fill("#slip-approver-secret", PASSWORD).await;
    desk.screenshot("release-approval-at-desk-tablet").await;
    desk.click("#slip-submit").await;
    desk.wait_text(".slip-copy[data-copy='1'] .arrears-check", "经主管 李静 特批放行：业主已转账").await;
    desk.wait_text(".slip-copy[data-copy='2'] .arrears-check", "李静").await;
    desk.wait_js(
        "no internal reason on copy 2",
        "return !document.querySelector(\".slip-copy[data-copy='2']\").textContent.includes('业主已转账')",
    )
    .await;
    desk.quit().await;
}
