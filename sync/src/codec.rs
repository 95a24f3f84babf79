//! How a device writes and reads the mutations of its outbox (stored in IndexedDB, pushed to
//! the server): the domain's own serde, reached through a function handed in. The web app's
//! shell then holds none of the readers and writers of the sixty-odd changes (a sixth of
//! it); they come with the rules' chunk (`app/src/sync/rules.rs`), which the device fetches
//! before it reads an outbox that holds anything. Native builds start with them. The JSON
//! is the same either way: `{"id": …, "mutation": {"name": …, …}}`.

use serde::de::Error as _;
use serde::ser::{Error as _, SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serializer};
use serde_json::Value;
use std::sync::OnceLock;
use steward_domain::sync::Mutation;
use steward_domain::sync::protocol::{Numbered, PushRequest};

/// A mutation to JSON and back.
#[derive(Clone, Copy)]
pub struct Codec {
    pub write: fn(&Mutation) -> Result<Value, String>,
    pub read: fn(Value) -> Result<Mutation, String>,
}

/// The domain's serde: what the rules' chunk hands in, and what native builds start with.
pub fn domain() -> Codec {
    fn write(m: &Mutation) -> Result<Value, String> {
        serde_json::to_value(m).map_err(|e| e.to_string())
    }
    fn read(v: Value) -> Result<Mutation, String> {
        steward_domain::sync::mutation::either_form(v).map_err(|e| e.to_string())
    }
    Codec { write, read }
}

static HANDED_IN: OnceLock<Codec> = OnceLock::new();

/// Hands the device its codec (once; later calls change nothing).
pub fn set(codec: Codec) {
    let _ = HANDED_IN.set(codec);
}

/// Whether mutations can be written and read here yet.
pub fn ready() -> bool {
    current().is_some()
}

fn current() -> Option<Codec> {
    #[cfg(not(target_arch = "wasm32"))]
    if HANDED_IN.get().is_none() {
        return Some(domain());
    }
    HANDED_IN.get().copied()
}

const NOT_READY: &str = "the rules (which read and write changes) have not loaded on this device yet";

/// The JSON of `request`, as the server reads a push.
pub fn push_json(request: &PushRequest) -> Result<Value, String> {
    let codec = current().ok_or(NOT_READY)?;
    let mutations = request
        .mutations
        .iter()
        .map(|n| Ok(serde_json::json!({ "id": n.id, "mutation": (codec.write)(&n.mutation)? })))
        .collect::<Result<Vec<Value>, String>>()?;
    Ok(serde_json::json!({ "client_id": request.client_id, "mutations": mutations }))
}

/// `#[serde(with = "codec::one")]` on a `Mutation` field.
pub mod one {
    use super::*;
    use serde::Serialize;

    pub fn serialize<S: Serializer>(m: &Mutation, s: S) -> Result<S::Ok, S::Error> {
        let codec = current().ok_or_else(|| S::Error::custom(NOT_READY))?;
        (codec.write)(m).map_err(S::Error::custom)?.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Mutation, D::Error> {
        let v = Value::deserialize(d)?;
        let codec = current().ok_or_else(|| D::Error::custom(NOT_READY))?;
        (codec.read)(v).map_err(D::Error::custom)
    }
}

/// `#[serde(with = "codec::numbered")]` on a `Vec<Numbered>` (the outbox).
pub mod numbered {
    use super::*;

    pub fn serialize<S: Serializer>(list: &[Numbered], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(list.len()))?;
        for n in list {
            seq.serialize_element(&Entry(n))?;
        }
        seq.end()
    }

    struct Entry<'a>(&'a Numbered);

    impl serde::Serialize for Entry<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(2))?;
            map.serialize_entry("id", &self.0.id)?;
            map.serialize_entry("mutation", &Written(&self.0.mutation))?;
            map.end()
        }
    }

    struct Written<'a>(&'a Mutation);

    impl serde::Serialize for Written<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            super::one::serialize(self.0, s)
        }
    }

    #[derive(Deserialize)]
    struct Stored {
        id: u64,
        #[serde(with = "super::one")]
        mutation: Mutation,
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Numbered>, D::Error> {
        let list = Vec::<Stored>::deserialize(d)?;
        Ok(list.into_iter().map(|s| Numbered { id: s.id, mutation: s.mutation }).collect())
    }
}
