//! Follows content/README.md as a coach would: takes the walkthrough's deck (which defines its
//! own framework) and its answer from the guide itself, checks and lints the deck, scores the
//! answer in that framework's sections, and drills the card with the guide's own preview
//! command in a pseudo-terminal. If the guide's example stops working, this fails.

mod common;

use common::pty::{CTRL_S, ENTER, Pty, TAB};
use common::{Home, stderr, stdout};
use serde_json::Value;

const GUIDE: &str = include_str!("../content/README.md");

/// The first fenced block of `language` after `heading`.
fn block_after(heading: &str, language: &str) -> String {
    let start = GUIDE
        .find(heading)
        .unwrap_or_else(|| panic!("the guide has the heading `{heading}`"));
    let fence = format!("```{language}\n");
    let open = GUIDE[start..]
        .find(&fence)
        .map(|i| start + i + fence.len())
        .unwrap_or_else(|| panic!("a ```{language} block follows `{heading}`"));
    let close = GUIDE[open..].find("\n```").expect("the block is closed") + open;
    GUIDE[open..=close].to_string()
}

#[test]
fn the_walkthrough_deck_checks_lints_and_scores_in_its_own_framework() {
    let heading = "## Walkthrough: a deck with its own framework";
    let deck = block_after(heading, "toml");
    let answer = block_after(heading, "markdown");
    assert!(deck.contains("[[frameworks]]") && deck.contains("[[frameworks.sections]]"));

    let home = Home::new();
    let folder = tempfile::tempdir().unwrap();
    let deck_file = folder.path().join("premortem.toml");
    let answer_file = folder.path().join("answer.md");
    std::fs::write(&deck_file, &deck).unwrap();
    std::fs::write(&answer_file, &answer).unwrap();

    for command in ["check", "lint"] {
        let run = home
            .cmd()
            .args(["deck", command])
            .arg(&deck_file)
            .output()
            .unwrap();
        assert!(run.status.success(), "deck {command}:\n{}", stdout(&run));
        assert!(
            stdout(&run).ends_with("1 card, 2 worked examples: no problems\n"),
            "{}",
            stdout(&run)
        );
    }

    let scored = home
        .cmd()
        .arg("--decks")
        .arg(&deck_file)
        .args(["score", "premortem/checkout-redesign", "--json", "--answer"])
        .arg(&answer_file)
        .output()
        .unwrap();
    assert!(scored.status.success(), "{}", stderr(&scored));
    let report: Value = serde_json::from_slice(&scored.stdout).unwrap();
    let sections: Vec<(&str, bool)> = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["present"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        sections,
        [
            ("failure", true),
            ("causes", true),
            ("signals", true),
            ("safeguards", true)
        ]
    );
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 7, "five card items and the framework's two");
    let framework_items: Vec<&str> = items
        .iter()
        .filter(|i| i["from"] == "framework")
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(framework_items, ["safeguards-quantified", "causes-largest"]);
    assert!(items.iter().all(|i| i["status"] == "hit"), "{report:#}");
    let kill_switch = items
        .iter()
        .find(|i| i["id"] == "safeguard-rollout")
        .unwrap();
    assert!(
        kill_switch["evidence"]
            .as_str()
            .unwrap()
            .contains("feature flag"),
        "the deck's thesaurus maps \"feature flag\" to the kill switch: {kill_switch:#}"
    );
    assert!(report["score"].as_u64().unwrap() >= 75);
}

/// The arguments of the guide's command line that contains `text`, without `prepdeck`.
fn command_with(text: &str) -> Vec<String> {
    let line = GUIDE
        .lines()
        .find(|l| l.starts_with("prepdeck ") && l.contains(text))
        .unwrap_or_else(|| panic!("the guide has a command with `{text}`"));
    line.split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// The text under each `## Heading` of a Markdown answer, in order.
fn section_bodies(answer: &str) -> Vec<String> {
    answer
        .split("## ")
        .skip(1)
        .map(|section| {
            let (_, body) = section.split_once('\n').expect("a heading line");
            body.trim().to_string()
        })
        .collect()
}

#[test]
fn the_walkthrough_card_drills_with_the_guides_preview_command() {
    let heading = "## Walkthrough: a deck with its own framework";
    let deck = block_after(heading, "toml");
    let answer = block_after(heading, "markdown");
    let home = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let deck_file = folder.path().join("premortem.toml");
    std::fs::write(&deck_file, &deck).unwrap();
    let deck_path = deck_file.to_str().unwrap().to_string();

    let args: Vec<String> = command_with("deck preview premortem/")
        .into_iter()
        .map(|arg| {
            if arg == "premortem.toml" {
                deck_path.clone()
            } else {
                arg
            }
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut pty = Pty::start(home.path(), &args);
    pty.wait_for_all(&["pacing", "Failure", "Safeguards"]);
    let sections = section_bodies(&answer);
    assert_eq!(sections.len(), 4);
    for (index, body) in sections.iter().enumerate() {
        if index > 0 {
            pty.send(TAB);
        }
        // Pasted, as a coach trying an answer from a file would.
        pty.send(&format!("\x1b[200~{body}\x1b[201~"));
        let last_line = body.lines().last().expect("a line");
        pty.wait_for(&last_line[..last_line.len().min(40)]);
    }
    pty.send(CTRL_S);
    pty.wait_for("Submit this answer for scoring?");
    pty.send(ENTER);
    pty.wait_for_all(&["Checklist 7/7", "Preview: nothing recorded"]);
    pty.send(ENTER);
    assert!(pty.wait_exit().success());
    assert!(
        std::fs::read_dir(home.path()).unwrap().next().is_none(),
        "a preview records nothing"
    );
}
