//! 来访登记 on the desk's tablet and the guard's phone: a visitor registered and checked as
//! typed against the unit's do-not-admit list, the host's answer recorded before the visitor
//! goes up, those inside signed out; at the desk also the list itself and the day passes the
//! gate checks offline. The rules are the domain's (`steward_domain::visit`): these screens
//! gather and show.

use crate::i18n::*;
use crate::sync::{SyncEngine, use_sync};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use steward_domain::visit::Visit;

mod blocks;
mod gate_pass;
mod lists;
mod passes;
mod register;

pub use gate_pass::PassDecision;
pub use passes::PassPrint;

/// A server time as the property reads it, `14:32` (the day is the list's).
fn minute(at: &steward_domain::clock::Timestamp) -> String {
    at.utc().with_timezone(&steward_domain::clock::property_zone()).format("%H:%M").to_string()
}

/// Now, to the minute, in the property's time: what a `datetime-local` field starts at.
fn local_now_input() -> String {
    crate::clock::now_utc()
        .with_timezone(&steward_domain::clock::property_zone())
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// The visits this device holds, newest first, with whether each waits in the outbox.
fn visits(engine: SyncEngine) -> Vec<(String, Visit, bool)> {
    let mut all = engine.typed::<Visit>();
    all.sort_by(|a, b| b.1.time_in.cmp(&a.1.time_in));
    all
}

fn matched_text(i18n: I18nContext<Locale>, m: steward_domain::visit::block::Matched) -> &'static str {
    match m {
        steward_domain::visit::block::Matched::Name => t_string!(i18n, visitors.matched_name),
        steward_domain::visit::block::Matched::Phone => t_string!(i18n, visitors.matched_phone),
    }
}

#[component]
pub fn VisitorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = crate::session::use_session().me;
    let desk = move || me.get().is_some_and(|m| m.role.runs_the_desk());
    view! {
        <section class="page" id="visitors">
            <h1>{t!(i18n, visitors.title)}</h1>
            <p class="intro">{t!(i18n, visitors.intro)}</p>
            <register::RegisterForm />
            <lists::VisitLists />
            <Show when=desk>
                <passes::IssuePass />
                <blocks::Blocks />
            </Show>
        </section>
    }
}
