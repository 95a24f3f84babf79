//! Throttling the owner's "ticket number + phone" lookup. Ticket numbers are sequential, so
//! a stranger knows them; what they must not do is guess phones quickly, nor lock the real
//! owner out. So failures count per (ticket, address) and per address — the owner on their
//! own phone is not slowed by a guesser elsewhere — and a ticket that many different wrong
//! phones were tried against is answered slowly for everyone (slowed, never refused).
//!
//! Each attempt is reserved before the phone is compared: a burst of parallel guesses is
//! counted in full, not only those that finished first. A right phone gives its reservation
//! back. Every table is bounded; time is passed in (seconds).

use crate::ticket::number::TicketNumber;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// Free tries per (ticket, address), and per address across tickets, before waits start.
pub const FREE_PER_TICKET_AND_ADDRESS: u32 = 5;
pub const FREE_PER_ADDRESS: u32 = 20;
/// Distinct wrong phones for one ticket (from anywhere) after which it is answered slowly.
pub const DISTINCT_PHONES_BEFORE_SLOW: usize = 10;
/// How slowly: each answer for such a ticket waits this long.
pub const SLOW_ANSWER_MILLIS: u64 = 1500;
/// The first wait once the free tries are used up, doubling with each further try.
pub const FIRST_WAIT_SECS: u64 = 30;
pub const MAX_WAIT_SECS: u64 = 15 * 60;
pub const FORGET_AFTER_SECS: u64 = 60 * 60;
/// Past its free tries an address is answered slowly, not refused (the owner behind the
/// same shared address must still get in with the right phone): this long at most…
pub const MAX_DELAY_MILLIS: u64 = 3_000;
/// …and this many such slow answers from one address at a time (a flood from it waits).
pub const DELAYED_PER_ADDRESS: u32 = 2;
/// …and for this many tries past the free ones: beyond them the waits count again (an
/// address guessing on is refused until its wait is over).
pub const DELAYED_TRIES: u32 = 10;
pub use crate::bounded::MAX_ENTRIES;

#[derive(Debug, Clone, Copy, Default)]
struct Count {
    n: u32,
    last_at: u64,
}

impl Count {
    fn wait_until(&self, free: u32) -> u64 {
        if self.n < free {
            return 0;
        }
        self.last_at + (FIRST_WAIT_SECS << (self.n - free).min(10)).min(MAX_WAIT_SECS)
    }
}

#[derive(Debug, Default)]
struct Phones {
    /// Hashes of the wrong phones tried (at most the cap is kept: enough to know).
    distinct: HashSet<u64>,
    last_at: u64,
}

/// Whether to answer at once or slowly, once the attempt is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    Now,
    Slow,
    /// Over the address's free tries: checked after this many milliseconds; give the slot
    /// back with [`LookupThrottle::answered`] once answered.
    Delayed(u64),
}

#[derive(Debug)]
pub struct LookupThrottle<I, T = TicketNumber> {
    pairs: HashMap<(T, I), Count>,
    addresses: HashMap<I, Count>,
    tickets: HashMap<T, Phones>,
    /// Slow answers under way, by address.
    delayed: HashMap<I, u32>,
}

impl<I, T> Default for LookupThrottle<I, T> {
    fn default() -> Self {
        Self {
            pairs: HashMap::new(),
            addresses: HashMap::new(),
            tickets: HashMap::new(),
            delayed: HashMap::new(),
        }
    }
}

fn bounded<K: Hash + Eq + Clone, V>(map: &mut HashMap<K, V>, last_at: impl Fn(&V) -> u64, now: u64) {
    crate::bounded::make_room(map, last_at, now, FORGET_AFTER_SECS);
}

/// What is looked up is a ticket by default; a home (its unit, hashed) for the notice and
/// survey pages, which check a household by its unit and a phone on file.
impl<I: Hash + Eq + Clone, T: Hash + Eq + Copy> LookupThrottle<I, T> {
    /// Reserves one attempt for `ticket` from `address`: `Err(seconds to wait)` if it may
    /// not be checked now, else how fast to answer. The reservation counts as a failure
    /// until [`LookupThrottle::succeeded`] gives it back.
    pub fn reserve(&mut self, ticket: T, address: I, now: u64) -> Result<Pace, u64> {
        let pair = (ticket, address.clone());
        let until = [
            self.pairs.get(&pair).map(|c| c.wait_until(FREE_PER_TICKET_AND_ADDRESS)),
            self.addresses.get(&address).map(|c| c.wait_until(FREE_PER_ADDRESS)),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
        // Over the free tries: answered slowly, one or two at a time per address, never
        // refused outright while the address is not flooding.
        let delay = if until > now {
            let busy = self.delayed.get(&address).copied().unwrap_or(0);
            let past_free = [
                self.pairs.get(&pair).map(|c| c.n.saturating_sub(FREE_PER_TICKET_AND_ADDRESS)),
                self.addresses.get(&address).map(|c| c.n.saturating_sub(FREE_PER_ADDRESS)),
            ]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(0);
            if past_free >= DELAYED_TRIES
                || busy >= DELAYED_PER_ADDRESS
                || (self.delayed.len() >= MAX_ENTRIES && busy == 0)
            {
                return Err(until - now);
            }
            *self.delayed.entry(address.clone()).or_default() += 1;
            Some(((until - now) * 1000).min(MAX_DELAY_MILLIS))
        } else {
            None
        };
        if self.pairs.len() >= MAX_ENTRIES || self.addresses.len() >= MAX_ENTRIES {
            bounded(&mut self.pairs, |c| c.last_at, now);
            bounded(&mut self.addresses, |c| c.last_at, now);
        }
        for c in [self.pairs.entry(pair).or_default(), self.addresses.entry(address).or_default()] {
            c.n += 1;
            c.last_at = now;
        }
        if let Some(ms) = delay {
            return Ok(Pace::Delayed(ms.max(SLOW_ANSWER_MILLIS)));
        }
        let slow = self.tickets.get(&ticket).is_some_and(|p| p.distinct.len() >= DISTINCT_PHONES_BEFORE_SLOW);
        Ok(if slow { Pace::Slow } else { Pace::Now })
    }

    /// A slow answer to `address` was given (or its request went away): its slot is free.
    pub fn answered(&mut self, address: &I) {
        if let Some(n) = self.delayed.get_mut(address) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.delayed.remove(address);
            }
        }
    }

    /// The phone was right: the attempt is given back (the owner is never counted).
    pub fn succeeded(&mut self, ticket: T, address: &I) {
        let pair = (ticket, address.clone());
        if let Some(c) = self.pairs.get_mut(&pair) {
            c.n = c.n.saturating_sub(1);
        }
        if let Some(c) = self.addresses.get_mut(address) {
            c.n = c.n.saturating_sub(1);
        }
    }

    /// The phone was wrong: remembered (hashed) against the ticket.
    pub fn wrong_phone(&mut self, ticket: T, phone_hash: u64, now: u64) {
        if self.tickets.len() >= MAX_ENTRIES && !self.tickets.contains_key(&ticket) {
            bounded(&mut self.tickets, |p| p.last_at, now);
        }
        let phones = self.tickets.entry(ticket).or_default();
        if phones.distinct.len() < DISTINCT_PHONES_BEFORE_SLOW {
            phones.distinct.insert(phone_hash);
        }
        phones.last_at = now;
    }

    /// Entries held, for tests and metrics.
    pub fn len(&self) -> usize {
        self.pairs.len() + self.addresses.len() + self.tickets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(seq: u32) -> TicketNumber {
        TicketNumber { year: 2026, month: 12, seq }
    }

    #[test]
    fn a_guesser_elsewhere_never_locks_the_owner_out() {
        let mut th = LookupThrottle::<String>::default();
        // Fifty guesses from each of ten addresses.
        for n in 0..500u64 {
            let address = format!("attacker-{}", n % 10);
            if th.reserve(t(1), address, 100).is_ok() {
                th.wrong_phone(t(1), n, 100);
            }
        }
        assert!(
            !matches!(th.reserve(t(1), "attacker-1".into(), 100), Ok(Pace::Now | Pace::Slow)),
            "each guesser waits"
        );
        let owner = "owner-phone".to_string();
        assert_eq!(th.reserve(t(1), owner.clone(), 100), Ok(Pace::Slow), "the owner is answered, slowly");
        th.succeeded(t(1), &owner);
        assert_eq!(th.reserve(t(2), owner, 100), Ok(Pace::Now), "other tickets are not slowed");
    }

    #[test]
    fn the_owner_behind_an_address_that_guessed_wrong_is_answered_slowly_never_refused() {
        let mut th = LookupThrottle::<&str>::default();
        for n in 0..6u64 {
            if let Ok(Pace::Delayed(_)) = th.reserve(t(1), "shared", 100) {
                th.answered(&"shared");
            }
            th.wrong_phone(t(1), n, 100);
        }
        // The owner, same address, right phone: checked after a bounded wait.
        match th.reserve(t(1), "shared", 101) {
            Ok(Pace::Delayed(ms)) => assert!(ms <= MAX_DELAY_MILLIS),
            other => panic!("refused: {other:?}"),
        }
        th.succeeded(t(1), &"shared");
        th.answered(&"shared");
        // A flood from the address: two slow answers at a time, the rest told to wait.
        let slots: Vec<_> = (0..5).map(|_| th.reserve(t(1), "shared", 102)).collect();
        assert_eq!(
            slots.iter().filter(|r| matches!(r, Ok(Pace::Delayed(_)))).count(),
            DELAYED_PER_ADDRESS as usize
        );
        assert!(slots.iter().any(Result::is_err));
        // Guessing on from it: past its slow tries, it waits again.
        let mut n = 0;
        while let Ok(Pace::Delayed(_)) = th.reserve(t(1), "shared", 103) {
            th.answered(&"shared");
            n += 1;
            assert!(n <= DELAYED_TRIES, "slowed, then refused");
        }
        assert!(th.reserve(t(1), "shared", 103).is_err());
    }

    #[test]
    fn parallel_guesses_are_counted_before_they_are_checked() {
        let mut th = LookupThrottle::<&str>::default();
        // A hundred requests arrive before any answer: only the free ones get through.
        let allowed =
            (0..100).filter(|_| matches!(th.reserve(t(1), "x", 100), Ok(Pace::Now | Pace::Slow))).count();
        assert_eq!(allowed, FREE_PER_TICKET_AND_ADDRESS as usize);
    }

    #[test]
    fn the_owner_typing_the_right_phone_is_never_counted() {
        let mut th = LookupThrottle::<&str>::default();
        for _ in 0..20 {
            assert!(th.reserve(t(1), "owner", 100).is_ok());
            th.succeeded(t(1), &"owner");
        }
    }

    #[test]
    fn tables_are_bounded() {
        let mut th = LookupThrottle::<u32>::default();
        for a in 0..(MAX_ENTRIES as u32 + 500) {
            let _ = th.reserve(t(a), a, 100 + a as u64);
            th.wrong_phone(t(a), 1, 100 + a as u64);
        }
        assert!(th.len() <= 3 * MAX_ENTRIES, "{}", th.len());
    }
}
