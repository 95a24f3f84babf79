//! The duty log's hash chain (值班日志不得涂改): the server gives each entry its place, the
//! SHA-256 of the previous link, the place, the entry's id and its canonical bytes (the body
//! as stored: JSON with sorted keys). Changing, removing or slipping in an entry breaks the
//! chain from that entry on; [`verify`] names the first broken one.

use sha2::{Digest, Sha256};

/// The link before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of entry `seq` (`id`, stored as `body`) after the link `prev`.
pub fn link_hash(prev: &str, seq: u64, id: &str, body: &str) -> String {
    let mut h = Sha256::new();
    for part in
        [prev.as_bytes(), b"\n", seq.to_string().as_bytes(), b"\n", id.as_bytes(), b"\n", body.as_bytes()]
    {
        h.update(part);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One link as the database holds it, with the entry's body as stored now (`None`: the
/// entry is gone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub seq: u64,
    pub id: String,
    pub prev_hash: String,
    pub hash: String,
    pub body: Option<String>,
}

/// What is wrong at the first broken place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Break {
    /// A place in the chain is missing (a link was removed).
    Gap,
    /// The entry of this place is no longer in the log (removed).
    EntryMissing,
    /// The entry's bytes are not those that were chained (altered).
    Altered,
    /// The link does not follow the one before it (links rewritten or reordered).
    Unlinked,
    /// An entry that never got a place (slipped in around the server).
    Unchained,
}

/// The chain's state: how many entries it holds and how far it is intact.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verdict {
    pub entries: u64,
    /// Every entry up to this place (counted from 1) is as it was written.
    pub intact_up_to: u64,
    /// The first broken place, its entry's id and what is wrong.
    pub broken: Option<Broken>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Broken {
    pub seq: u64,
    pub id: String,
    pub what: Break,
}

/// A check as it was made (`steward verify-log` or the supervisor's screen): when, by whom,
/// what it found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verification {
    pub at: String,
    pub by_name: String,
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The broken entry as the server holds it now (its text may be the altered one), so
    /// every device can show and mark it beside what it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<BrokenEntry>,
}

/// The entry at the broken place, as stored now.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BrokenEntry {
    pub written_at: String,
    pub author_name: String,
    pub text: String,
}

/// Walks `links` in order of place. `unchained` is the first entry in the log that has no
/// place (the caller finds it with a join), if any.
pub fn verify(links: impl IntoIterator<Item = Link>, unchained: Option<String>) -> Verdict {
    let mut prev = GENESIS.to_string();
    let mut count = 0;
    let mut broken = None;
    for link in links {
        count += 1;
        if broken.is_some() {
            continue;
        }
        let what = if link.seq != count {
            Some(Break::Gap)
        } else if link.prev_hash != prev {
            Some(Break::Unlinked)
        } else {
            match &link.body {
                None => Some(Break::EntryMissing),
                Some(body) if link_hash(&prev, link.seq, &link.id, body) != link.hash => Some(Break::Altered),
                Some(_) => None,
            }
        };
        match what {
            Some(what) => broken = Some(Broken { seq: count, id: link.id.clone(), what }),
            None => prev = link.hash.clone(),
        }
    }
    let broken = broken.or(unchained.map(|id| Broken { seq: count + 1, id, what: Break::Unchained }));
    let intact_up_to = broken.as_ref().map_or(count, |b| b.seq - 1);
    Verdict { entries: count, intact_up_to, broken }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(bodies: &[&str]) -> Vec<Link> {
        let mut prev = GENESIS.to_string();
        bodies
            .iter()
            .enumerate()
            .map(|(i, body)| {
                let seq = i as u64 + 1;
                let id = format!("e{seq}");
                let hash = link_hash(&prev, seq, &id, body);
                let link = Link {
                    seq,
                    id,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                    body: Some(body.to_string()),
                };
                prev = hash;
                link
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_is_intact_to_its_end() {
        let v = verify(chain(&["a", "b", "c"]), None);
        assert_eq!((v.entries, v.intact_up_to, v.broken), (3, 3, None));
        assert_eq!(verify(Vec::new(), None).intact_up_to, 0);
    }

    #[test]
    fn a_flipped_byte_a_removed_entry_a_removed_link_and_a_slipped_in_entry_are_each_found() {
        let mut altered = chain(&["a", "b", "c"]);
        altered[1].body = Some("B".into());
        let v = verify(altered, None);
        assert_eq!((v.intact_up_to, v.broken.map(|b| (b.seq, b.what))), (1, Some((2, Break::Altered))));

        let mut removed = chain(&["a", "b", "c"]);
        removed[1].body = None;
        assert_eq!(verify(removed, None).broken.map(|b| b.what), Some(Break::EntryMissing));

        let mut gap = chain(&["a", "b", "c"]);
        gap.remove(1);
        let v = verify(gap, None);
        assert_eq!((v.intact_up_to, v.broken.map(|b| b.what)), (1, Some(Break::Gap)));

        // Rewriting a link with a fresh hash does not help: the next link no longer follows.
        let mut rewritten = chain(&["a", "b", "c"]);
        rewritten[1].body = Some("B".into());
        rewritten[1].hash = link_hash(&rewritten[1].prev_hash, 2, "e2", "B");
        assert_eq!(verify(rewritten, None).broken.map(|b| (b.seq, b.what)), Some((3, Break::Unlinked)));

        let v = verify(chain(&["a"]), Some("sneaky".into()));
        assert_eq!(
            (v.intact_up_to, v.broken.map(|b| (b.seq, b.id, b.what))),
            (1, Some((2, "sneaky".into(), Break::Unchained)))
        );
    }
}
