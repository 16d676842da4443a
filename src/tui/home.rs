//! Home: what is due today, the streak and today's count, mastery per deck, the 30-day due
//! forecast, the recent score trend, the weakest concepts and the draft to resume.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Sparkline};

use super::Step;
use super::keys::{Binding, Chord, action_for};
use super::theme::Theme;
use super::widgets::{bar, panel, truncate, weakest_panel, width};
use crate::duration::clock;
use crate::schedule::MATURE_STABILITY_DAYS;
use crate::store::ConceptStat;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Start,
    Resume,
    Browse,
    Search,
    Stats,
    Mock,
    Undo,
    Quit,
}

/// A deck's line: title and the share of its cards mastered (seen cards' recall beside).
#[derive(Debug, Clone, PartialEq)]
pub struct DeckLine {
    pub title: String,
    pub cards: u32,
    pub mastered: u32,
    pub seen: u32,
}

/// An unfinished answer that can be resumed.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftLine {
    pub title: String,
    pub words: usize,
    pub elapsed: std::time::Duration,
}

/// Everything Home shows, read from the store.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HomeData {
    pub due_new: usize,
    pub due_review: usize,
    pub streak_days: u32,
    pub done_today: u32,
    pub decks: Vec<DeckLine>,
    /// Cards due on each of the next 30 days, today first.
    pub forecast: Vec<u32>,
    /// Recent scores, oldest first.
    pub trend: Vec<u8>,
    /// The weakest concepts, weakest first.
    pub weakest: Vec<ConceptStat>,
    pub draft: Option<DraftLine>,
}

pub struct Home {
    data: HomeData,
}

impl Home {
    pub fn new(data: HomeData) -> Home {
        Home { data }
    }

    pub fn keymap(&self) -> Vec<Binding<Action>> {
        // `r` stays bound without a draft (the trainer then says there is none), so the
        // help always lists it; the footer offers it only when there is one.
        let resume = Binding::new(&[Chord::char('r')], "r", "resume the draft", Action::Resume);
        let mut keys = vec![
            Binding::new(
                &[Chord::key(KeyCode::Enter)],
                "Enter",
                "start the due queue",
                Action::Start,
            )
            .main_as("start"),
            if self.data.draft.is_some() {
                resume.main_as("resume")
            } else {
                resume
            },
        ];
        keys.extend([
            Binding::new(&[Chord::char('b')], "b", "browse the decks", Action::Browse)
                .main_as("browse"),
            Binding::new(
                &[Chord::char('/')],
                "/",
                "search every card",
                Action::Search,
            )
            .main_as("search"),
            Binding::new(&[Chord::char('s')], "s", "stats", Action::Stats).main(),
            Binding::new(
                &[Chord::char('m')],
                "m",
                "mock interview on one clock",
                Action::Mock,
            )
            .main_as("mock"),
            Binding::new(
                &[Chord::char('u')],
                "u",
                "undo the last rating",
                Action::Undo,
            ),
            Binding::new(
                &[Chord::char('q'), Chord::key(KeyCode::Esc)],
                "q/Esc",
                "quit",
                Action::Quit,
            )
            .main(),
        ]);
        keys
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Step {
        match action_for(&self.keymap(), key) {
            Some(Action::Start) => Step::StartQueue,
            Some(Action::Resume) => Step::ResumeDraft,
            Some(Action::Browse) => Step::Browse { search: false },
            Some(Action::Search) => Step::Browse { search: true },
            Some(Action::Stats) => Step::Stats,
            Some(Action::Mock) => Step::OpenMocks,
            Some(Action::Undo) => Step::Undo,
            Some(Action::Quit) => Step::Back,
            None => Step::Stay,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let data = &self.data;
        let [top, middle, bottom] = Layout::vertical([
            Constraint::Length(if data.draft.is_some() { 6 } else { 5 }),
            Constraint::Fill(1),
            Constraint::Length(7),
        ])
        .areas(area);
        self.draw_today(frame, top, theme);
        let [decks, weakest] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(middle);
        self.draw_decks(frame, decks, theme);
        weakest_panel(frame, weakest, &self.data.weakest, theme);
        let [forecast, trend] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(bottom);
        self.draw_forecast(frame, forecast, theme);
        self.draw_trend(frame, trend, theme);
    }

    fn draw_today(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let data = &self.data;
        let due = data.due_new + data.due_review;
        let mut lines = vec![
            Line::from(vec![
                Span::styled(format!("{due}"), theme.accent.bold()),
                Span::styled(" due today  ", theme.text),
                Span::styled(
                    format!("{} new · {} review", data.due_new, data.due_review),
                    theme.dim,
                ),
            ]),
            Line::from(vec![
                Span::styled(format!("{}", data.streak_days), theme.title),
                Span::styled("-day streak  ", theme.text),
                Span::styled(format!("{}", data.done_today), theme.title),
                Span::styled(" done today", theme.text),
            ]),
            Line::styled(
                if due > 0 {
                    "Enter starts the due queue."
                } else {
                    "Nothing is due: b browses the decks to drill any card."
                },
                theme.dim,
            ),
        ];
        if let Some(draft) = &data.draft {
            lines.push(Line::from(vec![
                Span::styled("Draft: ", theme.warn),
                Span::styled(
                    truncate(&draft.title, usize::from(area.width).saturating_sub(40)),
                    theme.text,
                ),
                Span::styled(
                    format!(
                        " · {} words · {} in · r resumes",
                        draft.words,
                        clock(draft.elapsed)
                    ),
                    theme.dim,
                ),
            ]));
        }
        frame.render_widget(
            Paragraph::new(Text::from(lines)).block(panel(" Today ", theme, true)),
            area,
        );
    }

    fn draw_decks(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let inner = usize::from(area.width.saturating_sub(2));
        let title_width = self
            .data
            .decks
            .iter()
            .map(|d| width(&d.title))
            .max()
            .unwrap_or(0)
            .min(inner / 2);
        let cells = inner.saturating_sub(title_width + 8).max(4);
        let lines: Vec<Line> = self
            .data
            .decks
            .iter()
            .map(|deck| {
                let share = if deck.cards == 0 {
                    0.0
                } else {
                    f64::from(deck.mastered) / f64::from(deck.cards)
                };
                let (full, empty) = bar(share, cells);
                let title = truncate(&deck.title, title_width);
                let pad = title_width.saturating_sub(width(&title));
                Line::from(vec![
                    Span::styled(format!("{title}{} ", " ".repeat(pad)), theme.text),
                    Span::styled(full, theme.filled),
                    Span::styled(empty, theme.dim),
                    Span::styled(format!(" {:>3.0}%", share * 100.0), theme.dim),
                ])
            })
            .collect();
        frame.render_widget(
            Paragraph::new(Text::from(lines)).block(panel(mastered_title(), theme, false)),
            area,
        );
    }

    fn draw_forecast(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        day_chart(
            frame,
            area,
            &self.data.forecast,
            " Due in the next 30 days ",
            forecast_label,
            theme,
        );
    }

    fn draw_trend(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = panel(" Recent scores ", theme, false);
        if self.data.trend.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled("No attempts yet.", theme.dim)).block(block),
                area,
            );
            return;
        }
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let last = self.data.trend.last().copied().unwrap_or(0);
        let mean = self.data.trend.iter().map(|&s| u32::from(s)).sum::<u32>() as f64
            / self.data.trend.len() as f64;
        let [label, spark] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("last {last}"), theme.title),
                Span::styled(
                    format!(
                        " · mean {mean:.0} over {}",
                        crate::text::counted(self.data.trend.len(), "attempt", "attempts")
                    ),
                    theme.dim,
                ),
            ])),
            label,
        );
        let shown = usize::from(spark.width);
        let data: Vec<u64> = self
            .data
            .trend
            .iter()
            .rev()
            .take(shown)
            .rev()
            .map(|&s| u64::from(s))
            .collect();
        frame.render_widget(
            Sparkline::default()
                .data(&data)
                .max(100)
                .style(theme.filled),
            spark,
        );
    }
}

/// A bar per day, with the axis marks `label` gives for some days.
pub fn day_chart(
    frame: &mut Frame,
    area: Rect,
    days: &[u32],
    title: &str,
    label: impl Fn(usize) -> Option<String>,
    theme: &Theme,
) {
    let block = panel(title.to_string(), theme, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if days.is_empty() || inner.height < 2 {
        return;
    }
    let [chart, axis] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let slot = (chart.width / days.len() as u16).max(1);
    let (bar_width, gap) = if slot >= 2 { (slot - 1, 1) } else { (1, 0) };
    let bars: Vec<Bar> = days
        .iter()
        .map(|&count| {
            Bar::default()
                .value(u64::from(count))
                .text_value(if count > 0 && bar_width > 1 {
                    count.to_string()
                } else {
                    String::new()
                })
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(gap)
            .bar_style(theme.filled)
            .value_style(theme.selected),
        chart,
    );
    let mut marks = String::new();
    for (day, label) in (0..days.len()).filter_map(|d| label(d).map(|l| (d, l))) {
        let at = day * usize::from(slot);
        if at >= marks.chars().count() && at + label.len() <= usize::from(axis.width) {
            marks.push_str(&" ".repeat(at - marks.chars().count()));
            marks.push_str(&label);
        }
    }
    frame.render_widget(Paragraph::new(Line::styled(marks, theme.dim)), axis);
}

/// Marks today and every week ahead on a forecast.
pub fn forecast_label(day: usize) -> Option<String> {
    match day {
        0 => Some("today".into()),
        d if d % 7 == 0 => Some(format!("+{d}d")),
        _ => None,
    }
}

/// What the deck bars measure, said in their title: a card counts once FSRS expects it
/// remembered for [`MATURE_STABILITY_DAYS`] (Anki's "mature"), so a card just rated Good,
/// remembered for days, does not count yet.
fn mastered_title() -> String {
    format!(" Mastered: memory ≥ {MATURE_STABILITY_DAYS} days ")
}
