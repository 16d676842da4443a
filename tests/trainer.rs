//! End-to-end: the real binary in a pseudo-terminal, read back through a terminal emulator.
//! Each test has its own PREPDECK_HOME. Waits poll the screen with generous timeouts, so a
//! loaded machine only makes them slower, never wrong.

mod common;

use std::path::Path;

use common::pty::{CTRL_C, CTRL_S, ENTER, ESC, Pty, TAB};

/// The trainer (no arguments) in a pseudo-terminal.
fn open_trainer(home: &Path) -> Pty {
    Pty::start(home, &[])
}

#[test]
fn drills_the_due_queue_scores_rates_and_shows_it_in_stats() {
    let home = tempfile::tempdir().unwrap();
    let mut trainer = open_trainer(home.path());
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

    let mut again = open_trainer(home.path());
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
fn start_typing(trainer: &mut Pty, text: &str) {
    trainer.wait_for("due today");
    trainer.send(ENTER);
    trainer.wait_for("pacing");
    trainer.type_text(text);
    trainer.wait_for(text);
}

#[cfg(unix)]
fn signal(trainer: &Pty, name: &str) {
    let pid = trainer.pid();
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
    let mut trainer = open_trainer(home.path());
    start_typing(&mut trainer, "Half an answer about batching");
    // What a closed terminal window sends; SIGTERM takes the same path.
    signal(&trainer, "HUP");
    trainer.wait_exit();
    trainer.with_screen(|screen| {
        assert!(!screen.alternate_screen(), "left on the alternate screen");
        assert!(!screen.bracketed_paste(), "bracketed paste left on");
        assert!(!screen.hide_cursor(), "cursor left hidden");
    });

    let mut again = open_trainer(home.path());
    let home_screen = again.wait_for("r resumes");
    assert!(home_screen.contains("5 words"), "{home_screen}");
    again.send("r");
    again.wait_for("Half an answer about batching");
    again.wait_for("your draft is back");
}

#[test]
fn a_closed_terminal_ends_the_trainer_and_keeps_the_draft() {
    let home = tempfile::tempdir().unwrap();
    let mut trainer = open_trainer(home.path());
    start_typing(&mut trainer, "Written just before the window closed");
    trainer.hang_up();
    let status = trainer.wait_exit();
    assert!(
        status.success(),
        "a hung-up terminal is a normal way out: {status:?}"
    );

    let mut again = open_trainer(home.path());
    again.wait_for("r resumes");
    again.send("r");
    again.wait_for("Written just before the window closed");
}

#[cfg(unix)]
#[test]
fn a_killed_trainer_loses_nothing_saved_before_the_kill() {
    let home = tempfile::tempdir().unwrap();
    let mut trainer = open_trainer(home.path());
    start_typing(&mut trainer, "Typed before the crash");
    trainer.wait_for("draft saved");
    signal(&trainer, "KILL");
    trainer.wait_exit();

    let mut again = open_trainer(home.path());
    again.wait_for("r resumes");
    again.send("r");
    again.wait_for("Typed before the crash");
    // The cursor comes back after the restored text, so typing continues the draft.
    again.type_text(", and after");
    again.wait_for("Typed before the crash, and after");
}

#[test]
fn a_pasted_answer_is_inserted_as_text() {
    let home = tempfile::tempdir().unwrap();
    let mut trainer = open_trainer(home.path());
    start_typing(&mut trainer, "Goal first.");
    // A bracketed paste holding keys the trainer binds: Tab, Ctrl-S and Escape.
    trainer.send("\x1b[200~\tpasted line one\rpasted \x13 line two\x1b[201~");
    let screen = trainer.wait_for("pasted line one");
    assert!(screen.contains("line two"), "{screen}");
    assert!(!screen.contains("Submit this answer"), "{screen}");
    trainer.send(CTRL_C);
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
