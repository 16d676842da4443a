//! A mock interview in progress: the plan's questions asked one after another under one
//! overall clock, each main answer followed by its follow-ups on their own shorter clocks.
//!
//! Candidate mode is strict: every part stops hard at its limit and its answer is locked as
//! written, the whole mock stops when the overall clock runs out, hints are refused and
//! scores stay hidden until the report. At most [`MAX_PAUSES`] pauses are allowed; a pause
//! stops both clocks and is shown in the report. Interviewer mode is the coach's screen: the
//! clocks run into overtime instead of stopping (the coach decides when to move on), pauses
//! are free, and each part is a rubric checklist to tick plus notes.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::drill::{self, Drill, Policy, Shape};
use super::stopwatch::Stopwatch;
use super::{DraftSection, Event as DrillEvent, Slot, Timer};
use crate::deck::{Bank, Card};
use crate::mock::Plan;

/// Pauses a candidate may take in one mock.
pub const MAX_PAUSES: u32 = 2;

/// Who sits at the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The candidate types the answers; they are scored at the end.
    Candidate,
    /// A coach reads the prompts aloud and ticks the rubric as the candidate speaks.
    Interviewer,
}

/// One part of the mock: a main question or one of its follow-ups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// The question's index in the plan.
    pub question: usize,
    pub card: String,
    pub followup: Option<String>,
    pub limit_secs: u64,
}

/// How a part ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartEnd {
    Submitted,
    /// Its own limit passed and the answer was locked.
    TimeUp,
    /// The overall clock ran out during it.
    MockTimeUp,
    /// The candidate ended the mock during it.
    Ended,
    /// The mock ended before it was asked.
    NotReached,
}

/// A part once over: what was written or ticked, and the time it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartResult {
    pub part: Part,
    pub end: PartEnd,
    pub elapsed_ms: u64,
    /// The answer as the scorer reads it (candidate mode).
    pub answer: String,
    /// The text of each slot, by slot id, and the seconds spent in it (candidate mode).
    pub sections: Vec<SectionTime>,
    /// Rubric item ids the interviewer ticked (interviewer mode).
    pub ticked: Vec<String>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionTime {
    pub id: String,
    pub title: String,
    pub text: String,
    pub secs: u64,
}

impl PartResult {
    pub fn elapsed(&self) -> Duration {
        Duration::from_millis(self.elapsed_ms)
    }
}

/// How the mock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MockPhase {
    Running,
    Paused,
    Finished(MockEnd),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MockEnd {
    /// Every part was answered.
    Completed,
    /// The overall clock ran out.
    TimeUp,
    /// The candidate or coach ended it early.
    Ended,
}

/// Something that happens to a mock.
#[derive(Debug, Clone, PartialEq)]
pub enum MockEvent {
    /// The active slot's whole text after an edit (candidate mode).
    Edit(String),
    NextSlot,
    PreviousSlot,
    /// Ticks or unticks a checklist item by its index (interviewer mode).
    Toggle(usize),
    /// The notes' whole text after an edit (interviewer mode).
    Notes(String),
    /// Ends the current part and asks the next.
    Submit,
    Pause,
    Resume,
    /// Ends the mock now; what was written is kept and the rest is not asked.
    End,
    /// Time passed: lets the clocks stop parts and the mock.
    Tick,
}

/// A rubric item on the interviewer's checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistItem {
    pub id: String,
    pub desc: String,
    pub ticked: bool,
}

/// The part being asked.
#[derive(Debug, Clone)]
enum Current {
    Writing {
        drill: Drill,
        /// Time spent in each slot so far, and the reading of the part's clock at the last event.
        slot_time: Vec<Duration>,
        mark: Duration,
    },
    Checklist {
        items: Vec<ChecklistItem>,
        notes: String,
        watch: Stopwatch,
        limit: Duration,
    },
}

/// A mock interview in progress. Every method takes `now`, a reading of the caller's monotonic
/// clock; nothing here reads a clock.
#[derive(Debug, Clone)]
pub struct Mock {
    plan: Plan,
    mode: Mode,
    parts: Vec<Part>,
    /// One ready-to-start state per part, built from the bank at the start.
    templates: Vec<Current>,
    results: Vec<PartResult>,
    current: Option<Current>,
    overall: Stopwatch,
    phase: MockPhase,
    pauses: u32,
}

/// What to save so a mock can resume after a crash or after leaving.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MockSnapshot {
    pub plan: Plan,
    pub mode: Mode,
    pub results: Vec<PartResult>,
    /// The part being asked, as far as it got (its `end` is meaningless until it is over).
    pub current: Option<PartResult>,
    pub overall_ms: u64,
    pub pauses: u32,
    pub phase: MockPhase,
}

impl Mock {
    /// Starts `plan` at `now`. Fails when a card or follow-up of the plan is not in the bank.
    pub fn start(plan: Plan, bank: &Bank, mode: Mode, now: Duration) -> Result<Mock, String> {
        let mut parts = Vec::new();
        let mut templates = Vec::new();
        for (index, question) in plan.questions.iter().enumerate() {
            let card = bank.card(&question.card).ok_or_else(|| {
                format!(
                    "the plan `{}` asks for the card `{}`, which is not in the bank",
                    plan.id, question.card
                )
            })?;
            let main = Part {
                question: index,
                card: question.card.clone(),
                followup: None,
                limit_secs: question.time_limit_secs,
            };
            templates.push(template(bank, card, &main, mode, now));
            parts.push(main);
            for id in &question.followups {
                let followup = card
                    .followups
                    .iter()
                    .find(|f| &f.id == id)
                    .ok_or_else(|| format!("the card `{}` has no follow-up `{id}`", card.id))?;
                let part = Part {
                    question: index,
                    card: question.card.clone(),
                    followup: Some(id.clone()),
                    limit_secs: followup.time_limit.as_secs(),
                };
                templates.push(template(bank, card, &part, mode, now));
                parts.push(part);
            }
        }
        if parts.is_empty() {
            return Err(format!("the plan `{}` has no questions", plan.id));
        }
        let mut mock = Mock {
            plan,
            mode,
            parts,
            templates,
            results: Vec::new(),
            current: None,
            overall: Stopwatch::start(Duration::ZERO, now),
            phase: MockPhase::Running,
            pauses: 0,
        };
        mock.begin_next(now);
        Ok(mock)
    }

    /// Restarts a saved mock at `now`, where it stopped: the clocks resume from the times
    /// saved, the part being asked gets back its text, ticks and notes.
    pub fn resume(snapshot: MockSnapshot, bank: &Bank, now: Duration) -> Result<Mock, String> {
        let mut mock = Mock::start(snapshot.plan, bank, snapshot.mode, now)?;
        if snapshot.results.len() > mock.parts.len() {
            return Err("the saved mock does not match its plan".to_string());
        }
        mock.results = snapshot.results;
        mock.overall = Stopwatch::start(Duration::from_millis(snapshot.overall_ms), now);
        mock.pauses = snapshot.pauses;
        mock.current = None;
        if let MockPhase::Finished(end) = snapshot.phase {
            mock.phase = MockPhase::Finished(end);
            return Ok(mock);
        }
        mock.phase = MockPhase::Running;
        mock.begin_next(now);
        if let (Some(current), Some(saved)) = (mock.current.as_mut(), snapshot.current) {
            restore(current, &saved, now);
        }
        Ok(mock)
    }

    /// Applies an event at `now`; returns whether anything changed.
    pub fn update(&mut self, event: MockEvent, now: Duration) -> bool {
        let timed_out = self.enforce_limits(now);
        if matches!(self.phase, MockPhase::Finished(_)) {
            return timed_out;
        }
        let changed = match event {
            MockEvent::Pause => self.pause(now),
            MockEvent::Resume => self.resume_clocks(now),
            MockEvent::End if self.phase == MockPhase::Running => {
                self.finish(PartEnd::Ended, MockEnd::Ended, now);
                true
            }
            MockEvent::Submit if self.phase == MockPhase::Running => {
                self.close_current(PartEnd::Submitted, now);
                self.begin_next(now);
                true
            }
            MockEvent::Tick => false,
            event if self.phase == MockPhase::Running => self.edit(event, now),
            _ => false,
        };
        timed_out || changed
    }

    fn pause(&mut self, now: Duration) -> bool {
        let allowed = self.mode == Mode::Interviewer || self.pauses < MAX_PAUSES;
        if self.phase != MockPhase::Running || !allowed {
            return false;
        }
        self.pauses += 1;
        self.overall.pause(now);
        match &mut self.current {
            Some(Current::Writing { drill, .. }) => {
                drill.update(DrillEvent::Pause, now);
            }
            Some(Current::Checklist { watch, .. }) => watch.pause(now),
            None => {}
        }
        self.phase = MockPhase::Paused;
        true
    }

    fn resume_clocks(&mut self, now: Duration) -> bool {
        if self.phase != MockPhase::Paused {
            return false;
        }
        self.overall.resume(now);
        match &mut self.current {
            Some(Current::Writing { drill, mark, .. }) => {
                drill.update(DrillEvent::Resume, now);
                *mark = drill.timer(now).elapsed;
            }
            Some(Current::Checklist { watch, .. }) => watch.resume(now),
            None => {}
        }
        self.phase = MockPhase::Running;
        true
    }

    fn edit(&mut self, event: MockEvent, now: Duration) -> bool {
        match (&mut self.current, event) {
            (Some(current @ Current::Writing { .. }), event) => {
                let drill_event = match event {
                    MockEvent::Edit(text) => DrillEvent::Edit(text),
                    MockEvent::NextSlot => DrillEvent::NextSlot,
                    MockEvent::PreviousSlot => DrillEvent::PreviousSlot,
                    _ => return false,
                };
                account_slot_time(current, now);
                let Current::Writing { drill, .. } = current else {
                    return false;
                };
                drill.update(drill_event, now)
            }
            (Some(Current::Checklist { items, .. }), MockEvent::Toggle(index)) => {
                match items.get_mut(index) {
                    Some(item) => {
                        item.ticked = !item.ticked;
                        true
                    }
                    None => false,
                }
            }
            (Some(Current::Checklist { notes, .. }), MockEvent::Notes(text)) => {
                let text = crate::text::strip_control(&text);
                let changed = *notes != text;
                *notes = text;
                changed
            }
            _ => false,
        }
    }

    /// Stops the mock at the overall limit, and a part at its own limit (candidate mode).
    fn enforce_limits(&mut self, now: Duration) -> bool {
        if self.mode == Mode::Interviewer || matches!(self.phase, MockPhase::Finished(_)) {
            return false;
        }
        let overall = self.overall.elapsed(now);
        if overall >= self.plan.time_limit() {
            // The overall clock passed its limit `overall - limit` ago: the part's answer is
            // what it was then, and its time is counted up to then.
            let cutoff = now.saturating_sub(overall - self.plan.time_limit());
            self.finish(PartEnd::MockTimeUp, MockEnd::TimeUp, cutoff);
            return true;
        }
        let Some(current @ Current::Writing { .. }) = &mut self.current else {
            return false;
        };
        // The part ran out `overtime` ago (ticks come a fraction of a second apart): its time
        // is counted up to then and the next part's clock starts from then.
        let overtime = match current {
            Current::Writing { drill, .. } => drill.timer(now).overtime(),
            Current::Checklist { .. } => Duration::ZERO,
        };
        let cutoff = now.saturating_sub(overtime);
        account_slot_time(current, cutoff);
        let Current::Writing { drill, .. } = current else {
            return false;
        };
        if drill.update(DrillEvent::Tick, now) {
            self.close_current(PartEnd::TimeUp, cutoff);
            self.begin_next(cutoff);
            return true;
        }
        false
    }

    fn finish(&mut self, end: PartEnd, mock_end: MockEnd, now: Duration) {
        self.close_current(end, now);
        while self.results.len() < self.parts.len() {
            let part = self.parts[self.results.len()].clone();
            self.results.push(PartResult {
                part,
                end: PartEnd::NotReached,
                elapsed_ms: 0,
                answer: String::new(),
                sections: Vec::new(),
                ticked: Vec::new(),
                notes: String::new(),
            });
        }
        self.overall.pause(now);
        self.phase = MockPhase::Finished(mock_end);
    }

    fn close_current(&mut self, end: PartEnd, now: Duration) {
        if let Some(mut current) = self.current.take() {
            account_slot_time(&mut current, now);
            let part = self.parts[self.results.len()].clone();
            self.results.push(result_of(&current, part, end, now));
        }
    }

    fn begin_next(&mut self, now: Duration) {
        let next = self.results.len();
        match self.templates.get(next) {
            Some(template) => self.current = Some(started(template.clone(), now)),
            None => {
                self.overall.pause(now);
                self.phase = MockPhase::Finished(MockEnd::Completed);
            }
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn phase(&self) -> MockPhase {
        self.phase
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.phase, MockPhase::Finished(_))
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The parts that are over, in order.
    pub fn results(&self) -> &[PartResult] {
        &self.results
    }

    /// The index of the part being asked.
    pub fn current_index(&self) -> Option<usize> {
        self.current.as_ref().map(|_| self.results.len())
    }

    pub fn current_part(&self) -> Option<&Part> {
        self.current_index().and_then(|i| self.parts.get(i))
    }

    pub fn pauses(&self) -> u32 {
        self.pauses
    }

    pub fn pauses_left(&self) -> Option<u32> {
        (self.mode == Mode::Candidate).then(|| MAX_PAUSES.saturating_sub(self.pauses))
    }

    /// The overall clock.
    pub fn overall(&self, now: Duration) -> Timer {
        Timer::new(self.overall.elapsed(now), self.plan.time_limit())
    }

    /// The current part's clock.
    pub fn part_timer(&self, now: Duration) -> Option<Timer> {
        match self.current.as_ref()? {
            Current::Writing { drill, .. } => Some(drill.timer(now)),
            Current::Checklist { watch, limit, .. } => Some(Timer::new(watch.elapsed(now), *limit)),
        }
    }

    /// The writing slots of the current part (candidate mode), and the active one.
    pub fn slots(&self) -> Option<(&[Slot], usize)> {
        match self.current.as_ref()? {
            Current::Writing { drill, .. } => Some((drill.slots(), drill.active())),
            Current::Checklist { .. } => None,
        }
    }

    /// How the current part's answer is written (candidate mode).
    pub fn shape(&self) -> Option<Shape> {
        match self.current.as_ref()? {
            Current::Writing { drill, .. } => Some(drill.shape()),
            Current::Checklist { .. } => None,
        }
    }

    /// The checklist and notes of the current part (interviewer mode).
    pub fn checklist(&self) -> Option<(&[ChecklistItem], &str)> {
        match self.current.as_ref()? {
            Current::Checklist { items, notes, .. } => Some((items, notes)),
            Current::Writing { .. } => None,
        }
    }

    /// True while the candidate may type.
    pub fn accepts_edits(&self) -> bool {
        self.phase == MockPhase::Running && self.current.is_some()
    }

    /// What to save so the mock can resume.
    pub fn snapshot(&self, now: Duration) -> MockSnapshot {
        let current = self.current.as_ref().map(|current| {
            let mut current = current.clone();
            account_slot_time(&mut current, now);
            let part = self.parts[self.results.len()].clone();
            result_of(&current, part, PartEnd::Submitted, now)
        });
        MockSnapshot {
            plan: self.plan.clone(),
            mode: self.mode,
            results: self.results.clone(),
            current,
            overall_ms: millis(self.overall.elapsed(now)),
            pauses: self.pauses,
            phase: match self.phase {
                MockPhase::Paused => MockPhase::Running,
                phase => phase,
            },
        }
    }
}

fn template(bank: &Bank, card: &Card, part: &Part, mode: Mode, now: Duration) -> Current {
    let limit = Duration::from_secs(part.limit_secs);
    match mode {
        Mode::Candidate => {
            let drill = match part
                .followup
                .as_ref()
                .and_then(|id| card.followups.iter().find(|f| &f.id == id))
            {
                Some(followup) => Drill::for_followup(card, followup, Policy::HardStop, 1.0, now),
                None => Drill::for_card(card, bank.framework_for(card), Policy::HardStop, 1.0, now),
            }
            .with_limit(limit);
            let slots = drill.slots().len();
            Current::Writing {
                drill,
                slot_time: vec![Duration::ZERO; slots],
                mark: Duration::ZERO,
            }
        }
        Mode::Interviewer => {
            let items = match part
                .followup
                .as_ref()
                .and_then(|id| card.followups.iter().find(|f| &f.id == id))
            {
                Some(followup) => followup.rubric.iter().collect::<Vec<_>>(),
                None => {
                    let framework = bank.framework_for(card).map_or(&[][..], |f| &f.rubric);
                    card.rubric.iter().chain(framework).collect()
                }
            };
            Current::Checklist {
                items: items
                    .into_iter()
                    .map(|item| ChecklistItem {
                        id: item.id.clone(),
                        desc: item.desc.clone(),
                        ticked: false,
                    })
                    .collect(),
                notes: String::new(),
                watch: Stopwatch::start(Duration::ZERO, now),
                limit,
            }
        }
    }
}

/// A template with its clock starting at `now`.
fn started(template: Current, now: Duration) -> Current {
    match template {
        Current::Writing {
            drill, slot_time, ..
        } => Current::Writing {
            drill: drill.restart(now),
            slot_time,
            mark: Duration::ZERO,
        },
        Current::Checklist {
            items,
            notes,
            limit,
            ..
        } => Current::Checklist {
            items,
            notes,
            watch: Stopwatch::start(Duration::ZERO, now),
            limit,
        },
    }
}

fn restore(current: &mut Current, saved: &PartResult, now: Duration) {
    let elapsed = saved.elapsed();
    match current {
        Current::Writing {
            drill,
            slot_time,
            mark,
        } => {
            let draft = drill::Draft {
                card: drill.card().clone(),
                sections: saved
                    .sections
                    .iter()
                    .map(|s| DraftSection {
                        id: s.id.clone(),
                        text: s.text.clone(),
                    })
                    .collect(),
                elapsed,
                hints_revealed: 0,
            };
            *drill = drill.clone().restore(&draft, now);
            for (time, section) in slot_time.iter_mut().zip(&saved.sections) {
                *time = Duration::from_secs(section.secs);
            }
            *mark = elapsed;
        }
        Current::Checklist {
            items,
            notes,
            watch,
            ..
        } => {
            for item in items.iter_mut() {
                item.ticked = saved.ticked.contains(&item.id);
            }
            notes.clone_from(&saved.notes);
            *watch = Stopwatch::start(elapsed, now);
        }
    }
}

/// Adds the time since the last event to the active slot.
fn account_slot_time(current: &mut Current, now: Duration) {
    if let Current::Writing {
        drill,
        slot_time,
        mark,
    } = current
    {
        let elapsed = drill.timer(now).elapsed;
        if let Some(time) = slot_time.get_mut(drill.active()) {
            *time += elapsed.saturating_sub(*mark);
        }
        *mark = elapsed;
    }
}

fn result_of(current: &Current, part: Part, end: PartEnd, now: Duration) -> PartResult {
    match current {
        Current::Writing {
            drill, slot_time, ..
        } => PartResult {
            part,
            end,
            elapsed_ms: millis(drill.timer(now).elapsed),
            answer: drill.answer_markdown(),
            sections: drill
                .slots()
                .iter()
                .zip(slot_time)
                .map(|(slot, time)| SectionTime {
                    id: slot.id.clone(),
                    title: slot.title.clone(),
                    text: slot.text.clone(),
                    secs: time.as_secs(),
                })
                .collect(),
            ticked: Vec::new(),
            notes: String::new(),
        },
        Current::Checklist {
            items,
            notes,
            watch,
            ..
        } => PartResult {
            part,
            end,
            elapsed_ms: millis(watch.elapsed(now)),
            answer: String::new(),
            sections: Vec::new(),
            ticked: items
                .iter()
                .filter(|i| i.ticked)
                .map(|i| i.id.clone())
                .collect(),
            notes: notes.clone(),
        },
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The card behind a part, for screens that show its prompt.
pub fn part_prompt<'b>(bank: &'b Bank, part: &Part) -> Option<(&'b Card, &'b str)> {
    let card = bank.card(&part.card)?;
    let prompt = match &part.followup {
        Some(id) => &card.followups.iter().find(|f| &f.id == id)?.prompt,
        None => &card.prompt,
    };
    Some((card, prompt))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::{MockReport, PlannedQuestion, render_markdown, score_parts};

    const fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn bank() -> Bank {
        Bank::bundled()
    }

    /// Two OTDR questions: the first with its follow-up, 60 s each, 30 s for the follow-up.
    fn plan(overall: u64) -> Plan {
        Plan {
            id: "tiny".into(),
            title: "Tiny".into(),
            description: String::new(),
            time_limit_secs: overall,
            questions: vec![
                PlannedQuestion {
                    card: "otdr/triage-plan".into(),
                    time_limit_secs: 60,
                    followups: vec!["defensive-colleague".into()],
                },
                PlannedQuestion {
                    card: "otdr/launch-decision".into(),
                    time_limit_secs: 60,
                    followups: vec![],
                },
            ],
            origin: "test".into(),
        }
    }

    fn candidate(bank: &Bank, overall: u64) -> Mock {
        Mock::start(plan(overall), bank, Mode::Candidate, secs(0)).unwrap()
    }

    fn current_followup(mock: &Mock) -> Option<Option<&str>> {
        mock.current_part().map(|p| p.followup.as_deref())
    }

    #[test]
    fn follow_ups_come_after_their_main_answer_on_their_own_clock() {
        let bank = bank();
        let mut mock = candidate(&bank, 600);
        let followup_limit = bank.card("otdr/triage-plan").unwrap().followups[0].time_limit;
        assert_eq!(mock.parts().len(), 3);
        assert_eq!(current_followup(&mock), Some(None));
        mock.update(MockEvent::Edit("Contain first.".into()), secs(5));
        assert!(mock.update(MockEvent::Submit, secs(10)));
        assert_eq!(current_followup(&mock), Some(Some("defensive-colleague")));
        assert_eq!(mock.part_timer(secs(12)).unwrap().limit, followup_limit);
        assert_eq!(mock.part_timer(secs(12)).unwrap().elapsed, secs(2));
        mock.update(MockEvent::Submit, secs(20));
        assert_eq!(mock.current_part().unwrap().card, "otdr/launch-decision");
        mock.update(MockEvent::Submit, secs(30));
        assert_eq!(mock.phase(), MockPhase::Finished(MockEnd::Completed));
        let ends: Vec<PartEnd> = mock.results().iter().map(|r| r.end).collect();
        assert_eq!(ends, [PartEnd::Submitted; 3]);
        assert_eq!(mock.results()[0].elapsed(), secs(10));
        assert!(mock.results()[0].answer.contains("Contain first."));
        assert_eq!(mock.overall(secs(99)).elapsed, secs(30));
    }

    #[test]
    fn a_part_that_runs_out_of_time_is_locked_and_submitted() {
        let bank = bank();
        let mut mock = candidate(&bank, 600);
        mock.update(MockEvent::Edit("Half a thought".into()), secs(30));
        assert!(!mock.update(MockEvent::Tick, secs(59)));
        assert!(mock.update(MockEvent::Tick, secs(61)));
        let first = &mock.results()[0];
        assert_eq!(first.end, PartEnd::TimeUp);
        assert_eq!(first.elapsed(), secs(60));
        assert!(first.answer.contains("Half a thought"));
        assert_eq!(current_followup(&mock), Some(Some("defensive-colleague")));
        assert_eq!(
            mock.part_timer(secs(61)).map(|t| t.elapsed),
            Some(secs(1)),
            "the follow-up's clock started when the first part ran out, not at the tick"
        );
        assert!(mock.update(MockEvent::Edit("new".into()), secs(62)));
        assert_eq!(mock.slots().unwrap().0[0].text, "new");
    }

    #[test]
    fn the_overall_clock_ends_the_mock_and_marks_the_rest_not_reached() {
        let bank = bank();
        let mut mock = candidate(&bank, 90);
        mock.update(MockEvent::Submit, secs(50));
        mock.update(MockEvent::Edit("cut off here".into()), secs(60));
        assert!(mock.update(MockEvent::Tick, secs(100)));
        assert_eq!(mock.phase(), MockPhase::Finished(MockEnd::TimeUp));
        let second = &mock.results()[1];
        assert_eq!(second.end, PartEnd::MockTimeUp);
        assert_eq!(
            second.elapsed(),
            secs(40),
            "counted up to the overall limit"
        );
        assert_eq!(second.answer, "cut off here");
        assert_eq!(mock.results()[2].end, PartEnd::NotReached);
        assert!(!mock.update(MockEvent::Edit("late".into()), secs(101)));
        assert_eq!(mock.overall(secs(500)).elapsed, secs(90));
    }

    #[test]
    fn pauses_stop_both_clocks_block_typing_and_are_limited() {
        let bank = bank();
        let mut mock = candidate(&bank, 600);
        for round in 0..MAX_PAUSES as u64 {
            let at = secs(10 + round * 100);
            assert!(mock.update(MockEvent::Pause, at));
            assert!(!mock.accepts_edits());
            assert!(!mock.update(MockEvent::Edit("typed while paused".into()), at));
            assert!(!mock.update(MockEvent::Submit, at));
            assert!(mock.update(MockEvent::Resume, at + secs(90)));
        }
        assert_eq!(mock.pauses_left(), Some(0));
        mock.update(MockEvent::Tick, secs(300));
        assert!(!mock.update(MockEvent::Pause, secs(300)));
        assert_eq!(mock.phase(), MockPhase::Running);
        // 300 s of wall time, 180 of them paused.
        assert_eq!(mock.overall(secs(300)).elapsed, secs(120));
        assert_eq!(
            mock.results()[0].end,
            PartEnd::TimeUp,
            "the first part's 60 s passed"
        );
    }

    #[test]
    fn ending_early_keeps_what_was_written() {
        let bank = bank();
        let mut mock = candidate(&bank, 600);
        mock.update(MockEvent::Edit("kept".into()), secs(5));
        assert!(mock.update(MockEvent::End, secs(6)));
        assert_eq!(mock.phase(), MockPhase::Finished(MockEnd::Ended));
        assert_eq!(mock.results()[0].end, PartEnd::Ended);
        assert!(mock.results()[0].answer.contains("kept"));
        assert_eq!(mock.results().len(), 3);
    }

    #[test]
    fn a_snapshot_resumes_where_the_mock_stopped() {
        let bank = bank();
        let mut mock = candidate(&bank, 600);
        mock.update(MockEvent::Submit, secs(20));
        mock.update(MockEvent::Edit("follow-up text".into()), secs(25));
        let snapshot = mock.snapshot(secs(28));
        let json = serde_json::to_string(&snapshot).unwrap();
        let back: MockSnapshot = serde_json::from_str(&json).unwrap();
        let resumed = Mock::resume(back, &bank, secs(1000)).unwrap();
        assert_eq!(resumed.results().len(), 1);
        assert_eq!(
            current_followup(&resumed),
            Some(Some("defensive-colleague"))
        );
        assert_eq!(resumed.slots().unwrap().0[0].text, "follow-up text");
        assert_eq!(resumed.part_timer(secs(1002)).unwrap().elapsed, secs(10));
        assert_eq!(resumed.overall(secs(1002)).elapsed, secs(30));
    }

    #[test]
    fn time_per_section_follows_the_active_slot() {
        let bank = bank();
        let mut mock = candidate(&bank, 600);
        mock.update(MockEvent::Edit("contain".into()), secs(10));
        mock.update(MockEvent::NextSlot, secs(20));
        mock.update(MockEvent::Edit("hypotheses".into()), secs(45));
        mock.update(MockEvent::Submit, secs(50));
        let sections = &mock.results()[0].sections;
        assert_eq!(sections[0].secs, 20);
        assert_eq!(sections[1].secs, 30);
    }

    #[test]
    fn the_interviewer_ticks_items_takes_notes_and_runs_into_overtime() {
        let bank = bank();
        let mut mock = Mock::start(plan(60), &bank, Mode::Interviewer, secs(0)).unwrap();
        let (items, _) = mock.checklist().unwrap();
        let first = items[0].id.clone();
        assert!(mock.update(MockEvent::Toggle(0), secs(5)));
        assert!(!mock.update(MockEvent::Toggle(999), secs(5)));
        assert!(mock.update(MockEvent::Notes("Strong on containment.".into()), secs(6)));
        assert!(!mock.update(MockEvent::Edit("ignored".into()), secs(6)));
        assert!(!mock.update(MockEvent::Tick, secs(500)));
        assert_eq!(mock.phase(), MockPhase::Running);
        for _ in 0..3 {
            assert!(mock.update(MockEvent::Pause, secs(500)));
            mock.update(MockEvent::Resume, secs(500));
        }
        mock.update(MockEvent::Submit, secs(510));
        mock.update(MockEvent::Submit, secs(520));
        mock.update(MockEvent::Submit, secs(530));
        assert!(mock.is_finished());
        let result = &mock.results()[0];
        assert_eq!(result.ticked, vec![first]);
        assert_eq!(result.elapsed(), secs(510));

        let scored = score_parts(mock.results(), Mode::Interviewer, &bank, Default::default());
        let report = MockReport::build(
            "m1",
            chrono::DateTime::UNIX_EPOCH,
            &mock,
            &scored,
            &bank,
            Vec::new(),
        )
        .unwrap();
        assert!(report.questions[0].parts[0].score.unwrap() > 0);
        assert_eq!(report.questions[1].score, 0);
        let markdown = render_markdown(&report);
        assert!(markdown.contains("> Strong on containment."));
        assert!(markdown.contains("ticked by the interviewer"));
    }
}
