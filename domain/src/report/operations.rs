//! The front desk's other ledgers in a period: key loans (钥匙借用), goods-release slips
//! (物品放行), the duty log (值班日志) and arrears (欠费催缴), each figure a [`Count`] with
//! the ids of the records behind it (a day's figure: the days).

use super::{Count, Period};
use crate::arrears::record::{ArrearsCase, CaseStatus, Stage};
use crate::duty_log::DutyLogEntry;
use crate::keys::record::{KeyLoan, LoanStatus};
use crate::release::gate::{GateCheck, settle};
use crate::release::record::{GateRecord, ReleaseSlip, VoidSlip};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operations {
    /// `key_loans`, `key_late`, `key_short`, `key_incidents`, `key_out`.
    pub keys: Vec<Count>,
    /// `slips_issued`, `slips_released`, `slips_sent_back`, `slips_expired`,
    /// `slips_conflicts`, `slips_refused`.
    pub release: Vec<Count>,
    /// `log_days`, `log_signed`, `log_unsigned`, `log_late`.
    #[serde(default)]
    pub duty_log: Vec<Count>,
    /// The cases owing now by stage (`arrears_payment_notice`…), `arrears_recovered`.
    #[serde(default)]
    pub arrears: Vec<Count>,
    /// Receipted in the period against the arrears finance listed, in fen.
    #[serde(default)]
    pub recovered_fen: u64,
    /// Decorations: works, daily patrols, notices, stops, acceptances, refunds.
    #[serde(default)]
    pub decorations: Vec<Count>,
    /// The violations on the period's notices, by what was done wrong.
    #[serde(default)]
    pub violations: Vec<Count>,
    /// Rounds against the plan, vacant units, findings ([`super::patrols::figures`]).
    #[serde(default)]
    pub patrols: Vec<Count>,
    /// Notices to homes and how many read them ([`super::front_of_house::announcements`]).
    #[serde(default)]
    pub announcements: Vec<Count>,
    /// Satisfaction surveys: response rate, buildings at 70 %, satisfaction.
    #[serde(default)]
    pub surveys: Vec<Count>,
}

impl Operations {
    /// The ledgers in the order the screen, the CSV and the workbook show them.
    pub fn groups(&self) -> [(&'static str, &Vec<Count>); 9] {
        [
            ("decorations", &self.decorations),
            ("violations", &self.violations),
            ("patrols", &self.patrols),
            ("keys", &self.keys),
            ("release", &self.release),
            ("duty_log", &self.duty_log),
            ("arrears", &self.arrears),
            ("announcements", &self.announcements),
            ("surveys", &self.surveys),
        ]
    }
}

fn count(key: &str, mut ids: Vec<String>) -> Count {
    ids.sort();
    ids.dedup();
    Count { key: key.into(), count: ids.len(), ids }
}

fn pick<'a, T>(rows: &[(&'a str, &'a T)], f: impl Fn(&T) -> bool) -> Vec<String> {
    rows.iter().filter(|(_, r)| f(r)).map(|(id, _)| id.to_string()).collect()
}

/// The loans whose key left the cabinet in `period`: returned after the end of their shift
/// (or still out past it), returned short, with an incident, still out now.
pub fn keys(period: Period, loans: &[(&str, &KeyLoan)], now: DateTime<Utc>) -> Vec<Count> {
    let lent: Vec<(&str, &KeyLoan)> = loans
        .iter()
        .copied()
        .filter(|(_, l)| l.out_at.as_ref().is_some_and(|t| period.contains(t.local_day())))
        .collect();
    let late = |l: &KeyLoan| match &l.returned {
        Some(r) => r.at.utc() > l.due_by.utc(),
        None => now > l.due_by.utc(),
    };
    vec![
        count("key_loans", pick(&lent, |_| true)),
        count("key_late", pick(&lent, late)),
        count("key_short", pick(&lent, |l| l.status == LoanStatus::ReturnedShort)),
        count("key_incidents", pick(&lent, |l| l.incident.is_some())),
        count("key_out", pick(&lent, |l| l.status == LoanStatus::Out)),
    ]
}

/// The slips issued in `period` (by the issuing device's stamp), what the gates did with
/// them, those past their last day with nothing released (by `today`), a second release
/// of one slip (a conflict), and the slips the server refused.
pub fn release(
    period: Period,
    slips: &[(&str, &ReleaseSlip)],
    checks: &[(&str, &GateRecord)],
    voids: &[(&str, &VoidSlip)],
    today: NaiveDate,
) -> Vec<Count> {
    let issued: Vec<(&str, &ReleaseSlip)> =
        slips.iter().copied().filter(|(_, s)| period.contains(s.issued_at.local_day())).collect();
    let mut by_slip: BTreeMap<&str, Vec<&GateRecord>> = BTreeMap::new();
    for (_, c) in checks {
        by_slip.entry(c.slip_id.as_str()).or_default().push(c);
    }
    let settled = |id: &str| {
        let mut gate: Vec<GateCheck> =
            by_slip.get(id).map(|v| v.iter().map(|c| c.check.clone()).collect()).unwrap_or_default();
        gate.sort_by(|a, b| a.at.cmp(&b.at));
        (settle(&gate), !gate.is_empty())
    };
    let ids = |f: &dyn Fn(&str, &ReleaseSlip) -> bool| {
        issued.iter().filter(|(id, s)| f(id, s)).map(|(id, _)| id.to_string()).collect::<Vec<_>>()
    };
    vec![
        count("slips_issued", ids(&|_, _| true)),
        count("slips_released", ids(&|id, _| settled(id).0.released.is_some())),
        count(
            "slips_sent_back",
            ids(&|id, _| {
                let (s, any) = settled(id);
                any && s.released.is_none()
            }),
        ),
        count("slips_expired", ids(&|id, s| s.until < today && settled(id).0.released.is_none())),
        count("slips_conflicts", ids(&|id, _| !settled(id).0.conflicts.is_empty())),
        count(
            "slips_refused",
            voids
                .iter()
                .filter(|(_, v)| period.contains(v.refused_at.local_day()))
                .map(|(id, _)| id.to_string())
                .collect(),
        ),
    ]
}

/// The duty log in `period`: the days written, the days signed, the past days written and not
/// signed (by `today`), and the corrections that came late. Days are their own ids. Then the
/// whole chain as walked now (`chain`): its entries, how many are intact from the first,
/// and the entry where it breaks (none when intact).
pub fn duty_log(
    period: Period,
    entries: &[(&str, &DutyLogEntry)],
    chain: &crate::log_chain::Verdict,
    today: NaiveDate,
) -> Vec<Count> {
    let in_period: Vec<&DutyLogEntry> =
        entries.iter().map(|(_, e)| *e).filter(|e| period.contains(e.day())).collect();
    let days = |f: &dyn Fn(&DutyLogEntry) -> Option<NaiveDate>| -> Vec<String> {
        let set: std::collections::BTreeSet<NaiveDate> = in_period.iter().filter_map(|e| f(e)).collect();
        set.into_iter().map(|d| d.to_string()).collect()
    };
    let signed: Vec<String> = entries
        .iter()
        .filter_map(|(_, e)| e.signs.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()))
        .filter(|d| period.contains(*d))
        .map(|d| d.to_string())
        .collect();
    let unsigned = crate::duty_log::unsigned_days(entries.iter().map(|(_, e)| *e), today)
        .into_iter()
        .filter(|d| period.contains(*d))
        .map(|d| d.to_string())
        .collect();
    vec![
        count("log_days", days(&|e| e.signs.is_none().then(|| e.day()))),
        count("log_signed", signed),
        count("log_unsigned", unsigned),
        count(
            "log_late",
            entries
                .iter()
                .filter(|(_, e)| e.late && period.contains(e.day()))
                .map(|(id, _)| id.to_string())
                .collect(),
        ),
        Count { key: "log_chain_entries".into(), count: chain.entries as usize, ids: Vec::new() },
        Count { key: "log_chain_intact".into(), count: chain.intact_up_to as usize, ids: Vec::new() },
        count("log_chain_broken", chain.broken.iter().map(|b| b.id.clone()).collect()),
    ]
}

/// Arrears: the cases still owing now, by stage; and what was receipted in `period` against
/// the arrears finance listed (a collection rate against what was billed needs billing
/// data this product does not hold). The amount is in the figure's key's row as fen.
pub fn arrears(period: Period, cases: &[(&str, &ArrearsCase)]) -> (Vec<Count>, u64) {
    let mut rows: Vec<Count> = Stage::ALL
        .iter()
        .map(|stage| {
            let key = format!(
                "arrears_{}",
                serde_json::to_value(stage)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            );
            count(
                &key,
                cases
                    .iter()
                    .filter(|(_, c)| c.status == CaseStatus::Open && c.stage == *stage)
                    .map(|(id, _)| id.to_string())
                    .collect(),
            )
        })
        .collect();
    let paid: Vec<(&str, u64)> = cases
        .iter()
        .flat_map(|(id, c)| {
            c.payments.iter().filter(|p| period.contains(p.at.local_day())).map(move |p| (*id, p.amount))
        })
        .collect();
    rows.push(count("arrears_recovered", paid.iter().map(|(id, _)| id.to_string()).collect()));
    (rows, paid.iter().map(|(_, a)| a).sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(written: &str, signs: Option<&str>, late: bool) -> DutyLogEntry {
        DutyLogEntry {
            author: 1,
            author_name: "王小红".into(),
            text: "巡查正常".into(),
            corrects: None,
            written_at: written.parse().unwrap(),
            signs: signs.map(str::to_string),
            late,
            source: None,
            received_at: None,
            line: None,
        }
    }

    /// Worked by hand: December 1 and 2 written, the 1st signed on the 2nd, the 2nd not yet
    /// (today is the 5th); one correction came late; November's entry is not December's.
    #[test]
    fn the_duty_log_s_days_written_signed_and_not() {
        let e = [
            ("a", entry("2026-12-01T02:00:00Z", None, false)),
            ("b", entry("2026-12-02T02:00:00Z", None, false)),
            ("c", entry("2026-12-02T03:00:00Z", Some("2026-12-01"), false)),
            ("d", entry("2026-12-02T04:00:00Z", None, true)),
            ("e", entry("2026-11-30T02:00:00Z", None, false)),
        ];
        let refs: Vec<(&str, &DutyLogEntry)> = e.iter().map(|(id, x)| (*id, x)).collect();
        let what = crate::log_chain::Break::Altered;
        let broken = crate::log_chain::Broken { seq: 4, id: "d".into(), what };
        let chain = crate::log_chain::Verdict { entries: 5, intact_up_to: 3, broken: Some(broken) };
        let f = duty_log(Period::month("2026-12").unwrap(), &refs, &chain, "2026-12-05".parse().unwrap());
        let ids = |k: &str| f.iter().find(|c| c.key == k).unwrap().ids.clone();
        assert_eq!(ids("log_days"), vec!["2026-12-01", "2026-12-02"]);
        assert_eq!(ids("log_signed"), vec!["2026-12-01"]);
        assert_eq!(ids("log_unsigned"), vec!["2026-12-02"]);
        assert_eq!(ids("log_late"), vec!["d"]);
        let n = |k: &str| f.iter().find(|c| c.key == k).unwrap().count;
        assert_eq!((n("log_chain_entries"), n("log_chain_intact")), (5, 3));
        assert_eq!(ids("log_chain_broken"), vec!["d"]);
    }

    #[test]
    fn arrears_owing_by_stage_and_what_came_in() {
        let case = |stage: &str, status: &str, paid_at: &str| -> ArrearsCase {
            serde_json::from_value(serde_json::json!({
                "unit": "2栋-801", "status": status, "lines": [], "stage": stage, "stages": [], "contacts": [], "imports": [],
                "payments": [{ "at": paid_at, "by_name": "王小红", "fee_type": "management", "period": "2026-10", "amount": 12000, "receipt": "R1" }]
            }))
            .unwrap()
        };
        let (a, b) = (
            case("deadline_notice", "open", "2026-12-03T02:00:00Z"),
            case("payment_notice", "cleared", "2026-11-03T02:00:00Z"),
        );
        let (rows, fen) = arrears(Period::month("2026-12").unwrap(), &[("a", &a), ("b", &b)]);
        let count = |k: &str| rows.iter().find(|c| c.key == k).unwrap().ids.clone();
        assert_eq!(count("arrears_deadline_notice"), vec!["a"]);
        assert!(count("arrears_payment_notice").is_empty(), "cleared: owes nothing now");
        assert_eq!(
            (count("arrears_recovered"), fen),
            (vec!["a".to_string()], 12000),
            "November's payment is not December's"
        );
    }
}
