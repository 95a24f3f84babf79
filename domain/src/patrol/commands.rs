//! A walked patrol as a command: its checklist as answered, and what it raises (a notice,
//! repair tickets), handed to the rules in [`super::apply`].

use super::apply::{NewPatrol, PatrolNotice, PatrolTicket, record_patrol};
use super::subject::PatrolSubject;
use crate::apply::{Applied, ApplyError, Command, Ctx};
use crate::decoration::checklist::{ChecklistItem, ItemResult};
use crate::sync::{Kind, Store};
use serde::{Deserialize, Serialize};

/// A patrol's checklist (a decoration, a route, a vacant unit); a decoration's failures
/// raise a notice, and any failure may raise a repair ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordPatrol {
    pub id: String,
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub subject: PatrolSubject,
    /// The checklist as walked (empty: the plan's).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub checklist: Vec<ChecklistItem>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub results: Vec<ItemResult>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub notice: Option<PatrolNotice>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub tickets: Vec<PatrolTicket>,
}

impl Command for RecordPatrol {
    crate::apply::about_record!(Kind::Patrol);
    fn new_ids(&self) -> Vec<&str> {
        let tickets = self.tickets.iter().flat_map(|t| [&t.ticket_id, &t.event_id, &t.photos_event_id]);
        tickets.chain(self.notice.as_ref().map(|n| &n.id)).map(String::as_str).collect()
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let patrol = NewPatrol {
            subject: &self.subject,
            checklist: &self.checklist,
            results: &self.results,
            notice: self.notice.as_ref(),
            tickets: &self.tickets,
        };
        record_patrol(store, ctx, &self.id, patrol)?;
        Ok(Applied::Done)
    }
}
