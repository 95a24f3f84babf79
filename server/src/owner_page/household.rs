//! The pages a household opens from a poster's or a questionnaire's QR code: `/n/<id>` reads a
//! notice and says the home has read it (an activity: signs up, or gives feedback after),
//! `/s/<id>` answers a survey. No account: the household names its unit and a phone on
//! file ([`crate::home_access`]). Rendered here, a few kilobytes, usable with JavaScript off.

use super::render::{Notice, Property, notice, page, time};
use super::words::Lang;
use crate::error::ApiError;
use crate::home_access::{self, Refused};
use crate::state::AppState;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::{Markup, html};
use std::net::SocketAddr;
use steward_domain::announcement::record::{Announcement, AnnouncementReply, Channel, reply_id};
use steward_domain::field::Field;
use steward_domain::survey::record::{Answer, QuestionKind, Survey, response_id};
use steward_domain::sync::commands::{AnswerSurvey, ReplyToAnnouncement};
use steward_domain::sync::{Kind, Mutation, RejectionCode};

/// Twenty answers of 300 characters, each Chinese character 9 bytes once form-encoded
/// (54 KB), with the unit, phone and name: nothing larger is read.
const FORM_BODY_LIMIT: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/n/{id}", get(notice_page).post(notice_reply))
        .route("/s/{id}", get(survey_page).post(survey_answer))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    lang: Option<String>,
    done: Option<String>,
}

type Fields = Vec<(String, String)>;

fn field<'a>(form: &'a Fields, name: &str) -> &'a str {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

fn not_found(lang: Lang, property: &Property, path: &str) -> Response {
    let what = if path.starts_with("/s/") {
        lang.pick("找不到这份问卷，可能已结束。", "This survey was not found; it may have ended.")
    } else {
        lang.pick("找不到这份通知，可能已撤下。", "This notice was not found; it may have been taken down.")
    };
    let body = html! { p.error role="alert" id="owner-message" { (what) } };
    super::html(StatusCode::NOT_FOUND, page(lang, property, lang.pick("未找到", "Not found"), path, body))
}

/// A form that could not be read (too long, not a form): said so, nothing written.
fn unreadable(lang: Lang, e: &axum::extract::rejection::FormRejection) -> (StatusCode, Notice) {
    let text = lang.pick(
        "提交的内容过长或无法读取，请精简后重试。",
        "What was sent is too long or unreadable; shorten it and try again.",
    );
    (e.status(), Notice::Error(text.to_string()))
}

/// Which page a refusal is about, for its wording.
#[derive(Clone, Copy, PartialEq)]
enum Page {
    Notice,
    Survey,
}

/// The household's own words for why its reply was not taken.
fn why(lang: Lang, page: Page, refused: &Refused) -> (StatusCode, String) {
    let say = |zh: &'static str, en: &'static str| lang.pick(zh, en).to_string();
    match refused {
        Refused::Failed(ApiError::NotFound) => (
            StatusCode::NOT_FOUND,
            say(
                "房号与登记的业主电话不符，请核对或联系服务中心。",
                "The unit and phone do not match our register; check them or call the service centre.",
            ),
        ),
        Refused::Failed(ApiError::Invalid { .. }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            say("请按“3栋-1502”的格式填写房号。", "Write the unit as 3栋-1502."),
        ),
        Refused::Failed(ApiError::Throttled { retry_after_secs }) => {
            (StatusCode::TOO_MANY_REQUESTS, super::render::throttled(lang, *retry_after_secs))
        }
        Refused::Failed(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            say("暂时无法提交，请稍后再试。", "Could not be sent; please try again later."),
        ),
        Refused::Rules(r) => {
            let text = match (r.code, r.field) {
                (RejectionCode::Conflict, Some(Field::Home)) if page == Page::Survey => {
                    say("本户已提交过问卷，感谢参与。", "Your home has already answered; thank you.")
                }
                (RejectionCode::Conflict, Some(Field::Count)) if r.message.contains("full") => {
                    say("报名人数已满。", "The activity is full.")
                }
                (RejectionCode::Conflict, Some(Field::Count)) => {
                    say("活动已开始，报名已截止。", "The activity has begun; sign-ups are closed.")
                }
                (RejectionCode::Conflict, Some(Field::Rating)) => {
                    say("本户已提交过活动反馈。", "Your home has already given its feedback.")
                }
                (RejectionCode::Conflict, _) => {
                    say("本通知或问卷已结束。", "This notice or survey has ended.")
                }
                (RejectionCode::Invalid | RejectionCode::NotFound, Some(Field::Unit | Field::Home)) => {
                    match page {
                        Page::Notice => say("本通知不涉及该房号。", "This notice is not for that home."),
                        Page::Survey => say("本问卷不涉及该房号。", "This survey is not for that home."),
                    }
                }
                (RejectionCode::Invalid, Some(Field::Answers)) => {
                    say("请至少回答一个问题，评分为 1–5。", "Answer at least one question; ratings are 1–5.")
                }
                (RejectionCode::Invalid, Some(Field::Resident)) => {
                    say("请填写真实姓名，或留空。", "Write your name, or leave it empty.")
                }
                _ => say(
                    "提交的内容有误，请检查后重试。",
                    "Something in the form is not right; check it and try again.",
                ),
            };
            let status = if r.code == RejectionCode::Conflict {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            (status, text)
        }
    }
}

/// The unit and phone boxes every household form starts with.
fn who(lang: Lang, form: &Fields) -> Markup {
    html! {
        label { (lang.pick("房号", "Home (building-room)"))
            input id="home-unit" name="unit" value=(field(form, "unit")) required autocomplete="off" maxlength="30" placeholder="3栋-1502";
        }
        label { (lang.pick("业主登记电话", "Owner's phone on file"))
            input id="home-phone" name="phone" value=(field(form, "phone")) required type="tel" inputmode="tel" autocomplete="tel" maxlength="20";
        }
    }
}

fn done(lang: Lang, q: &PageQuery) -> Notice {
    if q.done.is_some() {
        Notice::Ok(lang.pick("已记录，谢谢！", "Recorded — thank you!"))
    } else {
        Notice::None
    }
}

// ---- Notices ----

async fn notice_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let lang = Lang::choose(q.lang.as_deref());
    render_notice(&state, lang, &id, &Vec::new(), done(lang, &q), StatusCode::OK).await
}

async fn render_notice(
    state: &AppState,
    lang: Lang,
    id: &str,
    form: &Fields,
    n: Notice,
    status: StatusCode,
) -> Response {
    let property = super::property(state).await;
    let path = format!("/n/{id}");
    let found: Option<Announcement> = home_access::record(state, Kind::Announcement, id).await.ok().flatten();
    let Some(a) = found
        .filter(|a| a.approved.is_some() && a.topic != steward_domain::announcement::record::Topic::Liaison)
    else {
        return not_found(lang, &property, &path);
    };
    let now = state.config.now();
    let replies: Vec<AnnouncementReply> =
        home_access::records_where(state, Kind::AnnouncementReply, "announcement_id", id)
            .await
            .unwrap_or_default();
    let taken: u32 = replies.iter().filter_map(|r| r.sign_up.as_ref()).map(|s| s.people).sum();
    let (title, body) = match lang {
        Lang::En if !a.title_en.is_empty() => {
            (a.title_en.clone(), if a.body_en.is_empty() { a.body.clone() } else { a.body_en.clone() })
        }
        _ => (a.title.clone(), a.body.clone()),
    };
    let begun = a.activity_begun(&now);
    let markup = html! {
        (notice(&n))
        article.card id="notice-text" {
            @for para in body.lines().filter(|l| !l.trim().is_empty()) { p { (para) } }
            dl {
                @if let (Some(s), Some(e)) = (&a.starts, &a.ends) {
                    dt { (lang.pick("时间", "When")) } dd id="notice-window" { (time(s)) " – " (time(e)) }
                }
                @if let Some(act) = &a.activity {
                    dt { (lang.pick("活动时间", "When")) } dd { (time(&act.at)) }
                    dt { (lang.pick("地点", "Where")) } dd { (act.place) }
                    @if act.capacity > 0 {
                        dt { (lang.pick("剩余名额", "Places left")) } dd id="notice-places" { (act.capacity.saturating_sub(taken)) " / " (act.capacity) }
                    }
                }
                dt { (lang.pick("发布", "Issued")) } dd { (a.approved.as_ref().map(|s| time(&s.at)).unwrap_or_default()) }
                dt { (lang.pick("有效至", "Until")) } dd { (a.expires.to_string()) }
            }
        }
        @if a.open_to_homes() || a.takes_feedback(&now) {
            form.card id="notice-reply" method="post" action={ "/n/" (id) "?lang=" (lang.code()) } {
                h2 { @match begun {
                    Some(true) => (lang.pick("活动反馈", "Your feedback")),
                    Some(false) => (lang.pick("已阅并报名", "Read it, and sign up")),
                    None => (lang.pick("确认已阅", "Confirm you have read it")),
                } }
                (who(lang, form))
                @match begun {
                    Some(false) => {
                        label { (lang.pick("报名人数（只确认已阅请留空）", "People coming (leave empty to only confirm reading)"))
                            input id="home-people" name="people" type="number" min="1" max="10" value=(field(form, "people"));
                        }
                        label.inline { input type="checkbox" id="home-cancel" name="cancel" value="1"; " " (lang.pick("取消本户的报名", "Cancel my home's sign-up")) }
                    },
                    Some(true) => {
                        fieldset { legend { (lang.pick("评分", "Rating")) }
                            @for r in 1..=5u8 { label.inline { input type="radio" name="rating" value=(r) required checked[field(form, "rating") == r.to_string()]; " " (r) } }
                        }
                        label { (lang.pick("意见和建议", "Comments")) textarea id="home-comment" name="comment" rows="3" maxlength="300" { (field(form, "comment")) } }
                    },
                    None => {},
                }
                button.primary id="home-submit" type="submit" { (lang.pick("提交", "Send")) }
            }
        } @else {
            p.hint id="notice-down" { (lang.pick("本通知已撤下。", "This notice has been taken down.")) }
        }
    };
    super::html(status, page(lang, &property, &title, &path, markup))
}

async fn notice_reply(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
    headers: axum::http::HeaderMap,
    form: Result<axum::Form<Fields>, axum::extract::rejection::FormRejection>,
) -> Response {
    let lang = Lang::choose(q.lang.as_deref());
    let form = match form {
        Ok(f) => f.0,
        Err(e) => {
            let (status, n) = unreadable(lang, &e);
            return render_notice(&state, lang, &id, &Vec::new(), n, status).await;
        }
    };
    if !steward_domain::ids::is_uuid(&id) {
        return not_found(lang, &super::property(&state).await, &format!("/n/{id}"));
    }
    let client = state.config.client_ip(peer.ip(), &headers);
    let outcome = match home_access::verify(&state, client, field(&form, "unit"), field(&form, "phone")).await
    {
        Err(e) => Err(Refused::Failed(e)),
        Ok(unit) => {
            let number = |name: &str| field(&form, name).trim().parse::<u32>().ok();
            let reply = ReplyToAnnouncement {
                id: reply_id(&id, &unit),
                announcement_id: id.clone(),
                unit,
                channel: Channel::OwnerPage,
                resident: String::new(),
                // Blank or 0 changes nothing: a family member confirming they read the notice
                // never cancels the sign-up the home made at the counter.
                sign_up: if field(&form, "cancel") == "1" {
                    Some(0)
                } else {
                    number("people").filter(|n| *n > 0)
                },
                rating: number("rating").map(|r| r.min(255) as u8),
                comment: field(&form, "comment").to_string(),
            };
            home_access::write_as_household(&state, Mutation::ReplyToAnnouncement(reply)).await
        }
    };
    match outcome {
        Ok(()) => Redirect::to(&format!("/n/{id}?lang={}&done=1", lang.code())).into_response(),
        Err(r) => {
            let (status, text) = why(lang, Page::Notice, &r);
            render_notice(&state, lang, &id, &form, Notice::Error(text), status).await
        }
    }
}

// ---- Surveys ----

async fn survey_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let lang = Lang::choose(q.lang.as_deref());
    render_survey(&state, lang, &id, &Vec::new(), done(lang, &q), StatusCode::OK).await
}

fn question_input(lang: Lang, i: usize, kind: QuestionKind, form: &Fields) -> Markup {
    let name = format!("q{i}");
    let chosen = field(form, &name);
    html! {
        @match kind {
            QuestionKind::Rating => div.choices {
                @for (r, zh, en) in [(5, "很满意", "Very satisfied"), (4, "满意", "Satisfied"), (3, "一般", "Neutral"), (2, "不满意", "Dissatisfied"), (1, "很不满意", "Very dissatisfied")] {
                    label.inline { input type="radio" name=(name) value=(r) checked[chosen == r.to_string()]; " " (lang.pick(zh, en)) }
                }
            },
            QuestionKind::YesNo => div.choices {
                label.inline { input type="radio" name=(name) value="yes" checked[chosen == "yes"]; " " (lang.pick("是", "Yes")) }
                label.inline { input type="radio" name=(name) value="no" checked[chosen == "no"]; " " (lang.pick("否", "No")) }
            },
            QuestionKind::Text => textarea name=(name) rows="3" maxlength="300" { (chosen) },
        }
    }
}

async fn render_survey(
    state: &AppState,
    lang: Lang,
    id: &str,
    form: &Fields,
    n: Notice,
    status: StatusCode,
) -> Response {
    let property = super::property(state).await;
    let path = format!("/s/{id}");
    let Some(s) = home_access::record::<Survey>(state, Kind::Survey, id).await.ok().flatten() else {
        return not_found(lang, &property, &path);
    };
    let today = state.config.now().local_day();
    let markup = html! {
        (notice(&n))
        @if !s.intro.is_empty() { p { (s.intro) } }
        p.hint { (lang.pick("调查时间", "Open")) " " (s.opens.to_string()) " – " (s.closes.to_string()) " · " (lang.pick("每户一份", "one response per home")) }
        @if matches!(n, Notice::Ok(_)) {
            p.hint { (lang.pick("每户一份，本户的回答已收到。", "One response per home: yours has been received.")) }
        } @else if s.open_on(today) {
            form.card id="survey-form" method="post" action={ "/s/" (id) "?lang=" (lang.code()) } {
                (who(lang, form))
                label { (lang.pick("填写人（可不填）", "Your name (optional)"))
                    input id="home-name" name="respondent" value=(field(form, "respondent")) maxlength="30";
                }
                @for (i, q) in s.questions.iter().enumerate() {
                    fieldset.question {
                        legend { (i + 1) ". " (if lang == Lang::En && !q.text_en.is_empty() { &q.text_en } else { &q.text }) }
                        (question_input(lang, i, q.kind, form))
                    }
                }
                button.primary id="home-submit" type="submit" { (lang.pick("提交问卷", "Send my answers")) }
            }
        } @else {
            p.hint id="survey-closed" { (lang.pick("本调查不在开放时间内。", "This survey is not open now.")) }
        }
    };
    super::html(status, page(lang, &property, &s.title, &path, markup))
}

/// The form's answers in the questions' order; a question left blank is skipped.
fn answers(s: &Survey, form: &Fields) -> Vec<Answer> {
    s.questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let v = field(form, &format!("q{i}")).trim();
            match (q.kind, v) {
                (_, "") => Answer::Skipped,
                (QuestionKind::Rating, n) => n.parse().map(Answer::Rating).unwrap_or(Answer::Rating(0)),
                (QuestionKind::YesNo, "yes") => Answer::YesNo(true),
                (QuestionKind::YesNo, "no") => Answer::YesNo(false),
                (QuestionKind::YesNo, _) => Answer::Rating(0),
                (QuestionKind::Text, t) => Answer::Text(t.to_string()),
            }
        })
        .collect()
}

async fn survey_answer(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
    headers: axum::http::HeaderMap,
    form: Result<axum::Form<Fields>, axum::extract::rejection::FormRejection>,
) -> Response {
    let lang = Lang::choose(q.lang.as_deref());
    let form = match form {
        Ok(f) => f.0,
        Err(e) => {
            let (status, n) = unreadable(lang, &e);
            return render_survey(&state, lang, &id, &Vec::new(), n, status).await;
        }
    };
    let Some(s) = home_access::record::<Survey>(&state, Kind::Survey, &id).await.ok().flatten() else {
        return not_found(lang, &super::property(&state).await, &format!("/s/{id}"));
    };
    let client = state.config.client_ip(peer.ip(), &headers);
    let outcome = match home_access::verify(&state, client, field(&form, "unit"), field(&form, "phone")).await
    {
        Err(e) => Err(Refused::Failed(e)),
        Ok(unit) => {
            let m = AnswerSurvey {
                id: response_id(&id, &unit),
                survey_id: id.clone(),
                unit,
                channel: Channel::OwnerPage,
                respondent: field(&form, "respondent").to_string(),
                answers: answers(&s, &form),
            };
            home_access::write_as_household(&state, Mutation::AnswerSurvey(m)).await
        }
    };
    match outcome {
        Ok(()) => Redirect::to(&format!("/s/{id}?lang={}&done=1", lang.code())).into_response(),
        Err(r) => {
            let (status, text) = why(lang, Page::Survey, &r);
            render_survey(&state, lang, &id, &form, Notice::Error(text), status).await
        }
    }
}
