//! End-to-end mock interview: the real binary in a pseudo-terminal sits a two-question mock
//! with limits of a few seconds (a plan in the temporary decks folder), then the stored
//! report is listed and exported through the CLI, and merged with the history by
//! `report merge`.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::pty::{CTRL_C, CTRL_S, ESC, Pty, TAB};

const TINY_PLAN: &str = r#"
[[mock]]
id = "tiny"
title = "Tiny mock"
time_limit = "40s"

[[mock.questions]]
card = "otdr/triage-plan"
time_limit = "3s"
followups = []

[[mock.questions]]
card = "otdr/launch-decision"
time_limit = "20s"
followups = []
"#;

/// A temporary data folder whose decks folder holds the tiny plan.
fn home_with_tiny_plan() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("decks")).unwrap();
    std::fs::write(home.path().join("decks/mocks.toml"), TINY_PLAN).unwrap();
    home
}

/// `prepdeck mock list --json`, parsed.
fn mock_list(home: &Path) -> serde_json::Value {
    let listed = prepdeck(home)
        .args(["mock", "list", "--json"])
        .output()
        .unwrap();
    assert!(listed.status.success());
    serde_json::from_slice(&listed.stdout).unwrap()
}

fn prepdeck(home: &Path) -> Command {
    let mut command = Command::cargo_bin("prepdeck").expect("the binary");
    command.env("PREPDECK_HOME", home);
    command
}

#[test]
fn a_two_question_mock_times_out_submits_and_reports() {
    let home = home_with_tiny_plan();

    let mut pty = Pty::start(home.path(), &["mock", "tiny"]);
    pty.wait_for("Question 1");
    pty.type_text("Contain the rollout and freeze the metric.");
    pty.wait_for("Contain the rollout");
    // The first question's 3 seconds run out: its answer is locked and the second one asked.
    pty.wait_for("Question 2");
    pty.type_text("Block the launch until the carriers are checked.");
    pty.wait_for("Block the launch");
    pty.send(CTRL_S);
    pty.wait_for("Hand in this answer");
    pty.send("y");
    let report = pty.wait_for_all(&["Verdict", "Mock interview: Tiny mock"]);
    assert!(
        !report.contains("**"),
        "the screen shows no Markdown marks: {report}"
    );
    pty.send("q");
    assert!(pty.wait_exit().success());

    let mocks = mock_list(home.path());
    let mock = &mocks[0];
    assert_eq!(mock["plan"], "tiny");
    assert!(mock["finished_at"].is_string());
    let id = mock["id"].as_str().unwrap();

    let exported = prepdeck(home.path())
        .args(["mock", "report", &id[..8], "--format", "markdown"])
        .output()
        .unwrap();
    assert!(exported.status.success());
    let markdown = String::from_utf8(exported.stdout).unwrap();
    assert!(
        markdown.starts_with("# Mock interview: Tiny mock\n"),
        "{markdown}"
    );
    assert!(markdown.contains(
        "- Scale: very weak 0–34 · weak 35–49 · neutral 50–64 · strong 65–79 · very strong 80–100"
    ));
    assert!(markdown.contains("## Question 1: "), "{markdown}");
    assert!(
        markdown.contains("Time: 00:03 of 00:03 (100% of the time), time up, locked."),
        "{markdown}"
    );
    assert!(
        markdown.contains("> Contain the rollout and freeze the metric."),
        "{markdown}"
    );
    assert!(markdown.contains("## Question 2: "));
    assert!(markdown.contains(", submitted."));
    assert!(markdown.contains("> Block the launch until the carriers are checked."));
    assert!(markdown.contains("#### Checklist"));
    assert!(markdown.contains("## Practise next\n\n1. "));
    assert!(markdown.contains("This is your first mock"));

    let json = prepdeck(home.path())
        .args(["mock", "report", id, "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["questions"][0]["parts"][0]["end"], "time-up");
    assert_eq!(report["questions"].as_array().unwrap().len(), 2);
    assert_eq!(report["schema_version"], 1);

    // A coach merges the mock report with the same candidate's exported history: both
    // hold an answer to each of the two cards.
    std::fs::write(home.path().join("mock.json"), &json.stdout).unwrap();
    let exported = prepdeck(home.path())
        .args(["export", "--out", "history.json"])
        .current_dir(home.path())
        .output()
        .unwrap();
    assert!(exported.status.success());
    let merged = prepdeck(home.path())
        .args(["report", "merge", "mock.json", "history.json"])
        .current_dir(home.path())
        .output()
        .unwrap();
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let cohort = String::from_utf8(merged.stdout).unwrap();
    assert!(
        cohort.contains("2 candidates, one per file: mock, history."),
        "{cohort}"
    );
    assert!(
        cohort.contains("### `otdr/triage-plan`: 2 candidates"),
        "{cohort}"
    );
    assert!(
        cohort.contains("### `otdr/launch-decision`: 2 candidates"),
        "{cohort}"
    );

    // Mock answers feed the schedule like drills do.
    let history = prepdeck(home.path())
        .args(["history", "otdr/triage-plan", "--json"])
        .output()
        .unwrap();
    assert!(history.status.success());
    assert!(String::from_utf8_lossy(&history.stdout).contains("review"));
}

#[test]
fn an_interviewer_ticks_takes_notes_and_gets_the_same_report() {
    let home = home_with_tiny_plan();

    let mut pty = Pty::start(home.path(), &["mock", "tiny", "--interviewer"]);
    pty.wait_for("read it aloud");
    pty.send("1");
    pty.wait_for("1 [x]");
    pty.send("3");
    pty.wait_for("3 [x]");
    pty.send(TAB);
    pty.type_text("Clear plan, no owner named");
    pty.wait_for("Clear plan, no owner named");
    // Interviewer mode has no hard stops: the coach moves on when the candidate is done.
    pty.send(CTRL_S);
    pty.wait_for("Question 2");
    pty.send(CTRL_S);
    pty.wait_for("Verdict");
    pty.send("q");
    assert!(pty.wait_exit().success());

    let mocks = mock_list(home.path());
    assert_eq!(mocks[0]["mode"], "interviewer");
    let id = mocks[0]["id"].as_str().unwrap();
    let exported = prepdeck(home.path())
        .args(["mock", "report", id])
        .output()
        .unwrap();
    let markdown = String::from_utf8(exported.stdout).unwrap();
    assert!(markdown.contains("interviewer mode"), "{markdown}");
    assert!(markdown.contains("#### Interviewer's notes"), "{markdown}");
    assert!(
        markdown.contains("Clear plan, no owner named"),
        "{markdown}"
    );
    assert_eq!(
        markdown.matches("ticked by the interviewer").count(),
        2,
        "{markdown}"
    );
}

#[test]
fn a_fresh_mock_ends_the_unfinished_one_with_its_report() {
    let home = home_with_tiny_plan();

    let mut pty = Pty::start(home.path(), &["mock", "tiny"]);
    pty.wait_for("Question 1");
    pty.type_text("Contain the rollout first.");
    pty.wait_for("Contain the rollout first.");
    pty.send(ESC);
    pty.wait_for("Leave the mock?");
    pty.send("s");
    assert!(pty.wait_exit().success());
    let listed = prepdeck(home.path())
        .args(["mock", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains("unfinished"));

    let mut pty = Pty::start(home.path(), &["mock", "tiny", "--fresh"]);
    pty.wait_for("Question 1");
    pty.send(CTRL_C);
    assert!(pty.wait_exit().success());

    let mocks = mock_list(home.path());
    let mocks = mocks.as_array().unwrap();
    assert_eq!(mocks.len(), 2);
    assert!(mocks[0]["finished_at"].is_string(), "the old one was ended");
    assert!(mocks[0]["verdict"].is_string(), "and reported");
    assert!(
        mocks[1]["finished_at"].is_null(),
        "the new one waits to resume"
    );
    let id = mocks[0]["id"].as_str().unwrap();
    let exported = prepdeck(home.path())
        .args(["mock", "report", id])
        .output()
        .unwrap();
    let markdown = String::from_utf8(exported.stdout).unwrap();
    assert!(
        markdown.contains("> Contain the rollout first."),
        "{markdown}"
    );
}

#[test]
fn a_mock_picked_on_home_runs_and_comes_back_to_home() {
    let home = home_with_tiny_plan();

    let mut pty = Pty::start(home.path(), &[]);
    pty.wait_for("m mock");
    pty.send("m");
    pty.wait_for("Mock interviews");
    // The plans are listed by id: the bundled ones, then `tiny`.
    pty.send("jjj");
    pty.wait_for("▸ tiny");
    pty.send("\r");
    // No typing here: the first question's three seconds may run out on a loaded machine.
    pty.wait_for("Question 1");
    pty.send(CTRL_C);
    pty.wait_for("The mock was saved; m goes on with it.");
    pty.send("m");
    pty.wait_for("Go on with the unfinished mock (tiny");
    // Waited for, not read off the screen above: a frame can arrive in pieces.
    pty.wait_for("Starting another mock ends the unfinished one");
    pty.send("q");
    pty.wait_for("m mock");
    pty.send("q");
    assert!(pty.wait_exit().success());

    let mocks = mock_list(home.path());
    assert_eq!(mocks[0]["plan"], "tiny");
    assert!(mocks[0]["finished_at"].is_null(), "it waits to be resumed");
}

#[test]
fn report_ids_that_match_nothing_are_explained() {
    let home = tempfile::tempdir().unwrap();
    let output = prepdeck(home.path())
        .args(["mock", "report", "nope"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("there is no mock `nope`"), "{stderr}");
}

#[test]
fn the_bundled_plans_are_listed() {
    let home = tempfile::tempdir().unwrap();
    let output = prepdeck(home.path())
        .args(["mock", "plans"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    for id in ["behavioral", "otdr-case", "product-sense"] {
        assert!(stdout.contains(id), "{stdout}");
    }
}

#[test]
fn a_mistyped_plan_or_deck_is_named_before_the_terminal_is_asked_for() {
    let home = tempfile::tempdir().unwrap();
    for (args, expected) in [
        (&["mock", "nosuch"][..], "there is no mock plan `nosuch`"),
        (&["mock", "otdr-cas"][..], "did you mean `otdr-case`?"),
        (
            &["mock", "--deck", "reel"][..],
            "there is no deck `reel`; did you mean `reels`?",
        ),
        (
            &["mock", "--tags", "no-such-tag"][..],
            "no card matches those filters",
        ),
        (
            &["mock", "otdr-case"][..],
            "a mock runs in the terminal, and this is not one",
        ),
    ] {
        // Standard input is piped, so only arguments that pass reach the terminal check.
        let output = prepdeck(home.path()).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_ne!(output.status.code(), Some(0), "{args:?}");
    }
}
