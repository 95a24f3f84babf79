//! Open rectification notices: pending, due for re-inspection (deadline passed — shown to
//! the managers as an escalation), and the re-inspection itself.

use crate::decorations;
use crate::i18n::*;
use crate::sync::use_sync;
use crate::sync_text::refusal_text;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use steward_domain::decoration::violation::{NoticeState, state};
use steward_domain::money::parse_yuan;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::ReinspectNotice;

fn parse(iso: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(iso).ok().map(|d| d.with_timezone(&chrono::Utc))
}

#[component]
pub fn Notices() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let note = RwSignal::new(String::new());
    let deduction = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let clock = RwSignal::new(crate::clock::now_utc());
    set_interval(move || clock.set(crate::clock::now_utc()), std::time::Duration::from_secs(30));
    let reinspect = move |id: String, rectified: bool| {
        let Some(amount) = parse_yuan(&deduction.get_untracked()) else {
            error.set(Some(t_string!(i18n, errors.invalid).to_string()));
            return;
        };
        let m = Mutation::ReinspectNotice(ReinspectNotice {
            id,
            rectified,
            note: note.get_untracked(),
            deduction: amount,
        });
        match engine.mutate(m) {
            Ok(()) => {
                note.set(String::new());
                deduction.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(refusal_text(i18n, e))),
        }
    };
    view! {
        <h2>{t!(i18n, decorations.notices)}</h2>
        <ul class="cards" id="notices">
            {move || {
                let now = clock.get();
                let open: Vec<_> = decorations::notices(engine)
                    .into_iter()
                    .map(|(id, n, pending)| {
                        let s = parse(&n.deadline).map(|d| state(n.status, d, now)).unwrap_or(NoticeState::Pending);
                        (id, n, pending, s)
                    })
                    .filter(|(_, _, _, s)| *s != NoticeState::Closed)
                    .collect();
                if open.is_empty() {
                    return view! { <li class="hint">{t!(i18n, decorations.no_notices)}</li> }.into_any();
                }
                open.into_iter().map(|(id, n, pending, s)| {
                    let (class, label) = match s {
                        NoticeState::Pending => ("tag plan", t_string!(i18n, decorations.notice_pending)),
                        NoticeState::ReinspectionDue => ("tag urgent", t_string!(i18n, decorations.notice_due)),
                        NoticeState::Escalated => ("tag urgent", t_string!(i18n, decorations.notice_escalated)),
                        NoticeState::Closed => ("tag", t_string!(i18n, decorations.notice_closed)),
                    };
                    let (a, b) = (id.clone(), id.clone());
                    view! {
                        <li class="card notice" class:pending=pending class:due=s == NoticeState::ReinspectionDue>
                            <div class="page-head">
                                <h3>{n.unit.clone()}</h3>
                                <span class=class>{label}</span>
                            </div>
                            <ul>{n.items.iter().map(|i| view! { <li><strong class="violation">{crate::ticket_text::checklist_words(i18n, &i.violation_text())}</strong> {move || crate::language::colon(i18n)} {i.note.clone()}</li> }).collect_view()}</ul>
                            <p class="hint">{t!(i18n, decorations.deadline)} ": " {crate::ticket_text::short_time(&n.deadline)} " · " {n.issued_by_name.clone()}</p>
                            <NoticePhotos patrol_id=n.patrol_id.clone() keys=n.items.iter().map(|i| i.key.clone()).collect() />
                            <A href=format!("/notices/{id}") attr:class="button print-notice">{t!(i18n, notice.print)}</A>
                            {(s == NoticeState::ReinspectionDue).then(|| view! {
                                <div class="reinspect">
                                    <input class="reinspect-note" placeholder=move || t_string!(i18n, tickets.note) bind:value=note />
                                    <input class="reinspect-deduction" inputmode="decimal" placeholder=move || t_string!(i18n, decorations.deduction) bind:value=deduction />
                                    <div class="buttons">
                                        <button class="reinspect-ok" on:click=move |_| reinspect(a.clone(), true)>{t!(i18n, decorations.rectified)}</button>
                                        <button class="reinspect-fail primary" on:click=move |_| reinspect(b.clone(), false)>{t!(i18n, decorations.not_rectified)}</button>
                                    </div>
                                </div>
                            })}
                        </li>
                    }
                }).collect_view().into_any()
            }}
        </ul>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}

/// The photos the patrol took of the notice's items.
#[component]
fn NoticePhotos(patrol_id: String, keys: Vec<String>) -> impl IntoView {
    let engine = use_sync();
    let photos: Vec<_> = engine
        .one::<steward_domain::decoration::record::Patrol>(&patrol_id)
        .map(|p| p.results.into_iter().filter(|r| keys.contains(&r.key)).flat_map(|r| r.photos).collect())
        .unwrap_or_default();
    (!photos.is_empty()).then(|| {
        view! {
            <div class="photos notice-photos">
                {photos.into_iter().map(|photo| view! { <crate::photos::PhotoThumb photo /> }).collect_view()}
            </div>
        }
    })
}

/// 整改通知书 as handed to the owner: what is wrong, by when, and lines to sign.
#[component]
pub fn NoticePrint() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let params = use_params_map();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let Some(n) =
            decorations::notices(engine).into_iter().find(|(nid, _, _)| *nid == id).map(|(_, n, _)| n)
        else {
            return view! { <section class="page"><p>{t!(i18n, decorations.no_notices)}</p></section> }
                .into_any();
        };
        let owner =
            decorations::one(engine, &n.decoration_id).map(|d| (d.owner, d.contractor)).unwrap_or_default();
        let property =
            crate::session::use_session().me.get_untracked().map(|m| m.property_name).unwrap_or_default();
        view! {
            <section class="page printable notice-print" id="notice-print">
                <p class="notice-property">{property.clone()}</p>
                <h1>{t!(i18n, decorations.notices)}</h1>
                <dl class="facts">
                    <dt>{t!(i18n, decorations.unit)}</dt><dd>{n.unit.clone()}</dd>
                    <dt>{t!(i18n, decorations.owner)}</dt><dd>{owner.0}</dd>
                    <dt>{t!(i18n, decorations.contractor)}</dt><dd>{owner.1}</dd>
                </dl>
                <p>{t!(i18n, notice.body)}</p>
                <ol class="notice-items">{n.items.iter().map(|i| view! { <li><strong class="violation">{crate::ticket_text::checklist_words(i18n, &i.violation_text())}</strong> {move || crate::language::colon(i18n)} {i.note.clone()}</li> }).collect_view()}</ol>
                <NoticePhotos patrol_id=n.patrol_id.clone() keys=n.items.iter().map(|i| i.key.clone()).collect() />
                <p class="deadline"><strong>{t!(i18n, decorations.deadline)} {move || crate::language::colon(i18n)} {crate::ticket_text::full_time(&n.deadline)}</strong></p>
                <p>{t!(i18n, notice.consequence)}</p>
                <p class="hint">{t!(i18n, notice.issued)} " " {n.issued_by_name.clone()} " · " {crate::ticket_text::full_time(&n.issued_at)}</p>
                <p class="signature">{t!(i18n, notice.owner_signs)} " ________________ " {t!(i18n, notice.date)} " ____________"</p>
                <button class="no-print primary" on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{t!(i18n, notice.print)}</button>
            </section>
        }.into_any()
    }
}
