//! Choosing a mock interview from Home: go on with the unfinished one, sit a plan, or an
//! ad-hoc mock drawn toward the weakest concepts, as the candidate or as the interviewer.
//! The mock itself runs on its own screen ([`super::mock`]); this only says which.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::Step;
use super::keys::{Binding, Chord, action_for};
use super::theme::Theme;
use super::widgets::{panel, truncate};
use crate::deck::Bank;
use crate::mock::Plan;
use crate::session::Mode;
use crate::text::strip_control;

/// How many questions an ad-hoc mock from Home asks.
pub const ADHOC_QUESTIONS: usize = 3;

/// Which mock to sit.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// The unfinished mock, where it stopped.
    Resume,
    Plan(Plan),
    /// An ad-hoc mock of [`ADHOC_QUESTIONS`] questions, weakest concepts first.
    AdHoc,
}

/// What the user asked for on this screen.
#[derive(Debug, Clone, PartialEq)]
pub struct MockRequest {
    pub pick: Pick,
    pub mode: Mode,
}

/// The unfinished mock, as the list names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unfinished {
    pub id: String,
    pub plan: String,
    pub started: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    Candidate,
    Interviewer,
    Back,
}

struct Choice {
    pick: Pick,
    label: String,
    /// What the choice holds, shown under the list for the selected one.
    detail: Vec<String>,
}

pub struct MockPicker {
    choices: Vec<Choice>,
    selected: ListState,
    unfinished: bool,
    /// Plans in the user's `mocks.toml` that could not be read.
    skipped_plans: usize,
}

impl MockPicker {
    pub fn new(
        plans: Vec<Plan>,
        skipped_plans: usize,
        unfinished: Option<Unfinished>,
        bank: &Bank,
    ) -> MockPicker {
        let mut choices = Vec::new();
        if let Some(waiting) = &unfinished {
            choices.push(Choice {
                pick: Pick::Resume,
                label: format!(
                    "Go on with the unfinished mock ({}, started {})",
                    strip_control(&waiting.plan),
                    waiting.started
                ),
                detail: vec![format!(
                    "It goes on where it stopped, in the mode it was started in; `prepdeck mock report {}` prints it once it ends.",
                    waiting.id
                )],
            });
        }
        for plan in plans {
            let label = format!(
                "{:<16} {:>3} min  {} questions  {}",
                strip_control(&plan.id),
                plan.time_limit_secs / 60,
                plan.questions.len(),
                strip_control(&plan.title)
            );
            let detail = plan
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let title = bank.card(&q.card).map_or("", |c| c.title.as_str());
                    let followups = match q.followups.len() {
                        0 => String::new(),
                        1 => " + 1 follow-up".to_string(),
                        n => format!(" + {n} follow-ups"),
                    };
                    format!(
                        "{}. {} — {} ({} min{followups})",
                        i + 1,
                        strip_control(&q.card),
                        strip_control(title),
                        q.time_limit_secs / 60
                    )
                })
                .collect();
            choices.push(Choice {
                pick: Pick::Plan(plan),
                label,
                detail,
            });
        }
        choices.push(Choice {
            pick: Pick::AdHoc,
            label: format!(
                "{:<16} {:>7}  {ADHOC_QUESTIONS} questions  From the bank, weakest concepts first",
                "ad hoc", ""
            ),
            detail: vec![
                "Cards that exercise the concepts you miss most come first; the clock is the questions' limits summed.".into(),
            ],
        });
        MockPicker {
            choices,
            selected: ListState::default().with_selected(Some(0)),
            unfinished: unfinished.is_some(),
            skipped_plans,
        }
    }

    fn current(&self) -> Option<&Choice> {
        self.selected.selected().and_then(|i| self.choices.get(i))
    }

    pub fn keymap(&self) -> Vec<Binding<Action>> {
        let resuming = self.current().is_some_and(|c| c.pick == Pick::Resume);
        let mut keys = vec![
            Binding::new(
                &[Chord::char('j'), Chord::key(KeyCode::Down)],
                "j/k ↑/↓",
                "choose a mock",
                Action::Down,
            )
            .main_as("choose"),
            Binding::new(
                &[Chord::char('k'), Chord::key(KeyCode::Up)],
                "k/↑",
                "move up",
                Action::Up,
            ),
        ];
        if resuming {
            keys.push(
                Binding::new(
                    &[Chord::key(KeyCode::Enter)],
                    "Enter",
                    "go on with it",
                    Action::Candidate,
                )
                .main(),
            );
        } else {
            keys.extend([
                Binding::new(
                    &[Chord::key(KeyCode::Enter)],
                    "Enter",
                    "sit it as the candidate",
                    Action::Candidate,
                )
                .main_as("sit it"),
                Binding::new(
                    &[Chord::char('i')],
                    "i",
                    "run it as the interviewer (read the questions aloud, tick the rubric)",
                    Action::Interviewer,
                )
                .main_as("as interviewer"),
            ]);
        }
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

    pub fn handle_key(&mut self, key: &KeyEvent) -> Step {
        let last = self.choices.len().saturating_sub(1);
        let at = self.selected.selected().unwrap_or(0);
        let mode = match action_for(&self.keymap(), key) {
            Some(Action::Down) => {
                self.selected.select(Some((at + 1).min(last)));
                return Step::Stay;
            }
            Some(Action::Up) => {
                self.selected.select(Some(at.saturating_sub(1)));
                return Step::Stay;
            }
            Some(Action::Back) => return Step::Back,
            Some(Action::Candidate) => Mode::Candidate,
            Some(Action::Interviewer) => Mode::Interviewer,
            None => return Step::Stay,
        };
        match self.current() {
            Some(choice) => Step::SitMock(MockRequest {
                pick: choice.pick.clone(),
                mode,
            }),
            None => Step::Stay,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let rows = u16::try_from(self.choices.len()).unwrap_or(u16::MAX);
        let [list_area, detail_area] = Layout::vertical([
            Constraint::Length(rows.saturating_add(2).min(area.height / 2)),
            Constraint::Fill(1),
        ])
        .areas(area);
        let row_width = usize::from(list_area.width.saturating_sub(4));
        let items: Vec<ListItem> = self
            .choices
            .iter()
            .map(|c| ListItem::new(truncate(&c.label, row_width)))
            .collect();
        let list = List::new(items)
            .block(panel(" Mock interviews ", theme, true))
            .style(theme.text)
            .highlight_style(theme.selected)
            .highlight_symbol("▸ ");
        let mut state = self.selected;
        frame.render_stateful_widget(list, list_area, &mut state);

        let mut lines: Vec<Line> = self
            .current()
            .map(|c| c.detail.iter().map(|d| Line::from(d.as_str())).collect())
            .unwrap_or_default();
        lines.push(Line::default());
        if self.unfinished {
            lines.push(Line::styled(
                "Starting another mock ends the unfinished one where it stopped and reports it.",
                theme.dim,
            ));
        }
        if self.skipped_plans > 0 {
            lines.push(Line::styled(
                format!(
                    "{} of your plans could not be read; `prepdeck mock plans` says why.",
                    self.skipped_plans
                ),
                theme.warn,
            ));
        }
        lines.push(Line::from(vec![
            Span::styled("One clock runs for the whole mock; ", theme.dim),
            Span::styled("the report comes at the end.", theme.dim),
        ]));
        frame.render_widget(
            Paragraph::new(Text::from(lines))
                .wrap(Wrap { trim: false })
                .block(panel(" What it asks ", theme, false)),
            detail_area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::load_plans;
    use ratatui::crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn picker(unfinished: bool) -> MockPicker {
        let bank = Bank::bundled();
        let plans = load_plans(&bank).0;
        let waiting = unfinished.then(|| Unfinished {
            id: "m1".into(),
            plan: "behavioral".into(),
            started: "2026-11-23 09:00".into(),
        });
        MockPicker::new(plans, 0, waiting, &bank)
    }

    #[test]
    fn enter_sits_the_selected_plan_and_i_runs_it_as_the_interviewer() {
        let mut screen = picker(false);
        let Step::SitMock(first) = screen.handle_key(&key(KeyCode::Enter)) else {
            panic!("Enter sits a mock");
        };
        assert!(matches!(first.pick, Pick::Plan(ref p) if p.id == "behavioral"));
        assert_eq!(first.mode, Mode::Candidate);
        screen.handle_key(&key(KeyCode::Down));
        let Step::SitMock(second) = screen.handle_key(&key(KeyCode::Char('i'))) else {
            panic!("i runs a mock");
        };
        assert!(matches!(second.pick, Pick::Plan(ref p) if p.id == "otdr-case"));
        assert_eq!(second.mode, Mode::Interviewer);
    }

    #[test]
    fn the_unfinished_mock_comes_first_and_ad_hoc_last() {
        let mut screen = picker(true);
        let Step::SitMock(first) = screen.handle_key(&key(KeyCode::Enter)) else {
            panic!("Enter goes on with the unfinished mock");
        };
        assert_eq!(first.pick, Pick::Resume);
        assert!(
            screen
                .keymap()
                .iter()
                .all(|b| b.action != Action::Interviewer),
            "a resumed mock keeps its mode"
        );
        for _ in 0..10 {
            screen.handle_key(&key(KeyCode::Down));
        }
        let Step::SitMock(last) = screen.handle_key(&key(KeyCode::Enter)) else {
            panic!("Enter sits the ad-hoc mock");
        };
        assert_eq!(last.pick, Pick::AdHoc);
        assert!(matches!(screen.handle_key(&key(KeyCode::Esc)), Step::Back));
    }
}
