//! The device's half of the working set (issue #24): finished records leave the device once
//! the day they settled falls before the property's working set, records fetched from the
//! server's history are held while the user works on them, and a larger working set is
//! pulled again. The server decides each record's settled day; the domain's [`standing`]
//! says which records go with which.

use crate::{RecordChanges, Replica};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use steward_domain::duty_log::signable;
use steward_domain::sync::Kind;
use steward_domain::sync::protocol::Change;
use steward_domain::sync::working_set::{Standing, standing};

type Key = (Kind, String);

impl Replica {
    /// Takes in the working set a finished pull was cut to (`from`: its first settled day).
    pub(crate) fn hold(&mut self, from: Option<NaiveDate>) -> RecordChanges {
        let held = self.state.held_from;
        let grew = held.is_some_and(|h| from.is_none_or(|f| f < h));
        if grew {
            // Records settled between the new first day and the old one were never sent to
            // this device: pull everything again (what it holds is overwritten, not dropped).
            self.state.held_from = from;
            self.state.cursor = None;
            return RecordChanges::default();
        }
        let Some(from) = from else { return RecordChanges::default() };
        // Nothing leaves while a change of this device waits: its view replays the outbox
        // over these records, and a change must never lose what it was made on.
        if !self.state.pending.is_empty() {
            return RecordChanges::default();
        }
        if !self.state.dated {
            return self.relearn(from);
        }
        if held.is_some_and(|h| h >= from) {
            return RecordChanges::default();
        }
        self.state.held_from = Some(from);
        let removals = self.leaving(from);
        for key in &removals {
            self.confirmed.remove(key);
            self.settled.remove(key);
        }
        RecordChanges { removals, ..Default::default() }
    }

    /// Stored before devices kept records' days: everything is pulled again over what the
    /// device holds, noting what comes; at the end of that pull what did not come again is
    /// outside the working set (or gone) and leaves. Pulled again if the device was closed
    /// half way (what came before is not known).
    fn relearn(&mut self, from: NaiveDate) -> RecordChanges {
        let Some(seen) = self.seen.take() else {
            self.seen = Some(BTreeSet::new());
            self.state.cursor = None;
            return RecordChanges::default();
        };
        let keep = self.keep();
        let removals: Vec<Key> = self
            .confirmed
            .keys()
            .filter(|key| !seen.contains(*key) && !keep.contains(*key))
            .cloned()
            .collect();
        for key in &removals {
            self.confirmed.remove(key);
            self.settled.remove(key);
        }
        self.state.dated = true;
        self.state.held_from = Some(from);
        RecordChanges { removals, ..Default::default() }
    }

    /// What stays however old: records fetched this session and what a refused change
    /// (waiting for the user) is about.
    fn keep(&self) -> BTreeSet<Key> {
        let mut keep: BTreeSet<Key> = self.kept.clone();
        keep.extend(
            self.state.attention.iter().map(|a| (a.mutation.kind(), a.mutation.record_id().to_string())),
        );
        keep
    }

    /// The records that leave when the working set starts at `from`: settled before it,
    /// with what follows them (a ticket's timeline leaves with the ticket). Kept: records
    /// fetched this session, what a refused change (waiting for the user) is about, and
    /// what follows those.
    fn leaving(&self, from: NaiveDate) -> Vec<Key> {
        let keep = self.keep();
        let parent = |key: &Key, body| match standing(key.0, body) {
            Standing::Follows(kind, id) => Some((kind, id)),
            _ => None,
        };
        let body = |key: &Key| self.confirmed.get(key).map(|(_, b)| b);
        let mut gone: BTreeSet<Key> = self
            .settled
            .iter()
            .filter(|(key, day)| **day < from && !keep.contains(*key))
            .filter(|(key, _)| !body(key).and_then(|b| parent(key, b)).is_some_and(|p| keep.contains(&p)))
            .map(|(key, _)| key.clone())
            .collect();
        // Followers are dated when written; a ticket closed later dates them only on the
        // server. They go with their record.
        let followers: Vec<Key> = self
            .confirmed
            .iter()
            .filter(|(key, (_, b))| parent(key, b).is_some_and(|p| gone.contains(&p)))
            .map(|(key, _)| key.clone())
            .collect();
        gone.extend(followers);
        // A duty-log line sent while its day was unsigned is dated on the server when the day
        // is signed off: the device sees the sign-off and lets the line go by the same rule.
        let signed: BTreeSet<NaiveDate> = self
            .confirmed
            .range((Kind::DutyLogEntry, String::new())..)
            .take_while(|((kind, _), _)| *kind == Kind::DutyLogEntry)
            .filter_map(|(_, (_, b))| b.get("signs")?.as_str()?.parse().ok())
            .collect();
        let lines: Vec<Key> = self
            .confirmed
            .range((Kind::DutyLogEntry, String::new())..)
            .take_while(|((kind, _), _)| *kind == Kind::DutyLogEntry)
            .filter(|(key, (_, b))| {
                // A day a year before the set's first day can no longer be signed at all.
                matches!(standing(key.0, b), Standing::UntilSigned(day)
                    if day < from && (signed.contains(&day) || !signable(day, from)))
                    && !keep.contains(*key)
            })
            .map(|(key, _)| key.clone())
            .collect();
        gone.extend(lines);
        gone.into_iter().collect()
    }

    /// Takes in records fetched from the server's history (older than the working set):
    /// held until the device is next opened, and never over a newer copy it holds.
    pub fn adopt(&mut self, changes: Vec<Change>) -> RecordChanges {
        let mut adopted = RecordChanges::default();
        for change in changes {
            let (Some(body), Some(text)) = (change.body_value(), change.body.clone()) else { continue };
            let key = (change.kind, change.id);
            if self.confirmed.get(&key).is_some_and(|(v, _)| *v >= change.version) {
                self.kept.insert(key);
                continue;
            }
            self.confirmed.insert(key.clone(), (change.version, body));
            match change.settled_on {
                Some(day) => self.settled.insert(key.clone(), day),
                None => self.settled.remove(&key),
            };
            self.kept.insert(key.clone());
            adopted.upserts.push((key, (change.version, text.into(), change.settled_on)));
        }
        adopted
    }

    /// The server has this device's changes up to `last`: those about records fetched from
    /// the history are to be fetched again, or the device would show them as they were.
    pub(crate) fn note_changed_history(&mut self, last: u64) {
        let reached = self.state.pending.iter().filter(|m| m.id <= last);
        let keys: Vec<Key> = reached
            .map(|m| (m.mutation.kind(), m.mutation.record_id().to_string()))
            .filter(|key| self.kept.contains(key))
            .collect();
        self.refetch.extend(keys);
    }

    /// Records fetched from the history that this device has changed since: ask the server
    /// for them again (`OlderRequest::ids`) and [`Replica::adopt`] what comes.
    pub fn take_refetch(&mut self) -> Vec<Key> {
        std::mem::take(&mut self.refetch).into_iter().collect()
    }

    /// The settled days of the records held (stored beside them).
    pub fn settled(&self) -> &crate::Settled {
        &self.settled
    }
}

#[cfg(test)]
mod tests {
    use crate::Replica;
    use chrono::NaiveDate;
    use steward_domain::sync::protocol::{Change, PullResponse};
    use steward_domain::sync::{Ctx, Kind};

    const CLOSED: &str = "0190f5c2-7d1a-7000-8000-0000000000c1";
    const OPEN: &str = "0190f5c2-7d1a-7000-8000-0000000000c2";
    const STEP: &str = "0190f5c2-7d1a-7000-8000-0000000000e1";

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn change(
        kind: Kind,
        id: &str,
        version: u64,
        body: serde_json::Value,
        settled: Option<NaiveDate>,
    ) -> Change {
        let body = serde_json::value::RawValue::from_string(body.to_string()).unwrap();
        Change { kind, id: id.into(), version, body: Some(body), settled_on: settled }
    }

    fn page(changes: Vec<Change>, held_from: Option<NaiveDate>) -> PullResponse {
        PullResponse {
            reset: false,
            changes,
            cursor: "e.1..".into(),
            more: false,
            last_mutation_id: 0,
            outcomes: vec![],
            held_from,
        }
    }

    /// A desk tablet that holds an open ticket and one closed on the 2nd, whose timeline
    /// step came while it was open (undated on the device).
    fn desk() -> Replica {
        let mut r = Replica::new("dev");
        r.apply_pull(page(
            vec![
                change(Kind::TicketEvent, STEP, 1, serde_json::json!({ "ticket_id": CLOSED }), None),
                change(Kind::Ticket, OPEN, 2, serde_json::json!({ "status": "accepted" }), None),
                change(Kind::Ticket, CLOSED, 3, serde_json::json!({ "status": "closed" }), Some(day(2))),
            ],
            Some(day(1)),
        ));
        r
    }

    fn holds(r: &Replica, kind: Kind, id: &str) -> bool {
        r.confirmed_body(kind, id).is_some()
    }

    fn ctx() -> Ctx {
        Ctx {
            user_id: 1,
            user_name: "王小红".into(),
            role: steward_domain::Role::Receptionist,
            now: "2026-11-22T10:00:00Z".parse().unwrap(),
            by_owner: false,
        }
    }

    #[test]
    fn a_record_settled_before_the_working_set_leaves_with_its_timeline() {
        let mut r = desk();
        assert!(holds(&r, Kind::Ticket, CLOSED), "settled on the 2nd, held from the 1st");
        let left = r.apply_pull(page(vec![], Some(day(3))));
        assert_eq!(left.removals.len(), 2, "{left:?}");
        assert!(!holds(&r, Kind::Ticket, CLOSED) && !holds(&r, Kind::TicketEvent, STEP));
        assert!(holds(&r, Kind::Ticket, OPEN), "open work stays however old");
        assert_eq!(r.held_from(), Some(day(3)));
        assert!(!r.pulls_again());
    }

    #[test]
    fn nothing_leaves_while_a_change_of_this_device_waits() {
        let mut r = desk();
        let visit = steward_domain::sync::commands::RegisterVisit {
            id: "0190f5c2-7d1a-7000-8000-00000000000a".into(),
            visitor_name: "韩梅梅".into(),
            unit: "2栋-801".into(),
            purpose: "送货".into(),
            ..Default::default()
        };
        r.mutate(steward_domain::sync::Mutation::RegisterVisit(visit), &ctx()).unwrap();
        let left = r.apply_pull(page(vec![], Some(day(3))));
        assert!(left.removals.is_empty() && holds(&r, Kind::Ticket, CLOSED));
        assert_eq!(r.held_from(), Some(day(1)), "still holds from the 1st");
        // The server took the change: now it goes.
        let mut sent = page(vec![], Some(day(3)));
        sent.last_mutation_id = 1;
        let left = r.apply_pull(sent);
        assert_eq!(left.removals.len(), 2);
    }

    #[test]
    fn a_record_fetched_from_the_history_stays_while_the_device_is_open() {
        let mut r = desk();
        let old = "0190f5c2-7d1a-7000-8000-0000000000c3";
        let fetched = r.adopt(vec![
            change(Kind::Ticket, old, 9, serde_json::json!({ "status": "closed" }), Some(day(1))),
            change(Kind::TicketEvent, STEP, 1, serde_json::json!({ "ticket_id": CLOSED }), None),
        ]);
        assert_eq!(fetched.upserts.len(), 1, "a copy held already is not written again");
        r.adopt(vec![change(
            Kind::Ticket,
            CLOSED,
            3,
            serde_json::json!({ "status": "closed" }),
            Some(day(2)),
        )]);
        let left = r.apply_pull(page(vec![], Some(day(5))));
        assert!(left.removals.is_empty(), "{left:?}");
        assert!(holds(&r, Kind::Ticket, old) && holds(&r, Kind::TicketEvent, STEP));
    }

    /// A log line stays while its day is unsigned (the supervisor's to-do), and goes once
    /// the device sees the day's sign-off, though the server dated it without sending it again.
    #[test]
    fn a_duty_log_line_waits_for_its_day_to_be_signed() {
        let line = "0190f5c2-7d1a-7000-8000-0000000000d1";
        let sign = "0190f5c2-7d1a-7000-8000-0000000000d2";
        let mut r = Replica::new("dev");
        let body = serde_json::json!({ "written_at": "2026-11-01T02:00:00Z", "text": "巡视正常" });
        r.apply_pull(page(vec![change(Kind::DutyLogEntry, line, 1, body, None)], Some(day(1))));
        let left = r.apply_pull(page(vec![], Some(day(20))));
        assert!(left.removals.is_empty() && holds(&r, Kind::DutyLogEntry, line), "its day is not signed");
        let signs = serde_json::json!({ "written_at": "2026-11-21T02:00:00Z", "signs": "2026-11-01" });
        let left = r.apply_pull(page(vec![change(Kind::DutyLogEntry, sign, 2, signs, None)], Some(day(21))));
        assert_eq!(left.removals, vec![(Kind::DutyLogEntry, line.to_string())]);
        assert!(holds(&r, Kind::DutyLogEntry, sign), "the sign-off stays");
        // A day more than a year before the set can no longer be signed: its lines go unsigned.
        let ancient = serde_json::json!({ "written_at": "2025-10-01T02:00:00Z", "text": "旧记录" });
        r.apply_pull(page(vec![change(Kind::DutyLogEntry, line, 3, ancient, None)], Some(day(21))));
        assert!(holds(&r, Kind::DutyLogEntry, line), "held until the set next moves on");
        let later = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let left = r.apply_pull(page(vec![], Some(later)));
        assert_eq!(left.removals, vec![(Kind::DutyLogEntry, line.to_string())]);
    }

    /// A ticket fetched from the history and changed here: once the server has the change, the
    /// device asks for the ticket again (pulls do not bring it: it settled before the set).
    #[test]
    fn a_changed_record_from_the_history_is_fetched_again() {
        let mut r = desk();
        let old = "0190f5c2-7d1a-7000-8000-0000000000c4";
        r.adopt(vec![change(Kind::Ticket, old, 9, serde_json::json!({ "status": "closed" }), Some(day(1)))]);
        let archive =
            steward_domain::sync::Mutation::ActOnTicket(steward_domain::sync::commands::ActOnTicket {
                ticket_id: old.into(),
                event_id: "0190f5c2-7d1a-7000-8000-0000000000e9".into(),
                action: steward_domain::ticket::lifecycle::Action::Archive,
                note: None,
            });
        // Queued as the device queues it (the bare body here would not take the rules).
        r.state.pending.push(steward_domain::sync::protocol::Numbered { id: 1, mutation: archive });
        r.state.next_id = 2;
        assert!(r.take_refetch().is_empty());
        let mut sent = page(vec![], Some(day(1)));
        sent.last_mutation_id = r.pending()[0].id;
        r.apply_pull(sent);
        assert_eq!(r.take_refetch(), vec![(Kind::Ticket, old.to_string())]);
        assert!(r.take_refetch().is_empty(), "asked once");
    }

    #[test]
    fn a_larger_working_set_is_pulled_again_and_nothing_is_dropped() {
        let mut r = desk();
        let again = r.apply_pull(page(vec![], None));
        assert_eq!(again, Default::default());
        assert!(r.pulls_again());
        assert_eq!(r.held_from(), None);
        assert!(holds(&r, Kind::Ticket, CLOSED));
    }

    #[test]
    fn a_device_stored_before_working_sets_pulls_again_over_what_it_holds() {
        let r = desk();
        let mut state = serde_json::to_value(r.state()).unwrap();
        let fields = state.as_object_mut().unwrap();
        fields.remove("dated");
        fields.remove("held_from");
        let mut r = Replica::restore(
            serde_json::from_value(state).unwrap(),
            r.confirmed().clone(),
            Default::default(),
        );
        let changes = r.apply_pull(page(vec![], Some(day(3))));
        assert_eq!(changes, Default::default(), "nothing dropped before it comes again");
        assert!(r.pulls_again() && r.confirmed().len() == 3);
        // Pulled again: the open ticket comes with its day (none), the closed one does not
        // (settled before the set) and leaves with its timeline.
        let open = change(Kind::Ticket, OPEN, 2, serde_json::json!({ "status": "accepted" }), None);
        let changes = r.apply_pull(page(vec![open], Some(day(3))));
        assert_eq!(changes.removals.len(), 2, "{changes:?}");
        assert!(holds(&r, Kind::Ticket, OPEN) && !holds(&r, Kind::Ticket, CLOSED));
        assert!(!r.pulls_again());
        assert_eq!(r.held_from(), Some(day(3)));
    }

    /// Closed half way through pulling again: what came before is not known, so it starts over.
    #[test]
    fn pulling_again_interrupted_starts_over() {
        let r = desk();
        let mut state = serde_json::to_value(r.state()).unwrap();
        state.as_object_mut().unwrap().remove("dated");
        let mut r = Replica::restore(
            serde_json::from_value(state.clone()).unwrap(),
            r.confirmed().clone(),
            Default::default(),
        );
        r.apply_pull(page(vec![], Some(day(3))));
        let reopened = Replica::restore(r.state().clone(), r.confirmed().clone(), Default::default());
        let mut r = reopened;
        let changes = r.apply_pull(page(vec![], Some(day(3))));
        assert!(changes.removals.is_empty() && r.pulls_again() && r.confirmed().len() == 3);
    }
}
