//! Resident memory of the real `steward` process under bursts of wrong logins, printed as
//! figures: `cargo bench -p steward-server --bench login_memory`.
//!
//! Three bursts of 200 concurrent wrong logins, each from its own loopback address (so the
//! per-address throttle does not stop them before the password check). Argon2id takes
//! ~19 MiB per check; checks run two at a time with a short queue, so memory stays bounded
//! however many arrive (before: one blocking thread per check, 11.7 GB after three bursts).

use std::time::Duration;

fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
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
    let url = format!("http://127.0.0.1:{port}/api/auth/login");
    while reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.is_err() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let pid = server.id();
    println!("idle after start: {:.0} MiB resident", rss_mib(pid));
    for burst in 1..=3 {
        let tasks: Vec<_> = (0..200u32)
            .map(|n| {
                let url = url.clone();
                tokio::spawn(async move {
                    let local: std::net::IpAddr =
                        format!("127.0.{}.{}", 10 + n / 200, 2 + n % 200).parse().unwrap();
                    let client = reqwest::Client::builder().local_address(local).build().unwrap();
                    let body = serde_json::json!({"username": format!("guess{n}"), "password": "wrong"});
                    client.post(&url).json(&body).send().await.map(|r| r.status().as_u16()).unwrap_or(0)
                })
            })
            .collect();
        let mut answers = std::collections::BTreeMap::<u16, u32>::new();
        for t in tasks {
            *answers.entry(t.await.unwrap()).or_default() += 1;
        }
        println!("burst {burst} of 200 wrong logins: answers {answers:?}, {:.0} MiB resident", rss_mib(pid));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!("idle after the bursts: {:.0} MiB resident", rss_mib(pid));
    let _ = server.kill();
    let _ = server.wait();
}
