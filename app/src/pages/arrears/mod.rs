//! 欠费催缴: the supervisor imports finance's list and assigns units; the desk and the
//! assigned staff follow each case up — my cases, due for the next stage, promises due —
//! and the collection rate per fee type stands against its target. The rules are the
//! domain's (`steward_domain::arrears`); these screens gather and show.

use crate::i18n::*;
use crate::sync::use_sync;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use steward_domain::arrears::policy::{ArrearsPolicy, collection, promise_due};
use steward_domain::arrears::record::{ArrearsCase, CaseStatus, Channel, FeeType, Stage};
use steward_domain::money::format_yuan;

mod case;
mod import;
mod notice;

pub use notice::ArrearsNotice;

pub(super) fn fee_text(i18n: I18nContext<Locale>, f: FeeType) -> &'static str {
    match f {
        FeeType::Management => t_string!(i18n, arrears.fee_management),
        FeeType::Utilities => t_string!(i18n, arrears.fee_utilities),
        FeeType::SpecialService => t_string!(i18n, arrears.fee_special),
        FeeType::Parking => t_string!(i18n, arrears.fee_parking),
    }
}

pub(super) fn stage_text(i18n: I18nContext<Locale>, s: Stage) -> &'static str {
    match s {
        Stage::PaymentNotice => t_string!(i18n, arrears.stage_payment_notice),
        Stage::ReminderNotice => t_string!(i18n, arrears.stage_reminder_notice),
        Stage::DeadlineNotice => t_string!(i18n, arrears.stage_deadline_notice),
        Stage::AdministratorVisit => t_string!(i18n, arrears.stage_administrator_visit),
        Stage::SupervisorVisit => t_string!(i18n, arrears.stage_supervisor_visit),
        Stage::ManagerDecision => t_string!(i18n, arrears.stage_manager_decision),
    }
}

pub(super) fn channel_text(i18n: I18nContext<Locale>, c: Channel) -> &'static str {
    match c {
        Channel::Phone => t_string!(i18n, arrears.channel_phone),
        Channel::Sms => t_string!(i18n, arrears.channel_sms),
        Channel::WeChat => t_string!(i18n, arrears.channel_wechat),
        Channel::Letter => t_string!(i18n, arrears.channel_letter),
        Channel::Visit => t_string!(i18n, arrears.channel_visit),
    }
}

pub(super) use crate::clock::today;

pub(super) fn policy(engine: crate::sync::SyncEngine) -> ArrearsPolicy {
    crate::patrols::settings(engine).arrears
}

/// Which cases the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Mine,
    DueForNextStage,
    PromisesDue,
    Open,
}

const SHOWN: usize = 100;

#[component]
pub fn ArrearsPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let supervises = move || {
        me.get().is_some_and(|m| {
            matches!(m.role, steward_domain::Role::Supervisor | steward_domain::Role::Manager)
        })
    };
    let desk = move || me.get().is_some_and(|m| m.role.runs_the_desk());
    let filter = RwSignal::new(if desk() { Filter::DueForNextStage } else { Filter::Mine });
    let query = RwSignal::new(String::new());
    // Once for the page (the supervisor assigns from it), kept for offline.
    let roster = crate::roster::use_roster();
    let all = Memo::new(move |_| engine.typed::<ArrearsCase>());
    let shown = move || {
        let (today, policy, q, f) = (today(), policy(engine), query.get(), filter.get());
        let my_id = me.get().map(|m| m.user_id);
        all.with(|cases| {
            let mut v: Vec<(String, ArrearsCase, bool)> = cases
                .iter()
                .filter(|(_, c, _)| c.status == CaseStatus::Open && c.unit.contains(q.trim()))
                .filter(|(_, c, _)| match f {
                    Filter::Mine => c.assigned_to.is_some() && c.assigned_to == my_id,
                    Filter::DueForNextStage => policy.due_for_next_stage(c, today),
                    Filter::PromisesDue => promise_due(c, today),
                    Filter::Open => true,
                })
                .cloned()
                .collect();
            v.sort_by_key(|c| std::cmp::Reverse(c.1.owed()));
            v
        })
    };
    let tab = move |f: Filter, label: fn(I18nContext<Locale>) -> &'static str, id: &'static str| {
        view! { <button type="button" role="tab" id=id class:active=move || filter.get() == f aria-selected=move || (filter.get() == f).to_string() on:click=move |_| filter.set(f)>{move || label(i18n)}</button> }
    };
    view! {
        <section class="page" id="arrears">
            <h1>{t!(i18n, arrears.title)}</h1>
            <p class="intro">{t!(i18n, arrears.intro)}</p>
            <Show when=supervises><import::ImportForm /></Show>
            <Show when=desk><Collection all /></Show>
            <div class="tabs" role="tablist">
                {tab(Filter::Mine, |i| t_string!(i, arrears.mine), "arrears-mine")}
                {tab(Filter::DueForNextStage, |i| t_string!(i, arrears.due_next), "arrears-due")}
                {tab(Filter::PromisesDue, |i| t_string!(i, arrears.promises_due), "arrears-promises")}
                {tab(Filter::Open, |i| t_string!(i, arrears.all_open), "arrears-open")}
            </div>
            <label>{t!(i18n, arrears.search)}<input id="arrears-search" type="search" bind:value=query /></label>
            {move || {
                let cases = shown();
                let total = cases.len();
                view! {
                    {(total == 0).then(|| view! { <p class="hint" id="arrears-none">{t!(i18n, arrears.none)}</p> })}
                    {(total > SHOWN).then(|| view! { <p class="hint">{t!(i18n, arrears.more)} " " {total - SHOWN}</p> })}
                    <ul class="cards" id="arrears-cases">
                        {cases.into_iter().take(SHOWN).map(|(id, c, pending)| view! { <case::CaseCard id c pending roster /> }).collect_view()}
                    </ul>
                }
            }}
        </section>
    }
}

/// The collection rate per fee type, against the manual's targets.
#[component]
fn Collection(all: Memo<Vec<(String, ArrearsCase, bool)>>) -> impl IntoView {
    let i18n = use_i18n();
    let rates = move || all.with(|cases| collection(cases.iter().map(|(_, c, _)| c)));
    view! {
        <table class="card" id="arrears-collection">
            <thead><tr><th>{t!(i18n, arrears.fee_type)}</th><th>{t!(i18n, arrears.owed_at_first)}</th>
                <th>{t!(i18n, arrears.still_owed)}</th><th>{t!(i18n, arrears.rate)}</th><th>{t!(i18n, arrears.target)}</th></tr></thead>
            <tbody>
                {move || rates().into_iter().map(|r| {
                    let rate = r.rate_per_mille();
                    view! {
                        <tr data-fee=format!("{:?}", r.fee_type) class:late=!r.on_target()>
                            <td>{fee_text(i18n, r.fee_type)}</td>
                            <td>{format_yuan(r.owed_at_first)}</td>
                            <td>{format_yuan(r.still_owed)}</td>
                            <td class="rate">{format!("{}.{}%", rate / 10, rate % 10)}</td>
                            <td>{r.fee_type.target_per_mille().map(|t| format!("≥ {}%", t / 10)).unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
