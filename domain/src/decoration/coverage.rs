//! The supervisor's coverage board: which decorations under way were patrolled today.

use super::lifecycle::DecorationStatus;
use super::record::{Decoration, Patrol};
use crate::Role;
use chrono::NaiveDate;

pub use crate::clock::local_day;

/// How many patrols `decoration_id` had on `day`.
pub fn patrols_on<'a>(
    patrols: impl IntoIterator<Item = &'a Patrol>,
    decoration_id: &str,
    day: NaiveDate,
) -> usize {
    patrols
        .into_iter()
        .filter(|p| p.subject.decoration_id() == Some(decoration_id) && Some(p.at.local_day()) == Some(day))
        .count()
}

/// Who must patrol every decoration under way every day (SPEC.md §2): the building
/// administrator (customer side) and security. Engineering comes on its own schedule.
pub const DAILY: [Role; 2] = [Role::Patrol, Role::Security];

/// For each daily patroller, whether `decoration_id` had their patrol on `day`.
pub fn daily_coverage<'a>(
    patrols: impl IntoIterator<Item = &'a Patrol> + Clone,
    decoration_id: &str,
    day: NaiveDate,
) -> Vec<(Role, bool)> {
    DAILY
        .into_iter()
        .map(|role| {
            let done = patrols.clone().into_iter().any(|p| {
                p.subject.decoration_id() == Some(decoration_id)
                    && p.role == role
                    && Some(p.at.local_day()) == Some(day)
            });
            (role, done)
        })
        .collect()
}

/// Decorations that need patrolling (work under way or stopped).
pub fn patrolled(d: &Decoration) -> bool {
    matches!(d.progress.status, DecorationStatus::UnderWay | DecorationStatus::Stopped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patrol(role: Role, at: &str) -> Patrol {
        Patrol {
            subject: crate::patrol::subject::PatrolSubject::Decoration { decoration_id: "d".into() },
            checklist: vec![],
            unit: "1栋-201".into(),
            by: 1,
            by_name: "x".into(),
            role,
            at: at.parse().unwrap(),
            results: vec![],
            notice_id: None,
            ticket_ids: vec![],
        }
    }

    #[test]
    fn each_daily_patroller_is_counted_on_the_propertys_day() {
        let day: NaiveDate = "2026-11-22".parse().unwrap();
        let ps = vec![
            patrol(Role::Patrol, "2026-11-22T01:00:00Z"),
            patrol(Role::Security, "2026-11-21T01:00:00Z"),
        ];
        assert_eq!(daily_coverage(&ps, "d", day), [(Role::Patrol, true), (Role::Security, false)]);
        assert_eq!(patrols_on(&ps, "d", day), 1);
    }
}
