//! End-to-end: the real binary in a pseudo-terminal, read back through a terminal emulator.
//! Each test has its own PREPDECK_HOME. Waits poll the screen with generous timeouts, so a
//! loaded machine only makes them slower, never wrong.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const WAIT: Duration = Duration::from_secs(60);

struct Trainer {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Set when the pty has no more output: the process and its terminal writes are done.
    drained: Arc<AtomicBool>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Trainer {
    fn start(home: &Path) -> Trainer {
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
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
            done.store(true, Ordering::SeqCst);
        });
        let writer = pty.master.take_writer().expect("pty writer");
        Trainer {
            parser,
            drained,
            writer,
            child,
            _master: pty.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen as it is.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer
            .write_all(bytes.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Types text a few characters at a time, as a person would (not as one paste).
    fn type_text(&mut self, text: &str) {
        for chunk in text.as_bytes().chunks(8) {
            self.send(std::str::from_utf8(chunk).expect("ascii test text"));
        }
    }

    /// Waits for the process to exit and its last output to be read.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
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

const TAB: &str = "\t";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const CTRL_S: &str = "\x13";

#[test]
fn drills_the_due_queue_scores_rates_and_shows_it_in_stats() {
    let home = tempfile::tempdir().unwrap();
    let mut trainer = Trainer::start(home.path());
    trainer.wait_for("due today");
    trainer.send(ENTER);
    trainer.wait_for("pacing");
    trainer.type_text("We record every order_batched event with order_id and courier_id.");
    trainer.send(TAB);
    trainer.type_text("Batch rate = batched orders / all orders, per city and week.");
    trainer.wait_for("city and week.");
    trainer.send(CTRL_S);
    trainer.wait_for("Submit this answer for scoring?");
    trainer.send(ENTER);
    let results = trainer.wait_for("Checklist");
    assert!(results.contains("/100"), "{results}");
    assert!(results.contains("suggested:"), "{results}");
    assert!(
        results.contains('✓') || results.contains('✗') || results.contains('~'),
        "{results}"
    );
    trainer.send("3");
    let rated = trainer.wait_for("Recorded");
    assert!(rated.contains("next review"), "{rated}");
    trainer.send(ENTER);
    trainer.wait_for("pacing");
    trainer.send(ESC);
    trainer.wait_for("due today");
    trainer.send("q");
    assert!(trainer.wait_exit().success());

    let mut again = Trainer::start(home.path());
    again.wait_for("done today");
    again.send("s");
    let stats = again.wait_for("Attempts");
    assert!(stats.contains("reviews 1"), "{stats}");
    assert!(stats.contains("rated"), "{stats}");
    again.send(ENTER);
    again.wait_for("order_batched");
    again.send(ESC);
    again.wait_for("view answer");
    again.send("q");
    again.wait_for("due today");
    again.send("q");
    assert!(again.wait_exit().success());
}

/// Opens the first due card and types into its first section.
fn start_typing(trainer: &mut Trainer, text: &str) {
    trainer.wait_for("due today");
    trainer.send(ENTER);
    trainer.wait_for("pacing");
    trainer.type_text(text);
    trainer.wait_for(text);
}

#[cfg(unix)]
fn signal(trainer: &Trainer, name: &str) {
    let pid = trainer.child.process_id().expect("a pid");
    let sent = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
}

#[cfg(unix)]
#[test]
fn a_hangup_while_typing_restores_the_terminal_and_keeps_the_draft() {
    let home = tempfile::tempdir().unwrap();
    let mut trainer = Trainer::start(home.path());
    start_typing(&mut trainer, "Half an answer about batching");
    // What a closed terminal window sends; SIGTERM takes the same path.
    signal(&trainer, "HUP");
    trainer.wait_exit();
    {
        let parser = trainer.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "left on the alternate screen");
        assert!(!screen.bracketed_paste(), "bracketed paste left on");
        assert!(!screen.hide_cursor(), "cursor left hidden");
    }

    let mut again = Trainer::start(home.path());
    let home_screen = again.wait_for("r resumes");
    assert!(home_screen.contains("5 words"), "{home_screen}");
    again.send("r");
    again.wait_for("Half an answer about batching");
    again.wait_for("your draft is back");
}

#[cfg(unix)]
#[test]
fn a_killed_trainer_loses_nothing_saved_before_the_kill() {
    let home = tempfile::tempdir().unwrap();
    let mut trainer = Trainer::start(home.path());
    start_typing(&mut trainer, "Typed before the crash");
    trainer.wait_for("draft saved");
    signal(&trainer, "KILL");
    trainer.wait_exit();

    let mut again = Trainer::start(home.path());
    again.wait_for("r resumes");
    again.send("r");
    again.wait_for("Typed before the crash");
}

#[test]
fn a_pasted_answer_is_inserted_as_text() {
    let home = tempfile::tempdir().unwrap();
    let mut trainer = Trainer::start(home.path());
    start_typing(&mut trainer, "Goal first.");
    // A bracketed paste holding keys the trainer binds: Tab, Ctrl-S and Escape.
    trainer.send("\x1b[200~\tpasted line one\rpasted \x13 line two\x1b[201~");
    let screen = trainer.wait_for("pasted line one");
    assert!(screen.contains("line two"), "{screen}");
    assert!(!screen.contains("Submit this answer"), "{screen}");
    trainer.send("\x03");
    assert!(trainer.wait_exit().success());
}

#[test]
fn without_a_terminal_it_prints_help_instead_of_waiting_for_keys() {
    let home = tempfile::tempdir().unwrap();
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_prepdeck"))
        .env("PREPDECK_HOME", home.path())
        .assert()
        .success()
        .stdout(predicates::str::contains("open the trainer"));
}
