//! Changes that name staff accounts by id (a key loan's participants, an arrears case's
//! assignee) name real, active staff: the devices' rules cannot see the accounts, the
//! server checks them before applying.

use rusqlite::{Connection, OptionalExtension};
use steward_domain::apply::{Rejection, RejectionCode};
use steward_domain::field::Field;
use steward_domain::sync::Mutation;

/// `None` when every id named is an active staff account (not the admin), and a name written
/// beside an id (首问责任's new holder) is that account's.
pub fn check(conn: &Connection, mutation: &Mutation) -> rusqlite::Result<Option<Rejection>> {
    if let Mutation::HandOverTicket(h) = mutation {
        let name: Option<String> = conn
            .prepare_cached("SELECT display_name FROM users WHERE id = ?1")?
            .query_row([h.to], |r| r.get(0))
            .optional()?;
        if name.is_some_and(|n| n != h.to_name.trim()) {
            return Ok(Some(Rejection {
                code: RejectionCode::Invalid,
                field: Some(Field::FirstResponsible),
                message: "the name is not that account's".into(),
            }));
        }
    }
    let Some((ids, field)) = mutation.staff_named() else { return Ok(None) };
    let mut stmt =
        conn.prepare_cached("SELECT 1 FROM users WHERE id = ?1 AND active = 1 AND role <> 'admin'")?;
    for id in ids {
        if !stmt.exists([id])? {
            return Ok(Some(Rejection {
                code: RejectionCode::Invalid,
                field: Some(field),
                message: format!("{id} is not an active staff account"),
            }));
        }
    }
    Ok(None)
}
