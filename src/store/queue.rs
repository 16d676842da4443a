//! The due queue: which cards to drill now and in what order, within the daily limits.
//!
//! Order, as Anki does it: cards relearning after an Again that are due, then scheduled
//! reviews (most overdue first), then new cards (in deck order), then relearning cards due
//! within the learn-ahead window, so a failed card comes back before the session ends.
//! `Focus::Weak` sorts each group by how weak the card's concepts are; cram lists the cards
//! that are not due.

use std::collections::HashMap;

use chrono::{DateTime, Days, Duration, FixedOffset, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::record::{STATE_COLUMNS, state_from_row};
use super::stats::concept_weakness;
use super::{Store, StoreError, day_text};
use crate::config::ScheduleSettings;
use crate::deck::{Bank, Card, CardId};
use crate::schedule::{CardState, LEARN_AHEAD_MINUTES, Phase};

/// How to order the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Focus {
    /// The scheduler's order.
    #[default]
    Due,
    /// Cards exercising the concepts you miss most come first.
    Weak,
}

/// What to queue: the deck, the order, cram or not, and the daily limits.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueOptions {
    /// Only this deck's cards.
    pub deck: Option<String>,
    pub focus: Focus,
    /// List the cards that are not due instead, to drill without moving their schedule.
    pub cram: bool,
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    pub leech_threshold: u32,
}

impl QueueOptions {
    /// The scheduler's order over every deck, with the limits from the settings.
    pub fn new(settings: &ScheduleSettings) -> QueueOptions {
        QueueOptions {
            deck: None,
            focus: Focus::Due,
            cram: false,
            new_per_day: settings.new_per_day,
            reviews_per_day: settings.reviews_per_day,
            leech_threshold: settings.leech_threshold,
        }
    }
}

/// Why a card is in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// Rated Again a few minutes ago; due now or within the learn-ahead window.
    Relearning,
    /// Due for its scheduled review.
    Review,
    /// Never reviewed.
    New,
    /// Not due; drilled in cram mode without changing its schedule.
    Cram,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueueEntry {
    pub card: CardId,
    pub kind: EntryKind,
    /// When the card fell or falls due; `None` for a new card.
    pub due: Option<DateTime<Utc>>,
    pub lapses: u32,
    pub leech: bool,
    /// 0 to 1: how often you miss the concepts this card exercises (with `Focus::Weak`).
    pub weakness: f64,
}

/// The cards to drill now, and the counts behind the daily limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    pub entries: Vec<QueueEntry>,
    /// New cards and reviews already done today; they count toward the limits.
    pub new_today: u32,
    pub reviewed_today: u32,
    /// Reviews due today that the daily review limit holds back.
    pub reviews_held_back: u32,
    /// Cards in scope never reviewed.
    pub unseen: u32,
    /// The earliest due time among cards in scope that are not queued.
    pub next_due: Option<DateTime<Utc>>,
}

impl Store {
    /// The cards to drill at `now`, in order, within the daily limits (see the module doc).
    /// Cards in the database but no longer in `bank` are left out.
    pub fn due_queue(
        &self,
        bank: &Bank,
        now: DateTime<FixedOffset>,
        options: &QueueOptions,
    ) -> Result<Queue, StoreError> {
        self.read(|conn| {
            let states = all_states(conn)?;
            let (new_today, reviewed_today) = done_today(conn, &day_text(now.date_naive()))?;
            let weakness = match options.focus {
                Focus::Weak => concept_weakness(conn)?,
                Focus::Due => HashMap::new(),
            };
            Ok(build(
                bank,
                &states,
                &weakness,
                Today {
                    now,
                    new_today,
                    reviewed_today,
                },
                options,
            ))
        })
    }
}

pub(super) fn all_states(conn: &Connection) -> rusqlite::Result<HashMap<String, CardState>> {
    let mut statement = conn.prepare(&format!("SELECT {STATE_COLUMNS} FROM card_states"))?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, state_from_row(row)?))
    })?;
    rows.collect()
}

/// New cards first reviewed and scheduled reviews done on `day`.
fn done_today(conn: &Connection, day: &str) -> rusqlite::Result<(u32, u32)> {
    conn.query_row(
        "SELECT COALESCE(SUM(kind = 'new'), 0), COALESCE(SUM(kind = 'review'), 0)
         FROM reviews WHERE day = ?1",
        [day],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
}

/// The start of tomorrow in `now`'s time zone: a review due before it is due today.
pub(super) fn tomorrow_start(now: DateTime<FixedOffset>) -> DateTime<Utc> {
    now.date_naive()
        .checked_add_days(Days::new(1))
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .and_then(|midnight| midnight.and_local_timezone(*now.offset()).single())
        .map_or(now.to_utc() + Duration::days(1), |t| t.to_utc())
}

struct Today {
    now: DateTime<FixedOffset>,
    new_today: u32,
    reviewed_today: u32,
}

/// Every concept (rubric item id) a card is judged on: its own items and its framework's.
pub(super) fn card_concepts<'a>(bank: &'a Bank, card: &'a Card) -> impl Iterator<Item = &'a str> {
    let framework = bank.framework_for(card);
    card.rubric
        .iter()
        .map(|item| item.id.as_str())
        .chain(
            framework
                .into_iter()
                .flat_map(|f| f.rubric.iter().map(|i| i.id.as_str())),
        )
        .chain(
            framework
                .into_iter()
                .flat_map(|f| f.balance.iter().map(|b| b.id.as_str())),
        )
}

fn build(
    bank: &Bank,
    states: &HashMap<String, CardState>,
    weakness: &HashMap<String, f64>,
    today: Today,
    options: &QueueOptions,
) -> Queue {
    let now = today.now.to_utc();
    let learn_ahead = now + Duration::minutes(LEARN_AHEAD_MINUTES);
    let tomorrow = tomorrow_start(today.now);
    let entry = |card: &Card, kind: EntryKind, state: Option<&CardState>| QueueEntry {
        card: card.id.clone(),
        kind,
        due: state.map(|s| s.due),
        lapses: state.map_or(0, |s| s.lapses),
        leech: state.is_some_and(|s| s.lapses >= options.leech_threshold),
        weakness: card_concepts(bank, card)
            .filter_map(|id| weakness.get(id).copied())
            .fold(0.0, f64::max),
    };
    let mut relearning = Vec::new();
    let mut ahead = Vec::new();
    let mut reviews = Vec::new();
    let mut new = Vec::new();
    let mut not_due = Vec::new();
    let in_scope = |card: &&Card| options.deck.as_deref().is_none_or(|d| card.id.deck() == d);
    for card in bank.cards().filter(in_scope) {
        match states.get(card.id.as_str()) {
            None => new.push(entry(card, EntryKind::New, None)),
            Some(state) => match state.phase {
                Phase::Relearning if state.due <= now => {
                    relearning.push(entry(card, EntryKind::Relearning, Some(state)));
                }
                Phase::Relearning if state.due <= learn_ahead => {
                    ahead.push(entry(card, EntryKind::Relearning, Some(state)));
                }
                Phase::Review if state.due < tomorrow => {
                    reviews.push(entry(card, EntryKind::Review, Some(state)));
                }
                _ => not_due.push(entry(card, EntryKind::Cram, Some(state))),
            },
        }
    }
    for group in [&mut relearning, &mut ahead, &mut reviews, &mut not_due] {
        group.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.card.cmp(&b.card)));
    }
    if options.focus == Focus::Weak {
        for group in [
            &mut relearning,
            &mut ahead,
            &mut reviews,
            &mut new,
            &mut not_due,
        ] {
            group.sort_by(|a, b| b.weakness.total_cmp(&a.weakness));
        }
    }
    let unseen = new.len() as u32;
    let next_due = not_due.iter().filter_map(|e| e.due).min();
    if options.cram {
        let entries = not_due.into_iter().chain(new.into_iter().map(|mut e| {
            e.kind = EntryKind::Cram;
            e
        }));
        return Queue {
            entries: entries.collect(),
            new_today: today.new_today,
            reviewed_today: today.reviewed_today,
            reviews_held_back: 0,
            unseen,
            next_due,
        };
    }
    let reviews_left = options.reviews_per_day.saturating_sub(today.reviewed_today) as usize;
    let new_left = options.new_per_day.saturating_sub(today.new_today) as usize;
    let reviews_held_back = reviews.len().saturating_sub(reviews_left) as u32;
    reviews.truncate(reviews_left);
    new.truncate(new_left);
    let next_due = next_due
        .into_iter()
        .chain(ahead.first().and_then(|e| e.due))
        .min();
    Queue {
        entries: relearning
            .into_iter()
            .chain(reviews)
            .chain(new)
            .chain(ahead)
            .collect(),
        new_today: today.new_today,
        reviewed_today: today.reviewed_today,
        reviews_held_back,
        unseen,
        next_due,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::score::Rating;
    use crate::store::NewAttempt;

    fn ids(queue: &Queue) -> Vec<&str> {
        queue.entries.iter().map(|e| e.card.as_str()).collect()
    }

    #[test]
    fn a_new_user_gets_the_first_new_cards_up_to_the_daily_limit() {
        let (_dir, store) = store();
        let bank = bank();
        let options = QueueOptions::new(&ScheduleSettings::default());
        let queue = store
            .due_queue(&bank, at("2025-03-01T09:00:00Z"), &options)
            .unwrap();
        let first_five: Vec<&str> = bank.cards().take(5).map(|c| c.id.as_str()).collect();
        assert_eq!(ids(&queue), first_five);
        assert!(queue.entries.iter().all(|e| e.kind == EntryKind::New));
        assert_eq!(queue.unseen as usize, bank.cards().count());
    }

    #[test]
    fn reviewed_cards_leave_the_queue_until_due_and_again_comes_back_in_the_session() {
        let (_dir, mut store) = store();
        let bank = bank();
        let settings = ScheduleSettings::default();
        let options = QueueOptions::new(&settings);
        let start = at("2025-03-01T09:00:00+02:00");
        let first = store.due_queue(&bank, start, &options).unwrap();
        let good = first.entries[0].card.clone();
        let failed = first.entries[1].card.clone();
        review(&mut store, &bank, good.as_str(), Rating::Good, start);
        review(&mut store, &bank, failed.as_str(), Rating::Again, start);

        let queue = store.due_queue(&bank, start, &options).unwrap();
        assert!(!ids(&queue).contains(&good.as_str()));
        assert_eq!(queue.new_today, 2);
        assert_eq!(queue.entries.len(), 4);
        let last = queue.entries.last().unwrap();
        assert_eq!((&last.card, last.kind), (&failed, EntryKind::Relearning));

        let later = start + Duration::minutes(11);
        let queue = store.due_queue(&bank, later, &options).unwrap();
        assert_eq!(queue.entries[0].card, failed);

        let due = store.card_state(&good).unwrap().unwrap().due;
        let on_the_day = due.with_timezone(start.offset()) - Duration::hours(1);
        let queue = store.due_queue(&bank, on_the_day, &options).unwrap();
        assert!(
            queue
                .entries
                .iter()
                .any(|e| e.card == good && e.kind == EntryKind::Review)
        );
    }

    #[test]
    fn the_review_limit_holds_back_the_rest() {
        let (_dir, mut store) = store();
        let bank = bank();
        let start = at("2025-03-01T09:00:00Z");
        let cards: Vec<String> = bank.cards().take(3).map(|c| c.id.to_string()).collect();
        for card in &cards {
            review(&mut store, &bank, card, Rating::Good, start);
        }
        let options = QueueOptions {
            reviews_per_day: 2,
            new_per_day: 0,
            ..QueueOptions::new(&ScheduleSettings::default())
        };
        let queue = store
            .due_queue(&bank, start + Duration::days(60), &options)
            .unwrap();
        assert_eq!(queue.entries.len(), 2);
        assert_eq!(queue.reviews_held_back, 1);
    }

    #[test]
    fn cram_lists_cards_that_are_not_due_and_a_deck_filter_narrows_the_queue() {
        let (_dir, mut store) = store();
        let bank = bank();
        let start = at("2025-03-01T09:00:00Z");
        review(
            &mut store,
            &bank,
            "carpool/track-performance",
            Rating::Good,
            start,
        );
        let options = QueueOptions {
            deck: Some("carpool".into()),
            cram: true,
            ..QueueOptions::new(&ScheduleSettings::default())
        };
        let queue = store.due_queue(&bank, start, &options).unwrap();
        assert_eq!(queue.entries[0].card.as_str(), "carpool/track-performance");
        assert!(queue.entries.iter().all(|e| e.kind == EntryKind::Cram));
        assert!(queue.entries.iter().all(|e| e.card.deck() == "carpool"));
        assert_eq!(
            queue.entries.len(),
            bank.deck("carpool").unwrap().cards.len()
        );
    }

    #[test]
    fn weak_focus_puts_cards_with_missed_concepts_first() {
        let (_dir, mut store) = store();
        let bank = bank();
        let start = at("2025-03-01T09:00:00Z");
        let empty = "## Goals\nnothing";
        for card in ["carpool/track-performance", "reels/launch-metrics"] {
            let (card, report) = scored(&bank, card, empty);
            let attempt = NewAttempt {
                card: &card,
                answers: Vec::new(),
                time_used: std::time::Duration::ZERO,
                report: &report,
                hands_in_draft: false,
            };
            store.record_attempt(&attempt, start).unwrap();
        }
        let options = QueueOptions {
            focus: Focus::Weak,
            new_per_day: 3,
            ..QueueOptions::new(&ScheduleSettings::default())
        };
        let queue = store.due_queue(&bank, start, &options).unwrap();
        let top = &queue.entries[0];
        assert!(top.weakness > 0.5, "{queue:?}");
        let gsmt = |id: &str| bank.card(id).unwrap().framework_id() == Some("gsmt");
        assert!(queue.entries.iter().take(3).all(|e| gsmt(e.card.as_str())));
        assert!(
            queue
                .entries
                .windows(2)
                .all(|w| w[0].weakness >= w[1].weakness)
        );
    }
}
