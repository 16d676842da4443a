//! The results screen: the score and suggested rating, the checklist with the evidence quoted
//! from the answer, words per section, time used, the model outline and the follow-up on a
//! key, and the four rating choices with the interval each would give.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Gauge, Paragraph, Row, Table, TableState};

use super::Step;
use super::keys::{Binding, Chord, action_for};
use super::theme::Theme;
use super::widgets::{bar, panel, reflow, text_popup, truncate, width, wrap};
use crate::duration::{clock, format as format_duration};
use crate::score::{Rating, Report, Status, describe_flag};
use crate::session::{Attempt, Finish};
use crate::text::strip_control;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Outline,
    Answer,
    Rate(Rating),
    RateSuggested,
    Followup,
    Continue,
    Back,
    PopupUp,
    PopupDown,
    ClosePopup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Popup {
    Outline,
    Answer,
}

/// A follow-up the card offers after this answer.
#[derive(Debug, Clone)]
pub struct FollowupOffer {
    pub id: String,
    pub prompt: String,
}

pub struct Results {
    attempt: Attempt,
    report: Report,
    title: String,
    outline: String,
    followup: Option<FollowupOffer>,
    /// The interval each rating would give, Again to Easy; `None` for a follow-up, which is
    /// scored but not scheduled.
    intervals: Option<[String; 4]>,
    /// The rating recorded, with what it means for the next review.
    recorded: Option<(Rating, String)>,
    /// A coach's preview: nothing is recorded, so there is nothing to rate.
    preview: bool,
    selected: TableState,
    popup: Option<Popup>,
    popup_scroll: usize,
}

impl Results {
    pub fn new(
        attempt: Attempt,
        report: Report,
        title: &str,
        outline: &str,
        followup: Option<FollowupOffer>,
        intervals: Option<[String; 4]>,
    ) -> Results {
        Results {
            attempt,
            report,
            title: strip_control(title),
            outline: reflow(&strip_control(outline.trim())),
            followup,
            intervals,
            recorded: None,
            preview: false,
            selected: TableState::default().with_selected(Some(0)),
            popup: None,
            popup_scroll: 0,
        }
    }

    /// The screen for a preview, which records nothing; build it without intervals.
    pub fn for_preview(mut self) -> Results {
        self.preview = true;
        self
    }

    pub fn attempt(&self) -> &Attempt {
        &self.attempt
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Follow-ups are practice on top of a card: they are scored, not rated.
    fn rateable(&self) -> bool {
        self.intervals.is_some()
    }

    /// Notes the recorded rating; the screen then offers the follow-up or moves on.
    pub fn recorded(&mut self, rating: Rating, next: String) {
        self.recorded = Some((rating, next));
    }

    pub fn keymap(&self) -> Vec<Binding<Action>> {
        if self.popup.is_some() {
            return vec![
                Binding::new(
                    &[Chord::char('j'), Chord::key(KeyCode::Down)],
                    "j/↓",
                    "scroll down",
                    Action::PopupDown,
                )
                .main(),
                Binding::new(
                    &[Chord::char('k'), Chord::key(KeyCode::Up)],
                    "k/↑",
                    "scroll up",
                    Action::PopupUp,
                )
                .main(),
                Binding::new(
                    &[
                        Chord::key(KeyCode::Esc),
                        Chord::char('q'),
                        Chord::char('o'),
                        Chord::char('a'),
                    ],
                    "Esc",
                    "close",
                    Action::ClosePopup,
                )
                .main(),
            ];
        }
        let mut keys = vec![
            Binding::new(
                &[Chord::char('j'), Chord::key(KeyCode::Down)],
                "j/↓",
                "next checklist item",
                Action::Down,
            ),
            Binding::new(
                &[Chord::char('k'), Chord::key(KeyCode::Up)],
                "k/↑",
                "previous checklist item",
                Action::Up,
            ),
            Binding::new(
                &[Chord::char('o')],
                "o",
                "model-answer outline",
                Action::Outline,
            )
            .main_as("outline"),
            Binding::new(&[Chord::char('a')], "a", "your answer", Action::Answer).main_as("answer"),
        ];
        let rated = self.recorded.is_some();
        if self.rateable() && !rated {
            keys.push(
                Binding::new(
                    &[
                        Chord::char('1'),
                        Chord::char('2'),
                        Chord::char('3'),
                        Chord::char('4'),
                    ],
                    "1-4",
                    "rate: again, hard, good, easy",
                    Action::RateSuggested,
                )
                .main_as("rate"),
            );
            keys.push(
                Binding::new(
                    &[Chord::key(KeyCode::Enter)],
                    "Enter",
                    "rate as suggested",
                    Action::RateSuggested,
                )
                .main_as("suggested"),
            );
            keys.push(
                Binding::new(
                    &[Chord::key(KeyCode::Esc), Chord::char('q')],
                    "q/Esc",
                    "keep the attempt unrated",
                    Action::Back,
                )
                .main_as("unrated"),
            );
        } else {
            if self.followup.is_some() {
                keys.push(
                    Binding::new(
                        &[Chord::char('f')],
                        "f",
                        "drill the follow-up now",
                        Action::Followup,
                    )
                    .main_as("follow-up"),
                );
            }
            keys.push(
                Binding::new(
                    &[
                        Chord::key(KeyCode::Enter),
                        Chord::key(KeyCode::Esc),
                        Chord::char('q'),
                    ],
                    "Enter",
                    match (self.preview, self.followup.is_some()) {
                        (true, _) => "leave the preview",
                        (false, true) => "continue (follow-up later)",
                        (false, false) => "continue",
                    },
                    Action::Continue,
                )
                .main_as(if self.preview { "leave" } else { "continue" }),
            );
        }
        keys
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Step {
        let Some(action) = action_for(&self.keymap(), key) else {
            return Step::Stay;
        };
        let action = match (action, key.code) {
            (Action::RateSuggested, KeyCode::Char(c @ '1'..='4')) => {
                Action::Rate(Rating::ALL[usize::from(c as u8 - b'1')])
            }
            (Action::RateSuggested, _) => Action::Rate(self.report.rating),
            (other, _) => other,
        };
        let items = self.report.items.len();
        match action {
            Action::Down => {
                let next = self.selected.selected().map_or(0, |i| i + 1);
                self.selected
                    .select(Some(next.min(items.saturating_sub(1))));
                Step::Stay
            }
            Action::Up => {
                let previous = self.selected.selected().map_or(0, |i| i.saturating_sub(1));
                self.selected.select(Some(previous));
                Step::Stay
            }
            Action::Outline => self.open(Popup::Outline),
            Action::Answer => self.open(Popup::Answer),
            Action::PopupDown => {
                self.popup_scroll += 1;
                Step::Stay
            }
            Action::PopupUp => {
                self.popup_scroll = self.popup_scroll.saturating_sub(1);
                Step::Stay
            }
            Action::ClosePopup => {
                self.popup = None;
                Step::Stay
            }
            Action::Rate(rating) => Step::Rate(rating),
            Action::RateSuggested => Step::Rate(self.report.rating),
            Action::Followup => match &self.followup {
                Some(offer) => Step::DrillFollowup {
                    card: self.attempt.card.clone(),
                    followup: offer.id.clone(),
                },
                None => Step::Stay,
            },
            Action::Continue => Step::Continue,
            Action::Back => Step::KeepUnrated,
        }
    }

    fn open(&mut self, popup: Popup) -> Step {
        self.popup = Some(popup);
        self.popup_scroll = 0;
        Step::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        // The evidence panel grows to show a partial item's note beside its quote.
        let detail_lines = self.detail_lines(usize::from(area.width.saturating_sub(2)), theme);
        let detail_height = (detail_lines.len() as u16 + 2).clamp(5, 7);
        let [header, gauge, body, detail, ratings] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(detail_height),
            Constraint::Length(3),
        ])
        .areas(area);
        self.draw_header(frame, header, theme);
        self.draw_gauge(frame, gauge, theme);
        let side_width = (area.width / 3).clamp(28, 48);
        let [checklist, side] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(side_width)]).areas(body);
        self.draw_checklist(frame, checklist, theme);
        self.draw_side(frame, side, theme);
        frame.render_widget(
            Paragraph::new(Text::from(detail_lines)).block(panel(" Evidence ", theme, false)),
            detail,
        );
        self.draw_ratings(frame, ratings, theme);
        match self.popup {
            Some(Popup::Outline) => text_popup(
                frame,
                " Model-answer outline ",
                if self.outline.is_empty() {
                    "This card has no outline."
                } else {
                    &self.outline
                },
                self.popup_scroll,
                theme,
            ),
            Some(Popup::Answer) => text_popup(
                frame,
                " Your answer ",
                &self.attempt.answer,
                self.popup_scroll,
                theme,
            ),
            None => {}
        }
    }

    fn draw_header(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let kind = match (self.preview, self.attempt.followup.is_some()) {
            (false, false) => "Results",
            (false, true) => "Follow-up results",
            (true, false) => "Preview results",
            (true, true) => "Preview follow-up results",
        };
        let text = format!(" {kind} · {}", self.title);
        frame.render_widget(
            Paragraph::new(Line::styled(
                truncate(&text, usize::from(area.width)),
                theme.title,
            )),
            area,
        );
    }

    fn draw_gauge(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let score = self.report.score;
        let style = match self.report.rating {
            Rating::Again => theme.bad,
            Rating::Hard => theme.partial,
            Rating::Good | Rating::Easy => theme.good,
        };
        let hints = match self.report.hints_used {
            0 => String::new(),
            1 => " (a step lower for the hint)".into(),
            n => format!(" ({n} steps lower for the hints)"),
        };
        let label = format!(
            "{score}/100 · suggested: {}{hints}",
            capitalized(self.report.rating)
        );
        frame.render_widget(
            Gauge::default()
                .block(panel(" Score ", theme, false))
                .gauge_style(style)
                .percent(u16::from(score))
                .label(Span::styled(label, theme.title)),
            area,
        );
    }

    fn draw_checklist(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let desc_width = usize::from(area.width.saturating_sub(10));
        let rows: Vec<Row> = self
            .report
            .items
            .iter()
            .map(|item| {
                let style = status_style(item.status, theme);
                Row::new(vec![
                    Line::styled(item.status.mark(), style),
                    Line::styled(format!("{}", item.weight), theme.dim),
                    Line::styled(truncate(&strip_control(&item.desc), desc_width), theme.text),
                ])
            })
            .collect();
        let hits = self
            .report
            .items
            .iter()
            .filter(|i| i.status == Status::Hit)
            .count();
        let title = format!(" Checklist {hits}/{} ", self.report.items.len());
        let table = Table::new(
            rows,
            [
                Constraint::Length(1),
                Constraint::Length(2),
                Constraint::Fill(1),
            ],
        )
        .block(panel(title, theme, true))
        .row_highlight_style(theme.selected);
        let mut state = self.selected;
        frame.render_stateful_widget(table, area, &mut state);
    }

    fn draw_side(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let inner_width = usize::from(area.width.saturating_sub(2));
        let mut lines = Vec::new();
        // The words under each section heading as the scorer read them, not as they were
        // typed per tab: a whole answer pasted into one tab is split by its own headings.
        let sections: Vec<(String, usize)> = self
            .report
            .sections
            .iter()
            .map(|section| (section.title.clone(), section.words))
            .collect();
        if sections.len() > 1 {
            let most = sections.iter().map(|(_, w)| *w).max().unwrap_or(0).max(1);
            let label_width = sections
                .iter()
                .map(|(t, _)| width(t))
                .max()
                .unwrap_or(0)
                .min(12);
            let cells = inner_width.saturating_sub(label_width + 7).max(1);
            for (title, words) in &sections {
                let (full, empty) = bar(*words as f64 / most as f64, cells);
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{:<label_width$} ", truncate(title, label_width)),
                        theme.text,
                    ),
                    Span::styled(full, theme.filled),
                    Span::styled(empty, theme.dim),
                    Span::styled(format!(" {words:>4}"), theme.dim),
                ]));
            }
        } else {
            lines.push(Line::styled(
                format!("{} words", self.report.words),
                theme.text,
            ));
        }
        lines.push(Line::default());
        let over = self.attempt.overtime();
        let time_style = if over.is_zero() {
            theme.text
        } else {
            theme.over
        };
        let mut time = format!(
            "Time {} of {}",
            clock(self.attempt.elapsed),
            clock(self.attempt.limit)
        );
        if !over.is_zero() {
            time.push_str(&format!(" (+{})", format_duration(over)));
        }
        if self.attempt.finish == Finish::TimeUp {
            time.push_str(" · time up");
        }
        lines.push(Line::styled(time, time_style));
        if self.attempt.hints_used > 0 {
            lines.push(Line::styled(
                format!("Hints used: {}", self.attempt.hints_used),
                theme.partial,
            ));
        }
        if let Some(numeric) = &self.report.numeric {
            // Wrapped: how the number was read ("read from “0.506” as a fraction of 1")
            // can outrun the panel.
            let comparison = format!(
                "You: {} · expected {} {} (±{:.0}%)",
                numeric.describe_given(),
                numeric.expected,
                numeric.unit,
                numeric.tolerance * 100.0
            );
            for line in wrap(&comparison, inner_width) {
                lines.push(Line::styled(line, theme.text));
            }
        }
        for flag in &self.report.flags {
            for line in wrap(&describe_flag(flag), inner_width) {
                lines.push(Line::styled(line, theme.warn));
            }
        }
        if let Some(offer) = &self.followup {
            lines.push(Line::default());
            lines.push(Line::styled("Follow-up", theme.title));
            for line in wrap(&reflow(&strip_control(&offer.prompt)), inner_width) {
                lines.push(Line::styled(line, theme.text));
            }
        }
        frame.render_widget(
            Paragraph::new(Text::from(lines)).block(panel(" Answer ", theme, false)),
            area,
        );
    }

    /// The selected item's mark, description, evidence (its line first, so a cut quote
    /// keeps it) and note, at most two lines each.
    fn detail_lines(&self, inner_width: usize, theme: &Theme) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(item) = self
            .selected
            .selected()
            .and_then(|i| self.report.items.get(i))
        {
            let mark_style = status_style(item.status, theme);
            let head = format!(
                "{} {} · weight {}",
                item.status.mark(),
                strip_control(&item.desc),
                item.weight
            );
            lines.push(Line::styled(truncate(&head, inner_width), mark_style));
            match (&item.evidence, item.line) {
                (Some(evidence), Some(line)) => {
                    let quote = format!("line {line}: “{}”", strip_control(evidence));
                    for l in wrap(&quote, inner_width).into_iter().take(2) {
                        lines.push(Line::styled(l, theme.text.italic()));
                    }
                }
                _ => lines.push(Line::styled("No evidence in the answer.", theme.dim)),
            }
            if let Some(note) = &item.note {
                let note = format!("note: {}", strip_control(note));
                for l in wrap(&note, inner_width).into_iter().take(2) {
                    lines.push(Line::styled(l, theme.dim));
                }
            }
        }
        lines
    }

    fn draw_ratings(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if self.preview {
            let line = if self.followup.is_some() {
                Line::from(vec![
                    Span::styled(" Preview: nothing recorded.", theme.accent),
                    Span::styled(" f tries the follow-up · Enter leaves", theme.text),
                ])
            } else {
                Line::styled(
                    " Preview: nothing recorded, no attempt, no rating, no schedule change.",
                    theme.accent,
                )
            };
            frame.render_widget(
                Paragraph::new(line).block(panel(" Preview ", theme, true)),
                area,
            );
            return;
        }
        let line = if let Some((rating, next)) = &self.recorded {
            let mut spans = vec![
                Span::styled(" ✓ Recorded ", theme.good),
                Span::styled(capitalized(*rating), theme.title),
                Span::styled(format!(" · {next}"), theme.text),
            ];
            if self.followup.is_some() {
                spans.push(Span::styled(" · f drills the follow-up now", theme.accent));
            }
            Line::from(spans)
        } else if let (true, Some(intervals)) = (self.rateable(), &self.intervals) {
            let mut spans = Vec::new();
            for (i, rating) in Rating::ALL.into_iter().enumerate() {
                let suggested = rating == self.report.rating;
                let style = if suggested {
                    theme.selected
                } else {
                    theme.text
                };
                spans.push(Span::styled(format!(" {} ", i + 1), theme.key));
                spans.push(Span::styled(
                    format!(
                        "{} {}{} ",
                        capitalized(rating),
                        intervals[i],
                        if suggested { " ★" } else { "" }
                    ),
                    style,
                ));
                spans.push(Span::raw("  "));
            }
            Line::from(spans)
        } else {
            Line::styled(
                " Follow-ups are practice: scored, not scheduled. Enter continues.",
                theme.dim,
            )
        };
        frame.render_widget(
            Paragraph::new(line).block(panel(" Rate your recall ", theme, true)),
            area,
        );
    }
}

fn status_style(status: Status, theme: &Theme) -> ratatui::style::Style {
    match status {
        Status::Hit => theme.good,
        Status::Partial => theme.partial,
        Status::Miss => theme.bad,
    }
}

pub fn capitalized(rating: Rating) -> String {
    let name = rating.name();
    let mut chars = name.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
