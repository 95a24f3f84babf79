//! The user's view as an overlay: the outbox's writes over the confirmed records, which
//! are read in place. A device holding 20,000 tickets and their timelines replays a
//! handful of pending mutations without copying everything it holds.

use crate::Confirmed;
use serde_json::Value;
use std::collections::BTreeMap;
use steward_domain::sync::Kind;
use steward_domain::sync::store::{Store, StoreError, Stored, ids_with_writes, matches};

pub struct Overlay<'a> {
    base: &'a Confirmed,
    /// `None`: deleted on this device.
    pub(crate) writes: BTreeMap<(Kind, String), Option<Value>>,
    /// The unit register this device keeps, if it has one.
    register: Option<&'a std::collections::BTreeSet<String>>,
}

/// One record as the user sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen<'a> {
    pub id: &'a str,
    pub body: &'a Value,
    /// The server's version of a confirmed record; 0 for one changed on this device. A
    /// screen may keep what it derived from a record while its version stays the same.
    pub version: u64,
    /// Changed on this device and not yet confirmed.
    pub pending: bool,
}

impl<'a> Overlay<'a> {
    pub fn new(base: &'a Confirmed) -> Self {
        Overlay { base, writes: BTreeMap::new(), register: None }
    }

    /// The same view, checking units against `register`.
    pub fn with_register(mut self, register: Option<&'a std::collections::BTreeSet<String>>) -> Self {
        self.register = register;
        self
    }

    /// Every record of `kind` as the user sees it, in id order.
    pub fn records(&self, kind: Kind) -> Vec<Seen<'_>> {
        let range = (kind, String::new())..;
        let mut out: Vec<Seen<'_>> = Vec::new();
        let mut written = self.writes.range(range.clone()).take_while(|((k, _), _)| *k == kind).peekable();
        for ((_, id), (version, body)) in self.base.range(range).take_while(|((k, _), _)| *k == kind) {
            // Records only on this device that sort before this one.
            while let Some(((_, wid), w)) = written.next_if(|((_, wid), _)| wid < id) {
                if let Some(body) = w {
                    out.push(Seen { id: wid, body, version: 0, pending: true });
                }
            }
            match written.next_if(|((_, wid), _)| wid == id) {
                Some((_, Some(w))) => out.push(Seen { id, body: w, version: 0, pending: w != body }),
                Some((_, None)) => {}
                None => out.push(Seen { id, body, version: *version, pending: false }),
            }
        }
        out.extend(
            written.filter_map(|((_, id), w)| {
                w.as_ref().map(|body| Seen { id, body, version: 0, pending: true })
            }),
        );
        out
    }
}

impl Store for Overlay<'_> {
    fn get(&self, kind: Kind, id: &str) -> Result<Option<Stored>, StoreError> {
        let key = (kind, id.to_string());
        Ok(match self.writes.get(&key) {
            Some(Some(body)) => Some(Stored { version: 0, body: body.clone() }),
            Some(None) => None,
            None => {
                self.base.get(&key).map(|(version, body)| Stored { version: *version, body: body.clone() })
            }
        })
    }
    fn put(&mut self, kind: Kind, id: &str, body: Value) -> Result<(), StoreError> {
        self.writes.insert((kind, id.to_string()), Some(body));
        Ok(())
    }
    fn delete(&mut self, kind: Kind, id: &str) -> Result<(), StoreError> {
        self.writes.insert((kind, id.to_string()), None);
        Ok(())
    }
    fn next_sequence(&mut self, _name: &str) -> Result<Option<u64>, StoreError> {
        // Numbers are given by the server.
        Ok(None)
    }
    fn unit_registered(&self, unit: &str) -> Result<Option<bool>, StoreError> {
        Ok(self.register.map(|r| r.contains(unit)))
    }
    fn building_registered(&self, building: &str) -> Result<Option<bool>, StoreError> {
        Ok(self.register.map(|r| r.iter().any(|u| steward_domain::coverage::building_of(u) == building)))
    }
    fn ids_where(
        &self,
        kind: Kind,
        field: steward_domain::sync::store::Indexed,
        value: &str,
    ) -> Result<Vec<String>, StoreError> {
        field.check(kind)?;
        let range = (kind, String::new())..;
        let base = self
            .base
            .range(range)
            .take_while(|((k, _), _)| *k == kind)
            .filter(|(_, (_, body))| matches(body, field, value))
            .map(|((_, id), _)| id.clone())
            .collect();
        Ok(ids_with_writes(base, &self.writes, kind, field, value))
    }
}
