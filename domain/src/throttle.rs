//! Login throttling: slows password guessing without letting an attacker lock a real user out.
//!
//! Failures are counted per (username, address) and per address. A guesser on one address
//! soon waits minutes between tries; the real user, from their own device, is unaffected
//! because their (username, address) pair has no failures. Nothing is locked permanently:
//! waits grow exponentially to a cap and counts are forgotten after a quiet window.
//! Time is passed in (seconds), so the policy is tested without sleeping.

use std::collections::HashMap;
use std::hash::Hash;

use crate::bounded::{MAX_ENTRIES, make_room};

/// Free failures per (username, address) before waits start.
pub const FREE_FAILURES_PER_ACCOUNT: u32 = 5;
/// Free failures per address across all usernames (password spraying).
pub const FREE_FAILURES_PER_ADDRESS: u32 = 30;
/// The first wait once the free tries are used up, doubling with each further failure.
pub const FIRST_WAIT_SECS: u64 = 30;
/// The longest wait, in seconds.
pub const MAX_WAIT_SECS: u64 = 15 * 60;
/// Failures older than this (since the last one) are forgotten.
pub const FORGET_AFTER_SECS: u64 = 60 * 60;

#[derive(Debug, Clone, Copy, Default)]
struct Failures {
    count: u32,
    last_at: u64,
}

impl Failures {
    /// Failures this long ago (since the last one) are forgotten.
    fn is_stale(&self, now: u64) -> bool {
        now.saturating_sub(self.last_at) >= FORGET_AFTER_SECS
    }

    fn wait_until(&self, free: u32) -> u64 {
        if self.count < free {
            return 0;
        }
        let doublings = (self.count - free).min(10);
        self.last_at + (FIRST_WAIT_SECS << doublings).min(MAX_WAIT_SECS)
    }
}

/// Failure counts keyed by account key `A` (e.g. (username, ip)) and address key `I`.
#[derive(Debug)]
pub struct Throttle<A, I> {
    accounts: HashMap<A, Failures>,
    addresses: HashMap<I, Failures>,
}

impl<A: Hash + Eq + Clone, I: Hash + Eq + Clone> Default for Throttle<A, I> {
    fn default() -> Self {
        Self { accounts: HashMap::new(), addresses: HashMap::new() }
    }
}

impl<A: Hash + Eq + Clone, I: Hash + Eq + Clone> Throttle<A, I> {
    /// Reserves one attempt before the password is checked: `Err(seconds to wait)` if it may
    /// not be checked now, else it is counted as a failure until [`Throttle::record_success`]
    /// gives it back. Counting first means a burst of parallel guesses is counted in full,
    /// not only those whose answers came back before the others were let through.
    pub fn reserve(&mut self, account: A, address: I, now: u64) -> Result<(), u64> {
        self.check(&account, &address, now)?;
        self.record_failure(account, address, now);
        Ok(())
    }

    /// `Err(seconds to wait)` if a login attempt must not even be checked now.
    pub fn check(&self, account: &A, address: &I, now: u64) -> Result<(), u64> {
        let until = [
            self.accounts.get(account).map(|f| f.wait_until(FREE_FAILURES_PER_ACCOUNT)),
            self.addresses.get(address).map(|f| f.wait_until(FREE_FAILURES_PER_ADDRESS)),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
        if until > now { Err(until - now) } else { Ok(()) }
    }

    pub fn record_failure(&mut self, account: A, address: I, now: u64) {
        // Every new address or username a stranger invents is an entry: a full table
        // forgets what is old and then its oldest tenth (their counts restart; nothing is
        // locked by it). Only when full, so a failure costs no scan.
        if self.accounts.len() >= MAX_ENTRIES || self.addresses.len() >= MAX_ENTRIES {
            let at = |f: &Failures| f.last_at;
            make_room(&mut self.accounts, at, now, FORGET_AFTER_SECS);
            make_room(&mut self.addresses, at, now, FORGET_AFTER_SECS);
        }
        for f in [self.accounts.entry(account).or_default(), self.addresses.entry(address).or_default()] {
            if f.is_stale(now) {
                *f = Failures::default();
            }
            f.count += 1;
            f.last_at = now;
        }
    }

    /// A correct password clears that account's count from that address, and gives the
    /// address back the attempt reserved for it.
    pub fn record_success(&mut self, account: &A, address: &I) {
        self.accounts.remove(account);
        if let Some(f) = self.addresses.get_mut(address) {
            f.count = f.count.saturating_sub(1);
        }
    }
}

/// Failures per account across every address before its guesses wait: many addresses each
/// within their own budget still meet this one. Only strangers' browsers are counted — the
/// account's trusted browsers never reach it, so it slows guessing and locks nobody out.
pub const FREE_FAILURES_PER_NAME: u32 = 20;

/// The per-account budget across addresses.
#[derive(Debug, Default)]
pub struct AccountBudget {
    names: HashMap<String, Failures>,
}

impl AccountBudget {
    /// Reserves one attempt at `name` (counted as a failure until it succeeds), or how many
    /// seconds to wait.
    pub fn reserve(&mut self, name: &str, now: u64) -> Result<(), u64> {
        if let Some(f) = self.names.get(name) {
            let until = if f.is_stale(now) { 0 } else { f.wait_until(FREE_FAILURES_PER_NAME) };
            if until > now {
                return Err(until - now);
            }
        }
        if self.names.len() >= MAX_ENTRIES && !self.names.contains_key(name) {
            make_room(&mut self.names, |f: &Failures| f.last_at, now, FORGET_AFTER_SECS);
        }
        let f = self.names.entry(name.to_string()).or_default();
        if f.is_stale(now) {
            *f = Failures::default();
        }
        f.count += 1;
        f.last_at = now;
        Ok(())
    }

    /// The right password: the account's count starts again.
    pub fn succeeded(&mut self, name: &str) {
        self.names.remove(name);
    }

    /// An attempt reserved here but refused elsewhere (its address waits): not counted.
    pub fn give_back(&mut self, name: &str) {
        if let Some(f) = self.names.get_mut(name) {
            f.count = f.count.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type T = Throttle<(&'static str, &'static str), &'static str>;

    #[test]
    fn guesses_at_one_account_from_many_addresses_wait_once_its_budget_is_used() {
        let mut b = AccountBudget::default();
        // Sixty addresses, six tries each: each address is within its own budget…
        let checked = (0..360).filter(|_| b.reserve("engineer", 100).is_ok()).count();
        assert_eq!(checked, FREE_FAILURES_PER_NAME as usize, "…the account's is not");
        assert!(b.reserve("desk", 100).is_ok(), "other accounts are untouched");
        assert!(b.reserve("engineer", 100 + MAX_WAIT_SECS).is_ok(), "a wait, never a lock");
        b.succeeded("engineer");
        assert!(b.reserve("engineer", 100 + MAX_WAIT_SECS).is_ok());
    }

    #[test]
    fn waits_start_after_free_failures_and_grow() {
        let mut t = T::default();
        let acct = ("desk", "10.0.0.9");
        for i in 0..FREE_FAILURES_PER_ACCOUNT {
            assert!(t.check(&acct, &"10.0.0.9", 100).is_ok(), "attempt {i} should be free");
            t.record_failure(acct, "10.0.0.9", 100);
        }
        assert_eq!(t.check(&acct, &"10.0.0.9", 100), Err(FIRST_WAIT_SECS));
        assert!(t.check(&acct, &"10.0.0.9", 100 + FIRST_WAIT_SECS).is_ok());
        t.record_failure(acct, "10.0.0.9", 130);
        t.record_failure(acct, "10.0.0.9", 130);
        assert_eq!(t.check(&acct, &"10.0.0.9", 130), Err(4 * FIRST_WAIT_SECS));
    }

    #[test]
    fn the_real_user_elsewhere_is_not_locked_out() {
        let mut t = T::default();
        for _ in 0..50 {
            t.record_failure(("desk", "attacker"), "attacker", 100);
        }
        assert!(t.check(&("desk", "attacker"), &"attacker", 100).is_err());
        assert!(t.check(&("desk", "counter-tablet"), &"counter-tablet", 100).is_ok());
    }

    #[test]
    fn spraying_many_usernames_from_one_address_is_slowed() {
        let mut t = T::default();
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        for n in 0..FREE_FAILURES_PER_ADDRESS {
            t.record_failure((names[n as usize % 10], "x"), "x", 100);
        }
        assert!(t.check(&("new-name", "x"), &"x", 100).is_err());
    }

    #[test]
    fn strangers_from_many_addresses_cannot_grow_the_tables_without_bound() {
        let mut t: Throttle<(String, u32), u32> = Throttle::default();
        for ip in 0..(MAX_ENTRIES as u32 * 3) {
            t.record_failure((format!("user{ip}"), ip), ip, 100 + u64::from(ip) / 1000);
        }
        assert!(t.accounts.len() <= MAX_ENTRIES);
        assert!(t.addresses.len() <= MAX_ENTRIES);
    }

    #[test]
    fn waits_are_capped_and_forgotten() {
        let mut t = T::default();
        for _ in 0..40 {
            t.record_failure(("desk", "x"), "x", 100);
        }
        assert_eq!(t.check(&("desk", "x"), &"x", 100), Err(MAX_WAIT_SECS));
        let later = 100 + FORGET_AFTER_SECS;
        t.record_failure(("other", "y"), "y", later); // triggers forgetting
        assert!(t.check(&("desk", "x"), &"x", later).is_ok());
    }

    #[test]
    fn success_resets_the_account() {
        let mut t = T::default();
        for _ in 0..FREE_FAILURES_PER_ACCOUNT {
            t.record_failure(("desk", "x"), "x", 100);
        }
        t.record_success(&("desk", "x"), &"x");
        assert!(t.check(&("desk", "x"), &"x", 100).is_ok());
    }

    #[test]
    fn parallel_guesses_are_counted_before_any_is_checked() {
        let mut t = T::default();
        // A hundred requests arrive before the first password check finishes.
        let checked = (0..100).filter(|_| t.reserve(("desk", "x"), "x", 100).is_ok()).count();
        assert_eq!(checked, FREE_FAILURES_PER_ACCOUNT as usize);
    }
}
