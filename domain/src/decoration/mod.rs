//! Decoration (renovation) management — SPEC.md §2: the application and its documents, the
//! review chain to a permit, patrols while the work is under way, violations and their
//! rectification, acceptance, and the deposit refund within seven working days.
//!
//! Pure rules with time passed in, like tickets.

pub mod apply;
pub mod calendar;
pub mod checklist;
pub mod commands;
pub mod coverage;
pub mod documents;
pub mod hot_work;
pub mod lifecycle;
pub mod record;
pub mod violation;
pub mod wording;
