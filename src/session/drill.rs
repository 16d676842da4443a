//! One drill: a card's answer written slot by slot against a time limit, with hints, pauses
//! and submission. Events change it; `now` is always passed in.

use std::time::Duration;

use super::stopwatch::Stopwatch;
use crate::deck::{Card, CardId, CardKind, Followup, Framework};
use crate::text::{strip_control, word_count};

/// The longest answer a drill accepts, in characters: far beyond a real answer (a long one is
/// 3,000 words, about 20,000 characters), and small enough to keep the editor and the scorer
/// fast (it stays under the scorer's byte limit even in four-byte characters).
pub const MAX_ANSWER_CHARS: usize = 50_000;

/// The share of the time limit left when the timer turns to a warning.
const LOW_TIME_SHARE: f64 = 0.2;

/// What happens when the time limit passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Writing stays allowed; the overtime is counted and shown.
    Practice,
    /// The drill finishes by itself when time is up, as in a mock interview.
    HardStop,
}

/// How the answer is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One slot per framework section; the answer has a `## Title` heading per section.
    Sectioned,
    /// One slot of free text: recall cards and follow-ups.
    Free,
    /// One line holding a number.
    Numeric,
}

/// A place the candidate writes: a framework section (by its id), or the whole answer (with
/// an empty id, as the store names text outside any section).
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub id: String,
    pub title: String,
    pub guide: String,
    /// The slot's share of the time budget; the shares of a drill sum to 1.
    pub share: f64,
    pub text: String,
    pub words: usize,
    pub chars: usize,
}

impl Slot {
    fn new(id: &str, title: &str, guide: &str, share: f64) -> Self {
        Slot {
            id: id.to_string(),
            title: title.to_string(),
            guide: guide.to_string(),
            share,
            text: String::new(),
            words: 0,
            chars: 0,
        }
    }

    fn set_text(&mut self, text: String) {
        self.words = word_count(&text);
        self.chars = text.chars().count();
        self.text = text;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// The candidate submitted.
    Submitted,
    /// A hard stop ended the drill at the time limit.
    TimeUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Writing,
    /// The clock is stopped; the trainer hides the prompt and the answer.
    Paused,
    Finished {
        finish: Finish,
        elapsed: Duration,
    },
}

/// Something that happens to a drill.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The active slot's whole text after an edit.
    Edit(String),
    NextSlot,
    PreviousSlot,
    SelectSlot(usize),
    RevealHint,
    Pause,
    Resume,
    Submit,
    /// Time passed; lets a hard stop end the drill.
    Tick,
}

/// How the clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerLevel {
    /// More than a fifth of the time is left.
    Calm,
    /// A fifth of the time or less is left.
    Low,
    /// The limit has passed.
    Over,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timer {
    pub elapsed: Duration,
    pub limit: Duration,
    pub level: TimerLevel,
}

impl Timer {
    /// A clock that has counted `elapsed` of `limit`, with its level.
    pub fn new(elapsed: Duration, limit: Duration) -> Timer {
        let remaining = limit.saturating_sub(elapsed);
        let level = if elapsed > limit {
            TimerLevel::Over
        } else if remaining.as_secs_f64() <= limit.as_secs_f64() * LOW_TIME_SHARE {
            TimerLevel::Low
        } else {
            TimerLevel::Calm
        };
        Timer {
            elapsed,
            limit,
            level,
        }
    }

    pub fn remaining(&self) -> Duration {
        self.limit.saturating_sub(self.elapsed)
    }

    pub fn overtime(&self) -> Duration {
        self.elapsed.saturating_sub(self.limit)
    }

    /// Elapsed time as a share of the limit (above 1 in overtime).
    pub fn progress(&self) -> f64 {
        if self.limit.is_zero() {
            1.0
        } else {
            self.elapsed.as_secs_f64() / self.limit.as_secs_f64()
        }
    }
}

/// A drill in progress.
#[derive(Debug, Clone)]
pub struct Drill {
    card: CardId,
    followup: Option<String>,
    shape: Shape,
    slots: Vec<Slot>,
    active: usize,
    limit: Duration,
    policy: Policy,
    watch: Stopwatch,
    hints: Vec<String>,
    hints_revealed: usize,
    phase: Phase,
}

impl Drill {
    /// A drill of a card, started at `now`. The time limit is the card's, times `multiplier`
    /// (the `drill.time_multiplier` setting). A sectioned card whose framework is missing is
    /// drilled as free text rather than refused.
    pub fn for_card(
        card: &Card,
        framework: Option<&Framework>,
        policy: Policy,
        multiplier: f64,
        now: Duration,
    ) -> Drill {
        let (shape, slots) = match (&card.kind, framework) {
            (CardKind::Sectioned { .. }, Some(framework)) if !framework.sections.is_empty() => {
                let total: f64 = framework.sections.iter().map(|s| s.share).sum();
                let even = 1.0 / framework.sections.len() as f64;
                let slots = framework
                    .sections
                    .iter()
                    .map(|s| {
                        let share = if total > 0.0 { s.share / total } else { even };
                        Slot::new(&s.id, &s.title, &s.guide, share)
                    })
                    .collect();
                (Shape::Sectioned, slots)
            }
            (CardKind::Numeric { unit, .. }, _) => {
                let guide = if unit.is_empty() {
                    "One number.".to_string()
                } else {
                    format!("One number, in {unit}.")
                };
                (Shape::Numeric, vec![Slot::new("", "Answer", &guide, 1.0)])
            }
            _ => (
                Shape::Free,
                vec![Slot::new(
                    "",
                    "Answer",
                    "Your answer, in your own words.",
                    1.0,
                )],
            ),
        };
        Drill::new(
            card.id.clone(),
            None,
            shape,
            slots,
            scaled(card.time_limit, multiplier),
            card.hints.clone(),
            policy,
            now,
        )
    }

    /// A drill of one of a card's follow-ups: free text against the follow-up's time limit.
    pub fn for_followup(
        card: &Card,
        followup: &Followup,
        policy: Policy,
        multiplier: f64,
        now: Duration,
    ) -> Drill {
        Drill::new(
            card.id.clone(),
            Some(followup.id.clone()),
            Shape::Free,
            vec![Slot::new(
                "",
                "Answer",
                "Your answer to the follow-up.",
                1.0,
            )],
            scaled(followup.time_limit, multiplier),
            followup.hints.clone(),
            policy,
            now,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn new(
        card: CardId,
        followup: Option<String>,
        shape: Shape,
        slots: Vec<Slot>,
        limit: Duration,
        hints: Vec<String>,
        policy: Policy,
        now: Duration,
    ) -> Drill {
        Drill {
            card,
            followup,
            shape,
            slots,
            active: 0,
            limit,
            policy,
            watch: Stopwatch::start(Duration::ZERO, now),
            hints,
            hints_revealed: 0,
            phase: Phase::Writing,
        }
    }

    /// Puts a saved draft's text, time and hints back, with the clock running from `now`.
    /// Text of a section the framework no longer has is kept, under its old name, in the
    /// last slot, so nothing written is lost.
    pub fn restore(mut self, draft: &Draft, now: Duration) -> Drill {
        let mut orphans = String::new();
        for saved in &draft.sections {
            let saved_text = clean(&saved.text, self.shape);
            match self.slots.iter_mut().find(|slot| slot.id == saved.id) {
                Some(slot) => slot.set_text(saved_text),
                None if !saved_text.trim().is_empty() => {
                    orphans.push_str(&format!("\n\n({})\n{saved_text}", saved.id));
                }
                None => {}
            }
        }
        if !orphans.is_empty()
            && let Some(last) = self.slots.last_mut()
        {
            let joined = format!("{}{orphans}", last.text);
            last.set_text(joined.trim_start().to_string());
        }
        self.hints_revealed = (draft.hints_revealed as usize).min(self.hints.len());
        self.watch = Stopwatch::start(draft.elapsed, now);
        self.phase = Phase::Writing;
        self
    }

    /// Applies an event at `now`; returns whether anything changed.
    pub fn update(&mut self, event: Event, now: Duration) -> bool {
        let stopped = self.enforce_limit(now);
        let changed = match (self.phase, event) {
            (Phase::Finished { .. }, _) => false,
            (Phase::Writing, Event::Edit(text)) => self.edit(text),
            (Phase::Writing, Event::NextSlot) => self.select((self.active + 1) % self.slots.len()),
            (Phase::Writing, Event::PreviousSlot) => {
                self.select((self.active + self.slots.len() - 1) % self.slots.len())
            }
            (Phase::Writing, Event::SelectSlot(index)) => {
                index < self.slots.len() && self.select(index)
            }
            (Phase::Writing, Event::RevealHint) => {
                let more = self.hints_revealed < self.hints.len();
                if more {
                    self.hints_revealed += 1;
                }
                more
            }
            (Phase::Writing, Event::Pause) => {
                self.watch.pause(now);
                self.phase = Phase::Paused;
                true
            }
            (Phase::Paused, Event::Resume) => {
                self.watch.resume(now);
                self.phase = Phase::Writing;
                true
            }
            (Phase::Writing | Phase::Paused, Event::Submit) => {
                self.phase = Phase::Finished {
                    finish: Finish::Submitted,
                    elapsed: self.watch.elapsed(now),
                };
                true
            }
            _ => false,
        };
        stopped || changed
    }

    /// Under a hard stop, finishes the drill once the limit has passed.
    fn enforce_limit(&mut self, now: Duration) -> bool {
        let running = matches!(self.phase, Phase::Writing | Phase::Paused);
        if self.policy == Policy::HardStop && running && self.watch.elapsed(now) >= self.limit {
            self.phase = Phase::Finished {
                finish: Finish::TimeUp,
                elapsed: self.limit,
            };
            return true;
        }
        false
    }

    fn select(&mut self, index: usize) -> bool {
        let changed = index != self.active;
        self.active = index;
        changed
    }

    fn edit(&mut self, text: String) -> bool {
        let text = clean(&text, self.shape);
        let others: usize = self
            .slots
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != self.active)
            .map(|(_, s)| s.chars)
            .sum();
        let room = MAX_ANSWER_CHARS.saturating_sub(others);
        let text = match text.char_indices().nth(room) {
            Some((cut, _)) => text[..cut].to_string(),
            None => text,
        };
        let slot = &mut self.slots[self.active];
        if slot.text == text {
            return false;
        }
        slot.set_text(text);
        true
    }

    pub fn card(&self) -> &CardId {
        &self.card
    }

    pub fn followup(&self) -> Option<&str> {
        self.followup.as_deref()
    }

    pub fn shape(&self) -> Shape {
        self.shape
    }

    pub fn policy(&self) -> Policy {
        self.policy
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn slots(&self) -> &[Slot] {
        &self.slots
    }

    pub fn active(&self) -> usize {
        self.active
    }

    pub fn active_slot(&self) -> &Slot {
        &self.slots[self.active]
    }

    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// The hints revealed so far, in order.
    pub fn revealed_hints(&self) -> &[String] {
        &self.hints[..self.hints_revealed]
    }

    pub fn hints_left(&self) -> usize {
        self.hints.len() - self.hints_revealed
    }

    /// Characters in the whole answer, the measure of [`MAX_ANSWER_CHARS`].
    pub fn chars(&self) -> usize {
        self.slots.iter().map(|s| s.chars).sum()
    }

    /// Characters the active slot may still take.
    pub fn room(&self) -> usize {
        MAX_ANSWER_CHARS.saturating_sub(self.chars())
    }

    pub fn words(&self) -> usize {
        self.slots.iter().map(|s| s.words).sum()
    }

    /// True while the candidate may type: writing, not paused, not finished.
    pub fn accepts_edits(&self) -> bool {
        self.phase == Phase::Writing
    }

    pub fn timer(&self, now: Duration) -> Timer {
        let elapsed = match self.phase {
            Phase::Finished { elapsed, .. } => elapsed,
            _ => self.watch.elapsed(now),
        };
        Timer::new(elapsed, self.limit)
    }

    /// The same drill with another time limit (a mock plan's, rather than the card's).
    pub fn with_limit(mut self, limit: Duration) -> Drill {
        self.limit = limit;
        self
    }

    /// The same drill, blank and with its clock starting at `now`.
    pub fn restart(mut self, now: Duration) -> Drill {
        for slot in &mut self.slots {
            slot.set_text(String::new());
        }
        self.active = 0;
        self.hints_revealed = 0;
        self.watch = Stopwatch::start(Duration::ZERO, now);
        self.phase = Phase::Writing;
        self
    }

    /// The answer as the scorer reads it: `## Title` and the text, per section.
    pub fn answer_markdown(&self) -> String {
        match self.shape {
            Shape::Sectioned => {
                let mut out = String::new();
                for slot in &self.slots {
                    out.push_str("## ");
                    out.push_str(&slot.title);
                    out.push('\n');
                    let text = slot.text.trim_end();
                    if !text.is_empty() {
                        out.push_str(text);
                        out.push('\n');
                    }
                    out.push('\n');
                }
                out.truncate(out.trim_end().len());
                out.push('\n');
                out
            }
            Shape::Free | Shape::Numeric => self.slots[0].text.clone(),
        }
    }

    /// What to save so the drill can be resumed after the trainer closes.
    pub fn draft(&self, now: Duration) -> Draft {
        Draft {
            card: self.card.clone(),
            sections: self
                .slots
                .iter()
                .map(|s| DraftSection {
                    id: s.id.clone(),
                    text: s.text.clone(),
                })
                .collect(),
            elapsed: self.timer(now).elapsed,
            hints_revealed: u32::try_from(self.hints_revealed).unwrap_or(u32::MAX),
        }
    }

    /// The finished drill's result, or `None` while it is still running.
    pub fn attempt(&self) -> Option<Attempt> {
        let Phase::Finished { finish, elapsed } = self.phase else {
            return None;
        };
        Some(Attempt {
            card: self.card.clone(),
            followup: self.followup.clone(),
            answer: self.answer_markdown(),
            sections: self
                .slots
                .iter()
                .map(|s| (s.title.clone(), s.words))
                .collect(),
            elapsed,
            limit: self.limit,
            hints_used: u32::try_from(self.hints_revealed).unwrap_or(u32::MAX),
            finish,
        })
    }
}

/// Text as a slot holds it: no control characters, and a numeric answer on one line.
fn clean(text: &str, shape: Shape) -> String {
    let text = strip_control(text);
    if shape == Shape::Numeric {
        text.replace(['\n', '\t'], " ")
    } else {
        text
    }
}

fn scaled(limit: Duration, multiplier: f64) -> Duration {
    let secs = (limit.as_secs_f64() * multiplier).round();
    Duration::from_secs(secs.max(1.0) as u64)
}

/// A drill saved part-way, to resume later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub card: CardId,
    pub sections: Vec<DraftSection>,
    pub elapsed: Duration,
    pub hints_revealed: u32,
}

/// One slot's text in a draft, by the slot's id (the framework section's id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftSection {
    pub id: String,
    pub text: String,
}

impl Draft {
    pub fn words(&self) -> usize {
        self.sections.iter().map(|s| word_count(&s.text)).sum()
    }

    /// True when nothing has been written: such a draft is not worth offering.
    pub fn is_blank(&self) -> bool {
        self.sections.iter().all(|s| s.text.trim().is_empty())
    }
}

/// A finished drill: the answer to score and what the results screen shows beside the score.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub card: CardId,
    pub followup: Option<String>,
    /// The answer as Markdown, as [`crate::score::answer::parse`] reads it.
    pub answer: String,
    /// Each slot's title and word count.
    pub sections: Vec<(String, usize)>,
    pub elapsed: Duration,
    pub limit: Duration,
    pub hints_used: u32,
    pub finish: Finish,
}

impl Attempt {
    pub fn overtime(&self) -> Duration {
        self.elapsed.saturating_sub(self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Bank;
    use crate::score::answer;

    const fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn bank() -> Bank {
        Bank::bundled()
    }

    fn gsmt_drill(bank: &Bank, policy: Policy) -> Drill {
        let card = bank
            .cards()
            .find(|c| c.framework_id() == Some("gsmt"))
            .expect("the bundled bank has a GSM-T card");
        Drill::for_card(card, bank.framework_for(card), policy, 1.0, secs(0))
    }

    #[test]
    fn sectioned_answers_are_what_the_scorer_reads() {
        let bank = bank();
        let mut drill = gsmt_drill(&bank, Policy::Practice);
        assert_eq!(drill.shape(), Shape::Sectioned);
        assert_eq!(drill.slots().len(), 4);
        assert!(drill.update(Event::Edit("Grow shared rides.".into()), secs(1)));
        drill.update(Event::NextSlot, secs(2));
        drill.update(Event::NextSlot, secs(3));
        drill.update(
            Event::Edit("- match rate = matched / requests\n".into()),
            secs(4),
        );
        let markdown = drill.answer_markdown();
        assert_eq!(
            markdown,
            "## Goals\nGrow shared rides.\n\n## Signals\n\n## Metrics\n- match rate = matched / requests\n\n## Targets\n"
        );
        let card = bank.card(drill.card().as_str()).unwrap();
        let sections = &bank.framework_for(card).unwrap().sections;
        let parsed = answer::parse(&markdown, sections);
        assert!(parsed.structured);
        assert_eq!(parsed.section_words, [3, 0, 6, 0]);
        assert_eq!(parsed.loose_words, 0);
    }

    #[test]
    fn slots_cycle_and_select() {
        let bank = bank();
        let mut drill = gsmt_drill(&bank, Policy::Practice);
        assert!(drill.update(Event::PreviousSlot, secs(0)));
        assert_eq!(drill.active(), 3);
        drill.update(Event::NextSlot, secs(0));
        assert_eq!(drill.active(), 0);
        assert!(drill.update(Event::SelectSlot(2), secs(0)));
        assert!(!drill.update(Event::SelectSlot(9), secs(0)));
        assert_eq!(drill.active(), 2);
        let shares: f64 = drill.slots().iter().map(|s| s.share).sum();
        assert!((shares - 1.0).abs() < 1e-9);
    }

    #[test]
    fn pause_stops_the_clock_and_blocks_edits() {
        let bank = bank();
        let mut drill = gsmt_drill(&bank, Policy::Practice);
        drill.update(Event::Pause, secs(10));
        assert!(!drill.accepts_edits());
        assert!(!drill.update(Event::Edit("typed while paused".into()), secs(20)));
        assert!(!drill.update(Event::NextSlot, secs(20)));
        assert_eq!(drill.timer(secs(500)).elapsed, secs(10));
        drill.update(Event::Resume, secs(500));
        assert_eq!(drill.timer(secs(530)).elapsed, secs(40));
        assert_eq!(drill.active_slot().text, "");
    }

    #[test]
    fn timer_turns_low_then_over_and_practice_keeps_writing() {
        let bank = bank();
        let mut drill = gsmt_drill(&bank, Policy::Practice);
        let limit = drill.limit();
        assert_eq!(drill.timer(secs(0)).level, TimerLevel::Calm);
        let low = limit.mul_f64(0.85);
        assert_eq!(drill.timer(low).level, TimerLevel::Low);
        let over = limit + secs(75);
        let timer = drill.timer(over);
        assert_eq!(timer.level, TimerLevel::Over);
        assert_eq!(timer.overtime(), secs(75));
        assert!(!drill.update(Event::Tick, over));
        assert!(drill.update(Event::Edit("still writing".into()), over));
        drill.update(Event::Submit, over + secs(5));
        let attempt = drill.attempt().unwrap();
        assert_eq!(attempt.finish, Finish::Submitted);
        assert_eq!(attempt.overtime(), secs(80));
    }

    #[test]
    fn hard_stop_finishes_at_the_limit() {
        let bank = bank();
        let mut drill = gsmt_drill(&bank, Policy::HardStop);
        drill.update(Event::Edit("Goals here.".into()), secs(5));
        let late = drill.limit() + secs(30);
        assert!(drill.update(Event::Tick, late));
        assert!(!drill.update(Event::Edit("too late".into()), late));
        let attempt = drill.attempt().unwrap();
        assert_eq!(attempt.finish, Finish::TimeUp);
        assert_eq!(attempt.elapsed, drill.limit());
        assert!(attempt.answer.contains("Goals here."));
    }

    #[test]
    fn hints_are_counted_up_to_the_cards_hints() {
        let bank = bank();
        let card = bank
            .cards()
            .find(|c| c.hints.len() >= 2)
            .expect("a card with hints");
        let mut drill = Drill::for_card(
            card,
            bank.framework_for(card),
            Policy::Practice,
            1.0,
            secs(0),
        );
        for _ in 0..card.hints.len() {
            assert!(drill.update(Event::RevealHint, secs(1)));
        }
        assert!(!drill.update(Event::RevealHint, secs(1)));
        assert_eq!(drill.revealed_hints(), card.hints.as_slice());
        assert_eq!(drill.hints_left(), 0);
        drill.update(Event::Submit, secs(2));
        assert_eq!(
            drill.attempt().unwrap().hints_used as usize,
            card.hints.len()
        );
    }

    #[test]
    fn answers_are_capped_and_cleaned() {
        let bank = bank();
        let mut drill = gsmt_drill(&bank, Policy::Practice);
        drill.update(Event::Edit("x".repeat(MAX_ANSWER_CHARS - 10)), secs(1));
        drill.update(Event::NextSlot, secs(1));
        drill.update(Event::Edit("é".repeat(50)), secs(1));
        assert_eq!(drill.active_slot().chars, 10);
        assert_eq!(drill.chars(), MAX_ANSWER_CHARS);
        assert_eq!(drill.room(), 0);
        drill.update(Event::Edit("\u{1b}[31mred\u{1b}[0m".into()), secs(1));
        assert_eq!(drill.active_slot().text, "red");
    }

    #[test]
    fn numeric_answers_stay_on_one_line() {
        let bank = bank();
        let card = bank
            .cards()
            .find(|c| matches!(c.kind, CardKind::Numeric { .. }))
            .expect("the bundled bank has a numeric card");
        let mut drill = Drill::for_card(card, None, Policy::Practice, 1.0, secs(0));
        assert_eq!(drill.shape(), Shape::Numeric);
        drill.update(Event::Edit("12\n000".into()), secs(1));
        assert_eq!(drill.answer_markdown(), "12 000");
    }

    #[test]
    fn drafts_round_trip_and_keep_orphaned_text() {
        let bank = bank();
        let mut drill = gsmt_drill(&bank, Policy::Practice);
        drill.update(Event::Edit("goal text".into()), secs(3));
        drill.update(Event::SelectSlot(2), secs(4));
        drill.update(Event::Edit("metric text".into()), secs(5));
        drill.update(Event::RevealHint, secs(6));
        let mut draft = drill.draft(secs(42));
        assert_eq!(draft.elapsed, secs(42));
        assert_eq!(draft.words(), 4);
        draft.sections.push(DraftSection {
            id: "renamed".into(),
            text: "old words".into(),
        });
        let back = draft.clone();
        let fresh = gsmt_drill(&bank, Policy::Practice).restore(&back, secs(100));
        assert_eq!(fresh.slots()[0].text, "goal text");
        assert_eq!(fresh.timer(secs(110)).elapsed, secs(52));
        assert_eq!(fresh.revealed_hints().len(), drill.revealed_hints().len());
        assert_eq!(fresh.slots()[3].text, "(renamed)\nold words");
        assert!(!back.is_blank());
    }

    #[test]
    fn followups_are_free_text_against_their_own_limit() {
        let bank = bank();
        let (card, followup) = bank
            .cards()
            .find_map(|c| c.followups.first().map(|f| (c, f)))
            .expect("the bundled bank has a follow-up");
        let mut drill = Drill::for_followup(card, followup, Policy::Practice, 2.0, secs(0));
        assert_eq!(drill.shape(), Shape::Free);
        assert_eq!(drill.limit(), followup.time_limit * 2);
        drill.update(Event::Edit("plain answer".into()), secs(1));
        drill.update(Event::Submit, secs(2));
        let attempt = drill.attempt().unwrap();
        assert_eq!(attempt.answer, "plain answer");
        assert_eq!(attempt.followup.as_deref(), Some(followup.id.as_str()));
    }
}
