//! 欠费催缴: finance's arrears list imported as CSV, one case per unit moving through the
//! manual's stages (缴费通知 → 催缴通知书 → 限期缴费, 滞纳金 from then → 管理员上门 → 主管上门 →
//! 经理决定) with every contact recorded, the late fee computed from the due date, promises
//! to pay that hold a case, and the collection rate per fee type against its target.

pub mod commands;
pub mod csv;
pub mod policy;
pub mod record;
pub mod rules;

#[cfg(test)]
mod tests;
