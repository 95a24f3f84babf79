//! A questionnaire as it syncs, and one home's answers.

use crate::clock::Timestamp;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// 1 (很不满意) to 5 (很满意).
    Rating,
    /// 是 / 否.
    YesNo,
    /// In the home's own words.
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    pub text: String,
    /// The question in English, for the owner page's other language (empty: Chinese only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text_en: String,
    pub kind: QuestionKind,
}

/// 满意度调查: what is asked, of which homes, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
    pub questions: Vec<Question>,
    pub opens: NaiveDate,
    pub closes: NaiveDate,
    /// The buildings asked; empty: every home.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buildings: Vec<String>,
    pub created_by_name: String,
    pub created_at: Timestamp,
}

/// The share of homes a survey must reach in each building (the manuals: ≥ 70 %).
pub const TARGET_PERCENT: u32 = 70;

impl Survey {
    /// Whether the home `unit` is asked.
    pub fn asks(&self, unit: &str) -> bool {
        self.buildings.is_empty() || self.buildings.iter().any(|b| b == crate::coverage::building_of(unit))
    }

    /// Open for answers on `day`.
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.opens <= day && day <= self.closes
    }
}

impl crate::apply::Record for Survey {
    const KIND: crate::sync::Kind = crate::sync::Kind::Survey;
}

/// One answer, in the question's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Rating(u8),
    YesNo(bool),
    Text(String),
    /// Not answered (the home did not want to say).
    Skipped,
}

/// One home's answers: once, never changed. Its id is [`response_id`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    pub survey_id: String,
    pub unit: String,
    pub channel: crate::announcement::record::Channel,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub respondent: String,
    pub answers: Vec<Answer>,
    pub recorded_by_name: String,
    pub at: Timestamp,
}

impl crate::apply::Record for SurveyResponse {
    const KIND: crate::sync::Kind = crate::sync::Kind::SurveyResponse;
}

/// The id of `unit`'s answers to `survey_id`, the same on every device.
pub fn response_id(survey_id: &str, unit: &str) -> String {
    crate::ids::derived(survey_id, unit)
}
