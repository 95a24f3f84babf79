use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The session's `Set-Cookie` (a login also sets the trusted-browser cookie).
fn session_cookie(r: &reqwest::Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("steward_session="))
        .expect("a session cookie")
}

#[tokio::test]
async fn login_sets_a_strict_httponly_cookie_and_registers_the_device() {
    let app = spawn_app().await;
    let client = app.browser();
    let r = app.login(&client, "desk", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = session_cookie(&r);
    assert!(cookie.starts_with("steward_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http must not get a Secure cookie: {cookie}");
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["role"], "receptionist");
    let device = me["device_id"].as_str().unwrap().to_string();

    let me2: Value = client.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me2["username"], "desk");
    assert_eq!(me2["device_id"], device.as_str());

    // Logging in again from the same install keeps its device; another user gets a new one.
    let again = |user: &'static str| {
        let client = app.browser();
        let device = device.clone();
        let url = app.url("/api/auth/login");
        async move {
            let body = json!({"username": user, "password": PASSWORD, "device_id": device});
            let v: Value = client.post(url).json(&body).send().await.unwrap().json().await.unwrap();
            v["device_id"].as_str().unwrap().to_string()
        }
    };
    assert_eq!(again("desk").await, device);
    assert_ne!(again("guard").await, device);
    assert_eq!(app.count("SELECT count(*) FROM devices"), 2);
    // Logging in again on a device (unlocking the counter tablet) ends its session before.
    let sessions = format!("SELECT count(*) FROM sessions WHERE device_id = '{device}'");
    assert_eq!(app.count(&sessions), 1);
}

#[tokio::test]
async fn tls_behind_a_proxy_makes_the_cookie_secure() {
    let app = spawn_app().await;
    let r = app
        .browser()
        .post(app.url("/api/auth/login"))
        .header("x-forwarded-proto", "https")
        .json(&json!({"username": "desk", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(session_cookie(&r).contains("Secure"));
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let app = spawn_app().await;
    let client = app.browser();
    let a = expect_error(
        app.login(&client, "desk", "wrong-password").await,
        StatusCode::UNAUTHORIZED,
        "bad_credentials",
    )
    .await;
    let b = expect_error(
        app.login(&client, "nobody", "wrong-password").await,
        StatusCode::UNAUTHORIZED,
        "bad_credentials",
    )
    .await;
    assert_eq!(a, b);
    let r = client.get(app.url("/api/auth/me")).send().await.unwrap();
    expect_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn guessing_is_throttled_but_the_real_user_elsewhere_still_logs_in() {
    let app = spawn_app().await;
    let attacker = app.browser();
    for _ in 0..steward_domain::throttle::FREE_FAILURES_PER_ACCOUNT {
        let r = app.login(&attacker, "desk", "guess-guess").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password is not checked while throttled.
    let r = app.login(&attacker, "desk", PASSWORD).await;
    assert!(r.headers().contains_key("retry-after"));
    let body = expect_error(r, StatusCode::TOO_MANY_REQUESTS, "throttled").await;
    assert!(body["error"]["retry_after_secs"].as_u64().unwrap() >= 1);

    let tablet = app.browser_from("127.0.0.2");
    assert_eq!(app.login(&tablet, "desk", PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let client = app.browser();
    let r = app.login(&client, "desk", PASSWORD).await;
    let cookie = session_cookie(&r).split(';').next().unwrap().to_string();
    let r = client.post(app.url("/api/auth/logout")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // A copy of the old cookie (say, stolen before logout) no longer works.
    let r = app.browser().get(app.url("/api/auth/me")).header("cookie", cookie).send().await.unwrap();
    expect_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    assert_eq!(app.count("SELECT count(*) FROM sessions"), 0);
}

/// 100 parallel guesses for one account from one address: the attempts are reserved before
/// any password is checked, so only the policy's free tries are checked at all.
#[tokio::test]
async fn parallel_guesses_cannot_race_the_throttle() {
    let app = spawn_app().await;
    let client = app.browser();
    let guesses = (0..100).map(|n| {
        let (client, url) = (client.clone(), app.url("/api/auth/login"));
        async move {
            let body = json!({"username": "desk", "password": format!("guess-{n}")});
            client.post(url).json(&body).send().await.unwrap().status()
        }
    });
    let answers = futures_join_all(guesses).await;
    let checked = answers.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    assert_eq!(checked, steward_domain::throttle::FREE_FAILURES_PER_ACCOUNT as usize, "{answers:?}");
    assert!(answers.iter().all(|s| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS));
}

/// Password checks run two at a time with a short queue; a burst from many addresses is
/// answered (wrong password, or "busy, retry") without one thread and 19 MiB per request.
#[tokio::test]
async fn a_burst_of_wrong_logins_from_many_addresses_is_bounded() {
    let app = spawn_app().await;
    let guesses = (0..120).map(|n| {
        let client = app.browser_from(&format!("127.0.{}.{}", 1 + n / 200, 2 + n % 200));
        let url = app.url("/api/auth/login");
        async move {
            let body = json!({"username": format!("nobody{n}"), "password": "wrong"});
            client.post(url).json(&body).send().await.unwrap().status()
        }
    });
    let answers = futures_join_all(guesses).await;
    let busy = answers.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(busy > 0, "no check was refused as busy: every one ran at once");
    assert!(answers.iter().all(|s| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS));
    // The real user is not locked out once the burst is over.
    let r = app.login(&app.browser_from("127.0.9.9"), "desk", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
}

async fn futures_join_all<F: std::future::Future<Output = StatusCode> + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<StatusCode> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

/// Behind the TLS proxy every request comes from one address: the throttle must count the
/// clients the proxy names, and believe no one else's header.
#[tokio::test]
async fn behind_a_trusted_proxy_an_attacker_does_not_lock_everyone_out() {
    let app = spawn_app_with(|c| c.trusted_proxy = Some("127.0.0.1".parse().unwrap())).await;
    let via_proxy = |client_ip: &str, user: &str, password: &str| {
        let c = app.browser();
        let body = json!({"username": user, "password": password});
        let req =
            c.post(app.url("/api/auth/login")).header("x-forwarded-for", format!("203.0.113.9, {client_ip}"));
        async move { req.json(&body).send().await.unwrap().status() }
    };
    for n in 0..40 {
        let _ = via_proxy("198.51.100.66", &format!("junk{n}"), "x").await;
    }
    assert_eq!(
        via_proxy("198.51.100.66", "desk", "x").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the attacker waits"
    );
    assert_eq!(
        via_proxy("198.51.100.7", "desk", PASSWORD).await,
        StatusCode::OK,
        "the receptionist does not"
    );
    // Someone who is not the proxy cannot pick an address to hide behind.
    let spoofer = app.browser_from("127.0.0.5");
    for n in 0..40 {
        let body = json!({"username": format!("junk{n}"), "password": "x"});
        let fresh = format!("192.0.2.{n}");
        let _ = spoofer
            .post(app.url("/api/auth/login"))
            .header("x-forwarded-for", fresh)
            .json(&body)
            .send()
            .await;
    }
    let r = spoofer
        .post(app.url("/api/auth/login"))
        .header("x-forwarded-for", "192.0.2.200")
        .json(&json!({"username": "x", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "its own address is counted");
}

/// A lost phone: the user signs out everywhere, or the admin does it for them.
#[tokio::test]
async fn sign_out_everywhere_by_the_user_and_by_the_admin() {
    let app = spawn_app().await;
    let (tablet, phone) = (app.logged_in("desk").await, app.logged_in("desk").await);
    let guard = app.logged_in("guard").await;
    let me = |c: &reqwest::Client| {
        let (c, url) = (c.clone(), app.url("/api/auth/me"));
        async move { c.get(url).send().await.unwrap().status() }
    };
    let r = tablet.post(app.url("/api/auth/logout-everywhere")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&phone).await, StatusCode::UNAUTHORIZED, "the other device is signed out too");
    assert_eq!(me(&guard).await, StatusCode::OK, "other users are not");
    let guard_id: i64 = app.count("SELECT id FROM users WHERE username = 'guard'");
    let url = app.url(&format!("/api/users/{guard_id}/logout-everywhere"));
    let desk = app.logged_in("desk").await;
    assert_eq!(desk.post(&url).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let admin = app.logged_in("admin").await;
    assert_eq!(admin.post(&url).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&guard).await, StatusCode::UNAUTHORIZED);
}

/// OWASP's device cookie: strangers' failures at the counter's address (one NAT, one
/// proxy) do not keep out a receptionist whose browser has logged in before; the cookie
/// itself is no way around the throttle (five wrong passwords through it and it is
/// trusted no more, parallel guesses included), and signing out everywhere ends it.
#[tokio::test]
async fn a_browser_that_logged_in_before_is_not_locked_out_by_strangers_at_its_address() {
    let app = spawn_app().await;
    let tablet = app.browser();
    let r = app.login(&tablet, "desk", PASSWORD).await;
    let trust = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("steward_trust_"))
        .expect("a trust cookie");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/api/auth/login"] {
        assert!(trust.contains(part), "{trust}");
    }
    let stranger = app.browser();
    for n in 0..40 {
        let _ = app.login(&stranger, &format!("junk{n}"), "x").await;
    }
    for _ in 0..6 {
        let _ = app.login(&stranger, "desk", "guess").await;
    }
    assert_eq!(app.login(&stranger, "desk", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.login(&app.browser(), "desk", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    let r = app.login(&tablet, "desk", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK, "the known tablet");
    let renewed = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("steward_trust_"))
        .expect("a new trust cookie");
    assert_ne!(renewed.split(';').next(), trust.split(';').next(), "a trust token is used once");

    // Guessing through a cookie, in parallel (from an address with a clean record, so the
    // count does not depend on how long the strangers' waits last): five are checked
    // through the cookie, five more are the address's own free tries, the rest wait; the
    // cookie is trusted no more.
    let guesser = app.browser_from("127.0.0.4");
    assert_eq!(app.login(&guesser, "desk", PASSWORD).await.status(), StatusCode::OK);
    let guesses = (0..20).map(|n| {
        let (client, url) = (guesser.clone(), app.url("/api/auth/login"));
        async move {
            let body = json!({"username": "desk", "password": format!("guess-{n}")});
            client.post(url).json(&body).send().await.unwrap().status()
        }
    });
    let answers = futures_join_all(guesses).await;
    let checked = answers.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let per_account = steward_domain::throttle::FREE_FAILURES_PER_ACCOUNT as usize;
    assert_eq!(checked, 5 + per_account, "{answers:?}");
    let spent = "SELECT count(*) FROM trusted_browsers WHERE failures = 5";
    assert_eq!(app.count(spent), 1, "the guessed-through cookie is trusted no more");

    // A lost tablet: signing out everywhere takes its trust away too.
    let phone = app.browser_from("127.0.0.3");
    assert_eq!(app.login(&phone, "desk", PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(app.count("SELECT count(*) FROM trusted_browsers"), 3);
    phone.post(app.url("/api/auth/logout-everywhere")).send().await.unwrap();
    assert_eq!(app.count("SELECT count(*) FROM trusted_browsers"), 0);
}

/// The shared counter tablet: its screen locks after 10 idle minutes (the app reads it from
/// `Me`) and its session lasts a shift; a patrol officer's own phone keeps two weeks.
#[tokio::test]
async fn the_counter_tablet_locks_when_idle_and_its_session_lasts_a_shift() {
    let app = spawn_app().await;
    for (user, lock, hours) in [("desk", Some(600), 12), ("admin", Some(900), 12), ("patrol", None, 14 * 24)]
    {
        let client = app.browser();
        let me: serde_json::Value = app.login(&client, user, PASSWORD).await.json().await.unwrap();
        assert_eq!(me["idle_lock_secs"].as_u64(), lock, "{user}");
        let sql = format!(
            "SELECT CAST(round((julianday(s.expires_at) - julianday(s.created_at)) * 24) AS INTEGER)
               FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = '{user}'"
        );
        assert_eq!(app.count(&sql), hours, "{user}");
    }
}

/// An account keeps at most 20 live sessions: a sign-in beyond them ends the oldest.
#[tokio::test]
async fn sessions_per_account_are_bounded_the_oldest_ending_first() {
    let app = spawn_app().await;
    let first = app.logged_in("desk").await;
    let mut later = Vec::new();
    for _ in 0..steward_server::db::users::SESSIONS_PER_ACCOUNT {
        later.push(app.logged_in("desk").await);
    }
    let sessions = app
        .count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'desk'");
    assert_eq!(sessions, steward_server::db::users::SESSIONS_PER_ACCOUNT);
    assert_eq!(
        first.get(app.url("/api/auth/me")).send().await.unwrap().status(),
        reqwest::StatusCode::UNAUTHORIZED,
        "the oldest ended"
    );
    assert_eq!(later[0].get(app.url("/api/auth/me")).send().await.unwrap().status(), reqwest::StatusCode::OK);
}

/// Guesses at one account from many addresses (each within its own budget) meet the
/// account's: at most 20 are checked, the rest told to wait — while the account's own
/// browser, trusted from an earlier sign-in, still gets in at once.
#[tokio::test]
async fn guesses_at_one_account_from_many_addresses_are_slowed_and_its_browser_still_gets_in() {
    let app = spawn_app().await;
    let own = app.logged_in("engineer").await;
    let mut checked = 0;
    let mut waited = 0;
    for a in 0..30u8 {
        let stranger = app.browser_from(&format!("127.0.1.{a}"));
        for _ in 0..3 {
            match app.login(&stranger, "engineer", "not the password").await.status() {
                reqwest::StatusCode::UNAUTHORIZED => checked += 1,
                reqwest::StatusCode::TOO_MANY_REQUESTS => waited += 1,
                other => panic!("{other}"),
            }
        }
    }
    assert_eq!(
        (checked, waited),
        (
            steward_domain::throttle::FREE_FAILURES_PER_NAME as usize,
            90 - steward_domain::throttle::FREE_FAILURES_PER_NAME as usize
        )
    );
    let started = std::time::Instant::now();
    assert_eq!(
        app.login(&own, "engineer", PASSWORD).await.status(),
        reqwest::StatusCode::OK,
        "its trusted browser"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
}
