//! Whole-screen snapshots of every screen at 80×24 and 160×48, drawn on ratatui's test
//! backend from a real store in a temporary folder, driven by keys, at fixed clock readings.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::app::{Now, Trainer};
use super::theme::Theme;
use crate::config::Config;
use crate::deck::{Bank, DeckSources};
use crate::store::Store;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn day(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("a valid test time")
}

fn at(wall: &str, mono_secs: u64) -> Now {
    Now {
        mono: Duration::from_secs(mono_secs),
        wall: day(wall),
    }
}

fn trainer(now: &Now) -> (tempfile::TempDir, Trainer) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open_at(&dir.path().join("prepdeck.sqlite3")).expect("a new store");
    let bank = Bank::load(&DeckSources {
        bundled: true,
        ..DeckSources::default()
    });
    let trainer = Trainer::new(bank, Config::default(), Theme::colour(), store, now)
        .expect("the trainer starts");
    (dir, trainer)
}

fn press(trainer: &mut Trainer, code: KeyCode, now: &Now) {
    trainer.handle(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)), now);
}

fn ctrl(trainer: &mut Trainer, c: char, now: &Now) {
    trainer.handle(
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
        now,
    );
}

fn type_text(trainer: &mut Trainer, text: &str, now: &Now) {
    for c in text.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        press(trainer, code, now);
    }
}

fn render(trainer: &mut Trainer, (width, height): (u16, u16), now: &Now) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| trainer.draw(frame, now))
        .expect("drawing works");
    terminal.backend().to_string()
}

fn snapshot_both(trainer: &mut Trainer, name: &str, now: &Now) {
    for size in SIZES {
        let screen = render(trainer, size, now);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
    }
}

const GOALS: &str =
    "Decide whether batching lowers cost per delivery without making customers wait.";
const SIGNALS: &str = "- order_batched event with order_id, courier_id, batch_id and created_at\n- delivery_completed with promised and actual times";

/// Drills the first due card: two sections typed, submitted at five minutes.
fn drill_first_card(trainer: &mut Trainer, start: &Now) -> Now {
    press(trainer, KeyCode::Enter, start);
    type_text(trainer, GOALS, start);
    press(trainer, KeyCode::Tab, start);
    type_text(trainer, SIGNALS, start);
    let submit = Now {
        mono: start.mono + Duration::from_secs(300),
        ..*start
    };
    ctrl(trainer, 's', &submit);
    press(trainer, KeyCode::Enter, &submit);
    submit
}

#[test]
fn an_editor_that_does_not_start_is_explained_in_full() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_home, mut trainer) = trainer(&now);
    press(&mut trainer, KeyCode::Enter, &now);
    let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
    let message = crate::tui::terminal::editor_failure("nosuch-editor", &missing);
    trainer.external_done(Err(message.clone()), &now);
    let screen = render(&mut trainer, (80, 24), &now);
    assert!(!message.contains("os error"), "{message}");
    assert!(
        screen.contains(&message),
        "{message:?} not whole in:\n{screen}"
    );
}

#[test]
fn home_before_any_drill() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    snapshot_both(&mut trainer, "home_new", &now);
}

#[test]
fn mock_picker_from_home() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    press(&mut trainer, KeyCode::Char('m'), &now);
    press(&mut trainer, KeyCode::Down, &now);
    snapshot_both(&mut trainer, "mock_picker", &now);
    press(&mut trainer, KeyCode::Enter, &now);
    assert!(trainer.should_quit(), "the trainer stops for the mock");
    let request = trainer.take_mock_request().expect("a mock was picked");
    assert_eq!(request.mode, crate::session::Mode::Candidate);
}

#[test]
fn drill_with_text_hints_and_low_time() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    press(&mut trainer, KeyCode::Enter, &now);
    type_text(&mut trainer, GOALS, &now);
    press(&mut trainer, KeyCode::Tab, &now);
    type_text(&mut trainer, SIGNALS, &now);
    ctrl(&mut trainer, 't', &now);
    snapshot_both(&mut trainer, "drill", &at("2025-03-10T09:00:00+00:00", 200));
    let late = at("2025-03-10T09:00:00+00:00", 60 * 60);
    snapshot_both(&mut trainer, "drill_overtime", &late);
    ctrl(&mut trainer, 's', &late);
    snapshot_both(&mut trainer, "drill_confirm", &late);
    press(&mut trainer, KeyCode::Esc, &late);
    ctrl(&mut trainer, 'p', &late);
    snapshot_both(&mut trainer, "drill_paused", &late);
}

#[test]
fn results_then_rating_then_home_and_stats() {
    let start = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&start);
    let submitted = drill_first_card(&mut trainer, &start);
    snapshot_both(&mut trainer, "results", &submitted);
    press(&mut trainer, KeyCode::Char('j'), &submitted);
    press(&mut trainer, KeyCode::Char('3'), &submitted);
    snapshot_both(&mut trainer, "results_recorded", &submitted);
    press(&mut trainer, KeyCode::Char('o'), &submitted);
    snapshot_both(&mut trainer, "results_outline", &submitted);
    press(&mut trainer, KeyCode::Esc, &submitted);
    press(&mut trainer, KeyCode::Enter, &submitted);
    press(&mut trainer, KeyCode::Esc, &submitted);

    let next_day = at("2025-03-11T09:00:00+00:00", 90_000);
    let again = drill_first_card(&mut trainer, &next_day);
    press(&mut trainer, KeyCode::Char('1'), &again);
    press(&mut trainer, KeyCode::Enter, &again);
    press(&mut trainer, KeyCode::Esc, &again);
    snapshot_both(&mut trainer, "home_after_reviews", &again);
    press(&mut trainer, KeyCode::Char('s'), &again);
    snapshot_both(&mut trainer, "stats", &again);
    press(&mut trainer, KeyCode::Enter, &again);
    snapshot_both(&mut trainer, "stats_answer", &again);
}

#[test]
fn a_resumed_draft_continues_where_it_ended() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    press(&mut trainer, KeyCode::Enter, &now);
    type_text(&mut trainer, "This is my draft", &now);
    press(&mut trainer, KeyCode::Esc, &now);
    press(&mut trainer, KeyCode::Char('r'), &now);
    type_text(&mut trainer, ", continued", &now);
    let screen = render(&mut trainer, (80, 24), &now);
    assert!(
        screen.contains("This is my draft, continued"),
        "the new text goes after the draft:\n{screen}"
    );
}

#[test]
fn the_rating_bar_and_the_recorded_notice_give_the_same_interval() {
    // A real clock reads below the millisecond; the scheduler cuts the review time to it.
    let start = at("2025-03-10T09:00:00.123456789+00:00", 0);
    let (_dir, mut trainer) = trainer(&start);
    let submitted = drill_first_card(&mut trainer, &start);
    let bar = render(&mut trainer, (160, 48), &submitted);
    assert!(bar.contains("Again 10m"), "{bar}");
    let good_days: u32 = bar
        .split("Good ")
        .nth(1)
        .and_then(|rest| rest.split('d').next())
        .and_then(|days| days.parse().ok())
        .unwrap_or_else(|| panic!("no days after Good in the rating bar:\n{bar}"));
    assert!(
        good_days > 1,
        "a two-day wait or longer shows the plural wording"
    );
    press(&mut trainer, KeyCode::Char('3'), &submitted);
    let recorded = render(&mut trainer, (160, 48), &submitted);
    assert!(
        recorded.contains(&format!("next review in {good_days} days")),
        "{recorded}"
    );
}

#[test]
fn the_answer_panel_counts_words_under_the_headings_the_scorer_reads() {
    let start = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&start);
    press(&mut trainer, KeyCode::Enter, &start);
    let whole = format!("{GOALS}\n\n## Signals\n{SIGNALS}");
    trainer.handle(Event::Paste(whole), &start);
    let submit = at("2025-03-10T09:00:00+00:00", 300);
    ctrl(&mut trainer, 's', &submit);
    press(&mut trainer, KeyCode::Enter, &submit);
    let screen = render(&mut trainer, (160, 48), &submit);
    let signals_words = screen
        .lines()
        .filter_map(|line| line.split("Signals ").nth(1))
        .filter(|bar| bar.contains('█') || bar.contains('░'))
        .find_map(|bar| {
            bar.split('│')
                .next()?
                .split_whitespace()
                .last()?
                .parse::<usize>()
                .ok()
        })
        .unwrap_or_else(|| panic!("no Signals bar in the answer panel:\n{screen}"));
    assert!(
        signals_words > 10,
        "{signals_words} words under Signals:\n{screen}"
    );
}

#[test]
fn browse_and_search() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    press(&mut trainer, KeyCode::Char('b'), &now);
    press(&mut trainer, KeyCode::Char('j'), &now);
    press(&mut trainer, KeyCode::Enter, &now);
    snapshot_both(&mut trainer, "browse", &now);
    press(&mut trainer, KeyCode::Char('/'), &now);
    type_text(&mut trainer, "metric", &now);
    snapshot_both(&mut trainer, "search", &now);
}

#[test]
fn browse_counts_follow_ups_until_the_card_is_answered() {
    // The first card, batching's measure-success, has two follow-ups; the first quotes
    // the test's results, which the main answer should have gone looking for.
    let followup_text = "The test reads out";
    let start = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&start);
    press(&mut trainer, KeyCode::Char('b'), &start);
    press(&mut trainer, KeyCode::Enter, &start);
    let before = render(&mut trainer, (160, 48), &start);
    assert!(
        before.contains("2 follow-ups, asked after your answer · f drills the first"),
        "{before}"
    );
    assert!(!before.contains(followup_text), "{before}");
    let prompt = before
        .find("A food delivery platform")
        .expect("the main prompt shows");
    assert!(
        prompt < before.find("2 follow-ups").unwrap_or(0),
        "{before}"
    );

    press(&mut trainer, KeyCode::Esc, &start);
    let submitted = drill_first_card(&mut trainer, &start);
    press(&mut trainer, KeyCode::Char('3'), &submitted);
    press(&mut trainer, KeyCode::Enter, &submitted);
    press(&mut trainer, KeyCode::Esc, &submitted);
    press(&mut trainer, KeyCode::Char('b'), &submitted);
    press(&mut trainer, KeyCode::Enter, &submitted);
    let after = render(&mut trainer, (160, 48), &submitted);
    assert!(
        after.contains("Follow-up 1 of 2 · f drills the first"),
        "{after}"
    );
    assert!(after.contains(followup_text), "{after}");
}

#[test]
fn help_lists_the_screens_keys() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    press(&mut trainer, KeyCode::Char('?'), &now);
    snapshot_both(&mut trainer, "help_home", &now);
    press(&mut trainer, KeyCode::Esc, &now);
    press(&mut trainer, KeyCode::Enter, &now);
    press(&mut trainer, KeyCode::F(1), &now);
    snapshot_both(&mut trainer, "help_drill", &now);
}

#[test]
fn home_help_names_every_key_home_answers_to() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    press(&mut trainer, KeyCode::Char('?'), &now);
    let help = render(&mut trainer, (160, 48), &now);
    for (key, what) in [
        ("r", "resume the draft"),
        ("b", "browse the decks"),
        ("/", "search every card"),
        ("q/Esc", "quit"),
    ] {
        let named = help
            .lines()
            .any(|line| line.contains(&format!(" {key} ")) && line.contains(what));
        assert!(named, "{key} {what} is missing:\n{help}");
    }
}

#[test]
fn home_help_at_80x24_keeps_the_panel_titles_and_every_key() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    press(&mut trainer, KeyCode::Char('?'), &now);
    let help = render(&mut trainer, (80, 24), &now);
    for title in [
        "Today",
        "Mastered: memory ≥ 21 days",
        "Weakest concepts · missed/tried",
        "Due in the next 30 days",
        "Recent scores",
    ] {
        assert!(help.contains(title), "the title {title} is hidden:\n{help}");
    }
    for key in ["Enter", "r", "b", "/", "s", "m", "u", "q/Esc", "?/F1", "^C"] {
        assert!(
            help.contains(&format!("  {key} ")),
            "the key {key} is missing:\n{help}"
        );
    }
}

#[test]
fn search_clears_with_ctrl_u_and_enter_drills_the_hit() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    press(&mut trainer, KeyCode::Char('/'), &now);
    type_text(&mut trainer, "holdouxyzzy", &now);
    assert!(render(&mut trainer, (80, 24), &now).contains("Search · 0 cards"));
    ctrl(&mut trainer, 'u', &now);
    let cleared = render(&mut trainer, (80, 24), &now);
    assert!(
        !cleared.contains("holdouxyzzy") && !cleared.contains("Search · 0 cards"),
        "{cleared}"
    );
    type_text(&mut trainer, "carpool why", &now);
    press(&mut trainer, KeyCode::Enter, &now);
    let drill = render(&mut trainer, (80, 24), &now);
    assert!(
        drill.contains("Why build carpool?") && drill.contains("pacing"),
        "Enter drills the hit:\n{drill}"
    );
}

#[test]
fn a_search_opened_on_home_closes_back_to_home() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    let home = render(&mut trainer, (80, 24), &now);
    press(&mut trainer, KeyCode::Char('/'), &now);
    type_text(&mut trainer, "carpool", &now);
    press(&mut trainer, KeyCode::Esc, &now);
    assert_eq!(
        render(&mut trainer, (80, 24), &now),
        home,
        "Esc returns to Home"
    );
    press(&mut trainer, KeyCode::Char('b'), &now);
    press(&mut trainer, KeyCode::Char('/'), &now);
    press(&mut trainer, KeyCode::Esc, &now);
    let browse = render(&mut trainer, (80, 24), &now);
    assert_ne!(
        browse, home,
        "a search opened in Browse closes into Browse:\n{browse}"
    );
}

#[test]
fn a_small_terminal_gets_a_message_not_a_broken_layout() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    insta::assert_snapshot!("too_small", render(&mut trainer, (60, 20), &now));
}

#[test]
fn wide_characters_line_up() {
    let now = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&now);
    press(&mut trainer, KeyCode::Enter, &now);
    type_text(
        &mut trainer,
        "目标：降低每单配送成本 🚀 without longer waits",
        &now,
    );
    let screen = render(&mut trainer, (80, 24), &now);
    // Each row, without the test backend's note on cells hidden under wide characters,
    // must be exactly 80 cells (plus the two quotes) wide.
    for row in screen.lines() {
        let drawn = row
            .find("\" Hidden by multi-width symbols")
            .map_or(row, |end| &row[..=end]);
        assert_eq!(unicode_width::UnicodeWidthStr::width(drawn), 82, "{row}");
    }
    assert!(screen.contains("目标"), "{screen}");
    insta::assert_snapshot!("drill_wide_characters", screen);
}

/// Draws `trainer` and compares the picture with the committed one under `assets/`;
/// `PREPDECK_UPDATE_ASSETS=1 cargo test screenshots` rewrites it.
fn screenshot(trainer: &mut Trainer, size: (u16, u16), now: &Now, file: &str) {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("a test terminal");
    terminal
        .draw(|frame| trainer.draw(frame, now))
        .expect("drawing works");
    let svg = super::svg::render(terminal.backend().buffer());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(file);
    if std::env::var_os("PREPDECK_UPDATE_ASSETS").is_some() || !path.exists() {
        std::fs::create_dir_all(path.parent().expect("assets folder")).expect("assets folder");
        std::fs::write(&path, &svg).expect("the screenshot is written");
    }
    let committed = std::fs::read_to_string(&path).expect("the screenshot is readable");
    assert!(
        committed == svg,
        "{} is out of date; rerun with PREPDECK_UPDATE_ASSETS=1",
        path.display()
    );
}

#[test]
fn screenshots_for_the_readme_are_current() {
    let start = at("2025-03-10T09:00:00+00:00", 0);
    let (_dir, mut trainer) = trainer(&start);
    press(&mut trainer, KeyCode::Enter, &start);
    type_text(&mut trainer, GOALS, &start);
    press(&mut trainer, KeyCode::Tab, &start);
    type_text(&mut trainer, SIGNALS, &start);
    press(&mut trainer, KeyCode::Tab, &start);
    type_text(
        &mut trainer,
        "- cost per delivery = courier pay / delivered orders, batched vs unbatched\n- on-time rate = orders within promised ETA / orders",
        &start,
    );
    ctrl(&mut trainer, 't', &start);
    let writing = at("2025-03-10T09:00:00+00:00", 9 * 60 + 41);
    screenshot(&mut trainer, (110, 34), &writing, "trainer.svg");
    ctrl(&mut trainer, 's', &writing);
    press(&mut trainer, KeyCode::Enter, &writing);
    press(&mut trainer, KeyCode::Char('j'), &writing);
    press(&mut trainer, KeyCode::Char('j'), &writing);
    press(&mut trainer, KeyCode::Char('j'), &writing);
    screenshot(&mut trainer, (110, 34), &writing, "results.svg");
}
