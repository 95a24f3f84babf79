//! Argon2id password hashes (PHC strings), computed off the async runtime.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use std::sync::LazyLock;

/// Compared against when the username is unknown, so both failures cost the same time.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash("not a real password").expect("hashing works"));

pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Verifies `password` against `stored`, or against a dummy hash when there is no user.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let stored = stored.unwrap_or(DUMMY_HASH.as_str());
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
}

/// Where password work (Argon2id, ~19 MiB each) runs: two long-lived threads — the
/// machine has two cores — never one blocking thread per request: memory an allocator took
/// for a thread is rarely given back, so hundreds of parallel logins once left gigabytes
/// resident. At most [`QUEUE`] more wait their turn; beyond that a login is refused at once,
/// before any hashing, and asked to retry. One per server (its threads end with it).
pub struct PasswordPool {
    jobs: std::sync::mpsc::SyncSender<Job>,
    /// Running + waiting checks.
    slots: std::sync::Arc<tokio::sync::Semaphore>,
    /// A few more places for logins from trusted browsers, so a flood of strangers' guesses
    /// filling the queue does not turn the staff away too.
    trusted_slots: std::sync::Arc<tokio::sync::Semaphore>,
}

const WORKERS: usize = 2;
const QUEUE: usize = 32;
const TRUSTED_LANE: usize = 4;

type Job = Box<dyn FnOnce() + Send>;

impl Default for PasswordPool {
    fn default() -> Self {
        let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(WORKERS + QUEUE + TRUSTED_LANE);
        let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
        for n in 0..WORKERS {
            let queue = queue.clone();
            let worker = move || {
                loop {
                    // The lock is held only while waiting for the next job.
                    let next = match queue.lock() {
                        Ok(q) => q.recv(),
                        Err(_) => return,
                    };
                    match next {
                        Ok(job) => job(),
                        Err(_) => return, // the server is gone
                    }
                }
            };
            std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(worker)
                .expect("a password thread");
        }
        PasswordPool {
            jobs,
            slots: std::sync::Arc::new(tokio::sync::Semaphore::new(WORKERS + QUEUE)),
            trusted_slots: std::sync::Arc::new(tokio::sync::Semaphore::new(TRUSTED_LANE)),
        }
    }
}

/// A place in the password queue, taken before any other work for the request.
pub struct Slot(tokio::sync::OwnedSemaphorePermit);

fn busy() -> crate::error::ApiError {
    crate::error::ApiError::Throttled { retry_after_secs: 1 }
}

impl PasswordPool {
    /// A place in the queue, or a refusal at once when too many are waiting: taken first,
    /// so a refused login costs neither a database read nor a thread.
    pub fn slot(&self) -> Result<Slot, crate::error::ApiError> {
        self.slots.clone().try_acquire_owned().map(Slot).map_err(|_| busy())
    }

    /// As [`PasswordPool::slot`], with the trusted lane to fall back on for a login from a
    /// browser the user has logged in from before.
    pub fn slot_for(&self, trusted: bool) -> Result<Slot, crate::error::ApiError> {
        match self.slot() {
            Err(_) if trusted => self.trusted_slots.clone().try_acquire_owned().map(Slot).map_err(|_| busy()),
            other => other,
        }
    }

    /// Runs `f` on the password threads in `slot`'s turn.
    async fn run_in<T: Send + 'static>(
        &self,
        slot: Slot,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, crate::error::ApiError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _slot = slot.0;
            let _ = tx.send(f());
        });
        self.jobs.try_send(job).map_err(|_| busy())?;
        rx.await.map_err(|_| crate::error::ApiError::Internal("password thread gone".into()))
    }

    pub async fn hash(&self, password: String) -> Result<String, crate::error::ApiError> {
        let slot = self.slot()?;
        self.run_in(slot, move || hash(&password))
            .await?
            .map_err(|e| crate::error::ApiError::Internal(e.to_string()))
    }

    /// Whether `password` matches `stored` (a dummy hash when there is no such user).
    pub async fn verify(
        &self,
        slot: Slot,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, crate::error::ApiError> {
        self.run_in(slot, move || verify(&password, stored.as_deref())).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip() {
        let h = hash("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse", Some(&h)));
        assert!(!verify("wrong horse", Some(&h)));
        assert!(!verify("anything", None));
        assert!(!verify("anything", Some("garbage")));
    }
}
