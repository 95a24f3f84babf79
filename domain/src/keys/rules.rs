//! The key cabinet's rules (物业客服管理制度 · 钥匙管理), run on the device and the server.

use super::commands::*;
use super::incident::{self, NewIncident};
use super::record::*;
use crate::Role;
use crate::apply::{Applied, Command};
use crate::apply::{ApplyError, Ctx, RejectionCode, insert, load, name, registered_unit, reject, save, text};
use crate::clock::Timestamp;
use crate::field::Field;
use crate::sync::store::Indexed;
use crate::sync::{Kind, Store};

pub fn status(loan: &KeyLoan) -> LoanStatus {
    loan.status
}

/// The desk's search of the register: the query in the tag, the slot or the unit, any case.
pub fn matches(key: &Key, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    // A unit however typed (`1-1502`, `1栋1502`) finds the key kept under `1栋-1502`.
    q.is_empty()
        || crate::property::parse_unit(query).is_some_and(|u| u == key.unit)
        || [&key.tag, &key.slot, &key.unit].iter().any(|f| f.to_lowercase().contains(&q))
}

/// Still out after the end of its shift.
pub fn is_overdue(loan: &KeyLoan, now: &Timestamp) -> bool {
    loan.is_overdue(now)
}

/// A sealed key needs the supervisor's and the manager's approval (two people); an
/// emergency loan went first and is flagged until both are recorded. A withdrawn request
/// needs none.
pub fn approvals_missing(loan: &KeyLoan) -> Vec<Role> {
    if loan.key_kind != KeyKind::Sealed || loan.status == LoanStatus::Withdrawn {
        return Vec::new();
    }
    [Role::Supervisor, Role::Manager]
        .into_iter()
        .filter(|r| !loan.approvals.iter().any(|a| a.role == *r))
        .collect()
}

fn invalid(field: Field, message: &str) -> ApplyError {
    reject(RejectionCode::Invalid, Some(field), message.to_string())
}

fn step(ctx: &Ctx, change: KeyChange) -> KeyStep {
    KeyStep { at: ctx.now.clone(), by_name: ctx.user_name.clone(), role: ctx.role, change }
}

/// The desk keeps the cabinet; security reads it.
fn the_desk(ctx: &Ctx) -> Result<(), ApplyError> {
    if ctx.role.runs_the_desk() {
        Ok(())
    } else {
        Err(reject(RejectionCode::Forbidden, None, "the desk keeps the key cabinet"))
    }
}

/// A seal as the owner signed it.
fn seal(number: &str, signature: &crate::photo::PhotoRef) -> Result<Seal, ApplyError> {
    crate::photo::check_refs(std::slice::from_ref(signature))?;
    Ok(Seal { number: text(Field::SealNumber, number, 30)?, signature: signature.clone() })
}

/// Refuses unless no live key but `id` has `value` as its `field` (tag or slot).
fn free(store: &dyn Store, id: &str, field: Field, value: &str) -> Result<(), ApplyError> {
    let indexed = if field == Field::Tag { Indexed::Tag } else { Indexed::Slot };
    for other in store.ids_where(Kind::Key, indexed, value)? {
        let (key, _) = load::<Key>(store, &other)?;
        if key.state != KeyState::Retired && other != id {
            return Err(reject(RejectionCode::Conflict, Some(field), format!("{field} {value} is taken")));
        }
    }
    Ok(())
}

/// A key in the cabinet moves to another slot (an event: the old slot stays in its history).
pub fn move_to(store: &mut dyn Store, ctx: &Ctx, id: &str, slot: &str) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let (mut key, _) = load::<Key>(store, id)?;
    if !super::count::in_slot(&key.state) {
        return Err(reject(RejectionCode::Conflict, Some(Field::Status), "only a key in the cabinet moves"));
    }
    let slot = text(Field::Slot, slot, 20)?;
    free(store, id, Field::Slot, &slot)?;
    let from = std::mem::replace(&mut key.slot, slot.clone());
    key.history.push(step(ctx, KeyChange::Moved { from, to: slot }));
    save(store, id, &key)
}

/// A key leaves the register (the owner took it back, the lock was changed); its tag and
/// slot are free again, its history stays.
pub fn retire(store: &mut dyn Store, ctx: &Ctx, id: &str, reason: &str) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let (mut key, _) = load::<Key>(store, id)?;
    if !super::count::in_slot(&key.state) {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::Status),
            "only a key in the cabinet is retired",
        ));
    }
    let reason = text(Field::Reason, reason, 200)?;
    key.state = KeyState::Retired;
    key.history.push(step(ctx, KeyChange::Retired { reason }));
    save(store, id, &key)
}

/// 钥匙登记. A tag and a slot hold one live key each (a cross-record rule, asked of the store).
pub fn register(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    new: &super::commands::NewKey,
) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let tag = text(Field::Tag, &new.tag, 20)?;
    let slot = text(Field::Slot, &new.slot, 20)?;
    // A unit's key names a unit of the register (`1-1502` is kept as `1栋-1502`, so a search
    // finds it); a repair key may name a plant room instead.
    let plant_room = new.kind == KeyKind::Repair && crate::property::parse_unit(&new.unit).is_none();
    let unit = if plant_room {
        text(Field::Unit, &new.unit, 30)?
    } else {
        registered_unit(store, Field::Unit, &new.unit)?
    };
    if new.count == 0 || new.count > 50 {
        return Err(invalid(Field::Count, "a ring holds 1–50 keys"));
    }
    let seal = match (new.kind, &new.seal_number, &new.signature) {
        (KeyKind::Sealed, Some(n), Some(s)) => Some(seal(n, s)?),
        (KeyKind::Sealed, _, _) => {
            return Err(invalid(
                Field::SealNumber,
                "a sealed key needs the seal number and the owner's signature",
            ));
        }
        _ => None,
    };
    for (field, value) in [(Field::Tag, &tag), (Field::Slot, &slot)] {
        free(store, id, field, value)?;
    }
    let key = Key {
        tag,
        slot,
        unit,
        kind: new.kind,
        count: new.count,
        seal,
        state: KeyState::InCabinet,
        history: vec![step(ctx, KeyChange::Registered)],
    };
    insert(store, id, &key, "a key with this id exists")
}

fn check_borrower(b: &Borrower) -> Result<Borrower, ApplyError> {
    let mut b = b.clone();
    b.name = name(Field::Borrower, &b.name)?;
    if b.kind.shows_id() {
        match (b.id_type, b.id_last4.as_deref(), &b.letter) {
            (Some(IdType::OwnersLetter), _, Some(letter)) => {
                crate::photo::check_refs(std::slice::from_ref(letter))?
            }
            (Some(IdType::OwnersLetter), _, None) => {
                return Err(invalid(Field::Letter, "a photo of the owner's letter is kept"));
            }
            (Some(t), Some(last4), _) if last_four(t, last4).is_some() => b.id_last4 = last_four(t, last4),
            _ => return Err(invalid(Field::IdLast4, "the ID's type and its last 4 characters")),
        }
    }
    if !b.kind.shows_id() {
        // Nothing about an ID is kept for someone who showed none.
        (b.id_type, b.id_last4, b.letter) = (None, None, None);
    }
    b.pass = match b.kind {
        BorrowerKind::Cleaner => Some(text(Field::Pass, b.pass.as_deref().unwrap_or_default(), 30)?),
        _ => None,
    };
    Ok(b)
}

/// The last four characters of an ID's number: digits, a resident card's last one may be X.
pub(crate) fn last_four(id_type: IdType, s: &str) -> Option<String> {
    let s = s.trim().to_ascii_uppercase();
    let ok = s.chars().count() == 4
        && match id_type {
            IdType::ResidentCard => {
                s.chars().take(3).all(|c| c.is_ascii_digit())
                    && s.ends_with(|c: char| c.is_ascii_digit() || c == 'X')
            }
            _ => s.chars().all(|c| c.is_ascii_alphanumeric()),
        };
    ok.then_some(s)
}

/// The owner's consent by phone: the number called, who called, and the minute — not after
/// the change it allows ([`crate::apply::typed_time_slack`]).
pub(crate) fn check_consent(
    c: &Consent,
    now: &crate::clock::Timestamp,
    slack: chrono::Duration,
) -> Result<Consent, ApplyError> {
    let phone = crate::phone::PhoneNumber::parse(&c.phone)
        .map_err(|_| invalid(Field::ConsentPhone, "the number called"))?;
    let minute = chrono::NaiveDateTime::parse_from_str(c.at.trim(), "%Y-%m-%dT%H:%M")
        .map_err(|_| invalid(Field::ConsentAt, "when the owner agreed, to the minute"))?;
    let local_now = now.utc().with_timezone(&crate::clock::property_zone()).naive_local();
    if minute > local_now + slack {
        return Err(invalid(Field::ConsentAt, "the owner's consent comes before the loan"));
    }
    Ok(Consent {
        phone: phone.as_str().to_string(),
        called_by: name(Field::ConsentBy, &c.called_by)?,
        at: minute.format("%Y-%m-%dT%H:%M").to_string(),
    })
}

/// 钥匙借用. An owner's key goes only with the owner's consent by phone, or in an
/// emergency; a sealed key waits for the supervisor and the manager unless it is an
/// emergency, when it goes at once and is flagged until they approve.
/// The accounts taking part: the borrower and the two escorts at most, each once.
fn participants(ids: &[i64]) -> Result<Vec<i64>, ApplyError> {
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() != ids.len() || ids.len() > 3 || ids.iter().any(|&id| id <= 0) {
        return Err(invalid(Field::Escorts, "each person taking part once: the borrower and two escorts"));
    }
    Ok(ids.to_vec())
}

pub fn lend(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    new: &super::commands::NewLoan,
) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let (mut key, _) = load::<Key>(store, &new.key_id)?;
    match key.state {
        KeyState::InCabinet => {}
        KeyState::AwaitingReseal => {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::KeyId),
                "the owner must seal the key again first",
            ));
        }
        _ => {
            return Err(reject(RejectionCode::Conflict, Some(Field::KeyId), "the key is not in the cabinet"));
        }
    }
    let borrower = check_borrower(&new.borrower)?;
    let consent = match (&new.consent, new.emergency) {
        (Some(c), _) => Some(check_consent(c, &ctx.now, crate::apply::typed_time_slack(store))?),
        (None, Some(_)) => None,
        (None, None) if key.kind.owners() => {
            return Err(invalid(Field::ConsentPhone, "the owner's consent by phone comes first"));
        }
        (None, None) => None,
    };
    let escorts: Vec<String> =
        new.escorts.iter().map(|e| name(Field::Escorts, e)).collect::<Result<_, _>>()?;
    let distinct = escorts.len() == 2 && escorts[0] != escorts[1];
    if borrower.kind.goes_in_escorted() && !distinct {
        return Err(invalid(Field::Escorts, "two different staff go in together"));
    }
    if new.count == 0 || new.count > key.count {
        return Err(invalid(Field::Count, "how many keys go out (at most the ring's)"));
    }
    let takes_part = participants(&new.staff_ids)?;
    let waits = key.kind == KeyKind::Sealed && new.emergency.is_none();
    let loan = KeyLoan {
        key_id: new.key_id.clone(),
        tag: key.tag.clone(),
        unit: key.unit.clone(),
        key_kind: key.kind,
        borrower,
        purpose: text(Field::Purpose, &new.purpose, 200)?,
        serves: new.serves.as_deref().map(|s| text(Field::Serves, s, 40)).transpose()?,
        consent,
        emergency: new.emergency,
        approvals: Vec::new(),
        escorts,
        takes_part,
        count: new.count,
        lent_by: ctx.user_id,
        lent_by_name: ctx.user_name.clone(),
        asked_at: ctx.now.clone(),
        out_at: (!waits).then(|| ctx.now.clone()),
        due_by: crate::settings::current(store)?.shifts.window(&ctx.now).end,
        returned: None,
        status: if waits { LoanStatus::AwaitingApproval } else { LoanStatus::Out },
        incident: None,
        withdrawn: None,
    };
    insert(store, id, &loan, "a loan with this id exists")?;
    key.state = KeyState::Lent { loan_id: id.to_string() };
    key.history.push(step(ctx, KeyChange::Lent { loan_id: id.to_string() }));
    save(store, &new.key_id, &key)
}

/// The supervisor's or the manager's approval of a sealed key's loan, each on their own
/// device: two roles, two people. The second lets the key out (unless it already went, in
/// an emergency).
pub fn approve(store: &mut dyn Store, ctx: &Ctx, id: &str) -> Result<(), ApplyError> {
    let (mut loan, _) = load::<KeyLoan>(store, id)?;
    if !approvals_missing(&loan).contains(&ctx.role) {
        let why = if loan.key_kind == KeyKind::Sealed {
            "already approved by this role"
        } else {
            "no approval needed"
        };
        let code = if matches!(ctx.role, Role::Supervisor | Role::Manager) {
            RejectionCode::Conflict
        } else {
            RejectionCode::Forbidden
        };
        return Err(reject(code, None, why));
    }
    if loan.approvals.iter().any(|a| a.by == ctx.user_id) || loan.lent_by == ctx.user_id {
        return Err(reject(
            RejectionCode::Conflict,
            None,
            "two different people approve, neither the one who lent it",
        ));
    }
    if loan.returned.is_some() && loan.emergency.is_none() {
        return Err(reject(RejectionCode::Conflict, Some(Field::Status), "the loan is closed"));
    }
    loan.approvals.push(Approval {
        role: ctx.role,
        by: ctx.user_id,
        by_name: ctx.user_name.clone(),
        at: ctx.now.clone(),
    });
    if approvals_missing(&loan).is_empty() && loan.out_at.is_none() {
        loan.status = LoanStatus::Out;
        loan.out_at = Some(ctx.now.clone());
        loan.due_by = crate::settings::current(store)?.shifts.window(&ctx.now).end;
    }
    save(store, id, &loan)
}

/// A sealed key's request that will not be approved (the owner called back, the job was
/// done another way) is withdrawn by the desk with its reason: the key never left, and is
/// free in the cabinet again.
pub fn withdraw(store: &mut dyn Store, ctx: &Ctx, id: &str, reason: &str) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let (mut loan, _) = load::<KeyLoan>(store, id)?;
    if loan.status != LoanStatus::AwaitingApproval {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::Status),
            "only a request still waiting for its approvals is withdrawn",
        ));
    }
    let reason = text(Field::Note, reason, 200)?;
    loan.status = LoanStatus::Withdrawn;
    loan.withdrawn = Some(super::record::Withdrawal {
        at: ctx.now.clone(),
        by_name: ctx.user_name.clone(),
        reason: reason.clone(),
    });
    save(store, id, &loan)?;
    let (mut key, _) = load::<Key>(store, &loan.key_id)?;
    key.state = KeyState::InCabinet;
    key.history.push(step(ctx, KeyChange::RequestWithdrawn { loan_id: id.to_string(), reason }));
    save(store, &loan.key_id, &key)
}

/// 钥匙归还. The count is what came back (fewer is an incident, more is a mistake); a vacant
/// unit's key comes back with the power and windows answered; a used sealed key waits for
/// the owner's new seal.
pub fn give_back(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    back: &super::commands::ReturnKey,
) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let (mut loan, _) = load::<KeyLoan>(store, id)?;
    if status(&loan) != LoanStatus::Out {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::Status),
            "only a key that is out comes back",
        ));
    }
    if back.count > loan.count {
        return Err(invalid(Field::Count, "more keys than went out"));
    }
    if loan.key_kind == KeyKind::Vacant && (back.power_off.is_none() || back.windows_shut.is_none()) {
        return Err(invalid(Field::PowerOff, "a vacant unit's power and windows are checked on leaving"));
    }
    let note = back.note.trim().chars().take(500).collect::<String>();
    let short = back.count < loan.count;
    if short && note.is_empty() {
        return Err(invalid(Field::Note, "a short return says what happened"));
    }
    let incident = match (&back.incident, short) {
        (Some(ids), true) => Some(ids),
        (None, true) => return Err(invalid(Field::Note, "a short return opens a key incident")),
        (_, false) => None,
    };
    loan.status = if back.count < loan.count { LoanStatus::ReturnedShort } else { LoanStatus::Returned };
    loan.returned = Some(KeyReturn {
        at: ctx.now.clone(),
        by_name: ctx.user_name.clone(),
        count: back.count,
        power_off: back.power_off,
        windows_shut: back.windows_shut,
        note: note.clone(),
    });
    save(store, id, &loan)?;
    let (mut key, _) = load::<Key>(store, &loan.key_id)?;
    // The register says what is in the cabinet now: a short return leaves fewer keys on the
    // ring, none at all leaves the slot empty until its incident is resolved.
    key.state = match incident {
        Some(ids) if back.count == 0 => KeyState::Missing { incident_id: ids.id.clone() },
        _ if loan.key_kind == KeyKind::Sealed => KeyState::AwaitingReseal,
        _ => KeyState::InCabinet,
    };
    if back.count > 0 {
        key.count = back.count;
    }
    key.history.push(step(ctx, KeyChange::Returned { loan_id: id.to_string(), count: back.count }));
    save(store, &loan.key_id, &key)?;
    match incident {
        // An overdue loan already has its incident: the short return is a new one, of the key.
        Some(ids) => {
            let about = loan.incident.is_none().then_some(id);
            super::incident::open(
                store,
                ctx,
                ids,
                &loan.key_id,
                about,
                super::incident::Why {
                    cause: super::incident::Cause::ShortReturn,
                    note: &note,
                    counted: None,
                },
            )
        }
        None => Ok(()),
    }
}

/// The owner seals a used key again (new seal number, new signature).
pub fn reseal(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    number: &str,
    signature: &crate::photo::PhotoRef,
) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let (mut key, _) = load::<Key>(store, id)?;
    if key.state != KeyState::AwaitingReseal {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::Status),
            "the key is not waiting for a seal",
        ));
    }
    let new = seal(number, signature)?;
    key.history.push(step(ctx, KeyChange::Resealed { number: new.number.clone() }));
    key.seal = Some(new);
    key.state = KeyState::InCabinet;
    save(store, id, &key)
}

// Each change a device can make about this ledger, applied by the rules above; the
// commands' wire forms are in `commands.rs`, which needs nothing from here.

impl Command for RegisterKey {
    crate::apply::about_record!(Kind::Key);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        register(store, ctx, &self.id, &self.key)?;
        Ok(Applied::Done)
    }
}

impl Command for LendKey {
    crate::apply::about_record!(Kind::KeyLoan);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        lend(store, ctx, &self.id, &self.loan)?;
        Ok(Applied::Done)
    }
}

impl Command for ApproveKeyLoan {
    crate::apply::about_record!(Kind::KeyLoan);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        approve(store, ctx, &self.id)?;
        Ok(Applied::Done)
    }
}

impl Command for WithdrawKeyLoan {
    crate::apply::about_record!(Kind::KeyLoan);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        withdraw(store, ctx, &self.id, &self.reason)?;
        Ok(Applied::Done)
    }
}

impl Command for ReturnKey {
    crate::apply::about_record!(Kind::KeyLoan);
    fn new_ids(&self) -> Vec<&str> {
        self.incident.iter().flat_map(|i| [i.id.as_str(), i.log_id.as_str()]).collect()
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        give_back(store, ctx, &self.id, self)?;
        Ok(Applied::Done)
    }
}

impl Command for ResealKey {
    crate::apply::about_record!(Kind::Key);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        reseal(store, ctx, &self.id, &self.seal_number, &self.signature)?;
        Ok(Applied::Done)
    }
}

impl Command for OpenKeyIncident {
    crate::apply::about_record!(Kind::KeyIncident);
    fn new_ids(&self) -> Vec<&str> {
        vec![&self.log_id]
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let ids = NewIncident { id: self.id.clone(), log_id: self.log_id.clone() };
        incident::open(
            store,
            ctx,
            &ids,
            &self.key_id,
            self.loan_id.as_deref(),
            incident::Why { cause: self.cause, note: &self.note, counted: None },
        )?;
        Ok(Applied::Done)
    }
}

impl Command for ActOnKeyIncident {
    crate::apply::about_record!(Kind::KeyIncident);
    fn new_ids(&self) -> Vec<&str> {
        vec![&self.log_id]
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        incident::act(store, ctx, &self.id, &self.log_id, self.step, &self.note)?;
        Ok(Applied::Done)
    }
}

impl Command for RecordKeyCount {
    crate::apply::about_record!(Kind::KeyCount);
    fn new_ids(&self) -> Vec<&str> {
        let mut ids = vec![self.log_id.as_str()];
        for i in &self.incidents {
            ids.extend([i.ids.id.as_str(), i.ids.log_id.as_str()]);
        }
        ids
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        super::count::record(store, ctx, &self.id, &self.log_id, &self.checks, &self.incidents)?;
        Ok(Applied::Done)
    }
}

impl Command for MoveKey {
    crate::apply::about_record!(Kind::Key);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        move_to(store, ctx, &self.id, &self.slot)?;
        Ok(Applied::Done)
    }
}

impl Command for RetireKey {
    crate::apply::about_record!(Kind::Key);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        retire(store, ctx, &self.id, &self.reason)?;
        Ok(Applied::Done)
    }
}
