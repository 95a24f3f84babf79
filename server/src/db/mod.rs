//! The SQLite database: one writer, a few readers, versioned migrations.
//!
//! SQLite allows one writer at a time; funnelling writes through one connection with
//! `BEGIN IMMEDIATE` turns would-be `SQLITE_BUSY` errors into a queue in this process.

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("a database connection was poisoned by a panic")]
    Poisoned,
    #[error("a write failed unexpectedly and was undone")]
    Panicked,
    #[error("unreadable time: {0}")]
    Clock(String),
    #[error("the write was not committed: {0}")]
    Commit(String),
    #[error("could not start the checkpoint thread: {0}")]
    Thread(std::io::Error),
}

mod checkpoint;
mod group_commit;
pub mod log_chain;
pub mod open_tickets;
pub mod photos;
pub mod pins;
pub mod property;
pub mod reports;
pub mod settling;
pub mod trusted_browsers;
pub mod unit_labels;
pub mod users;

const READERS: usize = 4;

/// Brings `conn`'s schema to the latest version (also for tests on in-memory databases).
pub fn migrate(conn: &mut Connection) -> Result<(), DbError> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(migrations().to_latest(conn)?)
}

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/0001_foundation.sql")),
        M::up(include_str!("../../migrations/0002_sync.sql")),
        M::up(include_str!("../../migrations/0003_tickets.sql")),
        M::up(include_str!("../../migrations/0004_ticket_timelines.sql")),
        M::up(include_str!("../../migrations/0005_photos.sql")),
        M::up(include_str!("../../migrations/0006_photo_uploads.sql")),
        M::up(include_str!("../../migrations/0007_trusted_browsers.sql")),
        M::up(include_str!("../../migrations/0008_patrol_append_only.sql")),
        M::up(include_str!("../../migrations/0009_mutation_log_origins.sql")),
        M::up(include_str!("../../migrations/0010_duty_log_chain.sql")),
        M::up(include_str!("../../migrations/0011_pins.sql")),
        M::up(include_str!("../../migrations/0012_gate_checks_append_only.sql")),
        M::up(include_str!("../../migrations/0013_must_change_password.sql")),
        M::up(include_str!("../../migrations/0014_mutation_log_by_record.sql")),
        M::up(include_str!("../../migrations/0015_held_changes.sql")),
        M::up(include_str!("../../migrations/0016_report_indexes.sql")),
        M::up(include_str!("../../migrations/0017_month_closes.sql")),
        M::up(include_str!("../../migrations/0018_lookup_indexes.sql")),
        M::up(include_str!("../../migrations/0019_indexes_per_kind.sql")),
        M::up(include_str!("../../migrations/0020_records_with_rowid.sql")),
        M::up(include_str!("../../migrations/0021_working_set.sql")),
        M::up(include_str!("../../migrations/0022_unsigned_lines.sql")),
        M::up(include_str!("../../migrations/0023_visitors.sql")),
        M::up(include_str!("../../migrations/0024_notices.sql")),
    ])
}

#[derive(Clone)]
pub struct Db {
    writer: Arc<Mutex<Connection>>,
    grouped: group_commit::Queue,
    _checkpoints: Arc<checkpoint::Checkpointer>,
    readers: Arc<Vec<Mutex<Connection>>>,
    next_reader: Arc<AtomicUsize>,
}

impl Db {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        // WAL is a property of the file: set once by the writer, readers inherit it.
        writer.pragma_update(None, "journal_mode", "WAL")?;
        migrate(&mut writer)?;
        log_chain::chain_existing(&writer)?;
        unit_labels::canonicalise_existing(&writer)?;
        settling::settle_existing(&writer)?;
        let checkpoints = checkpoint::Checkpointer::start(&writer, path)?;
        let readers = (0..READERS)
            .map(|_| {
                let c = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX
                        | OpenFlags::SQLITE_OPEN_URI,
                )?;
                configure(&c)?;
                Ok(Mutex::new(c))
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        Ok(Self {
            writer: Arc::new(Mutex::new(writer)),
            grouped: group_commit::Queue::default(),
            _checkpoints: Arc::new(checkpoints),
            readers: Arc::new(readers),
            next_reader: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// Runs `f` on a read-only connection, off the async runtime.
    pub async fn read<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, DbError> + Send + 'static,
    {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let i = this.next_reader.fetch_add(1, Ordering::Relaxed) % this.readers.len();
            let conn = this.readers[i].lock().map_err(|_| DbError::Poisoned)?;
            f(&conn)
        })
        .await?
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction on the writer; commits if it returns `Ok`.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, E> + Send + 'static,
    {
        let writer = self.writer.clone();
        tokio::task::spawn_blocking(move || Self::write_blocking(&writer, f))
            .await
            .map_err(|e| E::from(DbError::Task(e)))?
    }

    /// As [`Db::write`], but sharing its transaction (and its fsync) with the writes that
    /// arrive while the writer is busy, each in its own savepoint: for the many small writes
    /// of many devices at once (pushes). `f` sees only its own changes undone if it fails.
    pub async fn write_grouped<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        self.grouped.write(self.writer.clone(), f).await
    }

    /// How many transactions the grouped writes have committed so far (or tried to).
    pub fn group_commits(&self) -> u64 {
        self.grouped.counts().commits.load(Ordering::Relaxed)
    }

    /// The same as [`Db::write`], for the command line where there is no runtime.
    pub fn write_sync<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<DbError>,
        F: FnOnce(&Transaction) -> Result<T, E>,
    {
        Self::write_blocking(&self.writer, f)
    }

    fn write_blocking<T, E, F>(writer: &Mutex<Connection>, f: F) -> Result<T, E>
    where
        E: From<DbError>,
        F: FnOnce(&Transaction) -> Result<T, E>,
    {
        let mut conn = writer.lock().map_err(|_| E::from(DbError::Poisoned))?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| E::from(DbError::from(e)))?;
        let value = f(&tx)?;
        tx.commit().map_err(|e| E::from(DbError::from(e)))?;
        Ok(value)
    }

    /// `SELECT 1` on a reader, for `/healthz`.
    pub async fn ping(&self) -> bool {
        self.read(|c| Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?)).await.is_ok()
    }
}

/// The settings every connection runs with.
pub fn configure(conn: &Connection) -> Result<(), DbError> {
    // FULL: an acknowledged write survives power loss, which the sync engine promises.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Cold pulls read the whole records table by version: memory-map the file and keep a
    // bigger page cache than the 2 MB default, or each page costs scattered reads.
    conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
    conn.pragma_update(None, "cache_size", -32 * 1024)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // A push's savepoint per change keeps its undo pages in a statement journal: in memory,
    // not a temporary file written and read again for every change.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[tokio::test]
    async fn pragmas_hold_on_every_connection() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
        let (mode, fk, sync) = db
            .read(|c| {
                let mode: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
                let fk: i64 = c.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
                let sync: i64 = c.pragma_query_value(None, "synchronous", |r| r.get(0))?;
                Ok((mode, fk, sync))
            })
            .await
            .unwrap();
        assert_eq!((mode.as_str(), fk, sync), ("wal", 1, 2));
    }

    /// Pushes never wait for a checkpoint (the writer's automatic ones are off), yet the WAL
    /// reaches the database file: the checkpoint thread copies it.
    #[tokio::test]
    async fn the_wal_is_checkpointed_off_the_write_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        let db = Db::open(&path).unwrap();
        let before = std::fs::metadata(&path).unwrap().len();
        let auto: i64 = db
            .write(|tx| {
                for n in 0..3000 {
                    tx.execute(
                        "INSERT INTO buildings (name) VALUES (?1)",
                        [format!("{n}{}", "栋".repeat(200))],
                    )?;
                }
                Ok::<_, DbError>(tx.pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))?)
            })
            .await
            .unwrap();
        assert_eq!(auto, 0, "the writer checkpoints nothing itself");
        let grown = || std::fs::metadata(&path).unwrap().len() > before + 1_000_000;
        for _ in 0..50 {
            if grown() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the database file never received the WAL's pages");
    }

    #[tokio::test]
    async fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
        let r: Result<(), DbError> = db
            .write(|tx| {
                tx.execute("INSERT INTO buildings (name) VALUES ('1栋')", [])?;
                tx.execute("INSERT INTO buildings (name) VALUES ('1栋')", [])?; // UNIQUE violation
                Ok(())
            })
            .await;
        assert!(r.is_err());
        let n: i64 =
            db.read(|c| Ok(c.query_row("SELECT count(*) FROM buildings", [], |r| r.get(0))?)).await.unwrap();
        assert_eq!(n, 0);
    }
}
