//! The scorer's calibration suite: answers written blind to the rubrics (see
//! tests/calibration/README.md), four per card. Strong must beat adequate, which must beat
//! weak; strong ≥ 70, weak ≤ 45, a keyword list ≤ 30; and a strong answer to one card must
//! score ≤ 30 on an unrelated card.

use std::path::{Path, PathBuf};

use prepdeck::deck::{Bank, DeckSources};
use prepdeck::score::{Lexicon, Options, Report, score_card};

struct Case {
    card: String,
    dir: PathBuf,
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calibration");
    let mut cases: Vec<Case> = std::fs::read_dir(&root)
        .expect("tests/calibration exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| Case {
            card: e.file_name().to_string_lossy().replacen("--", "/", 1),
            dir: e.path(),
        })
        .collect();
    cases.sort_by(|a, b| a.card.cmp(&b.card));
    assert!(cases.len() >= 8, "the suite covers at least 8 cards");
    cases
}

fn bank() -> Bank {
    Bank::load(&DeckSources {
        bundled: true,
        user_dir: None,
        extra: Vec::new(),
    })
}

fn score(bank: &Bank, card_id: &str, answer: &str) -> Report {
    let card = bank
        .card(card_id)
        .unwrap_or_else(|| panic!("no bundled card {card_id}"));
    let lexicon = Lexicon::new(&bank.deck(card.id.deck()).expect("deck").thesaurus);
    score_card(
        card,
        bank.framework_for(card),
        &lexicon,
        answer,
        Options::default(),
    )
}

fn answer(case: &Case, kind: &str) -> String {
    std::fs::read_to_string(case.dir.join(format!("{kind}.md")))
        .unwrap_or_else(|e| panic!("{}/{kind}.md: {e}", case.dir.display()))
}

/// Every card's four answers, scored; all failures are reported together.
#[test]
fn answers_rank_in_order_and_within_bounds() {
    let bank = bank();
    let mut failures = Vec::new();
    let mut table = String::new();
    for case in cases() {
        let [strong, adequate, weak, keywords] = ["strong", "adequate", "weak", "keywords"]
            .map(|kind| score(&bank, &case.card, &answer(&case, kind)).score);
        table.push_str(&format!("{:<40} strong {strong:>3}  adequate {adequate:>3}  weak {weak:>3}  keywords {keywords:>3}\n", case.card));
        let checks = [
            (strong >= 70, "strong ≥ 70"),
            (strong > adequate, "strong > adequate"),
            (adequate > weak, "adequate > weak"),
            (weak <= 45, "weak ≤ 45"),
            (keywords <= 30, "keyword list ≤ 30"),
        ];
        failures.extend(
            checks
                .iter()
                .filter(|(ok, _)| !ok)
                .map(|(_, what)| format!("{}: expected {what}", case.card)),
        );
    }
    assert!(failures.is_empty(), "\n{table}\n{}", failures.join("\n"));
}

/// Cards that diagnose a drop in a headline number: one method whatever the product (check
/// the data, slice it, rule out releases and outages, alert), so related across families.
const DIAGNOSING_A_DROP: &[&str] = &["incident/dau-drop-48h", "restaurants/revenue-decline"];

/// Whether two cards share a topic, so a strong answer to one may fairly earn on the other.
fn related(a: &str, b: &str) -> bool {
    family(a) == family(b) || (DIAGNOSING_A_DROP.contains(&a) && DIAGNOSING_A_DROP.contains(&b))
}

/// Topic families: a card is unrelated to every card of another family. News Feed and
/// Reels, say, share engagement metrics by nature; a marketplace card and a social one
/// do not, and neither shares anything with a behavioral story.
fn family(card: &str) -> &'static str {
    match card.split('/').next().unwrap_or("") {
        "carpool" | "batching" | "restaurants" | "otdr" => "marketplace and logistics",
        "reels" | "news-feed" | "pymk" | "streaming" | "messenger" | "photo-upload"
        | "stickiness" | "cloud-storage" => "consumer product",
        _ if card.ends_with("-star") => "behavioral story",
        _ => "other",
    }
}

/// A strong answer earns little on a card about something else.
#[test]
fn strong_answers_do_not_transfer_to_unrelated_cards() {
    let bank = bank();
    let cases = cases();
    let mut failures = Vec::new();
    let mut pairs = 0;
    for case in &cases {
        let strong = answer(case, "strong");
        for other in cases.iter().filter(|o| !related(&o.card, &case.card)) {
            pairs += 1;
            let report = score(&bank, &other.card, &strong);
            if report.score > 30 {
                failures.push(format!(
                    "strong answer to {} scored {} on {}",
                    case.card, report.score, other.card
                ));
            }
        }
    }
    assert!(pairs >= 30, "only {pairs} unrelated pairs were compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
