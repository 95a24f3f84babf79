//! Patrols in a period (SPEC.md §3): the public-area rounds walked against the manager's
//! plan (the building once a day, signage twice), the vacant units checked on their
//! interval, what the patrols found and the repair tickets raised from it. Only days that
//! are over count against the plan: today's rounds may still be walked.

use super::{Count, Period};
use crate::decoration::checklist::Outcome;
use crate::decoration::record::Patrol;
use crate::patrol::plan::PatrolPlan;
use chrono::NaiveDate;
use std::collections::BTreeMap;

fn count(key: &str, mut ids: Vec<String>) -> Count {
    ids.sort();
    ids.dedup();
    Count { key: key.into(), count: ids.len(), ids }
}

/// Whether a check every `every_days` days was overdue on `day`, its checks made on the
/// sorted `checked` days: none on that day or in the `every_days` before it. (The board's
/// [`crate::patrol::board::periodic`] on each past day, with only the checks made by then.)
pub fn overdue_on(checked: &[NaiveDate], every_days: u32, day: NaiveDate) -> bool {
    let by_then = checked.partition_point(|d| *d <= day);
    match by_then.checked_sub(1).map(|i| checked[i]) {
        Some(last) => (day - last).num_days() > i64::from(every_days),
        None => true,
    }
}

/// `rounds_planned`, `rounds_done` (a route's rounds beyond its plan on a day do not make
/// up another day's), `rounds_short` (each route and day short, as `2026-12-01 标识巡查`),
/// `vacant_units` (vacant now, by the register), `vacant_checks`, `vacant_late` (units
/// overdue on some day of the period), `patrol_findings` (patrols with an item failed),
/// `patrol_tickets` (repair tickets raised from them).
pub fn figures(
    period: Period,
    plan: &PatrolPlan,
    patrols: &[(&str, &Patrol)],
    vacant: &[String],
    today: NaiveDate,
) -> Vec<Count> {
    let over: Vec<NaiveDate> = period.each_day().filter(|d| *d < today).collect();
    let in_period: Vec<&(&str, &Patrol)> =
        patrols.iter().filter(|(_, p)| period.contains(p.at.local_day())).collect();
    let mut walked: BTreeMap<(&str, NaiveDate), Vec<(&str, &Patrol)>> = BTreeMap::new();
    for (id, p) in &in_period {
        if let Some(route) = p.subject.route_key() {
            walked.entry((route, p.at.local_day())).or_default().push((id, p));
        }
    }
    let (mut done, mut short) = (Vec::new(), Vec::new());
    for route in &plan.routes {
        for day in &over {
            let mut rounds = walked.get(&(route.key.as_str(), *day)).cloned().unwrap_or_default();
            rounds.sort_by(|a, b| a.1.at.cmp(&b.1.at));
            let required = route.rounds_per_day as usize;
            if rounds.len() < required {
                short.push(format!("{day} {}", route.name));
            }
            done.extend(rounds.into_iter().take(required).map(|(id, _)| id.to_string()));
        }
    }
    let planned: usize = plan.routes.iter().map(|r| r.rounds_per_day as usize).sum::<usize>() * over.len();
    let mut checked: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
    for (_, p) in patrols {
        if let Some(unit) = p.subject.vacant_unit() {
            checked.entry(unit).or_default().push(p.at.local_day());
        }
    }
    checked.values_mut().for_each(|days| days.sort());
    let late = vacant
        .iter()
        .filter(|unit| {
            let days = checked.get(unit.as_str()).map_or(&[][..], |d| d.as_slice());
            over.iter().any(|day| overdue_on(days, plan.vacant_every_days, *day))
        })
        .cloned()
        .collect();
    let found = |p: &Patrol| p.results.iter().any(|r| r.outcome == Outcome::Fail);
    vec![
        Count { key: "rounds_planned".into(), count: planned, ids: Vec::new() },
        count("rounds_done", done),
        count("rounds_short", short),
        count("vacant_units", vacant.to_vec()),
        count(
            "vacant_checks",
            in_period
                .iter()
                .filter(|(_, p)| p.subject.vacant_unit().is_some())
                .map(|(id, _)| id.to_string())
                .collect(),
        ),
        count("vacant_late", late),
        count(
            "patrol_findings",
            in_period.iter().filter(|(_, p)| found(p)).map(|(id, _)| id.to_string()).collect(),
        ),
        count("patrol_tickets", in_period.iter().flat_map(|(_, p)| p.ticket_ids.iter().cloned()).collect()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decoration::checklist::ItemResult;
    use crate::patrol::subject::PatrolSubject;

    fn patrol(subject: PatrolSubject, at: &str, failed: bool, tickets: &[&str]) -> Patrol {
        Patrol {
            subject,
            unit: String::new(),
            by: 1,
            by_name: "x".into(),
            role: crate::Role::Patrol,
            at: at.parse().unwrap(),
            checklist: vec![],
            results: vec![ItemResult {
                key: "k".into(),
                outcome: if failed { Outcome::Fail } else { Outcome::Pass },
                note: String::new(),
                photos: vec![],
                rectified_on_spot: false,
            }],
            notice_id: None,
            ticket_ids: tickets.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn route(key: &str) -> PatrolSubject {
        let name = if key == "signage" { "标识巡查" } else { "楼宇公共区域" };
        PatrolSubject::Route { route_key: key.into(), route_name: name.into() }
    }

    /// Worked by hand over December 1–3 with today the 3rd (two days over), the default plan
    /// (the building once a day, signage twice): 6 rounds planned. Walked: the building on
    /// the 1st and 2nd, signage three times on the 1st (one more than planned, which does not
    /// make up for the 2nd) and once on the 2nd, signage on the 3rd (today, not counted against
    /// the plan): 1 + 1 (building) + 2 + 1 (signage) = 5 done of 6, the 2nd's signage
    /// short. Vacant units every 7 days: 2栋-101 checked on 11-28 and 12-02 is
    /// on time; 2栋-102 last checked 11-20 is late on the 1st. One round found a fault and
    /// raised a ticket.
    #[test]
    fn rounds_against_the_plan_vacant_units_and_findings() {
        let ps = [
            ("b1", patrol(route("building"), "2026-12-01T02:00:00Z", false, &[])),
            ("b2", patrol(route("building"), "2026-12-02T02:00:00Z", true, &["t1"])),
            ("s1", patrol(route("signage"), "2026-12-01T01:00:00Z", false, &[])),
            ("s2", patrol(route("signage"), "2026-12-01T05:00:00Z", false, &[])),
            ("s3", patrol(route("signage"), "2026-12-01T09:00:00Z", false, &[])),
            ("s4", patrol(route("signage"), "2026-12-02T01:00:00Z", false, &[])),
            ("s5", patrol(route("signage"), "2026-12-03T01:00:00Z", false, &[])),
            (
                "v0",
                patrol(
                    PatrolSubject::Vacant { vacant_unit: "2栋-101".into() },
                    "2026-11-28T02:00:00Z",
                    false,
                    &[],
                ),
            ),
            (
                "v1",
                patrol(
                    PatrolSubject::Vacant { vacant_unit: "2栋-101".into() },
                    "2026-12-02T02:00:00Z",
                    false,
                    &[],
                ),
            ),
            (
                "v2",
                patrol(
                    PatrolSubject::Vacant { vacant_unit: "2栋-102".into() },
                    "2026-11-20T02:00:00Z",
                    false,
                    &[],
                ),
            ),
        ];
        let refs: Vec<(&str, &Patrol)> = ps.iter().map(|(id, p)| (*id, p)).collect();
        let period = Period::days("2026-12-01".parse().unwrap(), "2026-12-04".parse().unwrap()).unwrap();
        let vacant = ["2栋-101".to_string(), "2栋-102".to_string()];
        let f = figures(period, &PatrolPlan::default(), &refs, &vacant, "2026-12-03".parse().unwrap());
        let ids = |k: &str| f.iter().find(|c| c.key == k).unwrap().ids.clone();
        let n = |k: &str| f.iter().find(|c| c.key == k).unwrap().count;
        assert_eq!((n("rounds_planned"), n("rounds_done")), (6, 5));
        assert_eq!(
            ids("rounds_done"),
            vec!["b1", "b2", "s1", "s2", "s4"],
            "the third signage round of the 1st is beyond its plan"
        );
        assert_eq!(ids("rounds_short"), vec!["2026-12-02 标识巡查"]);
        assert_eq!(ids("vacant_checks"), vec!["v1"]);
        assert_eq!(ids("vacant_late"), vec!["2栋-102"]);
        assert_eq!(ids("patrol_findings"), vec!["b2"]);
        assert_eq!(ids("patrol_tickets"), vec!["t1"]);
    }

    #[test]
    fn a_check_is_overdue_past_its_interval_or_never_made() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let checked = [d("2026-11-24"), d("2026-12-02")];
        assert!(!overdue_on(&checked, 7, d("2026-12-01")), "seven days after the 24th is still on time");
        assert!(overdue_on(&checked, 7, d("2026-11-23")), "never checked by then");
        assert!(!overdue_on(&checked, 0, d("2026-12-02")));
        assert!(overdue_on(&[d("2026-11-20")], 7, d("2026-11-28")));
    }
}
