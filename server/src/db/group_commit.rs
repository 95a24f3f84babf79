//! Group commit: writes that arrive together share one transaction and one fsync.
//!
//! With `synchronous=FULL` every commit waits for the disk (about a millisecond here), so
//! twenty devices each pushing one change at once would wait in line for twenty fsyncs. A
//! write queued here joins whatever is waiting when the writer comes free: the first caller
//! to take the writer runs every queued write in one `BEGIN IMMEDIATE`, each in its own
//! savepoint (one write's refusal or failure undoes only its own changes), commits once, and
//! only then answers each caller — nothing is acknowledged before it is durable. One caller
//! at a time leads: it keeps taking what queued while its last transaction ran, until the
//! queue is empty (with a leader per caller, each took the one write that had just arrived
//! and nothing was grouped).

use super::DbError;
use rusqlite::{Connection, TransactionBehavior};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// How long a leader waits before its next commit while writers are busy at once.
const COMMIT_DELAY: std::time::Duration = std::time::Duration::from_micros(300);

/// What a queued write leaves to do once the transaction's fate is known: answer its caller
/// with its own result if the commit held, or with why it did not.
type Answer = Box<dyn FnOnce(Option<&str>) + Send>;
/// A queued write: runs in the shared transaction inside its own savepoint, and says whether
/// the transaction is still whole (its savepoint was released or rolled back cleanly).
type Job = Box<dyn FnOnce(&Connection) -> (Answer, bool) + Send>;

/// The writes waiting for the writer, and how many writes and commits it has made.
#[derive(Clone, Default)]
pub struct Queue {
    waiting: Arc<Mutex<Waiting>>,
    counts: Arc<Counts>,
}

#[derive(Default)]
struct Waiting {
    jobs: Vec<Job>,
    /// A caller is running the queue: the others only wait for their answers.
    led: bool,
}

/// Writes run and transactions committed (or tried): their ratio is the grouping won.
#[derive(Default)]
pub struct Counts {
    pub writes: AtomicU64,
    pub commits: AtomicU64,
}

impl Queue {
    /// Queues `f`, leads the queue if no caller does, and returns `f`'s result once its
    /// transaction is committed (or why it was not).
    pub async fn write<T, E, F>(&self, writer: Arc<Mutex<Connection>>, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel::<Result<T, E>>();
        let job: Job = Box::new(move |conn| {
            let (result, whole) = in_savepoint(conn, f);
            let answer: Answer = Box::new(move |failed| {
                let answer = match (failed, result) {
                    (Some(why), Ok(_)) => Err(E::from(DbError::Commit(why.to_string()))),
                    (_, result) => result,
                };
                let _ = tx.send(answer);
            });
            (answer, whole)
        });
        let lead = {
            let mut waiting = self.waiting();
            waiting.jobs.push(job);
            !std::mem::replace(&mut waiting.led, true)
        };
        if lead {
            let queue = self.clone();
            tokio::task::spawn_blocking(move || queue.lead(&writer));
        }
        // Our write runs in the leader's turn (ours or another caller's); a write dropped
        // unrun (the writer could not begin, or the leader failed) closes the channel.
        rx.await.unwrap_or_else(|_| Err(E::from(DbError::Commit("the write could not begin".into()))))
    }

    /// The queue. Its state is a list and a flag, whole at every step, so a thread that
    /// panicked while holding it (which only a bug could do) leaves nothing half-made: the
    /// queue goes on rather than wedging every later write.
    fn waiting(&self) -> std::sync::MutexGuard<'_, Waiting> {
        self.waiting.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs what is queued, a transaction at a time, until nothing is; then steps down. A
    /// leader that panics steps down too (its guard), and the writes still queued are
    /// answered that they could not begin (none waits for a leader that is gone).
    fn lead(&self, writer: &Mutex<Connection>) {
        let _guard = StepDown(self);
        let mut last_group = 1;
        loop {
            if last_group > 1 {
                // Writers are busy at once: the callers just answered are about to queue again.
                // A moment's wait lets them join the next commit instead of each making its own
                // (PostgreSQL's commit_delay); a lone writer never waits.
                std::thread::sleep(COMMIT_DELAY);
            }
            let jobs = {
                let mut waiting = self.waiting();
                if waiting.jobs.is_empty() {
                    // Under the lock: a caller queueing from now on sees no leader and leads.
                    waiting.led = false;
                    return;
                }
                std::mem::take(&mut waiting.jobs)
            };
            last_group = jobs.len();
            self.run(writer, jobs);
        }
    }

    /// Runs `jobs` in one transaction on the writer and answers each.
    fn run(&self, writer: &Mutex<Connection>, jobs: Vec<Job>) {
        let Ok(mut conn) = writer.lock() else { return };
        self.counts.writes.fetch_add(jobs.len() as u64, Ordering::Relaxed);
        self.counts.commits.fetch_add(1, Ordering::Relaxed);
        let Ok(tx) = conn.transaction_with_behavior(TransactionBehavior::Immediate) else { return };
        let mut answers = Vec::with_capacity(jobs.len());
        let mut whole = true;
        for job in jobs {
            // Some failures (a full disk, an I/O error) make SQLite roll the whole transaction
            // back: later writes would then each commit on their own while their callers heard
            // that nothing was kept. They are not run, and hear that they could not begin.
            whole &= !tx.is_autocommit();
            if !whole {
                continue;
            }
            let (answer, kept_whole) = job(&tx);
            answers.push(answer);
            whole &= kept_whole;
        }
        let failed = if whole && !tx.is_autocommit() {
            tx.commit().err().map(|e| e.to_string())
        } else {
            // A savepoint that could not be undone may have left part of a write: keep none.
            drop(tx);
            Some("the write could not be undone cleanly; nothing was kept".to_string())
        };
        for answer in answers {
            answer(failed.as_deref());
        }
    }

    pub fn counts(&self) -> &Counts {
        &self.counts
    }
}

/// Hands the lead back if the leader fails (a panic in a write), so the next caller leads;
/// the writes it held are dropped, and their callers hear that they could not begin.
struct StepDown<'a>(&'a Queue);

impl Drop for StepDown<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut waiting = self.0.waiting();
            waiting.led = false;
            // Dropped unrun: each caller's channel closes and it hears why.
            waiting.jobs.clear();
        }
    }
}

/// Runs `f` in a savepoint of the shared transaction: kept if it succeeds, undone if not.
/// The flag is false when the savepoint itself failed, leaving the transaction unknown.
fn in_savepoint<T, E, F>(conn: &Connection, f: F) -> (Result<T, E>, bool)
where
    E: From<DbError>,
    F: FnOnce(&Connection) -> Result<T, E>,
{
    let sql = |s: &str| conn.prepare_cached(s).and_then(|mut st| st.execute([]));
    if let Err(e) = sql("SAVEPOINT grouped_write") {
        return (Err(E::from(e.into())), true);
    }
    // A write that panics (a bug) is refused alone and undone like any failed write; the
    // others in the transaction go on.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(conn)))
        .unwrap_or_else(|_| Err(E::from(DbError::Panicked)));
    let closed = match &result {
        Ok(_) => sql("RELEASE grouped_write"),
        Err(_) => sql("ROLLBACK TO grouped_write").and_then(|_| sql("RELEASE grouped_write")),
    };
    match closed {
        Ok(_) => (result, true),
        Err(e) => (Err(E::from(e.into())), false),
    }
}

#[cfg(test)]
mod tests {
    use crate::db::{Db, DbError};
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    /// Writes that arrive while the writer is busy share one commit; one that fails is undone
    /// alone and hears its own error, and every other is kept and answered.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writes_waiting_together_share_a_commit_and_fail_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
        // The writer is busy for a while: the grouped writes queue behind it.
        let busy = db.clone();
        let hold = tokio::spawn(async move {
            busy.write(|_| {
                std::thread::sleep(Duration::from_millis(300));
                Ok::<_, DbError>(())
            })
            .await
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let writes: Vec<_> = (0..20)
            .map(|n| {
                let db = db.clone();
                tokio::spawn(async move {
                    db.write_grouped(move |c| {
                        c.execute("INSERT INTO buildings (name) VALUES (?1)", [format!("{n}栋")])?;
                        if n == 7 {
                            // A refusal after it wrote: its own row must go, no other.
                            return Err(DbError::Clock("refused".into()));
                        }
                        Ok(n)
                    })
                    .await
                })
            })
            .collect();
        hold.await.unwrap().unwrap();
        let mut answers = Vec::new();
        for w in writes {
            answers.push(w.await.unwrap());
        }
        assert!(matches!(&answers[7], Err(DbError::Clock(m)) if m == "refused"));
        assert!(answers.iter().enumerate().all(|(n, a)| n == 7 || a.as_ref().is_ok_and(|v| *v == n)));
        let names: Vec<String> = db
            .read(|c| {
                let mut st = c.prepare("SELECT name FROM buildings ORDER BY id")?;
                let rows = st.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<Result<_, _>>()?)
            })
            .await
            .unwrap();
        assert_eq!(names.len(), 19);
        assert!(!names.contains(&"7栋".to_string()));
        let counts = db.grouped.counts();
        let (writes, commits) =
            (counts.writes.load(Ordering::Relaxed), counts.commits.load(Ordering::Relaxed));
        assert_eq!(writes, 20);
        assert!(commits <= 2, "20 writes waiting together took {commits} commits");
    }

    /// A write that panics (a bug) is undone and refused alone: the others in its commit are
    /// kept, and the queue goes on taking writes afterwards (none waits for a dead leader).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_write_that_panics_is_undone_alone_and_the_queue_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
        let busy = db.clone();
        let hold = tokio::spawn(async move {
            busy.write(|_| {
                std::thread::sleep(Duration::from_millis(300));
                Ok::<_, DbError>(())
            })
            .await
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let writes: Vec<_> = (0..5)
            .map(|n| {
                let db = db.clone();
                tokio::spawn(async move {
                    db.write_grouped(move |c| {
                        c.execute("INSERT INTO buildings (name) VALUES (?1)", [format!("{n}栋")])?;
                        assert_ne!(n, 2, "a bug in one write");
                        Ok::<_, DbError>(n)
                    })
                    .await
                })
            })
            .collect();
        hold.await.unwrap().unwrap();
        let mut answers = Vec::new();
        for w in writes {
            answers.push(w.await.unwrap());
        }
        assert!(matches!(answers[2], Err(DbError::Panicked)));
        assert!(answers.iter().enumerate().all(|(n, a)| n == 2 || a.as_ref().is_ok_and(|v| *v == n)));
        let later = tokio::time::timeout(
            Duration::from_secs(5),
            db.write_grouped(|c| {
                Ok::<_, DbError>(c.execute("INSERT INTO buildings (name) VALUES ('9栋')", [])?)
            }),
        )
        .await;
        assert!(matches!(later, Ok(Ok(1))), "the queue wedged after a panic: {later:?}");
        let count: i64 =
            db.read(|c| Ok(c.query_row("SELECT count(*) FROM buildings", [], |r| r.get(0))?)).await.unwrap();
        assert_eq!(count, 5, "four of the five and the later one");
    }
}
