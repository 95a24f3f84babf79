//! How long a desk's push waits while the admin imports a large unit register, printed as
//! figures: `cargo bench -p steward-server --bench import_while_pushing`.
//!
//! The real `steward` binary; an ~6 MiB CSV of 200,000 units with owners is imported while
//! a desk device pushes one duty-log entry every 20 ms. The import is written in parts of
//! 500 rows, so a push waits for at most one part (before: the whole file in one
//! transaction held every push for up to 2.4 s).

use std::time::{Duration, Instant};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::AppendDutyLog;
use steward_domain::sync::protocol::{Numbered, PushRequest};

fn register(rows: u32) -> String {
    let mut csv = String::from("楼栋,房号,业主姓名,联系电话\n");
    let (surnames, given) = (["王", "李", "张", "刘", "陈"], ["伟", "芳", "娜", "敏", "静", "强"]);
    for n in 0..rows {
        let (b, floor, unit) = (10 + n / 3960, 1 + n % 3960 / 40, 1 + n % 40);
        let name =
            format!("{}{}{}", surnames[n as usize % 5], given[n as usize % 6], given[n as usize / 7 % 6]);
        csv.push_str(&format!("{b},{floor}{unit:02},{name},139{n:08}\n"));
    }
    csv
}

async fn login(base: &str, user: &str) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let body = serde_json::json!({"username": user, "password": "steward-demo"});
    let me: serde_json::Value =
        client.post(format!("{base}/api/auth/login")).json(&body).send().await.unwrap().json().await.unwrap();
    (client, me["device_id"].as_str().unwrap().to_string())
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--db")
        .arg(dir.path().join("steward.sqlite3"))
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("the steward binary");
    let base = format!("http://127.0.0.1:{port}");
    while reqwest::get(format!("{base}/healthz")).await.is_err() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (admin, _) = login(&base, "admin").await;
    let (desk, device) = login(&base, "desk").await;
    let csv = register(200_000);
    let size = csv.len();
    let started = Instant::now();
    let import = tokio::spawn({
        let url = format!("{base}/api/units/import");
        async move {
            let r = admin.post(url).header("content-type", "text/csv").body(csv).send().await.unwrap();
            (r.status(), started.elapsed())
        }
    });
    let mut waits = Vec::new();
    let mut id = 0;
    while !import.is_finished() {
        id += 1;
        let body = PushRequest {
            client_id: device.clone(),
            mutations: vec![Numbered {
                id,
                mutation: Mutation::AppendDutyLog(AppendDutyLog {
                    id: uuid::Uuid::now_v7().to_string(),
                    text: format!("导入期间第 {id} 条"),
                    corrects: None,
                    written_at: None,
                }),
            }],
        };
        let sent = Instant::now();
        let r = desk.post(format!("{base}/api/sync/push")).json(&body).send().await.unwrap();
        assert!(r.status().is_success(), "push {id}: {}", r.status());
        waits.push(sent.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (status, took) = import.await.unwrap();
    assert!(status.is_success(), "import: {status}");
    waits.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "import of 200,000 units ({:.1} MiB): {:.0} ms; {} pushes meanwhile: median {:.1} ms, \
         slowest {:.1} ms",
        size as f64 / 1048576.0,
        ms(took),
        waits.len(),
        ms(waits[waits.len() / 2]),
        ms(*waits.last().unwrap()),
    );
    let _ = server.kill();
    let _ = server.wait();
}
