//! The supervisor's coverage board: today's route rounds done against the plan, vacant units
//! and engineering's decoration patrols due or overdue on their intervals.

use super::plan::PatrolPlan;
use crate::Role;
use crate::decoration::record::Patrol;
use chrono::{Days, NaiveDate};

/// A periodic check's standing on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Done recently; next due on `next`.
    Done {
        next: NaiveDate,
    },
    /// Due today (or never done).
    Due,
    Overdue {
        days: u32,
    },
}

/// A check every `every_days` days, last done on `last`.
pub fn periodic(last: Option<NaiveDate>, every_days: u32, today: NaiveDate) -> Due {
    let Some(last) = last else { return Due::Due };
    let next = last.checked_add_days(Days::new(every_days.into())).unwrap_or(last);
    match today.signed_duration_since(next).num_days() {
        d if d < 0 => Due::Done { next },
        0 => Due::Due,
        d => Due::Overdue { days: d as u32 },
    }
}

/// The last day a patrol matching `which` was walked.
pub fn last_day<'a>(
    patrols: impl IntoIterator<Item = &'a Patrol>,
    which: impl Fn(&Patrol) -> bool,
) -> Option<NaiveDate> {
    patrols.into_iter().filter(|p| which(p)).map(|p| p.at.local_day()).max()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRounds {
    pub key: String,
    pub name: String,
    pub done: usize,
    pub required: usize,
}

/// Each route of the plan with its rounds walked on `day`.
pub fn route_rounds<'a>(
    plan: &PatrolPlan,
    patrols: impl IntoIterator<Item = &'a Patrol> + Clone,
    day: NaiveDate,
) -> Vec<RouteRounds> {
    plan.routes
        .iter()
        .map(|r| RouteRounds {
            key: r.key.clone(),
            name: r.name.clone(),
            done: patrols
                .clone()
                .into_iter()
                .filter(|p| p.subject.route_key() == Some(&r.key) && Some(p.at.local_day()) == Some(day))
                .count(),
            required: r.rounds_per_day as usize,
        })
        .collect()
}

/// Each vacant unit's check on the plan's interval, the most urgent first.
pub fn vacant_checks<'a>(
    plan: &PatrolPlan,
    vacant_units: &[String],
    patrols: impl IntoIterator<Item = &'a Patrol> + Clone,
    today: NaiveDate,
) -> Vec<(String, Due)> {
    let mut out: Vec<(String, Due)> = vacant_units
        .iter()
        .map(|unit| {
            let last = last_day(patrols.clone(), |p| p.subject.vacant_unit() == Some(unit));
            (unit.clone(), periodic(last, plan.vacant_every_days, today))
        })
        .collect();
    let rank = |d: &Due| match d {
        Due::Overdue { days } => -(*days as i64) - 1,
        Due::Due => 0,
        Due::Done { next } => next.signed_duration_since(today).num_days(),
    };
    out.sort_by_key(|(unit, d)| (rank(d), unit.clone()));
    out
}

/// Engineering's periodic patrol of a decoration (counted from the permit day when never
/// patrolled, so a new permit is not overdue at once).
pub fn engineering_due<'a>(
    plan: &PatrolPlan,
    patrols: impl IntoIterator<Item = &'a Patrol>,
    decoration_id: &str,
    started: Option<NaiveDate>,
    today: NaiveDate,
) -> Due {
    let last = last_day(patrols, |p| {
        p.subject.decoration_id() == Some(decoration_id) && p.role == Role::Engineering
    });
    periodic(last.or(started), plan.engineering_every_days, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patrol::subject::PatrolSubject;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn patrol(subject: PatrolSubject, role: Role, at: &str) -> Patrol {
        Patrol {
            subject,
            unit: String::new(),
            by: 1,
            by_name: "x".into(),
            role,
            at: at.parse().unwrap(),
            checklist: vec![],
            results: vec![],
            notice_id: None,
            ticket_ids: vec![],
        }
    }

    #[test]
    fn periodic_checks_fall_due_and_overdue() {
        assert_eq!(periodic(None, 7, day("2026-11-22")), Due::Due);
        assert_eq!(
            periodic(Some(day("2026-11-20")), 7, day("2026-11-22")),
            Due::Done { next: day("2026-11-27") }
        );
        assert_eq!(periodic(Some(day("2026-11-15")), 7, day("2026-11-22")), Due::Due);
        assert_eq!(periodic(Some(day("2026-11-12")), 7, day("2026-11-22")), Due::Overdue { days: 3 });
    }

    #[test]
    fn signage_needs_two_rounds_and_vacant_units_come_most_urgent_first() {
        let plan = PatrolPlan::default();
        let signage =
            || PatrolSubject::Route { route_key: "signage".into(), route_name: "标识巡查".into() };
        let vacant = |u: &str| PatrolSubject::Vacant { vacant_unit: u.into() };
        let ps = vec![
            patrol(signage(), Role::Patrol, "2026-11-22T01:00:00Z"),
            patrol(signage(), Role::Patrol, "2026-11-21T07:00:00Z"),
            patrol(vacant("2栋-101"), Role::Patrol, "2026-11-20T01:00:00Z"),
            patrol(vacant("2栋-102"), Role::Patrol, "2026-11-01T01:00:00Z"),
        ];
        let today = day("2026-11-22");
        let rounds = route_rounds(&plan, &ps, today);
        let signage_rounds = rounds.iter().find(|r| r.key == "signage").unwrap();
        assert_eq!((signage_rounds.done, signage_rounds.required), (1, 2));
        let units = ["2栋-101".to_string(), "2栋-102".into(), "2栋-103".into()];
        let checks = vacant_checks(&plan, &units, &ps, today);
        assert_eq!(
            checks,
            [
                ("2栋-102".to_string(), Due::Overdue { days: 14 }),
                ("2栋-103".into(), Due::Due),
                ("2栋-101".into(), Due::Done { next: day("2026-11-27") }),
            ]
        );
    }

    #[test]
    fn engineering_counts_only_its_own_patrols() {
        let plan = PatrolPlan::default(); // every 3 days
        let deco = || PatrolSubject::Decoration { decoration_id: "d".into() };
        let ps = vec![
            patrol(deco(), Role::Patrol, "2026-11-22T01:00:00Z"),
            patrol(deco(), Role::Engineering, "2026-11-18T01:00:00Z"),
        ];
        let today = day("2026-11-22");
        assert_eq!(engineering_due(&plan, &ps, "d", None, today), Due::Overdue { days: 1 });
        assert_eq!(
            engineering_due(&plan, &[], "d", Some(day("2026-11-21")), today),
            Due::Done { next: day("2026-11-24") }
        );
    }
}
