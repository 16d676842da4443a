//! Recording attempts and reviews, undoing the last review, and reading a card's history.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde::{Deserialize, Serialize};

use super::{
    Fault, Store, StoreError, conversion_error, day_column, day_text, json_column, millis,
    rating_column, time_column, to_json,
};
use crate::deck::{Card, CardId, Framework};
use crate::schedule::{CardState, Phase, Scheduler, truncate_to_millis};
use crate::score::{ItemSource, Rating, Report, Status, answer};

/// The text typed under one section; `section` is the framework's section id, or empty for
/// text outside any section (all of a recall card's answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionAnswer {
    pub section: String,
    pub text: String,
}

impl SectionAnswer {
    /// Splits a Markdown answer by the framework's section headings, in the order written.
    pub fn from_markdown(markdown: &str, framework: Option<&Framework>) -> Vec<SectionAnswer> {
        let sections = framework.map_or(&[][..], |f| &f.sections);
        answer::split_sections(markdown, sections)
            .into_iter()
            .map(|(index, text)| SectionAnswer {
                section: index
                    .and_then(|i| sections.get(i))
                    .map_or(String::new(), |s| s.id.clone()),
                text,
            })
            .collect()
    }
}

/// An answer that was scored, ready to be recorded.
#[derive(Debug, Clone)]
pub struct NewAttempt<'a> {
    pub card: &'a Card,
    pub answers: Vec<SectionAnswer>,
    pub time_used: Duration,
    /// The scorer's report: score, suggested rating, hints used, flags and every item.
    pub report: &'a Report,
    /// Whether this is the card's draft handed in (the trainer's drill), so the draft goes
    /// with it. An answer from a file or a mock leaves the trainer's draft alone.
    pub hands_in_draft: bool,
}

/// Whether an attempt moved the card's schedule (a review) or not (cram).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttemptMode {
    Review,
    Cram,
}

impl AttemptMode {
    fn name(self) -> &'static str {
        match self {
            AttemptMode::Review => "review",
            AttemptMode::Cram => "cram",
        }
    }

    fn parse(text: &str) -> Option<AttemptMode> {
        [AttemptMode::Review, AttemptMode::Cram]
            .into_iter()
            .find(|m| m.name() == text)
    }
}

/// What the card was before a review: never seen, on schedule, or being relearned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewKind {
    New,
    Review,
    Relearning,
}

impl ReviewKind {
    /// The kind of a review of a card in state `before` (`None`: never reviewed).
    pub fn of(before: Option<&CardState>) -> ReviewKind {
        match before.map(|s| s.phase) {
            None => ReviewKind::New,
            Some(Phase::Review) => ReviewKind::Review,
            Some(Phase::Relearning) => ReviewKind::Relearning,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            ReviewKind::New => "new",
            ReviewKind::Review => "review",
            ReviewKind::Relearning => "relearning",
        }
    }

    fn parse(text: &str) -> Option<ReviewKind> {
        [ReviewKind::New, ReviewKind::Review, ReviewKind::Relearning]
            .into_iter()
            .find(|k| k.name() == text)
    }
}

/// One rubric item's verdict in a recorded attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    pub id: String,
    pub source: ItemSource,
    pub desc: String,
    pub weight: u8,
    pub status: Status,
    pub credit: f64,
}

/// A recorded attempt, as read back (and as exported).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptRecord {
    /// Unique across databases, so an import never duplicates it.
    pub uid: String,
    pub card: String,
    /// The card's [`Card::content_hash`] when it was attempted.
    pub card_hash: String,
    pub mode: AttemptMode,
    pub at: DateTime<Utc>,
    pub day: NaiveDate,
    pub answers: Vec<SectionAnswer>,
    pub time_used_ms: u64,
    pub hints_used: u32,
    pub score: u8,
    pub suggested_rating: Rating,
    pub flags: Vec<String>,
    pub items: Vec<ItemResult>,
}

/// A recorded review, as read back (and as exported).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub uid: String,
    pub card: String,
    /// The uid of the attempt that was rated.
    pub attempt: Option<String>,
    pub kind: ReviewKind,
    pub rating: Rating,
    /// The scorer's suggestion, which the user may have overridden.
    pub suggested_rating: Option<Rating>,
    pub at: DateTime<Utc>,
    pub day: NaiveDate,
    pub before: Option<CardState>,
    pub after: CardState,
}

/// What recording a review did.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewOutcome {
    pub attempt_uid: String,
    pub review_uid: String,
    pub before: Option<CardState>,
    pub after: CardState,
    /// The card has now failed `leech_threshold` times or more.
    pub leech: bool,
}

/// The review taken back by [`Store::undo_last_review`].
#[derive(Debug, Clone, PartialEq)]
pub struct Undone {
    pub card: String,
    pub rating: Rating,
    pub at: DateTime<Utc>,
    /// The state the card is back to; `None` when it is new again.
    pub restored: Option<CardState>,
    /// Whether the review's answer became the card's draft again (not when a newer draft
    /// was already waiting, which is kept).
    pub answer_kept: bool,
}

/// Everything recorded about one card, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct CardHistory {
    pub state: Option<CardState>,
    pub attempts: Vec<AttemptRecord>,
    pub reviews: Vec<ReviewRecord>,
}

impl Store {
    /// Records a scored attempt and its rating in one transaction: the attempt with every
    /// item's verdict, the review with the card's state before and after, the card's new
    /// schedule from `scheduler`; the card's draft is cleared if this attempt hands it in.
    pub fn record_review(
        &mut self,
        attempt: &NewAttempt<'_>,
        rating: Rating,
        scheduler: &Scheduler,
        now: DateTime<FixedOffset>,
    ) -> Result<ReviewOutcome, StoreError> {
        self.write(|tx| {
            let card = attempt.card.id.as_str();
            let before = load_state(tx, card)?;
            let after = scheduler.review(before.as_ref(), rating, now)?;
            let (attempt_id, attempt_uid) =
                insert_attempt(tx, attempt, AttemptMode::Review, after.last_review, &now)?;
            let review = ReviewRecord {
                uid: new_uid(),
                card: card.to_string(),
                attempt: Some(attempt_uid.clone()),
                kind: ReviewKind::of(before.as_ref()),
                rating,
                suggested_rating: Some(attempt.report.rating),
                at: after.last_review,
                day: now.date_naive(),
                before,
                after,
            };
            insert_review(tx, &review, Some(attempt_id))?;
            save_state(tx, card, &after)?;
            if attempt.hands_in_draft {
                tx.execute("DELETE FROM drafts WHERE card_id = ?1", [card])?;
            }
            Ok(ReviewOutcome {
                attempt_uid,
                review_uid: review.uid,
                before,
                after,
                leech: scheduler.is_leech(&after),
            })
        })
    }

    /// Records a scored attempt without touching the card's schedule (cram mode); the
    /// item verdicts still count toward weak concepts. Clears the card's draft if this
    /// attempt hands it in. Returns the attempt's uid.
    pub fn record_attempt(
        &mut self,
        attempt: &NewAttempt<'_>,
        now: DateTime<FixedOffset>,
    ) -> Result<String, StoreError> {
        self.write(|tx| {
            let at = truncate_to_millis(now.to_utc());
            let (_, uid) = insert_attempt(tx, attempt, AttemptMode::Cram, at, &now)?;
            if attempt.hands_in_draft {
                tx.execute(
                    "DELETE FROM drafts WHERE card_id = ?1",
                    [attempt.card.id.as_str()],
                )?;
            }
            Ok(uid)
        })
    }

    /// Takes back the most recent review: the card returns to its state before it, the
    /// review and its attempt are removed, and the attempt's answer becomes the card's draft
    /// unless one is waiting. `None` when there is nothing to undo.
    pub fn undo_last_review(&mut self) -> Result<Option<Undone>, StoreError> {
        self.write(|tx| {
            let last = tx
                .query_row(
                    "SELECT id, card_id, rating, at, state_before, attempt_id FROM reviews
                     ORDER BY at DESC, id DESC LIMIT 1",
                    [],
                    |row| {
                        let before: Option<String> = row.get(4)?;
                        let before = before
                            .map(|text| serde_json::from_str::<CardState>(&text))
                            .transpose()
                            .map_err(|e| conversion_error(4, e.to_string()))?;
                        Ok((
                            row.get::<_, i64>(0)?,
                            Undone {
                                card: row.get(1)?,
                                rating: rating_column(row, 2)?,
                                at: time_column(row, 3)?,
                                restored: before,
                                answer_kept: false,
                            },
                            row.get::<_, Option<i64>>(5)?,
                        ))
                    },
                )
                .optional()?;
            let Some((review_id, mut undone, attempt_id)) = last else {
                return Ok(None);
            };
            match &undone.restored {
                Some(state) => save_state(tx, &undone.card, state)?,
                None => {
                    tx.execute("DELETE FROM card_states WHERE card_id = ?1", [&undone.card])?;
                }
            }
            tx.execute("DELETE FROM reviews WHERE id = ?1", [review_id])?;
            if let Some(attempt_id) = attempt_id {
                // What was written is not the mistake being undone: it waits as a draft.
                undone.answer_kept = tx.execute(
                    "INSERT INTO drafts (card_id, answers, elapsed_ms, hints_used, updated_at)
                     SELECT card_id, answers, time_used_ms, hints_used, at FROM attempts
                     WHERE id = ?1
                     ON CONFLICT (card_id) DO NOTHING",
                    [attempt_id],
                )? == 1;
                // Items first, so their delete trigger takes them off the concept tallies.
                tx.execute(
                    "DELETE FROM item_results WHERE attempt_id = ?1",
                    [attempt_id],
                )?;
                tx.execute("DELETE FROM attempts WHERE id = ?1", [attempt_id])?;
            }
            Ok(Some(undone))
        })
    }

    /// The card's scheduling state; `None` for a card never reviewed.
    pub fn card_state(&self, card: &CardId) -> Result<Option<CardState>, StoreError> {
        self.read(|conn| Ok(load_state(conn, card.as_str())?))
    }

    /// Every attempt and review of a card, oldest first, with its current state.
    pub fn card_history(&self, card: &CardId) -> Result<CardHistory, StoreError> {
        self.read(|conn| {
            Ok(CardHistory {
                state: load_state(conn, card.as_str())?,
                attempts: read_attempts(conn, Some(card.as_str()))?,
                reviews: read_reviews(conn, Some(card.as_str()))?,
            })
        })
    }
}

pub(super) fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Hit => "hit",
        Status::Partial => "partial",
        Status::Miss => "miss",
    }
}

fn parse_status(text: &str) -> Option<Status> {
    [Status::Hit, Status::Partial, Status::Miss]
        .into_iter()
        .find(|s| status_name(*s) == text)
}

fn source_name(source: ItemSource) -> &'static str {
    match source {
        ItemSource::Card => "card",
        ItemSource::Framework => "framework",
    }
}

fn insert_attempt(
    conn: &Connection,
    attempt: &NewAttempt<'_>,
    mode: AttemptMode,
    at: DateTime<Utc>,
    now: &DateTime<FixedOffset>,
) -> Result<(i64, String), Fault> {
    let report = attempt.report;
    let record = AttemptRecord {
        uid: new_uid(),
        card: attempt.card.id.as_str().to_string(),
        card_hash: attempt.card.content_hash(),
        mode,
        at,
        day: now.date_naive(),
        answers: attempt.answers.clone(),
        time_used_ms: u64::try_from(attempt.time_used.as_millis()).unwrap_or(u64::MAX),
        hints_used: report.hints_used,
        score: report.score,
        suggested_rating: report.rating,
        flags: report.flags.clone(),
        items: report
            .items
            .iter()
            .map(|item| ItemResult {
                id: item.id.clone(),
                source: item.from,
                desc: item.desc.clone(),
                weight: item.weight,
                status: item.status,
                credit: item.credit,
            })
            .collect(),
    };
    let id = store_attempt(conn, &record)?;
    Ok((id, record.uid))
}

/// Writes an attempt with its items; returns its row id.
pub(super) fn store_attempt(conn: &Connection, record: &AttemptRecord) -> Result<i64, Fault> {
    conn.execute(
        "INSERT INTO attempts (uid, card_id, card_hash, mode, at, day, answers, time_used_ms,
                               hints_used, score, suggested, flags)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            record.uid,
            record.card,
            record.card_hash,
            record.mode.name(),
            millis(record.at),
            day_text(record.day),
            to_json(&record.answers)?,
            i64::try_from(record.time_used_ms).unwrap_or(i64::MAX),
            record.hints_used,
            record.score,
            record.suggested_rating.name(),
            to_json(&record.flags)?,
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut insert = conn.prepare_cached(
        "INSERT INTO item_results (attempt_id, position, card_id, item_id, source, description,
                                   weight, status, credit)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (position, item) in record.items.iter().enumerate() {
        insert.execute(params![
            id,
            position as i64,
            record.card,
            item.id,
            source_name(item.source),
            item.desc,
            item.weight,
            status_name(item.status),
            item.credit,
        ])?;
    }
    Ok(id)
}

/// Writes a review; `attempt_id` is the row of the attempt it rated, when there is one.
pub(super) fn insert_review(
    conn: &Connection,
    review: &ReviewRecord,
    attempt_id: Option<i64>,
) -> Result<(), Fault> {
    conn.execute(
        "INSERT INTO reviews (uid, card_id, attempt_id, kind, rating, suggested, at, day,
                              state_before, state_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            review.uid,
            review.card,
            attempt_id,
            review.kind.name(),
            review.rating.name(),
            review.suggested_rating.map(Rating::name),
            millis(review.at),
            day_text(review.day),
            review.before.as_ref().map(to_json).transpose()?,
            to_json(&review.after)?,
        ],
    )?;
    Ok(())
}

pub(super) fn save_state(conn: &Connection, card: &str, state: &CardState) -> Result<(), Fault> {
    conn.execute(
        "INSERT INTO card_states (card_id, stability, difficulty, phase, due, last_review,
                                  last_day, interval_days, reps, lapses)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (card_id) DO UPDATE SET
             stability = excluded.stability, difficulty = excluded.difficulty,
             phase = excluded.phase, due = excluded.due, last_review = excluded.last_review,
             last_day = excluded.last_day, interval_days = excluded.interval_days,
             reps = excluded.reps, lapses = excluded.lapses",
        params![
            card,
            f64::from(state.stability),
            f64::from(state.difficulty),
            state.phase.name(),
            millis(state.due),
            millis(state.last_review),
            day_text(state.last_day),
            state.interval_days,
            state.reps,
            state.lapses,
        ],
    )?;
    Ok(())
}

/// The columns [`state_from_row`] reads, in order, after the card id.
pub(super) const STATE_COLUMNS: &str = "card_id, stability, difficulty, phase, due, last_review, last_day, interval_days, reps, lapses";

/// Reads a card state from a row selected with [`STATE_COLUMNS`].
pub(super) fn state_from_row(row: &Row<'_>) -> rusqlite::Result<CardState> {
    let phase: String = row.get(3)?;
    Ok(CardState {
        stability: row.get::<_, f64>(1)? as f32,
        difficulty: row.get::<_, f64>(2)? as f32,
        phase: Phase::parse(&phase)
            .ok_or_else(|| conversion_error(3, format!("`{phase}` is not a phase")))?,
        due: time_column(row, 4)?,
        last_review: time_column(row, 5)?,
        last_day: day_column(row, 6)?,
        interval_days: row.get(7)?,
        reps: row.get(8)?,
        lapses: row.get(9)?,
    })
}

pub(super) fn load_state(conn: &Connection, card: &str) -> rusqlite::Result<Option<CardState>> {
    conn.query_row(
        &format!("SELECT {STATE_COLUMNS} FROM card_states WHERE card_id = ?1"),
        [card],
        state_from_row,
    )
    .optional()
}

/// Attempts with their items, oldest first; of one card, or of all when `card` is `None`.
pub(super) fn read_attempts(
    conn: &Connection,
    card: Option<&str>,
) -> rusqlite::Result<Vec<AttemptRecord>> {
    let filter = if card.is_some() {
        "WHERE card_id = ?1"
    } else {
        ""
    };
    let mut items: HashMap<i64, Vec<ItemResult>> = HashMap::new();
    let mut statement = conn.prepare(&format!(
        "SELECT attempt_id, item_id, source, description, weight, status, credit
         FROM item_results WHERE attempt_id IN (SELECT id FROM attempts {filter})
         ORDER BY attempt_id, position"
    ))?;
    let mut rows = statement.query(params_from_iter(card))?;
    while let Some(row) = rows.next()? {
        let source: String = row.get(2)?;
        let status: String = row.get(5)?;
        items.entry(row.get(0)?).or_default().push(ItemResult {
            id: row.get(1)?,
            source: match source.as_str() {
                "card" => ItemSource::Card,
                "framework" => ItemSource::Framework,
                other => return Err(conversion_error(2, format!("`{other}` is not a source"))),
            },
            desc: row.get(3)?,
            weight: row.get(4)?,
            status: parse_status(&status)
                .ok_or_else(|| conversion_error(5, format!("`{status}` is not a status")))?,
            credit: row.get(6)?,
        });
    }
    let mut statement = conn.prepare(&format!(
        "SELECT id, uid, card_id, card_hash, mode, at, day, answers, time_used_ms, hints_used,
                score, suggested, flags
         FROM attempts {filter} ORDER BY at, uid"
    ))?;
    let mut rows = statement.query(params_from_iter(card))?;
    let mut attempts = Vec::new();
    while let Some(row) = rows.next()? {
        let mode: String = row.get(4)?;
        attempts.push(AttemptRecord {
            uid: row.get(1)?,
            card: row.get(2)?,
            card_hash: row.get(3)?,
            mode: AttemptMode::parse(&mode)
                .ok_or_else(|| conversion_error(4, format!("`{mode}` is not a mode")))?,
            at: time_column(row, 5)?,
            day: day_column(row, 6)?,
            answers: json_column(row, 7)?,
            time_used_ms: u64::try_from(row.get::<_, i64>(8)?).unwrap_or(0),
            hints_used: row.get(9)?,
            score: row.get(10)?,
            suggested_rating: rating_column(row, 11)?,
            flags: json_column(row, 12)?,
            items: items.remove(&row.get(0)?).unwrap_or_default(),
        });
    }
    Ok(attempts)
}

/// Reviews, oldest first; of one card, or of all when `card` is `None`.
pub(super) fn read_reviews(
    conn: &Connection,
    card: Option<&str>,
) -> rusqlite::Result<Vec<ReviewRecord>> {
    let filter = if card.is_some() {
        "WHERE r.card_id = ?1"
    } else {
        ""
    };
    let mut statement = conn.prepare(&format!(
        "SELECT r.uid, r.card_id, a.uid, r.kind, r.rating, r.suggested, r.at, r.day,
                r.state_before, r.state_after
         FROM reviews r LEFT JOIN attempts a ON a.id = r.attempt_id
         {filter} ORDER BY r.at, r.uid"
    ))?;
    let mut rows = statement.query(params_from_iter(card))?;
    let mut reviews = Vec::new();
    while let Some(row) = rows.next()? {
        let kind: String = row.get(3)?;
        let suggested: Option<String> = row.get(5)?;
        let before: Option<String> = row.get(8)?;
        reviews.push(ReviewRecord {
            uid: row.get(0)?,
            card: row.get(1)?,
            attempt: row.get(2)?,
            kind: ReviewKind::parse(&kind)
                .ok_or_else(|| conversion_error(3, format!("`{kind}` is not a review kind")))?,
            rating: rating_column(row, 4)?,
            suggested_rating: suggested.as_deref().and_then(Rating::parse),
            at: time_column(row, 6)?,
            day: day_column(row, 7)?,
            before: before
                .map(|text| serde_json::from_str(&text))
                .transpose()
                .map_err(|e| conversion_error(8, e.to_string()))?,
            after: json_column(row, 9)?,
        });
    }
    Ok(reviews)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::config::ScheduleSettings;
    use crate::store::Draft;

    #[test]
    fn a_review_records_the_attempt_items_and_schedule_together() {
        let (_dir, mut store) = store();
        let bank = bank();
        let scheduler = store.scheduler(&ScheduleSettings::default()).unwrap();
        let answer =
            "## Goals\nRiders share rides for less.\n## Metrics\nmatch rate = matched / requests";
        let (card, report) = scored(&bank, "carpool/track-performance", answer);
        let framework = bank.framework_for(&card);
        let attempt = NewAttempt {
            card: &card,
            answers: SectionAnswer::from_markdown(answer, framework),
            time_used: Duration::from_secs(540),
            report: &report,
            hands_in_draft: false,
        };
        assert_eq!(attempt.answers[0].section, "goals");
        let now = at("2025-03-01T10:00:00+01:00");
        let outcome = store
            .record_review(&attempt, Rating::Good, &scheduler, now)
            .unwrap();
        assert_eq!(outcome.before, None);
        assert_eq!(Some(outcome.after), store.card_state(&card.id).unwrap());

        let history = store.card_history(&card.id).unwrap();
        let [attempt_record] = &history.attempts[..] else {
            panic!("{history:?}")
        };
        assert_eq!(attempt_record.card_hash, card.content_hash());
        assert_eq!(attempt_record.time_used_ms, 540_000);
        assert_eq!(attempt_record.items.len(), report.items.len());
        assert_eq!(attempt_record.answers, attempt.answers);
        assert_eq!(
            attempt_record.day,
            NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
        );
        let [review] = &history.reviews[..] else {
            panic!("{history:?}")
        };
        assert_eq!(review.attempt.as_deref(), Some(attempt_record.uid.as_str()));
        assert_eq!(
            (review.kind, review.rating, review.suggested_rating),
            (ReviewKind::New, Rating::Good, Some(report.rating))
        );
        assert_eq!(review.after, outcome.after);
    }

    #[test]
    fn an_undone_reviews_answer_waits_as_the_cards_draft() {
        let (_dir, mut store) = store();
        let bank = bank();
        let scheduler = store.scheduler(&ScheduleSettings::default()).unwrap();
        let (card, report) = scored(&bank, "carpool/track-performance", "match rate");
        let answers = vec![SectionAnswer {
            section: "goals".into(),
            text: "More riders share a car.".into(),
        }];
        let attempt = NewAttempt {
            card: &card,
            answers: answers.clone(),
            time_used: Duration::from_secs(300),
            report: &report,
            hands_in_draft: false,
        };
        let review = |store: &mut Store, when| {
            store
                .record_review(&attempt, Rating::Good, &scheduler, at(when))
                .unwrap()
        };
        review(&mut store, "2025-03-01T10:00:00Z");
        assert!(store.undo_last_review().unwrap().unwrap().answer_kept);
        let draft = store.load_draft(&card.id).unwrap().expect("a draft");
        assert_eq!(draft.answers, answers);
        assert_eq!(draft.elapsed, Duration::from_secs(300));

        // A draft written since is newer than the undone answer, and stays.
        review(&mut store, "2025-03-02T10:00:00Z");
        let newer = Draft {
            answers: Vec::new(),
            updated_at: at("2025-03-02T11:00:00Z").to_utc(),
            ..draft
        };
        store.save_draft(&newer).unwrap();
        assert!(!store.undo_last_review().unwrap().unwrap().answer_kept);
        assert_eq!(store.load_draft(&card.id).unwrap(), Some(newer));
    }

    #[test]
    fn undo_restores_the_state_before_the_last_review() {
        let (_dir, mut store) = store();
        let bank = bank();
        let scheduler = store.scheduler(&ScheduleSettings::default()).unwrap();
        let (card, report) = scored(&bank, "carpool/track-performance", "match rate");
        let attempt = NewAttempt {
            card: &card,
            answers: Vec::new(),
            time_used: Duration::ZERO,
            report: &report,
            hands_in_draft: false,
        };
        let first = store
            .record_review(
                &attempt,
                Rating::Good,
                &scheduler,
                at("2025-03-01T10:00:00Z"),
            )
            .unwrap();
        store
            .record_review(
                &attempt,
                Rating::Again,
                &scheduler,
                at("2025-03-04T10:00:00Z"),
            )
            .unwrap();
        let undone = store.undo_last_review().unwrap().unwrap();
        assert_eq!(undone.rating, Rating::Again);
        assert_eq!(undone.restored, Some(first.after));
        assert_eq!(store.card_state(&card.id).unwrap(), Some(first.after));
        assert_eq!(store.card_history(&card.id).unwrap().attempts.len(), 1);

        let undone = store.undo_last_review().unwrap().unwrap();
        assert_eq!(undone.restored, None);
        assert_eq!(store.card_state(&card.id).unwrap(), None);
        assert_eq!(store.undo_last_review().unwrap(), None);
    }

    #[test]
    fn cram_attempts_leave_the_schedule_alone() {
        let (_dir, mut store) = store();
        let bank = bank();
        let (card, report) = scored(&bank, "carpool/track-performance", "match rate");
        let attempt = NewAttempt {
            card: &card,
            answers: Vec::new(),
            time_used: Duration::ZERO,
            report: &report,
            hands_in_draft: false,
        };
        store
            .record_attempt(&attempt, at("2025-03-01T10:00:00Z"))
            .unwrap();
        let history = store.card_history(&card.id).unwrap();
        assert_eq!(history.state, None);
        assert_eq!(history.reviews.len(), 0);
        assert_eq!(history.attempts[0].mode, AttemptMode::Cram);
    }
}
