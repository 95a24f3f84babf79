//! Recording a patrol: the checklist as answered, the rectification notice a decoration's
//! failures raise, and the repair tickets any failure may raise in one tap (with its photos).
//! Called from [`crate::sync::Mutation::apply`], so the phone and the server run it alike.

use super::subject::PatrolSubject;
use crate::apply::{ApplyError, Ctx, RejectionCode, load, reject, save, text};
use crate::decoration::checklist::{ChecklistItem, ItemResult, Outcome, check, check_walked, needing_notice};
use crate::decoration::hot_work::{self, HotWorkPermit};
use crate::decoration::lifecycle::DecorationStatus;
use crate::decoration::record::{Decoration, NoticeItem, Patrol, RectificationNotice};
use crate::decoration::violation::NoticeStatus;
use crate::field::Field;
use crate::sync::{Kind, Store};
use crate::ticket::apply::NewTicket;
use crate::ticket::{Channel, RepairScope, TicketKind, Urgency};
use serde::{Deserialize, Serialize};

/// The notice a patrol issues when items failed: made on the phone, so its id is too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatrolNotice {
    pub id: String,
    /// RFC 3339
    pub deadline: String,
}

/// A failed item that also needs a repair (common areas damaged, say): one tap on the
/// phone makes a ticket carrying the item's note and photos.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatrolTicket {
    pub item_key: String,
    pub ticket_id: String,
    pub event_id: String,
    /// The timeline entry that attaches the item's photos to the ticket.
    pub photos_event_id: String,
}

/// The checklist a decoration's patrol walks: the plan's, plus security's hot-work checks
/// when a permit is issued for that day.
pub fn decoration_checklist(plan: &[ChecklistItem], hot_work_today: bool) -> Vec<ChecklistItem> {
    let mut list = plan.to_vec();
    if hot_work_today {
        list.extend(hot_work::checks());
    }
    list
}

/// Issued hot-work permits of `decoration_id` for `day`.
pub fn permits_on<'a>(
    permits: impl IntoIterator<Item = &'a HotWorkPermit>,
    decoration_id: &str,
    day: chrono::NaiveDate,
) -> Vec<&'a HotWorkPermit> {
    permits
        .into_iter()
        .filter(|p| p.application.decoration_id == decoration_id && p.approved_on(day))
        .collect()
}

/// What the subject's patrol is checked against, and where its tickets are raised.
struct Walked {
    plan: Vec<ChecklistItem>,
    unit: String,
    scope: RepairScope,
    /// Decorations only: failures need a rectification notice.
    notices: bool,
}

fn resolve(store: &dyn Store, subject: &PatrolSubject) -> Result<Walked, ApplyError> {
    let settings = crate::settings::current(store)?;
    match subject {
        PatrolSubject::Decoration { decoration_id } => {
            let (d, _) = load::<Decoration>(store, decoration_id)?;
            if !matches!(d.progress.status, DecorationStatus::UnderWay | DecorationStatus::Stopped) {
                return Err(reject(RejectionCode::Conflict, None, "the decoration is not under way"));
            }
            let plan = settings.patrols.decoration_checklist;
            Ok(Walked { plan, unit: d.unit, scope: RepairScope::Public, notices: true })
        }
        // A route the manager renamed or removed while the phone was out still lands: the
        // patrol carries its own checklist and name.
        PatrolSubject::Route { route_key, route_name } => {
            text(Field::RouteKey, route_key, 40)?;
            let plan = settings.patrols.route(route_key).map(|r| r.checkpoints.clone()).unwrap_or_default();
            Ok(Walked {
                plan,
                unit: text(Field::RouteName, route_name, 30)?,
                scope: RepairScope::Public,
                notices: false,
            })
        }
        PatrolSubject::Vacant { vacant_unit } => Ok(Walked {
            plan: settings.patrols.vacant_checklist,
            unit: text(Field::VacantUnit, vacant_unit, 30)?,
            scope: RepairScope::InHome,
            notices: false,
        }),
    }
}

pub struct NewPatrol<'a> {
    pub subject: &'a PatrolSubject,
    /// The checklist as the phone walked it; empty from older phones: the plan's.
    pub checklist: &'a [ChecklistItem],
    pub results: &'a [ItemResult],
    pub notice: Option<&'a PatrolNotice>,
    pub tickets: &'a [PatrolTicket],
}

pub fn record_patrol(store: &mut dyn Store, ctx: &Ctx, id: &str, p: NewPatrol) -> Result<(), ApplyError> {
    if !ctx.role.takes_photos() {
        return Err(reject(RejectionCode::Forbidden, None, "patrols are walked by staff on the ground"));
    }
    let walked = resolve(store, p.subject)?;
    let checklist = if p.checklist.is_empty() { walked.plan.clone() } else { p.checklist.to_vec() };
    let invalid = |e: crate::decoration::checklist::ChecklistError| {
        reject(RejectionCode::Invalid, Some(Field::Results), e.to_string())
    };
    // Hot-work checks may join a decoration's list (the phone knows the day's permits).
    let strict = if walked.notices { decoration_checklist(&walked.plan, true) } else { walked.plan.clone() };
    check_walked(&strict, &checklist).map_err(invalid)?;
    check(&checklist, p.results).map_err(invalid)?;
    for r in p.results {
        if !r.photos.is_empty() {
            crate::photo::check_refs(&r.photos)?;
        }
    }
    if store.get(Kind::Patrol, id)?.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::Id), "a patrol with this id exists"));
    }
    let failing = if walked.notices { needing_notice(&checklist, p.results) } else { Vec::new() };
    match (failing.is_empty(), p.notice) {
        (true, Some(_)) => {
            return Err(reject(RejectionCode::Invalid, Some(Field::Notice), "no notice is due"));
        }
        (false, None) => {
            return Err(reject(RejectionCode::Invalid, Some(Field::Notice), "failures need a notice"));
        }
        _ => {}
    }
    let item_of = |key: &str| checklist.iter().find(|i| i.key == key);
    let label = |key: &str| item_of(key).map(|i| i.label.clone()).unwrap_or_default();
    let violation = |key: &str| item_of(key).map(ChecklistItem::violation_text).unwrap_or_default();
    if let (Some(n), Some(decoration_id)) = (p.notice, p.subject.decoration_id()) {
        chrono::DateTime::parse_from_rfc3339(&n.deadline).map_err(|_| {
            reject(RejectionCode::Invalid, Some(Field::Deadline), "the deadline must be a time")
        })?;
        let items = failing
            .iter()
            .map(|r| NoticeItem {
                key: r.key.clone(),
                label: label(&r.key),
                violation: violation(&r.key),
                note: r.note.clone(),
            })
            .collect();
        let notice = RectificationNotice {
            decoration_id: decoration_id.to_string(),
            patrol_id: id.to_string(),
            unit: walked.unit.clone(),
            items,
            deadline: n.deadline.clone(),
            status: NoticeStatus::Open,
            issued_by_name: ctx.user_name.clone(),
            issued_at: ctx.now.clone(),
            reinspected_at: None,
            reinspection_note: None,
        };
        save(store, &n.id, &notice)?;
    }
    for t in p.tickets {
        let item = p.results.iter().find(|r| r.key == t.item_key && r.outcome == Outcome::Fail).ok_or_else(
            || reject(RejectionCode::Invalid, Some(Field::Tickets), "a ticket is raised from a failed item"),
        )?;
        // A route's finding is located by its checkpoint ("地下车库"), a unit's by the unit.
        let unit = match p.subject {
            PatrolSubject::Route { .. } => label(&item.key),
            _ => walked.unit.clone(),
        };
        let new = NewTicket {
            kind: TicketKind::Repair,
            scope: Some(walked.scope),
            unit,
            reporter: ctx.user_name.clone(),
            contact_phone: String::new(),
            category: crate::ticket::category::PATROL_FINDING.code.into(),
            urgency: Urgency::Normal,
            channel: Channel::PatrolFinding,
            // What is wrong, in the violation's words (a route's finding: where it was).
            description: match p.subject {
                PatrolSubject::Route { .. } => format!("{}：{}", label(&item.key), item.note),
                _ => format!("{}：{}", violation(&item.key), item.note),
            },
            internal_note: String::new(),
            reply_by: None,
            appointment: None,
            owner_token_hash: None,
        };
        crate::ticket::apply::create(store, ctx, &t.ticket_id, &t.event_id, &new)?;
        if !item.photos.is_empty() {
            crate::ticket::apply::attach_photos(
                store,
                ctx,
                &t.ticket_id,
                &t.photos_event_id,
                crate::ticket::record::PhotoStage::Intake,
                &item.photos,
            )?;
        }
    }
    let patrol = Patrol {
        subject: p.subject.clone(),
        unit: walked.unit,
        by: ctx.user_id,
        by_name: ctx.user_name.clone(),
        role: ctx.role,
        at: ctx.now.clone(),
        checklist,
        results: p.results.to_vec(),
        notice_id: p.notice.map(|n| n.id.clone()),
        ticket_ids: p.tickets.iter().map(|t| t.ticket_id.clone()).collect(),
    };
    save(store, id, &patrol)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use crate::decoration::hot_work::{HotWorkAction, HotWorkStatus, NewHotWork};
    use crate::settings::{SETTINGS_ID, Settings};
    use crate::sync::store::MemStore;
    use crate::sync::{Mutation, RejectionCode};
    use crate::ticket::record::Ticket;

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

    fn answers(list: &[ChecklistItem], failed: &str) -> Vec<ItemResult> {
        list.iter()
            .map(|i| ItemResult {
                key: i.key.clone(),
                outcome: if i.key == failed { Outcome::Fail } else { Outcome::Pass },
                note: if i.key == failed { "指示牌脱落".into() } else { String::new() },
                photos: vec![],
                rectified_on_spot: false,
            })
            .collect()
    }

    fn code(r: Result<crate::apply::Applied, ApplyError>) -> RejectionCode {
        match r {
            Err(ApplyError::Rejected(r)) => r.code,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    fn signage() -> PatrolSubject {
        PatrolSubject::Route { route_key: "signage".into(), route_name: "标识巡查".into() }
    }

    #[test]
    fn a_route_finding_becomes_a_ticket_at_its_checkpoint_without_a_notice() {
        let mut s = MemStore::default();
        let list = super::super::plan::PatrolPlan::default().route("signage").unwrap().checkpoints.clone();
        let ticket = PatrolTicket {
            item_key: "fire_signs".into(),
            ticket_id: id(30),
            event_id: id(31),
            photos_event_id: id(32),
        };
        let patrol = |notice: Option<PatrolNotice>| {
            Mutation::RecordPatrol(crate::sync::commands::RecordPatrol {
                id: id(1),
                subject: signage(),
                checklist: list.clone(),
                results: answers(&list, "fire_signs"),
                notice,
                tickets: vec![ticket.clone()],
            })
        };
        let notice = PatrolNotice { id: id(20), deadline: "2026-11-25T02:00:00Z".parse().unwrap() };
        assert_eq!(code(patrol(Some(notice)).apply(&mut s, &ctx(Role::Patrol))), RejectionCode::Invalid);
        patrol(None).apply(&mut s, &ctx(Role::Patrol)).unwrap();
        let t: Ticket = serde_json::from_value(s.records[&(Kind::Ticket, id(30))].body.clone()).unwrap();
        assert_eq!(t.unit, "消防标识");
        assert!(t.description.contains("指示牌脱落"));
        let p: Patrol = serde_json::from_value(s.records[&(Kind::Patrol, id(1))].body.clone()).unwrap();
        assert_eq!((p.subject.route_key(), p.unit.as_str()), (Some("signage"), "标识巡查"));
    }

    /// A walked patrol is never rewritten: the same id again (another phone's UUID clash, a
    /// forged replay) is refused, and the first patrol stands.
    #[test]
    fn a_patrol_is_never_rewritten() {
        let mut s = MemStore::default();
        let list = super::super::plan::PatrolPlan::default().route("signage").unwrap().checkpoints.clone();
        let patrol = |failed: &str| {
            Mutation::RecordPatrol(crate::sync::commands::RecordPatrol {
                id: id(1),
                subject: signage(),
                checklist: list.clone(),
                results: answers(&list, failed),
                notice: None,
                tickets: vec![],
            })
        };
        patrol("none").apply(&mut s, &ctx(Role::Patrol)).unwrap();
        let before = s.clone();
        assert_eq!(code(patrol("fire_signs").apply(&mut s, &ctx(Role::Patrol))), RejectionCode::Conflict);
        assert_eq!(s, before);
    }

    #[test]
    fn the_manager_edits_the_plan_and_a_patrol_walked_on_the_old_one_still_lands() {
        let mut s = MemStore::default();
        let old = Settings::default().patrols.vacant_checklist;
        let mut settings = Settings::default();
        settings.patrols.vacant_checklist.push(ChecklistItem {
            key: "gas".into(),
            label: "燃气阀已关".into(),
            violation: "燃气阀未关".into(),
            severity: crate::decoration::checklist::Severity::Major,
        });
        let save = |settings: Settings| {
            Mutation::SaveSettings(crate::sync::commands::SaveSettings { id: SETTINGS_ID.into(), settings })
        };
        assert_eq!(
            code(save(settings.clone()).apply(&mut s, &ctx(Role::Supervisor))),
            RejectionCode::Forbidden
        );
        save(settings.clone()).apply(&mut s, &ctx(Role::Manager)).unwrap();
        assert_eq!(crate::settings::current(&s).unwrap(), settings);
        let vacant = PatrolSubject::Vacant { vacant_unit: "2栋-304".into() };
        let walk = |checklist: Vec<ChecklistItem>, n| {
            Mutation::RecordPatrol(crate::sync::commands::RecordPatrol {
                id: id(n),
                subject: vacant.clone(),
                results: answers(&checklist, ""),
                checklist,
                notice: None,
                tickets: vec![],
            })
        };
        walk(old.clone(), 1).apply(&mut s, &ctx(Role::Patrol)).unwrap();
        let mut softened = settings.patrols.vacant_checklist.clone();
        softened[4].severity = crate::decoration::checklist::Severity::Minor;
        assert_eq!(code(walk(softened, 2).apply(&mut s, &ctx(Role::Patrol))), RejectionCode::Invalid);
    }

    #[test]
    fn hot_work_is_approved_twice_and_its_checks_join_the_patrol() {
        let mut s = MemStore::default();
        crate::decoration::apply::tests_support::under_way(&mut s, &id(9));
        let application = NewHotWork {
            decoration_id: id(9),
            applicant: "王师傅".into(),
            work: "电焊".into(),
            location: "阳台".into(),
            date: "2026-11-22".into(),
            hours: "09:00-11:00".into(),
            fire_watcher: "赵师傅".into(),
            extinguishers: 2,
        };
        Mutation::ApplyHotWork(crate::sync::commands::ApplyHotWork { id: id(40), application })
            .apply(&mut s, &ctx(Role::Receptionist))
            .unwrap();
        let act = |role| {
            Mutation::ActOnHotWork(crate::sync::commands::ActOnHotWork {
                id: id(40),
                action: HotWorkAction::Approve,
            })
            .apply(&mut s.clone(), &ctx(role))
        };
        assert_eq!(code(act(Role::Engineering)), RejectionCode::Forbidden);
        for role in [Role::Receptionist, Role::Engineering] {
            Mutation::ActOnHotWork(crate::sync::commands::ActOnHotWork {
                id: id(40),
                action: HotWorkAction::Approve,
            })
            .apply(&mut s, &ctx(role))
            .unwrap();
        }
        let permit: HotWorkPermit =
            serde_json::from_value(s.records[&(Kind::HotWorkPermit, id(40))].body.clone()).unwrap();
        assert_eq!(permit.status, HotWorkStatus::Approved);
        assert!(!permit.precautions.is_empty());
        let day = "2026-11-22".parse().unwrap();
        assert_eq!(permits_on([&permit], &id(9), day).len(), 1);
        let list = decoration_checklist(&crate::decoration::checklist::decoration_defaults(), true);
        let m = Mutation::RecordPatrol(crate::sync::commands::RecordPatrol {
            id: id(50),
            subject: PatrolSubject::Decoration { decoration_id: id(9) },
            results: answers(&list, ""),
            checklist: list,
            notice: None,
            tickets: vec![],
        });
        m.apply(&mut s, &ctx(Role::Security)).unwrap();
    }
}
