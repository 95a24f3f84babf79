//! The root component: context providers and the routes, one home per role.

use crate::connectivity::provide_connectivity;
use crate::i18n::*;
use crate::layout::{Guarded, GuardedBy, Shell};
use crate::pages::login::Login;
use crate::screens;
use crate::session::{Session, use_session};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use steward_domain::role::Home;

#[component]
pub fn App() -> impl IntoView {
    let session = Session::restore();
    provide_context(session);
    provide_connectivity();
    crate::sync::rules::prefetch();
    let engine = crate::sync::engine::provide_sync(Signal::derive(move || session.me.get()));
    // Tickets parsed once per change of the replica, whichever screen reads them first.
    let index = crate::tickets::use_index(engine);
    provide_context(index);
    // Kept current in the background (only changed tickets are re-read), so the first
    // list a user opens does not pay for parsing every ticket on the device.
    Effect::new(move |_| index.with(|i| i.0.len()));
    view! {
        // The sub-context starts from this device's saved language, not the browser's.
        <I18nContextProvider enable_cookie=false>
        <I18nSubContextProvider initial_locale=crate::language::saved()>
            <Router>
                <Shell>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Landing />
                        <Route path=path!("/login") view=Login />
                        <Route path=path!("/counter") view=|| view! { <Guarded home=Home::Counter>{screens::open(screens::counter)}</Guarded> } />
                        <Route path=path!("/patrol") view=|| view! { <Guarded home=Home::Patrol>{screens::open(screens::patrol_home)}</Guarded> } />
                        <Route path=path!("/work-orders") view=|| view! { <Guarded home=Home::WorkOrders>{screens::open(screens::work_orders)}</Guarded> } />
                        <Route path=path!("/gate") view=|| view! { <Guarded home=Home::Gate>{screens::open(screens::gate_home)}</Guarded> } />
                        <Route path=path!("/dashboard") view=|| view! { <Guarded home=Home::Dashboard>{screens::open(screens::dashboard)}</Guarded> } />
                        <Route path=path!("/tickets") view=|| view! { <GuardedBy allow=can_see_tickets>{screens::open(screens::ticket_list)}</GuardedBy> } />
                        <Route path=path!("/tickets/new") view=|| view! { <GuardedBy allow=can_see_tickets>{screens::open(screens::ticket_intake)}</GuardedBy> } />
                        <Route path=path!("/tickets/:id") view=|| view! { <GuardedBy allow=can_see_tickets>{screens::open(screens::ticket_detail)}</GuardedBy> } />
                        <Route path=path!("/decorations") view=|| view! { <GuardedBy allow=can_see_decorations>{screens::open(screens::decoration_list)}</GuardedBy> } />
                        <Route path=path!("/decorations/new") view=|| view! { <GuardedBy allow=can_see_decorations>{screens::open(screens::decoration_apply)}</GuardedBy> } />
                        <Route path=path!("/decorations/:id") view=|| view! { <GuardedBy allow=can_see_decorations>{screens::open(screens::decoration_detail)}</GuardedBy> } />
                        <Route path=path!("/decorations/:id/patrol") view=|| view! { <GuardedBy allow=can_see_decorations>{screens::open(screens::decoration_patrol)}</GuardedBy> } />
                        <Route path=path!("/notices/:id") view=|| view! { <GuardedBy allow=can_see_decorations>{screens::open(screens::notice_print)}</GuardedBy> } />
                        <Route path=path!("/patrols") view=|| view! { <GuardedBy allow=can_see_decorations>{screens::open(screens::patrol_board)}</GuardedBy> } />
                        <Route path=path!("/patrols/plan") view=|| view! { <GuardedBy allow=|r| r == steward_domain::Role::Manager>{screens::open(screens::patrol_plan)}</GuardedBy> } />
                        <Route path=path!("/patrols/route/:key") view=|| view! { <GuardedBy allow=can_see_decorations>{screens::open(screens::route_patrol)}</GuardedBy> } />
                        <Route path=path!("/patrols/vacant") view=|| view! { <GuardedBy allow=can_see_decorations>{screens::open(screens::vacant_check)}</GuardedBy> } />
                        <Route path=path!("/duty-log") view=|| view! { <GuardedBy allow=can_keep_duty_log>{screens::open(screens::duty_log_page)}</GuardedBy> } />
                        <Route path=path!("/handover") view=|| view! { <GuardedBy allow=can_hand_over>{screens::open(screens::handover_page)}</GuardedBy> } />
                        <Route path=path!("/keys") view=|| view! { <GuardedBy allow=can_see_keys>{screens::open(screens::key_cabinet)}</GuardedBy> } />
                        <Route path=path!("/arrears") view=|| view! { <GuardedBy allow=can_follow_arrears>{screens::open(screens::arrears_page)}</GuardedBy> } />
                        <Route path=path!("/arrears/:id/notice") view=|| view! { <GuardedBy allow=can_follow_arrears>{screens::open(screens::arrears_notice)}</GuardedBy> } />
                        <Route path=path!("/release") view=|| view! { <GuardedBy allow=|r| r.runs_the_desk()>{screens::open(screens::release_page)}</GuardedBy> } />
                        <Route path=path!("/release/gate") view=|| view! { <GuardedBy allow=|r| r == steward_domain::Role::Security>{screens::open(screens::release_gate)}</GuardedBy> } />
                        <Route path=path!("/release/day") view=|| view! { <GuardedBy allow=can_reconcile_release>{screens::open(screens::release_day)}</GuardedBy> } />
                        <Route path=path!("/release/:id/print") view=|| view! { <GuardedBy allow=|r| r.runs_the_desk()>{screens::open(screens::slip_print)}</GuardedBy> } />
                        <Route path=path!("/visitors") view=|| view! { <GuardedBy allow=|r| steward_domain::sync::Kind::Visit.visible_to(r)>{screens::open(screens::visitors_page)}</GuardedBy> } />
                        <Route path=path!("/visitors/pass/:id") view=|| view! { <GuardedBy allow=|r| r.runs_the_desk()>{screens::open(screens::pass_print)}</GuardedBy> } />
                        <Route path=path!("/deposits") view=|| view! { <GuardedBy allow=|r| steward_domain::sync::Kind::DeskItem.visible_to(r)>{screens::open(screens::deposits_page)}</GuardedBy> } />
                        <Route path=path!("/announcements") view=|| view! { <GuardedBy allow=|r| steward_domain::sync::Kind::Announcement.visible_to(r)>{screens::open(screens::notices_page)}</GuardedBy> } />
                        <Route path=path!("/announcements/:id") view=|| view! { <GuardedBy allow=|r| steward_domain::sync::Kind::Announcement.visible_to(r)>{screens::open(screens::notice_detail)}</GuardedBy> } />
                        <Route path=path!("/announcements/:id/print") view=|| view! { <GuardedBy allow=|r| steward_domain::sync::Kind::Announcement.visible_to(r)>{screens::open(screens::notice_poster)}</GuardedBy> } />
                        <Route path=path!("/surveys") view=|| view! { <GuardedBy allow=|r| steward_domain::sync::Kind::Survey.visible_to(r)>{screens::open(screens::surveys_page)}</GuardedBy> } />
                        <Route path=path!("/surveys/:id") view=|| view! { <GuardedBy allow=|r| steward_domain::sync::Kind::Survey.visible_to(r)>{screens::open(screens::survey_detail)}</GuardedBy> } />
                        <Route path=path!("/escalations") view=|| view! { <GuardedBy allow=steward_domain::ticket::overdue::has_a_list>{screens::open(screens::escalations)}</GuardedBy> } />
                        <Route path=path!("/review") view=|| view! { <GuardedBy allow=steward_domain::ticket::supervise::steers>{screens::open(screens::daily_review)}</GuardedBy> } />
                        <Route path=path!("/reports") view=|| view! { <GuardedBy allow=|r: steward_domain::Role| r.reviews_the_log()>{screens::open(screens::reports)}</GuardedBy> } />
                        <Route path=path!("/account") view=|| view! { <GuardedBy allow=|_| true>{screens::open(screens::account)}</GuardedBy> } />
                        <Route path=path!("/attention") view=|| view! { <GuardedBy allow=|_| true>{screens::open(screens::attention)}</GuardedBy> } />
                        <Route path=path!("/admin/users") view=|| view! { <Guarded home=Home::Admin>{screens::open(screens::admin_users)}</Guarded> } />
                        <Route path=path!("/admin/units") view=|| view! { <Guarded home=Home::Admin>{screens::open(screens::admin_units)}</Guarded> } />
                    </Routes>
                </Shell>
            </Router>
        </I18nSubContextProvider>
        </I18nContextProvider>
    }
}

fn can_see_tickets(role: steward_domain::Role) -> bool {
    steward_domain::sync::Kind::Ticket.visible_to(role)
}

fn can_see_decorations(role: steward_domain::Role) -> bool {
    steward_domain::sync::Kind::Decoration.visible_to(role)
}

fn can_hand_over(role: steward_domain::Role) -> bool {
    steward_domain::sync::Kind::Handover.visible_to(role)
}

fn can_see_keys(role: steward_domain::Role) -> bool {
    steward_domain::sync::Kind::Key.visible_to(role)
}

fn can_reconcile_release(role: steward_domain::Role) -> bool {
    steward_domain::sync::Kind::ReleaseSlip.visible_to(role)
}

fn can_follow_arrears(role: steward_domain::Role) -> bool {
    steward_domain::sync::Kind::ArrearsCase.visible_to(role)
}

fn can_keep_duty_log(role: steward_domain::Role) -> bool {
    steward_domain::sync::Kind::DutyLogEntry.visible_to(role)
}

/// `/`: the signed-in user's home, or the login page.
#[component]
fn Landing() -> impl IntoView {
    let session = use_session();
    move || match session.me.get() {
        Some(me) => view! { <Redirect path=me.role.home().path() /> }.into_any(),
        None => view! { <Redirect path="/login" /> }.into_any(),
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page narrow">
            <h1>{t!(i18n, not_found)}</h1>
            <a class="button" href="/">{t!(i18n, back_home)}</a>
        </section>
    }
}
