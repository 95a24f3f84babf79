//! The visitor rules, the same on the desk's tablet, the guard's phone and the server: who
//! may be registered (not on the unit's do-not-admit list; an ID where the property asks
//! one), what the host's answer records, a day pass used once on its day, and the removal of
//! old visitors' details.

use super::block::{DoNotAdmit, Lifted, Matched};
use super::commands::*;
use super::day_pass::{DayPass, Held, PassVerdict, SignedDayPass};
use super::record::{HostAnswer, HostConfirmation, Visit, VisitStatus};
use crate::apply::{
    Applied, ApplyError, Command, Ctx, RejectionCode, insert, load, name, registered_unit, reject, save,
    text, typed_time_slack,
};
use crate::field::Field;
use crate::release::record::DeviceKeyRecord;
use crate::sync::store::Indexed;
use crate::sync::{Kind, Store};
use chrono::NaiveDate;
use serde_json::Value;

fn invalid(field: Field, message: &str) -> ApplyError {
    reject(RejectionCode::Invalid, Some(field), message.to_string())
}

fn the_desk(ctx: &Ctx, what: &str) -> Result<(), ApplyError> {
    if ctx.role.runs_the_desk() {
        Ok(())
    } else {
        Err(reject(RejectionCode::Forbidden, None, format!("{what} is kept at the desk")))
    }
}

/// The unit's do-not-admit entries (every one, in force or not).
pub fn blocks_on(store: &dyn Store, unit: &str) -> Result<Vec<DoNotAdmit>, ApplyError> {
    let ids = store.ids_where(Kind::DoNotAdmit, Indexed::Unit, unit)?;
    ids.iter().map(|id| Ok(load::<DoNotAdmit>(store, id)?.0)).collect()
}

/// The entry in force that a visitor typed as `name` and `phone` for `unit` matches: what the
/// form shows as it is typed, and what refuses the registration.
pub fn do_not_admit(
    store: &dyn Store,
    unit: &str,
    name: &str,
    phone: &str,
    today: NaiveDate,
) -> Result<Option<(DoNotAdmit, Matched)>, ApplyError> {
    let unit = crate::property::canonical_unit(unit.trim());
    let blocks = blocks_on(store, &unit)?;
    Ok(super::block::first_match(&blocks, &unit, name, phone, today).map(|(b, m)| (b.clone(), m)))
}

fn refuse_if_blocked(
    store: &dyn Store,
    unit: &str,
    name: &str,
    phone: &str,
    today: NaiveDate,
) -> Result<(), ApplyError> {
    match do_not_admit(store, unit, name, phone, today)? {
        None => Ok(()),
        Some((b, m)) => Err(reject(
            RejectionCode::Conflict,
            Some(if m == Matched::Phone { Field::Phone } else { Field::DoNotAdmit }),
            format!("on {unit}'s do-not-admit list until {}: {}", b.until, b.reason),
        )),
    }
}

fn phone(field: Field, typed: Option<&str>) -> Result<Option<String>, ApplyError> {
    match typed.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(None),
        Some(p) => crate::phone::PhoneNumber::parse(p)
            .map(|p| Some(p.as_str().to_string()))
            .map_err(|_| invalid(field, "a mobile or landline number")),
    }
}

fn plate(typed: Option<&str>) -> Result<Option<String>, ApplyError> {
    let plate = typed.map(|p| p.trim().to_uppercase()).filter(|p| !p.is_empty());
    if plate.as_ref().is_some_and(|p| p.chars().count() > 12) {
        return Err(invalid(Field::Plate, "a plate, up to 12 characters"));
    }
    Ok(plate)
}

fn companions(n: u32) -> Result<u32, ApplyError> {
    if n > 30 {
        return Err(invalid(Field::Companions, "at most 30 people with the visitor"));
    }
    Ok(n)
}

fn host(typed: &str) -> Result<String, ApplyError> {
    if typed.trim().is_empty() { Ok(String::new()) } else { text(Field::Host, typed, 30) }
}

/// The host's answer as recorded: the number called, who answered and the minute (not after
/// the clock applying it), or the resident who came down. A day pass is never typed.
fn answer(store: &dyn Store, ctx: &Ctx, a: &NewAnswer) -> Result<HostConfirmation, ApplyError> {
    let answer = match &a.answer {
        HostAnswer::Call { phone: called, answered_by, at } => {
            let called = phone(Field::HostPhone, Some(called))?
                .ok_or_else(|| invalid(Field::HostPhone, "the number called"))?;
            let minute = chrono::NaiveDateTime::parse_from_str(at.trim(), "%Y-%m-%dT%H:%M")
                .map_err(|_| invalid(Field::AnswerAt, "when the host answered, to the minute"))?;
            let local_now = ctx.now.utc().with_timezone(&crate::clock::property_zone()).naive_local();
            if minute > local_now + typed_time_slack(store) {
                return Err(invalid(Field::AnswerAt, "the host's answer is not in the future"));
            }
            HostAnswer::Call {
                phone: called,
                answered_by: name(Field::AnsweredBy, answered_by)?,
                at: minute.format("%Y-%m-%dT%H:%M").to_string(),
            }
        }
        HostAnswer::InPerson { name: who } => HostAnswer::InPerson { name: name(Field::AnsweredBy, who)? },
        HostAnswer::DayPass { .. } | HostAnswer::Instruction { .. } => {
            return Err(invalid(
                Field::Answer,
                "a day pass is read at the gate, the list answers for itself",
            ));
        }
    };
    let reason = if a.admitted || a.reason.trim().is_empty() {
        String::new()
    } else {
        text(Field::Reason, &a.reason, 200)?
    };
    Ok(HostConfirmation {
        answer,
        admitted: a.admitted,
        reason,
        recorded_by_name: ctx.user_name.clone(),
        at: ctx.now.clone(),
    })
}

/// The pass read at the gate, checked as the gate checks it: signed by a registered key not
/// revoked, for this visitor and unit, on its day — on the server a day late too (a gate
/// offline overnight sends its entries in the morning). Used once: the visit takes its id.
fn admit_by_pass(
    store: &dyn Store,
    ctx: &Ctx,
    v: &RegisterVisit,
    pass: &SignedDayPass,
) -> Result<HostConfirmation, ApplyError> {
    let code = &pass.code;
    if code.pass_id != v.id
        || code.unit != crate::property::canonical_unit(v.unit.trim())
        || super::block::normal_name(&code.visitor_name) != super::block::normal_name(&v.visitor_name)
    {
        return Err(invalid(Field::DayPass, "the visit is not the one the pass names"));
    }
    if store.get(Kind::Visit, &v.id)?.is_some() {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::DayPass),
            "the pass let its visitor in already",
        ));
    }
    signed_by_a_live_key(store, pass)?;
    if store.get(Kind::VoidSlip, &code.pass_id)?.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::DayPass), "the server refused this pass"));
    }
    if store.get(Kind::DayPass, &code.pass_id)?.is_some()
        && load::<DayPass>(store, &code.pass_id)?.0.cancelled.is_some()
    {
        return Err(reject(RejectionCode::Conflict, Some(Field::DayPass), "the pass was cancelled"));
    }
    let today = ctx.now.local_day();
    let late = if store.holds_everything() { 1 } else { 0 };
    if today < code.day || today - chrono::Days::new(late) > code.day {
        return Err(reject(RejectionCode::Conflict, Some(Field::DayPass), "the pass is for another day"));
    }
    Ok(HostConfirmation {
        answer: HostAnswer::DayPass { pass_id: code.pass_id.clone() },
        admitted: true,
        reason: String::new(),
        recorded_by_name: ctx.user_name.clone(),
        at: ctx.now.clone(),
    })
}

fn signed_by_a_live_key(store: &dyn Store, pass: &SignedDayPass) -> Result<(), ApplyError> {
    let key_id = &pass.code.key_id;
    if store.get(Kind::DeviceKey, key_id)?.is_none() {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::DeviceKey),
            "the device's key is not registered",
        ));
    }
    let key = load::<DeviceKeyRecord>(store, key_id)?.0;
    if key.revoked.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::DeviceKey), "the device's key is revoked"));
    }
    pass.verify(&key.public_hex).map_err(|_| invalid(Field::DayPass, "the pass's signature does not match"))
}

/// 来访登记.
pub fn register(store: &mut dyn Store, ctx: &Ctx, v: &RegisterVisit) -> Result<(), ApplyError> {
    let visitor_name = name(Field::VisitorName, &v.visitor_name)?;
    // A unit in the register, in its one label form: `3栋-1502室` or a typo kept as free text
    // would be checked against no one's do-not-admit list.
    let unit = registered_unit(store, Field::Unit, &v.unit)?;
    let held_pass = match &v.pass {
        Some(p) if store.get(Kind::DayPass, &p.code.pass_id)?.is_some() => {
            Some(load::<DayPass>(store, &p.code.pass_id)?.0)
        }
        _ => None,
    };
    // The pass's own phone where this store holds the pass: a person listed by phone only
    // is refused at the gate too.
    let typed_phone = v.phone.as_deref().or(held_pass.as_ref().and_then(|p| p.phone.as_deref()));
    let phone = phone(Field::Phone, typed_phone)?;
    let policy = crate::settings::current(store)?.visitors;
    let (id_type, id_last4) =
        match (v.id_type, v.id_last4.as_deref().map(str::trim).filter(|s| !s.is_empty())) {
            (Some(t), Some(l)) => {
                let last4 = crate::keys::rules::last_four(t, l)
                    .ok_or_else(|| invalid(Field::IdLast4, "the ID's last four characters"))?;
                (Some(t), Some(last4))
            }
            // A pass holder's ID is compared with the name on the pass at the gate.
            (None, None) if !policy.id_required || v.pass.is_some() => (None, None),
            (None, Some(_)) => return Err(invalid(Field::IdLast4, "the ID's type with its last four")),
            (None, None) => return Err(invalid(Field::IdType, "the visitor's ID")),
            (Some(_), None) => return Err(invalid(Field::IdLast4, "the ID's last four characters")),
        };
    // A listed visitor is never admitted nor left waiting; turned away, the visit is
    // recorded (the owner may ask who came), with the list's reason if none was typed.
    let turned_away = v.pass.is_none() && v.answer.as_ref().is_some_and(|a| !a.admitted);
    let typed_phone = phone.as_deref().unwrap_or_default();
    let listed = do_not_admit(store, &unit, &visitor_name, typed_phone, ctx.now.local_day())?;
    if !turned_away {
        refuse_if_blocked(store, &unit, &visitor_name, typed_phone, ctx.now.local_day())?;
    }
    let confirmation = match (&v.pass, &v.answer, listed) {
        (Some(pass), _, _) => Some(admit_by_pass(store, ctx, v, pass)?),
        // The list answers for the owner: nobody is called.
        (None, Some(a), Some((b, _))) => Some(HostConfirmation {
            answer: HostAnswer::Instruction { instructed_by: b.instructed_by },
            admitted: false,
            reason: if a.reason.trim().is_empty() {
                format!("拒绝来访名单：{}", b.reason)
            } else {
                text(Field::Reason, &a.reason, 200)?
            },
            recorded_by_name: ctx.user_name.clone(),
            at: ctx.now.clone(),
        }),
        (None, Some(a), None) => Some(answer(store, ctx, a)?),
        (None, None, _) => None,
    };
    let visit = Visit {
        visitor_name,
        unit,
        purpose: text(Field::Purpose, &v.purpose, 200)?,
        registered_by: ctx.user_id,
        time_in: ctx.now.clone(),
        time_out: None,
        registered_by_name: ctx.user_name.clone(),
        phone,
        id_type,
        id_last4,
        // What the desk wrote on the pass, where the gate does not say otherwise.
        host: host(held_pass.as_ref().filter(|_| v.host.trim().is_empty()).map_or(&v.host, |p| &p.host))?,
        companions: companions(
            held_pass.as_ref().filter(|_| v.companions == 0).map_or(v.companions, |p| p.companions),
        )?,
        plate: plate(v.plate.as_deref().or(held_pass.as_ref().and_then(|p| p.plate.as_deref())))?,
        at_gate: ctx.role == crate::Role::Security,
        confirmation,
        details_removed: false,
    };
    insert(store, &v.id, &visit, "a record with this id exists")
}

/// The host's answer for a visitor waiting at the desk.
pub fn confirm(store: &mut dyn Store, ctx: &Ctx, c: &ConfirmVisit) -> Result<(), ApplyError> {
    let (mut visit, _) = load::<Visit>(store, &c.id)?;
    if visit.status() != VisitStatus::WaitingForHost {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::Answer),
            "the host's answer is recorded already",
        ));
    }
    // An owner's instruction that arrived while the visitor waited stands.
    if c.answer.admitted {
        let phone = visit.phone.clone().unwrap_or_default();
        refuse_if_blocked(store, &visit.unit, &visit.visitor_name, &phone, ctx.now.local_day())?;
    }
    visit.confirmation = Some(answer(store, ctx, &c.answer)?);
    save(store, &c.id, &visit)
}

/// The visitor leaves (or goes without waiting for the host). Recording it twice is a
/// conflict: the first exit time stands.
pub fn record_exit(store: &mut dyn Store, ctx: &Ctx, id: &str) -> Result<(), ApplyError> {
    let (mut visit, _) = load::<Visit>(store, id)?;
    match visit.status() {
        VisitStatus::Left => {
            return Err(reject(RejectionCode::Conflict, None, "the visitor's exit is already recorded"));
        }
        VisitStatus::Refused => {
            return Err(reject(RejectionCode::Conflict, None, "the visitor was not admitted"));
        }
        VisitStatus::Inside | VisitStatus::WaitingForHost => {}
    }
    visit.time_out = Some(ctx.now.clone());
    save(store, id, &visit)
}

/// A new purpose; when another edit landed since `base_version`, the last one in server
/// order wins and the overwrite is reported back.
pub fn update_purpose(
    store: &mut dyn Store,
    id: &str,
    purpose: &str,
    base_version: u64,
) -> Result<Applied, ApplyError> {
    let purpose = text(Field::Purpose, purpose, 200)?;
    let (mut visit, version) = load::<Visit>(store, id)?;
    let previous = std::mem::replace(&mut visit.purpose, purpose);
    save(store, id, &visit)?;
    if version != base_version && previous != visit.purpose {
        return Ok(Applied::Overwrote {
            field: "purpose",
            previous: Value::String(previous),
            current_version: version,
        });
    }
    Ok(Applied::Done)
}

/// A visit registered by mistake, withdrawn before the host answered.
pub fn withdraw(store: &mut dyn Store, id: &str) -> Result<(), ApplyError> {
    let (visit, _) = load::<Visit>(store, id)?;
    // Once the host answered (or a pass let the visitor in) the visit is on record: a refusal
    // must stay, and a pass's entry is what makes it used.
    if visit.status() != VisitStatus::WaitingForHost {
        return Err(reject(
            RejectionCode::Conflict,
            None,
            "the visit is on record once the host has answered",
        ));
    }
    Ok(store.delete(Kind::Visit, id)?)
}

/// A person put on a unit's do-not-admit list at the desk, on the owner's instruction.
pub fn set_block(store: &mut dyn Store, ctx: &Ctx, b: &SetDoNotAdmit) -> Result<(), ApplyError> {
    the_desk(ctx, "the do-not-admit list")?;
    let unit = registered_unit(store, Field::Unit, &b.unit)?;
    let who = if b.visitor_name.trim().is_empty() {
        String::new()
    } else {
        name(Field::VisitorName, &b.visitor_name)?
    };
    let phone = phone(Field::Phone, b.phone.as_deref())?;
    if who.is_empty() && phone.is_none() {
        return Err(invalid(Field::VisitorName, "the person's name or phone"));
    }
    let today = ctx.now.local_day();
    // A device offline since yesterday may send yesterday's instruction for today.
    if b.until < today - chrono::Days::new(1) || b.until > today + chrono::Days::new(5 * 366) {
        return Err(invalid(Field::Until, "an end date from today, within five years"));
    }
    let entry = DoNotAdmit {
        unit,
        name: who,
        phone,
        reason: text(Field::Reason, &b.reason, 200)?,
        until: b.until,
        instructed_by: name(Field::InstructedBy, &b.instructed_by)?,
        set_by_name: ctx.user_name.clone(),
        set_at: ctx.now.clone(),
        lifted: None,
    };
    insert(store, &b.id, &entry, "a record with this id exists")
}

pub fn lift_block(store: &mut dyn Store, ctx: &Ctx, l: &LiftDoNotAdmit) -> Result<(), ApplyError> {
    the_desk(ctx, "the do-not-admit list")?;
    let (mut entry, _) = load::<DoNotAdmit>(store, &l.id)?;
    if entry.lifted.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::DoNotAdmit), "lifted already"));
    }
    entry.lifted = Some(Lifted {
        by_name: ctx.user_name.clone(),
        at: ctx.now.clone(),
        reason: text(Field::Reason, &l.reason, 200)?,
    });
    save(store, &l.id, &entry)
}

/// The owner called off the visit: the pass is cancelled, unless it let its visitor in.
pub fn cancel_pass(store: &mut dyn Store, ctx: &Ctx, c: &CancelDayPass) -> Result<(), ApplyError> {
    the_desk(ctx, "a day pass")?;
    let (mut pass, _) = load::<DayPass>(store, &c.id)?;
    if pass.cancelled.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::DayPass), "cancelled already"));
    }
    if store.get(Kind::Visit, &c.id)?.is_some() {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::DayPass),
            "the pass let its visitor in already",
        ));
    }
    pass.cancelled = Some(Lifted {
        by_name: ctx.user_name.clone(),
        at: ctx.now.clone(),
        reason: text(Field::Reason, &c.reason, 200)?,
    });
    save(store, &c.id, &pass)
}

/// 预约访客: a day pass for today or a day up to 30 days ahead, for someone not on the unit's
/// list, its code saying what the pass says and signed by this tablet's live key.
pub fn issue_pass(store: &mut dyn Store, ctx: &Ctx, p: &IssueDayPass) -> Result<(), ApplyError> {
    the_desk(ctx, "a day pass")?;
    let unit = registered_unit(store, Field::Unit, &p.unit)?;
    let visitor_name = name(Field::VisitorName, &p.visitor_name)?;
    let phone = phone(Field::Phone, p.phone.as_deref())?;
    let today = ctx.now.local_day();
    let slack = if store.holds_everything() { 1 } else { 0 };
    if p.day < today - chrono::Days::new(slack) || p.day > today + chrono::Days::new(30) {
        return Err(invalid(Field::Day, "a day from today, within 30 days"));
    }
    refuse_if_blocked(store, &unit, &visitor_name, phone.as_deref().unwrap_or_default(), today)?;
    let code = &p.code.code;
    if code.pass_id != p.id || code.unit != unit || code.visitor_name != visitor_name || code.day != p.day {
        return Err(invalid(Field::DayPass, "the pass's code does not say what the pass says"));
    }
    signed_by_a_live_key(store, &p.code)?;
    let pass = DayPass {
        unit,
        visitor_name,
        phone,
        host: name(Field::Host, &p.host)?,
        purpose: text(Field::Purpose, &p.purpose, 200)?,
        day: p.day,
        companions: companions(p.companions)?,
        plate: plate(p.plate.as_deref())?,
        issued_by_name: ctx.user_name.clone(),
        issued_at: ctx.now.clone(),
        cancelled: None,
        code: p.code.clone(),
    };
    insert(store, &p.id, &pass, "a record with this id exists")?;
    // Refused once, sent again corrected: the pass stands now.
    if store.get(Kind::VoidSlip, &p.id)?.is_some() {
        store.delete(Kind::VoidSlip, &p.id)?;
    }
    Ok(())
}

/// The server refused the day pass `p` the desk sent: the gates learn it, so its printed
/// code admits nobody. Not where the id is a pass that stands, nor for a refusal of the id
/// itself or of who sent it. Whether it wrote anything.
pub fn void_refused_pass(
    store: &mut dyn Store,
    ctx: &Ctx,
    p: &IssueDayPass,
    why: &crate::apply::Rejection,
) -> Result<bool, ApplyError> {
    if !crate::ids::is_uuid(&p.id)
        || why.field == Some(Field::Id)
        || why.code == RejectionCode::Forbidden
        || !ctx.role.runs_the_desk()
        || store.get(Kind::DayPass, &p.id)?.is_some()
        || store.get(Kind::VoidSlip, &p.id)?.is_some()
    {
        return Ok(false);
    }
    let void = crate::release::record::VoidSlip {
        unit: crate::property::canonical_unit(&p.unit),
        code: why.code,
        field: why.field,
        message: why.message.clone(),
        issued_by_name: ctx.user_name.clone(),
        refused_at: ctx.now.clone(),
    };
    save(store, &p.id, &void)?;
    Ok(true)
}

/// Whether a visit registered on `registered` is past the retention period on `today`.
pub fn past_retention(registered: NaiveDate, retention_days: u32, today: NaiveDate) -> bool {
    registered + chrono::Days::new(u64::from(retention_days)) < today
}

/// The sweep: an old visit keeps who, where, why and when, and loses the phone numbers and
/// ID digits. Only the rules do it.
pub fn remove_details(store: &mut dyn Store, ctx: &Ctx, id: &str) -> Result<(), ApplyError> {
    if !ctx.by_rules() {
        return Err(reject(
            RejectionCode::Forbidden,
            None,
            "visitors' details are removed by the retention rule",
        ));
    }
    let (mut visit, _) = load::<Visit>(store, id)?;
    let days = crate::settings::current(store)?.visitors.retention_days;
    if visit.details_removed || !past_retention(visit.time_in.local_day(), days, ctx.now.local_day()) {
        return Err(reject(RejectionCode::Conflict, None, "not past the retention period"));
    }
    (visit.phone, visit.id_type, visit.id_last4) = (None, None, None);
    if let Some(HostConfirmation { answer: HostAnswer::Call { phone, .. }, .. }) = &mut visit.confirmation {
        phone.clear();
    }
    visit.details_removed = true;
    save(store, id, &visit)
}

/// What the gate decides about a scanned day pass, from what its store holds (the keys, the
/// visit the pass opened if this phone has it, the unit's do-not-admit list).
pub fn pass_at_gate(
    store: &dyn Store,
    scanned: &str,
    today: NaiveDate,
) -> Result<(Option<SignedDayPass>, PassVerdict), ApplyError> {
    let Ok(pass) = SignedDayPass::from_qr(scanned) else { return Ok((None, PassVerdict::NotAPass)) };
    let code = &pass.code;
    let mut keys = Vec::new();
    if store.get(Kind::DeviceKey, &code.key_id)?.is_some() {
        keys.push(load::<DeviceKeyRecord>(store, &code.key_id)?.0.gate_key(&code.key_id));
    }
    let entry = match store.get(Kind::Visit, &code.pass_id)? {
        Some(_) => Some(load::<Visit>(store, &code.pass_id)?.0),
        None => None,
    };
    let blocks = blocks_on(store, &crate::property::canonical_unit(&code.unit))?;
    let void = match store.get(Kind::VoidSlip, &code.pass_id)? {
        Some(_) => Some(load::<crate::release::record::VoidSlip>(store, &code.pass_id)?.0),
        None => None,
    };
    let cancelled = match store.get(Kind::DayPass, &code.pass_id)? {
        Some(_) => load::<DayPass>(store, &code.pass_id)?.0.cancelled,
        None => None,
    };
    let held =
        Held { entry: entry.as_ref(), blocks: &blocks, void: void.as_ref(), cancelled: cancelled.as_ref() };
    Ok(super::day_pass::check(scanned, &keys, held, today))
}

impl Command for RegisterVisit {
    crate::apply::about_record!(Kind::Visit);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        register(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for ConfirmVisit {
    crate::apply::about_record!(Kind::Visit);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        confirm(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for RecordVisitExit {
    crate::apply::about_record!(Kind::Visit);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        record_exit(store, ctx, &self.id)?;
        Ok(Applied::Done)
    }
}

impl Command for UpdateVisitPurpose {
    crate::apply::about_record!(Kind::Visit);
    fn apply(&self, store: &mut dyn Store, _ctx: &Ctx) -> Result<Applied, ApplyError> {
        update_purpose(store, &self.id, &self.purpose, self.base_version)
    }
}

impl Command for WithdrawVisit {
    crate::apply::about_record!(Kind::Visit);
    fn apply(&self, store: &mut dyn Store, _ctx: &Ctx) -> Result<Applied, ApplyError> {
        withdraw(store, &self.id)?;
        Ok(Applied::Done)
    }
}

impl Command for SetDoNotAdmit {
    crate::apply::about_record!(Kind::DoNotAdmit);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        set_block(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for CancelDayPass {
    crate::apply::about_record!(Kind::DayPass);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        cancel_pass(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for LiftDoNotAdmit {
    crate::apply::about_record!(Kind::DoNotAdmit);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        lift_block(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for IssueDayPass {
    crate::apply::about_record!(Kind::DayPass);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        issue_pass(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for RemoveVisitorDetails {
    crate::apply::about_record!(Kind::Visit);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        remove_details(store, ctx, &self.id)?;
        Ok(Applied::Done)
    }
}
