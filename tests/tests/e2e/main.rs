//! End-to-end: the real SPA in real headless Chromium against the real server.

mod a11y;
mod accounts;
mod arrears;
mod decorations;
mod deposits;
mod duty_log;
mod escalations;
mod handover;
mod harness;
mod keys;
mod notices;
mod offline_sync;
mod owner;
mod patrols;
mod refusals;
mod release;
mod reports;
mod session;
mod shell;
mod supervision;
mod tickets;
mod visitors;
mod working_set;
