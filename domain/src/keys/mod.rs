//! 钥匙管理: the key cabinet at the desk. A key (or ring) is registered with its tag, slot,
//! unit and kind; a loan records who took it, why, the owner's consent by phone to the
//! minute, the approvals a sealed key needs and who went in together; it comes back before
//! the shift ends with as many keys as went out. The rules are here; the records in
//! [`record`], the changes a device sends in [`commands`].

pub mod commands;
pub mod count;
pub mod incident;
pub mod record;
pub mod rules;

#[cfg(test)]
mod tests;
