//! A patrol with 20 camera photos of 3–5 MB each, on a phone-sized Chromium, printed as
//! figures (not a timed test). `cargo bench -p steward-tests --bench photos` (needs the
//! built SPA; `scripts/bench.sh` runs it).
//!
//! Reports: the camera files' sizes; the time to shrink them on the device; the stored size
//! after resizing; the time to save the patrol; the time and bytes to upload them over an
//! emulated weak connection (1.5 Mbit/s up, 150 ms); the JS heap before and after.

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{Browser, DECORATION, PHONE, Server, decoration_under_way};
use std::time::{Duration, Instant};

const PHOTOS: usize = 20;

/// Makes the `n`th camera-like JPEG (4032×3024, noisy enough to weigh 3–5 MB) and answers
/// it as base64, for the bench to save as a file like those a phone's picker hands over.
const CAMERA_JS: &str = r#"
const [n, done] = arguments;
const c = document.createElement('canvas');
c.width = 4032; c.height = 3024;
const g = c.getContext('2d');
const img = g.createImageData(c.width, c.height);
let seed = 12345 + n;
for (let i = 0; i < img.data.length; i += 4) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  const x = (i / 4) % c.width, y = Math.floor(i / 4 / c.width);
  img.data[i] = ((x >> 3) + (seed & 31)) & 255;
  img.data[i + 1] = ((y >> 3) + ((seed >> 6) & 31)) & 255;
  img.data[i + 2] = (((x ^ y) >> 4) + ((seed >> 12) & 31)) & 255;
  img.data[i + 3] = 255;
}
g.putImageData(img, 0, 0);
c.toBlob((blob) => {
  const fr = new FileReader();
  fr.onload = () => done(fr.result.split(',')[1]);
  fr.readAsDataURL(blob);
}, 'image/jpeg', 0.9);
"#;

async fn heap(b: &Browser) -> f64 {
    let m = b.cdp("Performance.getMetrics", serde_json::json!({})).await;
    let used = m["metrics"].as_array().unwrap().iter().find(|x| x["name"] == "JSHeapUsedSize").unwrap();
    used["value"].as_f64().unwrap() / 1_048_576.0
}

async fn wait_js(b: &Browser, script: &str, limit: Duration) -> Duration {
    let start = Instant::now();
    while b.client.execute(script, vec![]).await.unwrap() != serde_json::Value::Bool(true) {
        if start.elapsed() > limit {
            let alert = b
                .client
                .execute("return (document.querySelector('[role=alert]') || {}).innerText || ''", vec![])
                .await;
            panic!("timed out: {script} (on the page: {alert:?})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    start.elapsed()
}

#[tokio::main]
async fn main() {
    let server = Server::start();
    decoration_under_way(&server).await;

    let phone = Browser::launch().await;
    phone.resize(PHONE).await;
    phone.login(&server, "patrol").await;
    phone.wait("#home-patrol").await;
    phone.goto(&server.url(&format!("/decorations/{DECORATION}/patrol"))).await;
    phone.wait("#item-facade").await;
    // Two failed items.
    for (item, note) in [("facade", "阳台外立面封窗未经批准"), ("load_bearing", "卫生间墙体开槽过深")]
    {
        phone.click(&format!("#item-{item} .fail")).await;
        phone.fill(&format!("#item-{item} .note"), note).await;
    }

    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for n in 0..PHOTOS {
        use base64::Engine;
        let b64 = phone.client.execute_async(CAMERA_JS, vec![n.into()]).await.unwrap();
        let bytes = base64::engine::general_purpose::STANDARD.decode(b64.as_str().unwrap()).unwrap();
        let path = dir.path().join(format!("IMG_{n:04}.jpg"));
        std::fs::write(&path, bytes).unwrap();
        files.push(path);
    }
    let sizes: Vec<f64> =
        files.iter().map(|f| std::fs::metadata(f).unwrap().len() as f64 / 1_048_576.0).collect();
    // The camera files are made: measure the app from here, after a collection.
    phone.cdp("Performance.enable", serde_json::json!({})).await;
    phone.cdp("HeapProfiler.collectGarbage", serde_json::json!({})).await;
    let heap_before = heap(&phone).await;
    // Ten photos on each of two failed items, chosen as a phone's picker hands them over.
    let mut shrink = Duration::ZERO;
    for (item, batch) in ["facade", "load_bearing"].into_iter().zip(files.chunks(PHOTOS / 2)) {
        let paths: Vec<&std::path::Path> = batch.iter().map(|p| p.as_path()).collect();
        let start = Instant::now();
        phone.set_files(&format!("#photos-{item}"), &paths).await;
        wait_js(
            &phone,
            &format!(
                "return document.querySelectorAll('#item-{item} .photos img').length === {}",
                PHOTOS / 2
            ),
            Duration::from_secs(300),
        )
        .await;
        shrink += start.elapsed();
    }
    phone.cdp("HeapProfiler.collectGarbage", serde_json::json!({})).await;
    let heap_after = heap(&phone).await;
    // A weak connection from here on: the patrol is saved on the phone, then uploaded.
    {
        phone.cdp("Network.enable", serde_json::json!({})).await;
        phone
        .cdp(
            "Network.emulateNetworkConditions",
            serde_json::json!({"offline": false, "latency": 150, "downloadThroughput": 375000, "uploadThroughput": 187500}),
        )
        .await;
    }
    // Items start unanswered: the rest were looked at and passed.
    phone.pass_the_rest().await;
    let saved_at = Instant::now();
    phone.click("#patrol-submit").await;
    let save =
        wait_js(&phone, "return !!document.querySelector('#decorations')", Duration::from_secs(60)).await;
    let sync = wait_js(
        &phone,
        "return !document.querySelector('#pending-count') && !document.querySelector('#photos-waiting')",
        Duration::from_secs(600),
    )
    .await;
    let total = saved_at.elapsed();
    let c = rusqlite::Connection::open(&server.db_path).unwrap();
    let (count, stored): (i64, i64) = c
        .query_row("SELECT count(*), sum(length(bytes)) FROM photos", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(count as usize, PHOTOS, "every photo reached the server");
    let camera: f64 = sizes.iter().sum();
    println!(
        "{PHOTOS} camera photos: {:.1}–{:.1} MB each, {camera:.1} MB in all",
        sizes.iter().cloned().fold(f64::MAX, f64::min),
        sizes.iter().cloned().fold(0.0, f64::max)
    );
    println!(
        "shrunk on the phone to 1600 px JPEG: {:.2} s for all ({:.0} ms each); stored {:.2} MB in all ({:.0} KB each, {:.1}% of the camera's)",
        shrink.as_secs_f64(),
        shrink.as_secs_f64() * 1000.0 / PHOTOS as f64,
        stored as f64 / 1_048_576.0,
        stored as f64 / 1024.0 / PHOTOS as f64,
        stored as f64 / 1_048_576.0 / camera * 100.0
    );
    println!("JS heap: {heap_before:.1} MB before, {heap_after:.1} MB after preparing {PHOTOS} photos");
    println!(
        "saving the patrol on the phone: {:.0} ms; upload over 1.5 Mbit/s, 150 ms: {:.1} s ({:.1} s from tapping save), {:.2} MB of photos",
        save.as_secs_f64() * 1000.0,
        sync.as_secs_f64(),
        total.as_secs_f64(),
        stored as f64 / 1_048_576.0
    );
    phone.quit().await;
}
