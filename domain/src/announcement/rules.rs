//! The rules of a notice's life: drafted at the desk, approved by the supervisor, posted on
//! the boards with a photo, taken down; read by the homes (one reply each, however many
//! staff reached the door); a liaison note acknowledged by each department it names.

use super::commands::{
    ActOnAnnouncement, AnnouncementStep, DraftAnnouncement, NewAnnouncement, ReplyToAnnouncement,
};
use super::record::{
    Announcement, AnnouncementReply, Audience, Channel, DepartmentAck, Feedback, Posting, Returned, SignUp,
    Signed, Topic, reply_id,
};
use crate::Role;
use crate::apply::{Applied, ApplyError, Command, Ctx, RejectionCode, load, reject, save, text};
use crate::field::Field;
use crate::sync::store::Indexed;
use crate::sync::{Kind, Store};
use crate::ticket::Department;

fn invalid(field: Field, message: &str) -> ApplyError {
    reject(RejectionCode::Invalid, Some(field), message.to_string())
}

fn forbidden(message: &str) -> ApplyError {
    reject(RejectionCode::Forbidden, None, message.to_string())
}

/// Optional text: empty stays empty, anything else obeys the field's limit.
fn optional(field: Field, value: &str, max: usize) -> Result<String, ApplyError> {
    if value.trim().is_empty() { Ok(String::new()) } else { text(field, value, max) }
}

/// Most homes a notice may name one by one (more: aim it at their buildings).
pub const MAX_UNITS: usize = 500;

/// The draft as it will be stored, or the field at fault.
fn checked(store: &dyn Store, ctx: &Ctx, n: &NewAnnouncement) -> Result<Announcement, ApplyError> {
    let (starts, ends) = if n.topic.is_outage() {
        match (&n.starts, &n.ends) {
            (Some(s), Some(e)) if e.utc() > s.utc() => (Some(s.clone()), Some(e.clone())),
            (Some(_), Some(_)) => return Err(invalid(Field::Ends, "the end comes after the start")),
            (None, _) => return Err(invalid(Field::Starts, "when the outage starts")),
            (_, None) => return Err(invalid(Field::Ends, "when it ends")),
        }
    } else {
        (None, None)
    };
    let activity = match (n.topic, &n.activity) {
        (Topic::Activity, Some(a)) => {
            if a.capacity > 10_000 {
                return Err(invalid(Field::Count, "at most 10000 places"));
            }
            // An activity is announced before it happens (the server allows a draft that
            // waited offline a day).
            if a.at.utc()
                < ctx.now.utc() - chrono::Duration::days(if store.holds_everything() { 1 } else { 0 })
            {
                return Err(invalid(Field::ActivityAt, "the activity is still to come"));
            }
            Some(super::record::Activity {
                at: a.at.clone(),
                place: text(Field::Place, &a.place, 50)?,
                capacity: a.capacity,
            })
        }
        (Topic::Activity, None) => return Err(invalid(Field::ActivityAt, "when and where the activity is")),
        _ => None,
    };
    let audience = audience(store, n.topic, &n.audience)?;
    // A device checks against the day its user sees; the server allows a day for a draft
    // that waited offline overnight.
    let slack = if store.holds_everything() { 1 } else { 0 };
    let today = ctx.now.local_day();
    if n.expires < today - chrono::Days::new(slack) || n.expires > today + chrono::Days::new(366) {
        return Err(invalid(Field::Expires, "the last day is from today to a year ahead"));
    }
    if let Some(a) = &activity
        && n.expires < a.at.local_day()
    {
        return Err(invalid(Field::Expires, "stays up until the activity"));
    }
    Ok(Announcement {
        topic: n.topic,
        title: text(Field::Title, &n.title, 60)?,
        body: text(Field::Text, &n.body, 2000)?,
        title_en: optional(Field::Title, &n.title_en, 120)?,
        body_en: optional(Field::Text, &n.body_en, 4000)?,
        starts,
        ends,
        activity,
        audience,
        expires: n.expires,
        drafted_by_name: ctx.user_name.clone(),
        drafted_at: ctx.now.clone(),
        approved: None,
        returned: None,
        postings: Vec::new(),
        taken_down: None,
        acknowledged: Vec::new(),
    })
}

/// The audience as stored: a liaison note to departments, anything else to homes — units in
/// their register labels, buildings and departments once each.
fn audience(store: &dyn Store, topic: Topic, a: &Audience) -> Result<Audience, ApplyError> {
    fn once<T: PartialEq + Clone>(items: &[T]) -> Vec<T> {
        let mut out: Vec<T> = Vec::new();
        for i in items {
            if !out.contains(i) {
                out.push(i.clone());
            }
        }
        out
    }
    match (topic == Topic::Liaison, a) {
        (true, Audience::Departments { departments }) if !departments.is_empty() => {
            Ok(Audience::Departments { departments: once(departments) })
        }
        (true, _) => Err(invalid(Field::Audience, "a liaison note names the departments it is for")),
        (false, Audience::Departments { .. }) => {
            Err(invalid(Field::Audience, "a notice to owners is for homes, not departments"))
        }
        (false, Audience::All) => Ok(Audience::All),
        (false, Audience::Buildings { buildings }) => {
            let b = buildings
                .iter()
                .map(|b| crate::apply::registered_building(store, Field::Audience, b))
                .collect::<Result<Vec<_>, _>>()?;
            if b.is_empty() {
                return Err(invalid(Field::Audience, "at least one building"));
            }
            Ok(Audience::Buildings { buildings: once(&b) })
        }
        (false, Audience::Units { units }) => {
            if units.is_empty() || units.len() > MAX_UNITS {
                return Err(invalid(Field::Audience, "1 to 500 homes"));
            }
            let u = units
                .iter()
                .map(|u| crate::apply::registered_unit(store, Field::Audience, u))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Audience::Units { units: once(&u) })
        }
    }
}

pub fn draft(store: &mut dyn Store, ctx: &Ctx, c: &DraftAnnouncement) -> Result<(), ApplyError> {
    if !ctx.role.runs_the_desk() {
        return Err(forbidden("notices are drafted at the desk"));
    }
    let mut fresh = checked(store, ctx, &c.draft)?;
    if store.get(Kind::Announcement, &c.id)?.is_some() {
        // A revision: only while the supervisor has not approved it.
        let (old, _) = load::<Announcement>(store, &c.id)?;
        if old.approved.is_some() || old.taken_down.is_some() {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::Status),
                "approved notices are not revised",
            ));
        }
        // Why it was returned stays on it, for the supervisor reading the revision.
        fresh.returned = old.returned;
    }
    save(store, &c.id, &fresh)
}

/// Who may record a department's acknowledgement: its own people, or the desk for the
/// departments with no accounts (and for customer service, which it is).
pub fn may_acknowledge(role: Role, d: Department) -> bool {
    match Department::of_role(role) {
        Some(own) => own == d,
        None => {
            role.runs_the_desk()
                && matches!(d, Department::CustomerService | Department::Cleaning | Department::Landscaping)
        }
    }
}

pub fn act(store: &mut dyn Store, ctx: &Ctx, c: &ActOnAnnouncement) -> Result<(), ApplyError> {
    let (mut a, _) = load::<Announcement>(store, &c.id)?;
    let me = || Signed { by_name: ctx.user_name.clone(), at: ctx.now.clone() };
    if a.taken_down.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::Status), "the notice was taken down"));
    }
    match &c.step {
        AnnouncementStep::Approve { .. } | AnnouncementStep::Return { .. } => {
            if !ctx.role.reviews_the_log() {
                return Err(forbidden("notices are approved by the supervisor"));
            }
            if a.approved.is_some() {
                return Err(reject(RejectionCode::Conflict, Some(Field::Approval), "already approved"));
            }
            if let AnnouncementStep::Approve { reviewed } = &c.step
                && reviewed.utc() != a.drafted_at.utc()
            {
                return Err(reject(
                    RejectionCode::Conflict,
                    Some(Field::Text),
                    "the draft was revised since it was read",
                ));
            }
            if let AnnouncementStep::Return { reason } = &c.step {
                let reason = text(Field::Reason, reason, 200)?;
                a.returned = Some(Returned { reason, by_name: ctx.user_name.clone(), at: ctx.now.clone() });
            } else {
                a.approved = Some(me());
            }
        }
        AnnouncementStep::Post { place, photos } => {
            if !(ctx.role.runs_the_desk() || ctx.role == Role::Patrol) {
                return Err(forbidden("notices are put up by the desk and the butlers"));
            }
            if a.approved.is_none() || a.topic == Topic::Liaison {
                return Err(reject(
                    RejectionCode::Conflict,
                    Some(Field::Approval),
                    "not approved for posting",
                ));
            }
            let place = text(Field::Place, place, 50)?;
            if photos.is_empty() || photos.len() > 4 {
                return Err(invalid(Field::Photos, "a photo of it on the board (at most 4)"));
            }
            crate::photo::check_refs(photos)?;
            a.postings.push(Posting {
                place,
                photos: photos.clone(),
                by_name: ctx.user_name.clone(),
                at: ctx.now.clone(),
            });
        }
        AnnouncementStep::TakeDown => {
            if !(ctx.role.runs_the_desk() || ctx.role == Role::Patrol) {
                return Err(forbidden("notices are taken down by the desk and the butlers"));
            }
            // A draft not approved is withdrawn by the desk that wrote it (a notice it no
            // longer wants, or one to write again from the start).
            if a.approved.is_none() && !ctx.role.runs_the_desk() {
                return Err(forbidden("drafts are withdrawn at the desk"));
            }
            a.taken_down = Some(me());
        }
        AnnouncementStep::Acknowledge { department } => {
            if a.approved.is_none() {
                return Err(reject(RejectionCode::Conflict, Some(Field::Approval), "not approved yet"));
            }
            if !may_acknowledge(ctx.role, *department) {
                return Err(forbidden("a department acknowledges for itself"));
            }
            if !a.departments_waiting().contains(department) {
                return Err(reject(
                    RejectionCode::Conflict,
                    Some(Field::Department),
                    "not waiting for this department",
                ));
            }
            a.acknowledged.push(DepartmentAck {
                department: *department,
                by_name: ctx.user_name.clone(),
                at: ctx.now.clone(),
            });
        }
    }
    save(store, &c.id, &a)
}

/// Sign-ups already taken for `announcement_id`, other than `except`'s.
fn signed_up(store: &dyn Store, announcement_id: &str, except: &str) -> Result<u32, ApplyError> {
    let mut n = 0;
    for id in store.ids_where(Kind::AnnouncementReply, Indexed::AnnouncementId, announcement_id)? {
        if id == except {
            continue;
        }
        let (r, _) = load::<AnnouncementReply>(store, &id)?;
        n += r.sign_up.map(|s| s.people).unwrap_or(0);
    }
    Ok(n)
}

pub fn reply(store: &mut dyn Store, ctx: &Ctx, c: &ReplyToAnnouncement) -> Result<(), ApplyError> {
    // The household answers only from its own page; staff never in its name.
    let staff_on_the_ground = ctx.role.runs_the_desk() || ctx.role == Role::Patrol;
    match (ctx.by_owner, c.channel) {
        (true, Channel::OwnerPage) => {}
        (false, Channel::Desk | Channel::DoorToDoor) if staff_on_the_ground => {}
        (false, _) if !staff_on_the_ground => {
            return Err(forbidden("the desk and the butlers record replies"));
        }
        _ => return Err(invalid(Field::Channel, "how the reply was taken")),
    }
    let (a, _) = load::<Announcement>(store, &c.announcement_id)
        .map_err(|_| reject(RejectionCode::NotFound, Some(Field::Notice), "no such notice"))?;
    if a.approved.is_none() || a.topic == Topic::Liaison {
        return Err(reject(RejectionCode::Conflict, Some(Field::Notice), "the notice is not up"));
    }
    // A staff reply that waited offline reaches the server late: taken while the notice was
    // up (or before the activity began), it is kept for a few days after. A device judges by
    // its own clock, with no slack: what it accepts, the server accepts.
    let late = |since: &crate::clock::Timestamp| {
        store.holds_everything()
            && c.channel != Channel::OwnerPage
            && ctx.now.utc() <= since.utc() + chrono::Duration::days(super::record::LATE_DAYS)
    };
    let only_feedback = c.rating.is_some() && c.sign_up.is_none();
    if let Some(down) = &a.taken_down
        && !(only_feedback && a.takes_feedback(&ctx.now))
        && !late(&down.at)
    {
        return Err(reject(RejectionCode::Conflict, Some(Field::Notice), "the notice was taken down"));
    }
    let unit = crate::apply::registered_unit(store, Field::Unit, &c.unit)?;
    if !a.audience.includes(&unit) {
        return Err(invalid(Field::Home, "the notice is not for this home"));
    }
    if c.id != reply_id(&c.announcement_id, &unit) {
        return Err(invalid(Field::Id, "one reply per home"));
    }
    let existing = match store.get(Kind::AnnouncementReply, &c.id)? {
        Some(_) => Some(load::<AnnouncementReply>(store, &c.id)?.0),
        None => None,
    };
    // The first reply's channel, person and time stay: the home read it then.
    let mut r = existing.unwrap_or_else(|| AnnouncementReply {
        announcement_id: c.announcement_id.clone(),
        unit: unit.clone(),
        channel: c.channel,
        resident: String::new(),
        recorded_by_name: ctx.user_name.clone(),
        at: ctx.now.clone(),
        sign_up: None,
        feedback: None,
    });
    if r.resident.is_empty() && !c.resident.trim().is_empty() {
        r.resident = crate::apply::name(Field::Resident, &c.resident)?;
    }
    let begun = a.activity_begun(&ctx.now);
    if let Some(people) = c.sign_up {
        let started = a.activity.as_ref().map(|x| &x.at);
        match (begun, started) {
            (Some(false), _) => {}
            (Some(true), Some(at)) if late(at) => {}
            (Some(true), _) => {
                return Err(reject(RejectionCode::Conflict, Some(Field::Count), "the activity has begun"));
            }
            (None, _) => return Err(invalid(Field::Count, "only an activity takes sign-ups")),
        }
        if people > 10 {
            return Err(invalid(Field::Count, "0 to 10 people from one home"));
        }
        let capacity = a.activity.as_ref().map(|x| x.capacity).unwrap_or(0);
        if capacity > 0 && people > 0 && signed_up(store, &c.announcement_id, &c.id)? + people > capacity {
            return Err(reject(RejectionCode::Conflict, Some(Field::Count), "the activity is full"));
        }
        r.sign_up = (people > 0).then(|| SignUp { people, at: ctx.now.clone() });
    }
    if let Some(rating) = c.rating {
        if begun != Some(true) {
            return Err(invalid(Field::Rating, "feedback is given after the activity"));
        }
        if !a.takes_feedback(&ctx.now) {
            return Err(reject(RejectionCode::Conflict, Some(Field::Rating), "feedback is closed"));
        }
        if r.feedback.is_some() {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::Rating),
                "this home has given its feedback",
            ));
        }
        if !(1..=5).contains(&rating) {
            return Err(invalid(Field::Rating, "1 to 5"));
        }
        let comment = optional(Field::Comment, &c.comment, 300)?;
        r.feedback = Some(Feedback { rating, comment, at: ctx.now.clone() });
    }
    save(store, &c.id, &r)
}

impl Command for DraftAnnouncement {
    crate::apply::about_record!(Kind::Announcement);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        draft(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for ActOnAnnouncement {
    crate::apply::about_record!(Kind::Announcement);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        act(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for ReplyToAnnouncement {
    crate::apply::about_record!(Kind::AnnouncementReply);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        reply(store, ctx, self)?;
        Ok(Applied::Done)
    }
}
