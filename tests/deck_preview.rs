//! `prepdeck deck preview`: a coach tries a card in the real drill and results screens, in a
//! pseudo-terminal, and nothing is recorded: the PREPDECK_HOME stays empty (no database is
//! even created). An unknown card is a one-sentence error that leaves the terminal alone.

mod common;

use common::pty::{CTRL_C, CTRL_S, ENTER, ESC, Pty, TAB};
use common::{Home, stderr, stdout, valid_deck};

/// Files and folders in `dir`.
fn entries(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("the folder reads")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn previews_a_card_from_a_deck_file_and_records_nothing() {
    let home = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let deck = folder.path().join("team.toml");
    std::fs::write(&deck, valid_deck("team")).unwrap();
    let deck = deck.to_str().unwrap();

    let mut pty = Pty::start(
        home.path(),
        &["--decks", deck, "deck", "preview", "team/checkout"],
    );
    pty.wait_for_all(&["pacing", "Checkout redesign", "help · Preview", "leave"]);
    pty.type_text("Shoppers finish buying in fewer steps.");
    pty.send(TAB);
    pty.send(TAB);
    pty.type_text("Checkout conversion = orders / checkout starts, per week.");
    pty.wait_for("per week.");
    pty.send(CTRL_S);
    pty.wait_for("Submit this answer for scoring?");
    pty.send(ENTER);
    let results = pty.wait_for_all(&[
        "Checklist",
        "Preview results · Checkout redesign",
        "/100",
        "✓",
        "Defines checkout conversion",
        "Preview: nothing recorded",
    ]);
    assert!(!results.contains("Rate your recall"), "{results}");
    assert!(!results.contains("Again"), "no rating choices: {results}");
    pty.send(ENTER);
    assert!(pty.wait_exit().success());
    pty.with_screen(|screen| {
        assert!(!screen.alternate_screen(), "left on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor left hidden");
    });
    assert_eq!(
        entries(home.path()),
        Vec::<String>::new(),
        "nothing is written"
    );
}

#[test]
fn the_follow_up_can_be_tried_and_leaving_keeps_nothing() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::start(
        home.path(),
        &["deck", "preview", "carpool/track-performance"],
    );
    pty.wait_for("pacing");
    pty.type_text("Riders share a ride and pay less.");
    pty.send(CTRL_S);
    pty.wait_for("Submit this answer for scoring?");
    pty.send(ENTER);
    pty.wait_for_all(&["f tries the follow-up", "Follow-up"]);
    pty.send("f");
    pty.wait_for("Follow-up · ");
    pty.type_text("Half an answer");
    pty.wait_for("Half an answer");
    pty.send(ESC);
    assert!(pty.wait_exit().success());
    assert_eq!(entries(home.path()), Vec::<String>::new());

    let mut again = Pty::start(
        home.path(),
        &["deck", "preview", "carpool/track-performance"],
    );
    again.wait_for("pacing");
    again.type_text("Typed, then Ctrl-C");
    again.wait_for("then Ctrl-C");
    again.send(CTRL_C);
    assert!(again.wait_exit().success());
    assert_eq!(entries(home.path()), Vec::<String>::new());
}

#[test]
fn an_unknown_card_suggests_the_nearest_and_leaves_the_terminal_alone() {
    let home = Home::new();
    let run = home
        .cmd()
        .args(["deck", "preview", "carpool/track-performnce"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(stdout(&run), "", "no escape sequences, no screen");
    assert_eq!(
        stderr(&run),
        "prepdeck: error: there is no card `carpool/track-performnce`; did you mean `carpool/track-performance`?\n"
    );
    assert_eq!(entries(home.path()), Vec::<String>::new());
}

#[test]
fn without_a_terminal_it_says_what_to_run_instead() {
    let home = Home::new();
    let run = home
        .cmd()
        .args(["deck", "preview", "carpool/track-performance"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("a preview runs in the terminal, and this is not one; `prepdeck show carpool/track-performance`"),
        "{}",
        stderr(&run)
    );
}
