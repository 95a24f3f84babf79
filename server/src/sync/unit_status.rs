//! The property register follows decorations: once a permit is issued the unit reads 装修中
//! (in the admin's register and on the phones' directory) until acceptance passes. Runs in
//! the push's transaction, right after the mutation it follows.

use rusqlite::{Connection, OptionalExtension, params};
use steward_domain::decoration::record::Decoration;
use steward_domain::sync::commands::ActOnDecoration;
use steward_domain::sync::{Kind, Mutation};

pub fn follow(conn: &Connection, mutation: &Mutation) -> rusqlite::Result<()> {
    let Mutation::ActOnDecoration(ActOnDecoration { id, .. }) = mutation else { return Ok(()) };
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM records WHERE kind = ?1 AND id = ?2")?
        .query_row(params![Kind::Decoration.as_str(), id], |r| r.get(0))
        .optional()?;
    let Some(d) = body.and_then(|b| serde_json::from_str::<Decoration>(&b).ok()) else { return Ok(()) };
    let (Some(status), Some((building, number))) = (d.progress.status.unit_status(), d.unit.rsplit_once('-'))
    else {
        return Ok(());
    };
    conn.prepare_cached(
        "UPDATE units SET status = ?1
          WHERE number = ?3 AND building_id = (SELECT id FROM buildings WHERE name = ?2)",
    )?
    .execute(params![status.as_str(), building, number])?;
    Ok(())
}
