//! Connections cannot exhaust the server: thousands of half-open requests (headers never
//! finished) from a few addresses are closed at once over the per-address cap or after the
//! header timeout, while `/healthz` and a staff login from another address answer within a
//! second; a keep-alive connection left idle is closed too.

use crate::helpers::*;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};
use steward_server::listen::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const HEADERS: Duration = Duration::from_secs(2);

async fn connect_from(from: Ipv4Addr, to: SocketAddr) -> Option<TcpStream> {
    let socket = TcpSocket::new_v4().ok()?;
    socket.bind(SocketAddr::new(IpAddr::V4(from), 0)).ok()?;
    socket.connect(to).await.ok()
}

/// Whether the server has closed `s` (end of stream, or reset) within `within`.
async fn closed(s: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 512];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // A response (to a finished request) before the close: keep reading.
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_open_connections_from_a_few_addresses_cannot_starve_the_staff() {
    let limits = Limits {
        headers: HEADERS,
        body: HEADERS,
        request: HEADERS * 2,
        connections: 2048,
        per_address: 64,
        ..Limits::default()
    };
    let app = spawn_app_limited(|_| {}, limits).await;
    // 4 addresses × 2,500 requests whose headers never end.
    let mut held = Vec::new();
    for a in 2..6u8 {
        for _ in 0..2_500 {
            if let Some(mut s) = connect_from(Ipv4Addr::new(127, 0, 0, a), app.addr).await {
                let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await;
                held.push(s);
            }
        }
    }
    assert!(held.len() > 9_000, "{} connected", held.len());

    // Staff elsewhere are answered at once.
    let staff = reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 9)))
        .cookie_store(true)
        .build()
        .unwrap();
    let started = Instant::now();
    let r = staff.get(app.url("/healthz")).timeout(Duration::from_secs(1)).send().await.unwrap();
    assert!(r.status().is_success());
    let r = staff
        .post(app.url("/api/auth/login"))
        .json(&serde_json::json!({"username": "desk", "password": PASSWORD}))
        .timeout(Duration::from_secs(1))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());

    // Every half-open connection is closed by the header timeout (or at once, over the cap).
    let sample: Vec<usize> = (0..held.len()).step_by(97).chain([0, 1, 2, held.len() - 1]).collect();
    for i in sample {
        assert!(closed(&mut held[i], HEADERS + Duration::from_secs(3)).await, "connection {i} still held");
    }

    // A keep-alive connection left idle after its request is closed too.
    let mut idle = connect_from(Ipv4Addr::new(127, 0, 0, 10), app.addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    assert!(closed(&mut idle, HEADERS + Duration::from_secs(3)).await, "idle keep-alive held");

    // A body that never arrives is given up on.
    let mut slow = connect_from(Ipv4Addr::new(127, 0, 0, 11), app.addr).await.unwrap();
    slow.write_all(b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{").await.unwrap();
    assert!(closed(&mut slow, HEADERS * 2 + Duration::from_secs(3)).await, "slow body held");

    // A body dripped a byte at a time (each within the body timeout) is cut at the request's.
    let drip = connect_from(Ipv4Addr::new(127, 0, 0, 12), app.addr).await.unwrap();
    let (mut read, mut write) = drip.into_split();
    write.write_all(b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n").await.unwrap();
    let dripping = tokio::spawn(async move {
        for _ in 0..20 {
            if write.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(900)).await;
        }
    });
    let answered = tokio::time::timeout(HEADERS * 2 + Duration::from_secs(4), async {
        let mut got = Vec::new();
        let mut buf = [0u8; 512];
        while !String::from_utf8_lossy(&got).starts_with("HTTP/1.1 408") {
            match read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&got).to_string()
    })
    .await;
    assert!(
        answered.as_deref().is_ok_and(|a| a.starts_with("HTTP/1.1 408")),
        "a dripped body held the connection: {answered:?}"
    );
    dripping.abort();
}
