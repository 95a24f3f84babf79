//! The changes made to surveys: the manager publishes one; a home answers it.

use super::record::{Answer, Question};
use crate::announcement::record::Channel;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSurvey {
    pub title: String,
    #[serde(default)]
    pub intro: String,
    pub questions: Vec<Question>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub opens: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub closes: NaiveDate,
    #[serde(default)]
    pub buildings: Vec<String>,
}

/// The manager's questionnaire, its period and its homes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishSurvey {
    pub id: String,
    pub survey: NewSurvey,
}

/// One home's answers. `id` is [`super::record::response_id`] of the survey and the unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerSurvey {
    pub id: String,
    pub survey_id: String,
    pub unit: String,
    pub channel: Channel,
    #[serde(default)]
    pub respondent: String,
    pub answers: Vec<Answer>,
}
