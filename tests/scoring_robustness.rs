//! Hostile answers: empty, huge, binary, every Unicode category, headings only, thousands of
//! headings. Each is scored without a panic and within bounds; speed is measured by the
//! benchmark in benches/scoring.rs, not here.

use prepdeck::deck::{Bank, Card, DeckSources, Framework};
use prepdeck::score::{Lexicon, Options, Report, score_card};

fn score(card_id: &str, answer: &str) -> Report {
    let bank = Bank::load(&DeckSources {
        bundled: true,
        user_dir: None,
        extra: Vec::new(),
    });
    let card: &Card = bank.card(card_id).expect("bundled card");
    let framework: Option<&Framework> = bank.framework_for(card);
    let deck = bank.deck(card.id.deck()).expect("its deck");
    score_card(
        card,
        framework,
        &Lexicon::new(&deck.thesaurus),
        answer,
        Options::default(),
    )
}

fn assert_sane(report: &Report) {
    assert!(report.score <= 100);
    assert!(!report.items.is_empty());
    for item in &report.items {
        assert!((0.0..=1.0).contains(&item.credit), "{item:?}");
        if let Some(evidence) = &item.evidence {
            assert!(
                !prepdeck::text::has_control(evidence),
                "control characters in evidence"
            );
        }
    }
}

#[test]
fn empty_answer_scores_zero() {
    for answer in ["", "   \n\n\t", "\n## Goals\n"] {
        let report = score("carpool/track-performance", answer);
        assert_sane(&report);
        assert_eq!(report.score, 0, "{answer:?}");
    }
    assert_eq!(score("carpool/track-performance", "").flags, ["empty"]);
}

#[test]
fn one_megabyte_answer_is_scored() {
    let paragraph = "We would track the share of carpool requests that find a match within five minutes, split by city and hour. ";
    let answer = paragraph.repeat(1_000_000 / paragraph.len() + 1);
    assert!(answer.len() >= 1_000_000);
    let report = score("carpool/track-performance", &answer);
    assert_sane(&report);
    assert!(report.flags.contains(&"truncated".to_string()));
}

#[test]
fn binary_garbage_is_scored_low() {
    let bytes: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let answer = String::from_utf8_lossy(&bytes);
    let report = score("reels/launch-metrics", &answer);
    assert_sane(&report);
    assert!(report.score <= 10, "garbage scored {}", report.score);
}

#[test]
fn every_unicode_category_is_handled() {
    let answer = "## Goals\n🚗🚗 Riders 😀 save money; 中文的回答 with العربية (RTL \u{202e}reversed\u{202c}) text.\n\
                  ## Signals\nZero\u{200b}width\u{200d}joiners, combining e\u{301}\u{301}\u{301} marks, ﬁ ligatures, ＦＵＬＬ width.\n\
                  ## Metrics\nMatch rate = matched / requested 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{1b}[31m escape \u{7} bell\n## Targets\n+3pp in 6 weeks ✓";
    let report = score("carpool/track-performance", answer);
    assert_sane(&report);
    assert_eq!(report.sections.iter().filter(|s| s.present).count(), 4);
}

#[test]
fn heading_only_answer_has_sections_but_no_credit() {
    let report = score(
        "carpool/track-performance",
        "## Goals\n## Signals\n## Metrics\n## Targets\n",
    );
    assert_sane(&report);
    assert_eq!(report.score, 0);
    assert!(report.sections.iter().all(|s| !s.present));
}

#[test]
fn ten_thousand_headings_are_scored() {
    let answer = "## Goals\nGrow shared rides.\n".repeat(10_000);
    let report = score("carpool/track-performance", &answer);
    assert_sane(&report);
    assert!(report.score < 50);
}

#[test]
fn same_input_same_report() {
    let answer = "## Metrics\nMatch rate = matched requests / all requests, per city, daily.\n## Targets\nLift match rate 5pp within 8 weeks.";
    assert_eq!(
        score("carpool/track-performance", answer),
        score("carpool/track-performance", answer)
    );
}
