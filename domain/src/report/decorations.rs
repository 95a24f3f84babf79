//! Decorations in a period (SPEC.md §2): the works under way, the daily patrols each one
//! needs from the building administrator and security, the rectification notices and the
//! violations by item, the stops, the acceptances and the deposit refunds — each a
//! [`Count`] with the decorations (or notices) behind it.

use super::{Count, Period};
use crate::decoration::calendar::{Refund, WorkCalendar};
use crate::decoration::coverage::{daily_coverage, patrolled};
use crate::decoration::lifecycle::DecorationAction;
use crate::decoration::record::{Decoration, DecorationStep, Patrol, RectificationNotice};
use crate::decoration::violation::{NoticeStatus, tally};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecorationFigures {
    /// `deco_active`, `deco_permits`, `deco_days_due`, `deco_days_missed`, `notices_issued`,
    /// `notices_open`, `notices_overdue`, `reinspections`, `work_stopped`, `acceptances`,
    /// `refunds_done`, `refunds_due`, `refunds_late`.
    pub counts: Vec<Count>,
    /// Violations written on the period's notices, by what was done wrong.
    pub violations: Vec<Count>,
}

fn count(key: &str, mut ids: Vec<String>) -> Count {
    ids.sort();
    ids.dedup();
    Count { key: key.into(), count: ids.len(), ids }
}

/// The decorations whose history has a step matching `f` in `period`.
fn stepped(period: Period, ds: &[(&str, &Decoration)], f: impl Fn(&DecorationStep) -> bool) -> Vec<String> {
    ds.iter()
        .filter(|(_, d)| d.history.iter().any(|h| period.contains(h.at.local_day()) && f(&h.step)))
        .map(|(id, _)| id.to_string())
        .collect()
}

/// Engineering's periodic patrols (every `every_days` days, SPEC.md §2): the decoration
/// visited for each patrol engineering walked in `period`, and each decoration under way
/// for each day that is over on which its visit was overdue (counted from the permit day,
/// as the board does). Counted per visit and per day; the ids are the decorations.
fn engineering(
    period: Period,
    ds: &[(&str, &Decoration)],
    patrols: &[&Patrol],
    every_days: u32,
    today: chrono::NaiveDate,
) -> (Vec<String>, Vec<String>) {
    let mut visited: std::collections::BTreeMap<&str, Vec<chrono::NaiveDate>> = Default::default();
    for p in patrols.iter().filter(|p| p.role == crate::Role::Engineering) {
        if let Some(id) = p.subject.decoration_id() {
            visited.entry(id).or_default().push(p.at.local_day());
        }
    }
    visited.values_mut().for_each(|days| days.sort());
    let walked = ds
        .iter()
        .flat_map(|(id, _)| {
            visited
                .get(id)
                .into_iter()
                .flatten()
                .filter(|d| period.contains(**d))
                .map(move |_| id.to_string())
        })
        .collect();
    let mut late = Vec::new();
    for (id, d) in ds.iter().filter(|(_, d)| patrolled(d)) {
        let Some(start) = d.permit_day() else { continue };
        // The permit day stands for a visit: a new permit is not overdue at once.
        let mut days = visited.get(id).cloned().unwrap_or_default();
        days.push(start);
        days.sort();
        let overdue = period
            .each_day()
            .filter(|day| *day >= start && *day < today)
            .filter(|day| super::patrols::overdue_on(&days, every_days, *day))
            .count();
        late.extend(std::iter::repeat_n(id.to_string(), overdue));
    }
    (walked, late)
}

fn dedup(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids.dedup();
    ids
}

pub fn figures(
    period: Period,
    ds: &[(&str, &Decoration)],
    patrols: &[&Patrol],
    notices: &[(&str, &RectificationNotice)],
    calendar: &WorkCalendar,
    plan: &crate::patrol::plan::PatrolPlan,
    now: DateTime<Utc>,
) -> DecorationFigures {
    let today = crate::clock::Timestamp::from_utc(now).local_day();
    // Each decoration under way, each day of the period since its permit and before today:
    // patrolled that day by the administrator and by security?
    let (mut due, mut missed, mut behind) = (0usize, 0usize, Vec::new());
    for (id, d) in ds.iter().filter(|(_, d)| patrolled(d)) {
        let Some(start) = d.permit_day() else { continue };
        for day in period.each_day().filter(|day| *day >= start && *day < today) {
            due += 1;
            if daily_coverage(patrols.iter().copied(), id, day).iter().any(|(_, done)| !done) {
                missed += 1;
                behind.push(id.to_string());
            }
        }
    }
    behind.sort();
    behind.dedup();
    let (engineering, eng_late) = engineering(period, ds, patrols, plan.engineering_every_days, today);
    let issued: Vec<&(&str, &RectificationNotice)> =
        notices.iter().filter(|(_, n)| period.contains(n.issued_at.local_day())).collect();
    let open_now = tally(notices.iter().map(|(_, n)| (n.status, n.deadline.as_str())), now);
    let open_ids = notices
        .iter()
        .filter(|(_, n)| n.status == NoticeStatus::Open)
        .map(|(id, _)| id.to_string())
        .collect();
    let refund = |d: &Decoration| d.refund(calendar, today);
    let waiting: Vec<&(&str, &Decoration)> = ds.iter().collect();
    let mut violations: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for (id, n) in &issued {
        for item in &n.items {
            violations.entry(item.violation_text()).or_default().push(id.to_string());
        }
    }
    let mut violations: Vec<Count> = violations.into_iter().map(|(k, ids)| count(&k, ids)).collect();
    violations.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    DecorationFigures {
        counts: vec![
            count(
                "deco_active",
                ds.iter().filter(|(_, d)| patrolled(d)).map(|(id, _)| id.to_string()).collect(),
            ),
            count(
                "deco_permits",
                stepped(period, ds, |s| {
                    matches!(s, DecorationStep::Acted(DecorationAction::IssuePermit { .. }))
                }),
            ),
            Count { key: "deco_days_due".into(), count: due, ids: Vec::new() },
            Count { key: "deco_days_missed".into(), count: missed, ids: behind },
            Count { key: "deco_eng_patrols".into(), count: engineering.len(), ids: dedup(engineering) },
            Count { key: "deco_eng_late".into(), count: eng_late.len(), ids: dedup(eng_late) },
            count("notices_issued", issued.iter().map(|(id, _)| id.to_string()).collect()),
            Count { key: "notices_open".into(), count: open_now.open, ids: open_ids },
            Count { key: "notices_overdue".into(), count: open_now.overdue, ids: Vec::new() },
            count(
                "reinspections",
                notices
                    .iter()
                    .filter(|(_, n)| {
                        n.reinspected_at.as_ref().is_some_and(|t| period.contains(t.local_day()))
                    })
                    .map(|(id, _)| id.to_string())
                    .collect(),
            ),
            count(
                "work_stopped",
                stepped(period, ds, |s| {
                    matches!(
                        s,
                        DecorationStep::NoticeEscalated { .. }
                            | DecorationStep::Acted(DecorationAction::StopWork { .. })
                    )
                }),
            ),
            count(
                "acceptances",
                ds.iter()
                    .filter(|(_, d)| {
                        d.passed_on
                            .as_deref()
                            .and_then(|p| p.parse().ok())
                            .is_some_and(|p| period.contains(p))
                    })
                    .map(|(id, _)| id.to_string())
                    .collect(),
            ),
            count(
                "refunds_done",
                stepped(period, ds, |s| {
                    matches!(s, DecorationStep::Acted(DecorationAction::RefundDeposit { .. }))
                }),
            ),
            count(
                "refunds_due",
                waiting
                    .iter()
                    .filter(|(_, d)| matches!(refund(d), Some(Refund::Due { .. })))
                    .map(|(id, _)| id.to_string())
                    .collect(),
            ),
            count(
                "refunds_late",
                waiting
                    .iter()
                    .filter(|(_, d)| matches!(refund(d), Some(Refund::Overdue { .. })))
                    .map(|(id, _)| id.to_string())
                    .collect(),
            ),
        ],
        violations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decoration::apply::tests_support::under_way;
    use crate::patrol::plan::PatrolPlan;
    use crate::sync::Kind;
    use crate::sync::store::{MemStore, Store};

    /// Worked by hand: a decoration given its permit on 11-22; by 11-25 (today) it was due
    /// its daily patrols on the 22nd, 23rd and 24th; security walked it only on the 23rd and
    /// the administrator on the 22nd and 23rd: two of three days missed.
    #[test]
    fn a_decoration_s_daily_patrols_by_both_sides() {
        let mut s = MemStore::default();
        under_way(&mut s, "0190f5c2-7d1a-7000-8000-0000000000d7");
        let d: Decoration = serde_json::from_value(
            s.get(Kind::Decoration, "0190f5c2-7d1a-7000-8000-0000000000d7").unwrap().unwrap().body,
        )
        .unwrap();
        let patrol = |role: crate::Role, at: &str| Patrol {
            subject: crate::patrol::subject::PatrolSubject::Decoration {
                decoration_id: "0190f5c2-7d1a-7000-8000-0000000000d7".into(),
            },
            unit: "1栋-105".into(),
            by: 1,
            by_name: "x".into(),
            role,
            at: at.parse().unwrap(),
            checklist: vec![],
            results: vec![],
            notice_id: None,
            ticket_ids: vec![],
        };
        let ps = [
            patrol(crate::Role::Patrol, "2026-11-22T03:00:00Z"),
            patrol(crate::Role::Patrol, "2026-11-23T03:00:00Z"),
            patrol(crate::Role::Security, "2026-11-23T05:00:00Z"),
            patrol(crate::Role::Engineering, "2026-11-23T06:00:00Z"),
        ];
        let refs: Vec<&Patrol> = ps.iter().collect();
        let on = |now: &str| {
            let ds = [("0190f5c2-7d1a-7000-8000-0000000000d7", &d)];
            let plan = PatrolPlan::default();
            figures(
                Period::month("2026-11").unwrap(),
                &ds,
                &refs,
                &[],
                &WorkCalendar::default(),
                &plan,
                now.parse().unwrap(),
            )
        };
        let f = on("2026-11-25T02:00:00Z");
        let by = |f: &DecorationFigures, k: &str| f.counts.iter().find(|c| c.key == k).unwrap().count;
        assert_eq!(
            (
                by(&f, "deco_active"),
                by(&f, "deco_permits"),
                by(&f, "deco_days_due"),
                by(&f, "deco_days_missed")
            ),
            (1, 1, 3, 2)
        );
        assert_eq!((by(&f, "notices_issued"), by(&f, "work_stopped"), by(&f, "refunds_late")), (0, 0, 0));
        // Engineering comes every 3 days: visited on the 23rd, due again by the 26th.
        assert_eq!((by(&f, "deco_eng_patrols"), by(&f, "deco_eng_late")), (1, 0));
        let f = on("2026-11-30T02:00:00Z");
        assert_eq!(by(&f, "deco_eng_late"), 3, "overdue on the 27th, 28th and 29th");
    }
}
