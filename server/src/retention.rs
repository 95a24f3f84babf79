//! The retention rule for visitors' details: every hour, visits registered longer ago than
//! the property's setting (90 days unless the manager says) lose their phone numbers and ID
//! digits — through the one write path, so every device pulls the record as it now is.

use crate::state::AppState;
use crate::sync::write::{self, Origin, WriteError};
use rusqlite::Connection;
use std::time::Duration;
use steward_domain::clock::Timestamp;
use steward_domain::sync::commands::RemoveVisitorDetails;
use steward_domain::sync::{Ctx, Mutation};

pub const EVERY: Duration = Duration::from_secs(3600);

/// At most this many visits per sweep: one write transaction stays short, and a backlog
/// (a property's first run of the rule) goes in hourly steps.
const BATCH: usize = 500;

/// Removes the details of the visits past retention by `now`; returns how many.
pub fn sweep(conn: &Connection, now: &Timestamp) -> Result<usize, WriteError> {
    let store = crate::sync::store::SqlStore { conn, version: 0, today: now.local_day() };
    let days = steward_domain::settings::current(&store).map(|s| s.visitors.retention_days).unwrap_or(90);
    // A day more than the rule's own (which counts the property's days): the rule agrees
    // with every visit found, so none is found again and again.
    let cutoff = now.utc() - chrono::Duration::days(i64::from(days) + 1);
    let ids = {
        let mut q = conn.prepare_cached(
            "SELECT id FROM records WHERE kind = 'visit' AND json_extract(body, '$.details_removed') IS NOT 1 \
             AND json_extract(body, '$.time_in') < ?1 \
             AND (json_extract(body, '$.phone') IS NOT NULL OR json_extract(body, '$.id_last4') IS NOT NULL \
                  OR json_extract(body, '$.confirmation.answer.phone') IS NOT NULL) \
             ORDER BY json_extract(body, '$.time_in') LIMIT ?2",
        )?;
        let cutoff = cutoff.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        q.query_map(rusqlite::params![cutoff, BATCH as i64], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?
    };
    let ctx = Ctx::rules(now.clone());
    let mut done = 0;
    for id in ids {
        let m = Mutation::RemoveVisitorDetails(RemoveVisitorDetails { id: id.clone() });
        match write::apply(conn, &m, &ctx, Origin::Server("retention")) {
            Ok(_) => {
                forget_in_the_log(conn, &id)?;
                done += 1
            }
            Err(WriteError::Refused(r)) => tracing::info!(visit = %id, reason = %r.message, "details kept"),
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// The changes that brought the visit's details keep them too (the audit trail of every
/// change): the numbers and ID digits go from those as well, the rest of each change stays.
/// A number called is blanked rather than removed, so the change still reads.
fn forget_in_the_log(conn: &Connection, visit_id: &str) -> Result<(), WriteError> {
    conn.prepare_cached(
        "UPDATE mutation_log SET mutation = json_replace(json_remove(mutation, '$.phone', '$.id_last4', '$.id_type'), \
         '$.answer.answer.phone', '') WHERE name IN ('register_visit', 'confirm_visit') AND json_extract(mutation, '$.id') = ?1",
    )?
    .execute([visit_id])?;
    Ok(())
}

/// Runs [`sweep`] now and every [`EVERY`] for as long as the server runs.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = state.config.now();
            match state.db.write(move |tx| sweep(tx, &now)).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(removed = n, "visitors' details past retention removed"),
                Err(e) => tracing::warn!(error = %e, "the visitors' retention sweep failed"),
            }
        }
    });
}
