//! A coach's preview of one card: the drill screen in practice mode, then the results screen,
//! driven with the scorer and no store, so nothing is saved, recorded or scheduled. The
//! card's follow-up can be tried from the results; leaving any screen ends the preview.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::{Constraint, Layout};

use super::app::{Now, followup_offer, score_attempt};
use super::drill::{DrillScreen, EDITOR_KEYS};
use super::keys::{Shared, global_keymap, help, is_press, shared_key};
use super::results::Results;
use super::theme::Theme;
use super::widgets::{Chrome, MIN_HEIGHT, MIN_WIDTH, draw_chrome, too_small};
use super::{Frontend, Step};
use crate::config::Config;
use crate::deck::{Bank, CardId};
use crate::session::{Attempt, Drill, Policy};

/// What Ctrl-C does in a preview.
const QUIT: &str = "quit (nothing is kept)";

// Two screens, one at a time; the larger one costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
enum Screen {
    Drill(DrillScreen),
    Results(Results),
}

pub struct Preview {
    bank: Bank,
    config: Config,
    theme: Theme,
    card: CardId,
    screen: Screen,
    help: bool,
    external: Option<String>,
    quit: bool,
    drawn_clock: Option<u64>,
}

impl Preview {
    /// The preview of `card`, on its drill screen; `None` when the bank has no such card.
    pub fn new(
        bank: Bank,
        config: Config,
        theme: Theme,
        card: &CardId,
        now: &Now,
    ) -> Option<Preview> {
        let drill = drill_screen(&bank, &config, card, None, now)?;
        Some(Preview {
            bank,
            config,
            theme,
            card: card.clone(),
            screen: Screen::Drill(drill),
            help: false,
            external: None,
            quit: false,
            drawn_clock: None,
        })
    }

    fn key(&mut self, key: &KeyEvent, now: &Now) {
        let typing = matches!(self.screen, Screen::Drill(_));
        match shared_key(key, typing, &mut self.help) {
            Shared::Quit => {
                self.quit = true;
                return;
            }
            Shared::Taken => return,
            Shared::ForScreen => {}
        }
        let step = match &mut self.screen {
            Screen::Drill(s) => s.handle_key(key, now.mono),
            Screen::Results(s) => s.handle_key(key),
        };
        self.apply(step, now);
    }

    fn apply(&mut self, step: Step, now: &Now) {
        match step {
            Step::Submitted(attempt) => self.show_results(attempt),
            Step::DrillFollowup { followup, .. } => {
                if let Some(drill) =
                    drill_screen(&self.bank, &self.config, &self.card, Some(&followup), now)
                {
                    self.screen = Screen::Drill(drill);
                }
            }
            Step::External { text } => self.external = Some(text),
            // Leaving either screen ends the preview.
            Step::LeaveDrill | Step::Continue | Step::KeepUnrated | Step::Back => {
                self.quit = true;
            }
            // Nothing is saved or rated in a preview, and its screens open no others.
            Step::Stay
            | Step::SaveDraft
            | Step::Rate(_)
            | Step::Browse { .. }
            | Step::Stats
            | Step::OpenMocks
            | Step::SitMock(_)
            | Step::StartQueue
            | Step::ResumeDraft
            | Step::Undo
            | Step::Drill { .. } => {}
        }
    }

    fn show_results(&mut self, attempt: Attempt) {
        let Some(card) = self.bank.card(attempt.card.as_str()) else {
            return;
        };
        let followup = attempt
            .followup
            .as_deref()
            .and_then(|id| card.followups.iter().find(|f| f.id == id));
        let report = score_attempt(&self.bank, &self.config, card, followup, &attempt);
        let (outline, offer) = match followup {
            Some(f) => (&f.outline, None),
            None => (&card.outline, followup_offer(card)),
        };
        let results = Results::new(attempt, report, &card.title, outline, offer, None);
        self.screen = Screen::Results(results.for_preview());
    }
}

/// A practice-mode drill of `card` (or of its follow-up) on a screen that keeps no draft.
fn drill_screen(
    bank: &Bank,
    config: &Config,
    card: &CardId,
    followup: Option<&str>,
    now: &Now,
) -> Option<DrillScreen> {
    let card = bank.card(card.as_str())?;
    let deck = bank.deck(card.id.deck())?;
    let framework = bank.framework_for(card);
    let multiplier = config.drill.time_multiplier;
    let followup = match followup {
        Some(id) => Some(card.followups.iter().find(|f| f.id == id)?),
        None => None,
    };
    let drill = match followup {
        Some(f) => Drill::for_followup(card, f, Policy::Practice, multiplier, now.mono),
        None => Drill::for_card(card, framework, Policy::Practice, multiplier, now.mono),
    };
    Some(DrillScreen::new(drill, card, deck, framework, followup).without_drafts())
}

impl Frontend for Preview {
    const NAME: &'static str = "the preview";
    const AFTERMATH: &'static str = "nothing was recorded";

    fn should_quit(&self) -> bool {
        self.quit
    }

    fn draw(&mut self, frame: &mut Frame, now: &Now) {
        let area = frame.area();
        let theme = self.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(frame, &theme);
            return;
        }
        let [body, foot] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let (helps, typing) = match &self.screen {
            Screen::Drill(s) => {
                s.draw(frame, body, &theme, now.mono);
                self.drawn_clock = Some(s.clock_second(now.mono));
                let mut keys = help(&s.keymap());
                keys.extend_from_slice(EDITOR_KEYS);
                (keys, true)
            }
            Screen::Results(s) => {
                s.draw(frame, body, &theme);
                (help(&s.keymap()), false)
            }
        };
        draw_chrome(
            frame,
            foot,
            &Chrome {
                name: "Preview",
                typing,
                helps: &helps,
                global: &help(&global_keymap(typing, QUIT)),
                notice: None,
                help_open: self.help,
            },
            &theme,
        );
    }

    fn handle(&mut self, event: Event, now: &Now) -> bool {
        match event {
            Event::Key(key) if is_press(&key) => {
                self.key(&key, now);
                true
            }
            Event::Paste(text) => {
                if let Screen::Drill(drill) = &mut self.screen {
                    let step = drill.paste(&text, now.mono);
                    self.apply(step, now);
                }
                true
            }
            Event::Resize(..) => true,
            _ => false,
        }
    }

    fn tick(&mut self, now: &Now) -> bool {
        let Screen::Drill(drill) = &mut self.screen else {
            return false;
        };
        let step = drill.tick(now.mono);
        let second = drill.clock_second(now.mono);
        if !matches!(step, Step::Stay) {
            self.apply(step, now);
            return true;
        }
        self.drawn_clock != Some(second)
    }

    fn take_external(&mut self) -> Option<String> {
        self.external.take()
    }

    fn external_done(&mut self, result: Result<String, String>, now: &Now) {
        if let Screen::Drill(drill) = &mut self.screen {
            match result {
                Ok(text) => drill.external_done(&text, now.mono),
                Err(message) => drill.set_notice(message),
            }
        }
    }

    fn quit(&mut self, _now: &Now) {
        self.quit = true;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn now(secs: u64) -> Now {
        Now {
            mono: Duration::from_secs(secs),
            wall: chrono::DateTime::parse_from_rfc3339("2025-03-10T09:00:00+00:00")
                .expect("a time"),
        }
    }

    fn preview(card: &str) -> Preview {
        let bank = Bank::bundled();
        let card = CardId::parse(card).expect("a card id");
        Preview::new(bank, Config::default(), Theme::colour(), &card, &now(0))
            .expect("a bundled card")
    }

    fn key(preview: &mut Preview, code: KeyCode, modifiers: KeyModifiers, now: &Now) {
        preview.handle(Event::Key(KeyEvent::new(code, modifiers)), now);
    }

    fn type_text(preview: &mut Preview, text: &str, now: &Now) {
        for c in text.chars() {
            key(preview, KeyCode::Char(c), KeyModifiers::NONE, now);
        }
    }

    fn submit(preview: &mut Preview, now: &Now) {
        key(preview, KeyCode::Char('s'), KeyModifiers::CONTROL, now);
        key(preview, KeyCode::Enter, KeyModifiers::NONE, now);
    }

    fn render(preview: &mut Preview, now: &Now) -> String {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
        terminal
            .draw(|frame| preview.draw(frame, now))
            .expect("drawing works");
        terminal.backend().to_string()
    }

    #[test]
    fn drill_then_results_say_they_are_a_preview() {
        let mut preview = preview("batching/measure-success");
        let start = now(0);
        type_text(
            &mut preview,
            "Decide whether batching lowers cost per delivery without making customers wait.",
            &start,
        );
        insta::assert_snapshot!("preview_drill", render(&mut preview, &now(200)));
        submit(&mut preview, &now(300));
        insta::assert_snapshot!("preview_results", render(&mut preview, &now(300)));
        assert!(!preview.should_quit());
        key(
            &mut preview,
            KeyCode::Char('1'),
            KeyModifiers::NONE,
            &now(300),
        );
        assert!(!preview.should_quit(), "rating keys do nothing");
        key(&mut preview, KeyCode::Enter, KeyModifiers::NONE, &now(300));
        assert!(preview.should_quit(), "Enter leaves the preview");
    }

    #[test]
    fn the_follow_up_is_drilled_from_the_results_and_escape_leaves() {
        let mut preview = preview("carpool/track-performance");
        submit(&mut preview, &now(10));
        key(
            &mut preview,
            KeyCode::Char('f'),
            KeyModifiers::NONE,
            &now(10),
        );
        let screen = render(&mut preview, &now(10));
        assert!(screen.contains("Follow-up · "), "{screen}");
        assert!(screen.contains("help · Preview"), "{screen}");
        submit(&mut preview, &now(20));
        let results = render(&mut preview, &now(20));
        assert!(results.contains("Preview follow-up results"), "{results}");
        key(&mut preview, KeyCode::Esc, KeyModifiers::NONE, &now(20));
        assert!(preview.should_quit());
    }

    #[test]
    fn escape_in_the_drill_leaves_at_once() {
        let mut preview = preview("carpool/track-performance");
        type_text(&mut preview, "a few words", &now(1));
        key(&mut preview, KeyCode::Esc, KeyModifiers::NONE, &now(2));
        assert!(preview.should_quit());
    }

    #[test]
    fn an_unknown_card_has_no_preview() {
        let bank = Bank::load(&crate::deck::DeckSources::default());
        let card = CardId::parse("no/such").expect("a card id");
        assert!(Preview::new(bank, Config::default(), Theme::colour(), &card, &now(0)).is_none());
    }
}
