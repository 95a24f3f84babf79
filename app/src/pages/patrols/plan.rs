//! The manager's patrol plan: the decoration and vacant-unit checklists, the public-area
//! routes (checkpoints, rounds a day), how often engineering and vacant checks come round,
//! the holidays the deposit refund's working days skip, and how many weeks devices keep
//! finished records. Checklists are typed one item per line, `!` in front of a major one.

use crate::i18n::*;
use crate::patrols;
use crate::sync::use_sync;
use crate::sync_text::refusal_text;
use leptos::prelude::*;
use std::collections::BTreeSet;
use steward_domain::decoration::checklist::ChecklistItem;
use steward_domain::patrol::plan::{PatrolPlan, PlanError, Route, fresh_key, items_from_text, items_to_text};
use steward_domain::settings::{SETTINGS_ID, Settings};
use steward_domain::shift::Shifts;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::SaveSettings;

#[derive(Clone)]
struct RouteDraft {
    key: String,
    previous: Vec<ChecklistItem>,
    name: RwSignal<String>,
    rounds: RwSignal<String>,
    checkpoints: RwSignal<String>,
}

impl RouteDraft {
    fn of(r: &Route) -> Self {
        RouteDraft {
            key: r.key.clone(),
            previous: r.checkpoints.clone(),
            name: RwSignal::new(r.name.clone()),
            rounds: RwSignal::new(r.rounds_per_day.to_string()),
            checkpoints: RwSignal::new(items_to_text(&r.checkpoints)),
        }
    }

    fn route(&self) -> Route {
        Route {
            key: self.key.clone(),
            name: self.name.get_untracked().trim().to_string(),
            rounds_per_day: self.rounds.get_untracked().trim().parse().unwrap_or(0),
            checkpoints: items_from_text(&self.checkpoints.get_untracked(), &self.previous),
        }
    }
}

fn days_text(days: &BTreeSet<chrono::NaiveDate>) -> String {
    days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

/// Dates one per line; `None` if any line is not a date.
fn days_from(text: &str) -> Option<BTreeSet<chrono::NaiveDate>> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| l.parse().ok()).collect()
}

#[component]
pub fn PatrolPlanPage() -> impl IntoView {
    let engine = use_sync();
    let saved = Memo::new(move |_| patrols::settings(engine));
    // Kept here: the form is redrawn with the saved plan once a save lands.
    let message = RwSignal::new(None::<(bool, String)>);
    move || view! { <PlanForm initial=saved.get() message /> }
}

#[component]
fn PlanForm(initial: Settings, message: RwSignal<Option<(bool, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let plan = initial.patrols.clone();
    let engineering = RwSignal::new(plan.engineering_every_days.to_string());
    let vacant_days = RwSignal::new(plan.vacant_every_days.to_string());
    let decoration = RwSignal::new(items_to_text(&plan.decoration_checklist));
    let vacant = RwSignal::new(items_to_text(&plan.vacant_checklist));
    let routes = RwSignal::new(plan.routes.iter().map(RouteDraft::of).collect::<Vec<_>>());
    let holidays = RwSignal::new(days_text(&initial.calendar.holidays));
    let workdays = RwSignal::new(days_text(&initial.calendar.extra_workdays));
    let shifts = RwSignal::new(initial.shifts.to_text());
    let handover_items = RwSignal::new(initial.handover_items.join("\n"));
    let policy = initial.arrears;
    let late_fee_rate = RwSignal::new(policy.late_fee_per_10000.to_string());
    let late_fee_after = RwSignal::new(policy.late_fee_after_days.to_string());
    let stage_days = RwSignal::new(policy.stage_days.to_string());
    let deadline_days = RwSignal::new(policy.deadline_days.to_string());
    let weeks = RwSignal::new(initial.working_set.weeks.map(|w| w.to_string()).unwrap_or_default());
    let id_required = RwSignal::new(initial.visitors.id_required);
    let retention = RwSignal::new(initial.visitors.retention_days.to_string());
    let previous = StoredValue::new(plan);
    let add_route = move |_| {
        routes.update(|rs| {
            let key = fresh_key("route", |k| rs.iter().any(|r| r.key == k));
            rs.push(RouteDraft::of(&Route {
                key,
                name: String::new(),
                rounds_per_day: 1,
                checkpoints: vec![],
            }));
        })
    };
    let save = move |_| {
        let refuse = |text: &str| message.set(Some((false, text.to_string())));
        let (Some(holidays), Some(extra_workdays)) =
            (days_from(&holidays.get_untracked()), days_from(&workdays.get_untracked()))
        else {
            return refuse(t_string!(i18n, patrols.errors.dates));
        };
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().unwrap_or(0);
        let before = previous.get_value();
        let plan = PatrolPlan {
            engineering_every_days: number(engineering),
            vacant_every_days: number(vacant_days),
            decoration_checklist: items_from_text(&decoration.get_untracked(), &before.decoration_checklist),
            vacant_checklist: items_from_text(&vacant.get_untracked(), &before.vacant_checklist),
            routes: routes.with_untracked(|rs| rs.iter().map(RouteDraft::route).collect()),
        };
        // The same rule the server applies, checked here so the manager sees it at once.
        if let Err(e) = plan.validate() {
            return refuse(match e {
                PlanError::Empty(_) => t_string!(i18n, patrols.errors.empty),
                PlanError::OutOfRange(..) => t_string!(i18n, patrols.errors.range),
                PlanError::DuplicateKey(_) => t_string!(i18n, patrols.errors.duplicate),
                PlanError::Label => t_string!(i18n, patrols.errors.label),
            });
        }
        let Some(shifts) = Shifts::from_text(&shifts.get_untracked()).filter(|s| s.validate().is_ok()) else {
            return refuse(t_string!(i18n, sync.field_shifts));
        };
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
        let arrears = match (
            number(late_fee_rate),
            number(late_fee_after),
            number(stage_days),
            number(deadline_days),
        ) {
            (Some(late_fee_per_10000), Some(late_fee_after_days), Some(stage_days), Some(deadline_days)) => {
                steward_domain::arrears::policy::ArrearsPolicy {
                    late_fee_per_10000,
                    late_fee_after_days,
                    stage_days,
                    deadline_days,
                }
            }
            _ => return refuse(t_string!(i18n, sync.field_policy)),
        };
        if arrears.validate().is_err() {
            return refuse(t_string!(i18n, sync.field_policy));
        }
        // Empty: devices keep every record; the range is the domain's rule, checked with the rest.
        let working_set = match weeks.get_untracked().trim() {
            "" => steward_domain::sync::working_set::WorkingSet { weeks: None },
            text => match text.parse::<u16>() {
                Ok(w) => steward_domain::sync::working_set::WorkingSet { weeks: Some(w) },
                Err(_) => return refuse(t_string!(i18n, sync.field_working_set)),
            },
        };
        let settings = Settings {
            arrears,
            calendar: steward_domain::decoration::calendar::WorkCalendar { holidays, extra_workdays },
            patrols: plan,
            shifts,
            handover_items: handover_items
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            working_set,
            visitors: steward_domain::visit::policy::VisitorPolicy {
                id_required: id_required.get_untracked(),
                // Not a number: a figure the domain refuses, with its own words.
                retention_days: retention.get_untracked().trim().parse().unwrap_or(0),
            },
        };
        match engine.mutate(Mutation::SaveSettings(SaveSettings { id: SETTINGS_ID.into(), settings })) {
            Ok(()) => message.set(Some((true, t_string!(i18n, patrols.saved).to_string()))),
            Err(e) => message.set(Some((false, refusal_text(i18n, e)))),
        }
    };
    view! {
        <section class="page" id="patrol-plan">
            <h1>{t!(i18n, patrols.plan)}</h1>
            <p class="hint">{t!(i18n, patrols.plan_hint)}</p>
            <div class="form-grid">
                <label>{t!(i18n, patrols.engineering_every)}<input id="plan-engineering" inputmode="numeric" bind:value=engineering /></label>
                <label>{t!(i18n, patrols.vacant_every)}<input id="plan-vacant-days" inputmode="numeric" bind:value=vacant_days /></label>
                <label>{t!(i18n, patrols.decoration_checklist)}<textarea id="plan-decoration" rows="8" bind:value=decoration></textarea></label>
                <label>{t!(i18n, patrols.vacant_checklist)}<textarea id="plan-vacant" rows="5" bind:value=vacant></textarea></label>
                <label>{t!(i18n, patrols.shifts)}<textarea id="plan-shifts" rows="4" bind:value=shifts></textarea></label>
                <label>{t!(i18n, patrols.handover_items)}<textarea id="plan-handover-items" rows="4" bind:value=handover_items></textarea></label>
            </div>
            <h2>{t!(i18n, arrears.policy)}</h2>
            <div class="form-grid">
                <label>{t!(i18n, arrears.late_fee_rate)}<input id="plan-late-fee-rate" inputmode="numeric" bind:value=late_fee_rate /></label>
                <label>{t!(i18n, arrears.late_fee_after)}<input id="plan-late-fee-after" inputmode="numeric" bind:value=late_fee_after /></label>
                <label>{t!(i18n, arrears.stage_days)}<input id="plan-stage-days" inputmode="numeric" bind:value=stage_days /></label>
                <label>{t!(i18n, arrears.deadline_days)}<input id="plan-deadline-days" inputmode="numeric" bind:value=deadline_days /></label>
            </div>
            <h2>{t!(i18n, patrols.routes)}</h2>
            <ul class="cards" id="plan-routes">
                <For each=move || routes.get() key=|r| r.key.clone() let(r)>
                    {
                        let key = r.key.clone();
                        view! {
                            <li class="card route-draft" id=format!("plan-route-{}", r.key)>
                                <label>{t!(i18n, patrols.route_name)}<input class="route-name" bind:value=r.name /></label>
                                <label>{t!(i18n, patrols.rounds_per_day)}<input class="route-rounds" inputmode="numeric" bind:value=r.rounds /></label>
                                <label>{t!(i18n, patrols.checkpoints)}<textarea class="route-checkpoints" rows="5" bind:value=r.checkpoints></textarea></label>
                                <button type="button" on:click=move |_| routes.update(|rs| rs.retain(|x| x.key != key))>{t!(i18n, patrols.remove_route)}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <button type="button" id="plan-add-route" on:click=add_route>{t!(i18n, patrols.add_route)}</button>
            <h2>{t!(i18n, patrols.calendar)}</h2>
            <div class="form-grid">
                <label>{t!(i18n, patrols.holidays)}<textarea id="plan-holidays" rows="5" placeholder="2027-01-01" bind:value=holidays></textarea></label>
                <label>{t!(i18n, patrols.workdays)}<textarea id="plan-workdays" rows="3" bind:value=workdays></textarea></label>
            </div>
            <h2>{t!(i18n, patrols.devices)}</h2>
            <div class="form-grid">
                <label>{t!(i18n, patrols.working_set)}<input id="plan-working-set" inputmode="numeric" bind:value=weeks /></label>
                <label>{t!(i18n, visitors.retention_days)}<input id="plan-visitor-retention" inputmode="numeric" bind:value=retention /></label>
                <label class="inline"><input type="checkbox" id="plan-visitor-id" prop:checked=move || id_required.get() on:change=move |ev| id_required.set(event_target_checked(&ev)) />{t!(i18n, visitors.id_required_setting)}</label>
            </div>
            <p class="hint">{t!(i18n, patrols.working_set_hint)}</p>
            {move || message.get().map(|(ok, text)| view! { <p class=if ok { "success" } else { "error" } role="status">{text}</p> })}
            <button id="plan-save" class="primary wide" on:click=save>{t!(i18n, patrols.save)}</button>
        </section>
    }
}
