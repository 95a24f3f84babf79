//! A survey: the manager's, one response per home in its period, coverage against 70 %,
//! results per question.

use super::QuestionResult;
use super::commands::NewSurvey;
use super::record::*;
use crate::Role;
use crate::announcement::record::Channel;
use crate::apply::Ctx;
use crate::sync::commands::*;
use crate::sync::store::{MemStore, Store};
use crate::sync::{Kind, Mutation, RejectionCode};

const S: &str = "0190f5c2-7d1a-7000-8000-0000000000b1";
const NOW: &str = "2026-12-07T02:00:00Z";

fn ctx(role: Role, now: &str) -> Ctx {
    Ctx { user_id: 3, user_name: "赵经理".into(), role, now: now.parse().unwrap(), by_owner: false }
}
fn register() -> Vec<String> {
    ["1栋-101", "1栋-102", "1栋-201", "2栋-101", "2栋-102"].map(String::from).to_vec()
}
fn store() -> MemStore {
    MemStore { register: Some(register().into_iter().collect()), ..Default::default() }
}
fn q(text: &str, kind: QuestionKind) -> Question {
    Question { text: text.into(), text_en: String::new(), kind }
}
fn survey() -> NewSurvey {
    NewSurvey {
        title: "2026年度业主满意度调查".into(),
        intro: String::new(),
        questions: vec![
            q("您对前台服务是否满意？", QuestionKind::Rating),
            q("维修人员是否准时上门？", QuestionKind::YesNo),
            q("您的建议", QuestionKind::Text),
        ],
        opens: "2026-12-07".parse().unwrap(),
        closes: "2026-12-20".parse().unwrap(),
        buildings: vec!["1栋".into()],
    }
}
fn send(s: &mut MemStore, m: Mutation, c: &Ctx) -> Result<(), RejectionCode> {
    m.apply(s, c).map(|_| ()).map_err(|e| match e {
        crate::apply::ApplyError::Rejected(r) => r.code,
        other => panic!("{other:?}"),
    })
}
fn answer(unit: &str, channel: Channel, answers: Vec<Answer>) -> Mutation {
    Mutation::AnswerSurvey(AnswerSurvey {
        id: response_id(S, &crate::property::canonical_unit(unit)),
        survey_id: S.into(),
        unit: unit.into(),
        channel,
        respondent: String::new(),
        answers,
    })
}
fn responses(s: &MemStore) -> Vec<SurveyResponse> {
    s.records
        .iter()
        .filter(|((k, _), _)| *k == Kind::SurveyResponse)
        .map(|(_, r)| serde_json::from_value(r.body.clone()).unwrap())
        .collect()
}
fn published(s: &mut MemStore) -> Survey {
    send(
        s,
        Mutation::PublishSurvey(PublishSurvey { id: S.into(), survey: survey() }),
        &ctx(Role::Manager, NOW),
    )
    .unwrap();
    serde_json::from_value(s.get(Kind::Survey, S).unwrap().unwrap().body).unwrap()
}

#[test]
fn only_the_manager_writes_a_survey_with_a_sane_period() {
    let mut s = store();
    let m = |n: NewSurvey| Mutation::PublishSurvey(PublishSurvey { id: S.into(), survey: n });
    assert_eq!(send(&mut s, m(survey()), &ctx(Role::Receptionist, NOW)), Err(RejectionCode::Forbidden));
    let mut empty = survey();
    empty.questions.clear();
    assert_eq!(send(&mut s, m(empty), &ctx(Role::Manager, NOW)), Err(RejectionCode::Invalid));
    let mut backwards = survey();
    backwards.closes = "2026-12-01".parse().unwrap();
    assert_eq!(send(&mut s, m(backwards), &ctx(Role::Manager, NOW)), Err(RejectionCode::Invalid));
    assert!(s.records.is_empty());
    published(&mut s);
}

#[test]
fn one_response_per_home_of_the_questions_own_sorts_in_its_period() {
    let mut s = store();
    published(&mut s);
    let desk = ctx(Role::Receptionist, NOW);
    let good = vec![Answer::Rating(5), Answer::YesNo(true), Answer::Text("电梯维修要快".into())];
    send(&mut s, answer("1-101", Channel::Desk, good.clone()), &desk).unwrap();
    // The same home again, from a phone door to door: refused, saying when it answered.
    let r = answer("1栋-101", Channel::DoorToDoor, good.clone()).apply(&mut s, &ctx(Role::Patrol, NOW));
    match r {
        Err(crate::apply::ApplyError::Rejected(r)) => {
            assert_eq!(r.code, RejectionCode::Conflict);
            assert!(r.message.contains("2026-12-07"), "{}", r.message);
        }
        other => panic!("{other:?}"),
    }
    // Wrong sorts, missing answers, all skipped, outside the buildings asked: refused.
    let wrong = vec![Answer::YesNo(true), Answer::YesNo(true), Answer::Skipped];
    assert_eq!(send(&mut s, answer("1栋-102", Channel::Desk, wrong), &desk), Err(RejectionCode::Invalid));
    assert_eq!(
        send(
            &mut s,
            answer("1栋-102", Channel::Desk, vec![Answer::Rating(6), Answer::Skipped, Answer::Skipped]),
            &desk
        ),
        Err(RejectionCode::Invalid)
    );
    assert_eq!(
        send(&mut s, answer("1栋-102", Channel::Desk, vec![Answer::Skipped; 3]), &desk),
        Err(RejectionCode::Invalid)
    );
    assert_eq!(
        send(&mut s, answer("1栋-102", Channel::Desk, good[..2].to_vec()), &desk),
        Err(RejectionCode::Invalid)
    );
    assert_eq!(
        send(&mut s, answer("2栋-101", Channel::Desk, good.clone()), &desk),
        Err(RejectionCode::Invalid)
    );
    // After it closes: refused on a device; the server takes a phone's door-to-door answers
    // a few days late, never the owner page's.
    let late = ctx(Role::Patrol, "2026-12-22T02:00:00Z");
    assert_eq!(
        send(&mut s, answer("1栋-102", Channel::DoorToDoor, good.clone()), &late),
        Err(RejectionCode::Conflict)
    );
    let mut server = MemStore { complete: true, ..store() };
    published(&mut server);
    send(&mut server, answer("1栋-102", Channel::DoorToDoor, good.clone()), &late).unwrap();
    let owner = Ctx::owner("2026-12-22T02:00:00Z".parse().unwrap());
    assert_eq!(
        send(&mut server, answer("1栋-201", Channel::OwnerPage, good), &owner),
        Err(RejectionCode::Conflict)
    );
}

#[test]
fn coverage_against_seventy_percent_and_results_per_question() {
    let mut s = store();
    let survey = published(&mut s);
    let desk = ctx(Role::Receptionist, NOW);
    send(
        &mut s,
        answer("1栋-101", Channel::Desk, vec![Answer::Rating(5), Answer::YesNo(true), Answer::Skipped]),
        &desk,
    )
    .unwrap();
    send(
        &mut s,
        answer(
            "1栋-102",
            Channel::DoorToDoor,
            vec![Answer::Rating(2), Answer::YesNo(false), Answer::Text("  ".into())],
        ),
        &ctx(Role::Patrol, NOW),
    )
    .unwrap();
    let reg = register();
    let rows = super::coverage(&survey, reg.iter().map(String::as_str), &responses(&s));
    assert_eq!((rows.len(), rows[0].homes, rows[0].reached, rows[0].percent()), (1, 3, 2, 66));
    assert!(!rows[0].meets(TARGET_PERCENT));
    let owner = Ctx::owner(NOW.parse().unwrap());
    send(
        &mut s,
        answer(
            "1栋-201",
            Channel::OwnerPage,
            vec![Answer::Rating(4), Answer::Skipped, Answer::Text("好".into())],
        ),
        &owner,
    )
    .unwrap();
    let rows = super::coverage(&survey, reg.iter().map(String::as_str), &responses(&s));
    assert!(rows[0].meets(TARGET_PERCENT));
    let results = super::results(&survey, &responses(&s));
    assert_eq!(results[0], QuestionResult::Rating { counts: [0, 1, 0, 1, 1] });
    assert_eq!((results[0].average(), results[0].satisfied_percent()), (Some("3.7".into()), Some(66)));
    assert_eq!(results[1], QuestionResult::YesNo { yes: 1, no: 1 });
    assert_eq!(results[2], QuestionResult::Text { answers: vec![("1栋-201".into(), "好".into())] });
}
