//! Backups through SQLite's online backup API: a consistent copy of the live database while
//! devices keep pushing (WAL: the copy reads one snapshot; writers are not blocked), and the
//! nightly schedule `serve` keeps with a retention count.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("{0} exists; choose a new file")]
    Exists(PathBuf),
    #[error("the database stayed busy; try again")]
    Busy,
    #[error("giving the copy its own sync epoch: {0}")]
    Epoch(String),
}

/// Copies the database at `db` into the new file `to`, in one step (one snapshot).
pub fn to_file(db: &Path, to: &Path) -> Result<(), BackupError> {
    if to.exists() {
        return Err(BackupError::Exists(to.to_path_buf()));
    }
    let source = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let partial = to.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    {
        let mut dest = rusqlite::Connection::open(&partial)?;
        let backup = rusqlite::backup::Backup::new(&source, &mut dest)?;
        // All pages in one step (-1): the copy is one consistent snapshot, however busy the
        // server; a step that finds the file busy is tried again.
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                _ if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                _ => return Err(BackupError::Busy),
            }
        }
    }
    // The copy has an epoch of its own: restored, it makes every device resync from it (a
    // device whose cursor is past the backup would otherwise never receive what it lacks),
    // with no `steward new-epoch` to forget.
    // The duty log chain's head beside the copy (`steward verify-log --anchor`): kept apart
    // from the database, it shows later whether the log was shortened or rewritten. The
    // copy's own head: the live log has moved on since.
    let head = {
        let copy = rusqlite::Connection::open(&partial)?;
        crate::sync::new_epoch(&copy).map_err(|e| BackupError::Epoch(e.to_string()))?;
        crate::db::log_chain::head(&copy).map_err(|e| BackupError::Epoch(e.to_string()))?
    };
    // Only a complete copy takes the backup's name.
    std::fs::rename(&partial, to).map_err(|e| BackupError::Io(to.to_path_buf(), e))?;
    if let Some(h) = head {
        let anchor = to.with_extension("anchor");
        std::fs::write(&anchor, format!("{}\n", crate::db::log_chain::anchor_text(&h)))
            .map_err(|e| BackupError::Io(anchor, e))?;
    }
    Ok(())
}

/// The nightly backup: when the newest in `dir` is a day old (or there is none), a new one
/// `steward-YYYYMMDD-HHMMSS.sqlite3`; then only the newest `keep` are kept.
pub fn nightly(db: &Path, dir: &Path, keep: usize) -> Result<Option<PathBuf>, BackupError> {
    std::fs::create_dir_all(dir).map_err(|e| BackupError::Io(dir.to_path_buf(), e))?;
    let mut existing = backups_in(dir);
    let newest_age = existing.last().and_then(|p| p.metadata().ok()?.modified().ok()?.elapsed().ok());
    let made = if newest_age.is_none_or(|age| age >= Duration::from_secs(23 * 3600)) {
        let name = chrono::Utc::now().format("steward-%Y%m%d-%H%M%S.sqlite3").to_string();
        let path = dir.join(name);
        to_file(db, &path)?;
        existing.push(path.clone());
        Some(path)
    } else {
        None
    };
    while existing.len() > keep.max(1) {
        let oldest = existing.remove(0);
        let _ = std::fs::remove_file(&oldest);
        let _ = std::fs::remove_file(oldest.with_extension("anchor"));
    }
    Ok(made)
}

/// The backups in `dir`, oldest first (their names sort by time).
fn backups_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("steward-") && n.ends_with(".sqlite3"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// How old the newest backup in `dir` is, for the operator's metrics.
pub fn newest_age(dir: &Path) -> Option<Duration> {
    backups_in(dir)
        .last()
        .and_then(|p| p.metadata().ok()?.modified().ok())
        .and_then(|m| SystemTime::now().duration_since(m).ok())
}
