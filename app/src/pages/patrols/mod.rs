//! Patrols: the supervisor's coverage board, the checklist a phone walks (decoration, route,
//! vacant unit) and the manager's patrol plan.

mod board;
mod plan;
mod walk;

pub use board::PatrolBoard;
pub use plan::PatrolPlanPage;

use crate::i18n::*;
use crate::patrols;
use crate::sync::use_sync;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use steward_domain::patrol::apply::{decoration_checklist, permits_on};
use steward_domain::patrol::subject::PatrolSubject;
use walk::PatrolWalk;

/// A decoration's patrol, with security's hot-work checks on a day with an issued permit.
#[component]
pub fn DecorationPatrol() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // Rebuilt only when the checklist itself changes, not on every sync.
    let walk = Memo::new(move |_| {
        let d = crate::decorations::one(engine, &id())?;
        let plan = patrols::settings(engine).patrols.decoration_checklist;
        let all = patrols::hot_work(engine);
        let permits: Vec<_> = permits_on(all.iter().map(|(_, p, _)| p), &id(), crate::clock::today())
            .into_iter()
            .cloned()
            .collect();
        Some((d.unit, decoration_checklist(&plan, !permits.is_empty()), permits))
    });
    move || {
        match walk.get() {
        None => view! { <section class="page"><p>{t!(i18n, decorations.none)}</p></section> }.into_any(),
        Some((unit, checklist, permits)) => view! {
            {(!permits.is_empty()).then(|| view! {
                <div class="card hot-work-today" id="hot-work-today">
                    <h2>{t!(i18n, hot_work.today)}</h2>
                    {permits.into_iter().map(|p| view! {
                        <p>{p.application.work.clone()} " · " {p.application.location.clone()} " · " {p.application.hours.clone()} " · " {t!(i18n, hot_work.watcher)} " " {p.application.fire_watcher.clone()}</p>
                    }).collect_view()}
                </div>
            })}
            <PatrolWalk subject=PatrolSubject::Decoration { decoration_id: id() } title=unit checklist back="/decorations" />
        }.into_any(),
    }
    }
}

/// A round of a public-area route.
#[component]
pub fn RoutePatrol() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let route = Memo::new(move |_| patrols::settings(engine).patrols.route(&key()).cloned());
    move || match route.get() {
        None => view! { <section class="page"><p>{t!(i18n, patrols.no_route)}</p></section> }.into_any(),
        Some(r) => {
            let subject = PatrolSubject::Route { route_key: r.key.clone(), route_name: r.name.clone() };
            view! { <PatrolWalk subject title=r.name checklist=r.checkpoints back="/patrols" /> }.into_any()
        }
    }
}

/// A vacant unit's periodic check (`/patrols/vacant?unit=2栋-304`).
#[component]
pub fn VacantCheck() -> impl IntoView {
    let engine = use_sync();
    let query = use_query_map();
    let unit = move || query.read().get("unit").unwrap_or_default();
    let checklist = Memo::new(move |_| patrols::settings(engine).patrols.vacant_checklist);
    move || {
        let subject = PatrolSubject::Vacant { vacant_unit: unit() };
        view! { <PatrolWalk subject title=unit() checklist=checklist.get() back="/patrols" /> }
    }
}
