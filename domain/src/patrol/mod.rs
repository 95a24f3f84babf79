//! Patrols of every kind (SPEC.md §2–§3): decorations under way, public-area routes of
//! checkpoints, and vacant units. One checklist model for all three; the plan (checklists,
//! routes, how often engineering and vacant-unit checks come round) is the manager's to edit.

pub mod apply;
pub mod board;
pub mod commands;
pub mod plan;
pub mod subject;
