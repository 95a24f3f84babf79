//! Each screen behind a route, split into its own wasm chunk that the browser fetches the
//! first time the screen opens (the service worker keeps every chunk for offline use).
//! The shell every role downloads before its first screen holds only the session, the sync
//! engine, the layout and the login; a screen's own views come with it.
//!
//! `wasm_split` (the crate behind Leptos' `#[lazy]`) turns each function into an async one
//! whose body lives in its chunk; `scripts/build-app.sh` splits the module after linking.
//! A chunk that cannot be fetched (offline before the service worker kept it) is an error the
//! screen shows, never a panic: a panic would stop the whole app.

use leptos::prelude::*;

/// `chunk { name => its view; … }`: each becomes `async fn name() -> Result<AnyView, _>`,
/// and the screens of one chunk come together (fewer, larger files than one per screen).
/// Each role's home is a chunk of its own, so what a role downloads before its first screen
/// is the shell and its home.
macro_rules! screens {
    ($($chunk:ident { $($name:ident => $view:expr;)* })*) => {
        $($(
            #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
            pub fn $name() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                Ok($view.into_any())
            }
        )*)*
    };
}

/// The screen `load` fetches, or, if its chunk cannot be had, a page that says so and
/// offers to try again.
pub fn open<F>(load: fn() -> F) -> impl IntoView
where
    F: std::future::Future<Output = Result<AnyView, leptos::wasm_split::SplitLoaderError>> + 'static,
{
    let (attempt, set_attempt) = signal(0u32);
    move || {
        attempt.track();
        Suspend::new(send_wrapper::SendWrapper::new(async move {
            match load().await {
                Ok(screen) => screen,
                Err(_) => view! { <NotLoaded retry=move || set_attempt.update(|n| *n += 1) /> }.into_any(),
            }
        }))
    }
}

#[component]
fn NotLoaded(retry: impl Fn() + 'static) -> impl IntoView {
    use crate::i18n::*;
    let i18n = use_i18n();
    view! {
        <section class="page narrow" id="screen-not-loaded">
            <p class="error" role="alert">{t!(i18n, screen_not_loaded)}</p>
            <button class="button" on:click=move |_| retry()>{t!(i18n, screen_retry)}</button>
            " "
            <a class="button" href="/">{t!(i18n, back_home)}</a>
        </section>
    }
}

/// Asks for `role`'s home in one pack before the router opens it (a browser the service
/// worker does not serve yet: a new device's first sign-in; see scripts/pack-first.mjs).
pub fn preload_first(role: steward_domain::Role) {
    use steward_domain::role::Home;
    let chunk = match role.home() {
        Home::Counter => "desk_home",
        Home::Patrol => "patrol_phone_home",
        Home::WorkOrders => "work_orders_home",
        Home::Gate => "gate_phone_home",
        Home::Dashboard => "office_home",
        Home::Admin => return,
    };
    first_pack(chunk);
}

#[wasm_bindgen::prelude::wasm_bindgen(
    inline_js = "export function first_pack(name) { globalThis.__stewardFirst?.(name); }"
)]
extern "C" {
    /// Asks for the split point `name` and every chunk it needs in one pack.
    pub fn first_pack(name: &str);
}

use crate::pages::*;

screens! {
    desk_home { counter => view! { <homes::Counter /> }; }
    patrol_phone_home { patrol_home => view! { <homes::Patrol /> }; }
    gate_phone_home { gate_home => view! { <homes::Gate /> }; }
    work_orders_home { work_orders => view! { <homes::WorkOrders /> }; }
    office_home { dashboard => view! { <homes::Dashboard /> }; }
    ticket_screens {
        ticket_list => view! { <tickets::TicketList /> };
        ticket_intake => view! { <tickets::Intake /> };
        ticket_detail => view! { <tickets::TicketDetail /> };
        escalations => view! { <escalations::Escalations /> };
    }
    decoration_screens {
        decoration_list => view! { <decorations::DecorationList /> };
        decoration_apply => view! { <decorations::DecorationApply /> };
        decoration_detail => view! { <decorations::DecorationDetail /> };
        notice_print => view! { <decorations::NoticePrint /> };
    }
    patrol_screens {
        decoration_patrol => view! { <patrols::DecorationPatrol /> };
        patrol_board => view! { <patrols::PatrolBoard /> };
        route_patrol => view! { <patrols::RoutePatrol /> };
        vacant_check => view! { <patrols::VacantCheck /> };
    }
    ledger_screens {
        key_cabinet => view! { <keys::KeyCabinet /> };
        release_page => view! { <release::ReleasePage /> };
        slip_print => view! { <release::SlipPrint /> };
        release_day => view! { <release::ReleaseDay /> };
    }
    gate_check { release_gate => view! { <release::GatePage /> }; }
    visitor_screens {
        visitors_page => view! { <visitors::VisitorsPage /> };
        pass_print => view! { <visitors::PassPrint /> };
        deposits_page => view! { <deposits::DepositsPage /> };
    }
    notice_screens {
        notices_page => view! { <notices::NoticesPage /> };
        notice_detail => view! { <notices::NoticeDetail /> };
        notice_poster => view! { <notices::NoticePoster /> };
        surveys_page => view! { <surveys::SurveysPage /> };
        survey_detail => view! { <surveys::SurveyDetail /> };
    }
    shift_screens {
        duty_log_page => view! { <duty_log::DutyLog /> };
        handover_page => view! { <handover::HandoverPage /> };
        attention => view! { <attention::Attention /> };
        account => view! { <account::AccountPage /> };
    }
    arrears_screens {
        arrears_page => view! { <arrears::ArrearsPage /> };
        arrears_notice => view! { <arrears::ArrearsNotice /> };
    }
    office_screens {
        daily_review => view! { <review::DailyReview /> };
        reports => view! { <reports::ReportsPage /> };
        patrol_plan => view! { <patrols::PatrolPlanPage /> };
        admin_users => view! { <admin_users::AdminUsers /> };
        admin_units => view! { <admin_units::AdminUnits /> };
    }
}
