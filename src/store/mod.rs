//! The store: the only module that talks to SQLite. One database file in the data folder
//! keeps every attempt, review, card schedule, draft and mock session.
//!
//! Durability first: WAL journal with `synchronous = FULL`, foreign keys on, a busy timeout so
//! two prepdecks open at once wait for each other, and every write in one `BEGIN IMMEDIATE`
//! transaction, so a killed process loses at most the write it was making and never leaves
//! half of one. The schema is versioned with `PRAGMA user_version` and migrated forward at
//! open ([`schema`]); a file from a newer prepdeck is refused untouched, and a damaged file
//! is moved aside with a timestamp and reported, never silently replaced.
//!
//! The API in brief: [`Store::open`], [`Store::record_review`] (an attempt plus its rating),
//! [`Store::record_attempt`] (cram: no schedule change), [`Store::undo_last_review`],
//! [`Store::due_queue`], [`Store::stats`], [`Store::weakest_concepts`], [`Store::card_history`],
//! drafts ([`Store::save_draft`], [`Store::load_draft`], [`Store::latest_draft`],
//! [`Store::clear_draft`]), mock sessions, and [`Store::export`] / [`Store::import`].

mod drafts;
mod error;
mod exchange;
mod history;
mod mocks;
mod queue;
mod record;
pub mod schema;
mod stats;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::de::DeserializeOwned;

use crate::config::ScheduleSettings;
use crate::paths::Paths;
use crate::schedule::{LoggedRating, Scheduler};
use crate::score::Rating;

pub use drafts::Draft;
pub use error::{Aside, StoreError};
pub use exchange::{CardStateRecord, EXPORT_SCHEMA_VERSION, Export, ImportSummary};
pub use history::PastAttempt;
pub use mocks::MockSession;
pub use queue::{EntryKind, Focus, Queue, QueueEntry, QueueOptions};
pub use record::{
    AttemptMode, AttemptRecord, CardHistory, ItemResult, NewAttempt, ReviewKind, ReviewOutcome,
    ReviewRecord, SectionAnswer, Undone,
};
pub use stats::{ConceptStat, DayCount, DeckMastery, Leech, Stats};

/// How long a write waits for another prepdeck's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long opening waits before trying again when SQLite reports the file busy.
const OPEN_RETRY_PAUSE: Duration = Duration::from_millis(20);
/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// The settings key of the personal FSRS parameters, a JSON array of numbers.
const PARAMETERS_KEY: &str = "fsrs.parameters";

/// An open database. Cheap to keep open for a whole session; every method is one transaction.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Set when SQLite found the file damaged: the file has been moved aside (with why), and
    /// every later call fails rather than write into the moved file.
    damaged: RefCell<Option<(Aside, String)>>,
}

/// A failure inside a transaction: SQLite's, classified once the transaction is over, or ours.
enum Fault {
    Sql(rusqlite::Error),
    Store(StoreError),
}

impl From<rusqlite::Error> for Fault {
    fn from(error: rusqlite::Error) -> Self {
        Fault::Sql(error)
    }
}

impl From<StoreError> for Fault {
    fn from(error: StoreError) -> Self {
        Fault::Store(error)
    }
}

impl From<crate::schedule::ScheduleError> for Fault {
    fn from(error: crate::schedule::ScheduleError) -> Self {
        Fault::Store(StoreError::Schedule(error))
    }
}

impl Store {
    /// Opens (creating when needed) the database in the data folder, migrating it forward.
    pub fn open(paths: &Paths) -> Result<Store, StoreError> {
        Self::open_at(&paths.database())
    }

    /// Opens the database at `path`; see [`Store::open`].
    pub fn open_at(path: &Path) -> Result<Store, StoreError> {
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::ReadOnly {
            dir: dir.clone(),
            reason: format!("cannot create it: {}", crate::deck::bank::io_reason(&e)),
        })?;
        let damaged = |reason| StoreError::Damaged {
            path: path.to_path_buf(),
            aside: error::move_aside(path),
            reason,
        };
        if let Some(reason) = header_problem(path)? {
            return Err(damaged(reason));
        }
        // SQLite answers BUSY without consulting the busy handler while another connection
        // switches the file to WAL or recovers its log, so opening retries on its own clock.
        let deadline = Instant::now() + BUSY_TIMEOUT;
        loop {
            let conn = Connection::open(path).map_err(|e| error::classify(e, path))?;
            match Self::prepare(conn, path) {
                Err(StoreError::Busy { .. }) if Instant::now() < deadline => {
                    std::thread::sleep(OPEN_RETRY_PAUSE);
                }
                Err(StoreError::Damaged {
                    aside: Aside::NotYet,
                    reason,
                    ..
                }) => return Err(damaged(reason)),
                result => return result,
            }
        }
    }

    fn prepare(conn: Connection, path: &Path) -> Result<Store, StoreError> {
        let fail = |e| error::classify(e, path);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        let version = user_version(&conn).map_err(fail)?;
        if version > schema::VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: schema::VERSION,
            });
        }
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .map_err(fail)?;
        if !mode.eq_ignore_ascii_case("wal") {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| {
                row.get::<_, String>(0)
            })
            .map_err(fail)?;
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(fail)?;
        conn.pragma_update(None, "cell_size_check", true)
            .map_err(fail)?;
        // Reads the schema pages: with the header check and SQLite's own comparison of the
        // page count with the file size, a truncated or overwritten file fails here. A full
        // integrity check would read every page, too slow to run at each start.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
            row.get::<_, i64>(0)
        })
        .map_err(fail)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            damaged: RefCell::new(None),
        };
        if version < schema::VERSION {
            store.migrate()?;
        }
        Ok(store)
    }

    /// Applies the migrations the file lacks, re-reading the version under the write lock
    /// in case another prepdeck migrated it first.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        self.write(|tx| {
            let version = user_version(tx)?;
            if version > schema::VERSION {
                return Err(Fault::Store(StoreError::TooNew {
                    path,
                    found: version,
                    supported: schema::VERSION,
                }));
            }
            for migration in &schema::MIGRATIONS[version.max(0) as usize..] {
                tx.execute_batch(migration)?;
            }
            tx.pragma_update(None, "user_version", schema::VERSION)?;
            Ok(())
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one immediate (write-locking) transaction: all of it is saved, or none.
    fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, Fault>,
    ) -> Result<T, StoreError> {
        self.refuse_if_damaged()?;
        let result = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Fault::Sql)
            .and_then(|tx| {
                let value = f(&tx)?;
                tx.commit()?;
                Ok(value)
            });
        result.map_err(|fault| self.fail(fault))
    }

    /// Runs `f` in one read transaction, so every query sees the same snapshot.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T, Fault>) -> Result<T, StoreError> {
        self.refuse_if_damaged()?;
        let result = self
            .conn
            .unchecked_transaction()
            .map_err(Fault::Sql)
            .and_then(|tx| {
                let value = f(&tx)?;
                tx.finish()?;
                Ok(value)
            });
        result.map_err(|fault| self.fail(fault))
    }

    /// Classifies a failure. Damage found while in use is acted on at once: the file is
    /// moved aside (the open connection keeps working on the moved file, which no later call
    /// touches), so the next start begins a new database and nothing is silently replaced.
    fn fail(&self, fault: Fault) -> StoreError {
        let error = match fault {
            Fault::Store(error) => return error,
            Fault::Sql(error) => error,
        };
        if !error::is_damage(&error) {
            return error::classify(error, &self.path);
        }
        let mut damaged = self.damaged.borrow_mut();
        if damaged.is_none() {
            *damaged = Some((error::move_aside(&self.path), error.to_string()));
        }
        drop(damaged);
        self.refuse_if_damaged()
            .err()
            .unwrap_or_else(|| error::classify(error, &self.path))
    }

    fn refuse_if_damaged(&self) -> Result<(), StoreError> {
        match &*self.damaged.borrow() {
            Some((aside, reason)) => Err(StoreError::Damaged {
                path: self.path.clone(),
                aside: aside.clone(),
                reason: reason.clone(),
            }),
            None => Ok(()),
        }
    }

    /// The user's personal FSRS parameters; empty when `prepdeck optimize` has not run.
    pub fn parameters(&self) -> Result<Vec<f32>, StoreError> {
        self.read(|conn| Ok(read_parameters(conn)?))
    }

    /// The scheduler with the user's parameters and `settings`.
    pub fn scheduler(&self, settings: &ScheduleSettings) -> Result<Scheduler, StoreError> {
        Ok(Scheduler::new(&self.parameters()?, settings)?)
    }

    /// Every card's ratings, oldest first, one list per card: the optimizer's input.
    pub fn review_log(&self) -> Result<Vec<Vec<LoggedRating>>, StoreError> {
        self.read(|conn| Ok(review_log(conn)?))
    }

    /// Saves fitted parameters and recomputes every card's memory from its log with them, as
    /// Anki does after optimizing; due dates stay as they are, so no card jumps.
    pub fn apply_parameters(
        &mut self,
        parameters: &[f32],
        settings: &ScheduleSettings,
    ) -> Result<(), StoreError> {
        let scheduler = Scheduler::new(parameters, settings)?;
        let text = serde_json::to_string(parameters).map_err(|e| StoreError::Sqlite {
            path: self.path.clone(),
            error: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
        })?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (PARAMETERS_KEY, &text),
            )?;
            let mut update = tx.prepare(
                "UPDATE card_states SET stability = ?2, difficulty = ?3 WHERE card_id = ?1",
            )?;
            for (card, log) in card_logs(tx)? {
                if let Some(state) = scheduler.replay(&log)? {
                    update.execute((
                        &card,
                        f64::from(state.stability),
                        f64::from(state.difficulty),
                    ))?;
                }
            }
            Ok(())
        })
    }
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Checks the file's first bytes: a file that is not SQLite, or is cut short, is refused
/// before SQLite is let near it. A missing or empty file is a new database.
fn header_problem(path: &Path) -> Result<Option<String>, StoreError> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(StoreError::ReadOnly {
                dir: path.parent().unwrap_or(path).to_path_buf(),
                reason: format!(
                    "cannot read the database file: {}",
                    crate::deck::bank::io_reason(&e)
                ),
            });
        }
    };
    let mut header = Vec::with_capacity(100);
    file.by_ref()
        .take(100)
        .read_to_end(&mut header)
        .map_err(|e| StoreError::ReadOnly {
            dir: path.parent().unwrap_or(path).to_path_buf(),
            reason: format!(
                "cannot read the database file: {}",
                crate::deck::bank::io_reason(&e)
            ),
        })?;
    Ok(match header.len() {
        0 => None,
        n if header.starts_with(SQLITE_HEADER) && n == 100 => None,
        n if n < 100 && SQLITE_HEADER.starts_with(&header[..n.min(16)]) => {
            Some("the file is cut short".into())
        }
        _ => Some("the file is not a SQLite database".into()),
    })
}

fn read_parameters(conn: &Connection) -> rusqlite::Result<Vec<f32>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [PARAMETERS_KEY],
            |row| row.get(0),
        )
        .optional()?;
    match text {
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(e))),
        None => Ok(Vec::new()),
    }
}

fn review_log(conn: &Connection) -> rusqlite::Result<Vec<Vec<LoggedRating>>> {
    Ok(card_logs(conn)?.into_iter().map(|(_, log)| log).collect())
}

/// Each card's ratings, oldest first, by card id.
fn card_logs(conn: &Connection) -> rusqlite::Result<Vec<(String, Vec<LoggedRating>)>> {
    let mut statement =
        conn.prepare("SELECT card_id, rating, at, day FROM reviews ORDER BY card_id, at, id")?;
    let mut rows = statement.query([])?;
    let mut logs: Vec<(String, Vec<LoggedRating>)> = Vec::new();
    while let Some(row) = rows.next()? {
        let card: String = row.get(0)?;
        let entry = LoggedRating {
            rating: rating_column(row, 1)?,
            at: time_column(row, 2)?,
            day: day_column(row, 3)?,
        };
        match logs.last_mut() {
            Some((last, log)) if *last == card => log.push(entry),
            _ => logs.push((card, vec![entry])),
        }
    }
    Ok(logs)
}

fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn conversion_error(index: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, message.into())
}

fn time_column(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let ms: i64 = row.get(index)?;
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| conversion_error(index, format!("{ms} is not a time")))
}

fn optional_time_column(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let ms: Option<i64> = row.get(index)?;
    ms.map(|ms| {
        DateTime::from_timestamp_millis(ms)
            .ok_or_else(|| conversion_error(index, format!("{ms} is not a time")))
    })
    .transpose()
}

fn day_column(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(index)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| conversion_error(index, format!("`{text}` is not a day")))
}

fn rating_column(row: &Row<'_>, index: usize) -> rusqlite::Result<Rating> {
    let text: String = row.get(index)?;
    Rating::parse(&text).ok_or_else(|| conversion_error(index, format!("`{text}` is not a rating")))
}

fn json_column<T: DeserializeOwned>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
}

fn to_json<T: serde::Serialize>(value: &T) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::deck::Bank;

    pub fn bank() -> Bank {
        Bank::bundled()
    }

    pub fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_at(&dir.path().join("prepdeck.sqlite3")).unwrap();
        (dir, store)
    }

    pub fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339(text).unwrap()
    }

    /// A card and the report of `answer` to it.
    pub fn scored(
        bank: &Bank,
        id: &str,
        answer: &str,
    ) -> (crate::deck::Card, crate::score::Report) {
        let card = bank.card(id).unwrap().clone();
        let deck = bank.deck(card.id.deck()).unwrap();
        let report = crate::score::score_card(
            &card,
            bank.framework_for(&card),
            &crate::score::Lexicon::new(&deck.thesaurus),
            answer,
            crate::score::Options::default(),
        );
        (card, report)
    }

    /// Records a review of a weak answer to `id` with the default scheduler.
    pub fn review(
        store: &mut Store,
        bank: &Bank,
        id: &str,
        rating: Rating,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> ReviewOutcome {
        let scheduler = store.scheduler(&ScheduleSettings::default()).unwrap();
        review_with(store, bank, &scheduler, id, rating, now)
    }

    /// Records a review of a weak answer to `id` with `scheduler`.
    pub fn review_with(
        store: &mut Store,
        bank: &Bank,
        scheduler: &Scheduler,
        id: &str,
        rating: Rating,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> ReviewOutcome {
        let (card, report) = scored(bank, id, "match rate");
        let attempt = NewAttempt {
            card: &card,
            answers: vec![SectionAnswer {
                section: String::new(),
                text: "match rate".into(),
            }],
            time_used: Duration::from_secs(60),
            report: &report,
            hands_in_draft: false,
        };
        store
            .record_review(&attempt, rating, scheduler, now)
            .unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn a_new_database_is_migrated_to_the_current_version_in_wal_mode() {
        let (_dir, store) = store();
        assert_eq!(user_version(&store.conn).unwrap(), schema::VERSION);
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let keys: bool = store
            .conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert!(keys);
    }

    #[test]
    fn reopening_keeps_the_data_and_the_version() {
        let (dir, mut store) = store();
        store
            .apply_parameters(&[], &ScheduleSettings::default())
            .unwrap();
        drop(store);
        let store = Store::open_at(&dir.path().join("prepdeck.sqlite3")).unwrap();
        assert_eq!(store.parameters().unwrap().len(), 0);
        assert_eq!(user_version(&store.conn).unwrap(), schema::VERSION);
    }

    #[test]
    fn a_first_version_database_is_migrated_with_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prepdeck.sqlite3");
        let old = Connection::open(&path).unwrap();
        old.execute_batch(schema::MIGRATIONS[0]).unwrap();
        old.execute(
            "INSERT INTO settings (key, value) VALUES ('fsrs.parameters', '[]')",
            [],
        )
        .unwrap();
        old.pragma_update(None, "user_version", 1).unwrap();
        drop(old);

        let store = Store::open_at(&path).unwrap();
        assert_eq!(user_version(&store.conn).unwrap(), schema::VERSION);
        assert_eq!(store.parameters().unwrap().len(), 0, "the data is kept");
        let indexes: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index'
                 AND name IN ('attempts_by_time', 'attempts_latest_score')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 2);
    }

    #[test]
    fn a_newer_schema_is_refused_and_left_untouched() {
        let (dir, store) = store();
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        let path = dir.path().join("prepdeck.sqlite3");
        let before = std::fs::read(&path).unwrap();
        let error = Store::open_at(&path).err().unwrap();
        assert!(
            matches!(error, StoreError::TooNew { found: 99, .. }),
            "{error}"
        );
        assert!(error.to_string().contains("newer prepdeck"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prepdeck.sqlite3");
        std::fs::write(&path, "my shopping list, not a database\n".repeat(10)).unwrap();
        let error = Store::open_at(&path).err().unwrap();
        let StoreError::Damaged {
            aside: error::Aside::Moved(moved),
            ..
        } = &error
        else {
            panic!("{error}");
        };
        assert!(!path.exists());
        assert!(
            std::fs::read_to_string(moved)
                .unwrap()
                .starts_with("my shopping list")
        );
        assert!(Store::open_at(&path).is_ok());
    }

    #[test]
    fn parameters_round_trip_and_rebuild_memory() {
        let (_dir, mut store) = store();
        let settings = ScheduleSettings::default();
        let mut parameters = fsrs::DEFAULT_PARAMETERS.to_vec();
        parameters[2] = 5.0;
        store.apply_parameters(&parameters, &settings).unwrap();
        assert_eq!(store.parameters().unwrap(), parameters);
        assert_eq!(store.scheduler(&settings).unwrap().parameters(), parameters);
    }
}
