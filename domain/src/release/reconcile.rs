//! The security manager's daily reconciliation (保安经理每天对放行条进行查对): the day's slips
//! issued, released, refused and expired unused, mismatches first.

use super::gate::{GateCheck, settle};
use chrono::NaiveDate;

/// A slip as the reconciliation reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipDay<'a> {
    pub slip_id: &'a str,
    pub until: NaiveDate,
    pub checks: &'a [GateCheck],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Line {
    /// A gate released goods the server's verdict refuses (a slip the server refused or
    /// never received, a revoked key, a unit restricted since, days over): first of all.
    AgainstRules,
    /// A gate decided on a slip the server never accepted (or on another pass under its
    /// id): look at it first.
    Unmatched,
    /// Two gates released it (offline): look at both.
    Conflict,
    /// A gate sent the applicant back.
    Refused,
    /// Its days are over and no gate saw it.
    ExpiredUnused,
    /// Still good, not yet through a gate.
    Open,
    Released,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reconciliation {
    pub issued: usize,
    pub released: usize,
    pub refused: usize,
    pub expired_unused: usize,
    /// Every slip with its line, mismatches first.
    pub lines: Vec<(Line, String)>,
}

/// Where one slip stands: its gates' checks in server order, the last day it is good for.
pub fn line(checks: &[GateCheck], until: NaiveDate, today: NaiveDate) -> Line {
    let settled = settle(checks);
    if !settled.conflicts.is_empty() {
        Line::Conflict
    } else if settled.released.is_some() {
        Line::Released
    } else if checks.iter().any(|c| !c.released) {
        Line::Refused
    } else if until < today {
        Line::ExpiredUnused
    } else {
        Line::Open
    }
}

pub fn reconcile<'a>(slips: impl IntoIterator<Item = SlipDay<'a>>, today: NaiveDate) -> Reconciliation {
    let mut r = Reconciliation::default();
    for s in slips {
        r.issued += 1;
        let line = line(s.checks, s.until, today);
        match line {
            Line::Released | Line::Conflict => r.released += 1,
            Line::Refused => r.refused += 1,
            Line::ExpiredUnused => r.expired_unused += 1,
            // Gate decisions without their slip are listed by the screen, beside these.
            Line::Open | Line::Unmatched | Line::AgainstRules => {}
        }
        r.lines.push((line, s.slip_id.to_string()));
    }
    r.lines.sort();
    r
}

/// One line of the day's reconciliation as the screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayLine {
    pub line: Line,
    pub slip_id: String,
    pub unit: String,
    pub goods: Vec<super::pass::PassItem>,
    /// The gates' decisions on it, in server order.
    pub checks: Vec<super::record::GateRecord>,
}

/// The day's reconciliation over what a device holds: the slips issued on `day`, and every
/// gate decision that day on a slip the device has no record of, mismatches first.
pub fn day_report(
    slips: &[(String, super::record::ReleaseSlip)],
    checks: &std::collections::BTreeMap<String, Vec<super::record::GateRecord>>,
    day: NaiveDate,
    today: NaiveDate,
) -> (Reconciliation, Vec<DayLine>) {
    let of_day: Vec<&(String, super::record::ReleaseSlip)> =
        slips.iter().filter(|(_, s)| s.issued_at.local_day() == day).collect();
    let none = Vec::new();
    let plains: Vec<Vec<GateCheck>> = of_day
        .iter()
        .map(|(id, _)| checks.get(id).unwrap_or(&none).iter().map(|c| c.check.clone()).collect())
        .collect();
    let r = reconcile(
        of_day.iter().zip(&plains).map(|((id, s), c)| SlipDay { slip_id: id, until: s.until, checks: c }),
        today,
    );
    // A release flagged because the server did not hold the slip yet (issued offline, synced
    // after the gate) or had refused it first stands once the same slip is issued.
    let flagged = |c: &[super::record::GateRecord], issued: Option<&super::record::ReleaseSlip>| {
        c.iter().any(|c| match (&c.against_rules, issued) {
            (None, _) => false,
            (Some(super::gate::Verdict::NotIssued | super::gate::Verdict::Void { .. }), Some(slip)) => {
                slip.pass != c.pass
            }
            (Some(_), _) => true,
        })
    };
    let mut lines: Vec<DayLine> = Vec::new();
    for (line, id) in &r.lines {
        let Some((_, slip)) = of_day.iter().find(|(i, _)| i == id) else { continue };
        let c = checks.get(id).cloned().unwrap_or_default();
        let line = if flagged(&c, Some(slip)) {
            Line::AgainstRules
        } else if c.iter().any(|c| c.pass != slip.pass) {
            // A check of another pass under this slip's id is no check of this slip.
            Line::Unmatched
        } else {
            *line
        };
        let goods = slip.pass.pass.items.clone();
        lines.push(DayLine { line, slip_id: id.clone(), unit: slip.unit.clone(), goods, checks: c });
    }
    for (id, c) in checks {
        let known = slips.iter().any(|(i, _)| i == id);
        if !known && c.iter().any(|c| c.check.at.local_day() == day) {
            let p = &c[0].pass.pass;
            let line = if flagged(c, None) { Line::AgainstRules } else { Line::Unmatched };
            lines.push(DayLine {
                line,
                slip_id: id.clone(),
                unit: p.unit.clone(),
                goods: p.items.clone(),
                checks: c.clone(),
            });
        }
    }
    lines.sort_by_key(|l| l.line);
    (r, lines)
}
