//! The trainer's speed. The first frame, from loading the bundled bank and opening a store
//! with 10,000 reviews to Home drawn at 160×48, must take under 30 ms; a keystroke in the
//! drill editor with a 3,000-word answer, redrawn at 160×48, under 2 ms (medians).

#[path = "support/history.rs"]
mod history;

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Duration;

use divan::Bencher;
use prepdeck::config::Config;
use prepdeck::deck::{Bank, DeckSources};
use prepdeck::store::Store;
use prepdeck::tui::{Now, Theme, Trainer};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// `cargo test` runs each benchmark once, unoptimised, as a smoke test; only a measured run
/// needs the full history, which takes minutes to generate without optimisations.
const REVIEWS: usize = if cfg!(debug_assertions) { 500 } else { 10_000 };
const ANSWER_WORDS: usize = 3_000;

fn main() {
    divan::main();
}

fn bank() -> Bank {
    Bank::load(&DeckSources {
        bundled: true,
        ..DeckSources::default()
    })
}

/// A database holding `REVIEWS` reviews, built once.
static HISTORY: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("prepdeck.sqlite3");
    let mut store = Store::open_at(&path).expect("a new database");
    store
        .import(&history::history(&bank(), REVIEWS), "bench")
        .expect("the generated history imports");
    (dir, path)
});

fn now(mono: Duration) -> Now {
    Now {
        mono,
        wall: history::now(),
    }
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

#[divan::bench(sample_count = 40)]
fn first_frame_with_10k_reviews(bencher: Bencher) {
    let path = &HISTORY.1;
    bencher.bench(|| {
        let at = now(Duration::ZERO);
        let store = Store::open_at(path).expect("the database opens");
        let mut trainer = Trainer::new(bank(), Config::default(), Theme::colour(), store, &at)
            .expect("the trainer starts");
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("a test terminal");
        terminal
            .draw(|frame| trainer.draw(frame, &at))
            .expect("a frame");
        terminal
    });
}

#[divan::bench(sample_count = 200)]
fn keystroke_with_3000_word_answer(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open_at(&dir.path().join("prepdeck.sqlite3")).expect("a new database");
    let start = now(Duration::ZERO);
    let mut trainer = Trainer::new(bank(), Config::default(), Theme::colour(), store, &start)
        .expect("the trainer starts");
    trainer.handle(key(KeyCode::Enter), &start);
    let sentence = "Riders who share a ride pay less and still arrive on time. ";
    let words_per_sentence = sentence.split_whitespace().count();
    let mut answer = String::new();
    for i in 0..ANSWER_WORDS / words_per_sentence {
        answer.push_str(sentence);
        if i % 6 == 5 {
            answer.push_str("\n\n");
        }
    }
    trainer.handle(Event::Paste(answer), &start);
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("a test terminal");
    terminal
        .draw(|frame| trainer.draw(frame, &start))
        .expect("a frame");
    let mut typed = 0u64;
    bencher.bench_local(|| {
        typed += 1;
        let at = now(Duration::from_millis(typed));
        let code = if typed.is_multiple_of(2) {
            KeyCode::Backspace
        } else {
            KeyCode::Char('x')
        };
        trainer.handle(key(code), &at);
        terminal
            .draw(|frame| trainer.draw(frame, &at))
            .expect("a frame");
    });
}
