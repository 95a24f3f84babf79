//! 寄存 / 转交 / 信报: what is left at the desk — an item a household deposits, or leaves for
//! someone else; a parcel; letters and papers — from whom, for whom, with a photo. A deposit
//! waits for the supervisor's approval before the desk keeps it; everything is handed over
//! against the recipient's name and the last four of their ID or their signature. What waits
//! is counted at every handover, and whatever waits more than seven days is flagged.

pub mod commands;
pub mod record;
pub mod rules;

#[cfg(test)]
mod tests;
