//! Changes that name a unit the desk typed (a goods-release slip, a release restriction)
//! name a unit in the property's register: the devices' rules cannot see the register, the
//! server checks it before applying. A slip for `9栋-999` would otherwise print "no
//! arrears" for a unit that does not exist.

use rusqlite::Connection;
use steward_domain::apply::{Rejection, RejectionCode};
use steward_domain::field::Field;
use steward_domain::sync::Mutation;

fn named(mutation: &Mutation) -> Option<&str> {
    match mutation {
        Mutation::IssueReleaseSlip(i) => Some(&i.slip.unit),
        Mutation::SetReleaseRestriction(r) => Some(&r.unit),
        _ => None,
    }
}

/// `None` when the unit named is in the register (or the change names none).
pub fn check(conn: &Connection, mutation: &Mutation) -> rusqlite::Result<Option<Rejection>> {
    let Some(typed) = named(mutation) else { return Ok(None) };
    let label = steward_domain::property::canonical_unit(typed);
    let known = match label.rsplit_once('-') {
        Some((building, number)) => conn
            .prepare_cached("SELECT 1 FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.name = ?1 AND u.number = ?2")?
            .exists([building, number])?,
        None => false,
    };
    Ok((!known).then(|| Rejection {
        code: RejectionCode::Invalid,
        field: Some(Field::Unit),
        message: format!("{label} is not a unit in the register"),
    }))
}
