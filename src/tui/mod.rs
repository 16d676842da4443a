//! The trainer: a ratatui front end over the library. Screens only draw state and turn keys
//! into [`Step`]s; the [`Trainer`] applies them with the session, scorer and store. The event
//! loop here polls input with a timeout (the clock ticks a few times a second), redraws only
//! when something changed, and restores the terminal on every way out, saving the draft.

mod app;
mod browse;
mod drill;
mod home;
mod keys;
pub mod mock;
mod progress;
mod results;
mod search;
mod stats;
mod terminal;
mod theme;
mod widgets;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod svg;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event;

pub use app::{Now, Trainer, interval_label};
pub use theme::Theme;

use crate::config::Config;
use crate::deck::{Bank, CardId};
use crate::paths::Paths;
use crate::score::Rating;
use crate::session::Attempt;
use crate::store::Store;

/// How long the loop waits for input before letting the clock tick.
const TICK: Duration = Duration::from_millis(250);

/// What a screen asks the trainer to do after a key.
#[derive(Debug)]
pub enum Step {
    Stay,
    Back,
    Browse { search: bool },
    Stats,
    StartQueue,
    ResumeDraft,
    Undo,
    Drill { card: CardId },
    DrillFollowup { card: CardId, followup: String },
    Submitted(Attempt),
    LeaveDrill,
    SaveDraft,
    External { text: String },
    Rate(Rating),
    KeepUnrated,
    Continue,
}

/// True when `NO_COLOR` is set to anything but the empty string (no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Runs the trainer until the user quits; the error is a sentence for stderr. `wall` reads
/// the wall clock (fixed by `PREPDECK_NOW` for scripts and tests).
pub fn run(
    paths: &Paths,
    config: Config,
    bank: Bank,
    wall: impl Fn() -> DateTime<FixedOffset>,
) -> Result<(), String> {
    let store = Store::open(paths).map_err(|e| e.to_string())?;
    let theme = Theme::pick(&config.ui.theme, no_color());
    let stop = terminal::StopFlag::install()
        .map_err(|e| format!("cannot watch for termination signals: {e}"))?;
    let origin = Instant::now();
    let now = || Now {
        mono: origin.elapsed(),
        wall: wall(),
    };
    let mut trainer =
        Trainer::new(bank, config, theme, store, &now()).map_err(|e| e.to_string())?;
    let mut screen =
        terminal::Screen::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut screen, &mut trainer, &now, &stop)
    }));
    trainer.quit(&now());
    drop(screen);
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!(
            "the terminal stopped working ({e}); your draft was saved"
        )),
        Err(_) => Err(
            "the trainer hit a bug and stopped (the message is above); your draft was saved".into(),
        ),
    }
}

fn event_loop(
    screen: &mut terminal::Screen,
    trainer: &mut Trainer,
    now: &impl Fn() -> Now,
    stop: &terminal::StopFlag,
) -> std::io::Result<()> {
    let mut dirty = true;
    while !trainer.should_quit() {
        if stop.raised() {
            trainer.quit(&now());
            break;
        }
        if dirty {
            let at = now();
            screen.draw(|frame| trainer.draw(frame, &at))?;
            dirty = false;
        }
        if let Some(text) = trainer.take_external() {
            let result = terminal::edit_externally(screen, &text);
            trainer.external_done(result, &now());
            dirty = true;
            continue;
        }
        match event::poll(TICK) {
            Ok(true) => dirty |= trainer.handle(event::read()?, &now()),
            Ok(false) => {}
            // A signal arrived while waiting; the flag check above deals with it.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
        dirty |= trainer.tick(&now());
    }
    Ok(())
}
