//! Each role's home: what that role does here, as tiles. The tiles name the work the
//! coming issues build (tickets, patrols, keys…); they are marked, not faked.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
fn HomePage(
    id: &'static str,
    title: String,
    intro: String,
    tiles: Vec<(String, Option<&'static str>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page home" id=id>
            <h1>{title}</h1>
            <p class="intro">{intro}</p>
            <ul class="tiles">
                {tiles
                    .into_iter()
                    .map(|(label, href)| match href {
                        Some(href) => view! {
                            <li class="tile ready"><a href=href>{label}</a></li>
                        }.into_any(),
                        None => view! {
                            <li class="tile" aria-disabled="true">
                                <span>{label}</span>
                                <small>{t!(i18n, home.coming)}</small>
                            </li>
                        }.into_any(),
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

macro_rules! home {
    ($name:ident, $id:literal, $title:ident, $intro:ident, [$($tile:ident $(=> $href:literal)?),*]) => {
        #[component]
        pub fn $name() -> impl IntoView {
            let i18n = use_i18n();
            move || view! {
                <HomePage
                    id=$id
                    title=t_string!(i18n, home.$title).to_string()
                    intro=t_string!(i18n, home.$intro).to_string()
                    tiles=vec![$((t_string!(i18n, home.tiles.$tile).to_string(), None $(.or(Some($href)))?)),*]
                />
            }
        }
    };
}

home!(
    CounterTiles,
    "home-counter",
    counter_title,
    counter_intro,
    [ticket => "/tickets/new", visitor => "/visitors", key => "/keys", release => "/release", deposits => "/deposits", notices => "/announcements", surveys => "/surveys", decoration => "/decorations", arrears => "/arrears", duty_log => "/duty-log", handover => "/handover"]
);
/// The desk: its tiles, keys overdue or waiting, and the shift's log so far.
#[component]
pub fn Counter() -> impl IntoView {
    view! {
        <CounterTiles />
        <super::shift_desk::KeyAlerts />
        <super::shift_desk::ShiftLog />
    }
}

home!(PatrolTiles, "home-patrol", patrol_title, patrol_intro, [decoration_patrol => "/decorations", public_patrol => "/patrols", vacant_patrol => "/patrols", arrears_visits => "/arrears", notices_door => "/announcements", surveys_door => "/surveys"]);
home!(WorkOrderTiles, "home-work-orders", work_orders_title, work_orders_intro, [my_orders => "/tickets", escalations => "/escalations", patrol_board => "/patrols", liaison => "/announcements"]);

/// A patrol phone: its tiles and the key loans its officer takes part in.
#[component]
pub fn Patrol() -> impl IntoView {
    view! {
        <PatrolTiles />
        <super::keys::MyKeyLoans />
    }
}

/// Engineering lands on its department's queue, with its count (and the key loans it takes
/// part in).
#[component]
pub fn WorkOrders() -> impl IntoView {
    view! {
        <WorkOrderTiles />
        <super::keys::MyKeyLoans />
        <super::tickets::TicketList initial=super::tickets::ListFilter::MyDepartment />
    }
}
home!(Gate, "home-gate", gate_title, gate_intro, [check_slip => "/release/gate", visitor => "/visitors", liaison => "/announcements", release_day => "/release/day", escalations => "/escalations", decoration_patrol => "/decorations", hot_work => "/patrols", duty_log => "/duty-log", handover => "/handover"]);
home!(
    DashboardTiles,
    "home-dashboard",
    dashboard_title,
    dashboard_intro,
    [escalations => "/escalations", daily_review => "/review", approvals => "/decorations", deposits => "/deposits", notices => "/announcements", surveys => "/surveys", keys => "/keys", arrears => "/arrears", release => "/release", patrol_board => "/patrols", duty_log => "/duty-log", reports => "/reports"]
);

/// Supervisors and managers first see the escalated (major/urgent) tickets that still need
/// their handling plan.
#[component]
pub fn Dashboard() -> impl IntoView {
    view! {
        <DashboardTiles />
        <super::shift_desk::UnsignedDays />
        <super::shift_desk::HandoverAlerts />
        <super::held_changes::HeldChanges />
        <super::shift_desk::KeyAlerts />
        <super::tickets::TicketList initial=super::tickets::ListFilter::NeedsPlan />
    }
}
