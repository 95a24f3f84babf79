//! 满意度调查: the manager writes a questionnaire for a period and some or all buildings;
//! the desk and the butlers take one response per home (at the counter, door to door with no
//! network), households answer from the printed QR code. Coverage against the 70 % target
//! and each question's results are the domain's (`steward_domain::survey`).

use crate::i18n::*;
use crate::sync::{SyncEngine, use_sync};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use steward_domain::Role;
use steward_domain::survey::commands::NewSurvey;
use steward_domain::survey::record::{Question, QuestionKind, Survey, SurveyResponse};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::PublishSurvey;

mod detail;

pub use detail::SurveyDetail;

const DRAFT: &str = "survey";

pub(crate) fn kind_text(i18n: I18nContext<Locale>, k: QuestionKind) -> &'static str {
    match k {
        QuestionKind::Rating => t_string!(i18n, surveys.kind_rating),
        QuestionKind::YesNo => t_string!(i18n, surveys.kind_yes_no),
        QuestionKind::Text => t_string!(i18n, surveys.kind_text),
    }
}

const KINDS: [QuestionKind; 3] = [QuestionKind::Rating, QuestionKind::YesNo, QuestionKind::Text];

/// The responses to survey `id` held on this device.
pub(crate) fn responses_of(engine: SyncEngine, id: &str) -> Vec<SurveyResponse> {
    engine.typed::<SurveyResponse>().into_iter().map(|(_, r, _)| r).filter(|r| r.survey_id == id).collect()
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Draft {
    title: String,
    intro: String,
    questions: Vec<(String, String, String)>,
    opens: String,
    closes: String,
    buildings: String,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            title: String::new(),
            intro: String::new(),
            questions: vec![(String::new(), String::new(), "Rating".into())],
            opens: String::new(),
            closes: String::new(),
            buildings: String::new(),
        }
    }
}

fn kind_of(wire: &str) -> QuestionKind {
    KINDS.into_iter().find(|k| format!("{k:?}") == wire).unwrap_or(QuestionKind::Rating)
}

#[component]
pub fn SurveysPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let manager = move || me.get().is_some_and(|m| m.role == Role::Manager);
    let directory = crate::directory::use_directory();
    let list = move || {
        let mut all = engine.typed::<Survey>();
        all.sort_by_key(|s| std::cmp::Reverse(s.1.opens));
        all
    };
    view! {
        <section class="page" id="surveys">
            <h1>{t!(i18n, surveys.title)}</h1>
            <p class="intro">{t!(i18n, surveys.intro)}</p>
            <Show when=manager><SurveyForm /></Show>
            <section class="card" id="surveys-list">
                <h2>{t!(i18n, surveys.list)}</h2>
                <ul>
                    {move || list().into_iter().map(|(id, s, _)| {
                        let units = super::notices::register(&directory.get());
                        let rows = steward_domain::survey::coverage(&s, units.iter().map(String::as_str), &responses_of(engine, &id));
                        let (homes, reached) = steward_domain::coverage::total(&rows);
                        let today = crate::clock::today();
                        let state = if s.open_on(today) {
                            t_string!(i18n, surveys.open)
                        } else if today < s.opens {
                            t_string!(i18n, surveys.not_started)
                        } else {
                            t_string!(i18n, surveys.ended)
                        };
                        view! {
                            <li class="survey-row" data-title=s.title.clone()>
                                <a href=format!("/surveys/{id}")><strong>{s.title.clone()}</strong></a> " "
                                <span class="tag">{state}</span>
                                <br /><small>{s.opens.to_string()} " – " {s.closes.to_string()} " · " {t!(i18n, surveys.answered)} " " {reached} "/" {homes}
                                    " (" {steward_domain::coverage::percent(reached, homes)} "%)"</small>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </section>
    }
}

/// One question being written: its own signals, so typing in one box redraws nothing else.
#[derive(Clone, Copy)]
struct Q {
    key: u32,
    text: RwSignal<String>,
    en: RwSignal<String>,
    kind: RwSignal<String>,
}

impl Q {
    fn new(key: u32, (text, en, kind): (String, String, String)) -> Q {
        Q { key, text: RwSignal::new(text), en: RwSignal::new(en), kind: RwSignal::new(kind) }
    }
}

/// The manager's questionnaire, kept as a draft while it is written.
#[component]
fn SurveyForm() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let kept: Draft = crate::drafts::load(DRAFT).unwrap_or_default();
    let restored = RwSignal::new(kept != Draft::default());
    let next = StoredValue::new(kept.questions.len() as u32);
    let qs = RwSignal::new(
        kept.questions.iter().cloned().enumerate().map(|(i, q)| Q::new(i as u32, q)).collect::<Vec<_>>(),
    );
    let d = RwSignal::new(Draft { questions: Vec::new(), ..kept });
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let whole = move || Draft {
        questions: qs.get().iter().map(|q| (q.text.get(), q.en.get(), q.kind.get())).collect(),
        ..d.get()
    };
    Effect::new(move |_| {
        let now = whole();
        crate::drafts::keep_or_drop(DRAFT, &now, now == Draft::default());
    });
    let add = move || {
        let key = next.get_value();
        next.set_value(key + 1);
        qs.update(|v| v.push(Q::new(key, (String::new(), String::new(), "Rating".into()))));
    };
    let reset = move || {
        d.set(Draft { questions: Vec::new(), ..Draft::default() });
        qs.set(Vec::new());
        add();
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let x = whole();
        let (Ok(opens), Ok(closes)) = (x.opens.parse(), x.closes.parse()) else {
            error.set(Some(t_string!(i18n, sync.field_period).to_string()));
            return;
        };
        let id = crate::clock::new_id();
        let m = Mutation::PublishSurvey(PublishSurvey {
            id: id.clone(),
            survey: NewSurvey {
                title: x.title,
                intro: x.intro,
                questions: x
                    .questions
                    .iter()
                    .map(|(text, text_en, kind)| Question {
                        text: text.clone(),
                        text_en: text_en.clone(),
                        kind: kind_of(kind),
                    })
                    .collect(),
                opens,
                closes,
                buildings: x
                    .buildings
                    .split([',', '，', '、', ' '])
                    .map(str::trim)
                    .filter(|b| !b.is_empty())
                    .map(String::from)
                    .collect(),
            },
        });
        if crate::form_send::send(i18n, engine, m, error) {
            done.set(Some(id));
            reset();
            restored.set(false);
            crate::drafts::discard(DRAFT);
        }
    };
    let text = move |get: fn(&Draft) -> &String, set: fn(&mut Draft, String)| {
        (move || get(&d.read()).clone(), move |ev| d.update(|x| set(x, event_target_value(&ev))))
    };
    let (title, on_title) = text(|x| &x.title, |x, v| x.title = v);
    let (intro, on_intro) = text(|x| &x.intro, |x, v| x.intro = v);
    let (opens, on_opens) = text(|x| &x.opens, |x, v| x.opens = v);
    let (closes, on_closes) = text(|x| &x.closes, |x, v| x.closes = v);
    let (buildings, on_buildings) = text(|x| &x.buildings, |x, v| x.buildings = v);
    view! {
        <form class="card form-grid" id="survey-form" on:submit=submit novalidate>
            <h2 class="wide">{t!(i18n, surveys.write)}</h2>
            <Show when=move || restored.get() || whole() != Draft::default()>
                <div class="wide"><crate::drafts::DraftNote restored on_discard=Callback::new(move |_| reset()) /></div>
            </Show>
            <label class="wide">{t!(i18n, surveys.name)}<input id="survey-title" prop:value=title on:input=on_title /></label>
            <label class="wide">{t!(i18n, surveys.intro_label)}<input id="survey-intro" prop:value=intro on:input=on_intro /></label>
            <label>{t!(i18n, surveys.opens)}<input id="survey-opens" type="date" prop:value=opens on:input=on_opens /></label>
            <label>{t!(i18n, surveys.closes)}<input id="survey-closes" type="date" prop:value=closes on:input=on_closes /></label>
            <label class="wide">{t!(i18n, surveys.buildings)}<input id="survey-buildings" placeholder=move || t_string!(i18n, surveys.buildings_hint) prop:value=buildings on:input=on_buildings /></label>
            <ol class="wide" id="survey-questions">
                <For each=move || qs.get() key=|q| q.key children=move |q: Q| view! {
                    <li class="survey-question">
                        <input class="q-text" aria-label=move || t_string!(i18n, surveys.question) placeholder=move || t_string!(i18n, surveys.question) bind:value=q.text />
                        <input class="q-text-en" lang="en" aria-label=move || t_string!(i18n, surveys.question_en) placeholder=move || t_string!(i18n, surveys.question_en) bind:value=q.en />
                        <select class="q-kind" aria-label=move || t_string!(i18n, surveys.kind) on:change=move |ev| q.kind.set(event_target_value(&ev))>
                            {KINDS.into_iter().map(|k| view! {
                                <option value=format!("{k:?}") selected=move || kind_of(&q.kind.get()) == k>{move || kind_text(i18n, k)}</option>
                            }).collect_view()}
                        </select>
                        <button type="button" class="link" on:click=move |_| qs.update(|v| if v.len() > 1 { v.retain(|x| x.key != q.key) })>{t!(i18n, surveys.remove)}</button>
                    </li>
                } />
            </ol>
            <button type="button" id="survey-add" on:click=move |_| add()>{t!(i18n, surveys.add)}</button>
            {move || error.get().map(|e| view! { <p class="error wide" id="survey-error" role="alert">{e}</p> })}
            {move || done.get().map(|id| view! { <p class="ok wide" id="survey-done" role="status">{t!(i18n, surveys.published)} " " <a href=format!("/surveys/{id}")>{t!(i18n, surveys.open_it)}</a></p> })}
            <button type="submit" class="primary" id="survey-submit">{t!(i18n, surveys.publish)}</button>
        </form>
    }
}
