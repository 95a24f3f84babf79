//! Decoration mutations: the application, each step of its lifecycle, and the
//! re-inspection of a notice (patrols are in [`crate::patrol::apply`]).
//! Called from [`crate::sync::Mutation::apply`], so the device and the server run it alike.

use super::lifecycle::{DecorationAction, DecorationError, DecorationStatus, Progress, apply as step};
use super::record::*;
use super::violation::NoticeStatus;
use crate::apply::{ApplyError, Ctx, RejectionCode, load, name, reject, save, text};
use crate::field::Field;
use crate::sync::{Kind, Store};

fn refused(e: DecorationError) -> ApplyError {
    let (code, field) = match &e {
        DecorationError::Forbidden(_) => (RejectionCode::Forbidden, None),
        DecorationError::WrongStatus(_) => (RejectionCode::Conflict, None),
        DecorationError::Missing(f) => (RejectionCode::Invalid, Some(*f)),
        DecorationError::DocumentsMissing => (RejectionCode::Invalid, Some(Field::Documents)),
        DecorationError::DeductionTooLarge => (RejectionCode::Invalid, Some(Field::Deducted)),
    };
    reject(code, field, e.to_string())
}

fn entry(ctx: &Ctx, step: DecorationStep) -> HistoryEntry {
    HistoryEntry { at: ctx.now.clone(), by_name: ctx.user_name.clone(), role: ctx.role, step }
}

fn date(field: Field, value: &str) -> Result<(), ApplyError> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| reject(RejectionCode::Invalid, Some(field), format!("{field} must be a date")))
}

pub fn apply_for(store: &mut dyn Store, ctx: &Ctx, id: &str, d: &NewDecoration) -> Result<(), ApplyError> {
    if !ctx.role.runs_the_desk() {
        return Err(reject(RejectionCode::Forbidden, None, "the desk takes applications"));
    }
    date(Field::PlannedStart, &d.planned_start)?;
    date(Field::PlannedEnd, &d.planned_end)?;
    let mut progress = Progress {
        status: DecorationStatus::Submitted,
        scope: d.scope,
        documents: d.documents.clone(),
        deposit: 0,
        service_inspection: None,
        engineering_inspection: None,
    };
    step(&mut progress, ctx.role, &DecorationAction::Submit).map_err(refused)?;
    if store.get(Kind::Decoration, id)?.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::Id), "a decoration with this id exists"));
    }
    let decoration = Decoration {
        unit: crate::apply::registered_unit(store, Field::Unit, &d.unit)?,
        owner: name(Field::Owner, &d.owner)?,
        contractor: text(Field::Contractor, &d.contractor, 60)?,
        workers: d.workers.iter().map(|w| name(Field::Workers, w)).collect::<Result<_, _>>()?,
        planned_start: d.planned_start.clone(),
        planned_end: d.planned_end.clone(),
        working_hours: text(Field::WorkingHours, &d.working_hours, 60)?,
        progress,
        fees: 0,
        acceptance_date: None,
        passed_on: None,
        deducted: 0,
        created_at: ctx.now.clone(),
        history: vec![entry(ctx, DecorationStep::Applied)],
    };
    one_at_a_time(store, &decoration.unit)?;
    save(store, id, &decoration)
}

/// A unit has one decoration at a time: a new application is refused while another one for
/// the unit is in hand (applied, approved, under way, stopped, awaiting acceptance); once
/// acceptance has passed, or the other application was returned, the next may be applied for. A rule across records, asked of the
/// store, so the desk's tablet refuses it offline exactly as the server would.
fn one_at_a_time(store: &dyn Store, unit: &str) -> Result<(), ApplyError> {
    for other in store.ids_where(Kind::Decoration, crate::sync::store::Indexed::Unit, unit)? {
        let (d, _) = load::<Decoration>(store, &other)?;
        if d.progress.status.is_ongoing() {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::Unit),
                "the unit already has a decoration in hand; finish it first",
            ));
        }
    }
    Ok(())
}

pub fn act(store: &mut dyn Store, ctx: &Ctx, id: &str, action: &DecorationAction) -> Result<(), ApplyError> {
    let (mut d, _) = load::<Decoration>(store, id)?;
    step(&mut d.progress, ctx.role, action).map_err(refused)?;
    match action {
        DecorationAction::IssuePermit { fees, .. } => d.fees = *fees,
        DecorationAction::BookAcceptance { date } => d.acceptance_date = Some(date.clone()),
        DecorationAction::RefundDeposit { deducted, .. } => d.deducted += *deducted,
        _ => {}
    }
    if d.progress.status == DecorationStatus::Passed && d.passed_on.is_none() {
        d.passed_on = Some(ctx.now.local_day().to_string());
    }
    d.history.push(entry(ctx, DecorationStep::Acted(action.clone())));
    save(store, id, &d)
}

/// Re-inspection on (or after) the deadline: rectified closes the notice; not rectified
/// escalates — work stops and `deduction` (fen) comes off the deposit.
pub fn reinspect(
    store: &mut dyn Store,
    ctx: &Ctx,
    notice_id: &str,
    rectified: bool,
    note: &str,
    deduction: u64,
) -> Result<(), ApplyError> {
    if !ctx.role.takes_photos() {
        return Err(reject(RejectionCode::Forbidden, None, "re-inspections are made by staff on the ground"));
    }
    let (mut n, _) = load::<RectificationNotice>(store, notice_id)?;
    if n.status != NoticeStatus::Open {
        return Err(reject(RejectionCode::Conflict, None, "the notice was already re-inspected"));
    }
    let note = text(Field::Note, note, 500)?;
    n.status = super::violation::reinspect(rectified);
    n.reinspected_at = Some(ctx.now.clone());
    n.reinspection_note = Some(note.clone());
    if !rectified {
        let (mut d, _) = load::<Decoration>(store, &n.decoration_id)?;
        if d.deducted + deduction > d.progress.deposit {
            return Err(reject(RejectionCode::Invalid, Some(Field::Deduction), "more than the deposit left"));
        }
        if d.progress.status == DecorationStatus::UnderWay {
            d.progress.status = DecorationStatus::Stopped;
        }
        d.deducted += deduction;
        d.history.push(entry(
            ctx,
            DecorationStep::NoticeEscalated { notice_id: notice_id.to_string(), deduction },
        ));
        save(store, &n.decoration_id, &d)?;
    }
    save(store, notice_id, &n)
}

/// A decoration under way, for tests of what happens during the work.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;
    use crate::decoration::documents::{Document, Scope, required};
    use crate::sync::Mutation;

    pub(crate) fn under_way(s: &mut dyn Store, id: &str) {
        let ctx = |role| Ctx {
            user_id: 3,
            user_name: "李管家".into(),
            role,
            now: "2026-11-22T02:00:00Z".parse().unwrap(),
            by_owner: false,
        };
        let application = application("1栋-105");
        Mutation::ApplyDecoration(crate::sync::commands::ApplyDecoration { id: id.into(), application })
            .apply(s, &ctx(crate::Role::Receptionist))
            .unwrap();
        for (role, action) in [
            (crate::Role::Manager, DecorationAction::Review { approve: true, reasons: String::new() }),
            (crate::Role::Engineering, DecorationAction::Review { approve: true, reasons: String::new() }),
            (crate::Role::Receptionist, DecorationAction::IssuePermit { fees: 30000, deposit: 200000 }),
        ] {
            Mutation::ActOnDecoration(crate::sync::commands::ActOnDecoration { id: id.into(), action })
                .apply(s, &ctx(role))
                .unwrap();
        }
    }
    /// A complete application for `unit`.
    pub(crate) fn application(unit: &str) -> NewDecoration {
        let scope = Scope { wet_rooms: true, ..Scope::default() };
        NewDecoration {
            unit: unit.into(),
            owner: "陈静".into(),
            contractor: "安居装饰公司".into(),
            workers: vec!["赵师傅".into()],
            planned_start: "2026-11-20".into(),
            planned_end: "2027-01-20".into(),
            working_hours: "08:00-12:00,14:00-18:00".into(),
            scope,
            documents: required(&scope)
                .into_iter()
                .map(|kind| Document { kind, received: true, signed: true })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use crate::decoration::checklist::{ItemResult, Outcome, decoration_defaults};
    use crate::decoration::lifecycle::Inspector;
    use crate::patrol::apply::{PatrolNotice, PatrolTicket};
    use crate::patrol::subject::PatrolSubject;
    use crate::sync::store::MemStore;
    use crate::sync::{Mutation, RejectionCode};

    const D: &str = "0190f5c2-7d1a-7000-8000-0000000000d1";

    fn id(n: u32) -> String {
        format!("0190f5c2-7d1a-7000-8000-{n:012}")
    }

    fn ctx(role: Role) -> Ctx {
        Ctx {
            user_id: 3,
            user_name: "李管家".into(),
            role,
            now: "2026-11-22T02:00:00Z".parse().unwrap(),
            by_owner: false,
        }
    }

    fn code(r: Result<crate::apply::Applied, ApplyError>) -> RejectionCode {
        match r {
            Err(ApplyError::Rejected(r)) => r.code,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    fn under_way(s: &mut MemStore) {
        super::tests_support::under_way(s, D);
    }

    /// One decoration at a time per unit: a second application for 1栋-105 is refused (on
    /// the device's store as on the server's), another unit's is taken.
    #[test]
    fn a_unit_has_one_decoration_in_hand_at_a_time() {
        let mut s = MemStore::default();
        under_way(&mut s);
        let apply = |id: String, unit: &str| {
            let application = super::tests_support::application(unit);
            Mutation::ApplyDecoration(crate::sync::commands::ApplyDecoration { id, application })
        };
        let desk = ctx(Role::Receptionist);
        let refused = apply(id(70), "1栋-105").apply(&mut s, &desk);
        assert_eq!(code(refused), RejectionCode::Conflict);
        apply(id(71), "1栋-106").apply(&mut s, &desk).unwrap();
        assert!(!DecorationStatus::Passed.is_ongoing() && !DecorationStatus::Returned.is_ongoing());
        assert!(DecorationStatus::Submitted.is_ongoing() && DecorationStatus::Stopped.is_ongoing());
    }

    /// The unit is the register's label however typed: `1-105` is the unit already in hand,
    /// and a unit outside the register is refused where the store holds it.
    #[test]
    fn a_decoration_s_unit_is_the_register_s_label() {
        let mut s = MemStore {
            register: Some(["1栋-105".to_string(), "1栋-106".to_string()].into_iter().collect()),
            ..MemStore::default()
        };
        under_way(&mut s);
        let apply = |id: String, unit: &str| {
            let application = super::tests_support::application(unit);
            Mutation::ApplyDecoration(crate::sync::commands::ApplyDecoration { id, application })
        };
        let desk = ctx(Role::Receptionist);
        assert_eq!(code(apply(id(70), "1-105").apply(&mut s, &desk)), RejectionCode::Conflict);
        assert_eq!(code(apply(id(71), "9栋-9999").apply(&mut s, &desk)), RejectionCode::NotFound);
        apply(id(72), "1栋106").apply(&mut s, &desk).unwrap();
        let d: Decoration =
            serde_json::from_value(s.records[&(Kind::Decoration, id(72))].body.clone()).unwrap();
        assert_eq!(d.unit, "1栋-106");
    }

    fn results(fail: &[(&str, bool)]) -> Vec<ItemResult> {
        decoration_defaults()
            .into_iter()
            .map(|i| {
                let failed = fail.iter().find(|(k, _)| *k == i.key);
                ItemResult {
                    key: i.key.clone(),
                    outcome: if failed.is_some() { Outcome::Fail } else { Outcome::Pass },
                    note: if failed.is_some() { "发现问题".into() } else { String::new() },
                    photos: vec![],
                    rectified_on_spot: failed.is_some_and(|(_, on_spot)| *on_spot),
                }
            })
            .collect()
    }

    fn decoration(s: &MemStore) -> Decoration {
        serde_json::from_value(s.records[&(Kind::Decoration, D.to_string())].body.clone()).unwrap()
    }

    #[test]
    fn a_patrol_with_a_major_failure_issues_a_notice_and_a_ticket_and_escalates_when_ignored() {
        let mut s = MemStore::default();
        under_way(&mut s);
        let patrol = |n, notice: Option<PatrolNotice>, tickets| {
            Mutation::RecordPatrol(crate::sync::commands::RecordPatrol {
                id: id(n),
                subject: PatrolSubject::Decoration { decoration_id: D.into() },
                checklist: vec![],
                results: results(&[("load_bearing", false), ("protection", false)]),
                notice,
                tickets,
            })
        };
        let notice = PatrolNotice { id: id(20), deadline: "2026-11-25T02:00:00Z".parse().unwrap() };
        let ticket = PatrolTicket {
            item_key: "protection".into(),
            ticket_id: id(30),
            event_id: id(31),
            photos_event_id: id(32),
        };
        assert_eq!(
            code(patrol(10, None, vec![]).apply(&mut s, &ctx(Role::Patrol))),
            RejectionCode::Invalid,
            "failures need a notice"
        );
        assert_eq!(
            code(patrol(10, Some(notice.clone()), vec![]).apply(&mut s, &ctx(Role::Admin))),
            RejectionCode::Forbidden
        );
        patrol(10, Some(notice), vec![ticket]).apply(&mut s, &ctx(Role::Patrol)).unwrap();
        let n: RectificationNotice =
            serde_json::from_value(s.records[&(Kind::RectificationNotice, id(20))].body.clone()).unwrap();
        assert_eq!(
            n.items.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
            ["load_bearing", "protection"]
        );
        assert!(s.records.contains_key(&(Kind::Ticket, id(30))), "the repair ticket was raised");
        // The deadline passes; the re-inspection finds it not put right.
        let reinspect = |rectified, deduction| {
            Mutation::ReinspectNotice(crate::sync::commands::ReinspectNotice {
                id: id(20),
                rectified,
                note: "未恢复承重墙".into(),
                deduction,
            })
        };
        assert_eq!(code(reinspect(false, 999_999).apply(&mut s, &ctx(Role::Patrol))), RejectionCode::Invalid);
        reinspect(false, 50000).apply(&mut s, &ctx(Role::Patrol)).unwrap();
        let d = decoration(&s);
        assert_eq!((d.progress.status, d.deducted), (DecorationStatus::Stopped, 50000));
        assert_eq!(code(reinspect(true, 0).apply(&mut s, &ctx(Role::Patrol))), RejectionCode::Conflict);
    }

    #[test]
    fn acceptance_by_both_sets_the_refund_clock() {
        let mut s = MemStore::default();
        under_way(&mut s);
        let act = |role, action| {
            Mutation::ActOnDecoration(crate::sync::commands::ActOnDecoration { id: D.into(), action })
                .apply(&mut s.clone(), &ctx(role))
        };
        assert!(
            act(Role::Receptionist, DecorationAction::BookAcceptance { date: "2027-01-21".into() }).is_ok()
        );
        for (role, action) in [
            (Role::Receptionist, DecorationAction::BookAcceptance { date: "2027-01-21".into() }),
            (
                Role::Engineering,
                DecorationAction::Inspect {
                    inspector: Inspector::Engineering,
                    passed: true,
                    items: String::new(),
                },
            ),
            (
                Role::Receptionist,
                DecorationAction::Inspect {
                    inspector: Inspector::CustomerService,
                    passed: true,
                    items: String::new(),
                },
            ),
        ] {
            Mutation::ActOnDecoration(crate::sync::commands::ActOnDecoration { id: D.into(), action })
                .apply(&mut s, &ctx(role))
                .unwrap();
        }
        let d = decoration(&s);
        assert_eq!(d.progress.status, DecorationStatus::Passed);
        assert_eq!(d.passed_on.as_deref(), Some("2026-11-22"));
        assert_eq!(d.history.len(), 7);
    }
}
