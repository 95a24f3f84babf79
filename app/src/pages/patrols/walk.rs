//! A patrol on a phone: every checklist item pass / fail / not applicable, a failure with its
//! note and photos, minor ones put right on the spot, any one raising a repair ticket in one
//! tap. The same form walks a decoration (failures → a rectification notice), a public-area
//! route and a vacant unit. Works offline: the patrol and its photos wait on the phone.
//!
//! Items start unanswered — a patrol cannot be submitted without someone looking at each —
//! and the form is kept as a draft on the phone (photos too) until submitted or discarded.

use crate::drafts::DraftNote;
use crate::i18n::*;
use crate::photos::{PhotoInput, Taken, TakenThumbs};
use crate::sync::use_sync;
use crate::sync_text::refusal_text;
use crate::ticket_text::item_label;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};
use steward_domain::decoration::checklist::{ChecklistItem, ItemResult, Outcome, Severity, needing_notice};
use steward_domain::decoration::violation::default_deadline;
use steward_domain::patrol::apply::{PatrolNotice, PatrolTicket};
use steward_domain::patrol::subject::PatrolSubject;
use steward_domain::photo::PhotoRef;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::RecordPatrol;

use crate::clock::new_id as uuid;

/// One checklist line as kept in the draft.
#[derive(Clone, Default, Serialize, Deserialize)]
struct LineDraft {
    key: String,
    outcome: Option<Outcome>,
    note: String,
    on_spot: bool,
    ticket: bool,
    photos: Vec<PhotoRef>,
}

#[derive(Clone, Default, Serialize, Deserialize)]
struct PatrolDraft {
    lines: Vec<LineDraft>,
    deadline: String,
}

impl LineDraft {
    fn untouched(&self) -> bool {
        self.outcome.is_none()
            && self.note.is_empty()
            && !self.on_spot
            && !self.ticket
            && self.photos.is_empty()
    }
}

/// One checklist line as the user fills it in.
#[derive(Clone, Copy)]
struct Line {
    /// `None` until someone looked at it.
    outcome: RwSignal<Option<Outcome>>,
    note: RwSignal<String>,
    on_spot: RwSignal<bool>,
    ticket: RwSignal<bool>,
    photos: RwSignal<Vec<Taken>, LocalStorage>,
}

impl Line {
    fn new() -> Self {
        Line {
            outcome: RwSignal::new(None),
            note: RwSignal::new(String::new()),
            on_spot: RwSignal::new(false),
            ticket: RwSignal::new(false),
            photos: RwSignal::new_local(Vec::new()),
        }
    }

    fn clear(&self) {
        self.outcome.set(None);
        self.note.set(String::new());
        self.on_spot.set(false);
        self.ticket.set(false);
        self.photos.set(Vec::new());
    }

    fn result(&self, key: &str, outcome: Outcome) -> ItemResult {
        ItemResult {
            key: key.to_string(),
            outcome,
            note: self.note.get_untracked(),
            photos: self.photos.with_untracked(|p| p.iter().map(|t| t.photo.clone()).collect()),
            rectified_on_spot: self.on_spot.get_untracked() && outcome == Outcome::Fail,
        }
    }

    /// Tracked: the draft is kept again when any of it changes.
    fn draft(&self, key: &str) -> LineDraft {
        LineDraft {
            key: key.to_string(),
            outcome: self.outcome.get(),
            note: self.note.get(),
            on_spot: self.on_spot.get(),
            ticket: self.ticket.get(),
            photos: self.photos.with(|p| p.iter().map(|t| t.photo.clone()).collect()),
        }
    }
}

/// The draft's key: one draft per thing walked.
fn draft_key(subject: &PatrolSubject) -> String {
    match subject {
        PatrolSubject::Decoration { decoration_id } => format!("patrol.decoration.{decoration_id}"),
        PatrolSubject::Route { route_key, .. } => format!("patrol.route.{route_key}"),
        PatrolSubject::Vacant { vacant_unit } => format!("patrol.vacant.{vacant_unit}"),
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
    let key = StoredValue::new(draft_key(&subject));
    let lines: Vec<(String, Line)> = checklist.iter().map(|i| (i.key.clone(), Line::new())).collect();
    let lines = StoredValue::new(lines);
    let deadline = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let tried = RwSignal::new(false);
    // Back from a call, a reload or a killed app: the draft as it was, photos included.
    let saved = crate::drafts::load::<PatrolDraft>(&key.get_value());
    let restored = RwSignal::new(saved.is_some());
    if let Some(d) = saved {
        deadline.set(d.deadline);
        for ld in d.lines {
            let Some(line) = lines.with_value(|ls| ls.iter().find(|(k, _)| *k == ld.key).map(|(_, l)| *l))
            else {
                continue;
            };
            line.outcome.set(ld.outcome);
            line.note.set(ld.note);
            line.on_spot.set(ld.on_spot);
            line.ticket.set(ld.ticket);
            leptos::task::spawn_local(async move {
                for p in ld.photos {
                    if let Some(t) = engine.draft_photo(&p).await {
                        line.photos.update(|ps| ps.push(t));
                    }
                }
            });
        }
    }
    Effect::new(move |first: Option<()>| {
        let draft = PatrolDraft {
            lines: lines.with_value(|ls| ls.iter().map(|(k, l)| l.draft(k)).collect()),
            deadline: deadline.get(),
        };
        if first.is_some() {
            let untouched = draft.deadline.is_empty() && draft.lines.iter().all(LineDraft::untouched);
            crate::drafts::keep_or_drop(&key.get_value(), &draft, untouched);
        }
    });
    let photo_ids = move || {
        lines.with_value(|ls| {
            ls.iter().flat_map(|(_, l)| l.photos.get_untracked()).map(|t| t.photo.id).collect()
        })
    };
    let discard = move |_| {
        let ids = photo_ids();
        lines.with_value(|ls| ls.iter().for_each(|(_, l)| l.clear()));
        deadline.set(String::new());
        crate::drafts::discard(&key.get_value());
        leptos::task::spawn_local(async move { engine.forget_draft_photos(ids).await });
    };
    let unanswered =
        move || lines.with_value(|ls| ls.iter().filter(|(_, l)| l.outcome.get().is_none()).count());
    let total = checklist.len();
    let notices = subject.decoration_id().is_some();
    let walked = checklist.clone();
    let submit = move |_| {
        tried.set(true);
        let left = unanswered();
        if left > 0 {
            error.set(Some(t_string!(i18n, decorations.unanswered).replace("{n}", &left.to_string())));
            return;
        }
        let results: Vec<ItemResult> = lines.with_value(|ls| {
            ls.iter().filter_map(|(key, l)| l.outcome.get_untracked().map(|o| l.result(key, o))).collect()
        });
        let notice = (notices && !needing_notice(&walked, &results).is_empty()).then(|| {
            let typed = crate::tickets::from_local_input(&deadline.get_untracked());
            let default = default_deadline(crate::clock::now_utc()).to_rfc3339();
            PatrolNotice { id: uuid(), deadline: typed.unwrap_or(default) }
        });
        let tickets: Vec<PatrolTicket> = lines.with_value(|ls| {
            ls.iter()
                .filter(|(_, l)| l.ticket.get_untracked() && l.outcome.get_untracked() == Some(Outcome::Fail))
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
        let m = Mutation::RecordPatrol(RecordPatrol {
            id: uuid(),
            subject: subject.clone(),
            checklist: walked.clone(),
            results,
            notice,
            tickets,
        });
        let navigate = navigate.clone();
        let ids = photo_ids();
        leptos::task::spawn_local(async move {
            match engine.attach_photos(taken, m).await {
                Ok(()) => {
                    crate::drafts::discard(&key.get_value());
                    engine.forget_draft_photos(ids).await;
                    navigate(back, Default::default());
                }
                Err(e) => error.set(Some(refusal_text(i18n, e))),
            }
        });
    };
    let any_failure =
        move || lines.with_value(|ls| ls.iter().any(|(_, l)| l.outcome.get() == Some(Outcome::Fail)));
    view! {
        <section class="page" id="patrol">
            <h1>{t!(i18n, decorations.checklist)} " · " {title}</h1>
            <DraftNote restored on_discard=Callback::new(move |_| {
                discard(());
            }) />
            <p class="hint" id="patrol-progress" role="status">
                {move || t_string!(i18n, decorations.answered).replace("{done}", &(total - unanswered()).to_string()).replace("{total}", &total.to_string())}
            </p>
            <ol class="checklist">
                {checklist.into_iter().map(|item| {
                    let line = lines.with_value(|ls| ls.iter().find(|(k, _)| *k == item.key).map(|(_, l)| *l)).expect("a line per item");
                    let key = item.key.clone();
                    let photos_id = format!("photos-{key}");
                    let major = item.severity == Severity::Major;
                    let label = item_label(i18n, &item);
                    let choice = move |o: Outcome, class: &'static str, text: &'static str| view! {
                        <button type="button" class=class class:active=move || line.outcome.get() == Some(o)
                            aria-pressed=move || if line.outcome.get() == Some(o) { "true" } else { "false" }
                            on:click=move |_| line.outcome.set(Some(o))>{text}</button>
                    };
                    let missing = move || tried.get() && line.outcome.get().is_none();
                    view! {
                        <li class="card check-item" class:unanswered=missing id=format!("item-{key}")>
                            <div class="page-head">
                                <strong>{label.clone()}</strong>
                                {major.then(|| view! { <span class="tag urgent">{t!(i18n, decorations.major)}</span> })}
                            </div>
                            <div class="choices" role="group" aria-label=label.clone()>
                                {move || view! {
                                    {choice(Outcome::Pass, "pass", t_string!(i18n, decorations.pass))}
                                    {choice(Outcome::Fail, "fail", t_string!(i18n, decorations.fail))}
                                    {choice(Outcome::NotApplicable, "na", t_string!(i18n, decorations.na))}
                                }}
                            </div>
                            {move || missing().then(|| view! { <p class="error item-missing">{t!(i18n, decorations.item_unanswered)}</p> })}
                            <Show when=move || line.outcome.get() == Some(Outcome::Fail)>
                                <div class="failure">
                                    <input class="note" placeholder=move || t_string!(i18n, decorations.note) aria-label=move || t_string!(i18n, decorations.note) bind:value=line.note />
                                    <div class="photo-row">
                                        <PhotoInput id=photos_id.clone() label=Signal::derive(move || t_string!(i18n, photos.take).to_string()) taken=Callback::new(move |more: Vec<Taken>| {
                                            for t in more.clone() {
                                                leptos::task::spawn_local(async move { engine.keep_draft_photo(&t).await });
                                            }
                                            line.photos.update(|p| p.extend(more));
                                        }) />
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
            {move || error.get().map(|e| view! { <p class="error" role="alert" id="patrol-error">{e}</p> })}
            <button id="patrol-submit" class="primary wide" on:click=submit>{t!(i18n, decorations.submit)}</button>
        </section>
    }
}
