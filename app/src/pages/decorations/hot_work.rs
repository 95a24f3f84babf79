//! 临时动火 on a decoration's page: the desk takes the contractor's application, customer
//! service then engineering approve (or return it), and the issued permit prints with its
//! precautions. Who may act at each step is the domain's rule (`hot_work::next`).

use crate::i18n::*;
use crate::patrols;
use crate::session::use_session;
use crate::sync::use_sync;
use crate::sync_text::refusal_text;
use leptos::prelude::*;
use steward_domain::decoration::hot_work::{HotWorkAction, HotWorkStatus, NewHotWork, next};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnHotWork, ApplyHotWork};

fn status_text(i18n: leptos_i18n::I18nContext<Locale>, s: HotWorkStatus) -> &'static str {
    match s {
        HotWorkStatus::Applied => t_string!(i18n, hot_work.applied),
        HotWorkStatus::ServiceApproved => t_string!(i18n, hot_work.service_approved),
        HotWorkStatus::Approved => t_string!(i18n, hot_work.approved),
        HotWorkStatus::Returned => t_string!(i18n, hot_work.returned),
    }
}

#[component]
pub fn HotWorkSection(decoration_id: Signal<String>, under_way: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let session = use_session();
    let role = move || session.me.get().map(|m| m.role);
    let field = || RwSignal::new(String::new());
    let (applicant, work, location, date, hours, watcher) =
        (field(), field(), field(), field(), field(), field());
    let extinguishers = RwSignal::new("2".to_string());
    let reasons = field();
    let error = RwSignal::new(None::<String>);
    let done = move |r: Result<(), crate::sync::engine::MutateError>| match r {
        Ok(()) => error.set(None),
        Err(e) => error.set(Some(refusal_text(i18n, e))),
    };
    let apply = move |_| {
        let application = NewHotWork {
            decoration_id: decoration_id.get_untracked(),
            applicant: applicant.get_untracked(),
            work: work.get_untracked(),
            location: location.get_untracked(),
            date: date.get_untracked(),
            hours: hours.get_untracked(),
            fire_watcher: watcher.get_untracked(),
            extinguishers: extinguishers.get_untracked().trim().parse().unwrap_or(0),
        };
        let id = crate::clock::new_id();
        let r = engine.mutate(Mutation::ApplyHotWork(ApplyHotWork { id, application }));
        if r.is_ok() {
            for s in [applicant, work, location, hours, watcher] {
                s.set(String::new());
            }
        }
        done(r);
    };
    let act = move |id: String, action: HotWorkAction| {
        done(engine.mutate(Mutation::ActOnHotWork(ActOnHotWork { id, action })))
    };
    let desk = move || role().is_some_and(|r| r.runs_the_desk()) && under_way.get();
    view! {
        <section class="hot-work" id="hot-work">
            {move || {
                let id = decoration_id.get();
                let any = patrols::hot_work(engine).iter().any(|(_, p, _)| p.application.decoration_id == id);
                (any || under_way.get()).then(|| view! { <h2>{t!(i18n, hot_work.title)}</h2> })
            }}
            <ul class="cards" id="hot-work-list">
                {move || {
                    let id = decoration_id.get();
                    let mine: Vec<_> = patrols::hot_work(engine).into_iter().filter(|(_, p, _)| p.application.decoration_id == id).collect();
                    if mine.is_empty() {
                        // A closed decoration with no hot work says nothing about it.
                        return under_way.get().then(|| view! { <li class="hint">{t!(i18n, hot_work.none)}</li> }).into_any();
                    }
                    mine.into_iter().map(|(pid, p, pending)| {
                        let a = &p.application;
                        let reviewer = role().is_some_and(|r| next(p.status, r, &HotWorkAction::Approve).is_ok());
                        let (approve_id, return_id) = (pid.clone(), pid.clone());
                        let issued = p.status == HotWorkStatus::Approved;
                        let card_id = format!("hot-work-{pid}");
                        let print_id = card_id.clone();
                        view! {
                            <li class="card hot-work-permit" id=card_id class:pending=pending>
                                <div class="page-head">
                                    <h3>{if issued { t_string!(i18n, hot_work.permit) } else { t_string!(i18n, hot_work.application) }}</h3>
                                    <span class="tag hot-work-status">{status_text(i18n, p.status)}</span>
                                </div>
                                <p>{p.unit.clone()} " · " {a.work.clone()} " · " {a.location.clone()}</p>
                                <p>{a.date.clone()} " " {a.hours.clone()} " · " {a.applicant.clone()} " · " {t!(i18n, hot_work.watcher)} " " {a.fire_watcher.clone()} " · " {t!(i18n, hot_work.extinguishers)} " " {a.extinguishers}</p>
                                {issued.then(|| view! {
                                    <ol class="precautions">{p.precautions.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ol>
                                    <button class="no-print" on:click=move |_| crate::layout::print_only(&print_id)>{t!(i18n, hot_work.print)}</button>
                                })}
                                {reviewer.then(|| view! {
                                    <input class="hot-work-reasons no-print" placeholder=move || t_string!(i18n, decorations.reasons) bind:value=reasons />
                                    <div class="buttons no-print">
                                        <button class="primary hot-work-approve" on:click=move |_| act(approve_id.clone(), HotWorkAction::Approve)>{t!(i18n, decorations.approve)}</button>
                                        <button class="hot-work-return" on:click=move |_| act(return_id.clone(), HotWorkAction::Return { reasons: reasons.get_untracked() })>{t!(i18n, decorations.reject)}</button>
                                    </div>
                                })}
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            <Show when=desk>
                <div class="card form-grid no-print" id="hot-work-form">
                    <h3>{t!(i18n, hot_work.apply)}</h3>
                    <label>{t!(i18n, hot_work.applicant)}<input id="hw-applicant" bind:value=applicant /></label>
                    <label>{t!(i18n, hot_work.work)}<input id="hw-work" placeholder="电焊" bind:value=work /></label>
                    <label>{t!(i18n, hot_work.location)}<input id="hw-location" bind:value=location /></label>
                    <label>{t!(i18n, hot_work.date)}<input id="hw-date" type="date" bind:value=date /></label>
                    <label>{t!(i18n, hot_work.hours)}<input id="hw-hours" placeholder="09:00-11:00" bind:value=hours /></label>
                    <label>{t!(i18n, hot_work.watcher)}<input id="hw-watcher" bind:value=watcher /></label>
                    <label>{t!(i18n, hot_work.extinguishers)}<input id="hw-extinguishers" inputmode="numeric" bind:value=extinguishers /></label>
                    <button id="hw-submit" class="primary" on:click=apply>{t!(i18n, hot_work.submit)}</button>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
