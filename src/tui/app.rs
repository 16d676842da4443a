//! The trainer's state: a stack of screens over Home, the due-queue run, the help overlay,
//! and the glue between the screens and the store (scoring, recording, drafts, undo). The
//! event loop in `mod.rs` feeds it events and clock readings and draws it; nothing here
//! touches the terminal or reads the clock.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::{Constraint, Layout};

use super::Step;
use super::browse::Browse;
use super::drill::{DrillScreen, EDITOR_KEYS};
use super::home::{DeckLine, DraftLine, Home, HomeData};
use super::keys::{KeyHelp, Shared, global_keymap, help, is_press, shared_key};
use super::mock_picker::{ADHOC_QUESTIONS, MockPicker, MockRequest, Pick, Unfinished};
use super::progress::{CardProgress, DeckProgress};
use super::results::{FollowupOffer, Results, capitalized};
use super::stats::{HistoryRow, Stats, StatsData};
use super::terminal::StopFlag;
use super::theme::Theme;
use super::widgets::{Chrome, MIN_HEIGHT, MIN_WIDTH, draw_chrome, too_small};
use crate::config::Config;
use crate::deck::{Bank, Card, CardId, Followup};
use crate::mock::sitting::{self, Sitting};
use crate::mock::{AdhocOptions, adhoc_plan, load_plans};
use crate::schedule::Scheduler;
use crate::score::{self, Lexicon, Options, Rating, Report};
use crate::session::{Attempt, Draft, DraftSection, Drill, Policy};
use crate::store::{self, EntryKind, NewAttempt, QueueOptions, SectionAnswer, Store, StoreError};

/// How often a changed draft is saved while typing.
const AUTOSAVE_EVERY: Duration = Duration::from_secs(3);
/// Attempts read for the score trends and the history.
const HISTORY_SHOWN: usize = 200;
/// Scores in Home's trend line.
const TREND_SHOWN: usize = 40;
/// What Ctrl-C does in the trainer.
const QUIT: &str = "quit (a draft is kept)";

/// A clock reading: the monotonic time since the trainer started, for drills, and the wall
/// clock with the local offset, for the schedule and "today".
#[derive(Debug, Clone, Copy)]
pub struct Now {
    pub mono: Duration,
    pub wall: DateTime<FixedOffset>,
}

/// Progress per card and per deck, as the browse screen shows it.
type BrowseProgress = (HashMap<CardId, CardProgress>, HashMap<String, DeckProgress>);

// The screen stack holds a handful of screens at most, so the size of the largest variant
// costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
enum Screen {
    Home(Home),
    Browse(Browse),
    Drill(DrillScreen),
    Results(Results),
    Stats(Stats),
    Mocks(MockPicker),
}

impl Screen {
    fn name(&self) -> &'static str {
        match self {
            Screen::Home(_) => "Home",
            Screen::Browse(b) if b.searching() => "Search",
            Screen::Browse(_) => "Browse",
            Screen::Drill(_) => "Drill",
            Screen::Results(_) => "Results",
            Screen::Stats(_) => "Stats",
            Screen::Mocks(_) => "Mock interviews",
        }
    }

    /// The keys the screen handles, for the footer and the help overlay.
    fn helps(&self) -> Vec<KeyHelp> {
        match self {
            Screen::Home(s) => help(&s.keymap()),
            Screen::Browse(s) if s.searching() => help(&Browse::search_keymap()),
            Screen::Browse(s) => help(&s.keymap()),
            Screen::Drill(s) => {
                let mut keys = help(&s.keymap());
                keys.extend_from_slice(EDITOR_KEYS);
                keys
            }
            Screen::Results(s) => help(&s.keymap()),
            Screen::Stats(s) => help(&s.keymap()),
            Screen::Mocks(s) => help(&s.keymap()),
        }
    }

    /// True while keys are text being typed, so `?` is a character, not help.
    fn typing(&self) -> bool {
        match self {
            Screen::Drill(_) => true,
            Screen::Browse(b) => b.searching(),
            _ => false,
        }
    }
}

pub struct Trainer {
    bank: Bank,
    config: Config,
    theme: Theme,
    store: Store,
    scheduler: Scheduler,
    screens: Vec<Screen>,
    help: bool,
    /// Cards left out of this due-queue run (drilled but not rated); `None` outside a run.
    queue_run: Option<HashSet<CardId>>,
    external: Option<String>,
    notice: Option<String>,
    /// The mock the user picked: the trainer stops for it, and [`Trainer::sit_mock`] runs it.
    mock_request: Option<MockRequest>,
    quit: bool,
    last_autosave: Duration,
    drawn_clock: Option<u64>,
}

impl Trainer {
    pub fn new(
        bank: Bank,
        config: Config,
        theme: Theme,
        store: Store,
        now: &Now,
    ) -> Result<Trainer, StoreError> {
        let scheduler = store.scheduler(&config.schedule)?;
        let mut trainer = Trainer {
            bank,
            config,
            theme,
            store,
            scheduler,
            screens: Vec::new(),
            help: false,
            queue_run: None,
            external: None,
            notice: None,
            mock_request: None,
            quit: false,
            last_autosave: now.mono,
            drawn_clock: None,
        };
        let home = trainer.home_data(now)?;
        trainer.screens.push(Screen::Home(Home::new(home)));
        Ok(trainer)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The text of a section to edit in `$EDITOR`, when the drill asked for it.
    pub fn take_external(&mut self) -> Option<String> {
        self.external.take()
    }

    /// The section's text back from `$EDITOR`, or why the editor could not run.
    pub fn external_done(&mut self, result: Result<String, String>, now: &Now) {
        if let Some(Screen::Drill(drill)) = self.screens.last_mut() {
            match result {
                Ok(text) => drill.external_done(&text, now.mono),
                Err(message) => drill.set_notice(message),
            }
        }
    }

    /// Handles one terminal event; returns whether the screen needs redrawing.
    pub fn handle(&mut self, event: Event, now: &Now) -> bool {
        match event {
            Event::Key(key) if is_press(&key) => {
                self.key(&key, now);
                true
            }
            Event::Paste(text) => {
                match self.screens.last_mut() {
                    Some(Screen::Drill(drill)) => {
                        let step = drill.paste(&text, now.mono);
                        self.apply(step, now);
                    }
                    Some(Screen::Browse(browse)) => browse.paste(&text),
                    _ => {}
                }
                true
            }
            Event::Resize(..) => true,
            _ => false,
        }
    }

    fn key(&mut self, key: &KeyEvent, now: &Now) {
        self.notice = None;
        let typing = self.screens.last().is_some_and(Screen::typing);
        match shared_key(key, typing, &mut self.help) {
            Shared::Quit => return self.quit(now),
            Shared::Taken => return,
            Shared::ForScreen => {}
        }
        let step = match self.screens.last_mut() {
            Some(Screen::Home(s)) => s.handle_key(key),
            Some(Screen::Browse(s)) => s.handle_key(key),
            Some(Screen::Drill(s)) => s.handle_key(key, now.mono),
            Some(Screen::Results(s)) => s.handle_key(key),
            Some(Screen::Stats(s)) => s.handle_key(key),
            Some(Screen::Mocks(s)) => s.handle_key(key),
            None => Step::Stay,
        };
        self.apply(step, now);
    }

    /// Lets the clock act (hard stops, autosave); returns whether the countdown moved.
    pub fn tick(&mut self, now: &Now) -> bool {
        let Some(Screen::Drill(drill)) = self.screens.last_mut() else {
            return false;
        };
        let step = drill.tick(now.mono);
        let second = drill.clock_second(now.mono);
        if now.mono.saturating_sub(self.last_autosave) >= AUTOSAVE_EVERY {
            self.last_autosave = now.mono;
            self.save_draft(now);
        }
        if !matches!(step, Step::Stay) {
            self.apply(step, now);
            return true;
        }
        self.drawn_clock != Some(second)
    }

    /// Saves the draft of a drill in progress and stops: for Ctrl-C, signals and crashes.
    pub fn quit(&mut self, now: &Now) {
        self.save_draft(now);
        self.quit = true;
    }

    fn save_draft(&mut self, now: &Now) {
        let Some(Screen::Drill(drill)) = self.screens.last_mut() else {
            return;
        };
        if drill.drill().followup().is_some() || drill.drill().attempt().is_some() {
            return;
        }
        let Some(draft) = drill.unsaved_draft(now.mono) else {
            return;
        };
        match save_draft(&mut self.store, &draft, now) {
            Ok(()) => drill.mark_saved(),
            Err(e) => drill.set_notice(format!("the draft was not saved: {e}")),
        }
    }

    fn apply(&mut self, step: Step, now: &Now) {
        let result = match step {
            Step::Stay => Ok(()),
            Step::Back => {
                self.back(now);
                Ok(())
            }
            Step::Browse { search } => self.open_browse(search, now),
            Step::Stats => self.open_stats(now),
            Step::OpenMocks => self.open_mocks(now),
            Step::SitMock(request) => {
                self.mock_request = Some(request);
                self.quit(now);
                Ok(())
            }
            Step::StartQueue => {
                self.queue_run = Some(HashSet::new());
                self.next_in_queue(now)
            }
            Step::ResumeDraft => self.resume_latest(now),
            Step::Undo => self.undo(now),
            Step::Drill { card } => self.start_drill(&card, None, now),
            Step::DrillFollowup { card, followup } => {
                if matches!(self.screens.last(), Some(Screen::Results(_))) {
                    self.screens.pop();
                }
                self.start_drill(&card, Some(&followup), now)
            }
            Step::SaveDraft => {
                self.save_draft(now);
                Ok(())
            }
            Step::LeaveDrill => {
                self.save_draft(now);
                self.screens.pop();
                self.queue_run = None;
                self.refresh(now)
            }
            Step::External { text } => {
                self.external = Some(text);
                Ok(())
            }
            Step::Submitted(attempt) => self.show_results(attempt, now),
            Step::Rate(rating) => self.rate(rating, now),
            Step::KeepUnrated => self.keep_unrated(now),
            Step::Continue => self.continue_after_results(now),
        };
        if let Err(e) = result {
            self.notice = Some(e.to_string());
        }
    }

    fn back(&mut self, now: &Now) {
        if self.screens.len() <= 1 {
            self.quit(now);
            return;
        }
        self.screens.pop();
        if let Err(e) = self.refresh(now) {
            self.notice = Some(e.to_string());
        }
    }

    /// Re-reads the store for the screen now on top.
    fn refresh(&mut self, now: &Now) -> Result<(), StoreError> {
        match self.screens.last() {
            Some(Screen::Home(_)) => {
                let data = self.home_data(now)?;
                if let Some(top) = self.screens.last_mut() {
                    *top = Screen::Home(Home::new(data));
                }
            }
            Some(Screen::Browse(_)) => {
                let (cards, decks) = self.browse_progress(now)?;
                if let Some(Screen::Browse(browse)) = self.screens.last_mut() {
                    browse.set_progress(&cards, &decks, now.wall);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn open_browse(&mut self, search: bool, now: &Now) -> Result<(), StoreError> {
        let (cards, decks) = self.browse_progress(now)?;
        let mut browse = Browse::new(&self.bank, &cards, &decks, now.wall);
        if search {
            browse.search_from_home();
        }
        self.screens.push(Screen::Browse(browse));
        Ok(())
    }

    fn open_stats(&mut self, now: &Now) -> Result<(), StoreError> {
        let data = self.stats_data(now)?;
        self.screens.push(Screen::Stats(Stats::new(data)));
        Ok(())
    }

    fn open_mocks(&mut self, now: &Now) -> Result<(), StoreError> {
        let (plans, skipped) = load_plans(&self.bank);
        let unfinished = sitting::unfinished(&self.store)?.map(|(record, _)| Unfinished {
            started: record
                .started_at
                .with_timezone(now.wall.offset())
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            id: record.uid,
            plan: record.plan,
        });
        let picker = MockPicker::new(plans, skipped.len(), unfinished, &self.bank);
        self.screens.push(Screen::Mocks(picker));
        Ok(())
    }

    /// The mock the user picked, once the trainer has stopped for it.
    pub fn take_mock_request(&mut self) -> Option<MockRequest> {
        self.mock_request.take()
    }

    /// Runs the mock the user picked on its own screen, then comes back to Home with a word
    /// on how it went. A mock that cannot start is a notice on the picker; the error is a
    /// sentence for a terminal that stopped working (the mock is saved by then).
    pub fn sit_mock(
        &mut self,
        request: MockRequest,
        stop: &StopFlag,
        now: &impl Fn() -> Now,
    ) -> Result<(), String> {
        self.quit = false;
        self.help = false;
        let sitting = match self.prepare_mock(request, now().wall) {
            Ok(sitting) => sitting,
            Err(e) => {
                self.notice = Some(format!("The mock did not start: {e}."));
                return Ok(());
            }
        };
        let report = super::mock::run(
            sitting,
            &self.bank,
            &self.config,
            &mut self.store,
            stop,
            || now().wall,
        )?;
        self.screens.truncate(1);
        self.notice = Some(match report {
            Some(report) => report.summary(),
            None => "The mock was saved; m goes on with it.".into(),
        });
        if let Err(e) = self.refresh(&now()) {
            self.notice = Some(e.to_string());
        }
        Ok(())
    }

    fn prepare_mock(
        &mut self,
        request: MockRequest,
        wall: DateTime<FixedOffset>,
    ) -> Result<Sitting, String> {
        let plan = match request.pick {
            Pick::Resume => {
                return sitting::resume(&self.store, &self.bank)?
                    .ok_or_else(|| "the unfinished mock has ended meanwhile".to_string());
            }
            Pick::Plan(plan) => plan,
            Pick::AdHoc => {
                let weak = sitting::weak_concepts(&self.store).map_err(|e| e.to_string())?;
                let options = AdhocOptions {
                    count: ADHOC_QUESTIONS,
                    ..AdhocOptions::default()
                };
                let seed = u64::try_from(wall.timestamp_millis()).unwrap_or(0);
                adhoc_plan(&self.bank, &options, &weak, seed)?
            }
        };
        sitting::close_unfinished(&mut self.store, &self.bank, &self.config, wall)?;
        sitting::begin(plan, &self.bank, request.mode, wall)
    }

    fn next_in_queue(&mut self, now: &Now) -> Result<(), StoreError> {
        let skipped = self.queue_run.clone().unwrap_or_default();
        let queue = self.store.due_queue(
            &self.bank,
            now.wall,
            &QueueOptions::new(&self.config.schedule),
        )?;
        let next = queue
            .entries
            .iter()
            .find(|e| !skipped.contains(&e.card))
            .map(|e| e.card.clone());
        match next {
            Some(card) => self.start_drill(&card, None, now),
            None => {
                let was_running = self.queue_run.take().is_some();
                self.refresh(now)?;
                self.notice = Some(match (was_running, queue.next_due) {
                    (true, _) => "The due queue is done for now.".into(),
                    (false, Some(due)) => format!(
                        "Nothing is due now; the next card is due {}.",
                        super::progress::due_label(Some(due), now.wall)
                    ),
                    (false, None) => "Nothing is due now; b browses the decks.".into(),
                });
                Ok(())
            }
        }
    }

    fn resume_latest(&mut self, now: &Now) -> Result<(), StoreError> {
        match self.store.latest_draft()? {
            Some(draft) if self.bank.card(draft.card.as_str()).is_some() => {
                self.start_drill(&draft.card, None, now)
            }
            _ => {
                self.notice = Some("There is no draft to resume.".into());
                Ok(())
            }
        }
    }

    fn undo(&mut self, now: &Now) -> Result<(), StoreError> {
        let undone = self.store.undo_last_review()?;
        self.refresh(now)?;
        self.notice = Some(match undone {
            Some(u) => format!(
                "Took back {} on {}; it is {} again{}.",
                capitalized(u.rating),
                u.card,
                if u.restored.is_some() {
                    "as it was"
                } else {
                    "new"
                },
                if u.answer_kept {
                    "; r resumes its answer"
                } else {
                    ""
                }
            ),
            None => "There is no rating to undo.".into(),
        });
        Ok(())
    }

    /// Opens a drill of `card` (or its follow-up), resuming the card's draft if it has one.
    fn start_drill(
        &mut self,
        card_id: &CardId,
        followup: Option<&str>,
        now: &Now,
    ) -> Result<(), StoreError> {
        let Some(card) = self.bank.card(card_id.as_str()) else {
            self.notice = Some(format!("The card {card_id} is no longer in the decks."));
            return Ok(());
        };
        let Some(deck) = self.bank.deck(card.id.deck()) else {
            return Ok(());
        };
        let framework = self.bank.framework_for(card);
        let multiplier = self.config.drill.time_multiplier;
        let followup = followup.and_then(|id| card.followups.iter().find(|f| f.id == id));
        let mut resumed = false;
        let drill = match followup {
            Some(f) => Drill::for_followup(card, f, Policy::Practice, multiplier, now.mono),
            None => {
                let drill =
                    Drill::for_card(card, framework, Policy::Practice, multiplier, now.mono);
                match self.store.load_draft(&card.id)? {
                    Some(saved) => {
                        resumed = true;
                        drill.restore(&from_store(&saved), now.mono)
                    }
                    None => drill,
                }
            }
        };
        let mut screen = DrillScreen::new(drill, card, deck, framework, followup);
        if resumed {
            screen.set_notice("your draft is back".into());
        }
        self.last_autosave = now.mono;
        self.screens.push(Screen::Drill(screen));
        Ok(())
    }

    fn show_results(&mut self, attempt: Attempt, now: &Now) -> Result<(), StoreError> {
        let Some(card) = self.bank.card(attempt.card.as_str()) else {
            return Ok(());
        };
        let followup = attempt
            .followup
            .as_deref()
            .and_then(|id| card.followups.iter().find(|f| f.id == id));
        let report = score_attempt(&self.bank, &self.config, card, followup, &attempt);
        let (outline, offer, intervals) = match followup {
            Some(f) => (f.outline.clone(), None, None),
            None => {
                let before = self.store.card_state(&card.id)?;
                let preview = self.scheduler.preview(before.as_ref(), now.wall)?;
                let mut intervals: [String; 4] = Default::default();
                for (slot, (_, state)) in intervals.iter_mut().zip(&preview) {
                    *slot = state.wait().short();
                }
                (card.outline.clone(), followup_offer(card), Some(intervals))
            }
        };
        let title = card.title.clone();
        self.screens.pop();
        self.screens.push(Screen::Results(Results::new(
            attempt, report, &title, &outline, offer, intervals,
        )));
        Ok(())
    }

    fn rate(&mut self, rating: Rating, now: &Now) -> Result<(), StoreError> {
        let Some(Screen::Results(results)) = self.screens.last_mut() else {
            return Ok(());
        };
        let Some(card) = self.bank.card(results.attempt().card.as_str()) else {
            return Ok(());
        };
        let attempt = new_attempt(card, results.attempt(), results.report(), &self.bank);
        let outcome = self
            .store
            .record_review(&attempt, rating, &self.scheduler, now.wall)?;
        let mut next = format!("next review {}", outcome.after.wait().phrase());
        if outcome.leech {
            next.push_str(" · this card keeps slipping (a leech): look at its outline");
        }
        let has_followup = !card.followups.is_empty();
        results.recorded(rating, next);
        if has_followup {
            Ok(())
        } else {
            self.continue_after_results(now)
        }
    }

    /// Leaving results without rating keeps the attempt in the history without moving the
    /// card's schedule, and skips the card for the rest of this queue run.
    fn keep_unrated(&mut self, now: &Now) -> Result<(), StoreError> {
        if let Some(Screen::Results(results)) = self.screens.last()
            && results.attempt().followup.is_none()
            && let Some(card) = self.bank.card(results.attempt().card.as_str())
        {
            let attempt = new_attempt(card, results.attempt(), results.report(), &self.bank);
            self.store.record_attempt(&attempt, now.wall)?;
            if let Some(skipped) = &mut self.queue_run {
                skipped.insert(card.id.clone());
            }
        }
        self.continue_after_results(now)
    }

    fn continue_after_results(&mut self, now: &Now) -> Result<(), StoreError> {
        self.screens.pop();
        if self.queue_run.is_some() {
            self.next_in_queue(now)
        } else {
            self.refresh(now)
        }
    }

    /// Draws the screen on top, the footer, and the help overlay.
    pub fn draw(&mut self, frame: &mut Frame, now: &Now) {
        let area = frame.area();
        let theme = self.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(frame, &theme);
            return;
        }
        let [body, foot] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let Some(screen) = self.screens.last() else {
            return;
        };
        match screen {
            Screen::Home(s) => s.draw(frame, body, &theme),
            Screen::Browse(s) => s.draw(frame, body, &theme),
            Screen::Drill(s) => {
                s.draw(frame, body, &theme, now.mono);
                self.drawn_clock = Some(s.clock_second(now.mono));
            }
            Screen::Results(s) => s.draw(frame, body, &theme),
            Screen::Stats(s) => s.draw(frame, body, &theme),
            Screen::Mocks(s) => s.draw(frame, body, &theme),
        }
        draw_chrome(
            frame,
            foot,
            &Chrome {
                name: screen.name(),
                typing: screen.typing(),
                helps: &screen.helps(),
                global: &help(&global_keymap(screen.typing(), QUIT)),
                notice: self.notice.as_deref(),
                help_open: self.help,
            },
            &theme,
        );
    }

    fn home_data(&self, now: &Now) -> Result<HomeData, StoreError> {
        let queue = self.store.due_queue(
            &self.bank,
            now.wall,
            &QueueOptions::new(&self.config.schedule),
        )?;
        let stats = self.store.stats(&self.bank, &self.scheduler, now.wall)?;
        let trend: Vec<u8> = self
            .store
            .recent_attempts(TREND_SHOWN)?
            .iter()
            .rev()
            .map(|a| a.score)
            .collect();
        let draft = self.store.latest_draft()?.and_then(|d| {
            let card = self.bank.card(d.card.as_str())?;
            Some(DraftLine {
                title: card.title.clone(),
                words: d
                    .answers
                    .iter()
                    .map(|a| crate::text::word_count(&a.text))
                    .sum(),
                elapsed: d.elapsed,
            })
        });
        Ok(HomeData {
            due_new: queue
                .entries
                .iter()
                .filter(|e| e.kind == EntryKind::New)
                .count(),
            due_review: queue
                .entries
                .iter()
                .filter(|e| e.kind != EntryKind::New)
                .count(),
            streak_days: stats.streak_days,
            done_today: stats.reviews_per_day.last().map_or(0, |d| d.count),
            decks: stats
                .decks
                .iter()
                .map(|d| DeckLine {
                    title: d.title.clone(),
                    cards: d.cards,
                    mastered: d.mastered,
                    seen: d.seen,
                })
                .collect(),
            forecast: stats.forecast.iter().map(|d| d.count).collect(),
            trend,
            weakest: stats.weakest.iter().take(3).cloned().collect(),
            draft,
        })
    }

    fn browse_progress(&self, now: &Now) -> Result<BrowseProgress, StoreError> {
        let queue = self.store.due_queue(
            &self.bank,
            now.wall,
            &QueueOptions::new(&self.config.schedule),
        )?;
        let due: HashSet<&CardId> = queue.entries.iter().map(|e| &e.card).collect();
        let last_scores = self.store.last_scores()?;
        let states = self.store.card_states()?;
        let mut cards = HashMap::new();
        let mut decks: HashMap<String, DeckProgress> = HashMap::new();
        for card in self.bank.cards() {
            let state = states.get(card.id.as_str());
            let progress = CardProgress {
                last_score: last_scores.get(card.id.as_str()).copied(),
                next_due: state.map(|s| s.due),
                due_now: due.contains(&card.id),
            };
            let deck = decks.entry(card.id.deck().to_string()).or_default();
            deck.due += usize::from(progress.due_now);
            if state.is_some_and(|s| s.stability >= crate::schedule::MATURE_STABILITY_DAYS) {
                deck.mastery += 1.0;
            }
            cards.insert(card.id.clone(), progress);
        }
        for deck in &self.bank.decks {
            if let Some(progress) = decks.get_mut(&deck.id.0)
                && !deck.cards.is_empty()
            {
                progress.mastery /= deck.cards.len() as f64;
            }
        }
        Ok((cards, decks))
    }

    fn stats_data(&self, now: &Now) -> Result<StatsData, StoreError> {
        let stats = self.store.stats(&self.bank, &self.scheduler, now.wall)?;
        let attempts = self.store.recent_attempts(HISTORY_SHOWN)?;
        let mut trends: Vec<(String, Vec<u8>)> = Vec::new();
        for deck in &self.bank.decks {
            let scores: Vec<u8> = attempts
                .iter()
                .rev()
                .filter(|a| CardId::parse(&a.card).is_some_and(|c| c.deck() == deck.id.0))
                .map(|a| a.score)
                .collect();
            if !scores.is_empty() {
                trends.push((deck.title.clone(), scores));
            }
        }
        let history = attempts
            .iter()
            .map(|a| HistoryRow {
                when: a
                    .at
                    .with_timezone(&now.wall.timezone())
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                card: self
                    .bank
                    .card(&a.card)
                    .map_or_else(|| a.card.clone(), |c| c.title.clone()),
                score: a.score,
                outcome: if a.rated { "rated" } else { "kept" }.into(),
                answer: answer_text(&self.bank, &a.card, &a.answers),
            })
            .collect();
        Ok(StatsData {
            reviews: stats.reviews,
            attempts: stats.attempts,
            cards_seen: stats.cards_seen,
            streak_days: stats.streak_days,
            reviews_per_day: stats.reviews_per_day.iter().map(|d| d.count).collect(),
            retention: stats.retention.map(|r| (r, stats.retention_reviews)),
            forecast: stats.forecast.iter().map(|d| d.count).collect(),
            deck_trends: trends,
            weakest: stats.weakest.clone(),
            history,
        })
    }
}

/// Scores a finished drill of `card`, or of its `followup`, with the deck's thesaurus.
pub(super) fn score_attempt(
    bank: &Bank,
    config: &Config,
    card: &Card,
    followup: Option<&Followup>,
    attempt: &Attempt,
) -> Report {
    let lexicon = bank
        .deck(card.id.deck())
        .map(|d| Lexicon::new(&d.thesaurus))
        .unwrap_or_else(|| Lexicon::new(&[]));
    let options = Options {
        thresholds: config.rating,
        hints_used: attempt.hints_used,
    };
    match followup {
        Some(f) => score::score_followup(card, f, &lexicon, &attempt.answer, options),
        None => score::score_card(
            card,
            bank.framework_for(card),
            &lexicon,
            &attempt.answer,
            options,
        ),
    }
}

/// The follow-up the results screen offers after a card's main answer: its first.
pub(super) fn followup_offer(card: &Card) -> Option<FollowupOffer> {
    card.followups.first().map(|f| FollowupOffer {
        id: f.id.clone(),
        prompt: f.prompt.clone(),
    })
}

fn new_attempt<'a>(
    card: &'a Card,
    attempt: &Attempt,
    report: &'a Report,
    bank: &Bank,
) -> NewAttempt<'a> {
    NewAttempt {
        card,
        answers: SectionAnswer::from_markdown(&attempt.answer, bank.framework_for(card)),
        time_used: attempt.elapsed,
        report,
        hands_in_draft: true,
    }
}

fn save_draft(store: &mut Store, draft: &Draft, now: &Now) -> Result<(), StoreError> {
    if draft.is_blank() {
        return store.clear_draft(&draft.card);
    }
    store.save_draft(&store::Draft {
        card: draft.card.clone(),
        answers: draft
            .sections
            .iter()
            .map(|s| SectionAnswer {
                section: s.id.clone(),
                text: s.text.clone(),
            })
            .collect(),
        elapsed: draft.elapsed,
        hints_used: draft.hints_revealed,
        updated_at: now.wall.to_utc(),
    })
}

fn from_store(saved: &store::Draft) -> Draft {
    Draft {
        card: saved.card.clone(),
        sections: saved
            .answers
            .iter()
            .map(|a| DraftSection {
                id: a.section.clone(),
                text: a.text.clone(),
            })
            .collect(),
        elapsed: saved.elapsed,
        hints_revealed: saved.hints_used,
    }
}

/// A recorded answer as Markdown, with the section titles of the card's framework.
fn answer_text(bank: &Bank, card: &str, answers: &[SectionAnswer]) -> String {
    let sections = bank
        .card(card)
        .and_then(|c| bank.framework_for(c))
        .map(|f| f.sections.clone())
        .unwrap_or_default();
    answers
        .iter()
        .map(|a| match sections.iter().find(|s| s.id == a.section) {
            Some(section) => format!("## {}\n{}", section.title, a.text.trim_end()),
            None => a.text.trim_end().to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}
