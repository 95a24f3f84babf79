//! The rules of a survey: written by the manager; answered once per home, in its period,
//! one answer of the question's own sort for every question.

use super::commands::{AnswerSurvey, PublishSurvey};
use super::record::{Answer, Question, QuestionKind, Survey, SurveyResponse, response_id};
use crate::Role;
use crate::announcement::record::Channel;
use crate::apply::{Applied, ApplyError, Command, Ctx, RejectionCode, insert, load, reject, text};
use crate::field::Field;
use crate::sync::{Kind, Store};

fn invalid(field: Field, message: &str) -> ApplyError {
    reject(RejectionCode::Invalid, Some(field), message.to_string())
}

pub const MAX_QUESTIONS: usize = 20;
/// Days a phone's door-to-door answers may reach the server after the survey closed (it
/// was in a basement, or off, since).
pub const LATE_DAYS: u64 = 3;

pub fn publish(store: &mut dyn Store, ctx: &Ctx, c: &PublishSurvey) -> Result<(), ApplyError> {
    if ctx.role != Role::Manager {
        return Err(reject(RejectionCode::Forbidden, None, "surveys are written by the manager"));
    }
    let n = &c.survey;
    if n.questions.is_empty() || n.questions.len() > MAX_QUESTIONS {
        return Err(invalid(Field::Questions, "1 to 20 questions"));
    }
    let questions = n
        .questions
        .iter()
        .map(|q| {
            Ok(Question {
                text: text(Field::Questions, &q.text, 100)?,
                text_en: if q.text_en.trim().is_empty() {
                    String::new()
                } else {
                    text(Field::Questions, &q.text_en, 200)?
                },
                kind: q.kind,
            })
        })
        .collect::<Result<Vec<_>, ApplyError>>()?;
    let today = ctx.now.local_day();
    if n.closes < n.opens || n.closes < today {
        return Err(invalid(Field::SurveyPeriod, "the period ends after it begins, and not in the past"));
    }
    if (n.closes - n.opens).num_days() > 92 {
        return Err(invalid(Field::SurveyPeriod, "a survey runs at most three months"));
    }
    let mut buildings: Vec<String> = Vec::new();
    for b in &n.buildings {
        let b = crate::apply::registered_building(store, Field::Audience, b)?;
        if !buildings.contains(&b) {
            buildings.push(b);
        }
    }
    let survey = Survey {
        title: text(Field::Title, &n.title, 60)?,
        intro: if n.intro.trim().is_empty() { String::new() } else { text(Field::Text, &n.intro, 500)? },
        questions,
        opens: n.opens,
        closes: n.closes,
        buildings,
        created_by_name: ctx.user_name.clone(),
        created_at: ctx.now.clone(),
    };
    insert(store, &c.id, &survey, "a survey with this id exists")
}

/// An answer of the question's sort, as stored.
fn answer(q: &Question, a: &Answer) -> Result<Answer, ApplyError> {
    match (q.kind, a) {
        (_, Answer::Skipped) => Ok(Answer::Skipped),
        (QuestionKind::Rating, Answer::Rating(r)) if (1..=5).contains(r) => Ok(Answer::Rating(*r)),
        (QuestionKind::YesNo, Answer::YesNo(y)) => Ok(Answer::YesNo(*y)),
        (QuestionKind::Text, Answer::Text(t)) if t.trim().is_empty() => Ok(Answer::Skipped),
        (QuestionKind::Text, Answer::Text(t)) => Ok(Answer::Text(text(Field::Answers, t, 300)?)),
        _ => Err(invalid(Field::Answers, "an answer of the question's sort")),
    }
}

pub fn answer_survey(store: &mut dyn Store, ctx: &Ctx, c: &AnswerSurvey) -> Result<(), ApplyError> {
    let staff = ctx.role.runs_the_desk() || ctx.role == Role::Patrol;
    match (ctx.by_owner, c.channel) {
        (true, Channel::OwnerPage) => {}
        (false, Channel::Desk | Channel::DoorToDoor) if staff => {}
        (false, _) if !staff => {
            return Err(reject(RejectionCode::Forbidden, None, "the desk and the butlers take answers"));
        }
        _ => return Err(invalid(Field::Channel, "how the answers were taken")),
    }
    let (survey, _) = load::<Survey>(store, &c.survey_id)
        .map_err(|_| reject(RejectionCode::NotFound, Some(Field::Survey), "no such survey"))?;
    let today = ctx.now.local_day();
    let late = if store.holds_everything() && c.channel == Channel::DoorToDoor { LATE_DAYS } else { 0 };
    if today < survey.opens || today > survey.closes + chrono::Days::new(late) {
        return Err(reject(RejectionCode::Conflict, Some(Field::SurveyPeriod), "the survey is not open"));
    }
    let unit = crate::apply::registered_unit(store, Field::Unit, &c.unit)?;
    if !survey.asks(&unit) {
        return Err(invalid(Field::Home, "this home is not asked"));
    }
    if c.id != response_id(&c.survey_id, &unit) {
        return Err(invalid(Field::Id, "one response per home"));
    }
    if c.answers.len() != survey.questions.len() {
        return Err(invalid(Field::Answers, "one answer for each question"));
    }
    let answers =
        survey.questions.iter().zip(&c.answers).map(|(q, a)| answer(q, a)).collect::<Result<Vec<_>, _>>()?;
    if answers.iter().all(|a| *a == Answer::Skipped) {
        return Err(invalid(Field::Answers, "at least one answer"));
    }
    if let Some(stored) = store.get(Kind::SurveyResponse, &c.id)? {
        let by: SurveyResponse =
            serde_json::from_value(stored.body).map_err(|e| crate::sync::StoreError(e.to_string()))?;
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::Home),
            format!("{unit} answered on {} ({})", by.at.local_day(), by.recorded_by_name),
        ));
    }
    let respondent = if c.respondent.trim().is_empty() {
        String::new()
    } else {
        crate::apply::name(Field::Resident, &c.respondent)?
    };
    let response = SurveyResponse {
        survey_id: c.survey_id.clone(),
        unit,
        channel: c.channel,
        respondent,
        answers,
        recorded_by_name: ctx.user_name.clone(),
        at: ctx.now.clone(),
    };
    insert(store, &c.id, &response, "this home has answered")
}

impl Command for PublishSurvey {
    crate::apply::about_record!(Kind::Survey);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        publish(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for AnswerSurvey {
    crate::apply::about_record!(Kind::SurveyResponse);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        answer_survey(store, ctx, self)?;
        Ok(Applied::Done)
    }
}
