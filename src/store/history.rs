//! Light reads for the trainer's screens: the latest attempts (scores and answers, without
//! their item verdicts), each card's last score, and every card's schedule at once.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::queue::all_states;
use super::record::SectionAnswer;
use super::{Store, StoreError, json_column, time_column};
use crate::schedule::CardState;

/// An attempt as the history list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PastAttempt {
    pub card: String,
    pub at: DateTime<Utc>,
    /// Rated (a review) rather than kept without moving the schedule (cram).
    pub rated: bool,
    pub score: u8,
    pub answers: Vec<SectionAnswer>,
}

impl Store {
    /// The latest `limit` attempts of any card, newest first.
    pub fn recent_attempts(&self, limit: usize) -> Result<Vec<PastAttempt>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare(
                // Walks `attempts_by_time` from the end and stops after `limit` rows, instead
                // of reading every answer to sort by time.
                "SELECT card_id, at, mode = 'review', score, answers FROM attempts
                 ORDER BY at DESC, id DESC LIMIT ?1",
            )?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let rows = statement.query_map([limit], |row| {
                Ok(PastAttempt {
                    card: row.get(0)?,
                    at: time_column(row, 1)?,
                    rated: row.get(2)?,
                    score: row.get(3)?,
                    answers: json_column(row, 4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Each attempted card's latest score, by card id.
    pub fn last_scores(&self) -> Result<HashMap<String, u8>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare(
                // SQLite takes a bare column from the row that holds the MAX, so this reads
                // only `attempts_latest_score`.
                "SELECT card_id, score, MAX(at) FROM attempts GROUP BY card_id",
            )?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
        })
    }

    /// Every reviewed card's schedule, by card id.
    pub fn card_states(&self) -> Result<HashMap<String, CardState>, StoreError> {
        self.read(|conn| Ok(all_states(conn)?))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{at, bank, review, store};
    use crate::deck::CardId;
    use crate::score::Rating;

    #[test]
    fn recent_attempts_come_newest_first_with_last_scores() {
        let bank = bank();
        let (_dir, mut store) = store();
        let first = bank.cards().next().expect("a card").id.clone();
        review(
            &mut store,
            &bank,
            first.as_str(),
            Rating::Good,
            at("2025-03-01T10:00:00+00:00"),
        );
        review(
            &mut store,
            &bank,
            first.as_str(),
            Rating::Hard,
            at("2025-03-05T10:00:00+00:00"),
        );
        let recent = store.recent_attempts(10).unwrap();
        assert_eq!(recent.len(), 2);
        assert!(recent[0].at > recent[1].at);
        assert!(recent.iter().all(|a| a.rated && a.card == first.as_str()));
        assert_eq!(store.recent_attempts(1).unwrap().len(), 1);
        let last = store.last_scores().unwrap();
        assert_eq!(last.get(first.as_str()), Some(&recent[0].score));
        let states = store.card_states().unwrap();
        assert_eq!(states.len(), 1);
        assert_eq!(
            store
                .card_state(&CardId::parse(first.as_str()).unwrap())
                .unwrap()
                .as_ref(),
            states.get(first.as_str())
        );
    }
}
