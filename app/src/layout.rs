//! The frame around every page: header (property, connectivity, language, user) and the
//! role's navigation; and `Guarded`, which keeps each home to the roles allowed on it.

use crate::api::{self, ApiFailure};
use crate::connectivity::use_connectivity;
use crate::i18n::*;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;
use steward_domain::ErrorCode;
use steward_domain::Role;
use steward_domain::role::Home;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let session = use_session();
    crate::language::sync_html_lang(use_i18n());
    // Confirm the remembered session with the server; offline, trust the device.
    spawn_local(async move {
        match api::me().await {
            Ok(me) => session.signed_in(me),
            Err(ApiFailure::Refused(d)) if d.code == ErrorCode::Unauthenticated => session.signed_out(),
            Err(_) => {}
        }
    });
    // A password the admin reset is replaced before anything else is done.
    let location = leptos_router::hooks::use_location();
    let to_account = use_navigate();
    Effect::new(move |_| {
        let must = session.me.get().is_some_and(|m| m.must_change_password);
        if must && location.pathname.get() != "/account" {
            to_account("/account", Default::default());
        }
    });
    let lock = crate::idle_lock::provide_idle_lock(Signal::derive(move || {
        session.me.get().and_then(|m| m.idle_lock_secs)
    }));
    // Locked: the page underneath is hidden (not just covered), so nothing on it can be
    // read or focused; it stays mounted, and what was typed is still there after unlocking.
    let locked = move || lock.locked.get() && session.me.get().is_some();
    view! {
        <Header />
        <OfflineBanner />
        <main id="main" hidden=locked>{children()}</main>
        <Show when=locked>
            <crate::pages::lock_screen::LockScreen />
        </Show>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let engine = crate::sync::use_sync();
    let online = use_connectivity().online;
    let navigate = use_navigate();
    let toggle_language = move |_| crate::language::toggle(i18n);
    let navigate_all = navigate.clone();
    let logout = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Offline the server session cannot be ended now; it expires on its own, and the
            // next login on this device replaces the cookie.
            let _ = api::logout().await;
            session.signed_out();
            navigate("/login", Default::default());
        });
    };
    let logout_everywhere = {
        let navigate = navigate_all;
        move |_| {
            if !crate::drafts::confirm(t_string!(i18n, logout_everywhere_confirm)) {
                return;
            }
            let navigate = navigate.clone();
            spawn_local(async move {
                if api::logout_everywhere().await.is_ok() {
                    session.signed_out();
                    navigate("/login", Default::default());
                }
            });
        }
    };
    view! {
        <header class="topbar">
            <div class="brand">
                <img src="/icons/icon-192.png" alt="" width="32" height="32" />
                <div>
                    <strong>{t!(i18n, app_name)}</strong>
                    <small>{move || session.me.get().map(|m| m.property_name)}</small>
                </div>
            </div>
            <div class="topbar-actions">
                {move || if engine.expired.get() {
                    // Reachable, but not for this session: not "online" to its user.
                    view! { <span id="net-status" class="pill offline">{t!(i18n, sync.expired_pill)}</span> }.into_any()
                } else {
                    view! { <span id="net-status" class=move || if online.get() { "pill online" } else { "pill offline" }>
                        {move || if online.get() { t_string!(i18n, online) } else { t_string!(i18n, offline) }}
                    </span> }.into_any()
                }}
                <SyncStatus />
                <button id="lang-toggle" class="ghost" on:click=toggle_language>{t!(i18n, language)}</button>
                <Show when=move || session.me.get().is_some()>
                    <A href="/account" attr:class="who" attr:id="account-link" attr:title=move || t_string!(i18n, account.title)>
                        {move || session.me.get().map(|m| m.display_name)}
                        <small>{move || session.me.get().map(|m| role_name(i18n, m.role))}</small>
                    </A>
                    <button id="logout" class="ghost" on:click=logout.clone()>{t!(i18n, logout)}</button>
                    <button id="logout-everywhere" class="ghost" on:click=logout_everywhere.clone()>{t!(i18n, logout_everywhere)}</button>
                </Show>
            </div>
        </header>
        <Nav />
    }
}

/// "待同步 (3)" while changes wait for the server; "需处理 (1)" when it refused some.
#[component]
fn SyncStatus() -> impl IntoView {
    let i18n = use_i18n();
    let engine = crate::sync::use_sync();
    view! {
        {move || {
            let n = engine.pending_count();
            (n > 0).then(|| view! { <span id="pending-count" class="pill waiting">{t_string!(i18n, sync.waiting)} " " {n}</span> })
        }}
        {move || {
            let n = engine.photos_waiting.get();
            (n > 0).then(|| view! { <span id="photos-waiting" class="pill waiting">{t_string!(i18n, photos.waiting).replace("{n}", &n.to_string())}</span> })
        }}
        {move || {
            let n = engine.needs_attention().len();
            (n > 0).then(|| view! { <A href="/attention" attr:id="attention-count" attr:class="pill attention">{t_string!(i18n, sync.needs_attention)} " " {n}</A> })
        }}
    }
}

#[component]
fn OfflineBanner() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_connectivity().online;
    let engine = crate::sync::use_sync();
    let other_tab = engine.other_tab;
    let session = crate::session::use_session();
    let navigate = leptos_router::hooks::use_navigate();
    view! {
        <Show when=move || other_tab.get()>
            <p class="banner offline" role="alert" id="other-tab">{t!(i18n, sync.other_tab)}</p>
        </Show>
        <Show when=move || engine.expired.get()>
            <p class="banner offline" role="alert" id="session-expired">
                {move || t_string!(i18n, sync.expired).replace("{n}", &engine.pending_count().to_string())} " "
                <button type="button" class="primary" id="sign-in-again" on:click={
                    let navigate = navigate.clone();
                    move |_| {
                        // The outbox stays in this device's store; signing in again as the
                        // same person on this device sends it.
                        session.signed_out();
                        navigate("/login", Default::default());
                    }
                }>{t!(i18n, sync.sign_in_again)}</button>
            </p>
        </Show>
        <Show when=move || !online.get()>
            <p class="banner offline" role="status">{t!(i18n, offline_note)}</p>
        </Show>
    }
}

/// The pages a role may open, in the order they work.
fn nav_items(role: Role) -> Vec<(&'static str, NavLabel)> {
    let mut items: Vec<(&'static str, NavLabel)> = [
        (Home::Dashboard, NavLabel::Dashboard),
        (Home::Counter, NavLabel::Counter),
        (Home::Patrol, NavLabel::Patrol),
        (Home::WorkOrders, NavLabel::WorkOrders),
        (Home::Gate, NavLabel::Gate),
        (Home::Admin, NavLabel::Users),
    ]
    .into_iter()
    .filter(|(home, _)| home.allows(role))
    .map(|(home, label)| (home.path(), label))
    .collect();
    if steward_domain::sync::Kind::Ticket.visible_to(role) {
        items.push(("/tickets", NavLabel::Tickets));
    }
    if steward_domain::sync::Kind::Decoration.visible_to(role) {
        items.push(("/decorations", NavLabel::Decorations));
    }
    if steward_domain::sync::Kind::DutyLogEntry.visible_to(role) {
        items.push(("/duty-log", NavLabel::DutyLog));
    }
    if role.runs_the_desk() {
        items.push(("/arrears", NavLabel::Arrears));
        items.push(("/release", NavLabel::Release));
    }
    if role == Role::Security {
        items.push(("/release/gate", NavLabel::Release));
    }
    if steward_domain::sync::Kind::Visit.visible_to(role) {
        items.push(("/visitors", NavLabel::Visitors));
    }
    if steward_domain::sync::Kind::DeskItem.visible_to(role) {
        items.push(("/deposits", NavLabel::Deposits));
    }
    if steward_domain::sync::Kind::Announcement.visible_to(role) {
        items.push(("/announcements", NavLabel::Notices));
    }
    if steward_domain::sync::Kind::Survey.visible_to(role) {
        items.push(("/surveys", NavLabel::Surveys));
    }
    if Home::Admin.allows(role) {
        items.push(("/admin/units", NavLabel::Units));
    }
    items
}

#[derive(Clone, Copy)]
enum NavLabel {
    Decorations,
    Visitors,
    Deposits,
    Notices,
    Surveys,
    Dashboard,
    Counter,
    Patrol,
    WorkOrders,
    Gate,
    Users,
    Units,
    DutyLog,
    Tickets,
    Arrears,
    Release,
}

#[component]
fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let label = move |l: NavLabel| match l {
        NavLabel::Dashboard => t_string!(i18n, nav.dashboard),
        NavLabel::Counter => t_string!(i18n, nav.counter),
        NavLabel::Patrol => t_string!(i18n, nav.patrol),
        NavLabel::WorkOrders => t_string!(i18n, nav.work_orders),
        NavLabel::Gate => t_string!(i18n, nav.gate),
        NavLabel::Users => t_string!(i18n, nav.users),
        NavLabel::Units => t_string!(i18n, nav.units),
        NavLabel::DutyLog => t_string!(i18n, nav.duty_log),
        NavLabel::Tickets => t_string!(i18n, nav.tickets),
        NavLabel::Decorations => t_string!(i18n, nav.decorations),
        NavLabel::Arrears => t_string!(i18n, nav.arrears),
        NavLabel::Release => t_string!(i18n, nav.release),
        NavLabel::Visitors => t_string!(i18n, nav.visitors),
        NavLabel::Deposits => t_string!(i18n, nav.deposits),
        NavLabel::Notices => t_string!(i18n, nav.notices),
        NavLabel::Surveys => t_string!(i18n, nav.surveys),
    };
    move || {
        let items = session.me.get().map(|m| nav_items(m.role)).unwrap_or_default();
        (items.len() > 1).then(|| {
            view! {
                <nav class="tabs">
                    {items
                        .into_iter()
                        .map(|(path, l)| view! { <A href=path>{move || label(l)}</A> })
                        .collect_view()}
                </nav>
            }
        })
    }
}

pub fn role_name(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::Receptionist => t_string!(i18n, roles.receptionist),
        Role::Supervisor => t_string!(i18n, roles.supervisor),
        Role::Manager => t_string!(i18n, roles.manager),
        Role::Patrol => t_string!(i18n, roles.patrol),
        Role::Engineering => t_string!(i18n, roles.engineering),
        Role::Security => t_string!(i18n, roles.security),
        Role::Admin => t_string!(i18n, roles.admin),
    }
}

/// Shows `children` only to roles allowed on `home`; others go to their own home.
#[component]
pub fn Guarded(home: Home, children: ChildrenFn) -> impl IntoView {
    guard(move |role| home.allows(role), children)
}

/// Shows `children` only to roles `allow` accepts.
#[component]
pub fn GuardedBy(allow: fn(Role) -> bool, children: ChildrenFn) -> impl IntoView {
    guard(allow, children)
}

fn guard(allow: impl Fn(Role) -> bool + Send + Sync + 'static, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    // Only who is signed in decides: a fresh profile for the same person (after unlocking
    // the screen, a renamed property) must not rebuild the page and lose what was typed.
    let role = Memo::new(move |_| session.me.get().map(|m| m.role));
    move || match role.get() {
        None => view! { <Redirect path="/login" /> }.into_any(),
        Some(role) if !allow(role) => view! { <Redirect path=role.home().path() /> }.into_any(),
        Some(_) => children().into_any(),
    }
}

/// Prints just the element `id` (a permit, a receipt) rather than the whole screen: the
/// print stylesheet hides everything but `.print-target` while `body.print-one` is set.
pub fn print_only(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Some(body), Some(target)) = (document.body(), document.get_element_by_id(id)) else { return };
    let _ = body.class_list().add_1("print-one");
    let _ = target.class_list().add_1("print-target");
    // `print()` returns once the dialog closes.
    let _ = web_sys::window().map(|w| w.print());
    let _ = body.class_list().remove_1("print-one");
    let _ = target.class_list().remove_1("print-target");
}
