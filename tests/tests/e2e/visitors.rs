//! 来访登记 end to end. At the desk: an owner's do-not-admit instruction is set; a visitor is
//! registered, the host's call recorded, admitted (on the handover while inside) and signed
//! out; with the tablet offline, the listed person typed with a space in the name is flagged
//! as typed, cannot be admitted, and is recorded as turned away. Across devices: a day pass issued at the desk and printed;
//! a guard's phone, offline, reads it from its camera, admits the visitor once and refuses
//! the second scan; a pass for yesterday is refused by an offline phone as expired.

use crate::harness::*;
use base64::Engine as _;
use steward_domain::release::pass::DeviceSecret;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{IssueDayPass, RegisterDeviceKey};
use steward_domain::visit::day_pass::DayPassCode;

/// The printed pass's QR code drawn by the browser at `side` pixels, greyscale.
async fn printed_pass_qr(desk: &Browser, side: usize) -> Vec<u8> {
    let script = "const done = arguments[arguments.length - 1]; const side = arguments[0];\
        const svg = document.querySelector('#pass-print .pass-qr svg');\
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

const INSIDE: &str = "#visits-inside li[data-visitor='韩梅梅']";

#[tokio::test(flavor = "multi_thread")]
async fn a_visitor_is_admitted_on_the_hosts_call_and_signed_out_and_a_listed_one_is_refused_offline() {
    let mut server = Server::start();
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/visitors']").await;
    desk.wait("#visit-form").await;

    // The owner of 3栋-1502 asks the desk not to admit 张伟.
    desk.fill("#block-unit", "3-1502").await;
    desk.fill("#block-name", "张伟").await;
    desk.fill("#block-reason", "业主要求：家庭纠纷").await;
    desk.fill("#block-owner", "李明").await;
    desk.set_value("#block-until", &(property_today() + chrono::Days::new(30)).to_string()).await;
    desk.click("#block-add").await;
    desk.wait_text("#visit-blocks li.visit-block[data-unit='3栋-1502']", "张伟").await;

    // A visitor: the host called and agreed, so the visitor goes up.
    desk.fill("#visit-name", "韩梅梅").await;
    desk.fill("#visit-phone", "139 1234 5678").await;
    desk.fill("#ticket-unit", "3-1502").await;
    desk.fill("#visit-host", "李明").await;
    desk.fill("#visit-purpose", "探亲").await;
    desk.fill("#visit-companions", "1").await;
    desk.fill("#visit-host-phone", "13800001502").await;
    desk.fill("#visit-answered-by", "李明").await;
    desk.click("#visit-admit").await;
    desk.wait_text(INSIDE, "韩梅梅 → 3栋-1502（李明） +1").await;
    desk.wait_text(INSIDE, "探亲 · 139****5678 · 电话确认 138****1502 李明").await;
    desk.wait_text(INSIDE, "· 放行").await;
    desk.wait_js("the form emptied", "return document.querySelector('#visit-name').value === ''").await;
    desk.screenshot("visitors-inside-tablet").await;
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    let stored = server_count(
        &server,
        "SELECT count(*) FROM records WHERE kind = 'visit' AND json_extract(body, '$.phone') = '13912345678' \
         AND json_extract(body, '$.confirmation.answer.phone') = '13800001502' AND json_extract(body, '$.companions') = 1",
    );
    assert_eq!(stored, 1, "every field typed is stored");

    // Still inside at the end of the shift: on the handover.
    desk.goto(&server.url("/handover")).await;
    desk.wait_text("#handover-items", "韩梅梅 → 3栋-1502").await;
    desk.goto(&server.url("/visitors")).await;
    desk.click(&format!("{INSIDE} .visit-exit")).await;
    desk.wait_text("#visits-done li[data-visitor='韩梅梅']", "离开").await;
    desk.wait_js("synced", "return !document.querySelector('#pending-count')").await;
    desk.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;

    // Offline: the listed person, typed with a space, is refused as typed; nothing is queued.
    server.kill();
    desk.goto(&server.url("/visitors")).await;
    desk.wait_text("#net-status", "离线").await;
    desk.fill("#ticket-unit", "3栋-1502").await;
    desk.fill("#visit-name", "张 伟").await;
    desk.wait_text("#visit-blocked", "拒绝来访").await;
    desk.wait_text("#visit-blocked", "业主要求：家庭纠纷").await;
    desk.wait_js("no admitting", "return document.querySelector('#visit-admit').disabled").await;
    desk.fill("#visit-purpose", "送东西").await;
    desk.wait_js("no waiting either", "return document.querySelector('#visit-wait').disabled").await;
    // Turned away, the attempt is on record with the list's reason (the owner may ask).
    desk.click("#visit-refuse").await;
    desk.wait_text("#visits-done", "业主拒绝：拒绝来访名单：业主要求：家庭纠纷").await;
    desk.wait_js("kept for the server", "return !!document.querySelector('#pending-count')").await;
    desk.screenshot("visitors-do-not-admit-offline-tablet").await;
    desk.quit().await;
}

fn server_count(server: &Server, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(&server.db_path).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_day_pass_admits_once_at_an_offline_gate_and_not_after_its_day() {
    let mut server = Server::start();
    // A pass for yesterday, from a tablet of its own (the server takes a day-old pass: a desk
    // offline overnight sends it in the morning).
    let secret = DeviceSecret::from_bytes([11; 32]);
    let key_id = "0190f5c2-7d1a-7000-8000-0000000000f1".to_string();
    let old_id = "0190f5c2-7d1a-7000-8000-0000000000f2".to_string();
    let yesterday = property_today() - chrono::Days::new(1);
    let code = DayPassCode {
        pass_id: old_id.clone(),
        unit: "3栋-1502".into(),
        visitor_name: "李雷".into(),
        day: yesterday,
        key_id: key_id.clone(),
    }
    .sign(&secret);
    push_as(
        &server,
        "desk",
        vec![
            Mutation::RegisterDeviceKey(RegisterDeviceKey {
                id: key_id,
                public_hex: secret.public_hex(),
                label: "前台平板 2".into(),
                device_id: None,
            }),
            Mutation::IssueDayPass(IssueDayPass {
                id: old_id.clone(),
                unit: "3栋-1502".into(),
                visitor_name: "李雷".into(),
                phone: None,
                host: "李明".into(),
                purpose: "送文件".into(),
                day: yesterday,
                companions: 0,
                plate: None,
                code,
            }),
        ],
    )
    .await;

    // The owner calls: the desk issues today's pass and prints it.
    let desk = Browser::launch().await;
    desk.login(&server, "desk").await;
    desk.wait("#home-counter").await;
    desk.click(".tile.ready a[href='/visitors']").await;
    desk.fill("#pass-name", "韩梅梅").await;
    desk.fill("#pass-unit", "3-1502").await;
    desk.fill("#pass-host", "李明").await;
    desk.fill("#pass-purpose", "送文件").await;
    desk.fill("#pass-companions", "1").await;
    desk.fill("#pass-plate", "粤b12345").await;
    desk.wait_js("the device key registered", "return !document.querySelector('#pending-count')").await;
    desk.click("#pass-issue").await;
    desk.wait_text("#pass-print #pass-visitor", "韩梅梅").await;
    desk.wait_text("#pass-print #pass-valid", &property_today().to_string()).await;
    desk.wait_text("#pass-print #pass-plate-printed", "粤B12345").await;
    desk.screenshot("visitor-pass-printed-tablet").await;
    let side = 400;
    let today_qr = printed_pass_qr(&desk, side).await;
    desk.wait_js("the pass synced", "return !document.querySelector('#pending-count')").await;
    desk.goto(&server.url(&format!("/visitors/pass/{old_id}"))).await;
    desk.wait_text("#pass-print #pass-visitor", "李雷").await;
    let old_qr = printed_pass_qr(&desk, side).await;
    desk.quit().await;

    // Two guard phones, synced once, then offline in the gatehouse: each camera shows a pass.
    let dir = tempfile::tempdir().unwrap();
    let (today_video, old_video) = (dir.path().join("today.y4m"), dir.path().join("old.y4m"));
    still_video(&today_video, &today_qr, side);
    still_video(&old_video, &old_qr, side);
    let gate = Browser::with_camera(&today_video).await;
    let night = Browser::with_camera(&old_video).await;
    for phone in [&gate, &night] {
        phone.resize(PHONE).await;
        phone.login(&server, "guard").await;
        phone.wait("#home-gate").await;
        phone.click(".tile.ready a[href='/release/gate']").await;
        phone.wait("#gate-scan").await;
        phone.wait_js("service worker in control", "return !!navigator.serviceWorker.controller").await;
        phone.wait_js("caught up", "return !document.querySelector('#pending-count')").await;
    }
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    server.kill();
    gate.wait_text("#net-status", "离线").await;
    gate.click("#gate-scan").await;
    gate.wait_text("#pass-verdict", "有效").await;
    gate.wait_text("#pass-visitor-name", "韩梅梅").await;
    gate.wait_text("#pass-visitor-unit", "3栋-1502").await;
    gate.screenshot("visitor-pass-valid-phone").await;
    gate.click("#pass-admit").await;
    gate.wait_text("#pass-done", "已放行").await;
    gate.click("#gate-next").await;
    gate.click("#gate-scan").await;
    gate.wait_text("#pass-verdict", "已使用").await;
    gate.wait_text("#pass-verdict", "赵军").await;
    gate.wait_js("no second admission offered", "return !document.querySelector('#pass-admit')").await;
    gate.screenshot("visitor-pass-used-phone").await;

    night.wait_text("#net-status", "离线").await;
    night.click("#gate-scan").await;
    night.wait_text("#pass-verdict", "已过期").await;
    night.wait_js("no admission offered", "return !document.querySelector('#pass-admit')").await;
    night.quit().await;

    // Back online, the entry reaches the server once; the visitor is inside.
    server.restart();
    gate.wait_js("the entry synced", "return !document.querySelector('#pending-count')").await;
    let entries = server_count(
        &server,
        "SELECT count(*) FROM records WHERE kind = 'visit' AND json_extract(body, '$.at_gate') = 1",
    );
    assert_eq!(entries, 1);
    gate.goto(&server.url("/visitors")).await;
    gate.wait_text("#visits-inside li[data-visitor='韩梅梅']", "预约通行证").await;
    gate.wait_text("#visits-inside li[data-visitor='韩梅梅']", "（李明） +1 · 粤B12345").await;
    gate.quit().await;
}
