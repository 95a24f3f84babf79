//! 物品放行: the goods-release slip's rules, before the screens and the sync kinds are built
//! on them. A slip is issued at the desk only for an identified applicant, a unit with no
//! arrears (or a supervisor's override with its reason) and no release restriction; what the
//! gate needs is signed on the issuing device (Ed25519) and carried in the slip's QR code, so a
//! guard's phone verifies it with no network; a slip is used once, and two gates that scanned
//! it offline are settled in the server's order.

pub mod commands;
pub mod gate;
pub mod issue;
pub mod pass;
pub mod reconcile;
pub mod record;
pub mod rules;

#[cfg(test)]
mod tests;
