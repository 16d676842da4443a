//! Scheduling: a thin, pure layer over the `fsrs` crate. A card's state, a rating and the time
//! go in; the card's next state (memory, due date) comes out. The clock is an argument and
//! nothing is stored here: the store keeps the states and the review log.
//!
//! What learners of Anki expect is kept: a card rated Again waits a few minutes and comes back
//! in the same session ([`RELEARN_DELAY_MINUTES`]); every other rating schedules it whole days
//! ahead, capped by `max_interval_days`; a card failed `leech_threshold` times is a leech.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use fsrs::{ComputeParametersInput, FSRS, FSRSError, FSRSItem, FSRSReview, MemoryState};
use serde::{Deserialize, Serialize};

use crate::config::ScheduleSettings;
use crate::score::Rating;

/// How long a card rated Again waits before it is due again, in the same session.
pub const RELEARN_DELAY_MINUTES: i64 = 10;
/// A relearning card due within this many minutes is shown once nothing else is due, as
/// Anki's learn-ahead limit does, so a failed card comes back before the session ends.
pub const LEARN_AHEAD_MINUTES: i64 = 20;
/// A card whose memory lasts this many days counts as mastered (Anki's "mature").
pub const MATURE_STABILITY_DAYS: f32 = 21.0;
/// Reviews the optimizer can learn from that it needs before it fits every parameter (below
/// this the fsrs crate fits only the first-day stabilities, or nothing).
pub const MIN_OPTIMIZE_REVIEWS: usize = 64;

/// Whether a card is on its long-term schedule or being relearned after an Again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Review,
    Relearning,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }

    pub fn parse(text: &str) -> Option<Phase> {
        [Phase::Review, Phase::Relearning]
            .into_iter()
            .find(|p| p.name() == text)
    }
}

/// A card's scheduling state after a review: FSRS memory plus when it is due.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    /// Days until recall probability falls to 90%.
    #[serde(serialize_with = "decimal::one")]
    pub stability: f32,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    #[serde(serialize_with = "decimal::one")]
    pub difficulty: f32,
    pub phase: Phase,
    pub due: DateTime<Utc>,
    pub last_review: DateTime<Utc>,
    /// The local calendar day of the last review; FSRS counts elapsed time in days.
    pub last_day: NaiveDate,
    /// Days from the last review to the due date; 0 while relearning.
    pub interval_days: u32,
    /// Reviews so far.
    pub reps: u32,
    /// Times rated Again.
    pub lapses: u32,
}

impl CardState {
    /// How long the review that made this state sends the card away.
    pub fn wait(&self) -> Wait {
        match self.phase {
            Phase::Relearning => Wait::Minutes(RELEARN_DELAY_MINUTES),
            Phase::Review => Wait::Days(self.interval_days),
        }
    }
}

/// How long a rating sends a card away, as the scheduler decided it. Every label of a new
/// interval is made from this, not from the due time minus the clock: the review time is
/// cut to milliseconds, so that difference falls just short of a whole minute or day and
/// would read one less.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    Minutes(i64),
    Days(u32),
}

impl Wait {
    /// The rating bar's form, as Anki shows it on its buttons: `10m`, `3d`, `2.5mo`, `1.2y`.
    pub fn short(self) -> String {
        match self {
            Wait::Minutes(minutes) => format!("{minutes}m"),
            Wait::Days(days) if days < 30 => format!("{days}d"),
            Wait::Days(days) if days < 365 => format!("{:.1}mo", f64::from(days) / 30.0),
            Wait::Days(days) => format!("{:.1}y", f64::from(days) / 365.0),
        }
    }

    /// The sentence form, worded as `prepdeck history` words a due date: "in 10 min",
    /// "tomorrow", "in 3 days".
    pub fn phrase(self) -> String {
        match self {
            Wait::Minutes(minutes) => format!("in {minutes} min"),
            Wait::Days(1) => "tomorrow".into(),
            Wait::Days(days) => format!("in {days} days"),
        }
    }
}

/// One rating from the review log, enough to rebuild a card's state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoggedRating {
    pub rating: Rating,
    pub at: DateTime<Utc>,
    /// The local calendar day the review happened on.
    pub day: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ScheduleError {
    /// The stored personal parameters are not valid FSRS parameters.
    InvalidParameters,
    /// FSRS could not compute a state from this input.
    Fsrs(String),
    /// Too few reviews for the optimizer: how many it can learn from, of how many reviews
    /// made a day or more after an earlier one, and how many it needs.
    NotEnoughReviews {
        usable: usize,
        reviews: usize,
        need: usize,
    },
}

impl std::fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScheduleError::InvalidParameters => f.write_str(
                "the stored FSRS parameters are invalid; run `prepdeck optimize` again to refit them",
            ),
            ScheduleError::Fsrs(reason) => write!(f, "the scheduler failed: {reason}"),
            ScheduleError::NotEnoughReviews {
                usable,
                reviews,
                need,
            } => {
                let so_far = if *reviews == 0 {
                    "you have none yet".to_string()
                } else {
                    format!("{usable} of your {reviews} qualify so far")
                };
                write!(
                    f,
                    "the optimizer needs at least {need} reviews it can learn from and {so_far} (it learns from reviews made a day or more after the card's previous one, in patterns of first rating and gap that several cards share); keep reviewing and try again"
                )
            }
        }
    }
}

impl std::error::Error for ScheduleError {}

fn fsrs_error(error: FSRSError) -> ScheduleError {
    match error {
        FSRSError::InvalidParameters => ScheduleError::InvalidParameters,
        other => ScheduleError::Fsrs(format!("{other:?}")),
    }
}

/// The FSRS scheduler with the user's parameters and settings.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    parameters: Vec<f32>,
    desired_retention: f32,
    max_interval_days: u32,
    leech_threshold: u32,
}

impl Scheduler {
    /// A scheduler with personal `parameters` (empty for the FSRS defaults).
    pub fn new(
        parameters: &[f32],
        settings: &ScheduleSettings,
    ) -> Result<Scheduler, ScheduleError> {
        let parameters = fsrs::check_and_fill_parameters(parameters).map_err(fsrs_error)?;
        let fsrs = FSRS::new(&parameters).map_err(fsrs_error)?;
        Ok(Scheduler {
            fsrs,
            parameters,
            desired_retention: settings.desired_retention as f32,
            max_interval_days: settings.max_interval_days.max(1),
            leech_threshold: settings.leech_threshold.max(1),
        })
    }

    /// The 21 FSRS parameters in use.
    pub fn parameters(&self) -> &[f32] {
        &self.parameters
    }

    /// The card's state after `rating` at `now`; `before` is `None` for a card never reviewed.
    pub fn review(
        &self,
        before: Option<&CardState>,
        rating: Rating,
        now: DateTime<FixedOffset>,
    ) -> Result<CardState, ScheduleError> {
        self.step(before, rating, now.to_utc(), now.date_naive())
    }

    /// What each rating would do now, Again to Easy, for showing intervals before rating.
    pub fn preview(
        &self,
        before: Option<&CardState>,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<(Rating, CardState)>, ScheduleError> {
        Rating::ALL
            .into_iter()
            .map(|rating| Ok((rating, self.review(before, rating, now)?)))
            .collect()
    }

    /// Rebuilds a card's state from its log, oldest first (`None` for an empty log).
    pub fn replay(&self, log: &[LoggedRating]) -> Result<Option<CardState>, ScheduleError> {
        let mut state = None;
        for entry in log {
            state = Some(self.step(state.as_ref(), entry.rating, entry.at, entry.day)?);
        }
        Ok(state)
    }

    /// The probability of recalling the card at `now`, by the FSRS forgetting curve.
    pub fn retrievability(&self, state: &CardState, now: DateTime<Utc>) -> f64 {
        let elapsed = (now - state.last_review).num_seconds().max(0) as f32 / 86_400.0;
        f64::from(fsrs::current_retrievability(
            memory(state),
            elapsed,
            self.decay(),
        ))
    }

    /// A card failed this many times keeps failing for a reason worth looking at.
    pub fn is_leech(&self, state: &CardState) -> bool {
        state.lapses >= self.leech_threshold
    }

    fn decay(&self) -> f32 {
        self.parameters
            .get(20)
            .copied()
            .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY)
    }

    fn step(
        &self,
        before: Option<&CardState>,
        rating: Rating,
        at: DateTime<Utc>,
        day: NaiveDate,
    ) -> Result<CardState, ScheduleError> {
        let at = truncate_to_millis(at);
        let elapsed_days = before.map_or(0, |s| (day - s.last_day).num_days().max(0) as u32);
        let next = self
            .fsrs
            .next_states(before.map(memory), self.desired_retention, elapsed_days)
            .map_err(fsrs_error)?;
        let chosen = match rating {
            Rating::Again => next.again,
            Rating::Hard => next.hard,
            Rating::Good => next.good,
            Rating::Easy => next.easy,
        };
        let (phase, interval_days, due) = if rating == Rating::Again {
            (
                Phase::Relearning,
                0,
                at + Duration::minutes(RELEARN_DELAY_MINUTES),
            )
        } else {
            let days = (chosen.interval.round().max(1.0) as u32).min(self.max_interval_days);
            (Phase::Review, days, at + Duration::days(i64::from(days)))
        };
        Ok(CardState {
            stability: chosen.memory.stability,
            difficulty: chosen.memory.difficulty,
            phase,
            due,
            last_review: at,
            last_day: day,
            interval_days,
            reps: before.map_or(0, |s| s.reps) + 1,
            lapses: before.map_or(0, |s| s.lapses) + u32::from(rating == Rating::Again),
        })
    }
}

fn memory(state: &CardState) -> MemoryState {
    MemoryState {
        stability: state.stability,
        difficulty: state.difficulty,
    }
}

/// FSRS works in `f32`. Serialized as the shortest decimal that reads back as the same
/// `f32` (2.3065, not 2.30649995803833), however the JSON is produced.
pub mod decimal {
    use serde::Serializer;

    pub fn value(x: f32) -> f64 {
        x.to_string().parse().unwrap_or(f64::from(x))
    }

    pub fn one<S: Serializer>(x: &f32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(value(*x))
    }

    pub fn many<S: Serializer>(xs: &[f32], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(xs.iter().map(|x| value(*x)))
    }
}

/// Times are kept to the millisecond, so a state read back from storage equals the one written.
pub fn truncate_to_millis(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap_or(at)
}

/// FSRS's numbering of the ratings.
fn fsrs_rating(rating: Rating) -> u32 {
    match rating {
        Rating::Again => 1,
        Rating::Hard => 2,
        Rating::Good => 3,
        Rating::Easy => 4,
    }
}

/// How well a set of parameters predicts the reviews it is judged on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Fit {
    /// Mean predicted probability of recall at the moment of each review.
    pub predicted_retention: f64,
    /// Log loss of those predictions against what happened (lower is better).
    pub log_loss: f64,
}

/// The optimizer's result: new parameters and how both sets fit the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Optimization {
    #[serde(serialize_with = "decimal::many")]
    pub parameters: Vec<f32>,
    /// Reviews the fit was judged on (each a day or more after an earlier one).
    pub reviews: usize,
    /// The share of those reviews that were recalled (rated Hard or better).
    pub actual_retention: f64,
    pub before: Fit,
    pub after: Fit,
}

/// Fits personal FSRS parameters to review histories (one per card, oldest first) with the
/// crate's optimizer, and judges `current` and the new parameters on the same reviews.
pub fn optimize(
    histories: &[Vec<LoggedRating>],
    current: &[f32],
) -> Result<Optimization, ScheduleError> {
    let items = training_items(histories);
    let usable = usable_items(&items);
    if usable < MIN_OPTIMIZE_REVIEWS {
        return Err(ScheduleError::NotEnoughReviews {
            usable,
            reviews: items.len(),
            need: MIN_OPTIMIZE_REVIEWS,
        });
    }
    let parameters = fsrs::compute_parameters(ComputeParametersInput {
        train_set: items.clone(),
        ..ComputeParametersInput::default()
    })
    .map_err(fsrs_error)?;
    let recalled = items
        .iter()
        .filter(|item| item.reviews.last().is_some_and(|r| r.rating > 1))
        .count();
    Ok(Optimization {
        reviews: items.len(),
        actual_retention: recalled as f64 / items.len() as f64,
        before: fit(current, &items)?,
        after: fit(&parameters, &items)?,
        parameters,
    })
}

/// Every prefix of a card's history that ends a day or more after an earlier review: the
/// reviews whose outcome FSRS predicts.
fn training_items(histories: &[Vec<LoggedRating>]) -> Vec<FSRSItem> {
    let mut items = Vec::new();
    for history in histories {
        let mut reviews = Vec::with_capacity(history.len());
        let mut previous_day = None;
        for entry in history {
            let delta_t = previous_day.map_or(0, |day: NaiveDate| {
                (entry.day - day).num_days().max(0) as u32
            });
            previous_day = Some(entry.day);
            reviews.push(FSRSReview {
                rating: fsrs_rating(entry.rating),
                delta_t,
            });
            let item = FSRSItem {
                reviews: reviews.clone(),
            };
            if item.long_term_review_cnt() > 0 {
                items.push(item);
            }
        }
    }
    items
}

/// How many items survive the crate's outlier filter, which drops first-rating and gap
/// patterns too rare to learn from; the optimizer trains on these only.
fn usable_items(items: &[FSRSItem]) -> usize {
    let first_long_term: Vec<FSRSItem> = items
        .iter()
        .filter(|item| item.long_term_review_cnt() == 1)
        .cloned()
        .collect();
    fsrs::filter_outlier(first_long_term, items.to_vec())
        .1
        .len()
}

fn fit(parameters: &[f32], items: &[FSRSItem]) -> Result<Fit, ScheduleError> {
    let scheduler = FSRS::new(parameters).map_err(fsrs_error)?;
    let filled = fsrs::check_and_fill_parameters(parameters).map_err(fsrs_error)?;
    let decay = filled[20];
    let mut total = 0.0;
    for item in items {
        let (last, history) = item
            .reviews
            .split_last()
            .ok_or(ScheduleError::Fsrs("an empty review history".into()))?;
        let state = scheduler
            .memory_state(
                FSRSItem {
                    reviews: history.to_vec(),
                },
                None,
            )
            .map_err(fsrs_error)?;
        total += f64::from(fsrs::current_retrievability(
            state,
            last.delta_t as f32,
            decay,
        ));
    }
    let evaluation = scheduler
        .evaluate(items.to_vec(), |_| true)
        .map_err(fsrs_error)?;
    Ok(Fit {
        predicted_retention: total / items.len().max(1) as f64,
        log_loss: f64::from(evaluation.log_loss),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn scheduler() -> Scheduler {
        Scheduler::new(&[], &ScheduleSettings::default()).unwrap()
    }

    #[test]
    fn a_new_card_gets_the_crates_first_intervals() {
        let now = at("2025-03-01T09:00:00+01:00");
        let good = scheduler().review(None, Rating::Good, now).unwrap();
        let expected = FSRS::default().next_states(None, 0.9, 0).unwrap().good;
        assert_eq!(good.stability, expected.memory.stability);
        assert_eq!(good.difficulty, expected.memory.difficulty);
        assert_eq!(good.interval_days, expected.interval.round() as u32);
        assert_eq!(
            good.due,
            now.to_utc() + Duration::days(good.interval_days.into())
        );
        assert_eq!((good.phase, good.reps, good.lapses), (Phase::Review, 1, 0));
    }

    #[test]
    fn again_comes_back_in_minutes_and_counts_a_lapse() {
        let now = at("2025-03-01T09:00:00+00:00");
        let s = scheduler();
        let good = s.review(None, Rating::Good, now).unwrap();
        let later = now + Duration::days(i64::from(good.interval_days));
        let again = s.review(Some(&good), Rating::Again, later).unwrap();
        assert_eq!(again.phase, Phase::Relearning);
        assert_eq!(
            again.due,
            later.to_utc() + Duration::minutes(RELEARN_DELAY_MINUTES)
        );
        assert_eq!((again.lapses, again.reps, again.interval_days), (1, 2, 0));
        assert!(again.stability < good.stability);
    }

    #[test]
    fn intervals_grow_with_good_ratings_and_respect_the_cap() {
        let settings = ScheduleSettings {
            max_interval_days: 20,
            ..ScheduleSettings::default()
        };
        let s = Scheduler::new(&[], &settings).unwrap();
        let mut now = at("2025-01-01T12:00:00+00:00");
        let mut state = s.review(None, Rating::Good, now).unwrap();
        let mut intervals = vec![state.interval_days];
        for _ in 0..6 {
            now += Duration::days(i64::from(state.interval_days));
            state = s.review(Some(&state), Rating::Good, now).unwrap();
            intervals.push(state.interval_days);
        }
        assert!(intervals.windows(2).all(|w| w[0] <= w[1]), "{intervals:?}");
        assert_eq!(*intervals.last().unwrap(), 20);
    }

    #[test]
    fn waits_are_the_scheduled_intervals_however_the_clock_reads() {
        // A real clock reads below the millisecond; the review time is cut to it.
        let now = at("2025-01-01T12:00:00.123456789+00:00");
        let preview = scheduler().preview(None, now).unwrap();
        let again = &preview[0].1;
        assert_eq!(again.wait(), Wait::Minutes(RELEARN_DELAY_MINUTES));
        assert_eq!(again.wait().short(), "10m");
        assert_eq!(again.wait().phrase(), "in 10 min");
        let good = &preview[2].1;
        assert_eq!(good.wait(), Wait::Days(good.interval_days));
        assert_eq!(
            good.due,
            truncate_to_millis(now.to_utc()) + Duration::days(good.interval_days.into())
        );
        assert_eq!(Wait::Days(1).phrase(), "tomorrow");
        assert_eq!(Wait::Days(2).phrase(), "in 2 days");
        assert_eq!(Wait::Days(2).short(), "2d");
        assert_eq!(Wait::Days(75).short(), "2.5mo");
        assert_eq!(Wait::Days(438).short(), "1.2y");
    }

    #[test]
    fn preview_offers_all_four_ratings_in_order() {
        let preview = scheduler()
            .preview(None, at("2025-01-01T12:00:00+00:00"))
            .unwrap();
        let ratings: Vec<Rating> = preview.iter().map(|(r, _)| *r).collect();
        assert_eq!(ratings, Rating::ALL);
        assert!(preview[1].1.due <= preview[2].1.due && preview[2].1.due <= preview[3].1.due);
    }

    #[test]
    fn replay_rebuilds_the_state_reached_review_by_review() {
        let s = scheduler();
        let times = [
            "2025-01-01T10:00:00+02:00",
            "2025-01-01T10:15:00+02:00",
            "2025-01-03T08:00:00+02:00",
        ];
        let ratings = [Rating::Again, Rating::Good, Rating::Hard];
        let mut state = None;
        let mut log = Vec::new();
        for (time, rating) in times.iter().zip(ratings) {
            let now = at(time);
            state = Some(s.review(state.as_ref(), rating, now).unwrap());
            log.push(LoggedRating {
                rating,
                at: now.to_utc(),
                day: now.date_naive(),
            });
        }
        assert_eq!(s.replay(&log).unwrap(), state);
        assert_eq!(s.replay(&[]).unwrap(), None);
    }

    #[test]
    fn retrievability_falls_with_time_and_is_ninety_percent_at_stability() {
        let s = scheduler();
        let now = at("2025-01-01T00:00:00+00:00");
        let state = s.review(None, Rating::Good, now).unwrap();
        let at_stability = now.to_utc()
            + Duration::seconds((f64::from(state.stability) * 86_400.0).round() as i64);
        assert!((s.retrievability(&state, at_stability) - 0.9).abs() < 0.001);
        assert!(s.retrievability(&state, now.to_utc()) > 0.99);
    }

    #[test]
    fn leeches_are_flagged_at_the_threshold() {
        let settings = ScheduleSettings {
            leech_threshold: 2,
            ..ScheduleSettings::default()
        };
        let s = Scheduler::new(&[], &settings).unwrap();
        let now = at("2025-01-01T00:00:00+00:00");
        let once = s.review(None, Rating::Again, now).unwrap();
        assert!(!s.is_leech(&once));
        let twice = s.review(Some(&once), Rating::Again, now).unwrap();
        assert!(s.is_leech(&twice));
    }

    #[test]
    fn invalid_parameters_are_refused() {
        let error = Scheduler::new(&[f32::NAN; 21], &ScheduleSettings::default()).unwrap_err();
        assert_eq!(error, ScheduleError::InvalidParameters);
    }

    fn synthetic_histories(cards: usize) -> Vec<Vec<LoggedRating>> {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        (0..cards)
            .map(|card| {
                let mut day = start + Duration::days((card % 30) as i64);
                let mut gap = 1 + (card % 3) as i64;
                (0..6)
                    .map(|step| {
                        let rating = match (card + step) % 7 {
                            0 => Rating::Again,
                            1 => Rating::Hard,
                            6 => Rating::Easy,
                            _ => Rating::Good,
                        };
                        let entry = LoggedRating {
                            rating,
                            at: day.and_hms_opt(9, 0, 0).unwrap().and_utc(),
                            day,
                        };
                        day += Duration::days(gap);
                        gap = if rating == Rating::Again { 1 } else { gap * 2 };
                        entry
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn optimize_needs_enough_reviews_in_shared_patterns() {
        let error = optimize(&synthetic_histories(3), &[]).unwrap_err();
        assert_eq!(
            error,
            ScheduleError::NotEnoughReviews {
                usable: 0,
                reviews: 15,
                need: 64
            }
        );
        assert!(error.to_string().contains("0 of your 15 qualify"));
    }

    #[test]
    fn states_serialize_as_short_decimals_and_read_back_exactly() {
        let state = scheduler()
            .review(None, Rating::Good, at("2025-01-01T12:00:00+00:00"))
            .unwrap();
        let json = serde_json::to_value(state).unwrap();
        assert_eq!(json["stability"].to_string(), state.stability.to_string());
        let back: CardState = serde_json::from_value(json).unwrap();
        assert_eq!(back, state);
    }

    #[test]
    fn optimize_fits_parameters_that_predict_the_history_better() {
        let result = optimize(&synthetic_histories(120), &[]).unwrap();
        assert_eq!(result.parameters.len(), 21);
        assert_eq!(result.reviews, 600);
        assert!(result.after.log_loss < result.before.log_loss, "{result:?}");
        assert!((0.0..=1.0).contains(&result.after.predicted_retention));
        assert!((result.actual_retention - 515.0 / 600.0).abs() < 1e-9);
        Scheduler::new(&result.parameters, &ScheduleSettings::default()).unwrap();
    }
}
