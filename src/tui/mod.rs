//! The trainer: a ratatui front end over the library. Screens only draw state and turn keys
//! into [`Step`]s; the [`Trainer`] applies them with the session, scorer and store, and a
//! [`preview`] of one card applies them with the scorer alone. The event loop here polls input
//! with a timeout (the clock ticks a few times a second), redraws only when something changed,
//! and restores the terminal on every way out, saving the draft.

mod app;
mod browse;
mod drill;
mod home;
mod keys;
pub mod mock;
mod mock_picker;
mod preview;
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
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event};

pub use app::{Now, Trainer};
pub use terminal::StopFlag;
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
    OpenMocks,
    SitMock(mock_picker::MockRequest),
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

/// What the event loop runs: the trainer, or the preview of one card.
trait Frontend {
    /// Its name in messages: "the trainer".
    const NAME: &'static str;
    /// What became of the user's work when it stops on an error, to end the message.
    const AFTERMATH: &'static str;

    fn should_quit(&self) -> bool;
    /// Draws the whole screen.
    fn draw(&mut self, frame: &mut Frame, now: &Now);
    /// Handles one terminal event; returns whether the screen needs redrawing.
    fn handle(&mut self, event: Event, now: &Now) -> bool;
    /// Lets the clock act; returns whether the screen needs redrawing.
    fn tick(&mut self, now: &Now) -> bool;
    /// The text of a section to edit in `$EDITOR`, when a screen asked for it.
    fn take_external(&mut self) -> Option<String>;
    /// The section's text back from `$EDITOR`, or why the editor could not run.
    fn external_done(&mut self, result: Result<String, String>, now: &Now);
    /// Stops, keeping whatever it keeps: for Ctrl-C, signals and crashes.
    fn quit(&mut self, now: &Now);
}

impl Frontend for Trainer {
    const NAME: &'static str = "the trainer";
    const AFTERMATH: &'static str = "your draft was saved";

    fn should_quit(&self) -> bool {
        Trainer::should_quit(self)
    }
    fn draw(&mut self, frame: &mut Frame, now: &Now) {
        Trainer::draw(self, frame, now);
    }
    fn handle(&mut self, event: Event, now: &Now) -> bool {
        Trainer::handle(self, event, now)
    }
    fn tick(&mut self, now: &Now) -> bool {
        Trainer::tick(self, now)
    }
    fn take_external(&mut self) -> Option<String> {
        Trainer::take_external(self)
    }
    fn external_done(&mut self, result: Result<String, String>, now: &Now) {
        Trainer::external_done(self, result, now);
    }
    fn quit(&mut self, now: &Now) {
        Trainer::quit(self, now);
    }
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
    let origin = Instant::now();
    let now = || Now {
        mono: origin.elapsed(),
        wall: wall(),
    };
    let stop = StopFlag::install()?;
    let mut trainer =
        Trainer::new(bank, config, theme, store, &now()).map_err(|e| e.to_string())?;
    loop {
        on_screen(&mut trainer, &now, &stop)?;
        match trainer.take_mock_request() {
            Some(request) if !stop.raised() => trainer.sit_mock(request, &stop, &now)?,
            _ => return Ok(()),
        }
        if stop.raised() {
            return Ok(());
        }
    }
}

/// Opens the drill screen for `card` in practice mode, then its results, and returns when the
/// user leaves. No database is opened: nothing is saved, recorded or scheduled.
pub fn preview(
    card: &CardId,
    bank: Bank,
    config: Config,
    wall: impl Fn() -> DateTime<FixedOffset>,
) -> Result<(), String> {
    let theme = Theme::pick(&config.ui.theme, no_color());
    let origin = Instant::now();
    let now = || Now {
        mono: origin.elapsed(),
        wall: wall(),
    };
    let mut preview = preview::Preview::new(bank, config, theme, card, &now())
        .ok_or_else(|| format!("there is no card `{card}` to preview"))?;
    on_screen(&mut preview, &now, &StopFlag::install()?)
}

/// Runs `frontend` in the terminal until it quits, restoring the terminal on every way out.
fn on_screen<F: Frontend>(
    frontend: &mut F,
    now: &impl Fn() -> Now,
    stop: &StopFlag,
) -> Result<(), String> {
    let mut screen =
        terminal::Screen::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut screen, frontend, now, stop)
    }));
    frontend.quit(&now());
    drop(screen);
    match outcome {
        Ok(Ok(())) => Ok(()),
        // A closed window can fail a write before the hang-up is noticed: still a way out.
        Ok(Err(_)) if terminal::terminal_hung_up() => Ok(()),
        Ok(Err(e)) => Err(format!(
            "the terminal stopped working ({e}); {}",
            F::AFTERMATH
        )),
        Err(_) => Err(format!(
            "{} hit a bug and stopped (the message is above); {}",
            F::NAME,
            F::AFTERMATH
        )),
    }
}

fn event_loop(
    screen: &mut terminal::Screen,
    frontend: &mut impl Frontend,
    now: &impl Fn() -> Now,
    stop: &StopFlag,
) -> std::io::Result<()> {
    let mut dirty = true;
    while !frontend.should_quit() {
        if stop.raised() {
            frontend.quit(&now());
            break;
        }
        if dirty {
            let at = now();
            screen.draw(|frame| frontend.draw(frame, &at))?;
            dirty = false;
        }
        if let Some(text) = frontend.take_external() {
            let result = terminal::edit_externally(screen, &text);
            frontend.external_done(result, &now());
            dirty = true;
            continue;
        }
        match event::poll(TICK) {
            Ok(true) => dirty |= frontend.handle(event::read()?, &now()),
            Ok(false) => {}
            // A signal arrived while waiting; the flag check above deals with it.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
        dirty |= frontend.tick(&now());
    }
    Ok(())
}
