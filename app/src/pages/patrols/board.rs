//! The coverage board (巡查看板): today's rounds of each public-area route, the vacant units
//! due for their check, each decoration's daily patrols and engineering's periodic one, and
//! the open and overdue rectification notices. Phones start a patrol from here.

use crate::decorations;
use crate::i18n::*;
use crate::patrols;
use crate::session::use_session;
use crate::sync::use_sync;
use leptos::prelude::*;
use leptos_router::components::A;
use steward_domain::decoration::coverage::{daily_coverage, patrolled};
use steward_domain::decoration::violation::{NoticeTally, tally};
use steward_domain::patrol::board::{Due, engineering_due, route_rounds, vacant_checks};

fn due_text(i18n: leptos_i18n::I18nContext<Locale>, due: Due) -> (&'static str, String) {
    match due {
        Due::Done { next } => {
            ("tag ok", t_string!(i18n, patrols.next_on).replace("{date}", &next.format("%m-%d").to_string()))
        }
        Due::Due => ("tag plan", t_string!(i18n, patrols.due_today).to_string()),
        Due::Overdue { days } => {
            ("tag urgent", t_string!(i18n, patrols.overdue).replace("{n}", &days.to_string()))
        }
    }
}

#[component]
pub fn PatrolBoard() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let session = use_session();
    let directory = crate::directory::use_directory();
    let manager = move || session.me.get().is_some_and(|m| m.role == steward_domain::Role::Manager);
    view! {
        <section class="page" id="patrol-board">
            <div class="page-head">
                <h1>{t!(i18n, patrols.board)}</h1>
                <Show when=manager>
                    <A href="/patrols/plan" attr:class="button" attr:id="edit-plan">{t!(i18n, patrols.plan)}</A>
                </Show>
            </div>
            {move || {
                let today = crate::clock::today();
                let settings = patrols::settings(engine);
                let plan = settings.patrols;
                let all = decorations::patrols(engine);
                let walked: Vec<_> = all.iter().map(|(_, p, _)| p).collect();
                let rounds = route_rounds(&plan, walked.iter().copied(), today);
                let checkpoints = |key: &str| plan.route(key).map(|r| r.checkpoints.iter().map(|c| c.label.as_str()).collect::<Vec<_>>().join(" · ")).unwrap_or_default();
                let vacant = directory.with(|d| patrols::vacant_units(d));
                let checks = vacant_checks(&plan, &vacant, walked.iter().copied(), today);
                let now = crate::clock::now_utc();
                let notices = decorations::notices(engine);
                let NoticeTally { open, overdue } = tally(notices.iter().map(|(_, n, _)| (n.status, n.deadline.as_str())), now);
                // The day's report (SPEC.md §3): every patrol walked today, newest first.
                let mut report: Vec<_> = walked.iter().filter(|p| p.at.local_day() == today).copied().cloned().collect();
                report.sort_by(|a, b| b.at.cmp(&a.at));
                let hot_work: Vec<_> = patrols::hot_work(engine).into_iter().filter(|(_, p, _)| p.approved_on(today)).collect();
                let under_way: Vec<_> = decorations::decorations(engine).into_iter().filter(|(_, d, _)| patrolled(d)).collect();
                view! {
                    <h2>{t!(i18n, patrols.routes)}</h2>
                    <ul class="cards" id="route-board">
                        {rounds.into_iter().map(|r| {
                            let complete = r.done >= r.required;
                            let href = format!("/patrols/route/{}", r.key);
                            view! {
                                <li class="card route" id=format!("route-{}", r.key)>
                                    <div class="page-head">
                                        <h3>{r.name.clone()}</h3>
                                        <span class=if complete { "tag ok rounds" } else { "tag urgent rounds" }>
                                            {t_string!(i18n, patrols.rounds).replace("{done}", &r.done.to_string()).replace("{required}", &r.required.to_string())}
                                        </span>
                                    </div>
                                    <p class="checkpoints">{checkpoints(&r.key)}</p>
                                    <A href=href attr:class="button primary">{t!(i18n, patrols.start)}</A>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <h2>{t!(i18n, patrols.decorations)}</h2>
                    <ul class="cards" id="decoration-board">
                        {under_way.is_empty().then(|| view! { <li class="hint">{t!(i18n, decorations.none)}</li> })}
                        {under_way.into_iter().map(|(id, d, _)| {
                            let coverage = daily_coverage(walked.iter().copied(), &id, today);
                            let (class, text) = due_text(i18n, engineering_due(&plan, walked.iter().copied(), &id, d.permit_day(), today));
                            let href = format!("/decorations/{id}/patrol");
                            view! {
                                <li class="card">
                                    <div class="page-head">
                                        <h3>{d.unit.clone()}</h3>
                                        {coverage.into_iter().map(|(role, done)| view! {
                                            <span class=if done { "tag ok" } else { "tag urgent" }>{crate::layout::role_name(i18n, role)} {if done { " ✓" } else { " ✗" }}</span>
                                        }).collect_view()}
                                        <span class=class>{crate::layout::role_name(i18n, steward_domain::Role::Engineering)} " " {text}</span>
                                    </div>
                                    <A href=href attr:class="button primary">{t!(i18n, decorations.patrol)}</A>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {(!hot_work.is_empty()).then(|| view! {
                        <h2>{t!(i18n, hot_work.today)}</h2>
                        <ul class="rows" id="hot-work-board">
                            {hot_work.into_iter().map(|(_, p, _)| {
                                let href = format!("/decorations/{}/patrol", p.application.decoration_id);
                                view! {
                                    <li class="row">
                                        <strong>{p.unit.clone()}</strong>
                                        <span>{p.application.work.clone()} " " {p.application.hours.clone()}</span>
                                        <A href=href attr:class="button">{t!(i18n, patrols.check)}</A>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    <p id="notice-board">
                        <A href="/decorations">{t_string!(i18n, patrols.notices).replace("{open}", &open.to_string()).replace("{overdue}", &overdue.to_string())}</A>
                    </p>
                    <h2>{t!(i18n, patrols.report)}</h2>
                    <ol class="log" id="patrol-report">
                        {report.is_empty().then(|| view! { <li class="hint">{t!(i18n, patrols.none_today)}</li> })}
                        {report.into_iter().map(|p| {
                            let failed: Vec<String> = p.failures().into_iter().map(|(what, note)| format!("{}：{note}", crate::ticket_text::checklist_words(i18n, &what))).collect();
                            view! {
                                <li>
                                    <div class="log-meta">
                                        <strong>{p.unit.clone()}</strong>
                                        <span>{p.by_name.clone()} " · " {crate::layout::role_name(i18n, p.role)}</span>
                                        <time>{crate::ticket_text::short_time(&p.at)}</time>
                                        {if failed.is_empty() {
                                            view! { <span class="tag ok">{t!(i18n, patrols.all_passed)}</span> }.into_any()
                                        } else {
                                            view! { <span class="tag urgent">{t_string!(i18n, patrols.failed_n).replace("{n}", &failed.len().to_string())}</span> }.into_any()
                                        }}
                                        {(!p.ticket_ids.is_empty()).then(|| view! { <span class="tag">{t_string!(i18n, patrols.tickets_n).replace("{n}", &p.ticket_ids.len().to_string())}</span> })}
                                    </div>
                                    {(!failed.is_empty()).then(|| view! { <p class="hint">{failed.join("；")}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <h2>{t!(i18n, patrols.vacant)} " · " {t_string!(i18n, patrols.every).replace("{n}", &plan.vacant_every_days.to_string())}</h2>
                    <ul class="rows" id="vacant-board">
                        {checks.is_empty().then(|| view! { <li class="hint">{t!(i18n, patrols.no_vacant)}</li> })}
                        {checks.into_iter().map(|(unit, due)| {
                            let (class, text) = due_text(i18n, due);
                            let href = format!("/patrols/vacant?unit={}", js_sys::encode_uri_component(&unit));
                            view! {
                                <li class="row vacant">
                                    <strong>{unit.clone()}</strong>
                                    <span class=class>{text}</span>
                                    <A href=href attr:class="button">{t!(i18n, patrols.check)}</A>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
