//! `prepdeck deck check`: the coach's compiler. Every problem in every file in one run,
//! located and explained, plus every worked example scored against its range.

use std::path::{Path, PathBuf};

use super::{Failure, Outcome, deck_sources};
use crate::config::RatingThresholds;
use crate::deck::{Bank, Deck, DeckSources, Diagnostic, Example, RubricItem, Severity};
use crate::paths::Paths;
use crate::score::{self, Lexicon, Options, Report, Status};

pub fn run(cli_decks: &[PathBuf], paths: &[PathBuf]) -> Outcome {
    for path in paths {
        if !path.exists() {
            return Err(Failure::usage(format!(
                "cannot check `{}`: it does not exist",
                path.display()
            )));
        }
    }
    let sources = if paths.is_empty() {
        let home = Paths::discover().map_err(Failure::new)?;
        deck_sources(&home, cli_decks)?
    } else {
        // The bundled bank stays loaded so the checked decks can use its frameworks.
        DeckSources {
            bundled: true,
            user_dir: None,
            extra: paths.to_vec(),
        }
    };
    let bank = Bank::load(&sources);
    let in_scope =
        |path: &str| paths.is_empty() || paths.iter().any(|p| Path::new(path).starts_with(p));
    let mut diagnostics: Vec<Diagnostic> = bank
        .diagnostics
        .iter()
        .filter(|d| in_scope(&d.path))
        .cloned()
        .collect();
    let checked: Vec<&Deck> = bank
        .decks
        .iter()
        .filter(|d| in_scope(&d.origin.display()))
        .collect();
    let mut examples = 0;
    for deck in &checked {
        let (count, problems) = check_examples(&bank, deck);
        examples += count;
        diagnostics.extend(problems);
    }
    for diagnostic in &diagnostics {
        print!("{}", diagnostic.render());
        println!();
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let cards: usize = checked.iter().map(|d| d.cards.len()).sum();
    let broken = bank.broken.iter().filter(|b| in_scope(&b.path)).count();
    let decks = format!(
        "{} deck{}",
        checked.len() + broken,
        plural(checked.len() + broken)
    );
    if diagnostics.is_empty() {
        println!("checked {decks}, {cards} cards, {examples} worked examples: no problems");
        Ok(0)
    } else {
        println!(
            "checked {decks}, {cards} cards, {examples} worked examples: {errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
        Ok(1)
    }
}

/// Scores every worked example of a deck (cards and follow-ups) against its range.
pub fn check_examples(bank: &Bank, deck: &Deck) -> (usize, Vec<Diagnostic>) {
    let lexicon = Lexicon::new(&deck.thesaurus);
    let path = deck.origin.display();
    let options = Options {
        thresholds: RatingThresholds::default(),
        hints_used: 0,
    };
    let mut count = 0;
    let mut problems = Vec::new();
    for card in &deck.cards {
        let framework = bank.framework_for(card);
        let items = card
            .rubric
            .iter()
            .chain(card.followups.iter().flat_map(|f| f.rubric.iter()));
        problems.extend(items.flat_map(|item| hollow_phrases(&path, &lexicon, item)));
        for example in &card.examples {
            count += 1;
            let report = score::score_card(card, framework, &lexicon, &example.answer, options);
            problems.extend(out_of_range(&path, example, &report));
        }
        for followup in &card.followups {
            for example in &followup.examples {
                count += 1;
                let report =
                    score::score_followup(card, followup, &lexicon, &example.answer, options);
                problems.extend(out_of_range(&path, example, &report));
            }
        }
    }
    (count, problems)
}

fn out_of_range(path: &str, example: &Example, report: &Report) -> Option<Diagnostic> {
    let score = report.score;
    let message = match (example.min_score, example.max_score) {
        (Some(min), _) if score < min => format!(
            "example \"{}\" of `{}` scores {score}, below its min_score {min}",
            example.label, report.card
        ),
        (_, Some(max)) if score > max => format!(
            "example \"{}\" of `{}` scores {score}, above its max_score {max}",
            example.label, report.card
        ),
        _ => return None,
    };
    let hint = if example.min_score.is_some_and(|min| score < min) {
        let missed: Vec<String> = report
            .items
            .iter()
            .filter(|i| i.status != Status::Hit)
            .take(4)
            .map(|i| format!("`{}`", i.id))
            .collect();
        format!(
            "not fully covered: {}; broaden those items' phrases or strengthen the answer (`prepdeck score {} --answer FILE` shows why)",
            missed.join(", "),
            report.card.split('#').next().unwrap_or("")
        )
    } else {
        let hit: Vec<String> = report
            .items
            .iter()
            .filter(|i| i.status == Status::Hit)
            .take(4)
            .map(|i| format!("`{}`", i.id))
            .collect();
        format!(
            "items it hits: {}; are their phrases too generic?",
            hit.join(", ")
        )
    };
    Some(Diagnostic::at_location(Severity::Error, path, &example.location, message).with_hint(hint))
}

/// A phrase made only of function words ("what I did") can never match anything.
fn hollow_phrases(path: &str, lexicon: &Lexicon, item: &RubricItem) -> Vec<Diagnostic> {
    let phrases = item.any.iter().chain(&item.all).chain(&item.none);
    phrases
        .filter(|phrase| lexicon.phrase(phrase).is_empty())
        .map(|phrase| {
            Diagnostic::at_location(Severity::Warning, path, &item.location, format!("the phrase \"{phrase}\" of item `{}` has no content words, so it can never match", item.id))
                .with_hint("words like \"the\", \"of\", \"I\", \"what\" are ignored in phrases; name the concept itself")
        })
        .collect()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
