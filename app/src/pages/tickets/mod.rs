//! Tickets at the desk and on the departments' phones: the list, the intake form, and a
//! ticket with its receipt, timeline and the next steps the signed-in role may take.

mod actions;
mod detail;
mod intake;
mod list;
mod photos;
mod supervise;

pub use detail::TicketDetail;
pub use intake::Intake;
pub(crate) use intake::draft_from;
pub use list::{ListFilter, TicketList};

pub(crate) use crate::sync_text::refusal_text;

/// A select's value (the wire name) as the domain type.
fn wire<T: serde::de::DeserializeOwned>(s: String) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s)).ok()
}

use crate::clock::new_id as uuid;
