//! The front desk's other ledgers in a period: key loans (钥匙借用) and goods-release slips
//! (物品放行), each figure a [`Count`] with the ids of the records behind it.

use super::{Count, Period};
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
    let lent: Vec<(&str, &KeyLoan)> =
        loans.iter().copied().filter(|(_, l)| l.out_at.as_ref().is_some_and(|t| period.contains(t.local_day()))).collect();
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
    let issued: Vec<(&str, &ReleaseSlip)> = slips.iter().copied().filter(|(_, s)| period.contains(s.issued_at.local_day())).collect();
    let mut by_slip: BTreeMap<&str, Vec<&GateRecord>> = BTreeMap::new();
    for (_, c) in checks {
        by_slip.entry(c.slip_id.as_str()).or_default().push(c);
    }
    let settled = |id: &str| {
        let mut gate: Vec<GateCheck> = by_slip.get(id).map(|v| v.iter().map(|c| c.check.clone()).collect()).unwrap_or_default();
        gate.sort_by(|a, b| a.at.cmp(&b.at));
        (settle(&gate), !gate.is_empty())
    };
    let ids = |f: &dyn Fn(&str, &ReleaseSlip) -> bool| issued.iter().filter(|(id, s)| f(id, s)).map(|(id, _)| id.to_string()).collect::<Vec<_>>();
    vec![
        count("slips_issued", ids(&|_, _| true)),
        count("slips_released", ids(&|id, _| settled(id).0.released.is_some())),
        count("slips_sent_back", ids(&|id, _| { let (s, any) = settled(id); any && s.released.is_none() })),
        count("slips_expired", ids(&|id, s| s.until < today && settled(id).0.released.is_none())),
        count("slips_conflicts", ids(&|id, _| !settled(id).0.conflicts.is_empty())),
        count("slips_refused", voids.iter().filter(|(_, v)| period.contains(v.refused_at.local_day())).map(|(id, _)| id.to_string()).collect()),
    ]
}
