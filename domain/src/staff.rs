//! The staff roster a desk device keeps: who can be named on a record (the two who enter a
//! home with a key), so the record says which accounts took part and their own phones get it.

use crate::Role;
use serde::{Deserialize, Serialize};

/// One active staff account, as the desk may see it (no username, nothing secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
}

/// The accounts named in `names`, matched by their display name exactly (trimmed). A name
/// two accounts share, or nobody has (a contractor's worker), names no account.
pub fn ids_of<'a>(names: impl IntoIterator<Item = &'a str>, roster: &[StaffMember]) -> Vec<i64> {
    let mut ids = Vec::new();
    for name in names {
        let mut matches = roster.iter().filter(|m| m.display_name == name.trim());
        if let (Some(m), None) = (matches.next(), matches.next())
            && !ids.contains(&m.id)
        {
            ids.push(m.id);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: i64, name: &str) -> StaffMember {
        StaffMember { id, display_name: name.into(), role: Role::Patrol }
    }

    #[test]
    fn names_match_one_account_exactly_or_none() {
        let roster = [member(1, "赵军"), member(2, "钱芳"), member(3, "王伟"), member(4, "王伟")];
        assert_eq!(ids_of([" 赵军 ", "钱芳", "赵军"], &roster), vec![1, 2], "trimmed, once each");
        assert_eq!(ids_of(["王伟", "孙师傅"], &roster), Vec::<i64>::new(), "shared or unknown: none");
    }
}
