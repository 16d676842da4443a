//! `prepdeck deck check`: the coach's compiler. Every problem in every file in one run,
//! located and explained, plus every worked example scored against its range.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Failure, Outcome, deck_sources, deck_sources_without_user_dir};
use crate::config::RatingThresholds;
use crate::deck::bank::read_deck_file;
use crate::deck::locator::{Locator, Step};
use crate::deck::{
    Bank, CardId, Deck, Diagnostic, Example, Origin, RubricItem, Severity, bundled_files,
};
use crate::paths::Paths;
use crate::score::{self, Lexicon, Options, Report, Status};

pub fn run(cli_decks: &[PathBuf], paths: &[PathBuf]) -> Outcome {
    let scope = Scope::load(cli_decks, paths)?;
    let checked = check(&scope);
    print_diagnostics(&checked.diagnostics);
    println!("{}", checked.summary("checked"));
    Ok(if checked.diagnostics.is_empty() { 0 } else { 1 })
}

/// What a check or lint looks at: the bank loaded for it, and which files it reports on.
pub struct Scope {
    pub bank: Bank,
    paths: Vec<PathBuf>,
}

impl Scope {
    /// With no paths, the bundled bank, the user's decks and `--decks`; with paths, those
    /// (the rest of the bank stays loaded so the checked decks can use its frameworks).
    pub fn load(cli_decks: &[PathBuf], paths: &[PathBuf]) -> Result<Scope, Failure> {
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
            // The checked paths come first, so a file also inside a --decks folder is
            // named as the user named it.
            let mut sources = deck_sources_without_user_dir(cli_decks)?;
            sources.extra.splice(0..0, paths.iter().cloned());
            sources
        };
        Ok(Scope::new(Bank::load(&sources), paths.to_vec()))
    }

    /// A scope over an already loaded bank, reporting on `paths` (all of it when empty).
    pub fn new(bank: Bank, paths: Vec<PathBuf>) -> Scope {
        Scope { bank, paths }
    }

    pub fn contains(&self, path: &str) -> bool {
        self.paths.is_empty() || self.paths.iter().any(|p| Path::new(path).starts_with(p))
    }

    pub fn decks(&self) -> impl Iterator<Item = &Deck> {
        self.bank
            .decks
            .iter()
            .filter(|d| self.contains(&d.origin.display()))
    }

    /// The decks in scope that failed to load, as far as they could be read, each with its
    /// cards that have errors of their own.
    fn partial_decks(&self) -> impl Iterator<Item = (&Deck, &HashSet<CardId>)> {
        self.bank
            .partial
            .iter()
            .filter(|p| self.contains(&p.deck.origin.display()))
            .map(|p| (&p.deck, &p.flawed_cards))
    }
}

/// The outcome of checking a scope: every diagnostic, and what was checked.
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub decks: usize,
    pub cards: usize,
    pub examples: usize,
    /// Worked examples of cards with errors, left unscored: their score would be skewed.
    pub unscored: usize,
}

impl Checked {
    /// `checked 2 decks, 9 cards, 14 worked examples: no problems` (or the counts).
    pub fn summary(&self, verb: &str) -> String {
        let decks = format!("{} deck{}", self.decks, plural(self.decks));
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = self.diagnostics.len() - errors;
        let counts = if self.diagnostics.is_empty() {
            "no problems".to_string()
        } else {
            format!(
                "{errors} error{}, {warnings} warning{}",
                plural(errors),
                plural(warnings)
            )
        };
        let unscored = if self.unscored == 0 {
            String::new()
        } else {
            format!(
                " ({} more not scored until their cards' errors are fixed)",
                self.unscored
            )
        };
        format!(
            "{verb} {decks}, {} card{}, {} worked example{}{unscored}: {counts}",
            self.cards,
            plural(self.cards),
            self.examples,
            plural(self.examples)
        )
    }
}

/// Every problem `deck check` reports for the scope: loading diagnostics and worked
/// examples that score outside their range.
pub fn check(scope: &Scope) -> Checked {
    let bank = &scope.bank;
    let mut diagnostics: Vec<Diagnostic> = bank
        .diagnostics
        .iter()
        .filter(|d| scope.contains(&d.path))
        .cloned()
        .collect();
    let mut examples = 0;
    let mut unscored = 0;
    let mut cards = 0;
    let mut decks = 0;
    let no_flaws = HashSet::new();
    let sound = scope.decks().map(|deck| (deck, &no_flaws));
    for (deck, flawed_cards) in sound.chain(scope.partial_decks()) {
        let (count, skipped, problems) = check_examples(bank, deck, flawed_cards);
        examples += count;
        unscored += skipped;
        cards += deck.cards.len();
        diagnostics.extend(problems);
    }
    decks += scope.decks().count();
    // Every broken file counts once, also one that could not be read at all.
    let broken_files: HashSet<&str> = bank
        .broken
        .iter()
        .filter(|b| scope.contains(&b.path))
        .map(|b| b.path.as_str())
        .collect();
    decks += broken_files.len();
    sort_by_file(&mut diagnostics);
    Checked {
        diagnostics,
        decks,
        cards,
        examples,
        unscored,
    }
}

/// Groups the diagnostics by file, in the order the files were first reported, and puts each
/// file's in line order: a file's framework and example problems are found after its own
/// parse, but belong among its other errors.
fn sort_by_file(diagnostics: &mut [Diagnostic]) {
    let mut file_order: Vec<String> = Vec::new();
    for d in diagnostics.iter() {
        if !file_order.contains(&d.path) {
            file_order.push(d.path.clone());
        }
    }
    diagnostics.sort_by_key(|d| {
        let file = file_order.iter().position(|p| *p == d.path);
        (file, d.line == 0, d.line, d.col)
    });
}

pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        print!("{}", diagnostic.render());
        println!();
    }
}

/// Scores every worked example of a deck (cards and follow-ups) against its range, except
/// those of `flawed_cards`, whose errors are reported already and would skew the score:
/// how many were scored, how many were left, and the problems.
pub fn check_examples(
    bank: &Bank,
    deck: &Deck,
    flawed_cards: &HashSet<CardId>,
) -> (usize, usize, Vec<Diagnostic>) {
    let lexicon = Lexicon::new(&deck.thesaurus);
    let path = deck.origin.display();
    let options = Options {
        thresholds: RatingThresholds::default(),
        hints_used: 0,
    };
    let mut count = 0;
    let mut skipped = 0;
    let mut problems = hollow_phrases(deck, &lexicon);
    for card in &deck.cards {
        let framework = card
            .framework_id()
            .and_then(|id| bank.framework_in(deck, id));
        if flawed_cards.contains(&card.id) {
            skipped += card.examples.len()
                + card
                    .followups
                    .iter()
                    .map(|f| f.examples.len())
                    .sum::<usize>();
            continue;
        }
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
    (count, skipped, problems)
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
        // Partial credit counts toward the score too, so those items are named as well.
        let credited: Vec<String> = report
            .items
            .iter()
            .filter(|i| i.status != Status::Miss)
            .take(4)
            .map(|i| match i.status {
                Status::Partial => format!("`{}` (partly)", i.id),
                _ => format!("`{}`", i.id),
            })
            .collect();
        format!(
            "items it earns: {}; are their phrases too generic?",
            credited.join(", ")
        )
    };
    Some(Diagnostic::at_location(Severity::Error, path, &example.location, message).with_hint(hint))
}

/// A phrase made only of function words ("what I did") can never match anything. Each
/// warning points at the phrase in its array, found again in the deck's source (read only
/// when there is something to report); where it cannot be found, at the item's id.
fn hollow_phrases(deck: &Deck, lexicon: &Lexicon) -> Vec<Diagnostic> {
    let mut rubrics: Vec<(Vec<Step>, &[RubricItem])> = Vec::new();
    for (c, card) in deck.cards.iter().enumerate() {
        let card_route = [Step::Key("cards"), Step::Index(c)];
        rubrics.push((
            [&card_route[..], &[Step::Key("rubric")]].concat(),
            &card.rubric,
        ));
        for (f, followup) in card.followups.iter().enumerate() {
            let route = [
                &card_route[..],
                &[Step::Key("followups"), Step::Index(f), Step::Key("rubric")],
            ]
            .concat();
            rubrics.push((route, &followup.rubric));
        }
    }
    let mut hollow: Vec<(Vec<Step>, &RubricItem, &str)> = Vec::new();
    for (route, items) in &rubrics {
        for (i, item) in items.iter().enumerate() {
            let fields = [("any", &item.any), ("all", &item.all), ("none", &item.none)];
            for (field, phrases) in fields {
                for phrase in phrases.iter().filter(|p| lexicon.phrase(p).is_empty()) {
                    let at = [
                        &route[..],
                        &[Step::Index(i), Step::Key(field), Step::Text(phrase)],
                    ]
                    .concat();
                    hollow.push((at, item, phrase));
                }
            }
        }
    }
    if hollow.is_empty() {
        return Vec::new();
    }
    let path = deck.origin.display();
    let source = deck_source(deck);
    let locator = Locator::new(&path, &source);
    hollow
        .into_iter()
        .map(|(route, item, phrase)| {
            let message = format!(
                "the phrase \"{phrase}\" of item `{}` has no content words, so it can never match",
                item.id
            );
            match locator.span(&route) {
                Some(span) => Diagnostic::at(Severity::Warning, &path, &source, span, message),
                None => Diagnostic::at_location(Severity::Warning, &path, &item.location, message),
            }
            .with_hint("words like \"the\", \"of\", \"I\", \"what\" are ignored in phrases; name the concept itself")
        })
        .collect()
}

/// The text a deck was loaded from; a file deleted since reads as empty, and warnings
/// located in it then fall back to what was recorded at load.
pub fn deck_source(deck: &Deck) -> String {
    match &deck.origin {
        Origin::Bundled(name) => bundled_files()
            .iter()
            .find(|(file, _)| file == name)
            .map(|(_, text)| (*text).to_string())
            .unwrap_or_default(),
        Origin::File(path) => read_deck_file(path).unwrap_or_default(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
