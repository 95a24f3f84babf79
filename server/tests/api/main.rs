//! The server through HTTP, on a real SQLite file. One test binary (faster to link).

mod duty_log_chain;
mod handover;
mod helpers;
mod keys;
mod logs;

mod arrears;
mod auth;
mod backup;
mod cli;
mod connections;
mod crash;
mod deposits;
mod errors;
mod escalations;
mod notices;
mod owner_pages;
mod patrols;
mod photos;
mod property;
mod release;
mod reports;
mod role_matrix;
mod static_files;
mod sync;
mod tickets;
mod users;
mod visits;
mod working_set;
