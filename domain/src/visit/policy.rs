//! The property's visitor settings: whether an ID is asked, and how long a visitor's phone
//! and ID digits are kept.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorPolicy {
    /// Every visitor shows an ID (its type and last four characters are written down).
    #[serde(default)]
    pub id_required: bool,
    /// Days after which a visit loses its phone and ID digits (the rest stays on record).
    #[serde(default = "retention_days")]
    pub retention_days: u32,
}

fn retention_days() -> u32 {
    90
}

impl Default for VisitorPolicy {
    fn default() -> Self {
        VisitorPolicy { id_required: false, retention_days: retention_days() }
    }
}

impl VisitorPolicy {
    pub const MIN_DAYS: u32 = 7;
    pub const MAX_DAYS: u32 = 3 * 366;

    pub fn validate(&self) -> Result<(), &'static str> {
        if (Self::MIN_DAYS..=Self::MAX_DAYS).contains(&self.retention_days) {
            Ok(())
        } else {
            Err("visitors' details are kept 7 days to 3 years")
        }
    }
}
