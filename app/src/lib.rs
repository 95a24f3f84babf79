//! Steward's SPA: the counter tablet, patrol phone and back-office screens.
//!
//! Logic lives outside components: `api` talks HTTP, `session` remembers who is logged in
//! (so the app opens offline), `connectivity` knows whether the server is reachable, and
//! `pages` only lay out what those provide.

// Generates `i18n` from `locales/*.json`. The macro is deprecated in favour of build.rs
// codegen, which pulls in icu_provider_source (minutes of compile on two cores) for
// formatting we do not use; the macro generates the same module.
#[allow(deprecated)]
mod i18n_module {
    leptos_i18n::load_locales!();
}
pub use i18n_module::i18n;

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod connectivity;
pub mod csv_file;
pub mod decorations;
pub mod device_key;
pub mod directory;
pub mod drafts;
pub mod errors;
pub mod form_send;
pub mod idle_lock;
pub mod language;
pub mod layout;
pub mod pages;
pub mod patrols;
pub mod photos;
pub mod qr_scan;
pub mod roster;
pub mod screens;
pub mod session;
pub mod signature;
pub mod sync;
pub mod sync_text;
pub mod ticket_text;
pub mod tickets;

/// Mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    // The static owners' link in index.html stood in while the app loaded; the login page
    // carries its own.
    if let Some(el) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("owner-entry-static"))
    {
        el.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
