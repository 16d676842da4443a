//! Statistics: reviews per day, retention, the due forecast, per-deck mastery, the streak,
//! leeches, edited cards, and the concepts (rubric items) missed most across cards.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Days, FixedOffset, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::queue::{all_states, tomorrow_start};
use super::{Store, StoreError, day_column, day_text};
use crate::deck::{Bank, CardId};
use crate::schedule::{MATURE_STABILITY_DAYS, Phase, Scheduler};

/// Days covered by the per-day history, the retention figure and the forecast.
pub const STATS_DAYS: u64 = 30;
/// Concepts listed as weakest in the statistics.
const WEAKEST_SHOWN: usize = 5;
/// Concepts listed for each leech.
const LEECH_CONCEPTS_SHOWN: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub day: NaiveDate,
    pub count: u32,
}

/// How one rubric item (a concept, by id, across every card that uses it) has gone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptStat {
    pub id: String,
    /// Its description, as last recorded.
    pub desc: String,
    /// Attempts that judged it.
    pub attempts: u32,
    pub hits: u32,
    pub partials: u32,
    pub misses: u32,
    /// Distinct cards it was judged in.
    pub cards: u32,
    /// 0 to 1: misses (partials half) over attempts, pulled toward one half while there are
    /// few attempts, so one miss does not outrank a habit.
    pub weakness: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeckMastery {
    pub deck: String,
    pub title: String,
    pub cards: u32,
    /// Cards reviewed at least once.
    pub seen: u32,
    /// Cards whose memory lasts three weeks or more.
    pub mastered: u32,
    /// Mean probability of recalling a seen card now.
    pub recall: Option<f64>,
}

/// A card failed `leech_threshold` times or more, with the concepts it keeps missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leech {
    pub card: String,
    pub lapses: u32,
    pub missing: Vec<ConceptStat>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub today: NaiveDate,
    pub reviews: u32,
    pub attempts: u32,
    pub cards_seen: u32,
    /// The last 30 days, oldest first, zeros included.
    pub reviews_per_day: Vec<DayCount>,
    /// The share of scheduled reviews in the last 30 days that were recalled (not Again).
    pub retention: Option<f64>,
    /// The scheduled reviews that figure is based on.
    pub retention_reviews: u32,
    /// Cards due on each of the next 30 days, today first (overdue cards count today).
    pub forecast: Vec<DayCount>,
    pub decks: Vec<DeckMastery>,
    pub weakest: Vec<ConceptStat>,
    pub leeches: Vec<Leech>,
    /// Cards edited since their last attempt: their history was scored against another text.
    pub changed_cards: Vec<String>,
    /// Consecutive days with an attempt, ending today (or yesterday, if none yet today).
    pub streak_days: u32,
}

impl Store {
    /// The statistics at `now`, for the cards in `bank`.
    pub fn stats(
        &self,
        bank: &Bank,
        scheduler: &Scheduler,
        now: DateTime<FixedOffset>,
    ) -> Result<Stats, StoreError> {
        self.read(|conn| {
            let today = now.date_naive();
            let first_day = today - Days::new(STATS_DAYS - 1);
            let states = all_states(conn)?;
            let (reviews, attempts): (u32, u32) = conn.query_row(
                "SELECT (SELECT COUNT(*) FROM reviews), (SELECT COUNT(*) FROM attempts)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            let (retention_reviews, recalled): (u32, u32) = conn.query_row(
                "SELECT COUNT(*), COALESCE(SUM(rating <> 'again'), 0) FROM reviews
                 WHERE day >= ?1 AND kind = 'review'",
                [day_text(first_day)],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            let mut leeches = Vec::new();
            for (card, state) in &states {
                if scheduler.is_leech(state) {
                    leeches.push(Leech {
                        card: card.clone(),
                        lapses: state.lapses,
                        missing: card_concepts_missed(conn, card, LEECH_CONCEPTS_SHOWN)?,
                    });
                }
            }
            leeches.sort_by(|a, b| b.lapses.cmp(&a.lapses).then(a.card.cmp(&b.card)));
            Ok(Stats {
                today,
                reviews,
                attempts,
                cards_seen: states.len() as u32,
                reviews_per_day: reviews_per_day(conn, first_day, today)?,
                retention: (retention_reviews > 0)
                    .then(|| f64::from(recalled) / f64::from(retention_reviews)),
                retention_reviews,
                forecast: forecast(states.values(), now),
                decks: mastery(bank, &states, scheduler, now.to_utc()),
                weakest: weakest(conn, WEAKEST_SHOWN)?,
                leeches,
                changed_cards: changed_cards(conn, bank)?,
                streak_days: streak(conn, today)?,
            })
        })
    }

    /// The concepts missed most across cards, weakest first (only those missed at least once).
    pub fn weakest_concepts(&self, limit: usize) -> Result<Vec<ConceptStat>, StoreError> {
        self.read(|conn| Ok(weakest(conn, limit)?))
    }

    /// The concepts one card's attempts missed, weakest first.
    pub fn missed_concepts(
        &self,
        card: &CardId,
        limit: usize,
    ) -> Result<Vec<ConceptStat>, StoreError> {
        self.read(|conn| Ok(card_concepts_missed(conn, card.as_str(), limit)?))
    }
}

fn reviews_per_day(
    conn: &Connection,
    first: NaiveDate,
    today: NaiveDate,
) -> rusqlite::Result<Vec<DayCount>> {
    let mut statement = conn
        .prepare("SELECT day, COUNT(*) FROM reviews WHERE day >= ?1 AND day <= ?2 GROUP BY day")?;
    let counted: HashMap<NaiveDate, u32> = statement
        .query_map([day_text(first), day_text(today)], |row| {
            Ok((day_column(row, 0)?, row.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(first
        .iter_days()
        .take_while(|day| *day <= today)
        .map(|day| DayCount {
            day,
            count: counted.get(&day).copied().unwrap_or(0),
        })
        .collect())
}

fn forecast<'a>(
    states: impl Iterator<Item = &'a crate::schedule::CardState>,
    now: DateTime<FixedOffset>,
) -> Vec<DayCount> {
    let today = now.date_naive();
    let tomorrow = tomorrow_start(now);
    let mut counts: BTreeMap<NaiveDate, u32> = today
        .iter_days()
        .take(STATS_DAYS as usize)
        .map(|day| (day, 0))
        .collect();
    for state in states {
        let day = if state.due < tomorrow {
            today
        } else {
            state.due.with_timezone(now.offset()).date_naive()
        };
        if let Some(count) = counts.get_mut(&day) {
            *count += 1;
        }
    }
    counts
        .into_iter()
        .map(|(day, count)| DayCount { day, count })
        .collect()
}

fn mastery(
    bank: &Bank,
    states: &HashMap<String, crate::schedule::CardState>,
    scheduler: &Scheduler,
    now: DateTime<Utc>,
) -> Vec<DeckMastery> {
    bank.decks
        .iter()
        .map(|deck| {
            let seen: Vec<_> = deck
                .cards
                .iter()
                .filter_map(|card| states.get(card.id.as_str()))
                .collect();
            let recall = (!seen.is_empty()).then(|| {
                seen.iter()
                    .map(|state| scheduler.retrievability(state, now))
                    .sum::<f64>()
                    / seen.len() as f64
            });
            DeckMastery {
                deck: deck.id.0.clone(),
                title: deck.title.clone(),
                cards: deck.cards.len() as u32,
                seen: seen.len() as u32,
                mastered: seen
                    .iter()
                    .filter(|s| s.phase == Phase::Review && s.stability >= MATURE_STABILITY_DAYS)
                    .count() as u32,
                recall,
            }
        })
        .collect()
}

fn streak(conn: &Connection, today: NaiveDate) -> rusqlite::Result<u32> {
    let mut statement =
        conn.prepare("SELECT DISTINCT day FROM attempts WHERE day <= ?1 ORDER BY day DESC")?;
    let mut rows = statement.query([day_text(today)])?;
    let mut expected = today;
    let mut streak = 0;
    while let Some(row) = rows.next()? {
        let day = day_column(row, 0)?;
        if streak == 0 && day < today {
            expected = today - Days::new(1);
        }
        if day != expected {
            break;
        }
        streak += 1;
        expected = day - Days::new(1);
    }
    Ok(streak)
}

fn changed_cards(conn: &Connection, bank: &Bank) -> rusqlite::Result<Vec<String>> {
    let mut latest_hash =
        conn.prepare("SELECT card_hash FROM attempts WHERE card_id = ?1 ORDER BY at DESC LIMIT 1")?;
    let mut changed = Vec::new();
    for card in bank.cards() {
        let hash: Option<String> = latest_hash
            .query_row([card.id.as_str()], |row| row.get(0))
            .optional()?;
        if hash.is_some_and(|hash| hash != card.content_hash()) {
            changed.push(card.id.to_string());
        }
    }
    Ok(changed)
}

/// The smoothed miss rate of a concept: misses (partials half) plus one, over attempts plus two.
fn weakness(attempts: u32, partials: u32, misses: u32) -> f64 {
    (f64::from(misses) + 0.5 * f64::from(partials) + 1.0) / (f64::from(attempts) + 2.0)
}

/// Every concept's weakness, by item id, for ordering the queue.
pub(super) fn concept_weakness(conn: &Connection) -> rusqlite::Result<HashMap<String, f64>> {
    let mut statement = conn.prepare(
        "SELECT item_id, SUM(attempts), SUM(partials), SUM(misses)
         FROM concept_tallies GROUP BY item_id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            weakness(row.get(1)?, row.get(2)?, row.get(3)?),
        ))
    })?;
    rows.collect()
}

/// Reads a concept from `item_id, description, attempts, hits, partials, misses, cards`.
fn concept_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ConceptStat> {
    let (attempts, partials, misses) = (row.get(2)?, row.get(4)?, row.get(5)?);
    Ok(ConceptStat {
        id: row.get(0)?,
        desc: row.get(1)?,
        attempts,
        hits: row.get(3)?,
        partials,
        misses,
        cards: row.get(6)?,
        weakness: weakness(attempts, partials, misses),
    })
}

fn by_weakness(a: &ConceptStat, b: &ConceptStat) -> std::cmp::Ordering {
    b.weakness
        .total_cmp(&a.weakness)
        .then(b.misses.cmp(&a.misses))
        .then_with(|| a.id.cmp(&b.id))
}

/// The `limit` weakest concepts missed at least once, across cards. A concept's description
/// is the one from the card where it was missed most.
fn weakest(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<ConceptStat>> {
    let mut statement = conn.prepare(
        "SELECT item_id, description, SUM(attempts), SUM(hits), SUM(partials), SUM(misses),
                COUNT(*), MAX(misses)
         FROM concept_tallies GROUP BY item_id HAVING SUM(hits) < SUM(attempts)",
    )?;
    let mut concepts: Vec<ConceptStat> = statement
        .query_map([], concept_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    concepts.sort_by(by_weakness);
    concepts.truncate(limit);
    Ok(concepts)
}

/// The concepts a card's attempts missed, weakest first.
fn card_concepts_missed(
    conn: &Connection,
    card: &str,
    limit: usize,
) -> rusqlite::Result<Vec<ConceptStat>> {
    let mut statement = conn.prepare_cached(
        "SELECT item_id, description, attempts, hits, partials, misses, 1
         FROM concept_tallies WHERE card_id = ?1 AND hits < attempts",
    )?;
    let mut concepts: Vec<ConceptStat> = statement
        .query_map([card], concept_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    concepts.sort_by(by_weakness);
    concepts.truncate(limit);
    Ok(concepts)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::config::ScheduleSettings;
    use crate::score::Rating;

    #[test]
    fn an_empty_history_has_zeros_and_no_retention() {
        let (_dir, store) = store();
        let bank = bank();
        let scheduler = store.scheduler(&ScheduleSettings::default()).unwrap();
        let stats = store
            .stats(&bank, &scheduler, at("2025-03-01T09:00:00Z"))
            .unwrap();
        assert_eq!(stats.reviews_per_day.len(), 30);
        assert_eq!(stats.forecast.len(), 30);
        assert_eq!(stats.retention, None);
        assert_eq!(stats.streak_days, 0);
        assert_eq!(stats.decks.len(), bank.decks.len());
        assert!(stats.weakest.is_empty());
    }

    #[test]
    fn counts_streak_retention_forecast_and_weak_concepts() {
        let (_dir, mut store) = store();
        let bank = bank();
        let settings = ScheduleSettings {
            leech_threshold: 2,
            ..ScheduleSettings::default()
        };
        let scheduler = store.scheduler(&settings).unwrap();
        let card = "carpool/track-performance";
        let day1 = at("2025-03-01T09:00:00+01:00");
        review_with(&mut store, &bank, &scheduler, card, Rating::Good, day1);
        let due = store
            .card_state(&crate::deck::CardId::parse(card).unwrap())
            .unwrap()
            .unwrap()
            .due;
        let day2 = due.with_timezone(day1.offset());
        review_with(&mut store, &bank, &scheduler, card, Rating::Again, day2);
        review_with(&mut store, &bank, &scheduler, card, Rating::Again, day2);
        let stats = store.stats(&bank, &scheduler, day2).unwrap();
        assert_eq!(stats.reviews, 3);
        assert_eq!(stats.retention, Some(0.0));
        assert_eq!(stats.retention_reviews, 1);
        assert_eq!(stats.forecast[0].count, 1);
        assert_eq!(stats.reviews_per_day.last().unwrap().count, 2);
        let gap = (day2.date_naive() - day1.date_naive()).num_days();
        assert_eq!(stats.streak_days, if gap == 1 { 2 } else { 1 });
        let carpool = stats.decks.iter().find(|d| d.deck == "carpool").unwrap();
        assert_eq!(carpool.seen, 1);
        assert!(carpool.recall.unwrap() > 0.5);
        let [leech] = &stats.leeches[..] else {
            panic!("{:?}", stats.leeches)
        };
        assert_eq!((leech.card.as_str(), leech.lapses), (card, 2));
        assert!(!leech.missing.is_empty());
        let weakest = &stats.weakest[0];
        assert_eq!(weakest.attempts, 3);
        assert_eq!(weakest.misses, 3);
        assert_eq!(weakest.cards, 1);
        assert!(!weakest.desc.is_empty());
        assert!(stats.changed_cards.is_empty());
    }

    #[test]
    fn a_streak_counts_back_from_yesterday_when_today_is_not_done_yet() {
        let (_dir, mut store) = store();
        let bank = bank();
        let scheduler = store.scheduler(&ScheduleSettings::default()).unwrap();
        for day in ["2025-03-01", "2025-03-02", "2025-03-04", "2025-03-05"] {
            let now = at(&format!("{day}T20:00:00+00:00"));
            review_with(
                &mut store,
                &bank,
                &scheduler,
                "reels/launch-metrics",
                Rating::Good,
                now,
            );
        }
        let stats = store
            .stats(&bank, &scheduler, at("2025-03-06T08:00:00+00:00"))
            .unwrap();
        assert_eq!(stats.streak_days, 2);
    }
}
