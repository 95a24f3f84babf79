//! What the outgoing person's screen lists as open, from the tablet's records: the tickets
//! this shift took that are not closed, major and urgent tickets, keys out, notices due and
//! public-area repairs waiting, visitors not signed out, and what waits at the desk.

use super::record::{OpenItem, OpenKind};
use super::rules::{loan_label, ticket_label};
use crate::clock::Timestamp;
use crate::decoration::record::RectificationNotice;
use crate::decoration::violation::NoticeStatus;
use crate::keys::record::{KeyLoan, LoanStatus};
use crate::shift::ShiftWindow;
use crate::ticket::record::Ticket;
use crate::ticket::{RepairScope, TicketKind};

pub struct Records<'a> {
    pub tickets: &'a [(String, Ticket)],
    pub loans: &'a [(String, KeyLoan)],
    pub notices: &'a [(String, RectificationNotice)],
    pub visits: &'a [(String, crate::visit::Visit)],
    pub items: &'a [(String, crate::deposit::record::DeskItem)],
}

fn item(kind: OpenKind, id: &str, label: String) -> OpenItem {
    OpenItem { kind, id: id.to_string(), label }
}

/// Each record once, under the first heading it falls under.
pub fn open_items(r: &Records, shift: &ShiftWindow, now: &Timestamp) -> Vec<OpenItem> {
    let mut items = Vec::new();
    let open = |t: &Ticket| crate::ticket::query::is_open(t);
    for (id, t) in r.tickets {
        let taken = t.created_at >= shift.start && t.created_at < shift.end;
        let kind = if t.urgency.escalates() && open(t) {
            Some(OpenKind::MajorTicket)
        } else if taken && open(t) {
            Some(OpenKind::ShiftTicket)
        } else if t.kind == TicketKind::Repair
            && t.scope == Some(RepairScope::Public)
            && crate::ticket::lifecycle::work_open(t.status)
        {
            Some(OpenKind::PublicRepair)
        } else {
            None
        };
        if let Some(kind) = kind {
            items.push(item(kind, id, ticket_label(t)));
        }
    }
    for (id, l) in r.loans.iter().filter(|(_, l)| l.status == LoanStatus::Out) {
        let late = if crate::keys::rules::is_overdue(l, now) { "（超时）" } else { "" };
        items.push(item(OpenKind::KeyOut, id, format!("{}{late}", loan_label(l))));
    }
    let today = now.local_day();
    for (id, n) in r.notices.iter().filter(|(_, n)| n.status == NoticeStatus::Open) {
        if crate::clock::local_day(&n.deadline).is_some_and(|d| d <= today) {
            items.push(item(OpenKind::NoticeDue, id, format!("{} 整改通知书", n.unit)));
        }
    }
    // Whoever is still in the building is the incoming shift's to sign out.
    for (id, v) in r.visits.iter().filter(|(_, v)| v.still_here()) {
        items.push(item(OpenKind::VisitorInside, id, v.label()));
    }
    // 未派发的信件报刊 and deposits: counted at every handover, the long-waiting flagged.
    for (id, d) in r.items.iter().filter(|(_, d)| d.at_the_desk()) {
        let late =
            if d.flagged(today) { format!("（已 {} 天）", d.days_waiting(today)) } else { String::new() };
        items.push(item(OpenKind::ItemWaiting, id, format!("{}{late}", d.label())));
    }
    items
}
