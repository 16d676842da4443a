//! Stats: reviews per day, retention, the due forecast, score trends per deck, the weakest
//! concepts, and the attempt history with each past answer viewable.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Sparkline, Table, TableState};

use super::Step;
use super::home::{day_chart, forecast_label};
use super::keys::{Binding, Chord, action_for};
use super::theme::Theme;
use super::widgets::{panel, text_popup, truncate, weakest_panel, width};
use crate::store::ConceptStat;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    View,
    Back,
    PopupDown,
    PopupUp,
    Close,
}

/// One past attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// When, as the user reads it: `2025-03-01 14:05`.
    pub when: String,
    pub card: String,
    pub score: u8,
    /// The rating given, or "cram" for an attempt that did not move the schedule.
    pub outcome: String,
    pub answer: String,
}

/// Everything Stats shows, read from the store.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatsData {
    pub reviews: u32,
    pub attempts: u32,
    pub cards_seen: u32,
    pub streak_days: u32,
    /// Reviews on each of the last 30 days, oldest first.
    pub reviews_per_day: Vec<u32>,
    /// Share recalled and the reviews it is based on.
    pub retention: Option<(f64, u32)>,
    pub forecast: Vec<u32>,
    /// Each deck's recent scores, oldest first.
    pub deck_trends: Vec<(String, Vec<u8>)>,
    pub weakest: Vec<ConceptStat>,
    /// Newest first.
    pub history: Vec<HistoryRow>,
}

pub struct Stats {
    data: StatsData,
    selected: TableState,
    viewing: Option<usize>,
    scroll: usize,
}

impl Stats {
    pub fn new(data: StatsData) -> Stats {
        let selected = TableState::default().with_selected((!data.history.is_empty()).then_some(0));
        Stats {
            data,
            selected,
            viewing: None,
            scroll: 0,
        }
    }

    pub fn keymap(&self) -> Vec<Binding<Action>> {
        if self.viewing.is_some() {
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
                        Chord::key(KeyCode::Enter),
                    ],
                    "Esc",
                    "close",
                    Action::Close,
                )
                .main(),
            ];
        }
        vec![
            Binding::new(
                &[Chord::char('j'), Chord::key(KeyCode::Down)],
                "j/k ↑/↓",
                "move in the history",
                Action::Down,
            )
            .main_as("move"),
            Binding::new(
                &[Chord::char('k'), Chord::key(KeyCode::Up)],
                "k/↑",
                "move up",
                Action::Up,
            ),
            Binding::new(
                &[Chord::key(KeyCode::Enter)],
                "Enter",
                "view the answer",
                Action::View,
            )
            .main_as("view answer"),
            Binding::new(
                &[Chord::char('q'), Chord::key(KeyCode::Esc)],
                "q/Esc",
                "back",
                Action::Back,
            )
            .main(),
        ]
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Step {
        let rows = self.data.history.len();
        match action_for(&self.keymap(), key) {
            Some(Action::Down) if rows > 0 => {
                let next = self
                    .selected
                    .selected()
                    .map_or(0, |i| (i + 1).min(rows - 1));
                self.selected.select(Some(next));
            }
            Some(Action::Up) if rows > 0 => {
                let previous = self.selected.selected().map_or(0, |i| i.saturating_sub(1));
                self.selected.select(Some(previous));
            }
            Some(Action::View) => {
                self.viewing = self.selected.selected();
                self.scroll = 0;
            }
            Some(Action::PopupDown) => self.scroll += 1,
            Some(Action::PopupUp) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::Close) => self.viewing = None,
            Some(Action::Back) => return Step::Back,
            _ => {}
        }
        Step::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let data = &self.data;
        let [summary, charts, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(8),
            Constraint::Fill(1),
        ])
        .areas(area);
        let retention = match data.retention {
            Some((share, reviews)) => format!("{:.0}% recalled of {reviews}", share * 100.0),
            None => "n/a".into(),
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(" Stats ", theme.title),
                Span::styled(
                    format!(
                        "· reviews {} · attempts {} · cards seen {} · recall (30 d) {retention} · streak {} d",
                        data.reviews, data.attempts, data.cards_seen, data.streak_days
                    ),
                    theme.dim,
                ),
            ])),
            summary,
        );
        let [per_day, forecast] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(charts);
        let days = data.reviews_per_day.len();
        day_chart(
            frame,
            per_day,
            &data.reviews_per_day,
            " Reviews per day, last 30 days ",
            |d| match days - 1 - d {
                0 => Some("today".into()),
                ago if ago % 7 == 0 => Some(format!("-{ago}d")),
                _ => None,
            },
            theme,
        );
        day_chart(
            frame,
            forecast,
            &data.forecast,
            " Due forecast ",
            forecast_label,
            theme,
        );
        let [history, side] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(rest);
        self.draw_history(frame, history, theme);
        let trend_height = (data.deck_trends.len() as u16 + 2)
            .min(side.height / 2)
            .max(3);
        let [trends, weakest] =
            Layout::vertical([Constraint::Length(trend_height), Constraint::Fill(1)]).areas(side);
        self.draw_trends(frame, trends, theme);
        weakest_panel(frame, weakest, &self.data.weakest, theme);
        if let Some(row) = self.viewing.and_then(|i| data.history.get(i)) {
            text_popup(
                frame,
                &format!(" {} · {} · {}/100 ", row.card, row.when, row.score),
                &row.answer,
                self.scroll,
                theme,
            );
        }
    }

    fn draw_history(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = panel(" Attempts ", theme, true);
        if self.data.history.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled("No attempts yet.", theme.dim)).block(block),
                area,
            );
            return;
        }
        let card_width = usize::from(area.width.saturating_sub(30)).max(8);
        let rows: Vec<Row> = self
            .data
            .history
            .iter()
            .map(|row| {
                Row::new(vec![
                    Line::styled(row.when.clone(), theme.dim),
                    Line::styled(truncate(&row.card, card_width), theme.text),
                    Line::styled(format!("{:>3}", row.score), theme.title),
                    Line::styled(row.outcome.clone(), theme.dim),
                ])
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Fill(1),
                Constraint::Length(3),
                Constraint::Length(5),
            ],
        )
        .block(block)
        .row_highlight_style(theme.selected);
        let mut state = self.selected;
        frame.render_stateful_widget(table, area, &mut state);
    }

    fn draw_trends(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = panel(" Score trend by deck ", theme, false);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.data.deck_trends.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled("No attempts yet.", theme.dim)),
                inner,
            );
            return;
        }
        let label_width = self
            .data
            .deck_trends
            .iter()
            .map(|(t, _)| width(t))
            .max()
            .unwrap_or(0)
            .min(usize::from(inner.width) / 2) as u16;
        for (i, (title, scores)) in self.data.deck_trends.iter().enumerate() {
            let Some(y) = inner
                .y
                .checked_add(i as u16)
                .filter(|&y| y < inner.bottom())
            else {
                break;
            };
            let row = Rect::new(inner.x, y, inner.width, 1);
            let [label, spark, last] = Layout::horizontal([
                Constraint::Length(label_width + 1),
                Constraint::Fill(1),
                Constraint::Length(4),
            ])
            .areas(row);
            frame.render_widget(
                Span::styled(truncate(title, usize::from(label_width)), theme.text),
                label,
            );
            let shown: Vec<u64> = scores
                .iter()
                .rev()
                .take(usize::from(spark.width))
                .rev()
                .map(|&s| u64::from(s))
                .collect();
            frame.render_widget(
                Sparkline::default()
                    .data(&shown)
                    .max(100)
                    .style(theme.filled),
                spark,
            );
            frame.render_widget(
                Span::styled(
                    format!("{:>4}", scores.last().copied().unwrap_or(0)),
                    theme.dim,
                ),
                last,
            );
        }
    }
}
