//! Decorations with today's patrols, and the open notices above them.

use super::notices::Notices;
use super::status_text;
use crate::decorations;
use crate::i18n::*;
use crate::sync::use_sync;
use leptos::prelude::*;
use leptos_router::components::A;
use steward_domain::decoration::coverage::patrolled;

#[component]
pub fn DecorationList() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let session = crate::session::use_session();
    view! {
        <section class="page" id="decorations">
            <div class="page-head">
                <h1>{t!(i18n, decorations.title)}</h1>
                <Show when=move || session.me.get().is_some_and(|m| m.role.runs_the_desk())>
                    <A href="/decorations/new" attr:class="button primary" attr:id="new-decoration">{t!(i18n, decorations.new)}</A>
                </Show>
            </div>
            <Notices />
            <ul class="cards" id="decoration-list">
                {move || {
                    let patrols = decorations::patrols(engine);
                    let all = decorations::decorations(engine);
                    if all.is_empty() {
                        return view! { <li class="hint">{t!(i18n, decorations.none)}</li> }.into_any();
                    }
                    all.into_iter().map(|(id, d, pending)| {
                        let today = decorations::patrolled_today(&patrols, &id);
                        let needs = patrolled(&d);
                        let href = format!("/decorations/{id}/patrol");
                        let detail = format!("/decorations/{id}");
                        view! {
                            <li class="card decoration" class:pending=pending>
                                <div class="page-head">
                                    <h2><A href=detail>{d.unit.clone()}</A></h2>
                                    <span class="status">{status_text(i18n, d.progress.status)}</span>
                                    {needs.then(|| decorations::coverage_today(&patrols, &id).into_iter().map(|(role, done)| {
                                        let class = if done { "tag ok" } else { "tag" };
                                        view! { <span class=class>{move || crate::layout::role_name(i18n, role)} {if done { " ✓" } else { " ✗" }}</span> }
                                    }).collect_view())}
                                    {needs.then(|| if today > 0 {
                                        view! { <span class="tag ok">{t_string!(i18n, decorations.patrolled_today).replace("{n}", &today.to_string())}</span> }.into_any()
                                    } else {
                                        view! { <span class="tag urgent">{t!(i18n, decorations.not_patrolled)}</span> }.into_any()
                                    })}
                                </div>
                                <p>{d.owner.clone()} " · " {d.contractor.clone()}</p>
                                <p class="hint">{t!(i18n, decorations.period)} ": " {d.planned_start.clone()} " – " {d.planned_end.clone()} " · " {t!(i18n, decorations.hours)} " " {d.working_hours.clone()}</p>
                                {needs.then(|| view! { <A href=href attr:class="button primary">{t!(i18n, decorations.patrol)}</A> })}
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
        </section>
    }
}
