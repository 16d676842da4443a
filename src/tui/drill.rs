//! The drill screen: the header with the countdown, the prompt, one editor per section shown
//! as tabs with the section's guide and word count, and the pacing bar. The screen's keys are
//! taken before the editor sees a key; everything else is typing.

use std::time::Duration;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Paragraph, Tabs};
use ratatui_textarea::{Input, Key, TextArea};

use super::Step;
use super::keys::{Binding, Chord, KeyHelp, action_for, editor_input};
use super::theme::Theme;
use super::widgets::{
    answer_editor, centered, editor_cursor, panel, reflow, truncate, width, wrap,
};
use crate::deck::{Card, Deck, Followup, Framework};
use crate::duration::clock;
use crate::session::{Draft, Drill, Event, MAX_ANSWER_CHARS, Phase, Shape, TimerLevel};
use crate::text::strip_control;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextSlot,
    PreviousSlot,
    Hint,
    External,
    Pause,
    Resume,
    Submit,
    Confirm,
    Cancel,
    Leave,
    PromptUp,
    PromptDown,
}

/// The editor's own keys, listed in the help overlay (they are the widget's, not ours).
pub const EDITOR_KEYS: &[KeyHelp] = &[
    KeyHelp {
        keys: "^U / ^R",
        what: "undo / redo",
        footer: None,
    },
    KeyHelp {
        keys: "^W / ^K",
        what: "delete a word / to the end of the line",
        footer: None,
    },
    KeyHelp {
        keys: "^A / ^E",
        what: "start / end of the line",
        footer: None,
    },
    KeyHelp {
        keys: "PgUp / PgDn",
        what: "scroll the answer",
        footer: None,
    },
];

/// What the header says about the card.
#[derive(Debug, Clone)]
struct Heading {
    title: String,
    deck: String,
    framework: String,
}

pub struct DrillScreen {
    drill: Drill,
    editors: Vec<TextArea<'static>>,
    heading: Heading,
    prompt: String,
    prompt_scroll: usize,
    confirming: bool,
    /// Changed since the draft was last saved.
    unsaved: bool,
    /// A draft of this drill has been saved at least once.
    saved_once: bool,
    /// False in a preview, where nothing is saved: the keys and messages must not promise a draft.
    keeps_drafts: bool,
    notice: Option<String>,
}

impl DrillScreen {
    /// The screen for a drill of `card` (or of its `followup`), with the editors holding
    /// whatever the drill already has (a resumed draft).
    pub fn new(
        drill: Drill,
        card: &Card,
        deck: &Deck,
        framework: Option<&Framework>,
        followup: Option<&Followup>,
    ) -> DrillScreen {
        let editors = drill
            .slots()
            .iter()
            .map(|slot| answer_editor(&slot.text, drill.shape()))
            .collect();
        let (title, prompt) = match followup {
            Some(f) => (format!("Follow-up · {}", card.title), f.prompt.clone()),
            None => (card.title.clone(), card.prompt.clone()),
        };
        let framework = match (drill.shape(), framework) {
            (Shape::Sectioned, Some(f)) => f.title.clone(),
            _ => card.kind.label().to_string(),
        };
        DrillScreen {
            drill,
            editors,
            heading: Heading {
                title: strip_control(&title),
                deck: strip_control(&deck.title),
                framework: strip_control(&framework),
            },
            prompt: reflow(&strip_control(prompt.trim())),
            prompt_scroll: 0,
            confirming: false,
            unsaved: false,
            saved_once: false,
            keeps_drafts: true,
            notice: None,
        }
    }

    /// The screen for a preview, which keeps no draft.
    pub fn without_drafts(mut self) -> DrillScreen {
        self.keeps_drafts = false;
        self
    }

    fn leave_label(&self) -> &'static str {
        if self.keeps_drafts {
            "leave (draft kept)"
        } else {
            "leave (nothing is kept)"
        }
    }

    pub fn drill(&self) -> &Drill {
        &self.drill
    }

    pub fn keymap(&self) -> Vec<Binding<Action>> {
        if self.confirming {
            return vec![
                Binding::new(
                    &[Chord::key(KeyCode::Enter), Chord::char('y')],
                    "Enter/y",
                    "submit for scoring",
                    Action::Confirm,
                )
                .main(),
                Binding::new(
                    &[Chord::key(KeyCode::Esc), Chord::char('n')],
                    "Esc/n",
                    "keep writing",
                    Action::Cancel,
                )
                .main(),
            ];
        }
        if self.drill.phase() == Phase::Paused {
            return vec![
                Binding::new(&[Chord::ctrl('p')], "^P", "resume", Action::Resume).main(),
                Binding::new(&[Chord::ctrl('s')], "^S", "submit", Action::Submit).main(),
                Binding::new(
                    &[Chord::key(KeyCode::Esc)],
                    "Esc",
                    self.leave_label(),
                    Action::Leave,
                )
                .main(),
            ];
        }
        let mut keys = Vec::new();
        if self.drill.slots().len() > 1 {
            keys.push(
                Binding::new(
                    &[Chord::key(KeyCode::Tab)],
                    "Tab",
                    "next section",
                    Action::NextSlot,
                )
                .main_as("section"),
            );
            keys.push(Binding::new(
                &[Chord::key(KeyCode::BackTab)],
                "S-Tab",
                "previous section",
                Action::PreviousSlot,
            ));
        }
        keys.extend([
            Binding::new(&[Chord::ctrl('t')], "^T", "reveal a hint", Action::Hint).main_as("hint"),
            Binding::new(
                &[Chord::ctrl('o')],
                "^O",
                "edit the section in $EDITOR",
                Action::External,
            )
            .main_as("$EDITOR"),
            Binding::new(&[Chord::ctrl('p')], "^P", "pause", Action::Pause).main(),
            Binding::new(&[Chord::ctrl('s')], "^S", "submit", Action::Submit).main(),
            Binding::new(
                &[Chord::key(KeyCode::Esc)],
                "Esc",
                self.leave_label(),
                Action::Leave,
            )
            .main_as("leave"),
            Binding::new(
                &[Chord::shifted(KeyCode::Up)],
                "S-↑",
                "scroll the prompt up",
                Action::PromptUp,
            ),
            Binding::new(
                &[Chord::shifted(KeyCode::Down)],
                "S-↓",
                "scroll the prompt down",
                Action::PromptDown,
            ),
        ]);
        keys
    }

    pub fn handle_key(&mut self, key: &KeyEvent, now: Duration) -> Step {
        self.notice = None;
        if let Some(action) = action_for(&self.keymap(), key) {
            return self.act(action, now);
        }
        if self.confirming || !self.drill.accepts_edits() {
            return Step::Stay;
        }
        let input = editor_input(key);
        if self.drill.shape() == Shape::Numeric && is_newline(&input) {
            return Step::Stay;
        }
        if inserts(&input) && self.drill.room() == 0 {
            self.notice = Some(cap_notice());
            return Step::Stay;
        }
        if self.editors[self.drill.active()].input(input) {
            self.sync(now);
        }
        Step::Stay
    }

    /// A bracketed paste: inserted as text, never read as keys.
    pub fn paste(&mut self, text: &str, now: Duration) -> Step {
        if self.confirming || !self.drill.accepts_edits() {
            return Step::Stay;
        }
        let mut text = strip_control(&text.replace("\r\n", "\n").replace('\r', "\n"));
        if self.drill.shape() == Shape::Numeric {
            text = text.replace('\n', " ");
        }
        let room = self.drill.room();
        if let Some((cut, _)) = text.char_indices().nth(room) {
            text.truncate(cut);
            self.notice = Some(cap_notice());
        }
        if self.editors[self.drill.active()].insert_str(&text) {
            self.sync(now);
        }
        Step::Stay
    }

    /// Puts back the text the section came back with from `$EDITOR`.
    pub fn external_done(&mut self, text: &str, now: Duration) {
        let active = self.drill.active();
        let text = text.strip_suffix('\n').unwrap_or(text);
        let mut text = strip_control(&text.replace("\r\n", "\n"));
        let room = self.drill.room() + self.drill.active_slot().chars;
        if let Some((cut, _)) = text.char_indices().nth(room) {
            text.truncate(cut);
            self.notice = Some(cap_notice());
        }
        self.editors[active] = answer_editor(&text, self.drill.shape());
        self.sync(now);
    }

    pub fn set_notice(&mut self, notice: String) {
        self.notice = Some(notice);
    }

    /// Lets a hard stop end the drill; a finished drill hands over its attempt.
    pub fn tick(&mut self, now: Duration) -> Step {
        if self.drill.update(Event::Tick, now) {
            self.unsaved = true;
        }
        self.finished()
    }

    /// The draft to save, when something changed since the last save.
    pub fn unsaved_draft(&self, now: Duration) -> Option<Draft> {
        self.unsaved.then(|| self.drill.draft(now))
    }

    pub fn mark_saved(&mut self) {
        self.unsaved = false;
        self.saved_once = true;
    }

    /// The second the countdown shows, for redrawing only when it changes.
    pub fn clock_second(&self, now: Duration) -> u64 {
        self.drill.timer(now).elapsed.as_secs()
    }

    fn act(&mut self, action: Action, now: Duration) -> Step {
        match action {
            Action::NextSlot => self.switch(Event::NextSlot, now),
            Action::PreviousSlot => self.switch(Event::PreviousSlot, now),
            Action::Hint => {
                if self.drill.update(Event::RevealHint, now) {
                    self.unsaved = true;
                    self.prompt_scroll = usize::MAX;
                } else {
                    self.notice = Some("This card has no more hints.".into());
                }
                Step::Stay
            }
            Action::External => Step::External {
                text: self.drill.active_slot().text.clone(),
            },
            Action::Pause => {
                self.drill.update(Event::Pause, now);
                Step::SaveDraft
            }
            Action::Resume => {
                self.drill.update(Event::Resume, now);
                Step::Stay
            }
            Action::Submit => {
                self.confirming = true;
                Step::Stay
            }
            Action::Cancel => {
                self.confirming = false;
                Step::Stay
            }
            Action::Confirm => {
                self.confirming = false;
                self.drill.update(Event::Submit, now);
                self.finished()
            }
            Action::Leave => Step::LeaveDrill,
            Action::PromptUp => {
                self.prompt_scroll = self.prompt_scroll.saturating_sub(1);
                Step::Stay
            }
            Action::PromptDown => {
                self.prompt_scroll = self.prompt_scroll.saturating_add(1);
                Step::Stay
            }
        }
    }

    /// Section switches save the draft, so a crash loses at most the section in progress.
    fn switch(&mut self, event: Event, now: Duration) -> Step {
        self.drill.update(event, now);
        if self.unsaved {
            Step::SaveDraft
        } else {
            Step::Stay
        }
    }

    fn finished(&self) -> Step {
        match self.drill.attempt() {
            Some(attempt) => Step::Submitted(attempt),
            None => Step::Stay,
        }
    }

    /// Hands the active editor's text to the drill; if the drill cut it (the length cap),
    /// the editor takes the drill's text back.
    fn sync(&mut self, now: Duration) {
        let active = self.drill.active();
        let text = self.editors[active].lines().join("\n");
        let sent = text.len();
        if self.drill.update(Event::Edit(text), now) {
            self.unsaved = true;
        }
        if self.drill.active_slot().text.len() != sent {
            self.editors[active] =
                answer_editor(&self.drill.active_slot().text, self.drill.shape());
            self.notice = Some(cap_notice());
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, now: Duration) {
        let [header, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        self.draw_header(frame, header, theme, now);
        if self.drill.phase() == Phase::Paused {
            self.draw_paused(frame, body, theme, now);
            return;
        }
        let prompt_lines = self.prompt_lines(body.width.saturating_sub(2), theme);
        let most = (body.height * 3 / 10).max(5);
        let prompt_height = (prompt_lines.len() as u16 + 2).clamp(3, most);
        let [prompt, tabs, guide, editor_area, pacing] = Layout::vertical([
            Constraint::Length(prompt_height),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(2),
        ])
        .areas(body);
        self.draw_prompt(frame, prompt, prompt_lines, theme);
        self.draw_tabs(frame, tabs, theme);
        let slot = self.drill.active_slot();
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", truncate(&slot.guide, usize::from(guide.width) - 1)),
                theme.dim.italic(),
            )),
            guide,
        );
        self.draw_editor(frame, editor_area, theme);
        self.draw_pacing(frame, pacing, theme, now);
        if self.confirming {
            self.draw_confirm(frame, area, theme);
        }
    }

    fn draw_header(&self, frame: &mut Frame, area: Rect, theme: &Theme, now: Duration) {
        let timer = self.drill.timer(now);
        let (text, style) = match timer.level {
            TimerLevel::Over => (format!("+{} over", clock(timer.overtime())), theme.over),
            TimerLevel::Low => (format!("{} left", clock(timer.remaining())), theme.warn),
            TimerLevel::Calm => (format!("{} left", clock(timer.remaining())), theme.accent),
        };
        let text = if self.drill.phase() == Phase::Paused {
            format!("paused · {text}")
        } else {
            text
        };
        let timer_width = width(&text) as u16 + 1;
        let [left, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(timer_width)]).areas(area);
        let rest = format!(" · {} · {}", self.heading.deck, self.heading.framework);
        let room = usize::from(left.width).saturating_sub(1);
        let title = truncate(&self.heading.title, room);
        let rest = truncate(&rest, room.saturating_sub(width(&title)));
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!(" {title}"), theme.title),
                Span::styled(rest, theme.dim),
            ])),
            left,
        );
        frame.render_widget(Paragraph::new(Span::styled(text, style)), right);
    }

    fn prompt_lines(&self, inner_width: u16, theme: &Theme) -> Vec<Line<'static>> {
        let text_width = usize::from(inner_width.max(1));
        let mut lines: Vec<Line> = wrap(&self.prompt, text_width)
            .into_iter()
            .map(|l| Line::styled(l, theme.text))
            .collect();
        for (i, hint) in self.drill.revealed_hints().iter().enumerate() {
            let label = format!("Hint {}: ", i + 1);
            let body = reflow(&strip_control(hint));
            let wrapped = wrap(&format!("{label}{body}"), text_width);
            for line in wrapped {
                lines.push(Line::styled(line, theme.partial));
            }
        }
        lines
    }

    fn draw_prompt(&self, frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, theme: &Theme) {
        let visible = usize::from(area.height.saturating_sub(2));
        let max_scroll = lines.len().saturating_sub(visible);
        let scroll = self.prompt_scroll.min(max_scroll);
        let mut title = vec![Span::styled(" Prompt ", theme.title)];
        if max_scroll > 0 {
            title.push(Span::styled(
                format!("{}/{} S-↑↓ ", scroll + visible, lines.len()),
                theme.dim,
            ));
        }
        let hints = self.drill.revealed_hints().len();
        let block = panel(Line::from(title), theme, false).title_bottom(
            Line::styled(
                match (hints, self.drill.hints_left()) {
                    (0, 0) => String::new(),
                    (used, left) => format!(" hints {used} used · {left} left "),
                },
                theme.dim,
            )
            .right_aligned(),
        );
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
        frame.render_widget(Paragraph::new(Text::from(shown)).block(block), area);
    }

    fn draw_tabs(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let sectioned = self.drill.shape() == Shape::Sectioned;
        let titles: Vec<Line> = self
            .drill
            .slots()
            .iter()
            .enumerate()
            .map(|(i, slot)| {
                let key = if sectioned {
                    format!("{} ", i + 1)
                } else {
                    String::new()
                };
                Line::from(format!("{key}{} {}w", slot.title, slot.words))
            })
            .collect();
        frame.render_widget(
            Tabs::new(titles)
                .select(self.drill.active())
                .style(theme.dim)
                .highlight_style(theme.selected)
                .divider("│"),
            area,
        );
    }

    fn draw_editor(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let slot = self.drill.active_slot();
        let chars = self.drill.chars();
        let counter_style = if chars * 10 >= MAX_ANSWER_CHARS * 9 {
            theme.warn
        } else {
            theme.dim
        };
        let mut bottom = vec![Span::styled(
            format!(
                " {} words · {}/{} chars ",
                self.drill.words(),
                thousands(chars),
                thousands(MAX_ANSWER_CHARS)
            ),
            counter_style,
        )];
        // A notice replaces the counter until the next key, so a long one is not cut.
        if let Some(notice) = &self.notice {
            bottom = vec![Span::styled(format!(" {notice} "), theme.warn)];
        }
        let mut block = panel(format!(" {} ", slot.title), theme, true)
            .title_bottom(Line::from(bottom).right_aligned());
        if self.saved_once && !self.unsaved {
            block = block.title_bottom(Line::styled(" ✓ draft saved ", theme.dim));
        }
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let editor = &self.editors[self.drill.active()];
        frame.render_widget(editor, inner);
        if !self.confirming {
            editor_cursor(frame, editor, inner);
        }
    }

    fn draw_pacing(&self, frame: &mut Frame, area: Rect, theme: &Theme, now: Duration) {
        let timer = self.drill.timer(now);
        let summary = format!(" {} / {} ", clock(timer.elapsed), clock(timer.limit));
        let [bar_area, summary_area] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(width(&summary) as u16),
        ])
        .areas(area);
        let cells = usize::from(bar_area.width).saturating_sub(1).max(1);
        let slots = self.drill.slots();
        let mut starts = Vec::with_capacity(slots.len());
        let mut cumulative = 0.0;
        for slot in slots {
            starts.push((cumulative * cells as f64).round() as usize);
            cumulative += slot.share;
        }
        let filled = ((timer.progress().min(1.0)) * cells as f64).round() as usize;
        let over = timer.level == TimerLevel::Over;
        let mut labels: Vec<Span> = vec![Span::raw(" ")];
        let mut bar: Vec<Span> = vec![Span::raw(" ")];
        for (i, slot) in slots.iter().enumerate() {
            let start = starts[i];
            let end = starts.get(i + 1).copied().unwrap_or(cells);
            let span = end.saturating_sub(start);
            let label_style = if i == self.drill.active() {
                theme.accent.bold()
            } else {
                theme.dim
            };
            let label = truncate(&slot.title, span.saturating_sub(1));
            let pad = span.saturating_sub(width(&label));
            labels.push(Span::styled(label, label_style));
            labels.push(Span::raw(" ".repeat(pad)));
            let done = filled.clamp(start, end) - start;
            let (fill_style, empty_style) = if over {
                (theme.over, theme.over)
            } else {
                (theme.filled, theme.dim)
            };
            if span > 0 {
                let separator = if i == 0 { "▕" } else { "│" };
                let (first, rest_done) = if done > 0 {
                    (Span::styled(separator, fill_style), done - 1)
                } else {
                    (Span::styled(separator, theme.border), 0)
                };
                bar.push(first);
                bar.push(Span::styled("█".repeat(rest_done), fill_style));
                bar.push(Span::styled("░".repeat(span - 1 - rest_done), empty_style));
            }
        }
        frame.render_widget(
            Paragraph::new(vec![Line::from(labels), Line::from(bar)]),
            bar_area,
        );
        let summary_style = match timer.level {
            TimerLevel::Over => theme.over,
            TimerLevel::Low => theme.warn,
            TimerLevel::Calm => theme.dim,
        };
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(" pacing", theme.dim),
                Line::styled(summary, summary_style),
            ]),
            summary_area,
        );
    }

    fn draw_paused(&self, frame: &mut Frame, area: Rect, theme: &Theme, now: Duration) {
        let lines = vec![
            Line::styled("Paused", theme.title),
            Line::default(),
            Line::styled(
                format!(
                    "The clock is stopped at {}. The prompt and your answer are hidden.",
                    clock(self.drill.timer(now).elapsed)
                ),
                theme.text,
            ),
            Line::styled(
                if self.keeps_drafts {
                    "^P resumes · ^S submits · Esc leaves (draft kept)"
                } else {
                    "^P resumes · ^S submits · Esc leaves (nothing is kept)"
                },
                theme.dim,
            ),
        ];
        let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 4;
        let popup = centered(area, width, lines.len() as u16 + 2);
        frame.render_widget(
            Paragraph::new(Text::from(lines))
                .alignment(ratatui::layout::Alignment::Center)
                .block(panel(" ⏸ ", theme, true)),
            popup,
        );
    }

    fn draw_confirm(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let slots = self.drill.slots();
        let empty: Vec<&str> = slots
            .iter()
            .filter(|s| s.words == 0)
            .map(|s| s.title.as_str())
            .collect();
        let mut lines = vec![
            Line::styled("Submit this answer for scoring?", theme.title),
            Line::default(),
            Line::styled(
                format!(
                    "{} words{}",
                    self.drill.words(),
                    if slots.len() > 1 {
                        format!(
                            " in {} of {} sections",
                            slots.len() - empty.len(),
                            slots.len()
                        )
                    } else {
                        String::new()
                    }
                ),
                theme.text,
            ),
        ];
        if !empty.is_empty() && slots.len() > 1 {
            lines.push(Line::styled(
                format!("Empty: {}", empty.join(", ")),
                theme.warn,
            ));
        }
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled("Enter", theme.key),
            Span::styled(" submit   ", theme.text),
            Span::styled("Esc", theme.key),
            Span::styled(" keep writing", theme.text),
        ]));
        let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 6;
        let popup = centered(area, width, lines.len() as u16 + 2);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(Text::from(lines))
                .alignment(ratatui::layout::Alignment::Center)
                .block(panel(" Submit ", theme, true)),
            popup,
        );
    }
}

fn is_newline(input: &Input) -> bool {
    matches!(
        input,
        Input {
            key: Key::Enter,
            ..
        } | Input {
            key: Key::Char('m'),
            ctrl: true,
            ..
        }
    )
}

/// Keys that add text, refused once the answer is at the length cap.
fn inserts(input: &Input) -> bool {
    matches!(
        input,
        Input {
            key: Key::Char(_) | Key::Enter,
            ctrl: false,
            alt: false,
            ..
        } | Input {
            key: Key::Char('y' | 'm'),
            ctrl: true,
            ..
        }
    )
}

fn cap_notice() -> String {
    format!(
        "the answer is at its {} character cap",
        thousands(MAX_ANSWER_CHARS)
    )
}

/// `12345` as `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
