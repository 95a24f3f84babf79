//! Login → home on a desk tablet as a receptionist feels it, with the CPU slowed 4× (CDP),
//! printed as figures (not a timed test): `cargo bench -p steward-tests --bench login`
//! (needs the built SPA). Measured in the page from the tap on 登录 to the frame that shows
//! the counter's home, first on a fresh browser (the shell cached by the login page's own
//! load) and then again after signing out.

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{Browser, PASSWORD, Server};

const HOME: &str = "!!document.querySelector('#home-counter')";

async fn login_form(b: &Browser, server: &Server) {
    b.goto(&server.url("/login")).await;
    b.fill("#username", "desk").await;
    b.fill("#password", PASSWORD).await;
}

#[tokio::main]
async fn main() {
    let server = Server::start();
    let b = Browser::launch().await;
    b.cdp("Emulation.setCPUThrottlingRate", serde_json::json!({ "rate": 4 })).await;
    let mut times = Vec::new();
    for _ in 0..3 {
        login_form(&b, &server).await;
        times.push(b.measure("document.querySelector('#login-submit').click()", HOME).await);
        // Signed out again for the next round: the session cookie and the device's sign-in go.
        b.client.delete_all_cookies().await.unwrap();
        b.client.execute("localStorage.clear()", vec![]).await.unwrap();
    }
    let first = times[0];
    times.sort_by(f64::total_cmp);
    println!(
        "login → home, desk tablet, CPU slowed 4×: first {first:.0} ms; median {:.0} ms, worst {:.0} ms (budget < 500 ms)",
        times[1], times[2]
    );
    // The budget holds for every sign-in, the first (a cold server and page) included.
    println!("FIGURE login_home_cpu4x_ms {:.0}", times[2]);
    b.quit().await;
}
