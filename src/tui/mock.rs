//! The mock-interview screen and its event loop: the candidate's timed editor (no hints, no
//! scores until the end) or the interviewer's prompt, checklist and notes; the leave and
//! submit dialogs; the key help; and the report at the end. Keys come from binding tables,
//! as on the trainer's screens, so the footer and the help always match them. The mock is
//! saved every few seconds and at every change of part through [`crate::mock::sitting`].

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::drill::thousands;
use super::keys::{
    Binding, Chord, KeyHelp, Shared, action_for, editor_input, global_keymap, help, is_press,
    shared_key,
};
use super::no_color;
use super::terminal::{Screen, StopFlag, terminal_hung_up};
use super::theme::Theme;
use super::widgets::{
    MIN_HEIGHT, MIN_WIDTH, answer_editor, centered, editor_cursor, footer, help_overlay, panel,
    reflow, too_small, truncate, width, wrap,
};
use crate::config::Config;
use crate::deck::Bank;
use crate::duration::clock;
use crate::mock::sitting::{self, Sitting};
use crate::mock::{MockReport, render_markdown};
use crate::session::mock::part_prompt;
use crate::session::{MAX_ANSWER_CHARS, Mock, MockEvent, MockPhase, Mode, Shape, TimerLevel};
use crate::store::{MockSession, Store};
use crate::text::strip_control;

/// How long the loop waits for input before letting the clocks tick.
const TICK: Duration = Duration::from_millis(200);
/// How often a running mock is saved.
const AUTOSAVE: Duration = Duration::from_secs(5);
/// Keys that tick checklist items, in order (no `n`, `s` or `p`: too easily hit by a
/// coach who meant a dialog or Ctrl chord).
const ITEM_KEYS: &str = "123456789abcdefghijklmoqrtuvwxyz";

/// Runs the mock until it ends or the user leaves; the error is a sentence for stderr. A
/// mock left unfinished (the user leaves, a signal, a panic) is saved to resume.
pub fn run(
    run: Sitting,
    bank: &Bank,
    config: &Config,
    store: &mut Store,
    stop: &StopFlag,
    wall: impl Fn() -> DateTime<FixedOffset>,
) -> Result<Option<MockReport>, String> {
    let theme = Theme::pick(&config.ui.theme, no_color());
    let origin = Instant::now();
    let mono = || origin.elapsed();
    let mut screen = MockScreen::new(run, theme);
    let mut term = Screen::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        event_loop(
            &mut term,
            &mut screen,
            bank,
            config,
            store,
            &wall,
            &mono,
            stop,
        )
    }));
    drop(term);
    let saved = if screen.report.is_none() {
        sitting::save_progress(store, &screen.record, &screen.mock, mono())
            .map_err(|e| e.to_string())
    } else {
        Ok(())
    };
    match outcome {
        Ok(Ok(())) => saved.map(|()| screen.report.map(|(report, _)| report)),
        // A closed window can fail a write before the hang-up is noticed: still a way out.
        Ok(Err(_)) if terminal_hung_up() => saved.map(|()| None),
        Ok(Err(e)) => Err(format!("{e}; the mock was saved and `prepdeck mock` resumes it")),
        Err(_) => Err(
            "the mock hit a bug and stopped (the message is above); it was saved and `prepdeck mock` resumes it"
                .into(),
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn event_loop(
    term: &mut Screen,
    screen: &mut MockScreen,
    bank: &Bank,
    config: &Config,
    store: &mut Store,
    wall: &impl Fn() -> DateTime<FixedOffset>,
    mono: &impl Fn() -> Duration,
    stop: &StopFlag,
) -> Result<(), String> {
    let terminal_failed = |e: std::io::Error| format!("the terminal stopped working ({e})");
    let mut last_save = mono();
    let mut saved_parts = usize::MAX;
    let mut dirty = true;
    while !(stop.raised() || screen.quit) {
        let now = mono();
        if screen.mock.is_finished() && screen.report.is_none() {
            let report =
                sitting::finish(store, bank, config, &screen.record, &screen.mock, wall())?;
            screen.show_report(report);
            dirty = true;
        }
        if screen.report.is_none()
            && (now.saturating_sub(last_save) >= AUTOSAVE
                || saved_parts != screen.mock.results().len())
        {
            sitting::save_progress(store, &screen.record, &screen.mock, now)
                .map_err(|e| e.to_string())?;
            last_save = now;
            saved_parts = screen.mock.results().len();
        }
        if dirty {
            term.draw(|frame| screen.draw(frame, bank, now))
                .map_err(terminal_failed)?;
            dirty = false;
        }
        match event::poll(TICK) {
            Ok(true) => dirty |= screen.handle(event::read().map_err(terminal_failed)?, mono()),
            Ok(false) => {}
            // A signal arrived while waiting; the flag check deals with it.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(terminal_failed(e)),
        }
        dirty |= screen.tick(mono());
    }
    Ok(())
}

/// What a key asks of the mock screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    NextSection,
    PreviousSection,
    Submit,
    Pause,
    Leave,
    PromptUp,
    PromptDown,
    SwitchFocus,
    SaveAndLeave,
    EndNow,
    KeepGoing,
    ConfirmSubmit,
    Down,
    Up,
    PageDown,
    PageUp,
    RubricUp,
    RubricDown,
    Top,
    Bottom,
    Close,
}

/// A dialog over the mock, which takes the keys while it is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialog {
    Leave,
    Submit,
}

/// The keys both sides of a running mock share: leaving, and scrolling a long question.
fn leave_and_scroll_keys() -> [Binding<Action>; 3] {
    [
        Binding::new(
            &[Chord::key(KeyCode::Esc)],
            "Esc",
            "leave: save for later, or end now",
            Action::Leave,
        )
        .main_as("leave"),
        Binding::new(
            &[Chord::shifted(KeyCode::Up)],
            "S-↑",
            "scroll the question up",
            Action::PromptUp,
        ),
        Binding::new(
            &[Chord::shifted(KeyCode::Down)],
            "S-↓",
            "scroll the question down",
            Action::PromptDown,
        ),
    ]
}

fn candidate_keymap() -> Vec<Binding<Action>> {
    let mut keys = vec![
        Binding::new(
            &[Chord::key(KeyCode::Tab)],
            "Tab",
            "next section",
            Action::NextSection,
        )
        .main_as("section"),
        Binding::new(
            &[Chord::key(KeyCode::BackTab)],
            "S-Tab",
            "previous section",
            Action::PreviousSection,
        ),
        Binding::new(
            &[Chord::ctrl('s')],
            "^S",
            "hand in this answer and go on (asks first)",
            Action::Submit,
        )
        .main_as("hand in"),
        Binding::new(
            &[Chord::ctrl('p')],
            "^P",
            "pause or resume (hides the question; limited)",
            Action::Pause,
        )
        .main_as("pause"),
    ];
    keys.extend(leave_and_scroll_keys());
    keys
}

fn interviewer_keymap(notes_focus: bool) -> Vec<Binding<Action>> {
    let mut keys = vec![
        Binding::new(
            &[Chord::key(KeyCode::Tab)],
            "Tab",
            if notes_focus {
                "back to the rubric"
            } else {
                "write in the notes"
            },
            Action::SwitchFocus,
        )
        .main_as(if notes_focus { "rubric" } else { "notes" }),
        Binding::new(
            &[Chord::ctrl('s')],
            "^S",
            "the candidate is done: next part",
            Action::Submit,
        )
        .main_as("next part"),
        Binding::new(
            &[Chord::ctrl('p')],
            "^P",
            "pause or resume the clock",
            Action::Pause,
        )
        .main_as("pause"),
    ];
    if !notes_focus {
        // A long rubric does not fit: the arrows scroll it (its letters tick items).
        keys.push(Binding::new(
            &[Chord::key(KeyCode::Up)],
            "↑",
            "scroll the rubric up",
            Action::RubricUp,
        ));
        keys.push(Binding::new(
            &[Chord::key(KeyCode::Down)],
            "↓",
            "scroll the rubric down",
            Action::RubricDown,
        ));
    }
    keys.extend(leave_and_scroll_keys());
    keys
}

fn report_keymap() -> Vec<Binding<Action>> {
    vec![
        Binding::new(
            &[Chord::char('j'), Chord::key(KeyCode::Down)],
            "j/↓",
            "scroll down",
            Action::Down,
        )
        .main_as("scroll"),
        Binding::new(
            &[Chord::char('k'), Chord::key(KeyCode::Up)],
            "k/↑",
            "scroll up",
            Action::Up,
        ),
        Binding::new(
            &[Chord::char(' '), Chord::key(KeyCode::PageDown)],
            "Space/PgDn",
            "page down",
            Action::PageDown,
        ),
        Binding::new(
            &[Chord::key(KeyCode::PageUp)],
            "PgUp",
            "page up",
            Action::PageUp,
        ),
        Binding::new(
            &[Chord::char('g'), Chord::key(KeyCode::Home)],
            "g",
            "top",
            Action::Top,
        ),
        Binding::new(
            &[Chord::char('G'), Chord::key(KeyCode::End)],
            "G",
            "bottom",
            Action::Bottom,
        ),
        Binding::new(
            &[Chord::char('q'), Chord::key(KeyCode::Esc)],
            "q/Esc",
            "close (the report is stored)",
            Action::Close,
        )
        .main_as("close"),
    ]
}

fn dialog_keymap(dialog: Dialog) -> Vec<Binding<Action>> {
    match dialog {
        Dialog::Leave => vec![
            Binding::new(
                &[Chord::char('s')],
                "s",
                "save and leave (`prepdeck mock` resumes it)",
                Action::SaveAndLeave,
            )
            .main_as("save and leave"),
            Binding::new(
                &[Chord::char('e')],
                "e",
                "end the mock now and see the report",
                Action::EndNow,
            )
            .main_as("end now"),
            Binding::new(
                &[Chord::char('c'), Chord::key(KeyCode::Esc)],
                "c/Esc",
                "carry on",
                Action::KeepGoing,
            )
            .main_as("carry on"),
        ],
        Dialog::Submit => vec![
            Binding::new(
                &[Chord::char('y'), Chord::key(KeyCode::Enter)],
                "y/Enter",
                "hand it in",
                Action::ConfirmSubmit,
            )
            .main_as("hand in"),
            Binding::new(
                &[Chord::char('n'), Chord::key(KeyCode::Esc)],
                "n/Esc",
                "keep writing",
                Action::KeepGoing,
            )
            .main_as("keep writing"),
        ],
    }
}

/// What Ctrl-C does here, for the help.
const QUIT: &str = "save the mock and leave";

/// How the checklist keys appear in the help.
const TICK_HELP: KeyHelp = KeyHelp {
    keys: "1–9 a–z",
    what: "tick or untick the item with that key",
    footer: Some("tick"),
};

struct MockScreen {
    mock: Mock,
    record: MockSession,
    theme: Theme,
    editor: TextArea<'static>,
    /// Interviewer mode: typing goes to the notes rather than ticking items.
    notes_focus: bool,
    dialog: Option<Dialog>,
    help: bool,
    notice: Option<String>,
    /// The stored report and its Markdown, once the mock is over.
    report: Option<(MockReport, String)>,
    scroll: usize,
    prompt_scroll: usize,
    /// The first rubric item shown (interviewer mode), and the item last ticked, which the
    /// next frame scrolls into view.
    rubric_scroll: usize,
    rubric_ticked: Option<usize>,
    /// Lines the report scrolls through, as last drawn, for page keys and the end.
    report_page: usize,
    report_lines: usize,
    quit: bool,
    drawn_second: Option<u64>,
}

impl MockScreen {
    fn new(run: Sitting, theme: Theme) -> MockScreen {
        let mut screen = MockScreen {
            mock: run.mock,
            record: run.record,
            theme,
            editor: TextArea::default(),
            notes_focus: false,
            dialog: None,
            help: false,
            notice: None,
            report: None,
            scroll: 0,
            prompt_scroll: 0,
            rubric_scroll: 0,
            rubric_ticked: None,
            report_page: 1,
            report_lines: 0,
            quit: false,
            drawn_second: None,
        };
        screen.sync_editor();
        screen
    }

    fn show_report(&mut self, report: MockReport) {
        let markdown = render_markdown(&report);
        self.report = Some((report, markdown));
        self.dialog = None;
        self.scroll = 0;
    }

    /// Puts the current slot's (or the notes') text in the editor.
    fn sync_editor(&mut self) {
        // The interviewer's notes are free prose, like a free-text answer.
        let shape = self.mock.shape().unwrap_or(Shape::Free);
        self.editor = answer_editor(&self.stored_text(), shape);
    }

    /// The text the mock holds for what the editor shows.
    fn stored_text(&self) -> String {
        match (self.mock.slots(), self.mock.checklist()) {
            (Some((slots, active)), _) => slots[active].text.clone(),
            (None, Some((_, notes))) => notes.to_string(),
            _ => String::new(),
        }
    }

    fn typing(&self) -> bool {
        self.report.is_none()
            && self.dialog.is_none()
            && (self.mock.mode() == Mode::Candidate || self.notes_focus)
    }

    /// The keys that act now, for the key lookup, the footer and the help.
    fn keymap(&self) -> Vec<Binding<Action>> {
        match (self.report.is_some(), self.dialog) {
            (true, _) => report_keymap(),
            (false, Some(dialog)) => dialog_keymap(dialog),
            (false, None) => match self.mock.mode() {
                Mode::Candidate => candidate_keymap(),
                Mode::Interviewer => interviewer_keymap(self.notes_focus),
            },
        }
    }

    fn helps(&self) -> Vec<KeyHelp> {
        let mut helps = help(&self.keymap());
        let ticking = self.report.is_none()
            && self.dialog.is_none()
            && self.mock.mode() == Mode::Interviewer
            && !self.notes_focus;
        if ticking {
            helps.insert(0, TICK_HELP);
        }
        helps
    }

    fn name(&self) -> &'static str {
        match (self.report.is_some(), self.mock.mode()) {
            (true, _) => "Mock report",
            (false, Mode::Candidate) => "Mock",
            (false, Mode::Interviewer) => "Mock · interviewer",
        }
    }

    /// Lets the clocks act; returns whether the screen needs redrawing.
    fn tick(&mut self, now: Duration) -> bool {
        if self.report.is_some() {
            return false;
        }
        let before = (self.mock.results().len(), self.slot_index());
        let changed = self.mock.update(MockEvent::Tick, now);
        if (self.mock.results().len(), self.slot_index()) != before {
            // The part ran out of time: its answer is locked and the next one is asked.
            self.dialog = None;
            self.prompt_scroll = 0;
            self.sync_editor();
        }
        let second = self.mock.overall(now).elapsed.as_secs();
        changed || self.drawn_second != Some(second)
    }

    fn handle(&mut self, event: TermEvent, now: Duration) -> bool {
        match event {
            TermEvent::Key(key) if is_press(&key) => {
                self.key(&key, now);
                true
            }
            TermEvent::Paste(text) => self.paste(&text, now),
            TermEvent::Resize(..) => true,
            _ => false,
        }
    }

    fn key(&mut self, key: &KeyEvent, now: Duration) {
        self.notice = None;
        match shared_key(key, self.typing(), &mut self.help) {
            Shared::Quit => return self.act(Action::SaveAndLeave, now),
            Shared::Taken => return,
            Shared::ForScreen => {}
        }
        if let Some(action) = action_for(&self.keymap(), key) {
            return self.act(action, now);
        }
        if self.report.is_some() || self.dialog.is_some() {
            return;
        }
        if self.mock.mode() == Mode::Interviewer && !self.notes_focus {
            if let KeyCode::Char(c) = key.code
                && let Some(index) = ITEM_KEYS.find(c)
            {
                self.mock.update(MockEvent::Toggle(index), now);
                self.rubric_ticked = Some(index);
            }
            return;
        }
        if self.mock.accepts_edits() {
            self.editor.input(editor_input(key));
            self.send_editor(now);
        }
    }

    fn act(&mut self, action: Action, now: Duration) {
        let before = (self.mock.results().len(), self.slot_index());
        match action {
            Action::NextSection => {
                self.mock.update(MockEvent::NextSlot, now);
            }
            Action::PreviousSection => {
                self.mock.update(MockEvent::PreviousSlot, now);
            }
            Action::Submit if self.mock.mode() == Mode::Interviewer => {
                self.mock.update(MockEvent::Submit, now);
            }
            Action::Submit => {
                if self.mock.phase() == MockPhase::Running {
                    self.dialog = Some(Dialog::Submit);
                }
            }
            Action::ConfirmSubmit => {
                self.dialog = None;
                self.mock.update(MockEvent::Submit, now);
            }
            Action::Pause => self.toggle_pause(now),
            Action::Leave => self.dialog = Some(Dialog::Leave),
            Action::PromptUp => self.prompt_scroll = self.prompt_scroll.saturating_sub(1),
            Action::PromptDown => self.prompt_scroll = self.prompt_scroll.saturating_add(1),
            Action::SwitchFocus => self.notes_focus = !self.notes_focus,
            Action::SaveAndLeave => self.quit = true,
            Action::EndNow => {
                self.dialog = None;
                self.mock.update(MockEvent::End, now);
            }
            Action::KeepGoing => self.dialog = None,
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll = self.scroll.saturating_add(self.report_page),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(self.report_page),
            Action::RubricUp => self.rubric_scroll = self.rubric_scroll.saturating_sub(1),
            Action::RubricDown => self.rubric_scroll = self.rubric_scroll.saturating_add(1),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = self.report_lines,
            Action::Close => self.quit = true,
        }
        if (self.mock.results().len(), self.slot_index()) != before {
            self.sync_editor();
        }
        if self.mock.results().len() != before.0 {
            self.prompt_scroll = 0;
            self.rubric_scroll = 0;
        }
    }

    fn toggle_pause(&mut self, now: Duration) {
        if self.mock.phase() == MockPhase::Paused {
            self.mock.update(MockEvent::Resume, now);
        } else if !self.mock.update(MockEvent::Pause, now) {
            self.notice = Some("No pauses left in this mock.".into());
        }
    }

    fn paste(&mut self, text: &str, now: Duration) -> bool {
        if !self.typing() || !self.mock.accepts_edits() {
            return false;
        }
        self.editor.insert_str(strip_control(
            &text.replace("\r\n", "\n").replace('\r', "\n"),
        ));
        self.send_editor(now);
        true
    }

    /// Hands the editor's text to the mock; when the mock kept less (the length cap), the
    /// editor shows what was kept.
    fn send_editor(&mut self, now: Duration) {
        let text = self.editor.lines().join("\n");
        let event = match self.mock.mode() {
            Mode::Candidate => MockEvent::Edit(text.clone()),
            Mode::Interviewer => MockEvent::Notes(text.clone()),
        };
        self.mock.update(event, now);
        if self.stored_text() != text {
            self.sync_editor();
            self.notice = Some(format!(
                "the answer is at its {} character cap",
                thousands(MAX_ANSWER_CHARS)
            ));
        }
    }

    fn slot_index(&self) -> Option<usize> {
        self.mock.slots().map(|(_, active)| active)
    }

    fn draw(&mut self, frame: &mut Frame, bank: &Bank, now: Duration) {
        let area = frame.area();
        let theme = self.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(frame, &theme);
            return;
        }
        let [body, foot] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        if self.report.is_some() {
            self.draw_report(frame, body);
        } else {
            self.drawn_second = Some(self.mock.overall(now).elapsed.as_secs());
            self.draw_mock(frame, body, bank, now);
        }
        self.draw_footer(frame, foot);
        if self.help {
            let global = help(&global_keymap(self.typing(), QUIT));
            help_overlay(frame, self.name(), &self.helps(), &global, &theme);
        }
    }

    fn draw_footer(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.theme;
        let help_key = if self.typing() { "F1" } else { "?" };
        let right = format!("{help_key} help · {} ", self.name());
        let [keys, right_area] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(width(&right) as u16 + 1),
        ])
        .areas(area);
        let left = match &self.notice {
            Some(notice) => Line::styled(
                format!(
                    " {}",
                    truncate(notice, usize::from(keys.width).saturating_sub(1))
                ),
                theme.warn,
            ),
            None => footer(&self.helps(), theme, keys.width),
        };
        frame.render_widget(Paragraph::new(left), keys);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{help_key} "), theme.key),
                Span::styled(format!("help · {} ", self.name()), theme.dim),
            ]))
            .right_aligned(),
            right_area,
        );
    }

    fn draw_report(&mut self, frame: &mut Frame, area: Rect) {
        let theme = self.theme;
        let Some((report, markdown)) = &self.report else {
            return;
        };
        let title = format!(
            " Mock report · {}/100 · {} ",
            report.score,
            report.verdict.label()
        );
        let block = panel(title, &theme, true);
        let inner = block.inner(area);
        let lines = readable_report(&strip_control(markdown), usize::from(inner.width), &theme);
        let visible = usize::from(inner.height).max(1);
        self.report_page = visible.saturating_sub(1).max(1);
        self.report_lines = lines.len().saturating_sub(visible);
        self.scroll = self.scroll.min(self.report_lines);
        let shown: Vec<Line> = lines.into_iter().skip(self.scroll).take(visible).collect();
        frame.render_widget(Paragraph::new(Text::from(shown)).block(block), area);
    }

    fn draw_mock(&mut self, frame: &mut Frame, area: Rect, bank: &Bank, now: Duration) {
        let [header, prompt_area, work] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Percentage(30),
            Constraint::Min(5),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(self.header(now)), header);

        let part = self.mock.current_part().cloned();
        let (title, prompt) = part
            .as_ref()
            .and_then(|p| part_prompt(bank, p).map(|(card, prompt)| (p, card, prompt)))
            .map(|(p, card, prompt)| {
                let label = match &p.followup {
                    Some(_) => format!(
                        " Question {} · follow-up · {} ",
                        p.question + 1,
                        strip_control(&card.title)
                    ),
                    None => format!(
                        " Question {} · {} ",
                        p.question + 1,
                        strip_control(&card.title)
                    ),
                };
                (label, reflow(&strip_control(prompt)))
            })
            .unwrap_or_default();
        let paused = self.mock.phase() == MockPhase::Paused;
        let prompt_text = if paused {
            "Paused: the question and the answer are hidden while the clock is stopped; ^P resumes."
                .to_string()
        } else {
            prompt
        };
        let title = if self.mock.mode() == Mode::Interviewer {
            format!("{title}· read it aloud ")
        } else {
            title
        };
        self.draw_prompt(frame, prompt_area, title, &prompt_text);
        if !paused {
            match self.mock.mode() {
                Mode::Candidate => self.draw_editor(frame, work),
                Mode::Interviewer => self.draw_checklist(frame, bank, work),
            }
        }
        if let Some(dialog) = self.dialog {
            self.draw_dialog(frame, dialog);
        }
    }

    /// The question, wrapped and scrolled, with its position in the title when it is longer
    /// than the panel.
    fn draw_prompt(&mut self, frame: &mut Frame, area: Rect, title: String, prompt: &str) {
        let theme = self.theme;
        let inner_width = usize::from(area.width.saturating_sub(2));
        let visible = usize::from(area.height.saturating_sub(2));
        let lines = wrap(prompt, inner_width);
        let max_scroll = lines.len().saturating_sub(visible);
        self.prompt_scroll = self.prompt_scroll.min(max_scroll);
        let mut title = vec![Span::styled(title, theme.title)];
        if max_scroll > 0 {
            title.push(Span::styled(
                format!("{}/{} S-↑↓ ", self.prompt_scroll + visible, lines.len()),
                theme.dim,
            ));
        }
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(self.prompt_scroll)
            .take(visible)
            .map(|line| Line::styled(line, theme.text))
            .collect();
        frame.render_widget(
            Paragraph::new(Text::from(shown)).block(panel(Line::from(title), &theme, false)),
            area,
        );
    }

    fn header(&self, now: Duration) -> Line<'static> {
        let theme = &self.theme;
        let overall = self.mock.overall(now);
        let part_index = self.mock.current_index().unwrap_or(0);
        let total = self.mock.parts().len();
        let mut spans = vec![
            Span::styled(
                format!(" {} ", strip_control(&self.mock.plan().title)),
                theme.title,
            ),
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
        Line::from(spans)
    }

    fn draw_editor(&mut self, frame: &mut Frame, area: Rect) {
        let theme = self.theme;
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
        let guide = strip_control(&slots[active].guide);
        let block = panel(Line::from(tabs), &theme, true)
            .title_bottom(Line::styled(format!(" {guide} "), theme.dim));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(&self.editor, inner);
        if self.dialog.is_none() && !self.help {
            editor_cursor(frame, &self.editor, inner);
        }
    }

    fn draw_checklist(&mut self, frame: &mut Frame, bank: &Bank, area: Rect) {
        let theme = self.theme;
        let [list_area, side] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(area);
        let Some((items, _)) = self.mock.checklist() else {
            return;
        };
        let ticked = items.iter().filter(|i| i.ticked).count();
        // One row per item, so that every item's key can be scrolled to and shown.
        let desc_width = usize::from(list_area.width.saturating_sub(2)).saturating_sub(6);
        let lines: Vec<Line> = items
            .iter()
            .zip(ITEM_KEYS.chars())
            .map(|(item, key)| {
                let (mark, style) = if item.ticked {
                    ("[x]", theme.good)
                } else {
                    ("[ ]", theme.text)
                };
                Line::from(vec![
                    Span::styled(format!("{key} "), theme.key),
                    Span::styled(
                        format!(
                            "{mark} {}",
                            truncate(&strip_control(&item.desc), desc_width)
                        ),
                        style,
                    ),
                ])
            })
            .collect();
        let rows = usize::from(list_area.height.saturating_sub(2)).max(1);
        if let Some(index) = self.rubric_ticked.take() {
            if index < self.rubric_scroll {
                self.rubric_scroll = index;
            } else if index >= self.rubric_scroll + rows {
                self.rubric_scroll = index + 1 - rows;
            }
        }
        self.rubric_scroll = self.rubric_scroll.min(lines.len().saturating_sub(rows));
        let more = match (
            self.rubric_scroll > 0,
            self.rubric_scroll + rows < lines.len(),
        ) {
            (true, true) => " · ↑↓ more",
            (true, false) => " · ↑ more",
            (false, true) => " · ↓ more",
            (false, false) => "",
        };
        let title = format!(" Rubric · {ticked}/{} ticked{more} ", items.len());
        frame.render_widget(
            Paragraph::new(lines)
                .scroll((self.rubric_scroll as u16, 0))
                .block(panel(title, &theme, !self.notes_focus)),
            list_area,
        );
        let [followups_area, notes_area] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(side);
        let upcoming: Vec<Line> = self
            .mock
            .current_part()
            .filter(|part| part.followup.is_none())
            .and_then(|part| {
                let card = bank.card(&part.card)?;
                let plan = self.mock.plan().questions.get(part.question)?;
                Some(
                    plan.followups
                        .iter()
                        .filter_map(|id| card.followups.iter().find(|f| &f.id == id))
                        .map(|f| Line::from(format!("• {}", reflow(&strip_control(&f.prompt)))))
                        .collect(),
                )
            })
            .unwrap_or_default();
        let followups_title = if upcoming.is_empty() {
            " Follow-ups: none after this part "
        } else {
            " Follow-ups, asked next "
        };
        frame.render_widget(
            Paragraph::new(upcoming)
                .wrap(Wrap { trim: true })
                .block(panel(followups_title, &theme, false)),
            followups_area,
        );
        let block = panel(" Notes ", &theme, self.notes_focus);
        let inner = block.inner(notes_area);
        frame.render_widget(block, notes_area);
        frame.render_widget(&self.editor, inner);
        if self.notes_focus && self.dialog.is_none() && !self.help {
            editor_cursor(frame, &self.editor, inner);
        }
    }

    fn draw_dialog(&self, frame: &mut Frame, dialog: Dialog) {
        let theme = &self.theme;
        let (title, question) = match dialog {
            Dialog::Leave => (" Leave ", "Leave the mock?".to_string()),
            Dialog::Submit => {
                let words = self
                    .mock
                    .slots()
                    .map_or(0, |(slots, _)| slots.iter().map(|s| s.words).sum::<usize>());
                (
                    " Hand in ",
                    format!("Hand in this answer ({words} words)? It cannot be changed after."),
                )
            }
        };
        let mut lines = vec![Line::styled(question, theme.title), Line::default()];
        for binding in dialog_keymap(dialog) {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<8}", binding.keys), theme.key),
                Span::styled(binding.what, theme.text),
            ]));
        }
        let content = lines.iter().map(Line::width).max().unwrap_or(30) as u16;
        let popup = centered(frame.area(), content + 4, lines.len() as u16 + 2);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(Text::from(lines)).block(panel(title, theme, true)),
            popup,
        );
    }
}

/// The report's Markdown as the screen shows it, since a terminal cannot render Markdown:
/// headings in the title style without their `#`s, list items behind a bullet or, for the
/// checklist, a ✓, ~ or ✗ for the item's verdict, quoted prompts and answers indented behind
/// a bar (their own headings as plain text), and no emphasis or code marks. A long line
/// wraps under its own indent.
fn readable_report(markdown: &str, columns: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for raw in markdown.lines() {
        let plain = raw.replace("**", "").replace('`', "");
        let (mark, indent, body, style) = if let Some(quoted) = plain.strip_prefix('>') {
            let quoted = quoted.strip_prefix(' ').unwrap_or(quoted);
            let body = heading(quoted).unwrap_or(quoted);
            let bar = Span::styled("  │ ", theme.dim);
            (bar.clone(), bar, body, theme.text)
        } else if let Some(title) = heading(&plain) {
            (Span::raw(""), Span::raw(""), title, theme.title)
        } else if let Some(item) = plain.strip_prefix("- ") {
            let (mark, item) = match item.split_at_checked(4) {
                Some(("[x] ", rest)) => (Span::styled("✓ ", theme.good), rest),
                Some(("[~] ", rest)) => (Span::styled("~ ", theme.partial), rest),
                Some(("[ ] ", rest)) => (Span::styled("✗ ", theme.bad), rest),
                _ => (Span::styled("• ", theme.dim), item),
            };
            (mark, Span::raw("  "), item, theme.text)
        } else if let Some((number, item)) = plain.split_once(". ")
            && !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit())
        {
            let mark = format!("{number}. ");
            let indent = Span::raw(" ".repeat(mark.len()));
            lines.extend(hanging(
                Span::styled(mark, theme.dim),
                indent,
                item,
                columns,
                theme.text,
            ));
            continue;
        } else {
            (Span::raw(""), Span::raw(""), plain.as_str(), theme.text)
        };
        lines.extend(hanging(mark, indent, body, columns, style));
    }
    lines
}

/// A Markdown heading's text without its `#`s, or `None` for any other line.
fn heading(line: &str) -> Option<&str> {
    let text = line.trim_start_matches('#');
    (text.len() < line.len() && text.starts_with(' ')).then(|| text.trim_start())
}

/// `body` wrapped to `columns` behind `mark` on its first line and `indent` on the rest.
fn hanging(
    mark: Span<'static>,
    indent: Span<'static>,
    body: &str,
    columns: usize,
    style: Style,
) -> Vec<Line<'static>> {
    let room = columns.saturating_sub(indent.width()).max(1);
    let mut wrapped = wrap(body, room).into_iter();
    let first = wrapped.next().unwrap_or_default();
    let mut lines = vec![Line::from(vec![mark, Span::styled(first, style)])];
    lines.extend(wrapped.map(|rest| Line::from(vec![indent.clone(), Span::styled(rest, style)])));
    lines
}

fn level_style(theme: &Theme, level: TimerLevel) -> Style {
    match level {
        TimerLevel::Calm => theme.text,
        TimerLevel::Low => theme.warn,
        TimerLevel::Over => theme.over,
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyModifiers;

    use super::*;
    use crate::mock::load_plans;

    const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

    fn bank() -> Bank {
        Bank::bundled()
    }

    /// The bundled OTDR case (a main question with follow-ups), started at zero.
    fn screen(bank: &Bank, mode: Mode) -> MockScreen {
        let plan = load_plans(bank)
            .0
            .into_iter()
            .find(|p| p.id == "otdr-case")
            .expect("the bundled OTDR plan");
        let started = DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z").expect("a time");
        let mut record = MockSession::new(&plan.id, started.to_utc(), serde_json::Value::Null);
        record.uid = "0123456789abcdef".into();
        let mock = Mock::start(plan, bank, mode, Duration::ZERO).expect("the mock starts");
        MockScreen::new(Sitting { mock, record }, Theme::colour())
    }

    fn key(screen: &mut MockScreen, code: KeyCode, at: u64) {
        screen.handle(
            TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)),
            Duration::from_secs(at),
        );
    }

    fn ctrl(screen: &mut MockScreen, c: char, at: u64) {
        screen.handle(
            TermEvent::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
            Duration::from_secs(at),
        );
    }

    fn type_text(screen: &mut MockScreen, text: &str, at: u64) {
        for c in text.chars() {
            key(screen, KeyCode::Char(c), at);
        }
    }

    fn render(screen: &mut MockScreen, bank: &Bank, (w, h): (u16, u16), at: u64) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        terminal
            .draw(|frame| screen.draw(frame, bank, Duration::from_secs(at)))
            .expect("drawing works");
        terminal.backend().to_string()
    }

    fn snapshot_both(screen: &mut MockScreen, bank: &Bank, name: &str, at: u64) {
        for size in SIZES {
            let drawn = render(screen, bank, size, at);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), drawn);
        }
    }

    fn current_text(screen: &MockScreen) -> String {
        screen.stored_text()
    }

    #[test]
    fn the_candidate_writes_and_hands_in_only_after_confirming() {
        let bank = bank();
        let mut screen = screen(&bank, Mode::Candidate);
        type_text(
            &mut screen,
            "Freeze the rollout? Then check the carriers.",
            5,
        );
        assert_eq!(
            current_text(&screen),
            "Freeze the rollout? Then check the carriers.",
            "`?` is text while writing"
        );
        assert!(!screen.help);
        snapshot_both(&mut screen, &bank, "mock_candidate", 95);
        ctrl(&mut screen, 's', 100);
        snapshot_both(&mut screen, &bank, "mock_hand_in", 100);
        key(&mut screen, KeyCode::Char('n'), 101);
        assert_eq!(screen.mock.results().len(), 0, "n keeps writing");
        assert_eq!(screen.dialog, None);
        ctrl(&mut screen, 's', 102);
        key(&mut screen, KeyCode::Enter, 102);
        assert_eq!(screen.mock.results().len(), 1);
        assert!(
            screen.mock.results()[0]
                .answer
                .contains("Then check the carriers.")
        );
        assert_eq!(current_text(&screen), "", "the next part starts empty");
    }

    #[test]
    fn a_long_answer_wraps_so_all_of_it_stays_readable() {
        let bank = bank();
        let mut screen = screen(&bank, Mode::Candidate);
        let answer = "Opening words first, then a long stretch of reasoning about the \
                      carriers and the rollout that runs well past the width of the \
                      editor, ending with the closing words";
        type_text(&mut screen, answer, 5);
        let drawn = render(&mut screen, &bank, (80, 24), 5);
        for words in ["Opening words first", "closing words"] {
            assert!(drawn.contains(words), "{words:?} is off screen:\n{drawn}");
        }
    }

    #[test]
    fn ctrl_c_and_the_leave_dialog_keep_the_mock() {
        let bank = bank();
        let mut screen = screen(&bank, Mode::Candidate);
        type_text(&mut screen, "Half an answer", 5);
        key(&mut screen, KeyCode::Esc, 6);
        snapshot_both(&mut screen, &bank, "mock_leave", 6);
        key(&mut screen, KeyCode::Char('c'), 7);
        assert!(!screen.quit && screen.dialog.is_none());
        ctrl(&mut screen, 'c', 8);
        assert!(screen.quit, "Ctrl-C leaves");
        assert!(!screen.mock.is_finished(), "and keeps the mock to resume");
        assert_eq!(current_text(&screen), "Half an answer");
    }

    #[test]
    fn the_interviewer_ticks_with_item_keys_and_types_notes_after_tab() {
        let bank = bank();
        let mut screen = screen(&bank, Mode::Interviewer);
        key(&mut screen, KeyCode::Char('1'), 10);
        key(&mut screen, KeyCode::Char('3'), 11);
        key(&mut screen, KeyCode::Char('3'), 12);
        key(&mut screen, KeyCode::Char('4'), 13);
        let ticked: Vec<bool> = screen
            .mock
            .checklist()
            .expect("a checklist")
            .0
            .iter()
            .map(|i| i.ticked)
            .collect();
        assert_eq!(&ticked[..4], [true, false, false, true]);
        key(&mut screen, KeyCode::Char('?'), 14);
        assert!(screen.help, "`?` is help while ticking");
        snapshot_both(&mut screen, &bank, "mock_interviewer_help", 14);
        key(&mut screen, KeyCode::Esc, 14);
        assert!(!screen.help);
        key(&mut screen, KeyCode::Tab, 15);
        type_text(&mut screen, "Named 2 carriers; no owner", 20);
        assert_eq!(current_text(&screen), "Named 2 carriers; no owner");
        let still: usize = screen
            .mock
            .checklist()
            .expect("a checklist")
            .0
            .iter()
            .filter(|i| i.ticked)
            .count();
        assert_eq!(still, 2, "keys typed into the notes tick nothing");
        snapshot_both(&mut screen, &bank, "mock_interviewer", 200);
    }

    #[test]
    fn a_long_rubric_scrolls_to_the_item_ticked_and_with_the_arrows() {
        let bank = bank();
        let mut screen = screen(&bank, Mode::Interviewer);
        let items: Vec<String> = screen
            .mock
            .checklist()
            .expect("a checklist")
            .0
            .iter()
            .map(|i| i.desc.chars().take(12).collect())
            .collect();
        let first_view = render(&mut screen, &bank, (80, 24), 10);
        assert!(
            items.len() > 10 && !first_view.contains(&items[items.len() - 1]),
            "the card's rubric is longer than the screen ({} items):\n{first_view}",
            items.len()
        );
        assert!(first_view.contains("↓ more"), "{first_view}");
        let last_key = ITEM_KEYS.chars().nth(items.len() - 1).expect("a key");
        key(&mut screen, KeyCode::Char(last_key), 11);
        let ticked_view = render(&mut screen, &bank, (80, 24), 11);
        assert!(
            ticked_view.contains(&items[items.len() - 1]) && ticked_view.contains("↑ more"),
            "the ticked item is scrolled into view:\n{ticked_view}"
        );
        for _ in 0..items.len() {
            key(&mut screen, KeyCode::Up, 12);
        }
        let top_view = render(&mut screen, &bank, (80, 24), 12);
        assert!(top_view.contains(&items[0]), "↑ scrolls back:\n{top_view}");
    }

    #[test]
    fn the_report_scrolls_within_its_length() {
        let bank = bank();
        let mut screen = screen(&bank, Mode::Candidate);
        type_text(
            &mut screen,
            "Stop the rollout and check the carrier data.",
            5,
        );
        key(&mut screen, KeyCode::Esc, 6);
        key(&mut screen, KeyCode::Char('e'), 60);
        assert!(screen.mock.is_finished());
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut store = Store::open_at(&dir.path().join("db.sqlite3")).expect("a store");
        let wall = DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z").expect("a time");
        let report = sitting::finish(
            &mut store,
            &bank,
            &Config::default(),
            &screen.record,
            &screen.mock,
            wall,
        )
        .expect("the report");
        screen.show_report(report);
        snapshot_both(&mut screen, &bank, "mock_report", 60);
        render(&mut screen, &bank, (80, 24), 61);
        key(&mut screen, KeyCode::Char('G'), 61);
        render(&mut screen, &bank, (80, 24), 61);
        let bottom = screen.scroll;
        assert!(bottom > 0, "the report is longer than a screen");
        key(&mut screen, KeyCode::Char('j'), 61);
        render(&mut screen, &bank, (80, 24), 61);
        assert_eq!(screen.scroll, bottom, "scrolling stops at the end");
        key(&mut screen, KeyCode::Char('g'), 61);
        assert_eq!(screen.scroll, 0);
        key(&mut screen, KeyCode::Char('q'), 62);
        assert!(screen.quit);
    }

    #[test]
    fn the_report_reads_as_text_not_markdown() {
        let theme = Theme::colour();
        let markdown = "# Mock interview: OTDR case\n\n- Verdict: weak\n\n### Main question — 40/100\n\n\
                        > Why did **OTDR** drop?\n> ## Result\n>\n1. Splits by `carrier`\n\n#### Checklist\n\n\
                        - [x] Checks the join\n- [~] Splits by carrier\n- [ ] Traces a sample of orders end to end";
        let shown: Vec<String> = readable_report(markdown, 24, &theme)
            .iter()
            .map(|line| {
                line.spans
                    .iter()
                    .map(|span| span.content.as_ref())
                    .collect()
            })
            .collect();
        assert_eq!(
            shown,
            [
                "Mock interview: OTDR",
                "case",
                "",
                "• Verdict: weak",
                "",
                "Main question — 40/100",
                "",
                "  │ Why did OTDR drop?",
                "  │ Result",
                "  │ ",
                "1. Splits by carrier",
                "",
                "Checklist",
                "",
                "✓ Checks the join",
                "~ Splits by carrier",
                "✗ Traces a sample of",
                "  orders end to end",
            ]
        );
    }

    #[test]
    fn a_small_terminal_gets_the_notice() {
        let bank = bank();
        let mut screen = screen(&bank, Mode::Candidate);
        let drawn = render(&mut screen, &bank, (60, 20), 0);
        assert!(drawn.contains("Terminal too small"), "{drawn}");
    }
}
