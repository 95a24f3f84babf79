//! The rules' own clock: every minute the open tickets are checked against their time
//! limits (the domain's [`overdue`]), and each deadline passed is escalated once — a step
//! on the ticket's timeline, through the one write path, so every device pulls it and the
//! supervisor's and the department's 升级事项 list it.

use crate::db::open_tickets;
use crate::state::AppState;
use crate::sync::write::{self, Origin, WriteError};
use rusqlite::Connection;
use std::time::Duration;
use steward_domain::clock::Timestamp;
use steward_domain::sync::{Ctx, Mutation};
use steward_domain::ticket::commands::EscalateTicket;
use steward_domain::ticket::overdue;

/// How often the clocks are looked at: the arrival limit is 20 minutes, so a minute late is
/// the most an escalation waits.
pub const EVERY: Duration = Duration::from_secs(60);

/// Escalates every deadline passed by `now` and not yet escalated; returns how many. A
/// refusal (the ticket moved on meanwhile) leaves the others to go ahead.
pub fn sweep(conn: &Connection, now: &Timestamp) -> Result<usize, WriteError> {
    let ctx = Ctx::rules(now.clone());
    let mut done = 0;
    for (id, ticket) in open_tickets::under_way(conn)? {
        for breach in overdue::to_escalate(&ticket, now.utc()) {
            let m = Mutation::EscalateTicket(EscalateTicket {
                ticket_id: id.clone(),
                event_id: uuid::Uuid::now_v7().to_string(),
                limit: breach.limit,
                anchor: breach.anchor,
                late_minutes: breach.late_minutes,
            });
            match write::apply(conn, &m, &ctx, Origin::Server("time-limits")) {
                Ok(_) => done += 1,
                Err(WriteError::Refused(r)) => {
                    tracing::info!(ticket = %id, reason = %r.message, "not escalated")
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(done)
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
                Ok(n) => tracing::info!(escalated = n, "time limits passed"),
                Err(e) => tracing::warn!(error = %e, "checking the time limits failed"),
            }
        }
    });
}
