//! The WAL's checkpoints, off the write path.
//!
//! SQLite's automatic checkpoint runs inside the commit that fills the WAL past 1,000 pages:
//! that push waits while the pages are copied into the database file (an eighth of the
//! push's time, profiled). The writer turns it off, and this thread checkpoints a few times a
//! second on its own connection instead, PASSIVE (it never blocks a writer or a reader);
//! nothing about durability changes — a commit is durable in the WAL when it is answered.

use rusqlite::Connection;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// How often the WAL is copied into the database: its growth between two is bounded by what
/// is written in this time.
const EVERY: Duration = Duration::from_millis(200);

/// The checkpointing thread: it stops when the last handle is dropped (with the database).
pub struct Checkpointer {
    _stop: Sender<()>,
}

impl Checkpointer {
    /// Turns `writer`'s automatic checkpoints off and starts the thread on `path`.
    pub fn start(writer: &Connection, path: &Path) -> Result<Self, super::DbError> {
        let conn = Connection::open(path)?;
        super::configure(&conn)?;
        writer.pragma_update(None, "wal_autocheckpoint", 0)?;
        let (stop, stopped) = channel();
        std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || run(&conn, &stopped))
            .map_err(super::DbError::Thread)?;
        Ok(Self { _stop: stop })
    }
}

fn run(conn: &Connection, stopped: &Receiver<()>) {
    while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
        // Busy or partial is fine: what is left is copied next time.
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::warn!("checkpoint: {e}");
        }
    }
    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
}
