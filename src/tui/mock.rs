//! The mock-interview screen and its own event loop: the candidate's timed editor (no hints,
//! no scores until the end) or the interviewer's prompt, checklist and notes; a leave dialog;
//! and the report at the end. The mock is saved to the store every few seconds and on every
//! change of part, so a crash resumes it where it stopped; a finished mock's report is stored
//! and its answers recorded as reviews.

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::crossterm::event::{
    self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui_textarea::{Input, TextArea};

use super::no_color;
use super::terminal::{Screen, StopFlag};
use super::theme::Theme;
use super::widgets::{centered, panel, reflow};
use crate::config::Config;
use crate::deck::Bank;
use crate::duration::clock;
use crate::mock::{MockReport, PastMock, Saved, render_markdown, score_parts};
use crate::session::mock::part_prompt;
use crate::session::{Mock, MockEvent, MockPhase, Mode, TimerLevel};
use crate::store::{MockSession, NewAttempt, SectionAnswer, Store, StoreError};

/// How long the loop waits for input before letting the clocks tick.
const TICK: Duration = Duration::from_millis(200);
/// How often a running mock is saved.
const AUTOSAVE: Duration = Duration::from_secs(5);
/// Keys that tick checklist items, in order.
const ITEM_KEYS: &str = "123456789abcdefghijklmopqrtuvwxyz";

/// A mock to run: the session, its stored record, and the wall clock it started at.
pub struct MockRun {
    pub mock: Mock,
    pub record: MockSession,
}

/// Runs the mock until it ends or the user leaves; the error is a sentence for stderr.
pub fn run(
    run: MockRun,
    bank: &Bank,
    config: &Config,
    store: &mut Store,
    wall: impl Fn() -> DateTime<FixedOffset>,
) -> Result<Option<MockReport>, String> {
    let theme = Theme::pick(&config.ui.theme, no_color());
    let stop =
        StopFlag::install().map_err(|e| format!("cannot watch for termination signals: {e}"))?;
    let origin = Instant::now();
    let mono = || origin.elapsed();
    let mut screen = MockScreen::new(run);
    let mut term = Screen::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let mut last_save = mono();
    let mut saved_parts = usize::MAX;
    let mut dirty = true;
    let outcome: Result<Option<MockReport>, String> = loop {
        if stop.raised() || screen.quit {
            break Ok(screen.report.clone());
        }
        let now = mono();
        if screen.mock.is_finished() && screen.report.is_none() {
            match finish(&mut screen, bank, config, store, &wall) {
                Ok(report) => {
                    screen.report_text = render_markdown(&report);
                    screen.report = Some(report);
                }
                Err(e) => break Err(e),
            }
            dirty = true;
        }
        if screen.report.is_none()
            && (now.saturating_sub(last_save) >= AUTOSAVE
                || saved_parts != screen.mock.results().len())
        {
            if let Err(e) = save(&screen, store, now) {
                break Err(e.to_string());
            }
            last_save = now;
            saved_parts = screen.mock.results().len();
        }
        if dirty {
            if let Err(e) = term
                .terminal
                .draw(|frame| screen.draw(frame, bank, &theme, now))
            {
                break Err(format!(
                    "the terminal stopped working ({e}); the mock was saved"
                ));
            }
            dirty = false;
        }
        match event::poll(TICK) {
            Ok(true) => match event::read() {
                Ok(event) => dirty |= screen.handle(event, mono()),
                Err(e) => {
                    break Err(format!(
                        "the terminal stopped working ({e}); the mock was saved"
                    ));
                }
            },
            Ok(false) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                break Err(format!(
                    "the terminal stopped working ({e}); the mock was saved"
                ));
            }
        }
        let now = mono();
        let before = screen.mock.results().len();
        dirty |= screen.mock.update(MockEvent::Tick, now);
        if screen.mock.results().len() != before {
            screen.sync_editor();
        }
        // The clock on screen moves every second.
        dirty |= screen.report.is_none();
    };
    if screen.report.is_none() {
        save(&screen, store, mono()).map_err(|e| e.to_string())?;
    }
    drop(term);
    outcome
}

fn save(screen: &MockScreen, store: &mut Store, now: Duration) -> Result<(), StoreError> {
    let saved = Saved {
        snapshot: screen.mock.snapshot(now),
        report: None,
    };
    let mut record = screen.record.clone();
    record.payload = serde_json::to_value(&saved).unwrap_or_default();
    store.save_mock_session(&record)
}

/// Scores the finished mock, stores its report and records each answered part's card as a
/// review, as a drill would.
fn finish(
    screen: &mut MockScreen,
    bank: &Bank,
    config: &Config,
    store: &mut Store,
    wall: &impl Fn() -> DateTime<FixedOffset>,
) -> Result<MockReport, String> {
    let fail = |e: StoreError| e.to_string();
    let mock = &screen.mock;
    let scored = score_parts(mock.results(), mock.mode(), bank, config.rating);
    let earlier = earlier_mocks(store, &screen.record.uid).map_err(fail)?;
    let report = MockReport::build(
        &screen.record.uid,
        screen.record.started_at,
        mock,
        &scored,
        bank,
        earlier,
    )
    .ok_or("the mock ended without a report; it was saved and `prepdeck mock` resumes it")?;
    let now = wall();
    let scheduler = store.scheduler(&config.schedule).map_err(fail)?;
    for part in &scored {
        let (Some(report), None) = (&part.report, &part.result.part.followup) else {
            continue;
        };
        let Some(card) = bank.card(&part.result.part.card) else {
            continue;
        };
        let attempt = NewAttempt {
            card,
            answers: SectionAnswer::from_markdown(&part.result.answer, bank.framework_for(card)),
            time_used: part.result.elapsed(),
            report,
        };
        store
            .record_review(&attempt, report.rating, &scheduler, now)
            .map_err(fail)?;
    }
    let mut record = screen.record.clone();
    record.finished_at = Some(now.to_utc());
    record.payload = serde_json::to_value(Saved {
        snapshot: mock.snapshot(Duration::ZERO),
        report: Some(report.clone()),
    })
    .unwrap_or_default();
    store.save_mock_session(&record).map_err(fail)?;
    Ok(report)
}

/// The finished mocks before this one, oldest first.
pub fn earlier_mocks(store: &Store, except: &str) -> Result<Vec<PastMock>, StoreError> {
    Ok(store
        .mock_sessions()?
        .into_iter()
        .filter(|s| s.uid != except)
        .filter_map(|s| {
            let saved: Saved = serde_json::from_value(s.payload).ok()?;
            let report = saved.report?;
            Some(PastMock {
                id: s.uid,
                at: s.started_at,
                plan: s.plan,
                score: report.score,
            })
        })
        .collect())
}

struct MockScreen {
    mock: Mock,
    record: MockSession,
    editor: TextArea<'static>,
    /// Interviewer mode: typing goes to the notes rather than ticking items.
    notes_focus: bool,
    leaving: bool,
    report: Option<MockReport>,
    report_text: String,
    scroll: u16,
    quit: bool,
}

impl MockScreen {
    fn new(run: MockRun) -> MockScreen {
        let mut screen = MockScreen {
            mock: run.mock,
            record: run.record,
            editor: TextArea::default(),
            notes_focus: false,
            leaving: false,
            report: None,
            report_text: String::new(),
            scroll: 0,
            quit: false,
        };
        screen.sync_editor();
        screen
    }

    /// Puts the current slot's (or the notes') text in the editor.
    fn sync_editor(&mut self) {
        let text = match (self.mock.slots(), self.mock.checklist()) {
            (Some((slots, active)), _) => slots[active].text.clone(),
            (None, Some((_, notes))) => notes.to_string(),
            _ => String::new(),
        };
        self.editor = text.split('\n').collect();
        self.editor
            .move_cursor(ratatui_textarea::CursorMove::Bottom);
        self.editor.move_cursor(ratatui_textarea::CursorMove::End);
    }

    fn handle(&mut self, event: TermEvent, now: Duration) -> bool {
        match event {
            TermEvent::Key(key) if key.kind != KeyEventKind::Release => self.key(key, now),
            TermEvent::Paste(text) => self.type_input(None, Some(text), now),
            TermEvent::Resize(..) => true,
            _ => false,
        }
    }

    fn key(&mut self, key: KeyEvent, now: Duration) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.report.is_some() {
            match key.code {
                KeyCode::Char('q') | KeyCode::Esc => self.quit = true,
                KeyCode::Down | KeyCode::Char('j') => self.scroll = self.scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => {
                    self.scroll = self.scroll.saturating_add(15)
                }
                KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(15),
                _ => return false,
            }
            return true;
        }
        if self.leaving {
            match key.code {
                KeyCode::Char('s') => self.quit = true,
                KeyCode::Char('e') => {
                    self.mock.update(MockEvent::End, now);
                }
                KeyCode::Char('c') | KeyCode::Esc => {}
                _ => return false,
            }
            self.leaving = false;
            return true;
        }
        let before = (self.mock.results().len(), self.slot_index());
        let changed = match (key.code, ctrl) {
            (KeyCode::Esc, _) => {
                self.leaving = true;
                true
            }
            (KeyCode::Char('s'), true) => self.mock.update(MockEvent::Submit, now),
            (KeyCode::Char('p'), true) => {
                let event = if self.mock.phase() == MockPhase::Paused {
                    MockEvent::Resume
                } else {
                    MockEvent::Pause
                };
                self.mock.update(event, now)
            }
            (KeyCode::Tab, _) if self.mock.mode() == Mode::Interviewer => {
                self.notes_focus = !self.notes_focus;
                true
            }
            (KeyCode::Tab, _) => self.mock.update(MockEvent::NextSlot, now),
            (KeyCode::BackTab, _) => self.mock.update(MockEvent::PreviousSlot, now),
            (KeyCode::Char(c), false)
                if self.mock.mode() == Mode::Interviewer && !self.notes_focus =>
            {
                match ITEM_KEYS.find(c) {
                    Some(index) => self.mock.update(MockEvent::Toggle(index), now),
                    None => false,
                }
            }
            _ => self.type_input(Some(key), None, now),
        };
        if (self.mock.results().len(), self.slot_index()) != before {
            self.sync_editor();
        }
        changed
    }

    fn slot_index(&self) -> Option<usize> {
        self.mock.slots().map(|(_, active)| active)
    }

    fn type_input(&mut self, key: Option<KeyEvent>, paste: Option<String>, now: Duration) -> bool {
        let interviewer = self.mock.mode() == Mode::Interviewer;
        if !self.mock.accepts_edits() || (interviewer && !self.notes_focus) {
            return false;
        }
        match (key, paste) {
            (Some(key), _) => {
                self.editor.input(Input::from(key));
            }
            (None, Some(text)) => {
                self.editor
                    .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
            }
            (None, None) => return false,
        }
        let text = self.editor.lines().join("\n");
        let event = if interviewer {
            MockEvent::Notes(text)
        } else {
            MockEvent::Edit(text)
        };
        self.mock.update(event, now);
        true
    }

    fn draw(&mut self, frame: &mut Frame, bank: &Bank, theme: &Theme, now: Duration) {
        let area = frame.area();
        if self.report.is_some() {
            let text = Text::from(self.report_text.as_str());
            frame.render_widget(
                Paragraph::new(text)
                    .wrap(Wrap { trim: false })
                    .scroll((self.scroll, 0))
                    .block(panel(" Mock report · ↑↓ scroll · q quit ", theme, true)),
                area,
            );
            return;
        }
        let [header, prompt_area, work, footer] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Percentage(30),
            Constraint::Min(5),
            Constraint::Length(1),
        ])
        .areas(area);
        let overall = self.mock.overall(now);
        let part_index = self.mock.current_index().unwrap_or(0);
        let total = self.mock.parts().len();
        let mut spans = vec![
            Span::styled(format!(" {} ", self.mock.plan().title), theme.title),
            Span::styled(
                format!(" part {}/{total} ", (part_index + 1).min(total)),
                theme.dim,
            ),
            Span::styled(
                format!(
                    " overall {} / {} ",
                    clock(overall.elapsed),
                    clock(overall.limit)
                ),
                level_style(theme, overall.level),
            ),
        ];
        if let Some(timer) = self.mock.part_timer(now) {
            let text = if timer.level == TimerLevel::Over {
                format!(" this part +{} over ", clock(timer.overtime()))
            } else {
                format!(" this part {} left ", clock(timer.remaining()))
            };
            spans.push(Span::styled(text, level_style(theme, timer.level)));
        }
        if let Some(left) = self.mock.pauses_left() {
            spans.push(Span::styled(format!(" pauses left {left} "), theme.dim));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), header);

        let part = self.mock.current_part().cloned();
        let (title, prompt) = part
            .as_ref()
            .and_then(|p| part_prompt(bank, p).map(|(card, prompt)| (p, card, prompt)))
            .map(|(p, card, prompt)| {
                let label = match &p.followup {
                    Some(id) => format!(" Follow-up {id} · {} ", card.title),
                    None => format!(" Question {} · {} ", p.question + 1, card.title),
                };
                (label, reflow(prompt))
            })
            .unwrap_or_default();
        let paused = self.mock.phase() == MockPhase::Paused;
        let prompt_text = if paused {
            "Paused. The prompt and the answer are hidden; Ctrl-P resumes.".to_string()
        } else {
            prompt
        };
        let read_aloud = if self.mock.mode() == Mode::Interviewer {
            format!("{title}· read aloud ")
        } else {
            title
        };
        frame.render_widget(
            Paragraph::new(prompt_text)
                .wrap(Wrap { trim: false })
                .block(panel(read_aloud, theme, false)),
            prompt_area,
        );

        if !paused {
            match self.mock.mode() {
                Mode::Candidate => self.draw_editor(frame, work, theme),
                Mode::Interviewer => self.draw_checklist(frame, bank, work, theme),
            }
        }
        let keys = match self.mock.mode() {
            Mode::Candidate => " Tab section · Ctrl-S submit part · Ctrl-P pause · Esc leave ",
            Mode::Interviewer => {
                " keys tick items · Tab notes · Ctrl-S next part · Ctrl-P pause · Esc leave "
            }
        };
        frame.render_widget(Paragraph::new(Span::styled(keys, theme.dim)), footer);
        if self.leaving {
            let popup = centered(area, 52, 7);
            frame.render_widget(Clear, popup);
            frame.render_widget(
                Paragraph::new(Text::from(vec![
                    Line::from("Leave the mock?"),
                    Line::from(""),
                    Line::from("s  save and leave (`prepdeck mock` resumes it)"),
                    Line::from("e  end it now and see the report"),
                    Line::from("c  continue"),
                ]))
                .block(panel(" Leave ", theme, true)),
                popup,
            );
        }
    }

    fn draw_editor(&mut self, frame: &mut Frame, area: ratatui::layout::Rect, theme: &Theme) {
        let Some((slots, active)) = self.mock.slots() else {
            return;
        };
        let tabs: Vec<Span> = slots
            .iter()
            .enumerate()
            .map(|(i, slot)| {
                let style = if i == active {
                    theme.selected
                } else {
                    theme.dim
                };
                Span::styled(format!(" {} ({}w) ", slot.title, slot.words), style)
            })
            .collect();
        let title = Line::from(tabs);
        self.editor.set_block(panel(title, theme, true));
        frame.render_widget(&self.editor, area);
    }

    fn draw_checklist(
        &mut self,
        frame: &mut Frame,
        bank: &Bank,
        area: ratatui::layout::Rect,
        theme: &Theme,
    ) {
        let [list_area, side] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(area);
        let Some((items, _)) = self.mock.checklist() else {
            return;
        };
        let lines: Vec<Line> = items
            .iter()
            .zip(ITEM_KEYS.chars())
            .map(|(item, key)| {
                let mark = if item.ticked { "[x]" } else { "[ ]" };
                let style = if item.ticked { theme.good } else { theme.text };
                Line::from(vec![
                    Span::styled(format!("{key} "), theme.key),
                    Span::styled(format!("{mark} {}", item.desc), style),
                ])
            })
            .collect();
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(panel(
                    " Rubric: tick as it is covered ",
                    theme,
                    !self.notes_focus,
                )),
            list_area,
        );
        let [followups_area, notes_area] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(side);
        let upcoming: Vec<Line> = self
            .mock
            .current_part()
            .and_then(|part| {
                let card = bank.card(&part.card)?;
                let plan = self.mock.plan().questions.get(part.question)?;
                Some(
                    plan.followups
                        .iter()
                        .filter_map(|id| card.followups.iter().find(|f| &f.id == id))
                        .map(|f| Line::from(format!("• {}: {}", f.id, f.prompt)))
                        .collect(),
                )
            })
            .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(upcoming)
                .wrap(Wrap { trim: true })
                .block(panel(" Follow-ups to ask ", theme, false)),
            followups_area,
        );
        self.editor
            .set_block(panel(" Notes (Tab) ", theme, self.notes_focus));
        frame.render_widget(&self.editor, notes_area);
    }
}

fn level_style(theme: &Theme, level: TimerLevel) -> ratatui::style::Style {
    match level {
        TimerLevel::Calm => theme.text,
        TimerLevel::Low => theme.warn,
        TimerLevel::Over => theme.over,
    }
}
