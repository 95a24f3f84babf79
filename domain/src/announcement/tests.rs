//! A notice's life, one reply per home, coverage, sign-ups and feedback, liaison notes.

use super::commands::{AnnouncementStep, NewAnnouncement};
use super::record::*;
use crate::Role;
use crate::apply::Ctx;
use crate::sync::commands::*;
use crate::sync::store::{MemStore, Store};
use crate::sync::{Kind, Mutation, RejectionCode};
use crate::ticket::Department;

const N: &str = "0190f5c2-7d1a-7000-8000-0000000000a1";

fn ctx(role: Role, now: &str) -> Ctx {
    Ctx { user_id: 3, user_name: "王小红".into(), role, now: now.parse().unwrap(), by_owner: false }
}
const NOW: &str = "2026-12-07T02:00:00Z";
fn desk() -> Ctx {
    ctx(Role::Receptionist, NOW)
}
fn register() -> Vec<String> {
    ["1栋-101", "1栋-102", "1栋-201", "2栋-101", "2栋-102"].map(String::from).to_vec()
}
fn store() -> MemStore {
    MemStore { register: Some(register().into_iter().collect()), ..Default::default() }
}
fn draft(topic: Topic, audience: Audience) -> NewAnnouncement {
    NewAnnouncement {
        topic,
        title: "停水通知".into(),
        body: "因管道维修，12月9日9:00至17:00停水。".into(),
        title_en: "Water outage".into(),
        body_en: String::new(),
        starts: Some("2026-12-09T01:00:00Z".parse().unwrap()),
        ends: Some("2026-12-09T09:00:00Z".parse().unwrap()),
        activity: None,
        audience,
        expires: "2026-12-09".parse().unwrap(),
    }
}
fn send(s: &mut MemStore, m: Mutation, c: &Ctx) -> Result<(), RejectionCode> {
    m.apply(s, c).map(|_| ()).map_err(|e| match e {
        crate::apply::ApplyError::Rejected(r) => r.code,
        other => panic!("{other:?}"),
    })
}
fn act(step: AnnouncementStep) -> Mutation {
    Mutation::ActOnAnnouncement(ActOnAnnouncement { id: N.into(), step })
}
fn read(s: &MemStore) -> Announcement {
    serde_json::from_value(s.get(Kind::Announcement, N).unwrap().unwrap().body).unwrap()
}
fn reply(unit: &str, channel: Channel) -> ReplyToAnnouncement {
    ReplyToAnnouncement {
        id: reply_id(N, &crate::property::canonical_unit(unit)),
        announcement_id: N.into(),
        unit: unit.into(),
        channel,
        resident: String::new(),
        sign_up: None,
        rating: None,
        comment: String::new(),
    }
}
fn photo() -> crate::photo::PhotoRef {
    serde_json::from_value(serde_json::json!({"id": "0190f5c2-7d1a-7000-8000-0000000000c1", "sha256": "a".repeat(64), "bytes": 1000}))
        .unwrap()
}
fn approve(s: &MemStore) -> Mutation {
    act(AnnouncementStep::Approve { reviewed: read(s).drafted_at })
}
fn approved(s: &mut MemStore, a: NewAnnouncement) {
    send(s, Mutation::DraftAnnouncement(DraftAnnouncement { id: N.into(), draft: a }), &desk()).unwrap();
    let m = approve(s);
    send(s, m, &ctx(Role::Supervisor, NOW)).unwrap();
}

#[test]
fn drafted_returned_revised_approved_posted_and_taken_down() {
    let mut s = store();
    let a = draft(Topic::WaterOutage, Audience::Buildings { buildings: vec!["1栋".into()] });
    send(&mut s, Mutation::DraftAnnouncement(DraftAnnouncement { id: N.into(), draft: a.clone() }), &desk())
        .unwrap();
    let today = "2026-12-07".parse().unwrap();
    assert_eq!(read(&s).status(today), AnnouncementStatus::AwaitingApproval);
    // Only the supervisor approves; the desk cannot, nor post an unapproved notice.
    let m = approve(&s);
    assert_eq!(send(&mut s, m, &desk()), Err(RejectionCode::Forbidden));
    let post = AnnouncementStep::Post { place: "1栋大堂公告栏".into(), photos: vec![photo()] };
    assert_eq!(send(&mut s, act(post.clone()), &desk()), Err(RejectionCode::Conflict));
    let sup = ctx(Role::Supervisor, NOW);
    send(&mut s, act(AnnouncementStep::Return { reason: "写明恢复供水时间".into() }), &sup).unwrap();
    assert_eq!(read(&s).status(today), AnnouncementStatus::Returned);
    let read_before = approve(&s);
    let mut revised = a.clone();
    revised.body = "12月9日9:00停水，17:00恢复供水。".into();
    let later = ctx(Role::Receptionist, "2026-12-07T03:00:00Z");
    send(&mut s, Mutation::DraftAnnouncement(DraftAnnouncement { id: N.into(), draft: revised }), &later)
        .unwrap();
    assert_eq!(read(&s).status(today), AnnouncementStatus::AwaitingApproval);
    assert_eq!(
        read(&s).returned.map(|r| r.reason).as_deref(),
        Some("写明恢复供水时间"),
        "the return stays on record"
    );
    // Approving the text read before the revision is refused: the new text is read first.
    assert_eq!(send(&mut s, read_before, &sup), Err(RejectionCode::Conflict));
    let m = approve(&s);
    send(&mut s, m, &sup).unwrap();
    // Approved: no more revisions; posting needs a photo of the board.
    assert_eq!(
        send(&mut s, Mutation::DraftAnnouncement(DraftAnnouncement { id: N.into(), draft: a }), &desk()),
        Err(RejectionCode::Conflict)
    );
    let no_photo = AnnouncementStep::Post { place: "1栋大堂".into(), photos: vec![] };
    assert_eq!(send(&mut s, act(no_photo), &desk()), Err(RejectionCode::Invalid));
    send(&mut s, act(post), &ctx(Role::Patrol, NOW)).unwrap();
    assert_eq!(read(&s).status(today), AnnouncementStatus::Posted);
    assert_eq!(read(&s).postings[0].place, "1栋大堂公告栏");
    // Past its last day it is due to come down, and is taken down once.
    assert_eq!(read(&s).status("2026-12-10".parse().unwrap()), AnnouncementStatus::DueDown);
    send(&mut s, act(AnnouncementStep::TakeDown), &desk()).unwrap();
    assert_eq!(read(&s).status(today), AnnouncementStatus::TakenDown);
    assert_eq!(send(&mut s, act(AnnouncementStep::TakeDown), &desk()), Err(RejectionCode::Conflict));
}

#[test]
fn an_outage_says_when_and_a_notice_is_for_homes_in_the_register() {
    let mut s = store();
    let mut a = draft(Topic::PowerOutage, Audience::All);
    a.ends = None;
    let m = |a: NewAnnouncement| Mutation::DraftAnnouncement(DraftAnnouncement { id: N.into(), draft: a });
    assert_eq!(send(&mut s, m(a.clone()), &desk()), Err(RejectionCode::Invalid));
    a.ends = Some("2026-12-09T00:00:00Z".parse().unwrap());
    assert_eq!(send(&mut s, m(a.clone()), &desk()), Err(RejectionCode::Invalid), "ends before it starts");
    let units = Audience::Units { units: vec!["1-101".into(), "9栋-999".into()] };
    assert_eq!(send(&mut s, m(draft(Topic::Rule, units)), &desk()), Err(RejectionCode::NotFound));
    let units = Audience::Units { units: vec!["1-101".into(), "1栋-101".into()] };
    send(&mut s, m(draft(Topic::Rule, units)), &desk()).unwrap();
    assert_eq!(read(&s).audience, Audience::Units { units: vec!["1栋-101".into()] });
    assert!(s.records.len() == 1);
    let mut past = draft(Topic::Rule, Audience::All);
    past.expires = "2026-12-06".parse().unwrap();
    assert_eq!(send(&mut s, m(past), &desk()), Err(RejectionCode::Invalid));
    let liaison = draft(Topic::Liaison, Audience::All);
    assert_eq!(send(&mut s, m(liaison), &desk()), Err(RejectionCode::Invalid));
    // A draft the desk no longer wants is withdrawn (never by the butler's phone).
    assert_eq!(
        send(&mut s, act(AnnouncementStep::TakeDown), &ctx(Role::Patrol, NOW)),
        Err(RejectionCode::Forbidden)
    );
    send(&mut s, act(AnnouncementStep::TakeDown), &desk()).unwrap();
    assert_eq!(read(&s).status("2026-12-07".parse().unwrap()), AnnouncementStatus::Withdrawn);
}

#[test]
fn one_reply_per_home_counted_per_building_with_the_homes_left() {
    let mut s = store();
    approved(&mut s, draft(Topic::WaterOutage, Audience::Buildings { buildings: vec!["1栋".into()] }));
    let patrol = ctx(Role::Patrol, NOW);
    send(&mut s, Mutation::ReplyToAnnouncement(reply("1-101", Channel::DoorToDoor)), &patrol).unwrap();
    // A second phone at the same door writes the same record: still one home, first time kept.
    let later = ctx(Role::Receptionist, "2026-12-07T05:00:00Z");
    send(&mut s, Mutation::ReplyToAnnouncement(reply("1栋-101", Channel::Desk)), &later).unwrap();
    // A reply under another id is refused (it would count the home twice).
    let mut forged = reply("1栋-102", Channel::Desk);
    forged.id = "0190f5c2-7d1a-7000-8000-0000000000ff".into();
    assert_eq!(send(&mut s, Mutation::ReplyToAnnouncement(forged), &desk()), Err(RejectionCode::Invalid));
    // A home outside the audience, and staff claiming the owner's page, are refused.
    assert_eq!(
        send(&mut s, Mutation::ReplyToAnnouncement(reply("2栋-101", Channel::Desk)), &desk()),
        Err(RejectionCode::Invalid)
    );
    assert_eq!(
        send(&mut s, Mutation::ReplyToAnnouncement(reply("1栋-102", Channel::OwnerPage)), &desk()),
        Err(RejectionCode::Invalid)
    );
    let owner = Ctx::owner(NOW.parse().unwrap());
    send(&mut s, Mutation::ReplyToAnnouncement(reply("1栋-102", Channel::OwnerPage)), &owner).unwrap();
    let replies: Vec<AnnouncementReply> = s
        .records
        .iter()
        .filter(|((k, _), _)| *k == Kind::AnnouncementReply)
        .map(|(_, r)| serde_json::from_value(r.body.clone()).unwrap())
        .collect();
    assert_eq!(replies.len(), 2);
    let first = replies.iter().find(|r| r.unit == "1栋-101").unwrap();
    assert_eq!((first.channel, first.at.to_string().as_str()), (Channel::DoorToDoor, NOW));
    let reg = register();
    let rows = super::coverage(&read(&s), reg.iter().map(String::as_str), &replies);
    assert_eq!(rows.len(), 1, "only 1栋 is asked");
    assert_eq!(
        (rows[0].homes, rows[0].reached, rows[0].missing.clone()),
        (3, 2, vec!["1栋-201".to_string()])
    );
}

#[test]
fn an_activity_takes_sign_ups_up_to_its_places_then_feedback() {
    let mut s = store();
    let mut a = draft(Topic::Activity, Audience::All);
    a.title = "元旦游园会".into();
    a.activity =
        Some(Activity {
            at: "2026-12-20T02:00:00Z".parse().unwrap(), place: "中心花园".into(), capacity: 5
        });
    a.expires = "2026-12-20".parse().unwrap();
    approved(&mut s, a);
    assert!(read(&s).starts.is_none(), "an activity is not an outage");
    let signup = |unit: &str, n| ReplyToAnnouncement { sign_up: Some(n), ..reply(unit, Channel::Desk) };
    send(&mut s, Mutation::ReplyToAnnouncement(signup("1栋-101", 3)), &desk()).unwrap();
    assert_eq!(
        send(&mut s, Mutation::ReplyToAnnouncement(signup("1栋-102", 3)), &desk()),
        Err(RejectionCode::Conflict)
    );
    send(&mut s, Mutation::ReplyToAnnouncement(signup("1栋-102", 2)), &desk()).unwrap();
    // A home changes its own number within the places left.
    send(&mut s, Mutation::ReplyToAnnouncement(signup("1栋-101", 2)), &desk()).unwrap();
    let feedback =
        ReplyToAnnouncement { rating: Some(5), comment: "很好".into(), ..reply("1栋-101", Channel::Desk) };
    assert_eq!(
        send(&mut s, Mutation::ReplyToAnnouncement(feedback.clone()), &desk()),
        Err(RejectionCode::Invalid)
    );
    let after = ctx(Role::Receptionist, "2026-12-20T08:00:00Z");
    assert_eq!(
        send(&mut s, Mutation::ReplyToAnnouncement(signup("2栋-101", 1)), &after),
        Err(RejectionCode::Conflict)
    );
    send(&mut s, Mutation::ReplyToAnnouncement(feedback.clone()), &after).unwrap();
    assert_eq!(send(&mut s, Mutation::ReplyToAnnouncement(feedback), &after), Err(RejectionCode::Conflict));
    let replies: Vec<AnnouncementReply> = s
        .records
        .iter()
        .filter(|((k, _), _)| *k == Kind::AnnouncementReply)
        .map(|(_, r)| serde_json::from_value(r.body.clone()).unwrap())
        .collect();
    let f = super::activity_figures(&replies);
    assert_eq!((f.homes_signed, f.people, f.feedback, f.average()), (2, 4, 1, Some("5.0".into())));
}

#[test]
fn a_liaison_note_is_acknowledged_by_each_department_it_names() {
    let mut s = store();
    let mut a = draft(
        Topic::Liaison,
        Audience::Departments { departments: vec![Department::Engineering, Department::Cleaning] },
    );
    a.starts = None;
    approved(&mut s, a);
    let ack = |d| act(AnnouncementStep::Acknowledge { department: d });
    // Security is not addressed, and may not acknowledge for engineering.
    assert_eq!(
        send(&mut s, ack(Department::Engineering), &ctx(Role::Security, NOW)),
        Err(RejectionCode::Forbidden)
    );
    send(&mut s, ack(Department::Engineering), &ctx(Role::Engineering, NOW)).unwrap();
    assert_eq!(
        send(&mut s, ack(Department::Engineering), &ctx(Role::Engineering, NOW)),
        Err(RejectionCode::Conflict)
    );
    assert_eq!(read(&s).departments_waiting(), vec![Department::Cleaning]);
    assert_eq!(read(&s).status("2026-12-07".parse().unwrap()), AnnouncementStatus::Sent);
    // Cleaning has no accounts: the desk records its head's signature.
    send(&mut s, ack(Department::Cleaning), &desk()).unwrap();
    assert!(read(&s).departments_waiting().is_empty());
    assert_eq!(read(&s).status("2026-12-07".parse().unwrap()), AnnouncementStatus::Acknowledged);
    // Nobody replies to a liaison note as a home, nor posts it.
    assert_eq!(
        send(&mut s, Mutation::ReplyToAnnouncement(reply("1栋-101", Channel::Desk)), &desk()),
        Err(RejectionCode::Conflict)
    );
}
