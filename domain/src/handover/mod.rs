//! 交接班: the outgoing person lists what is open and hands over the shift's shared items;
//! the incoming person checks each √/× and confirms with their own credentials, or refuses
//! with a reason for the supervisor. No handover while a major or urgent ticket is
//! unresolved, nor while a key is overdue with no incident opened ([`rules::blockers`]).

pub mod commands;
pub mod open_items;
pub mod record;
pub mod rules;

#[cfg(test)]
mod tests;
