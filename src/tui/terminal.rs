//! The terminal's setup and its restoration on every way out: normal exit, error, panic
//! (a hook restores the screen before the message prints), and the signals that end a
//! process politely (SIGTERM, SIGHUP, SIGINT), which raise a flag the event loop checks, as
//! does a terminal that has hung up.
//! Also runs `$EDITOR` on a section with the trainer suspended.

use std::io::{self, Stdout, Write as _, stdout};
use std::process::Command;
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::{Frame, Terminal};

type Term = Terminal<CrosstermBackend<Stdout>>;

/// The terminal in raw mode on the alternate screen; dropping it restores the terminal.
pub struct Screen {
    /// Taken in the drop: once the terminal has hung up, ratatui's own drop would report its
    /// failure to show the cursor on that same dead terminal, and writing there panics.
    terminal: Option<Term>,
}

impl Screen {
    pub fn enter() -> io::Result<Screen> {
        install_panic_hook();
        enter_raw()?;
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(Screen {
                terminal: Some(terminal),
            }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    /// Draws a frame (only what changed since the last one reaches the terminal).
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        match &mut self.terminal {
            Some(terminal) => terminal.draw(render).map(drop),
            None => Ok(()),
        }
    }

    /// Forgets what is on the screen, so the next frame is drawn whole.
    fn clear(&mut self) -> io::Result<()> {
        match &mut self.terminal {
            Some(terminal) => terminal.clear(),
            None => Ok(()),
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let terminal = self.terminal.take();
        if terminal_hung_up() {
            std::mem::forget(terminal);
            return;
        }
        drop(terminal);
        restore();
    }
}

fn enter_raw() -> io::Result<()> {
    enable_raw_mode()?;
    if let Err(e) = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste) {
        restore();
        return Err(e);
    }
    Ok(())
}

/// Puts the terminal back as it was; safe to call more than once.
pub fn restore() {
    let _ = execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
    let _ = stdout().flush();
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Set when a signal asks the process to end.
#[derive(Clone)]
pub struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    /// Registers the flag for SIGTERM, SIGINT and (on Unix) SIGHUP, which a closed terminal
    /// window sends. Install it once per process and share it: a signal that ends one screen
    /// must still be seen by whatever was going to run next. The error is a sentence.
    pub fn install() -> Result<StopFlag, String> {
        let watch = || -> io::Result<StopFlag> {
            let flag = Arc::new(AtomicBool::new(false));
            signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&flag))?;
            signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&flag))?;
            #[cfg(unix)]
            signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&flag))?;
            Ok(StopFlag(flag))
        };
        watch().map_err(|e| format!("cannot watch for termination signals: {e}"))
    }

    /// True once a signal asked the process to end, or the terminal has gone away.
    pub fn raised(&self) -> bool {
        self.0.load(Ordering::Relaxed) || terminal_hung_up()
    }
}

/// True when the terminal has gone (its window closed, its ssh session dropped): from then
/// on reading it only returns end-of-file. Checked besides SIGHUP, which does not reach
/// every process that had the terminal.
#[cfg(unix)]
pub fn terminal_hung_up() -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    poll(&mut fds, Some(&now)).is_ok()
        && fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
}

#[cfg(not(unix))]
pub fn terminal_hung_up() -> bool {
    false
}

/// The editor to run: `$VISUAL`, then `$EDITOR`, then the platform's usual one. The value
/// may carry arguments (`code --wait`).
fn editor_command() -> Vec<String> {
    let configured = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty());
    let fallback = if cfg!(windows) { "notepad" } else { "vi" };
    configured
        .unwrap_or_else(|| fallback.to_string())
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Suspends the trainer, opens `text` in the user's editor, and returns the edited text.
/// The terminal is back in raw mode on return, whatever happened.
pub fn edit_externally(screen: &mut Screen, text: &str) -> Result<String, String> {
    let mut file = tempfile::Builder::new()
        .prefix("prepdeck-")
        .suffix(".md")
        .tempfile()
        .map_err(|e| format!("cannot create a file for the editor: {e}"))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| format!("cannot write the file for the editor: {e}"))?;
    let command = editor_command();
    let (program, args) = command
        .split_first()
        .ok_or_else(|| "set $EDITOR to the editor to use".to_string())?;
    restore();
    let status = Command::new(program).args(args).arg(file.path()).status();
    let back = enter_raw().and_then(|()| screen.clear());
    back.map_err(|e| format!("cannot take the terminal back: {e}"))?;
    match status {
        Ok(status) if status.success() => std::fs::read_to_string(file.path())
            .map_err(|e| format!("cannot read the edited text back: {e}")),
        Ok(status) => Err(format!(
            "{program} exited with {status}; the section was left as it was"
        )),
        Err(e) => Err(editor_failure(program, &e)),
    }
}

/// Why the editor did not start, short enough for the editor panel's bottom line at 80
/// columns, without Rust's `(os error N)`.
pub fn editor_failure(program: &str, error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => {
            format!("no editor `{program}` found; set $EDITOR to one that is installed")
        }
        _ => format!(
            "cannot run the editor `{program}`: {}",
            crate::deck::bank::io_reason(error)
        ),
    }
}
