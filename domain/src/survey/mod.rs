//! 满意度调查 / 征询意见: the manager writes a questionnaire (ratings, yes/no, free text) for a
//! period and some or all buildings; each home answers once — at the counter, door to door
//! on a phone with no network, or itself from a printed QR code. Coverage per building is
//! held against the 70 % the manuals ask, and each question's results are counted for the
//! charts and the month's report.

pub mod commands;
pub mod record;
pub mod rules;

#[cfg(test)]
mod tests;

use crate::coverage::{BuildingCoverage, per_building};
use record::{Answer, QuestionKind, Survey, SurveyResponse};
use std::collections::BTreeSet;

/// Which of the survey's homes have answered, per building, with the homes left.
pub fn coverage<'a>(
    s: &Survey,
    register: impl IntoIterator<Item = &'a str>,
    responses: &[SurveyResponse],
) -> Vec<BuildingCoverage> {
    let answered: BTreeSet<String> = responses.iter().map(|r| r.unit.clone()).collect();
    per_building(register.into_iter().filter(|u| s.asks(u)), &answered)
}

/// One question's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionResult {
    /// How many chose 1…5 (`counts[0]` is 1 star).
    Rating {
        counts: [u32; 5],
    },
    YesNo {
        yes: u32,
        no: u32,
    },
    /// What homes wrote, with the unit.
    Text {
        answers: Vec<(String, String)>,
    },
}

impl QuestionResult {
    /// Answers given (not skipped).
    pub fn answered(&self) -> u32 {
        match self {
            QuestionResult::Rating { counts } => counts.iter().sum(),
            QuestionResult::YesNo { yes, no } => yes + no,
            QuestionResult::Text { answers } => answers.len() as u32,
        }
    }

    /// A rating's average to one decimal (`4.2`).
    pub fn average(&self) -> Option<String> {
        let QuestionResult::Rating { counts } = self else { return None };
        let n: u32 = counts.iter().sum();
        (n > 0).then(|| {
            let sum: u32 = counts.iter().enumerate().map(|(i, c)| (i as u32 + 1) * c).sum();
            let tenths = (sum * 10 + n / 2) / n;
            format!("{}.{}", tenths / 10, tenths % 10)
        })
    }

    /// 满意率: the share rating 4 or 5, in whole percent of those who rated.
    pub fn satisfied_percent(&self) -> Option<u32> {
        let QuestionResult::Rating { counts } = self else { return None };
        let n: u32 = counts.iter().sum();
        (n > 0).then(|| crate::coverage::percent((counts[3] + counts[4]) as usize, n as usize))
    }
}

/// Each question's results over `responses`, in the question's order.
pub fn results(s: &Survey, responses: &[SurveyResponse]) -> Vec<QuestionResult> {
    s.questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let given = responses.iter().filter_map(|r| r.answers.get(i).map(|a| (r, a)));
            match q.kind {
                QuestionKind::Rating => {
                    let mut counts = [0; 5];
                    for (_, a) in given {
                        if let Answer::Rating(n @ 1..=5) = a {
                            counts[*n as usize - 1] += 1;
                        }
                    }
                    QuestionResult::Rating { counts }
                }
                QuestionKind::YesNo => {
                    let (mut yes, mut no) = (0, 0);
                    for (_, a) in given {
                        match a {
                            Answer::YesNo(true) => yes += 1,
                            Answer::YesNo(false) => no += 1,
                            _ => {}
                        }
                    }
                    QuestionResult::YesNo { yes, no }
                }
                QuestionKind::Text => QuestionResult::Text {
                    answers: given
                        .filter_map(|(r, a)| match a {
                            Answer::Text(t) => Some((r.unit.clone(), t.clone())),
                            _ => None,
                        })
                        .collect(),
                },
            }
        })
        .collect()
}
