//! Browse and search: the decks with their cards, due counts and mastery, a preview of the
//! selected card, and `/` fuzzy search across every card with the matches highlighted.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Paragraph, Row, Table, TableState};
use ratatui_textarea::TextArea;

use super::Step;
use super::keys::{Binding, Chord, action_for};
use super::progress::{CardProgress, DeckProgress, due_label};
use super::search::{Field, Hit, Index, snippet};
use super::theme::Theme;
use super::widgets::{bar, centered, highlighted, panel, reflow, truncate, width, wrap};
use crate::deck::{Bank, CardId, CardKind, MAX_DIFFICULTY};
use crate::duration::format as format_duration;
use crate::text::strip_control;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    Focus,
    Open,
    Followup,
    Search,
    Back,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchAction {
    Down,
    Up,
    Drill,
    ClearQuery,
    Close,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Decks,
    Cards,
}

struct DeckRow {
    title: String,
    due: usize,
    mastery: f64,
    cards: Vec<CardRow>,
}

struct CardRow {
    id: CardId,
    title: String,
    prompt: String,
    framework: String,
    limit: Duration,
    difficulty: u8,
    tags: String,
    /// Each follow-up's id and prompt, in the order they are asked.
    followups: Vec<(String, String)>,
    progress: CardProgress,
}

struct Search {
    query: TextArea<'static>,
    hits: Vec<Hit>,
    selected: usize,
}

pub struct Browse {
    decks: Vec<DeckRow>,
    deck_ids: Vec<String>,
    deck: TableState,
    card: TableState,
    focus: Focus,
    index: Index,
    search: Option<Search>,
    /// Opened for a search from Home: closing the search goes back there.
    search_only: bool,
    now: DateTime<FixedOffset>,
}

impl Browse {
    pub fn new(
        bank: &Bank,
        cards: &HashMap<CardId, CardProgress>,
        decks: &HashMap<String, DeckProgress>,
        now: DateTime<FixedOffset>,
    ) -> Browse {
        let rows = bank
            .decks
            .iter()
            .map(|deck| {
                let progress = decks.get(&deck.id.0).cloned().unwrap_or_default();
                DeckRow {
                    title: strip_control(&deck.title),
                    due: progress.due,
                    mastery: progress.mastery,
                    cards: deck
                        .cards
                        .iter()
                        .map(|card| CardRow {
                            id: card.id.clone(),
                            title: strip_control(&card.title),
                            prompt: reflow(&strip_control(card.prompt.trim())),
                            framework: match (&card.kind, bank.framework_for(card)) {
                                (CardKind::Sectioned { .. }, Some(f)) => strip_control(&f.title),
                                (kind, _) => kind.label().to_string(),
                            },
                            limit: card.time_limit,
                            difficulty: card.difficulty,
                            tags: strip_control(&card.tags.join(", ")),
                            followups: card
                                .followups
                                .iter()
                                .map(|f| (f.id.clone(), reflow(&strip_control(f.prompt.trim()))))
                                .collect(),
                            progress: cards.get(&card.id).cloned().unwrap_or_default(),
                        })
                        .collect(),
                }
            })
            .collect();
        Browse {
            deck_ids: bank.decks.iter().map(|d| d.id.0.clone()).collect(),
            decks: rows,
            deck: TableState::default().with_selected(Some(0)),
            card: TableState::default().with_selected(Some(0)),
            focus: Focus::Decks,
            index: Index::new(bank),
            search: None,
            search_only: false,
            now,
        }
    }

    /// Takes new progress figures (after a drill), keeping the selection.
    pub fn set_progress(
        &mut self,
        cards: &HashMap<CardId, CardProgress>,
        decks: &HashMap<String, DeckProgress>,
        now: DateTime<FixedOffset>,
    ) {
        self.now = now;
        for (row, id) in self.decks.iter_mut().zip(&self.deck_ids) {
            let progress = decks.get(id).cloned().unwrap_or_default();
            row.due = progress.due;
            row.mastery = progress.mastery;
            for card in &mut row.cards {
                card.progress = cards.get(&card.id).cloned().unwrap_or_default();
            }
        }
    }

    /// Opens Browse on its search, from Home: closing the search returns there.
    pub fn search_from_home(&mut self) {
        self.search_only = true;
        self.open_search();
    }

    fn open_search(&mut self) {
        self.search = Some(Search {
            hits: self.index.search(""),
            query: query_box(),
            selected: 0,
        });
    }

    pub fn searching(&self) -> bool {
        self.search.is_some()
    }

    fn current_deck(&self) -> Option<&DeckRow> {
        self.deck.selected().and_then(|i| self.decks.get(i))
    }

    fn current_card(&self) -> Option<&CardRow> {
        let deck = self.current_deck()?;
        self.card.selected().and_then(|i| deck.cards.get(i))
    }

    pub fn keymap(&self) -> Vec<Binding<Action>> {
        let mut keys = vec![
            Binding::new(
                &[Chord::char('j'), Chord::key(KeyCode::Down)],
                "j/k ↑/↓",
                "move",
                Action::Down,
            )
            .main(),
            Binding::new(
                &[Chord::char('k'), Chord::key(KeyCode::Up)],
                "k/↑",
                "move up",
                Action::Up,
            ),
            Binding::new(
                &[
                    Chord::key(KeyCode::Tab),
                    Chord::key(KeyCode::BackTab),
                    Chord::char('h'),
                    Chord::char('l'),
                    Chord::key(KeyCode::Left),
                    Chord::key(KeyCode::Right),
                ],
                "Tab h/l",
                "decks ↔ cards",
                Action::Focus,
            )
            .main_as("panes"),
            Binding::new(
                &[Chord::key(KeyCode::Enter)],
                "Enter",
                if self.focus == Focus::Cards {
                    "drill this card"
                } else {
                    "open the deck"
                },
                Action::Open,
            )
            .main_as(if self.focus == Focus::Cards {
                "drill"
            } else {
                "open"
            }),
        ];
        if self.focus == Focus::Cards
            && self.current_card().is_some_and(|c| !c.followups.is_empty())
        {
            keys.push(
                Binding::new(
                    &[Chord::char('f')],
                    "f",
                    "drill the card's follow-up",
                    Action::Followup,
                )
                .main_as("follow-up"),
            );
        }
        keys.push(Binding::new(&[Chord::char('/')], "/", "search", Action::Search).main());
        keys.push(
            Binding::new(
                &[Chord::char('q'), Chord::key(KeyCode::Esc)],
                "q/Esc",
                "back",
                Action::Back,
            )
            .main(),
        );
        keys
    }

    pub fn search_keymap() -> Vec<Binding<SearchAction>> {
        vec![
            Binding::new(
                &[Chord::key(KeyCode::Down)],
                "↓",
                "next result",
                SearchAction::Down,
            )
            .main_as("next"),
            Binding::new(
                &[Chord::key(KeyCode::Up)],
                "↑",
                "previous result",
                SearchAction::Up,
            )
            .main_as("previous"),
            Binding::new(
                &[Chord::key(KeyCode::Enter)],
                "Enter",
                "drill the card",
                SearchAction::Drill,
            )
            .main_as("drill"),
            Binding::new(
                &[Chord::ctrl('u')],
                "^U",
                "clear the search",
                SearchAction::ClearQuery,
            ),
            Binding::new(
                &[Chord::key(KeyCode::Esc)],
                "Esc",
                "close search",
                SearchAction::Close,
            )
            .main_as("close"),
        ]
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Step {
        if self.search.is_some() {
            return self.search_key(key);
        }
        let Some(action) = action_for(&self.keymap(), key) else {
            return Step::Stay;
        };
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::Focus => {
                self.focus = match self.focus {
                    Focus::Decks => Focus::Cards,
                    Focus::Cards => Focus::Decks,
                };
            }
            Action::Open => match self.focus {
                Focus::Decks => {
                    self.focus = Focus::Cards;
                    self.card.select(Some(0));
                }
                Focus::Cards => {
                    if let Some(card) = self.current_card() {
                        return Step::Drill {
                            card: card.id.clone(),
                        };
                    }
                }
            },
            Action::Followup => {
                if let Some(card) = self.current_card()
                    && let Some((id, _)) = card.followups.first()
                {
                    return Step::DrillFollowup {
                        card: card.id.clone(),
                        followup: id.clone(),
                    };
                }
            }
            Action::Search => self.open_search(),
            Action::Back => return Step::Back,
        }
        Step::Stay
    }

    /// A paste into the search box, on one line.
    pub fn paste(&mut self, text: &str) {
        if let Some(search) = &mut self.search {
            let clean = strip_control(&text.replace(['\n', '\r'], " "));
            search.query.insert_str(clean);
            search.hits = self.index.search(&search.query.lines()[0]);
            search.selected = 0;
        }
    }

    fn search_key(&mut self, key: &KeyEvent) -> Step {
        let Some(search) = &mut self.search else {
            return Step::Stay;
        };
        match action_for(&Self::search_keymap(), key) {
            Some(SearchAction::Down) => {
                search.selected = (search.selected + 1).min(search.hits.len().saturating_sub(1));
            }
            Some(SearchAction::Up) => search.selected = search.selected.saturating_sub(1),
            Some(SearchAction::Close) => {
                self.search = None;
                if self.search_only {
                    return Step::Back;
                }
            }
            Some(SearchAction::Drill) => {
                let picked = search.hits.get(search.selected).map(|h| h.card.clone());
                if let Some(card) = picked {
                    // Browse comes back with the card selected once the drill is over, as
                    // Browse: its own search then closes back into it.
                    self.search = None;
                    self.search_only = false;
                    self.select_card(&card);
                    return Step::Drill { card };
                }
            }
            Some(SearchAction::ClearQuery) => {
                search.query = query_box();
                search.hits = self.index.search("");
                search.selected = 0;
            }
            None => {
                let input = ratatui_textarea::Input::from(*key);
                let newline = matches!(input.key, ratatui_textarea::Key::Enter)
                    || (input.ctrl && input.key == ratatui_textarea::Key::Char('m'));
                if !newline && search.query.input(input) {
                    search.hits = self.index.search(&search.query.lines()[0]);
                    search.selected = 0;
                }
            }
        }
        Step::Stay
    }

    /// Moves the selection to `card`, in its deck, with the cards list focused.
    pub fn select_card(&mut self, card: &CardId) {
        for (d, deck) in self.decks.iter().enumerate() {
            if let Some(c) = deck.cards.iter().position(|row| &row.id == card) {
                self.deck.select(Some(d));
                self.card.select(Some(c));
                self.focus = Focus::Cards;
            }
        }
    }

    fn move_by(&mut self, delta: isize) {
        let (state, len) = match self.focus {
            Focus::Decks => (&mut self.deck, self.decks.len()),
            Focus::Cards => {
                let len = self
                    .deck
                    .selected()
                    .and_then(|i| self.decks.get(i))
                    .map_or(0, |d| d.cards.len());
                (&mut self.card, len)
            }
        };
        if len == 0 {
            return;
        }
        let current = state.selected().unwrap_or(0) as isize;
        let next = (current + delta).clamp(0, len as isize - 1) as usize;
        state.select(Some(next));
        if self.focus == Focus::Decks {
            self.card.select(Some(0));
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let left_width = (area.width * 45 / 100).max(36);
        let [left, preview] =
            Layout::horizontal([Constraint::Length(left_width), Constraint::Fill(1)]).areas(area);
        let deck_height = (self.decks.len() as u16 + 2).min(left.height / 2);
        let [decks, cards] =
            Layout::vertical([Constraint::Length(deck_height), Constraint::Fill(1)]).areas(left);
        self.draw_decks(frame, decks, theme);
        self.draw_cards(frame, cards, theme);
        self.draw_preview(frame, preview, theme);
        if let Some(search) = &self.search {
            self.draw_search(search, frame, area, theme);
        }
    }

    fn draw_decks(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title_width = usize::from(area.width.saturating_sub(22)).max(8);
        let rows: Vec<Row> = self
            .decks
            .iter()
            .map(|deck| {
                let (full, empty) = bar(deck.mastery, 8);
                Row::new(vec![
                    Line::styled(truncate(&deck.title, title_width), theme.text),
                    Line::styled(format!("{:>5}", deck.cards.len()), theme.dim),
                    Line::styled(
                        format!("{:>3}", deck.due),
                        if deck.due > 0 {
                            theme.accent
                        } else {
                            theme.dim
                        },
                    ),
                    Line::from(vec![
                        Span::styled(full, theme.filled),
                        Span::styled(empty, theme.dim),
                    ]),
                ])
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Fill(1),
                Constraint::Length(5),
                Constraint::Length(3),
                Constraint::Length(8),
            ],
        )
        .header(Row::new(vec!["Deck", "cards", "due", "mastered"]).style(theme.dim))
        .block(panel(" Decks ", theme, self.focus == Focus::Decks))
        .row_highlight_style(if self.focus == Focus::Decks {
            theme.selected
        } else {
            theme.title
        });
        let mut state = self.deck;
        frame.render_stateful_widget(table, area, &mut state);
    }

    fn draw_cards(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let Some(deck) = self.current_deck() else {
            return;
        };
        let title_width = usize::from(area.width.saturating_sub(14)).max(8);
        let rows: Vec<Row> = deck
            .cards
            .iter()
            .map(|card| {
                let status = if card.progress.due_now {
                    Span::styled("due", theme.accent)
                } else {
                    match card.progress.last_score {
                        Some(score) => Span::styled(format!("{score:>3}"), theme.dim),
                        None => Span::styled("new", theme.dim),
                    }
                };
                Row::new(vec![
                    Line::styled(truncate(&card.title, title_width), theme.text),
                    Line::from(status),
                ])
            })
            .collect();
        let table = Table::new(rows, [Constraint::Fill(1), Constraint::Length(4)])
            .block(panel(
                format!(" {} ", truncate(&deck.title, usize::from(area.width) / 2)),
                theme,
                self.focus == Focus::Cards,
            ))
            .row_highlight_style(if self.focus == Focus::Cards {
                theme.selected
            } else {
                theme.text
            });
        let mut state = self.card;
        frame.render_stateful_widget(table, area, &mut state);
    }

    fn draw_preview(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = panel(" Preview ", theme, false);
        let Some(card) = self
            .current_card()
            .filter(|_| self.focus == Focus::Cards)
            .or_else(|| self.current_deck().and_then(|d| d.cards.first()))
        else {
            frame.render_widget(block, area);
            return;
        };
        let inner_width = usize::from(area.width.saturating_sub(2));
        let fact = |label: &str, value: String| {
            Line::from(vec![
                Span::styled(format!("{label:<11}"), theme.dim),
                Span::styled(value, theme.text),
            ])
        };
        let mut lines = vec![
            Line::styled(truncate(&card.title, inner_width), theme.title),
            Line::styled(truncate(card.id.as_str(), inner_width), theme.dim),
            Line::default(),
            fact("framework", card.framework.clone()),
            fact("time limit", format_duration(card.limit)),
            fact(
                "difficulty",
                format!("{}/{MAX_DIFFICULTY}", card.difficulty),
            ),
            fact(
                "last score",
                card.progress
                    .last_score
                    .map_or("not drilled yet".to_string(), |s| format!("{s}/100")),
            ),
            fact("next due", due_label(card.progress.next_due, self.now)),
        ];
        if !card.tags.is_empty() {
            lines.push(fact(
                "tags",
                truncate(&card.tags, inner_width.saturating_sub(11)),
            ));
        }
        lines.push(Line::default());
        for line in wrap(&card.prompt, inner_width) {
            lines.push(Line::styled(line, theme.text));
        }
        if !card.followups.is_empty() {
            lines.push(Line::default());
            lines.extend(followup_lines(card, inner_width, theme));
        }
        frame.render_widget(Paragraph::new(Text::from(lines)).block(block), area);
    }

    fn draw_search(&self, search: &Search, frame: &mut Frame, area: Rect, theme: &Theme) {
        let popup = centered(
            area,
            area.width.saturating_sub(6).min(110),
            area.height.saturating_sub(2),
        );
        frame.render_widget(Clear, popup);
        let block = panel(
            format!(
                " Search · {} ",
                crate::text::counted(search.hits.len(), "card", "cards")
            ),
            theme,
            true,
        );
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [input, rule, list] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let [prefix, field] =
            Layout::horizontal([Constraint::Length(2), Constraint::Fill(1)]).areas(input);
        frame.render_widget(Span::styled("/ ", theme.key), prefix);
        frame.render_widget(&search.query, field);
        let cursor = search.query.screen_cursor();
        let (_, top_col) = search.query.scroll_offset();
        let col = cursor.col.saturating_sub(usize::from(top_col)) as u16;
        if col < field.width {
            frame.set_cursor_position((field.x + col, field.y));
        }
        frame.render_widget(
            Paragraph::new(Line::styled(
                "─".repeat(usize::from(rule.width)),
                theme.border,
            )),
            rule,
        );
        let visible = usize::from(list.height);
        let top = search.selected.saturating_sub(visible.saturating_sub(1));
        let line_width = usize::from(list.width);
        let lines: Vec<Line> = search
            .hits
            .iter()
            .enumerate()
            .skip(top)
            .take(visible)
            .map(|(i, hit)| {
                let line = hit_line(hit, line_width, theme);
                if i == search.selected {
                    line.patch_style(theme.selected)
                } else {
                    line
                }
            })
            .collect();
        if lines.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled("No card matches.", theme.dim)),
                list,
            );
        } else {
            frame.render_widget(Paragraph::new(Text::from(lines)), list);
        }
    }
}

/// The search box, empty.
fn query_box() -> TextArea<'static> {
    let mut query = TextArea::default();
    query.set_cursor_line_style(Style::new());
    query.set_placeholder_text("title, id, tag, deck or words of the prompt");
    query
}

/// A result: the title (highlighted when it matched), the deck, and the matching part of
/// the tags or the prompt when the match was there.
fn hit_line(hit: &Hit, max: usize, theme: &Theme) -> Line<'static> {
    let title_width = (max / 2).max(20).min(max);
    let title = truncate(&hit.title, title_width);
    let mut spans = if hit.field == Field::Title {
        highlighted(&title, &hit.indices, theme.text, theme.matched).spans
    } else {
        vec![Span::styled(title.clone(), theme.text)]
    };
    let used = width(&title);
    spans.push(Span::raw(" ".repeat(title_width.saturating_sub(used) + 1)));
    let rest = max.saturating_sub(title_width + 1);
    match hit.field {
        Field::Title => spans.push(Span::styled(truncate(&hit.deck, rest), theme.dim)),
        Field::Deck => {
            let deck = truncate(&hit.deck, rest);
            spans.extend(highlighted(&deck, &hit.indices, theme.dim, theme.matched).spans);
        }
        Field::Id | Field::Tags | Field::Prompt => {
            let label = match hit.field {
                Field::Id => "id: ",
                Field::Tags => "tags: ",
                _ => "",
            };
            let room = rest.saturating_sub(label.len() + 1);
            let (shown, indices) = snippet(&hit.text, &hit.indices, room);
            let shown_trunc = truncate(&shown, room);
            spans.push(Span::styled(label, theme.dim));
            spans.extend(highlighted(&shown_trunc, &indices, theme.dim, theme.matched).spans);
        }
    }
    Line::from(spans)
}

/// A card's follow-ups in its preview. They are asked after the main answer and often
/// name what that answer should have found (batching's lists the metrics), so until the
/// card has been answered only their number shows; then their prompts do.
fn followup_lines(card: &CardRow, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let count = card.followups.len();
    let drills = if count == 1 {
        "f drills it"
    } else {
        "f drills the first"
    };
    if !card.progress.answered() {
        let noun = if count == 1 {
            "follow-up"
        } else {
            "follow-ups"
        };
        return wrap(
            &format!("{count} {noun}, asked after your answer · {drills}"),
            width,
        )
        .into_iter()
        .map(|line| Line::styled(line, theme.dim))
        .collect();
    }
    let mut lines = Vec::new();
    for (number, (_, prompt)) in card.followups.iter().enumerate() {
        if number > 0 {
            lines.push(Line::default());
        }
        let title = match (count, number) {
            (1, _) => format!("Follow-up · {drills}"),
            (_, 0) => format!("Follow-up 1 of {count} · {drills}"),
            _ => format!("Follow-up {} of {count}", number + 1),
        };
        lines.push(Line::styled(title, theme.title));
        lines.extend(
            wrap(prompt, width)
                .into_iter()
                .map(|line| Line::styled(line, theme.dim)),
        );
    }
    lines
}
