//! The arrears rules, run on the device and again on the server.

use super::commands::*;
use super::commands::{ImportArrears, ImportedCase, RecordArrearsPayment};
use super::record::*;
use crate::Role;
use crate::apply::{Applied, Command};
use crate::apply::{ApplyError, Ctx, RejectionCode, insert, load, reject, save, text};
use crate::field::Field;
use crate::sync::{Kind, Store};
use chrono::NaiveDate;

/// An import's bounds: a large estate's units, twenty years of monthly fees of four kinds.
pub const MAX_UNITS: usize = 50_000;
pub const MAX_LINES_PER_UNIT: usize = 240;

fn invalid(field: Field, message: &str) -> ApplyError {
    reject(RejectionCode::Invalid, Some(field), message.to_string())
}

fn supervises(ctx: &Ctx) -> Result<(), ApplyError> {
    if matches!(ctx.role, Role::Supervisor | Role::Manager) {
        Ok(())
    } else {
        Err(reject(RejectionCode::Forbidden, None, "the supervisor assigns and escalates arrears"))
    }
}

/// The desk, or the person the unit is assigned to (a building administrator on patrol).
fn follows_up(ctx: &Ctx, case: &ArrearsCase) -> Result<(), ApplyError> {
    if ctx.role.runs_the_desk() || case.assigned_to == Some(ctx.user_id) {
        Ok(())
    } else {
        Err(reject(RejectionCode::Forbidden, None, "the desk or the assigned staff member follows a case up"))
    }
}

fn open_case(ctx: &Ctx, unit: &str) -> ArrearsCase {
    ArrearsCase {
        unit: unit.to_string(),
        status: CaseStatus::Open,
        lines: Vec::new(),
        assigned_to: None,
        assigned_name: None,
        stage: Stage::PaymentNotice,
        stages: vec![StageStep {
            stage: Stage::PaymentNotice,
            at: ctx.now.clone(),
            by_name: ctx.user_name.clone(),
        }],
        deadline: None,
        contacts: Vec::new(),
        payments: Vec::new(),
        imports: Vec::new(),
        decision: None,
    }
}

fn settle(case: &mut ArrearsCase) {
    case.status = if case.owed() == 0 { CaseStatus::Cleared } else { CaseStatus::Open };
}

/// Brings `case`'s lines to what this import says: amounts updated (a line's first amount
/// kept as its original), lines it no longer lists paid. A cleared case that owes again
/// starts over at the payment notice.
fn take_import(ctx: &Ctx, import_id: &str, case: &mut ArrearsCase, rows: &[super::csv::ArrearsRow]) {
    for line in &mut case.lines {
        line.amount = 0;
    }
    for row in rows {
        match case.lines.iter_mut().find(|l| l.fee_type == row.fee_type && l.period == row.period) {
            Some(line) => {
                line.amount = row.amount;
                line.due = row.due;
            }
            None => case.lines.push(Owed {
                fee_type: row.fee_type,
                period: row.period.clone(),
                amount: row.amount,
                original: row.amount,
                due: row.due,
            }),
        }
    }
    let was = case.status;
    settle(case);
    if was == CaseStatus::Cleared && case.status == CaseStatus::Open {
        case.stage = Stage::PaymentNotice;
        case.deadline = None;
        case.stages.push(StageStep {
            stage: Stage::PaymentNotice,
            at: ctx.now.clone(),
            by_name: ctx.user_name.clone(),
        });
    }
    case.imports.push(ImportSaid {
        import_id: import_id.to_string(),
        at: ctx.now.clone(),
        total: rows.iter().map(|r| r.amount).sum(),
        lines: rows.len() as u32,
    });
}

/// The rows as the CSV reader would have let them through (the import may come from
/// anywhere): amounts above 0 and at most [`super::csv::MAX_AMOUNT`], real months, due
/// dates in [`super::csv::YEARS`], each fee and period once.
fn check_rows(rows: &[super::csv::ArrearsRow]) -> Result<(), ApplyError> {
    let mut seen = std::collections::HashSet::new();
    for r in rows {
        let ok = (1..=super::csv::MAX_AMOUNT).contains(&r.amount)
            && super::csv::period_of(&r.period).as_deref() == Some(r.period.as_str())
            && super::csv::YEARS.contains(&chrono::Datelike::year(&r.due))
            && seen.insert((r.fee_type, r.period.as_str()));
        if !ok {
            return Err(invalid(Field::Lines, "a line the list could not have held"));
        }
    }
    Ok(())
}

/// Finance's list, whole: every unit on it is owed what it says; every open case not on it
/// owes nothing now. All of it or none (the mutation's writes are staged).
pub fn import(store: &mut dyn Store, ctx: &Ctx, m: &ImportArrears) -> Result<(), ApplyError> {
    supervises(ctx)?;
    if m.cases.is_empty() {
        return Err(invalid(Field::Lines, "the list has no lines"));
    }
    if m.cases.len() > MAX_UNITS || m.cases.iter().any(|c| c.rows.len() > MAX_LINES_PER_UNIT) {
        return Err(invalid(Field::Lines, "at most 50,000 units, 240 lines each"));
    }
    // Every look-up first, every write after: a look-up over writes already staged would
    // read them all again for each unit.
    let (mut listed, mut units) = (std::collections::HashSet::new(), std::collections::HashSet::new());
    let mut known = Vec::with_capacity(m.cases.len());
    for ImportedCase { case_id, unit, rows } in &m.cases {
        crate::apply::record_id(case_id)?;
        let own_lines = !rows.is_empty() && rows.iter().all(|r| r.unit == *unit);
        if !listed.insert(case_id.as_str()) || !units.insert(unit.as_str()) || !own_lines {
            return Err(invalid(Field::Lines, "each unit once, with its own lines"));
        }
        check_rows(rows)?;
        let existing = store.ids_where(Kind::ArrearsCase, crate::sync::store::Indexed::Unit, unit)?;
        known.push(match existing.as_slice() {
            [] => false,
            [id] if id == case_id => true,
            _ => return Err(reject(RejectionCode::Conflict, Some(Field::Unit), "the unit has another case")),
        });
    }
    let stale: Vec<String> = store
        .ids_where(Kind::ArrearsCase, crate::sync::store::Indexed::Status, "open")?
        .into_iter()
        .filter(|id| !listed.contains(id.as_str()))
        .collect();
    for (ImportedCase { case_id, unit, rows }, known) in m.cases.iter().zip(known) {
        if known {
            let (mut case, _) = load::<ArrearsCase>(store, case_id)?;
            take_import(ctx, &m.id, &mut case, rows);
            save(store, case_id, &case)?;
        } else {
            let mut case = open_case(ctx, unit);
            take_import(ctx, &m.id, &mut case, rows);
            // A new case's id is new: never another unit's case written over.
            insert(store, case_id, &case, "a case with this id exists")?;
        }
    }
    for id in stale {
        let (mut case, _) = load::<ArrearsCase>(store, &id)?;
        take_import(ctx, &m.id, &mut case, &[]);
        save(store, &id, &case)?;
    }
    Ok(())
}

pub fn assign(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    user_id: i64,
    name: &str,
) -> Result<(), ApplyError> {
    supervises(ctx)?;
    let (mut case, _) = load::<ArrearsCase>(store, id)?;
    if user_id <= 0 {
        return Err(invalid(Field::AssignedTo, "a staff member"));
    }
    case.assigned_to = Some(user_id);
    case.assigned_name = Some(crate::apply::name(Field::AssignedTo, name)?);
    save(store, id, &case)
}

/// One contact, as it went. A promise to pay is a day from today on; at the manager's
/// stage the manager's contact is the decision.
pub fn contact(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    channel: Channel,
    outcome: &str,
    promise_by: Option<&str>,
) -> Result<(), ApplyError> {
    let (mut case, _) = load::<ArrearsCase>(store, id)?;
    follows_up(ctx, &case)?;
    if case.status != CaseStatus::Open {
        return Err(reject(RejectionCode::Conflict, Some(Field::Status), "nothing is owed"));
    }
    let outcome = text(Field::Outcome, outcome, 500)?;
    let today = ctx.now.local_day();
    let promise_by = promise_by
        .map(|d| {
            NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .ok()
                .filter(|d| *d >= today && *d <= today + chrono::Days::new(366))
        })
        .map(|d| d.ok_or_else(|| invalid(Field::PromiseBy, "a day from today, within a year")))
        .transpose()?;
    if case.stage == Stage::ManagerDecision && ctx.role == Role::Manager {
        case.decision = Some(outcome.clone());
    }
    case.contacts.push(Contact {
        at: ctx.now.clone(),
        by: ctx.user_id,
        by_name: ctx.user_name.clone(),
        stage: case.stage,
        channel,
        outcome,
        promise_by,
    });
    save(store, id, &case)
}

/// The case enters the next stage (never skips one): only after a contact in this one, not
/// while a promise holds it, and the supervisor's visit and the manager's decision by the
/// supervisor or the manager. The deadline notice sets the deadline.
pub fn advance(store: &mut dyn Store, ctx: &Ctx, id: &str, to: Stage) -> Result<(), ApplyError> {
    let (mut case, _) = load::<ArrearsCase>(store, id)?;
    follows_up(ctx, &case)?;
    if matches!(to, Stage::SupervisorVisit | Stage::ManagerDecision) {
        supervises(ctx)?;
    }
    if case.status != CaseStatus::Open {
        return Err(reject(RejectionCode::Conflict, Some(Field::Status), "nothing is owed"));
    }
    if case.stage.next() != Some(to) {
        return Err(reject(RejectionCode::Conflict, Some(Field::Stage), "stages go in order, one at a time"));
    }
    if case.contacts_in_stage().next().is_none() {
        return Err(invalid(Field::Stage, "record the contact of this stage first"));
    }
    let today = ctx.now.local_day();
    if case.stage == Stage::DeadlineNotice && case.deadline.is_some_and(|d| today <= d) {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::Deadline),
            "the deadline the notice gave has not passed",
        ));
    }
    if super::policy::ArrearsPolicy::promise_holds(&case, today) {
        return Err(reject(
            RejectionCode::Conflict,
            Some(Field::PromiseBy),
            "a promise to pay holds the case until its day",
        ));
    }
    let policy = crate::settings::current(store)?.arrears;
    if to == Stage::DeadlineNotice {
        case.deadline = Some(today + chrono::Days::new(u64::from(policy.deadline_days)));
    }
    case.stage = to;
    case.stages.push(StageStep { stage: to, at: ctx.now.clone(), by_name: ctx.user_name.clone() });
    save(store, id, &case)
}

/// A payment finance receipted, against one line: never more than it owes.
pub fn pay(store: &mut dyn Store, ctx: &Ctx, p: &RecordArrearsPayment) -> Result<(), ApplyError> {
    if !ctx.role.runs_the_desk() {
        return Err(reject(RejectionCode::Forbidden, None, "the desk records payments"));
    }
    let (mut case, _) = load::<ArrearsCase>(store, &p.id)?;
    let receipt = text(Field::Receipt, &p.receipt, 40)?;
    let line = case
        .lines
        .iter_mut()
        .find(|l| l.fee_type == p.fee_type && l.period == p.period && l.amount > 0)
        .ok_or_else(|| invalid(Field::Period, "no such fee owed for that period"))?;
    if p.amount == 0 || p.amount > line.amount {
        return Err(invalid(Field::Amount, "more than 0 and at most what is owed"));
    }
    line.amount -= p.amount;
    case.payments.push(Payment {
        at: ctx.now.clone(),
        by_name: ctx.user_name.clone(),
        fee_type: p.fee_type,
        period: p.period.clone(),
        amount: p.amount,
        receipt,
    });
    settle(&mut case);
    save(store, &p.id, &case)
}

/// Whether `unit` owes anything (the goods-release check).
pub fn owes(store: &dyn Store, unit: &str) -> Result<bool, ApplyError> {
    Ok(owed(store, unit)? > 0)
}

/// What `unit` owes now, in fen: its open cases' lines (what the desk shows beside the
/// goods-release check that refuses on it).
pub fn owed(store: &dyn Store, unit: &str) -> Result<u64, ApplyError> {
    let mut sum = 0u64;
    for id in store.ids_where(Kind::ArrearsCase, crate::sync::store::Indexed::Unit, unit)? {
        let (case, _) = load::<ArrearsCase>(store, &id)?;
        if case.status == CaseStatus::Open {
            sum = sum.saturating_add(case.owed());
        }
    }
    Ok(sum)
}

// Each change a device can make about this ledger, applied by the rules above; the
// commands' wire forms are in `commands.rs`, which needs nothing from here.

impl Command for ImportArrears {
    crate::apply::about_record!(Kind::ArrearsCase);
    fn new_ids(&self) -> Vec<&str> {
        self.cases.iter().map(|c| c.case_id.as_str()).collect()
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        import(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for AssignArrears {
    crate::apply::about_record!(Kind::ArrearsCase);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        assign(store, ctx, &self.id, self.user_id, &self.assignee)?;
        Ok(Applied::Done)
    }
}

impl Command for RecordArrearsContact {
    crate::apply::about_record!(Kind::ArrearsCase);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        contact(store, ctx, &self.id, self.channel, &self.outcome, self.promise_by.as_deref())?;
        Ok(Applied::Done)
    }
}

impl Command for AdvanceArrearsStage {
    crate::apply::about_record!(Kind::ArrearsCase);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        advance(store, ctx, &self.id, self.to)?;
        Ok(Applied::Done)
    }
}

impl Command for RecordArrearsPayment {
    crate::apply::about_record!(Kind::ArrearsCase);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        pay(store, ctx, self)?;
        Ok(Applied::Done)
    }
}
