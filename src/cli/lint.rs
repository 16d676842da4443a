//! `prepdeck deck lint`: everything `deck check` reports, plus warnings about rubrics that
//! load and pass their examples but would judge real answers badly (see [`crate::lint`]).

use std::path::PathBuf;

use super::Outcome;
use super::check::{Scope, check, deck_source, print_diagnostics};
use crate::deck::Deck;
use crate::lint::{Target, lint};

pub fn run(cli_decks: &[PathBuf], paths: &[PathBuf]) -> Outcome {
    let scope = Scope::load(cli_decks, paths)?;
    let mut checked = check(&scope);
    let sources: Vec<(&Deck, String)> = scope.decks().map(|d| (d, deck_source(d))).collect();
    let targets: Vec<Target> = sources
        .iter()
        .map(|(deck, source)| Target { deck, source })
        .collect();
    checked.diagnostics.extend(lint(&scope.bank, &targets));
    print_diagnostics(&checked.diagnostics);
    println!("{}", checked.summary("linted"));
    Ok(if checked.diagnostics.is_empty() { 0 } else { 1 })
}
