//! Notices and satisfaction surveys in a period, for the month's report: how many notices
//! went up and how many of their homes read them; the surveys that ran, the homes asked and
//! answered (the response rate), the buildings that reached the 70 % target, and the share
//! of ratings that were satisfied (4 or 5 of 5).

use super::{Count, Period};
use crate::announcement::record::{Announcement, AnnouncementReply, Topic};
use crate::coverage::percent;
use crate::survey::record::{Answer, Survey, SurveyResponse, TARGET_PERCENT};

fn count(key: &str, mut ids: Vec<String>) -> Count {
    ids.sort();
    ids.dedup();
    Count { key: key.into(), count: ids.len(), ids }
}

/// A figure with no records behind it (a percentage, a sum).
fn figure(key: &str, n: usize) -> Count {
    Count { key: key.into(), count: n, ids: Vec::new() }
}

/// Notices to homes approved in the period: `announce_approved`, `announce_posted`, the homes
/// they were for and those that read them, and those still up past their last day.
pub fn announcements(
    period: Period,
    notices: &[(&str, &Announcement)],
    replies: &[&AnnouncementReply],
    register: &[String],
    today: chrono::NaiveDate,
) -> Vec<Count> {
    let ours: Vec<&(&str, &Announcement)> = notices
        .iter()
        .filter(|(_, a)| a.topic != Topic::Liaison)
        .filter(|(_, a)| a.approved.as_ref().is_some_and(|s| period.contains(s.at.local_day())))
        .collect();
    let (mut homes, mut read) = (0, 0);
    for (id, a) in &ours {
        let mine: Vec<AnnouncementReply> =
            replies.iter().filter(|r| r.announcement_id == *id).map(|r| (*r).clone()).collect();
        let (h, r) = crate::coverage::total(&crate::announcement::coverage(
            a,
            register.iter().map(String::as_str),
            &mine,
        ));
        homes += h;
        read += r;
    }
    let ids = |f: &dyn Fn(&Announcement) -> bool| {
        ours.iter().filter(|(_, a)| f(a)).map(|(id, _)| id.to_string()).collect()
    };
    vec![
        count("announce_approved", ids(&|_| true)),
        count("announce_posted", ids(&|a| !a.postings.is_empty())),
        figure("announce_homes", homes),
        figure("announce_read", read),
        figure("announce_read_rate", percent(read, homes) as usize),
        count(
            "announce_due_down",
            notices
                .iter()
                .filter(|(_, a)| a.status(today) == crate::announcement::record::AnnouncementStatus::DueDown)
                .map(|(id, _)| id.to_string())
                .collect(),
        ),
    ]
}

/// Surveys open on any day of the period: homes asked and answered, the response rate, the
/// buildings at or over the target and short of it, satisfied ratings of all ratings.
pub fn surveys(
    period: Period,
    surveys: &[(&str, &Survey)],
    responses: &[&SurveyResponse],
    register: &[String],
) -> Vec<Count> {
    let ran: Vec<&(&str, &Survey)> =
        surveys.iter().filter(|(_, s)| s.opens < period.to && s.closes >= period.from).collect();
    let (mut homes, mut answered, mut met, mut short, mut rated, mut satisfied) = (0, 0, 0, 0, 0, 0);
    for (id, s) in &ran {
        let mine: Vec<SurveyResponse> =
            responses.iter().filter(|r| r.survey_id == *id).map(|r| (*r).clone()).collect();
        let rows = crate::survey::coverage(s, register.iter().map(String::as_str), &mine);
        let (h, a) = crate::coverage::total(&rows);
        homes += h;
        answered += a;
        met += rows.iter().filter(|b| b.meets(TARGET_PERCENT)).count();
        short += rows.iter().filter(|b| !b.meets(TARGET_PERCENT)).count();
        for answer in mine.iter().flat_map(|r| &r.answers) {
            if let Answer::Rating(n) = answer {
                rated += 1;
                satisfied += usize::from(*n >= 4);
            }
        }
    }
    vec![
        count("surveys_run", ran.iter().map(|(id, _)| id.to_string()).collect()),
        figure("survey_homes", homes),
        figure("survey_answered", answered),
        figure("survey_response_rate", percent(answered, homes) as usize),
        figure("survey_buildings_met", met),
        figure("survey_buildings_short", short),
        figure("survey_satisfied_rate", percent(satisfied, rated) as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::announcement::record::Channel;
    use crate::survey::record::{Question, QuestionKind};

    #[test]
    fn a_surveys_response_rate_buildings_and_satisfaction_join_the_month() {
        let survey = Survey {
            title: "年度调查".into(),
            intro: String::new(),
            questions: vec![Question {
                text: "满意吗".into(),
                text_en: String::new(),
                kind: QuestionKind::Rating,
            }],
            opens: "2026-11-20".parse().unwrap(),
            closes: "2026-12-10".parse().unwrap(),
            buildings: vec![],
            created_by_name: "赵经理".into(),
            created_at: "2026-11-19T02:00:00Z".parse().unwrap(),
        };
        let answer = |unit: &str, stars| SurveyResponse {
            survey_id: "s".into(),
            unit: unit.into(),
            channel: Channel::Desk,
            respondent: String::new(),
            answers: vec![Answer::Rating(stars)],
            recorded_by_name: "王".into(),
            at: "2026-11-25T02:00:00Z".parse().unwrap(),
        };
        let register: Vec<String> = ["1栋-101", "1栋-102", "1栋-103", "2栋-101"].map(String::from).to_vec();
        let rs = [answer("1栋-101", 5), answer("1栋-102", 4), answer("1栋-103", 2)];
        let refs: Vec<&SurveyResponse> = rs.iter().collect();
        let got = surveys(Period::month("2026-11").unwrap(), &[("s", &survey)], &refs, &register);
        let v = |k: &str| got.iter().find(|c| c.key == k).unwrap().count;
        assert_eq!(
            (v("surveys_run"), v("survey_homes"), v("survey_answered"), v("survey_response_rate")),
            (1, 4, 3, 75)
        );
        assert_eq!(
            (v("survey_buildings_met"), v("survey_buildings_short"), v("survey_satisfied_rate")),
            (1, 1, 66)
        );
        let october = surveys(Period::month("2026-10").unwrap(), &[("s", &survey)], &refs, &register);
        assert_eq!(october[0].count, 0, "not running in October");
    }
}
