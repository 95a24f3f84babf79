//! The property's arrears policy (a setting): the late fee's rate and start, and how long a
//! case stays in a stage before it is due for the next. The late fee is computed here, in
//! whole fen, from the due date.

use super::record::{ArrearsCase, CaseStatus, Owed, Stage};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrearsPolicy {
    /// 滞纳金 per day, in ten-thousandths of what is owed (万分之三 = 3).
    pub late_fee_per_10000: u32,
    /// Days after the due date before the late fee starts counting.
    pub late_fee_after_days: u32,
    /// Days a case stays in a stage before it is due for the next.
    pub stage_days: u32,
    /// Days the deadline notice gives (限期).
    pub deadline_days: u32,
}

impl Default for ArrearsPolicy {
    fn default() -> Self {
        ArrearsPolicy { late_fee_per_10000: 3, late_fee_after_days: 0, stage_days: 7, deadline_days: 15 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the late fee is at most 万分之十 (0.1 %) a day")]
    Rate,
    #[error("days are 0–365 (a stage at least 1)")]
    Days,
}

impl ArrearsPolicy {
    pub fn validate(&self) -> Result<(), PolicyError> {
        if self.late_fee_per_10000 > 10 {
            return Err(PolicyError::Rate);
        }
        let days = [self.late_fee_after_days, self.stage_days, self.deadline_days];
        if days.iter().any(|d| *d > 365) || self.stage_days == 0 || self.deadline_days == 0 {
            return Err(PolicyError::Days);
        }
        Ok(())
    }

    /// The first day the late fee counts for a line due on `due`.
    pub fn late_fee_from(&self, due: NaiveDate) -> NaiveDate {
        due.checked_add_days(chrono::Days::new(u64::from(self.late_fee_after_days))).unwrap_or(NaiveDate::MAX)
    }

    /// The late fee on `line` by `on`: the amount × the daily rate × the days since it
    /// started counting, rounded to the nearest fen (half up). Calendar days, so month ends
    /// and 29 February count as the days they are.
    pub fn late_fee(&self, line: &Owed, on: NaiveDate) -> u64 {
        let days = (on - self.late_fee_from(line.due)).num_days().max(0) as u128;
        let fee = u128::from(line.amount) * u128::from(self.late_fee_per_10000) * days;
        u64::try_from((fee + 5_000) / 10_000).unwrap_or(u64::MAX)
    }

    /// The late fee the case owes by `on`: charged once the deadline notice is sent, on each
    /// line's balance as it was day by day — what is still owed up to `on`, and each
    /// payment recorded here up to the day it was paid (paying does not undo the fee the
    /// days before it ran up).
    pub fn case_late_fee(&self, case: &ArrearsCase, on: NaiveDate) -> u64 {
        if case.stage < Stage::DeadlineNotice {
            return 0;
        }
        let mut fee = 0u64;
        for line in &case.lines {
            fee = fee.saturating_add(self.late_fee(line, on));
            for p in case.payments.iter().filter(|p| p.fee_type == line.fee_type && p.period == line.period) {
                let paid = Owed { amount: p.amount, ..line.clone() };
                fee = fee.saturating_add(self.late_fee(&paid, p.at.local_day().min(on)));
            }
        }
        fee
    }

    /// Whether a promise to pay holds the case on `today`.
    pub fn promise_holds(case: &ArrearsCase, today: NaiveDate) -> bool {
        case.promise().is_some_and(|by| by >= today)
    }

    /// Open, no promise holding it, a stage still to come, and long enough in this one.
    pub fn due_for_next_stage(&self, case: &ArrearsCase, today: NaiveDate) -> bool {
        let since = case.stage_since().map(|t| t.local_day());
        let deadline_passed = case.stage != Stage::DeadlineNotice || case.deadline.is_none_or(|d| today > d);
        case.status == CaseStatus::Open
            && case.stage.next().is_some()
            && deadline_passed
            && !Self::promise_holds(case, today)
            && since.is_some_and(|d| {
                d.checked_add_days(chrono::Days::new(u64::from(self.stage_days)))
                    .is_some_and(|due| due <= today)
            })
    }
}

/// A promise made that has come due with the unit still owing: the follow-up is to call.
pub fn promise_due(case: &ArrearsCase, today: NaiveDate) -> bool {
    case.status == CaseStatus::Open && case.promise().is_some_and(|by| by < today)
}

/// One fee type's collection: of what the imports first said was owed, how much is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    pub fee_type: super::record::FeeType,
    /// Fen first owed, and fen still owed.
    pub owed_at_first: u64,
    pub still_owed: u64,
}

impl Collection {
    /// Collected, in per mille (1000 when nothing was owed).
    pub fn rate_per_mille(&self) -> u32 {
        if self.owed_at_first == 0 {
            return 1000;
        }
        let paid = u128::from(self.owed_at_first.saturating_sub(self.still_owed));
        (paid * 1000 / u128::from(self.owed_at_first)) as u32
    }

    /// At or above the manual's target (a fee type without one always is).
    pub fn on_target(&self) -> bool {
        self.fee_type.target_per_mille().is_none_or(|t| self.rate_per_mille() >= t)
    }
}

/// The collection per fee type over `cases` (every fee type, in order).
pub fn collection<'a>(cases: impl IntoIterator<Item = &'a ArrearsCase>) -> Vec<Collection> {
    use super::record::FeeType;
    let mut sums: Vec<Collection> = FeeType::ALL
        .iter()
        .map(|&fee_type| Collection { fee_type, owed_at_first: 0, still_owed: 0 })
        .collect();
    for line in cases.into_iter().flat_map(|c| &c.lines) {
        if let Some(s) = sums.iter_mut().find(|s| s.fee_type == line.fee_type) {
            s.owed_at_first = s.owed_at_first.saturating_add(line.original);
            s.still_owed = s.still_owed.saturating_add(line.amount);
        }
    }
    sums
}
