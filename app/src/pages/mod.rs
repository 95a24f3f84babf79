//! One module per screen.

pub mod account;
pub mod admin_units;
pub mod admin_users;
pub mod arrears;
pub mod attention;
pub mod decorations;
pub mod deposits;
pub mod duty_log;
pub mod escalations;
pub mod handover;
pub mod held_changes;
pub mod homes;
pub mod keys;
pub mod lock_screen;
pub mod log_chain;
pub mod login;
pub mod notices;
pub mod patrols;
pub mod release;
pub mod reports;
pub mod review;
pub mod shift_desk;
pub mod surveys;
pub mod tickets;
pub mod visitors;
