//! 月结: a month closed by the manager keeps its figures with a digest of every record they
//! were computed from, chained to the month closed before (like the duty log). Opening it
//! later recomputes both: whether anything changed since (a late or corrected record), which
//! figures moved and by how much, and which records did it.

use super::tickets::TicketFigures;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Each record a month's figures read, by `ticket id/record id`, with the SHA-256 of its
/// body as stored (a ticket's timeline entries under the ticket's id).
pub type Fingerprints = BTreeMap<String, String>;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn fingerprint(body: &str) -> String {
    hex(&Sha256::digest(body.as_bytes()))
}

/// One hash over every fingerprint, in order.
pub fn digest(prints: &Fingerprints) -> String {
    let mut h = Sha256::new();
    for (k, v) in prints {
        h.update(k.as_bytes());
        h.update(b" ");
        h.update(v.as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

/// The closure's link: the previous closure's hash, the month, its figures (as stored) and
/// their digest.
pub fn link(prev: &str, month: &str, figures: &str, digest: &str) -> String {
    crate::log_chain::link_hash(prev, 0, month, &format!("{digest}\n{figures}"))
}

/// A closed month as it was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedMonth {
    pub month: String,
    pub closed_by: String,
    pub closed_at: crate::clock::Timestamp,
    pub digest: String,
    pub hash: String,
    pub figures: TicketFigures,
}

/// A figure that is not what it was at the close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    pub key: String,
    pub then: String,
    pub now: String,
}

/// A closed month opened again: what changed since it was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SinceClose {
    pub closed: ClosedMonth,
    /// The records read now have the digest the close kept.
    pub unchanged: bool,
    pub moved: Vec<Moved>,
    /// The tickets whose records were added, changed or removed since.
    pub tickets: Vec<String>,
}

/// Each figure as one comparable text (`19/20`, a count, fees).
fn texts(f: &TicketFigures) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert("received".to_string(), f.received.to_string());
    for r in &f.rates {
        out.insert(r.key.clone(), format!("{}/{}", r.met, r.counted));
    }
    for s in &f.shares {
        out.insert(s.key.clone(), format!("{}/{}", s.part, s.whole));
    }
    out.insert("escalated".into(), f.escalated.count.to_string());
    out.insert(
        "paid".into(),
        format!("{} · {} · {}", f.paid.completed, f.paid.labour_fee, f.paid.material_fee),
    );
    out
}

/// What moved between the close and now, and which tickets' records did it.
pub fn since(
    closed: ClosedMonth,
    then: &Fingerprints,
    now_figures: &TicketFigures,
    now: &Fingerprints,
) -> SinceClose {
    let (a, b) = (texts(&closed.figures), texts(now_figures));
    let moved = a
        .iter()
        .filter(|&(k, v)| b.get(k) != Some(v))
        .map(|(k, v)| Moved { key: k.clone(), then: v.clone(), now: b.get(k).cloned().unwrap_or_default() })
        .collect();
    let mut tickets: Vec<String> = then
        .keys()
        .chain(now.keys())
        .filter(|k| then.get(*k) != now.get(*k))
        .filter_map(|k| k.split('/').next().map(str::to_string))
        .collect();
    tickets.sort();
    tickets.dedup();
    SinceClose { unchanged: digest(now) == closed.digest, closed, moved, tickets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_after_the_close_is_named_with_its_ticket_and_the_figure_it_moved() {
        let nov = super::super::Period::month("2026-11").unwrap();
        let now: chrono::DateTime<chrono::Utc> = "2026-12-01T02:00:00Z".parse().unwrap();
        let figures = super::super::tickets::figures(nov, &[], now);
        let then: Fingerprints =
            [("t1/t1".to_string(), fingerprint("a")), ("t1/e1".to_string(), fingerprint("b"))].into();
        let closed = ClosedMonth {
            month: "2026-11".into(),
            closed_by: "张伟".into(),
            closed_at: "2026-12-01T02:00:00Z".parse().unwrap(),
            digest: digest(&then),
            hash: String::new(),
            figures: figures.clone(),
        };
        let same = since(closed.clone(), &then, &figures, &then);
        assert!(same.unchanged && same.moved.is_empty() && same.tickets.is_empty());
        let mut later = then.clone();
        later.insert("t2/e9".into(), fingerprint("late"));
        let mut moved_figures = figures.clone();
        moved_figures.received = 1;
        let changed = since(closed, &then, &moved_figures, &later);
        assert!(!changed.unchanged);
        assert_eq!(changed.tickets, vec!["t2".to_string()]);
        assert_eq!(changed.moved, vec![Moved { key: "received".into(), then: "0".into(), now: "1".into() }]);
        assert_ne!(
            link("", "2026-11", "{}", "d"),
            link("", "2026-11", "{}", "e"),
            "the link seals the digest"
        );
    }
}
