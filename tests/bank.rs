//! The bundled bank: every card id the content plan requires exists, the bank checks clean,
//! and the headline decks' worked examples separate strong from weak answers.

mod common;

use common::Home;
use predicates::prelude::*;
use prepdeck::config::RatingThresholds;
use prepdeck::deck::{Bank, DeckSources};
use prepdeck::score::{Lexicon, Options, score_card};

/// The ids fixed by the content plan: tests, docs and users' review history refer to them.
const REQUIRED_CARDS: &[&str] = &[
    "carpool/value-proposition",
    "carpool/track-performance",
    "carpool/data-model",
    "reels/launch-metrics",
    "reels/location-change",
    "reels/original-vs-shared",
    "reels/cannibalization-dashboard",
    "reels/engagement-data-model",
    "otdr/triage-plan",
    "otdr/launch-decision",
    "otdr/execution-timeline",
    "otdr/stakeholder-comms",
    "otdr/launch-safety",
    "otdr/colleague-anomaly-star",
    "pymk/private-accounts-success",
    "pymk/growth-vs-privacy",
    "pymk/cross-platform",
    "pymk/algorithm-strategy",
    "pymk/metrics-framework",
    "batching/measure-success",
    "batching/data-model",
    "streaming/engagement-levels",
    "streaming/viewing-sessions-table",
    "cloud-storage/quick-access",
    "cloud-storage/file-sharing-model",
    "stickiness/beyond-dau-mau",
    "news-feed/optimize-feed",
    "photo-upload/upload-quality",
    "messenger/engagement-churn",
    "restaurants/metrics-dimensions",
    "restaurants/revenue-decline",
    "restaurants/dashboard",
    "restaurants/growth-strategy",
    "incident/ambiguous-pm-star",
    "incident/dau-drop-48h",
    "incident/sample-size",
    "leadership/platform-design",
    "leadership/cost-explosion",
    "leadership/major-incident-star",
    "leadership/backfill-runbook",
    "leadership/slo-tiers",
    "frameworks/gsmt-layers",
    "frameworks/gsmt-vs-gosst",
    "frameworks/star-elements",
];

const HEADLINE_DECKS: &[&str] = &["carpool", "reels", "otdr", "pymk", "batching"];

fn bundled() -> Bank {
    Bank::load(&DeckSources {
        bundled: true,
        user_dir: None,
        extra: Vec::new(),
    })
}

#[test]
fn every_required_card_exists() {
    let bank = bundled();
    let missing: Vec<&&str> = REQUIRED_CARDS
        .iter()
        .filter(|id| bank.card(id).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "cards missing from the bundled bank: {missing:?}"
    );
}

#[test]
fn the_bundled_bank_loads_without_problems() {
    let bank = bundled();
    assert!(
        bank.broken.is_empty(),
        "broken bundled decks: {:?}",
        bank.broken
    );
    assert!(
        bank.diagnostics.is_empty(),
        "{}",
        bank.diagnostics
            .iter()
            .map(|d| d.render())
            .collect::<String>()
    );
    assert!(
        bank.all_frameworks().any(|f| f.id == "gsmt")
            && bank.all_frameworks().any(|f| f.id == "star")
    );
}

#[test]
fn deck_check_is_clean_on_the_bank_examples_included() {
    let home = Home::new();
    home.cmd()
        .args(["deck", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems"));
}

#[test]
fn list_shows_every_deck_with_its_card_count() {
    let home = Home::new();
    let bank = bundled();
    let mut assert = home.cmd().arg("list").assert().success();
    for deck in &bank.decks {
        let row = predicate::str::is_match(format!(
            r"(?m)^{}\s+{}\s+",
            regex_escape(&deck.id.0),
            deck.cards.len()
        ))
        .expect("valid regex");
        assert = assert.stdout(row);
    }
    let output = home
        .cmd()
        .args(["list", "--json"])
        .output()
        .expect("run list --json");
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("list --json prints JSON");
    let listed: Vec<&str> = json["decks"]
        .as_array()
        .expect("decks array")
        .iter()
        .map(|d| d["id"].as_str().unwrap_or(""))
        .collect();
    for deck in HEADLINE_DECKS {
        assert!(listed.contains(deck), "{deck} missing from list --json");
    }
    assert_eq!(json["broken"].as_array().map(Vec::len), Some(0));
}

#[test]
fn list_deck_shows_its_cards_and_an_unknown_card_points_there() {
    let home = Home::new();
    let bank = bundled();
    let reels = bank
        .decks
        .iter()
        .find(|d| d.id.0 == "reels")
        .expect("reels");
    let mut assert = home.cmd().args(["list", "reels"]).assert().success();
    for card in &reels.cards {
        let row = format!(
            r"(?m)^{}\s+\S.*\s{}$",
            regex_escape(card.id.as_str()),
            regex_escape(&card.title)
        );
        assert = assert.stdout(predicate::str::is_match(row).expect("valid regex"));
    }
    let output = home
        .cmd()
        .args(["list", "reels", "--json"])
        .output()
        .expect("run list reels --json");
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("list reels --json prints JSON");
    let cards = json["cards"].as_array().expect("cards array");
    assert_eq!(cards.len(), reels.cards.len());
    assert_eq!(cards[0]["id"], reels.cards[0].id.as_str());
    assert_eq!(cards[0]["kind"], reels.cards[0].kind.label());

    home.cmd()
        .args(["list", "reel"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "there is no deck `reel`; did you mean `reels`?",
        ));
    home.cmd()
        .args(["score", "nosuchdeck/x"])
        .write_stdin("an answer")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("there is no deck `nosuchdeck`").and(
                predicate::str::contains("`prepdeck list DECK` a deck's cards"),
            ),
        );
    home.cmd()
        .args(["score", "reels/qqqqqqqqqqqqqqqqqqqq"])
        .write_stdin("an answer")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`prepdeck list reels` lists the cards of `reels`",
        ));
}

#[test]
fn headline_decks_separate_strong_from_weak() {
    let bank = bundled();
    let options = Options {
        thresholds: RatingThresholds::default(),
        hints_used: 0,
    };
    for deck_id in HEADLINE_DECKS {
        let deck = bank.deck(deck_id).expect("headline deck present");
        let lexicon = Lexicon::new(&deck.thesaurus);
        for card in &deck.cards {
            let framework = bank.framework_for(card);
            let score_of = |label: &str| {
                let example = card
                    .examples
                    .iter()
                    .find(|e| e.label == label)
                    .unwrap_or_else(|| panic!("{} has no {label} example", card.id));
                score_card(card, framework, &lexicon, &example.answer, options).score
            };
            let (strong, weak) = (score_of("strong"), score_of("weak"));
            assert!(strong >= 70, "{}: strong example scored {strong}", card.id);
            assert!(weak <= 45, "{}: weak example scored {weak}", card.id);
        }
    }
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

#[test]
fn a_numeric_answer_in_words_is_read_and_the_report_says_how() {
    let home = Home::new();
    home.cmd()
        .args(["score", "incident/sample-size"])
        .write_stdin("About 8.4 thousand per group")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Score 100/100").and(predicate::str::contains(
                "Your answer: 8400 (read from “8.4 thousand”) · expected: 8400 users per group",
            )),
        );
}
