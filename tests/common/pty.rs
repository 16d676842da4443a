//! The real binary in a pseudo-terminal, read back through a terminal emulator (vt100). Waits
//! poll the screen with generous timeouts, so a loaded machine only makes tests slower, never
//! wrong.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const WAIT: Duration = Duration::from_secs(60);

pub const TAB: &str = "\t";
pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const CTRL_C: &str = "\x03";
pub const CTRL_S: &str = "\x13";

/// prepdeck running in a 100×30 pseudo-terminal.
pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Set when the pty has no more output: the process and its terminal writes are done.
    drained: Arc<AtomicBool>,
    /// Asks the reading thread to let go of the terminal, as a closed window does.
    hang_up: Arc<AtomicBool>,
    /// `None` once the terminal is hung up.
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
}

impl Pty {
    /// Starts `prepdeck ARGS...` with `home` as PREPDECK_HOME, colour on, and no editor from
    /// the developer's environment.
    pub fn start(home: &Path, args: &[&str]) -> Pty {
        let (rows, cols) = (30, 100);
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_prepdeck"));
        command.args(args);
        command.env("PREPDECK_HOME", home);
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        command.env_remove("EDITOR");
        command.env_remove("VISUAL");
        let child = pty.slave.spawn_command(command).expect("start prepdeck");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&parser);
        let drained = Arc::new(AtomicBool::new(false));
        let done = Arc::clone(&drained);
        let hang_up = Arc::new(AtomicBool::new(false));
        let let_go = Arc::clone(&hang_up);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || let_go.load(Ordering::SeqCst) {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
            done.store(true, Ordering::SeqCst);
        });
        let writer = pty.master.take_writer().expect("pty writer");
        Pty {
            parser,
            drained,
            hang_up,
            writer: Some(writer),
            child,
            master: Some(pty.master),
        }
    }

    /// The text on the screen now.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Looks at the emulated screen's state (modes, cursor), not just its text.
    pub fn with_screen<R>(&self, look: impl FnOnce(&vt100::Screen) -> R) -> R {
        look(self.parser.lock().unwrap().screen())
    }

    /// Waits until the screen shows `text`; fails with the screen as it is.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_all(&[text])
    }

    /// Waits until one screen shows every text, and returns it: a frame caught half drawn can
    /// hold the first text without the rest.
    pub fn wait_for_all(&self, texts: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if texts.iter().all(|text| screen.contains(text)) {
                return screen;
            }
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for {texts:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends bytes at once: a key, or a paste.
    pub fn send(&mut self, bytes: &str) {
        let writer = self.writer.as_mut().expect("the terminal is still there");
        writer.write_all(bytes.as_bytes()).expect("write to pty");
        writer.flush().expect("flush pty");
    }

    /// Closes the terminal as a closed window does: every handle on its master side goes,
    /// the reader's with the next output it reads (a ticking clock supplies some).
    pub fn hang_up(&mut self) {
        self.hang_up.store(true, Ordering::SeqCst);
        self.writer = None;
        self.master = None;
    }

    /// Types text a few characters at a time, as a person would (not as one paste).
    pub fn type_text(&mut self, text: &str) {
        for chunk in text.as_bytes().chunks(8) {
            self.send(std::str::from_utf8(chunk).expect("ascii test text"));
        }
    }

    /// The process id, to send it signals.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    /// Waits for the process to exit and its last output to be read.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child status")
                && self.drained.load(Ordering::SeqCst)
            {
                return status;
            }
            assert!(
                start.elapsed() < WAIT,
                "prepdeck did not exit; the screen shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
