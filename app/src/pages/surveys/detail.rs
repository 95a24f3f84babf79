//! One survey: coverage per building against the 70 % target (the homes left, each a tap
//! to answer for), each question's results as bars, the answer form for the counter and the
//! door, and the QR sheet households answer from.

use super::*;
use leptos_router::hooks::use_params_map;
use steward_domain::announcement::record::Channel;
use steward_domain::survey::QuestionResult;
use steward_domain::survey::record::{Answer, TARGET_PERCENT, response_id};
use steward_domain::sync::commands::AnswerSurvey;

#[component]
pub fn SurveyDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let engine = use_sync();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    // Drawn again only when the survey itself changes (see the notice's page).
    let survey = Memo::new(move |_| engine.one::<Survey>(&id.get()));
    move || {
        let id = id.get();
        match survey.get() {
            None => view! { <section class="page"><p>{t!(i18n, surveys.none)}</p><a href="/surveys">{t!(i18n, surveys.back)}</a></section> }.into_any(),
            Some(s) => view! { <SurveyView id=id s=s /> }.into_any(),
        }
    }
}

/// The question in the reader's language (its English where the manager wrote one).
fn question(i18n: I18nContext<Locale>, q: &steward_domain::survey::record::Question) -> String {
    if crate::ticket_text::english(i18n) && !q.text_en.is_empty() {
        q.text_en.clone()
    } else {
        q.text.clone()
    }
}

/// A bar `count` of `whole` wide, with its figure.
fn bar(label: String, count: u32, whole: u32) -> impl IntoView {
    let pct = steward_domain::coverage::percent(count as usize, whole as usize);
    let key = label.clone();
    view! {
        <div class="result-bar" data-label=key>
            <span class="label">{label}</span>
            <div class="bar"><span style=format!("width:{pct}%")></span></div>
            <span class="count">{count} " (" {pct} "%)"</span>
        </div>
    }
}

#[component]
fn SurveyView(id: String, s: Survey) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let directory = crate::directory::use_directory();
    let me = crate::session::use_session().me;
    let answers_here = move || me.get().is_some_and(|m| m.role.runs_the_desk() || m.role == Role::Patrol);
    let open = s.open_on(crate::clock::today());
    let (id_rows, s_rows) = (StoredValue::new(id.clone()), StoredValue::new(s.clone()));
    let responses = move || responses_of(engine, &id_rows.read_value());
    let rows = move || {
        let units = super::super::notices::register(&directory.get());
        steward_domain::survey::coverage(&s_rows.read_value(), units.iter().map(String::as_str), &responses())
    };
    let results = move || steward_domain::survey::results(&s_rows.read_value(), &responses());
    let (id_form, s_form) = (id.clone(), s.clone());
    let unit = RwSignal::new(String::new());
    let url = super::super::notices::household_url(&format!("/s/{id}"));
    let qr = crate::tickets::qr_svg(&url);
    view! {
        <section class="page" id="survey-detail">
            <a class="no-print" href="/surveys">{t!(i18n, surveys.back)}</a>
            <h1>{s.title.clone()}</h1>
            <p>{s.opens.to_string()} " – " {s.closes.to_string()} " · "
                {if s.buildings.is_empty() { t_string!(i18n, surveys.all_homes).to_string() } else { s.buildings.join("、") }}
                " · " {s.created_by_name.clone()}</p>
            <section class="card no-print" id="survey-coverage">
                <h2>{t!(i18n, surveys.coverage)} " (" {t!(i18n, surveys.target)} " " {TARGET_PERCENT} "%)"</h2>
                {move || {
                    let rows = rows();
                    let (homes, reached) = steward_domain::coverage::total(&rows);
                    view! {
                        <p id="survey-coverage-total"><strong>{reached} " / " {homes}</strong> " " {t!(i18n, surveys.homes_answered)}
                            " (" {steward_domain::coverage::percent(reached, homes)} "%)"</p>
                        <table class="coverage">
                            <thead><tr><th>{t!(i18n, surveys.building)}</th><th>{t!(i18n, surveys.answered)}</th><th>{t!(i18n, surveys.left)}</th></tr></thead>
                            <tbody>{rows.into_iter().map(|b| {
                                let met = b.meets(TARGET_PERCENT);
                                view! {
                                    <tr data-building=b.building.clone() class:met=met class:short=!met>
                                        <th>{b.building.clone()}</th>
                                        <td class="count">{b.reached} "/" {b.homes} " · " {b.percent()} "% "
                                            {if met { "✓" } else { "✗" }}
                                            <div class="bar target"><span style=format!("width:{}%", b.percent())></span></div></td>
                                        <td class="missing">{b.missing.iter().take(60).map(|u| {
                                            let u2 = u.clone();
                                            view! { <button type="button" class="chip" data-unit=u.clone() disabled=move || !(open && answers_here()) on:click=move |_| unit.set(u2.clone())>{u.clone()}</button> }
                                        }).collect_view()}
                                        {(b.missing.len() > 60).then(|| view! { <span class="hint">"… +" {b.missing.len() - 60}</span> })}</td>
                                    </tr>
                                }
                            }).collect_view()}</tbody>
                        </table>
                    }
                }}
            </section>
            {(open).then(|| view! { <Show when=answers_here><AnswerForm id=id_form.clone() s=s_form.clone() unit=unit /></Show> })}
            <section class="card" id="survey-results">
                <h2>{t!(i18n, surveys.results)}</h2>
                {move || {
                    results().into_iter().zip(s_rows.read_value().questions.clone()).enumerate().map(|(i, (r, q))| {
                        let n = r.answered();
                        view! {
                            <figure class="question-result" data-question=i>
                                <figcaption>{i + 1} ". " {question(i18n, &q)} " · " {t!(i18n, surveys.answers)} " " {n}
                                    {r.average().map(|a| format!(" · ★{a}"))}
                                    {r.satisfied_percent().map(|p| format!(" · {} {p}%", t_string!(i18n, surveys.satisfied_rate)))}</figcaption>
                                {match r {
                                    QuestionResult::Rating { counts } => (1..=5).rev().map(|k| bar(format!("{k}★"), counts[k - 1], n)).collect_view().into_any(),
                                    QuestionResult::YesNo { yes, no } => view! {
                                        {bar(t_string!(i18n, surveys.yes).to_string(), yes, n)}
                                        {bar(t_string!(i18n, surveys.no).to_string(), no, n)}
                                    }.into_any(),
                                    QuestionResult::Text { answers } => view! {
                                        <ul class="text-answers">{answers.into_iter().map(|(u, t)| view! { <li><small>{u}</small> " " {t}</li> }).collect_view()}</ul>
                                    }.into_any(),
                                }}
                            </figure>
                        }
                    }).collect_view()
                }}
            </section>
            <section class="card printable survey-qr-sheet" id="survey-qr">
                <h2>{s.title.clone()}</h2>
                <div class="slip-qr poster-qr" inner_html=qr data-qr=url.clone()></div>
                <p>"请扫码填写问卷，每户一份。" <br /><span lang="en">"Scan to answer — one response per home."</span></p>
                <p class="hint">{s.opens.to_string()} " – " {s.closes.to_string()}</p>
                <button class="no-print" id="survey-print" on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{t!(i18n, surveys.print_qr)}</button>
            </section>
        </section>
    }
}

/// The answers of one home, taken at the counter or at its door.
#[component]
fn AnswerForm(id: String, s: Survey, unit: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let respondent = RwSignal::new(String::new());
    // The butler's phone is at the door; a tablet at the counter unless its user went round.
    let door = RwSignal::new(me.get_untracked().is_some_and(|m| m.role == Role::Patrol));
    let answers: Vec<RwSignal<String>> = s.questions.iter().map(|_| RwSignal::new(String::new())).collect();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let kinds: Vec<QuestionKind> = s.questions.iter().map(|q| q.kind).collect();
    let fields = answers.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let label = steward_domain::property::canonical_unit(&unit.get_untracked());
        let given = kinds
            .iter()
            .zip(&fields)
            .map(|(k, v)| {
                let v = v.get_untracked();
                match (k, v.trim()) {
                    (_, "") => Answer::Skipped,
                    (QuestionKind::Rating, n) => Answer::Rating(n.parse().unwrap_or(0)),
                    (QuestionKind::YesNo, y) => Answer::YesNo(y == "yes"),
                    (QuestionKind::Text, t) => Answer::Text(t.to_string()),
                }
            })
            .collect();
        let channel = if door.get_untracked() { Channel::DoorToDoor } else { Channel::Desk };
        let m = Mutation::AnswerSurvey(AnswerSurvey {
            id: response_id(&id, &label),
            survey_id: id.clone(),
            unit: label.clone(),
            channel,
            respondent: respondent.get_untracked(),
            answers: given,
        });
        if crate::form_send::send(i18n, engine, m, error) {
            done.set(Some(label));
            unit.set(String::new());
            respondent.set(String::new());
            for a in &fields {
                a.set(String::new());
            }
        }
    };
    view! {
        <form class="card form-grid" id="survey-answer" on:submit=submit novalidate>
            <h2 class="wide">{t!(i18n, surveys.take)}</h2>
            <label>{t!(i18n, surveys.unit)}<input id="survey-unit" placeholder="3栋-1502" bind:value=unit /></label>
            <label>{t!(i18n, surveys.respondent)}<input id="survey-respondent" bind:value=respondent /></label>
            <label class="inline"><input type="checkbox" id="survey-door" bind:checked=door /> " " {t!(i18n, surveys.door_to_door)}</label>
            {s.questions.iter().zip(answers).enumerate().map(|(i, (q, a))| {
                let name = format!("answer-{i}");
                view! {
                    <fieldset class="wide question" data-question=i>
                        <legend>{i + 1} ". " {question(i18n, q)}</legend>
                        {match q.kind {
                            QuestionKind::Rating => (1..=5u8).rev().map(|r| view! {
                                <label class="inline"><input type="radio" name=name.clone() value=r.to_string()
                                    prop:checked=move || a.get() == r.to_string() on:change=move |_| a.set(r.to_string()) /> " " {r} "★"</label>
                            }).collect_view().into_any(),
                            QuestionKind::YesNo => view! {
                                <label class="inline"><input type="radio" name=name.clone() value="yes" prop:checked=move || a.get() == "yes" on:change=move |_| a.set("yes".into()) /> " " {t!(i18n, surveys.yes)}</label>
                                <label class="inline"><input type="radio" name=name.clone() value="no" prop:checked=move || a.get() == "no" on:change=move |_| a.set("no".into()) /> " " {t!(i18n, surveys.no)}</label>
                            }.into_any(),
                            QuestionKind::Text => view! { <textarea rows="2" bind:value=a></textarea> }.into_any(),
                        }}
                    </fieldset>
                }
            }).collect_view()}
            {move || error.get().map(|e| view! { <p class="error wide" id="survey-answer-error" role="alert">{e}</p> })}
            {move || done.get().map(|u| view! { <p class="ok wide" id="survey-answer-done" role="status">{u} " " {t!(i18n, surveys.recorded)}</p> })}
            <button type="submit" class="primary" id="survey-answer-submit">{t!(i18n, surveys.record)}</button>
        </form>
    }
}
