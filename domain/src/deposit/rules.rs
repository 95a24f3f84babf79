//! The desk's register of items left with it: logged by the desk, a deposit approved (or
//! refused) by the supervisor, handed over once against a name and an ID's last four or a
//! signature.

use super::commands::{ApproveDeposit, HandOverDeskItem, LogDeskItem};
use super::record::{Approval, DeskItem, HandedOver, ItemStatus};
use crate::apply::{
    Applied, ApplyError, Command, Ctx, RejectionCode, insert, load, name, reject, save, text, unit_or_place,
};
use crate::field::Field;
use crate::sync::{Kind, Store};

fn invalid(field: Field, message: &str) -> ApplyError {
    reject(RejectionCode::Invalid, Some(field), message.to_string())
}

fn the_desk(ctx: &Ctx) -> Result<(), ApplyError> {
    if ctx.role.runs_the_desk() {
        Ok(())
    } else {
        Err(reject(RejectionCode::Forbidden, None, "items are kept at the desk"))
    }
}

pub fn log(store: &mut dyn Store, ctx: &Ctx, c: &LogDeskItem) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let n = &c.new;
    if !n.photos.is_empty() {
        crate::photo::check_refs(&n.photos)?;
    }
    if n.photos.len() > 4 {
        return Err(invalid(Field::Photos, "at most 4 photos of an item"));
    }
    let note = if n.note.trim().is_empty() { String::new() } else { text(Field::Note, &n.note, 200)? };
    let item = DeskItem {
        kind: n.kind,
        item: text(Field::Items, &n.item, 100)?,
        from: text(Field::From, &n.from, 50)?,
        for_unit: unit_or_place(store, Field::Unit, &n.for_unit)?,
        for_name: name(Field::Recipient, &n.for_name)?,
        photos: n.photos.clone(),
        note,
        logged_by_name: ctx.user_name.clone(),
        logged_at: ctx.now.clone(),
        approval: None,
        handed: None,
    };
    insert(store, &c.id, &item, "a record with this id exists")
}

/// 寄存须经主管批准: the supervisor's (or the manager's) answer, once.
pub fn approve(store: &mut dyn Store, ctx: &Ctx, c: &ApproveDeposit) -> Result<(), ApplyError> {
    if !matches!(ctx.role, crate::Role::Supervisor | crate::Role::Manager) {
        return Err(reject(RejectionCode::Forbidden, None, "a deposit is approved by the supervisor"));
    }
    let (mut item, _) = load::<DeskItem>(store, &c.id)?;
    if item.status() != ItemStatus::AwaitingApproval {
        return Err(reject(RejectionCode::Conflict, Some(Field::Approval), "not waiting for approval"));
    }
    let reason = if c.approved && c.reason.trim().is_empty() {
        String::new()
    } else {
        text(Field::Reason, &c.reason, 200)?
    };
    item.approval =
        Some(Approval { approved: c.approved, reason, by_name: ctx.user_name.clone(), at: ctx.now.clone() });
    save(store, &c.id, &item)
}

/// Handed over: the recipient's name, and the last four of their ID or their signature.
pub fn hand_over(store: &mut dyn Store, ctx: &Ctx, c: &HandOverDeskItem) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let (mut item, _) = load::<DeskItem>(store, &c.id)?;
    match item.status() {
        // A refused deposit goes back to whoever left it, against their name and ID the same.
        ItemStatus::Waiting | ItemStatus::Refused => {}
        ItemStatus::AwaitingApproval => {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::Approval),
                "the supervisor has not approved it",
            ));
        }
        ItemStatus::HandedOver | ItemStatus::Returned => {
            return Err(reject(RejectionCode::Conflict, Some(Field::Status), "not at the desk"));
        }
    }
    let recipient = name(Field::Recipient, &c.recipient)?;
    let id = match (c.id_type, c.id_last4.as_deref().map(str::trim).filter(|s| !s.is_empty())) {
        (Some(t), Some(l)) => Some((
            t,
            crate::keys::rules::last_four(t, l)
                .ok_or_else(|| invalid(Field::IdLast4, "the ID's last four"))?,
        )),
        _ => None,
    };
    if let Some(s) = &c.signature {
        crate::photo::check_refs(std::slice::from_ref(s))?;
    }
    if id.is_none() && c.signature.is_none() {
        return Err(invalid(Field::IdLast4, "the ID's last four, or the recipient's signature"));
    }
    item.handed = Some(HandedOver {
        recipient,
        id_type: id.as_ref().map(|(t, _)| *t),
        id_last4: id.map(|(_, l)| l),
        signature: c.signature.clone(),
        by_name: ctx.user_name.clone(),
        at: ctx.now.clone(),
    });
    save(store, &c.id, &item)
}

impl Command for LogDeskItem {
    crate::apply::about_record!(Kind::DeskItem);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        log(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for ApproveDeposit {
    crate::apply::about_record!(Kind::DeskItem);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        approve(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for HandOverDeskItem {
    crate::apply::about_record!(Kind::DeskItem);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        hand_over(store, ctx, self)?;
        Ok(Applied::Done)
    }
}
