//! `prepdeck deck lint`: everything `deck check` reports, plus warnings about rubrics that
//! load and pass their examples but would judge real answers badly (see [`crate::lint`]).

use std::path::PathBuf;

use super::Outcome;
use super::check::{Scope, check, print_diagnostics};
use crate::deck::bank::read_deck_file;
use crate::deck::{Deck, Origin, bundled_files};
use crate::lint::{Target, lint};

pub fn run(cli_decks: &[PathBuf], paths: &[PathBuf]) -> Outcome {
    let scope = Scope::load(cli_decks, paths)?;
    let mut checked = check(&scope);
    let sources: Vec<(&Deck, String)> = scope.decks().map(|d| (d, source_of(d))).collect();
    let targets: Vec<Target> = sources
        .iter()
        .map(|(deck, source)| Target { deck, source })
        .collect();
    checked.diagnostics.extend(lint(&scope.bank, &targets));
    print_diagnostics(&checked.diagnostics);
    println!("{}", checked.summary("linted"));
    Ok(if checked.diagnostics.is_empty() { 0 } else { 1 })
}

/// The text a deck was loaded from; a file deleted since reads as empty, and its warnings
/// then name the file without a line.
fn source_of(deck: &Deck) -> String {
    match &deck.origin {
        Origin::Bundled(name) => bundled_files()
            .iter()
            .find(|(file, _)| file == name)
            .map(|(_, text)| (*text).to_string())
            .unwrap_or_default(),
        Origin::File(path) => read_deck_file(path).unwrap_or_default(),
    }
}
