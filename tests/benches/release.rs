//! The gate's check of a goods-release slip, printed as figures (not a timed test):
//! `cargo bench -p steward-tests --bench release` (needs the built SPA).
//!
//! A slip of 12 kinds of goods is issued over HTTP, signed on a tablet's key; a guard's
//! phone (headless Chromium at 390 × 844, CPU slowed 4× through the DevTools protocol, its
//! fake camera showing the slip's QR code) scans it 7 times. Measured in the page: from the
//! camera frame to the verdict (decoding the QR code and checking the signature against
//! the device keys held), and from the tap on 扫码 to the verdict on screen (the camera
//! starting included).

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{Browser, PHONE, Server};
use steward_domain::release::commands::NewSlip;
use steward_domain::release::issue::Applicant;
use steward_domain::release::pass::{DeviceSecret, PassItem, SlipPass};
use steward_domain::release::record::SlipItem;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{IssueReleaseSlip, RegisterDeviceKey};

const KEY: &str = "0190f5c2-7d1a-7000-8000-00000000be01";
const SLIP: &str = "0190f5c2-7d1a-7000-8000-00000000be02";
const GOODS: [&str; 12] = [
    "旧沙发",
    "双人床架",
    "床垫",
    "衣柜（拆件）",
    "冰箱",
    "洗衣机",
    "电视机",
    "书桌",
    "椅子",
    "纸箱",
    "台灯",
    "行李箱",
];

fn issue() -> (String, Vec<Mutation>) {
    let secret = DeviceSecret::from_bytes([11; 32]);
    let today = harness::property_today();
    let items: Vec<SlipItem> = GOODS
        .iter()
        .zip(1..)
        .map(|(n, q)| SlipItem { name: (*n).into(), quantity: q, photos: vec![] })
        .collect();
    let pass = SlipPass {
        slip_id: SLIP.into(),
        unit: "3栋-1502".into(),
        items: items.iter().map(|i| PassItem { name: i.name.clone(), quantity: i.quantity }).collect(),
        plate: Some("粤B12345".into()),
        from: today,
        until: today,
        key_id: KEY.into(),
    };
    let signed = secret.sign(pass);
    let text = signed.qr_text();
    let slip = NewSlip {
        unit: "3栋-1502".into(),
        applicant: Applicant::Owner { name: "杨艳".into() },
        items,
        plate: Some("粤B12345".into()),
        from: today,
        until: today,
        decoration_id: None,
        arrears_override: None,
        pass: signed,
    };
    let register = Mutation::RegisterDeviceKey(RegisterDeviceKey {
        id: KEY.into(),
        public_hex: secret.public_hex(),
        label: "前台平板".into(),
        device_id: None,
    });
    (text, vec![register, Mutation::IssueReleaseSlip(IssueReleaseSlip { id: SLIP.into(), slip })])
}

/// The code as a printed picture: 4 pixels a module, with its quiet zone.
fn picture(text: &str) -> (Vec<u8>, usize) {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let (modules, scale, quiet) = (code.width(), 4usize, 4usize);
    let side = (modules + 2 * quiet) * scale;
    let colors = code.to_colors();
    let mut grey = vec![255u8; side * side];
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = ((x / scale).wrapping_sub(quiet), (y / scale).wrapping_sub(quiet));
            if mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark {
                grey[y * side + x] = 0;
            }
        }
    }
    println!(
        "the slip's code: {} bytes, {modules} × {modules} modules (version {:?})",
        text.len(),
        code.version()
    );
    (grey, side)
}

const MEASURE_JS: &str = r#"
const done = arguments[0];
const t0 = performance.now();
document.querySelector('#gate-scan').click();
const poll = () => {
  const r = document.querySelector('#gate-result');
  if (r) { requestAnimationFrame(() => done([performance.now() - t0, parseFloat(r.dataset.scanMs || '-1'), r.dataset.verdict])); return; }
  if (performance.now() - t0 > 30000) { done([-1, -1, 'none']); return; }
  requestAnimationFrame(poll);
};
poll();
"#;

#[tokio::main]
async fn main() {
    let server = Server::start();
    let (text, mutations) = issue();
    harness::push_as(&server, "desk", mutations).await;
    let (grey, side) = picture(&text);
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("slip.y4m");
    harness::still_video(&video, &grey, side);
    let gate = Browser::with_camera(&video).await;
    gate.resize(PHONE).await;
    gate.login(&server, "guard").await;
    gate.wait("#home-gate").await;
    gate.goto(&server.url("/release/gate")).await;
    gate.wait("#gate-scan").await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    gate.cdp("Emulation.setCPUThrottlingRate", serde_json::json!({ "rate": 4 })).await;
    let (mut frame_to_verdict, mut tap_to_verdict) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let v = gate.client.execute_async(MEASURE_JS, vec![]).await.unwrap();
        let (tap, frame, verdict) =
            (v[0].as_f64().unwrap(), v[1].as_f64().unwrap(), v[2].as_str().unwrap_or_default().to_string());
        assert!(tap >= 0.0 && frame >= 0.0, "the slip was not read: {v}");
        assert_eq!(verdict, "Valid", "the slip checks out");
        frame_to_verdict.push(frame);
        tap_to_verdict.push(tap);
        gate.click("#gate-next").await;
    }
    frame_to_verdict.sort_by(f64::total_cmp);
    tap_to_verdict.sort_by(f64::total_cmp);
    println!(
        "gate phone (390×844, CPU ×4): camera frame → verdict (QR decode + signature check): median {:.0} ms, worst {:.0} ms; tap 扫码 → verdict on screen: median {:.0} ms, worst {:.0} ms",
        frame_to_verdict[3], frame_to_verdict[6], tap_to_verdict[3], tap_to_verdict[6]
    );
    println!("FIGURE gate_frame_to_verdict_cpu4x_ms {:.0}", frame_to_verdict[3]);
    println!("FIGURE gate_tap_to_verdict_cpu4x_ms {:.0}", tap_to_verdict[3]);
    gate.screenshot("bench-release-gate-phone").await;
    gate.quit().await;
}
