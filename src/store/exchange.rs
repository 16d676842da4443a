//! Export and import: the whole history as one JSON document, merged back without duplicates.
//!
//! The document (`schema_version` 1):
//!
//! ```text
//! {
//!   "schema_version": 1,
//!   "generator": "prepdeck 0.1.0",
//!   "attempts": [{ "uid", "card", "card_hash", "mode": "review"|"cram", "at", "day",
//!                  "answers": [{ "section", "text" }], "time_used_ms", "hints_used", "score",
//!                  "suggested_rating", "flags": [..],
//!                  "items": [{ "id", "source": "card"|"framework", "desc", "weight",
//!                              "status": "hit"|"partial"|"miss", "credit" }] }],
//!   "reviews": [{ "uid", "card", "attempt" (an attempt uid or null),
//!                 "kind": "new"|"review"|"relearning", "rating", "suggested_rating", "at",
//!                 "day", "before" (a card state or null), "after" (a card state) }],
//!   "card_states": [{ "card", "stability", "difficulty", "phase": "review"|"relearning",
//!                     "due", "last_review", "last_day", "interval_days", "reps", "lapses" }],
//!   "mock_sessions": [{ "uid", "plan", "started_at", "finished_at", "payload" }],
//!   "settings": { "fsrs.parameters": "[...]" }
//! }
//! ```
//!
//! Times are RFC 3339 in UTC with milliseconds, days are `YYYY-MM-DD`, ratings are
//! `again`/`hard`/`good`/`easy`. Every list is in a fixed order, so exporting an imported
//! export gives the same bytes. Import matches attempts, reviews and mock sessions by `uid`
//! and skips those already present; a card's state is taken when it is newer than the one
//! held; settings already set are kept.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::record::{
    AttemptRecord, ReviewRecord, STATE_COLUMNS, insert_review, load_state, read_attempts,
    read_reviews, save_state, state_from_row, store_attempt,
};
use super::{Fault, MockSession, Store, StoreError, mocks};
use crate::deck::CardId;
use crate::schedule::CardState;

/// The version of the export document this prepdeck writes and reads.
pub const EXPORT_SCHEMA_VERSION: u32 = 1;

/// The whole history: see the module documentation for the JSON shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub schema_version: u32,
    pub generator: String,
    pub attempts: Vec<AttemptRecord>,
    pub reviews: Vec<ReviewRecord>,
    pub card_states: Vec<CardStateRecord>,
    pub mock_sessions: Vec<MockSession>,
    pub settings: BTreeMap<String, String>,
}

/// A card's scheduling state, with the card it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardStateRecord {
    pub card: String,
    #[serde(flatten)]
    pub state: CardState,
}

/// What an import added and what it found already present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ImportSummary {
    pub attempts_added: u32,
    pub attempts_present: u32,
    pub reviews_added: u32,
    pub reviews_present: u32,
    pub card_states_updated: u32,
    pub mock_sessions_added: u32,
    pub settings_added: u32,
}

/// Just the version, read first so a newer document is refused with a clear reason.
#[derive(Deserialize)]
struct Version {
    schema_version: u32,
}

impl Export {
    /// Reads an export document; `source` names it in messages.
    pub fn from_json(text: &str, source: &str) -> Result<Export, StoreError> {
        let fail = |reason: String| StoreError::Import {
            path: source.to_string(),
            reason,
        };
        let version: Version = serde_json::from_str(text)
            .map_err(|e| fail(format!("it is not a prepdeck export ({})", json_reason(&e))))?;
        if version.schema_version > EXPORT_SCHEMA_VERSION {
            return Err(fail(format!(
                "it was exported by a newer prepdeck (schema {}; this one reads up to {EXPORT_SCHEMA_VERSION}); upgrade prepdeck first",
                version.schema_version
            )));
        }
        serde_json::from_str(text).map_err(|e| fail(json_reason(&e)))
    }

    /// The document as pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn json_reason(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    format!(
        "{message} at line {}, column {}",
        error.line(),
        error.column()
    )
}

impl Store {
    /// The whole history as an [`Export`].
    pub fn export(&self) -> Result<Export, StoreError> {
        self.read(|conn| {
            Ok(Export {
                schema_version: EXPORT_SCHEMA_VERSION,
                generator: format!("prepdeck {}", env!("CARGO_PKG_VERSION")),
                attempts: read_attempts(conn, None)?,
                reviews: read_reviews(conn, None)?,
                card_states: read_states(conn)?,
                mock_sessions: mocks::read_all(conn)?,
                settings: read_settings(conn)?,
            })
        })
    }

    /// Merges an export into this database in one transaction: all of it or, on any
    /// problem, none of it. `source` names the document in messages.
    pub fn import(&mut self, export: &Export, source: &str) -> Result<ImportSummary, StoreError> {
        validate(export, source)?;
        self.write(|tx| {
            let mut summary = ImportSummary::default();
            for attempt in &export.attempts {
                if row_id(tx, "attempts", &attempt.uid)?.is_some() {
                    summary.attempts_present += 1;
                } else {
                    store_attempt(tx, attempt)?;
                    summary.attempts_added += 1;
                }
            }
            for review in &export.reviews {
                if row_id(tx, "reviews", &review.uid)?.is_some() {
                    summary.reviews_present += 1;
                    continue;
                }
                let attempt_id = match &review.attempt {
                    Some(uid) => row_id(tx, "attempts", uid)?,
                    None => None,
                };
                insert_review(tx, review, attempt_id)?;
                summary.reviews_added += 1;
            }
            for record in &export.card_states {
                let newer = load_state(tx, &record.card)?
                    .is_none_or(|held| record.state.last_review > held.last_review);
                if newer {
                    save_state(tx, &record.card, &record.state)?;
                    summary.card_states_updated += 1;
                }
            }
            for session in &export.mock_sessions {
                if row_id(tx, "mock_sessions", &session.uid)?.is_none() {
                    mocks::upsert(tx, session)?;
                    summary.mock_sessions_added += 1;
                }
            }
            for (key, value) in &export.settings {
                summary.settings_added += tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                    (key, value),
                )? as u32;
            }
            Ok::<_, Fault>(summary)
        })
    }
}

/// Refuses documents whose contents the database would reject halfway through.
fn validate(export: &Export, source: &str) -> Result<(), StoreError> {
    let fail = |reason: String| StoreError::Import {
        path: source.to_string(),
        reason,
    };
    let cards = export
        .attempts
        .iter()
        .map(|a| &a.card)
        .chain(export.reviews.iter().map(|r| &r.card))
        .chain(export.card_states.iter().map(|s| &s.card));
    for card in cards {
        if CardId::parse(card).is_none() {
            return Err(fail(format!(
                "`{}` is not a card id (DECK/CARD)",
                crate::text::strip_control(card)
            )));
        }
    }
    if let Some(attempt) = export.attempts.iter().find(|a| a.score > 100) {
        return Err(fail(format!(
            "attempt {} has the score {}, above 100",
            attempt.uid, attempt.score
        )));
    }
    Ok(())
}

fn row_id(conn: &Connection, table: &str, uid: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        &format!("SELECT id FROM {table} WHERE uid = ?1"),
        [uid],
        |row| row.get(0),
    )
    .optional()
}

fn read_states(conn: &Connection) -> rusqlite::Result<Vec<CardStateRecord>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {STATE_COLUMNS} FROM card_states ORDER BY card_id"
    ))?;
    let rows = statement.query_map([], |row| {
        Ok(CardStateRecord {
            card: row.get(0)?,
            state: state_from_row(row)?,
        })
    })?;
    rows.collect()
}

fn read_settings(conn: &Connection) -> rusqlite::Result<BTreeMap<String, String>> {
    let mut statement = conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::config::ScheduleSettings;
    use crate::score::Rating;

    fn filled_store() -> (tempfile::TempDir, Store) {
        let (dir, mut store) = store();
        let bank = bank();
        let scheduler = store.scheduler(&ScheduleSettings::default()).unwrap();
        let now = at("2025-03-01T09:00:00+01:00");
        review_with(
            &mut store,
            &bank,
            &scheduler,
            "carpool/track-performance",
            Rating::Again,
            now,
        );
        review_with(
            &mut store,
            &bank,
            &scheduler,
            "reels/launch-metrics",
            Rating::Good,
            now,
        );
        let session = MockSession::new("loop", now.to_utc(), serde_json::json!({"a": [1, 2]}));
        store.save_mock_session(&session).unwrap();
        store
            .apply_parameters(&fsrs::DEFAULT_PARAMETERS, &ScheduleSettings::default())
            .unwrap();
        (dir, store)
    }

    #[test]
    fn export_then_import_into_an_empty_store_gives_the_same_export() {
        let (_dir, source) = filled_store();
        let text = source.export().unwrap().to_json();
        let (_other, mut target) = store();
        let summary = target
            .import(&Export::from_json(&text, "x.json").unwrap(), "x.json")
            .unwrap();
        assert_eq!(summary.attempts_added, 2);
        assert_eq!(summary.reviews_added, 2);
        assert_eq!(target.export().unwrap().to_json(), text);
    }

    #[test]
    fn importing_twice_adds_nothing_the_second_time() {
        let (_dir, mut store) = filled_store();
        let export = store.export().unwrap();
        let summary = store.import(&export, "x.json").unwrap();
        assert_eq!(
            summary,
            ImportSummary {
                attempts_present: 2,
                reviews_present: 2,
                ..ImportSummary::default()
            }
        );
        assert_eq!(store.export().unwrap(), export);
    }

    #[test]
    fn bad_documents_are_refused_with_a_reason_and_change_nothing() {
        let error = Export::from_json("{\"schema_version\": 7}", "new.json").unwrap_err();
        assert!(error.to_string().contains("newer prepdeck"), "{error}");
        let error = Export::from_json("[1, 2]", "list.json").unwrap_err();
        assert!(
            error.to_string().contains("not a prepdeck export"),
            "{error}"
        );
        let error =
            Export::from_json("{\"schema_version\": 1, \"attempts\": 3}", "x.json").unwrap_err();
        assert!(error.to_string().contains("line 1"), "{error}");

        let (_dir, mut store) = filled_store();
        let before = store.export().unwrap();
        let mut bad = before.clone();
        bad.attempts[0].uid = "fresh".into();
        bad.attempts[1].card = "no-slash".into();
        assert!(store.import(&bad, "bad.json").is_err());
        assert_eq!(store.export().unwrap(), before);
    }
}
