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
            Line::Open | Line::Unmatched => {}
        }
        r.lines.push((line, s.slip_id.to_string()));
    }
    r.lines.sort();
    r
}
