//! Drafts: the answer being typed, saved every few seconds and at every section switch, so a
//! crash or a killed terminal loses at most the last few seconds. One draft per card.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::record::SectionAnswer;
use super::{Store, StoreError, conversion_error, json_column, millis, time_column, to_json};
use crate::deck::CardId;

/// An unfinished answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub card: CardId,
    pub answers: Vec<SectionAnswer>,
    /// Time spent on it so far.
    pub elapsed: Duration,
    pub hints_used: u32,
    pub updated_at: DateTime<Utc>,
}

impl Store {
    /// Saves (or replaces) the card's draft in one small transaction.
    pub fn save_draft(&mut self, draft: &Draft) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO drafts (card_id, answers, elapsed_ms, hints_used, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (card_id) DO UPDATE SET answers = excluded.answers,
                     elapsed_ms = excluded.elapsed_ms, hints_used = excluded.hints_used,
                     updated_at = excluded.updated_at",
                params![
                    draft.card.as_str(),
                    to_json(&draft.answers)?,
                    i64::try_from(draft.elapsed.as_millis()).unwrap_or(i64::MAX),
                    draft.hints_used,
                    millis(draft.updated_at),
                ],
            )?;
            Ok(())
        })
    }

    /// The card's draft, if one was left.
    pub fn load_draft(&self, card: &CardId) -> Result<Option<Draft>, StoreError> {
        self.read(|conn| Ok(query_draft(conn, "WHERE card_id = ?1", [card.as_str()])?))
    }

    /// The most recently saved draft of any card: what to offer to resume after a crash.
    pub fn latest_draft(&self) -> Result<Option<Draft>, StoreError> {
        self.read(|conn| Ok(query_draft(conn, "ORDER BY updated_at DESC LIMIT 1", [])?))
    }

    /// Forgets the card's draft (recording an attempt does this too).
    pub fn clear_draft(&mut self, card: &CardId) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM drafts WHERE card_id = ?1", [card.as_str()])?;
            Ok(())
        })
    }
}

fn query_draft(
    conn: &Connection,
    clause: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Option<Draft>> {
    conn.query_row(
        &format!(
            "SELECT card_id, answers, elapsed_ms, hints_used, updated_at FROM drafts {clause}"
        ),
        params,
        draft_from_row,
    )
    .optional()
}

fn draft_from_row(row: &Row<'_>) -> rusqlite::Result<Draft> {
    let card: String = row.get(0)?;
    let elapsed_ms: i64 = row.get(2)?;
    Ok(Draft {
        card: CardId::parse(&card)
            .ok_or_else(|| conversion_error(0, format!("`{card}` is not a card id")))?,
        answers: json_column(row, 1)?,
        elapsed: Duration::from_millis(u64::try_from(elapsed_ms).unwrap_or(0)),
        hints_used: row.get(3)?,
        updated_at: time_column(row, 4)?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn draft(card: &str, text: &str, at: &str) -> Draft {
        Draft {
            card: CardId::parse(card).unwrap(),
            answers: vec![SectionAnswer {
                section: "goals".into(),
                text: text.into(),
            }],
            elapsed: Duration::from_millis(61_500),
            hints_used: 1,
            updated_at: at_utc(at),
        }
    }

    fn at_utc(text: &str) -> DateTime<Utc> {
        at(text).to_utc()
    }

    #[test]
    fn drafts_save_replace_load_and_clear() {
        let (_dir, mut store) = store();
        let first = draft(
            "carpool/track-performance",
            "Riders",
            "2025-03-01T10:00:00Z",
        );
        store.save_draft(&first).unwrap();
        let newer = draft(
            "carpool/track-performance",
            "Riders share",
            "2025-03-01T10:00:05Z",
        );
        store.save_draft(&newer).unwrap();
        assert_eq!(store.load_draft(&newer.card).unwrap(), Some(newer.clone()));
        let other = draft("reels/launch-metrics", "Creators", "2025-03-01T09:00:00Z");
        store.save_draft(&other).unwrap();
        assert_eq!(store.latest_draft().unwrap(), Some(newer.clone()));
        store.clear_draft(&newer.card).unwrap();
        assert_eq!(store.load_draft(&newer.card).unwrap(), None);
        assert_eq!(store.latest_draft().unwrap(), Some(other));
    }
}
