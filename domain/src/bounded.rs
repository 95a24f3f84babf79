//! Tables an unauthenticated caller can grow (the throttles') are kept to a fixed size.

use std::collections::HashMap;
use std::hash::Hash;

/// Entries per table; the oldest go first when a table is full.
pub const MAX_ENTRIES: usize = 20_000;

/// Forgets entries idle for `forget_after` seconds; if the table is still full, the oldest
/// tenth goes at once, so a full table costs one selection now and then, not a scan on
/// every request. Call it before inserting when `map.len() >= MAX_ENTRIES`.
pub fn make_room<K: Hash + Eq, V>(
    map: &mut HashMap<K, V>,
    last_at: impl Fn(&V) -> u64,
    now: u64,
    forget_after: u64,
) {
    map.retain(|_, v| now.saturating_sub(last_at(v)) < forget_after);
    if map.len() >= MAX_ENTRIES {
        let mut ages: Vec<u64> = map.values().map(&last_at).collect();
        let cut = MAX_ENTRIES / 10;
        ages.select_nth_unstable(cut);
        let before = ages[cut];
        map.retain(|_, v| last_at(v) > before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_table_drops_its_oldest_tenth() {
        let mut m: HashMap<usize, u64> = (0..MAX_ENTRIES).map(|i| (i, i as u64)).collect();
        make_room(&mut m, |v| *v, MAX_ENTRIES as u64, u64::MAX);
        assert!(m.len() < MAX_ENTRIES - MAX_ENTRIES / 20);
        assert!(m.contains_key(&(MAX_ENTRIES - 1)), "the newest stay");
        assert!(!m.contains_key(&0), "the oldest go");
    }
}
