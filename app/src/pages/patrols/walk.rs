//! A patrol on a phone: every checklist item pass / fail / not applicable, a failure with its
//! note and photos, minor ones put right on the spot, any one raising a repair ticket in one
//! tap. The same form walks a decoration (failures → a rectification notice), a public-area
//! route and a vacant unit. Works offline: the patrol and its photos wait on the phone.

use crate::i18n::*;
use crate::photos::{PhotoInput, Taken, TakenThumbs};
use crate::sync::use_sync;
use crate::sync_text::refusal_text;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use steward_domain::decoration::checklist::{ChecklistItem, ItemResult, Outcome, Severity, needing_notice};
use steward_domain::decoration::violation::default_deadline;
use steward_domain::patrol::apply::{PatrolNotice, PatrolTicket};
use steward_domain::patrol::subject::PatrolSubject;
use steward_domain::sync::Mutation;

fn uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// One checklist line as the user fills it in.
#[derive(Clone, Copy)]
struct Line {
    outcome: RwSignal<Outcome>,
    note: RwSignal<String>,
    on_spot: RwSignal<bool>,
    ticket: RwSignal<bool>,
    photos: RwSignal<Vec<Taken>, LocalStorage>,
}

impl Line {
    fn new() -> Self {
        Line {
            outcome: RwSignal::new(Outcome::Pass),
            note: RwSignal::new(String::new()),
            on_spot: RwSignal::new(false),
            ticket: RwSignal::new(false),
            photos: RwSignal::new_local(Vec::new()),
        }
    }

    fn result(&self, key: &str) -> ItemResult {
        let failed = self.outcome.get_untracked() == Outcome::Fail;
        ItemResult {
            key: key.to_string(),
            outcome: self.outcome.get_untracked(),
            note: self.note.get_untracked(),
            photos: self.photos.with_untracked(|p| p.iter().map(|t| t.photo.clone()).collect()),
            rectified_on_spot: self.on_spot.get_untracked() && failed,
        }
    }
}

#[component]
pub fn PatrolWalk(
    subject: PatrolSubject,
    /// What is walked: the unit, or the route's name.
    title: String,
    checklist: Vec<ChecklistItem>,
    /// Where to go once saved.
    back: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let navigate = use_navigate();
    let lines: Vec<(String, Line)> = checklist.iter().map(|i| (i.key.clone(), Line::new())).collect();
    let lines = StoredValue::new(lines);
    let deadline = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let notices = subject.decoration_id().is_some();
    let walked = checklist.clone();
    let submit = move |_| {
        let results: Vec<ItemResult> =
            lines.with_value(|ls| ls.iter().map(|(key, l)| l.result(key)).collect());
        let notice = (notices && !needing_notice(&walked, &results).is_empty()).then(|| {
            let typed = crate::tickets::from_local_input(&deadline.get_untracked());
            let default = default_deadline(crate::tickets::now()).to_rfc3339();
            PatrolNotice { id: uuid(), deadline: typed.unwrap_or(default) }
        });
        let tickets: Vec<PatrolTicket> = lines.with_value(|ls| {
            ls.iter()
                .filter(|(_, l)| l.ticket.get_untracked() && l.outcome.get_untracked() == Outcome::Fail)
                .map(|(key, _)| PatrolTicket {
                    item_key: key.clone(),
                    ticket_id: uuid(),
                    event_id: uuid(),
                    photos_event_id: uuid(),
                })
                .collect()
        });
        let taken: Vec<Taken> =
            lines.with_value(|ls| ls.iter().flat_map(|(_, l)| l.photos.get_untracked()).collect());
        let m = Mutation::RecordPatrol {
            id: uuid(),
            subject: subject.clone(),
            checklist: walked.clone(),
            results,
            notice,
            tickets,
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match engine.attach_photos(taken, m).await {
                Ok(()) => navigate(back, Default::default()),
                Err(e) => error.set(Some(refusal_text(i18n, e))),
            }
        });
    };
    let any_failure = move || lines.with_value(|ls| ls.iter().any(|(_, l)| l.outcome.get() == Outcome::Fail));
    view! {
        <section class="page" id="patrol">
            <h1>{t!(i18n, decorations.checklist)} " · " {title}</h1>
            <ol class="checklist">
                {checklist.into_iter().map(|item| {
                    let line = lines.with_value(|ls| ls.iter().find(|(k, _)| *k == item.key).map(|(_, l)| *l)).expect("a line per item");
                    let key = item.key.clone();
                    let photos_id = format!("photos-{key}");
                    let major = item.severity == Severity::Major;
                    let choice = move |o: Outcome, class: &'static str, label: &'static str| view! {
                        <button type="button" class=class class:active=move || line.outcome.get() == o on:click=move |_| line.outcome.set(o)>{label}</button>
                    };
                    view! {
                        <li class="card check-item" id=format!("item-{key}")>
                            <div class="page-head">
                                <strong>{item.label.clone()}</strong>
                                {major.then(|| view! { <span class="tag urgent">{t!(i18n, decorations.major)}</span> })}
                            </div>
                            <div class="choices">
                                {move || view! {
                                    {choice(Outcome::Pass, "pass", t_string!(i18n, decorations.pass))}
                                    {choice(Outcome::Fail, "fail", t_string!(i18n, decorations.fail))}
                                    {choice(Outcome::NotApplicable, "na", t_string!(i18n, decorations.na))}
                                }}
                            </div>
                            <Show when=move || line.outcome.get() == Outcome::Fail>
                                <div class="failure">
                                    <input class="note" placeholder=move || t_string!(i18n, decorations.note) bind:value=line.note />
                                    <div class="photo-row">
                                        <PhotoInput id=photos_id.clone() label=Signal::derive(move || t_string!(i18n, photos.take).to_string()) taken=Callback::new(move |more: Vec<Taken>| line.photos.update(|p| p.extend(more))) />
                                        <TakenThumbs taken=line.photos />
                                    </div>
                                    {(!major).then(|| view! { <label class="tick"><input class="on-spot" type="checkbox" bind:checked=line.on_spot />{t!(i18n, decorations.on_spot)}</label> })}
                                    <label class="tick"><input class="raise-ticket" type="checkbox" bind:checked=line.ticket />{t!(i18n, decorations.raise_ticket)}</label>
                                </div>
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <Show when=move || notices && any_failure()>
                <label>{t!(i18n, decorations.notice_deadline)}<input id="notice-deadline" type="datetime-local" bind:value=deadline /></label>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button id="patrol-submit" class="primary wide" on:click=submit>{t!(i18n, decorations.submit)}</button>
        </section>
    }
}
