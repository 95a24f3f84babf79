//! 来访登记: visitors registered at the desk or, at night, at the gate; the host's answer
//! before the visitor goes up; a unit's do-not-admit list checked as the name or phone is
//! typed, offline too; day passes the desk issues on the owner's call and the gate checks
//! with no network; and the removal of old visitors' phones and ID digits.

pub mod block;
pub mod commands;
pub mod day_pass;
pub mod policy;
pub mod record;
pub mod rules;

#[cfg(test)]
mod tests;

pub use commands::*;
pub use record::{HostAnswer, HostConfirmation, Visit, VisitStatus};
