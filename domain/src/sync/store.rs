//! Where mutations read and write records: SQLite on the server, memory on the device.

use super::records::Kind;
use serde_json::Value;
use std::collections::BTreeMap;

/// A failure of the storage itself (not of the mutation): on the server it aborts the
/// batch so the client retries; it is never recorded as the mutation's rejection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("storage failed: {0}")]
pub struct StoreError(pub String);

/// A record as stored: its body and the server version that last wrote it (0 when the
/// change exists only on this device).
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub version: u64,
    pub body: Value,
}

/// The fields records are looked up by ([`Store::ids_where`] in the rules, and the server's
/// own reports and lists), made from one list: each field with the kinds it is looked up in.
/// The server has one partial index per field and kind (`records_by_{kind}_{field}`, from the
/// migrations), so a kind's write pays only for the look-ups of that kind; a server test checks
/// each against the schema. A look-up by a field not listed here does not compile, one in a
/// kind not listed is refused on every store, and one listed without its index fails that test.
macro_rules! indexed {
    ($($variant:ident = $name:literal in [$($kind:ident),+ $(,)?]),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Indexed {
            $($variant),+
        }

        impl Indexed {
            pub const ALL: [Indexed; [$($name),+].len()] = [$(Indexed::$variant),+];

            /// The record's top-level field.
            pub fn name(self) -> &'static str {
                match self {
                    $(Indexed::$variant => $name),+
                }
            }

            /// The kinds the field is looked up in, each with its own index.
            pub fn kinds(self) -> &'static [Kind] {
                match self {
                    $(Indexed::$variant => &[$(Kind::$kind),+]),+
                }
            }

            /// The name of the server's index of this field over `kind`.
            pub fn index_name(self, kind: Kind) -> String {
                format!("records_by_{}_{}", kind.as_str(), self.name())
            }

            /// Refuses a look-up in a kind the field has no index over: on every store, so a
            /// rule that would fail on the server fails in the domain's tests too.
            pub fn check(self, kind: Kind) -> Result<(), StoreError> {
                if self.kinds().contains(&kind) {
                    return Ok(());
                }
                Err(StoreError(format!("{} is looked up in {:?} only, not {kind:?}", self.name(), self.kinds())))
            }
        }
    };
}

indexed! {
    Signs = "signs" in [DutyLogEntry],
    Source = "source" in [DutyLogEntry],
    Unit = "unit" in [ReleaseRestriction, Decoration, ArrearsCase, DoNotAdmit],
    Tag = "tag" in [Key],
    Slot = "slot" in [Key],
    State = "state" in [Key],
    Status = "status" in [Ticket, KeyLoan, Handover, ArrearsCase],
    Urgency = "urgency" in [Ticket],
    CreatedAt = "created_at" in [Ticket],
    TicketId = "ticket_id" in [TicketEvent],
    SlipId = "slip_id" in [GateCheck],
    DeviceId = "device_id" in [DeviceKey],
    Day = "day" in [Handover],
    AnnouncementId = "announcement_id" in [AnnouncementReply],
}

pub trait Store {
    fn get(&self, kind: Kind, id: &str) -> Result<Option<Stored>, StoreError>;
    /// Inserts or replaces; the store assigns the version.
    fn put(&mut self, kind: Kind, id: &str, body: Value) -> Result<(), StoreError>;
    fn delete(&mut self, kind: Kind, id: &str) -> Result<(), StoreError>;
    /// The next number of a named sequence (ticket numbers), or `None` where numbers are
    /// not given out (a device: the server numbers the ticket when it arrives).
    fn next_sequence(&mut self, name: &str) -> Result<Option<u64>, StoreError>;
    /// The ids of the records of `kind` whose top-level field `field` is the string
    /// `value`, in id order: how a rule looks across records (the decorations of a unit).
    /// SQL on the server, the records in memory on the device, so a rule reads the same on
    /// both sides.
    fn ids_where(&self, kind: Kind, field: Indexed, value: &str) -> Result<Vec<String>, StoreError>;
    /// Whether `unit` (a canonical label, `2栋-801`) is in the property's register, or
    /// `None` where this store does not hold the register (a device that never downloaded
    /// it). The server always answers; a device answers from the directory it keeps, so it
    /// refuses offline what the server would refuse.
    fn unit_registered(&self, _unit: &str) -> Result<Option<bool>, StoreError> {
        Ok(None)
    }
    /// Whether `building` (`3栋`) has a unit in the register, or `None` where this store does
    /// not hold the register: a notice or a survey aimed at a building that is not one
    /// would reach no home.
    fn building_registered(&self, _building: &str) -> Result<Option<bool>, StoreError> {
        Ok(None)
    }
    /// Whether this store holds every record there is (the server's): a slip it does not
    /// hold was never issued. A device may simply not have received it yet.
    fn holds_everything(&self) -> bool {
        false
    }
}

/// Whether a record body's `field` is the string `value`.
pub fn matches(body: &Value, field: Indexed, value: &str) -> bool {
    body.get(field.name()).and_then(Value::as_str) == Some(value)
}

/// [`Store::ids_where`] over a base answer and the writes staged over it (`None`: deleted).
pub fn ids_with_writes(
    base: Vec<String>,
    writes: &BTreeMap<(Kind, String), Option<Value>>,
    kind: Kind,
    field: Indexed,
    value: &str,
) -> Vec<String> {
    let mut ids: std::collections::BTreeSet<String> =
        base.into_iter().filter(|id| !writes.contains_key(&(kind, id.clone()))).collect();
    let range = (kind, String::new())..;
    for ((_, id), body) in writes.range(range).take_while(|((k, _), _)| *k == kind) {
        if body.as_ref().is_some_and(|b| matches(b, field, value)) {
            ids.insert(id.clone());
        }
    }
    ids.into_iter().collect()
}

/// Records in memory: the device's view, and the model in tests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemStore {
    pub records: BTreeMap<(Kind, String), Stored>,
    /// The version `put` stamps on records (0 on a device: not yet confirmed).
    pub stamp: u64,
    /// The unit register, where this store holds it.
    pub register: Option<std::collections::BTreeSet<String>>,
    /// Stands for the server's store in tests: it holds every record there is.
    pub complete: bool,
}

impl Store for MemStore {
    fn get(&self, kind: Kind, id: &str) -> Result<Option<Stored>, StoreError> {
        Ok(self.records.get(&(kind, id.to_string())).cloned())
    }
    fn put(&mut self, kind: Kind, id: &str, body: Value) -> Result<(), StoreError> {
        self.records.insert((kind, id.to_string()), Stored { version: self.stamp, body });
        Ok(())
    }
    fn delete(&mut self, kind: Kind, id: &str) -> Result<(), StoreError> {
        self.records.remove(&(kind, id.to_string()));
        Ok(())
    }
    fn next_sequence(&mut self, _name: &str) -> Result<Option<u64>, StoreError> {
        Ok(None)
    }
    fn unit_registered(&self, unit: &str) -> Result<Option<bool>, StoreError> {
        Ok(self.register.as_ref().map(|r| r.contains(unit)))
    }
    fn building_registered(&self, building: &str) -> Result<Option<bool>, StoreError> {
        Ok(self.register.as_ref().map(|r| r.iter().any(|u| crate::coverage::building_of(u) == building)))
    }
    fn holds_everything(&self) -> bool {
        self.complete
    }
    fn ids_where(&self, kind: Kind, field: Indexed, value: &str) -> Result<Vec<String>, StoreError> {
        field.check(kind)?;
        let range = (kind, String::new())..;
        Ok(self
            .records
            .range(range)
            .take_while(|((k, _), _)| *k == kind)
            .filter(|(_, s)| matches(&s.body, field, value))
            .map(|((_, id), _)| id.clone())
            .collect())
    }
}

/// Buffers a mutation's writes over another store and hands them on only when the whole
/// mutation succeeded: a refused mutation leaves the store exactly as it was, on every side.
pub struct Staged<'a> {
    base: &'a mut dyn Store,
    writes: BTreeMap<(Kind, String), Option<Value>>,
}

impl<'a> Staged<'a> {
    pub fn new(base: &'a mut dyn Store) -> Self {
        Staged { base, writes: BTreeMap::new() }
    }

    pub fn commit(self) -> Result<(), StoreError> {
        for ((kind, id), write) in self.writes {
            match write {
                Some(body) => self.base.put(kind, &id, body)?,
                None => self.base.delete(kind, &id)?,
            }
        }
        Ok(())
    }
}

impl Store for Staged<'_> {
    fn get(&self, kind: Kind, id: &str) -> Result<Option<Stored>, StoreError> {
        match self.writes.get(&(kind, id.to_string())) {
            // Staged writes have no version yet; mutations only compare stored versions.
            Some(Some(body)) => Ok(Some(Stored { version: 0, body: body.clone() })),
            Some(None) => Ok(None),
            None => self.base.get(kind, id),
        }
    }
    fn put(&mut self, kind: Kind, id: &str, body: Value) -> Result<(), StoreError> {
        self.writes.insert((kind, id.to_string()), Some(body));
        Ok(())
    }
    fn delete(&mut self, kind: Kind, id: &str) -> Result<(), StoreError> {
        self.writes.insert((kind, id.to_string()), None);
        Ok(())
    }
    fn next_sequence(&mut self, name: &str) -> Result<Option<u64>, StoreError> {
        self.base.next_sequence(name)
    }
    fn ids_where(&self, kind: Kind, field: Indexed, value: &str) -> Result<Vec<String>, StoreError> {
        Ok(ids_with_writes(self.base.ids_where(kind, field, value)?, &self.writes, kind, field, value))
    }
    fn unit_registered(&self, unit: &str) -> Result<Option<bool>, StoreError> {
        self.base.unit_registered(unit)
    }
    fn building_registered(&self, building: &str) -> Result<Option<bool>, StoreError> {
        self.base.building_registered(building)
    }
    fn holds_everything(&self) -> bool {
        self.base.holds_everything()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_writes_reach_the_store_only_on_commit() {
        let mut base = MemStore::default();
        base.put(Kind::Visit, "a", Value::from(1)).unwrap();
        let mut staged = Staged::new(&mut base);
        staged.put(Kind::Visit, "b", Value::from(2)).unwrap();
        staged.delete(Kind::Visit, "a").unwrap();
        assert_eq!(staged.get(Kind::Visit, "a").unwrap(), None);
        assert_eq!(staged.get(Kind::Visit, "b").unwrap().unwrap().body, Value::from(2));
        drop(staged); // a refused mutation: nothing happened
        assert_eq!(base.records.len(), 1);
        let mut staged = Staged::new(&mut base);
        staged.put(Kind::Visit, "b", Value::from(2)).unwrap();
        staged.delete(Kind::Visit, "a").unwrap();
        staged.commit().unwrap();
        assert_eq!(base.records.keys().map(|(_, id)| id.as_str()).collect::<Vec<_>>(), vec!["b"]);
    }

    #[test]
    fn a_query_sees_the_staged_writes_over_the_base() {
        let mut base = MemStore::default();
        for (id, unit) in [("a", "1栋-101"), ("b", "1栋-101"), ("c", "1栋-102")] {
            base.put(Kind::Decoration, id, serde_json::json!({ "unit": unit })).unwrap();
        }
        let mut staged = Staged::new(&mut base);
        staged.put(Kind::Decoration, "d", serde_json::json!({ "unit": "1栋-101" })).unwrap();
        staged.put(Kind::Decoration, "b", serde_json::json!({ "unit": "1栋-103" })).unwrap();
        staged.delete(Kind::Decoration, "a").unwrap();
        assert_eq!(staged.ids_where(Kind::Decoration, Indexed::Unit, "1栋-101").unwrap(), ["d"]);
        assert_eq!(
            staged.ids_where(Kind::ArrearsCase, Indexed::Unit, "1栋-101").unwrap(),
            Vec::<String>::new()
        );
        assert!(
            staged.ids_where(Kind::Visit, Indexed::Unit, "1栋-101").is_err(),
            "visits are not looked up by unit"
        );
    }
}
