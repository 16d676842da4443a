//! What can go wrong with the database, each as one sentence a user can act on.

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use crate::schedule::ScheduleError;

#[derive(Debug)]
pub enum StoreError {
    /// The file is not a database or is damaged.
    Damaged {
        path: PathBuf,
        aside: Aside,
        reason: String,
    },
    /// The database was written by a newer prepdeck; it was left untouched.
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// The data folder cannot be written.
    ReadOnly { dir: PathBuf, reason: String },
    /// Another prepdeck held the database longer than the busy timeout.
    Busy { path: PathBuf },
    /// The disk is full.
    DiskFull { path: PathBuf },
    /// An import file that cannot be read or does not hold a prepdeck export.
    Import { path: String, reason: String },
    /// The scheduler refused the stored state or parameters.
    Schedule(ScheduleError),
    /// Anything else SQLite reports.
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Damaged {
                path,
                aside,
                reason,
            } => {
                let path = path.display();
                match aside {
                    Aside::Moved(to) => write!(
                        f,
                        "the database {path} is damaged ({reason}); it was moved aside to {} and the next run starts a new one (`prepdeck import` restores an export)",
                        to.display()
                    ),
                    Aside::NotYet => write!(
                        f,
                        "the database {path} is damaged ({reason}); close every prepdeck and move the file aside to start a new one"
                    ),
                    Aside::Failed(why) => write!(
                        f,
                        "the database {path} is damaged ({reason}) and could not be moved aside ({why}); move it away yourself to start a new one"
                    ),
                }
            }
            StoreError::TooNew {
                path,
                found,
                supported,
            } => write!(
                f,
                "the database {} was written by a newer prepdeck (schema {found}; this one knows up to {supported}); it was left untouched, so upgrade prepdeck to use it",
                path.display()
            ),
            StoreError::ReadOnly { dir, reason } => write!(
                f,
                "cannot save progress in the data folder {} ({reason}); make it writable or set PREPDECK_HOME to a writable folder",
                dir.display()
            ),
            StoreError::Busy { path } => write!(
                f,
                "the database {} stayed locked by another prepdeck; close the other one or try again",
                path.display()
            ),
            StoreError::DiskFull { path } => write!(
                f,
                "the disk holding {} is full; free some space and try again (nothing was saved)",
                path.display()
            ),
            StoreError::Import { path, reason } => write!(f, "cannot import {path}: {reason}"),
            StoreError::Schedule(error) => error.fmt(f),
            StoreError::Sqlite { path, error } => {
                write!(f, "the database {} failed: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for StoreError {}

impl From<ScheduleError> for StoreError {
    fn from(error: ScheduleError) -> Self {
        StoreError::Schedule(error)
    }
}

/// What became of a damaged database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Aside {
    /// Renamed to this path, with its journal files beside it.
    Moved(PathBuf),
    /// Found damaged while opening; moved as soon as the connection is closed.
    NotYet,
    /// The rename failed, for this reason.
    Failed(String),
}

/// Renames a damaged database (and its `-wal` and `-shm` files, which belong to it) to
/// `NAME.damaged-YYYYMMDD-HHMMSS`, so nothing is lost and a new database can start.
pub(super) fn move_aside(path: &Path) -> Aside {
    let name = path.file_name().map_or("prepdeck.sqlite3".into(), |n| {
        n.to_string_lossy().into_owned()
    });
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut aside_name = format!("{name}.damaged-{stamp}");
    let mut n = 1;
    while path.with_file_name(&aside_name).exists() {
        n += 1;
        aside_name = format!("{name}.damaged-{stamp}-{n}");
    }
    let target = path.with_file_name(&aside_name);
    if let Err(e) = std::fs::rename(path, &target) {
        return Aside::Failed(crate::deck::bank::io_reason(&e));
    }
    for suffix in ["-wal", "-shm"] {
        let journal = path.with_file_name(format!("{name}{suffix}"));
        if journal.exists()
            && let Err(e) = std::fs::rename(
                &journal,
                path.with_file_name(format!("{aside_name}{suffix}")),
            )
        {
            return Aside::Failed(format!(
                "the database moved to {} but its journal {} stayed: {}",
                target.display(),
                journal.display(),
                crate::deck::bank::io_reason(&e)
            ));
        }
    }
    Aside::Moved(target)
}

/// Why SQLite could not open or write the database: the folder refuses new files (the
/// usual case: a read-only folder or file system), or else the file itself.
fn unwritable_reason(dir: &Path) -> String {
    let probe = dir.join(format!(".prepdeck-write-test-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            "the database file there is read-only or cannot be opened".into()
        }
        Err(e) => format!("it is read-only: {}", crate::deck::bank::io_reason(&e)),
    }
}

/// Whether SQLite says the file is not a database or is damaged.
pub(super) fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// Turns a SQLite error on `path` into the error a user should see.
pub(super) fn classify(error: rusqlite::Error, path: &Path) -> StoreError {
    let dir = path.parent().unwrap_or(path).to_path_buf();
    match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Damaged {
            path: path.to_path_buf(),
            aside: Aside::NotYet,
            reason: error.to_string(),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            StoreError::ReadOnly {
                reason: unwritable_reason(&dir),
                dir,
            }
        }
        Some(ErrorCode::DiskFull) => StoreError::DiskFull {
            path: path.to_path_buf(),
        },
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            error,
        },
    }
}
