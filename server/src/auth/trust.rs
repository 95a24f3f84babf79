//! The trusted-browser cookie: set at each successful login, one per user of the browser
//! (a shared counter tablet keeps one for each receptionist), sent only to the login
//! endpoint. Its token is random; the database keeps its hash (`db::trusted_browsers`).

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

const PREFIX: &str = "steward_trust_";
const DAYS: i64 = 180;
const PATH: &str = "/api/auth/login";

fn name(user_id: i64) -> String {
    format!("{PREFIX}{user_id}")
}

/// The hash of the token this browser holds for `user_id`, if any.
pub fn presented(jar: &CookieJar, user_id: i64) -> Option<Vec<u8>> {
    jar.get(&name(user_id)).map(|c| super::session::token_hash(c.value()))
}

/// A new token for `user_id` and the cookie that carries it.
pub fn issue(user_id: i64, secure: bool) -> (Vec<u8>, Cookie<'static>) {
    let token = super::session::new_token();
    let hash = super::session::token_hash(&token);
    let cookie = Cookie::build((name(user_id), token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path(PATH)
        .max_age(time::Duration::days(DAYS))
        .build();
    (hash, cookie)
}
