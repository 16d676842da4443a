//! Scoring speed: a 1,500-word answer against a 20-item rubric (target: under 0.5 ms median
//! on one core), and every worked example of the bundled bank (target: under 100 ms). Every
//! iteration scores on the same thread, so the scorer's per-thread word cache is warm, as in
//! a session that scores answer after answer; a one-off `prepdeck score` also pays for
//! analysing each new word once.

use divan::Bencher;
use prepdeck::deck::{Bank, DeckSources};
use prepdeck::score::{Lexicon, Options, score_card, score_followup};

fn main() {
    divan::main();
}

fn bank() -> Bank {
    Bank::load(&DeckSources {
        bundled: true,
        user_dir: None,
        extra: Vec::new(),
    })
}

/// A realistic long answer: the bank's strong GSM-T answers, stitched until 1,500 words.
fn long_answer(bank: &Bank) -> String {
    let mut answer = String::new();
    let strong: Vec<&str> = bank
        .cards()
        .filter(|c| c.framework_id() == Some("gsmt"))
        .flat_map(|c| c.examples.iter())
        .filter(|e| e.min_score.is_some())
        .map(|e| e.answer.as_str())
        .collect();
    for example in strong.iter().cycle().take(200) {
        if prepdeck::text::word_count(&answer) >= 1_500 {
            break;
        }
        answer.push_str(example);
        answer.push('\n');
    }
    let words: Vec<&str> = answer.split_inclusive(char::is_whitespace).collect();
    words[..1_500.min(words.len())].concat()
}

#[divan::bench]
fn long_answer_against_twenty_items(bencher: Bencher) {
    let bank = bank();
    let card = bank
        .cards()
        .filter(|c| c.framework_id() == Some("gsmt"))
        .min_by_key(|c| c.rubric.len().abs_diff(20))
        .expect("a GSM-T card");
    let framework = bank.framework_for(card);
    let lexicon = Lexicon::new(&bank.deck(card.id.deck()).expect("deck").thesaurus);
    let answer = long_answer(&bank);
    assert!(
        prepdeck::text::word_count(&answer) >= 1_400,
        "the stitched answer is long enough"
    );
    bencher.bench_local(|| {
        score_card(
            card,
            framework,
            &lexicon,
            divan::black_box(&answer),
            Options::default(),
        )
    });
}

#[divan::bench]
fn every_bundled_example(bencher: Bencher) {
    let bank = bank();
    let lexicons: Vec<(String, Lexicon)> = bank
        .decks
        .iter()
        .map(|d| (d.id.0.clone(), Lexicon::new(&d.thesaurus)))
        .collect();
    let lexicon_of = |deck: &str| {
        &lexicons
            .iter()
            .find(|(id, _)| id == deck)
            .expect("lexicon per deck")
            .1
    };
    bencher.bench_local(|| {
        let mut total = 0u32;
        for card in bank.cards() {
            let lexicon = lexicon_of(card.id.deck());
            let framework = bank.framework_for(card);
            for example in &card.examples {
                total += u32::from(
                    score_card(
                        card,
                        framework,
                        lexicon,
                        &example.answer,
                        Options::default(),
                    )
                    .score,
                );
            }
            for followup in &card.followups {
                for example in &followup.examples {
                    total += u32::from(
                        score_followup(
                            card,
                            followup,
                            lexicon,
                            &example.answer,
                            Options::default(),
                        )
                        .score,
                    );
                }
            }
        }
        total
    });
}
