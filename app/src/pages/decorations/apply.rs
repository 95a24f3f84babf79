//! The decoration application at the counter: the unit (picked like a ticket's), owner,
//! contractor and people, dates and hours, what the work changes, and the documents that
//! follows from it, each ticked received and signed.

use super::detail::doc_name;
use crate::components::unit_picker::UnitPicker;
use crate::i18n::*;
use crate::sync::use_sync;
use crate::sync_text::refusal_text;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};
use steward_domain::decoration::documents::{Document, DocumentKind, Scope, required};
use steward_domain::decoration::record::NewDecoration;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::ApplyDecoration;

const DRAFT: &str = "decoration";

/// The application as typed, kept on the device until submitted or discarded.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct ApplicationDraft {
    unit: String,
    owner: String,
    contractor: String,
    workers: String,
    start: String,
    end: String,
    hours: String,
    scope: Scope,
    /// (received, signed) per document kind.
    ticks: Vec<(DocumentKind, bool, bool)>,
}

impl Default for ApplicationDraft {
    fn default() -> Self {
        ApplicationDraft {
            unit: String::new(),
            owner: String::new(),
            contractor: String::new(),
            workers: String::new(),
            start: String::new(),
            end: String::new(),
            hours: "08:00-12:00,14:00-18:00".into(),
            scope: Scope::default(),
            ticks: Vec::new(),
        }
    }
}

#[component]
pub fn DecorationApply() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let navigate = use_navigate();
    let saved = crate::drafts::load::<ApplicationDraft>(DRAFT);
    let restored = RwSignal::new(saved.is_some());
    let d = saved.unwrap_or_default();
    let unit = RwSignal::new(d.unit);
    let owner = RwSignal::new(d.owner);
    let phone = RwSignal::new(String::new());
    let contractor = RwSignal::new(d.contractor);
    let workers = RwSignal::new(d.workers);
    let start = RwSignal::new(d.start);
    let end = RwSignal::new(d.end);
    let hours = RwSignal::new(d.hours);
    let scope = RwSignal::new(d.scope);
    let ticks = RwSignal::new(d.ticks);
    let draft = move || ApplicationDraft {
        unit: unit.get(),
        owner: owner.get(),
        contractor: contractor.get(),
        workers: workers.get(),
        start: start.get(),
        end: end.get(),
        hours: hours.get(),
        scope: scope.get(),
        ticks: ticks.get(),
    };
    Effect::new(move |first: Option<()>| {
        let d = draft();
        if first.is_some() {
            crate::drafts::keep_or_drop(DRAFT, &d, d == ApplicationDraft::default());
        }
    });
    let reset = move |_| {
        crate::drafts::discard(DRAFT);
        let d = ApplicationDraft::default();
        unit.set(d.unit);
        owner.set(d.owner);
        contractor.set(d.contractor);
        workers.set(d.workers);
        start.set(d.start);
        end.set(d.end);
        hours.set(d.hours);
        scope.set(d.scope);
        ticks.set(d.ticks);
    };
    let ticked = move |kind: DocumentKind, which: usize| {
        ticks.with(|t| t.iter().any(|(k, r, s)| *k == kind && if which == 0 { *r } else { *s }))
    };
    let error = RwSignal::new(None::<String>);
    let tick = move |kind: DocumentKind, which: usize, on: bool| {
        ticks.update(|t| {
            let entry = match t.iter().position(|(k, _, _)| *k == kind) {
                Some(i) => &mut t[i],
                None => {
                    t.push((kind, false, false));
                    t.last_mut().expect("pushed")
                }
            };
            if which == 0 { entry.1 = on } else { entry.2 = on }
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let documents = ticks
            .get_untracked()
            .into_iter()
            .map(|(kind, received, signed)| Document { kind, received, signed })
            .collect();
        let application = NewDecoration {
            unit: unit.get_untracked(),
            owner: owner.get_untracked(),
            contractor: contractor.get_untracked(),
            workers: workers
                .get_untracked()
                .split([',', '，', '、'])
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect(),
            planned_start: start.get_untracked(),
            planned_end: end.get_untracked(),
            working_hours: hours.get_untracked(),
            scope: scope.get_untracked(),
            documents,
        };
        let id = crate::clock::new_id();
        match engine.mutate(Mutation::ApplyDecoration(ApplyDecoration { id: id.clone(), application })) {
            Ok(()) => {
                crate::drafts::discard(DRAFT);
                navigate(&format!("/decorations/{id}"), Default::default())
            }
            Err(e) => error.set(Some(refusal_text(i18n, e))),
        }
    };
    let scope_box = move |id: &'static str,
                          label: &'static str,
                          get: fn(&Scope) -> bool,
                          set: fn(&mut Scope, bool)| {
        view! {
            <label class="tick"><input id=id type="checkbox" prop:checked=move || scope.with(get) on:change=move |ev| scope.update(|s| set(s, event_target_checked(&ev))) />{label}</label>
        }
    };
    view! {
        <section class="page" id="decoration-apply">
            <h1>{t!(i18n, decorations.new)}</h1>
            <form class="card form-grid" on:submit=submit novalidate>
                <div class="wide"><crate::drafts::DraftNote restored on_discard=Callback::new(reset) /></div>
                <UnitPicker unit reporter=owner phone />
                <label>{t!(i18n, decorations.owner)}<input id="deco-owner" bind:value=owner /></label>
                <label>{t!(i18n, decorations.contractor)}<input id="deco-contractor" bind:value=contractor /></label>
                <label>{t!(i18n, decorations.workers)}<input id="deco-workers" placeholder=move || t_string!(i18n, decorations.workers_hint) bind:value=workers /></label>
                <label>{t!(i18n, decorations.start)}<input id="deco-start" type="date" bind:value=start /></label>
                <label>{t!(i18n, decorations.end)}<input id="deco-end" type="date" bind:value=end /></label>
                <label>{t!(i18n, decorations.hours)}<input id="deco-hours" bind:value=hours /></label>
                <fieldset class="wide scope">
                    {move || view! {
                        {scope_box("scope-walls", t_string!(i18n, decorations.scope_walls), |s| s.walls, |s, v| s.walls = v)}
                        {scope_box("scope-plumbing", t_string!(i18n, decorations.scope_plumbing), |s| s.plumbing, |s, v| s.plumbing = v)}
                        {scope_box("scope-electrical", t_string!(i18n, decorations.scope_electrical), |s| s.electrical, |s, v| s.electrical = v)}
                        {scope_box("scope-ceiling", t_string!(i18n, decorations.scope_ceiling), |s| s.ceiling, |s, v| s.ceiling = v)}
                        {scope_box("scope-wet-rooms", t_string!(i18n, decorations.scope_wet_rooms), |s| s.wet_rooms, |s, v| s.wet_rooms = v)}
                    }}
                </fieldset>
                <table class="list wide" id="deco-documents">
                    <thead><tr><th>{t!(i18n, decorations.documents)}</th><th>{t!(i18n, decorations.received)}</th><th>{t!(i18n, decorations.signed)}</th></tr></thead>
                    <tbody>
                        {move || scope.with(required).into_iter().map(|kind| {
                            let key = format!("{kind:?}").to_lowercase();
                            view! {
                                <tr>
                                    <td>{doc_name(i18n, kind)}</td>
                                    <td><input class=format!("doc-received {key}") type="checkbox" prop:checked=move || ticked(kind, 0) on:change=move |ev| tick(kind, 0, event_target_checked(&ev)) /></td>
                                    <td><input class=format!("doc-signed {key}") type="checkbox" prop:checked=move || ticked(kind, 1) on:change=move |ev| tick(kind, 1, event_target_checked(&ev)) /></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || error.get().map(|e| view! { <p class="error wide" role="alert">{e}</p> })}
                <button id="deco-submit" type="submit" class="primary wide">{t!(i18n, decorations.submit_application)}</button>
            </form>
        </section>
    }
}
