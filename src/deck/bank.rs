//! The bank: every deck prepdeck can see (bundled, the user decks folder, and `--decks`
//! paths), with frameworks resolved across decks. A broken deck is reported, never fatal.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::diag::{Diagnostic, Severity, nearest};
use super::model::*;
use super::parse::{IncompleteFrameworks, Partial, parse_deck};

/// Deck files larger than this are refused: a real deck is a few hundred kilobytes at most,
/// and reading an accidental multi-gigabyte file would stall every command.
pub const MAX_DECK_BYTES: u64 = 4 * 1024 * 1024;

/// Where decks come from, in load order: later sources replace earlier decks with the same id.
#[derive(Debug, Clone, Default)]
pub struct DeckSources {
    pub bundled: bool,
    /// The user decks folder; it is fine for it not to exist.
    pub user_dir: Option<PathBuf>,
    /// `--decks` paths, files or folders; each must exist.
    pub extra: Vec<PathBuf>,
}

/// A deck file that could not be loaded, with how many errors it had.
#[derive(Debug, Clone)]
pub struct BrokenDeck {
    pub path: String,
    pub errors: usize,
    pub first_error: String,
}

/// A bundled deck replaced by a user deck with the same id.
#[derive(Debug, Clone)]
pub struct Replacement {
    pub deck: DeckId,
    pub replaced: String,
    pub by: String,
}

#[derive(Debug, Default)]
pub struct Bank {
    pub decks: Vec<Deck>,
    pub broken: Vec<BrokenDeck>,
    /// What could be read of the broken decks, for `deck check` to score their sound cards'
    /// worked examples; never practised.
    pub partial: Vec<Partial>,
    pub replaced: Vec<Replacement>,
    /// Every diagnostic of every file, errors and warnings, in load order.
    pub diagnostics: Vec<Diagnostic>,
    /// Mock plan files found among the sources, as (display path, text).
    pub mock_plan_files: Vec<(String, String)>,
}

impl Bank {
    /// The bundled decks alone, as the unit tests score and drill them.
    #[cfg(test)]
    pub fn bundled() -> Bank {
        Bank::load(&DeckSources {
            bundled: true,
            ..DeckSources::default()
        })
    }

    /// Loads every source. Missing `--decks` paths must be caught by the caller beforehand
    /// (they are usage errors); here an unreadable file is just a broken deck.
    pub fn load(sources: &DeckSources) -> Bank {
        let mut files: Vec<(Origin, Result<String, Box<Diagnostic>>)> = Vec::new();
        if sources.bundled {
            for (name, text) in super::bundled_files() {
                files.push((Origin::Bundled(name), Ok((*text).to_string())));
            }
        }
        let mut disk_paths = Vec::new();
        if let Some(dir) = &sources.user_dir
            && dir.is_dir()
        {
            collect_toml_files(dir, &mut disk_paths);
        }
        for path in &sources.extra {
            if path.is_dir() {
                collect_toml_files(path, &mut disk_paths);
            } else {
                disk_paths.push(path.clone());
            }
        }
        // A file reached twice (a --decks folder that holds a checked file) is one deck.
        let mut seen = std::collections::HashSet::new();
        disk_paths.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
        for path in disk_paths {
            let text = read_deck_file(&path);
            files.push((Origin::File(path), text));
        }
        Self::from_files(files)
    }

    /// Builds a bank from already-read files; used by `load` and by tests.
    pub fn from_files(files: Vec<(Origin, Result<String, Box<Diagnostic>>)>) -> Bank {
        let mut bank = Bank::default();
        let mut parsed_decks = Vec::new();
        for (origin, text) in files {
            let path = origin.display();
            let text = match text {
                Ok(text) => text,
                Err(diagnostic) => {
                    bank.fail_file(*diagnostic);
                    continue;
                }
            };
            if is_mock_plan_file(&origin) {
                bank.mock_plan_files.push((path, text));
                continue;
            }
            let parsed = parse_deck(&text, origin);
            let errors = parsed.diagnostics.iter().filter(|d| d.is_error()).count();
            if let Some(first) = parsed.diagnostics.iter().find(|d| d.is_error()) {
                bank.broken.push(BrokenDeck {
                    path: path.clone(),
                    errors,
                    first_error: first.headline(),
                });
            }
            bank.diagnostics.extend(parsed.diagnostics);
            if let Some(deck) = parsed.deck {
                parsed_decks.push(deck);
            }
            bank.partial.extend(parsed.partial);
        }
        bank.add_decks(parsed_decks);
        // Broken decks first: the loaded decks that fail next join them already judged.
        bank.resolve_partial_frameworks();
        bank.resolve_frameworks();
        bank
    }

    fn fail_file(&mut self, diagnostic: Diagnostic) {
        self.broken.push(BrokenDeck {
            path: diagnostic.path.clone(),
            errors: 1,
            first_error: diagnostic.headline(),
        });
        self.diagnostics.push(diagnostic);
    }

    fn add_decks(&mut self, decks: Vec<Deck>) {
        let mut index: HashMap<DeckId, usize> = HashMap::new();
        for deck in decks {
            match index.get(&deck.id) {
                Some(&i)
                    if matches!(self.decks[i].origin, Origin::Bundled(_))
                        && matches!(deck.origin, Origin::File(_)) =>
                {
                    self.replaced.push(Replacement {
                        deck: deck.id.clone(),
                        replaced: self.decks[i].origin.display(),
                        by: deck.origin.display(),
                    });
                    self.decks[i] = deck;
                }
                Some(&i) => {
                    let first = self.decks[i].origin.display();
                    let path = deck.origin.display();
                    let d = Diagnostic::at_location(
                        Severity::Error,
                        &path,
                        &deck.location,
                        format!("duplicate deck id `{}`", deck.id),
                    )
                    .with_hint(format!(
                        "{first} already defines it; give one of them another id"
                    ));
                    self.broken.push(BrokenDeck {
                        path,
                        errors: 1,
                        first_error: d.headline(),
                    });
                    self.diagnostics.push(d);
                }
                None => {
                    index.insert(deck.id.clone(), self.decks.len());
                    self.decks.push(deck);
                }
            }
        }
    }

    /// Checks every card's framework and its items' sections now that all frameworks are
    /// known; a deck with such errors is moved to the broken list.
    fn resolve_frameworks(&mut self) {
        let mut failing = Vec::new();
        for (i, deck) in self.decks.iter().enumerate() {
            let (mut problems, flawed_cards) =
                self.framework_problems(deck, &IncompleteFrameworks::default());
            problems.splice(0..0, framework_clashes(deck, &self.decks[..i]));
            if !problems.is_empty() {
                failing.push((i, problems, flawed_cards));
            }
        }
        for (i, problems, flawed_cards) in failing.into_iter().rev() {
            let deck = self.decks.remove(i);
            self.broken.push(BrokenDeck {
                path: deck.origin.display(),
                errors: problems.len(),
                first_error: problems[0].headline(),
            });
            self.diagnostics.extend(problems);
            self.partial.push(Partial {
                deck,
                flawed_cards,
                incomplete_frameworks: IncompleteFrameworks::default(),
            });
        }
    }

    /// The same checks for decks that already failed to load, so their framework and
    /// section mistakes are reported in the same run as their other errors.
    fn resolve_partial_frameworks(&mut self) {
        let mut found = Vec::new();
        for (i, partial) in self.partial.iter().enumerate() {
            let (mut problems, flawed_cards) =
                self.framework_problems(&partial.deck, &partial.incomplete_frameworks);
            problems.splice(0..0, framework_clashes(&partial.deck, &self.decks));
            found.push((i, problems, flawed_cards));
        }
        for (i, problems, flawed_cards) in found {
            let Some(first) = problems.first() else {
                continue;
            };
            let partial = &mut self.partial[i];
            let path = partial.deck.origin.display();
            if let Some(broken) = self.broken.iter_mut().find(|b| b.path == path) {
                broken.errors += problems.len();
            } else {
                self.broken.push(BrokenDeck {
                    path,
                    errors: problems.len(),
                    first_error: first.headline(),
                });
            }
            partial.flawed_cards.extend(flawed_cards);
            self.diagnostics.extend(problems);
        }
    }

    /// Unknown frameworks and sections not in their framework, for one deck's cards, with
    /// the cards they are in. References to an `incomplete` framework are not judged: its
    /// own error was reported already.
    fn framework_problems(
        &self,
        deck: &Deck,
        incomplete: &IncompleteFrameworks,
    ) -> (Vec<Diagnostic>, HashSet<CardId>) {
        let path = deck.origin.display();
        let mut problems = Vec::new();
        let mut flawed_cards = HashSet::new();
        for card in &deck.cards {
            let Some(framework_id) = card.framework_id() else {
                continue;
            };
            let problems_before = problems.len();
            let at = card
                .framework_location
                .clone()
                .unwrap_or_else(|| card.location.clone());
            let framework = self.framework_in(deck, framework_id);
            match framework {
                _ if incomplete.covers(framework_id) => {}
                None => {
                    let known = self.framework_ids();
                    let hint = nearest(framework_id, known.iter().map(String::as_str)).map_or_else(
                        || format!("known frameworks: {}", known.join(", ")),
                        |f| format!("did you mean `{f}`?"),
                    );
                    problems.push(
                        Diagnostic::at_location(
                            Severity::Error,
                            &path,
                            &at,
                            format!("unknown framework `{framework_id}`"),
                        )
                        .with_hint(hint),
                    );
                }
                Some(framework) => {
                    for item in &card.rubric {
                        if let (Some(section), Some(at)) = (&item.section, &item.section_location)
                            && framework.section(section).is_none()
                        {
                            let names: Vec<&str> =
                                framework.sections.iter().map(|s| s.id.as_str()).collect();
                            let hint = nearest(section, names.iter().copied()).map_or_else(
                                || format!("its sections are {}", names.join(", ")),
                                |s| {
                                    format!(
                                        "did you mean `{s}`? its sections are {}",
                                        names.join(", ")
                                    )
                                },
                            );
                            problems.push(
                                Diagnostic::at_location(
                                    Severity::Error,
                                    &path,
                                    at,
                                    format!(
                                        "section `{section}` is not in the `{framework_id}` framework"
                                    ),
                                )
                                .with_hint(hint),
                            );
                        }
                    }
                }
            }
            if problems.len() > problems_before {
                flawed_cards.insert(card.id.clone());
            }
        }
        (problems, flawed_cards)
    }

    fn framework_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .decks
            .iter()
            .flat_map(|d| d.frameworks.iter().map(|f| f.id.clone()))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The framework `id` as a card of `deck` sees it: the deck's own first, then any loaded
    /// deck's. `deck` need not be loaded (`deck check` resolves broken decks too).
    pub fn framework_in<'a>(&'a self, deck: &'a Deck, id: &str) -> Option<&'a Framework> {
        deck.frameworks
            .iter()
            .find(|f| f.id == id)
            .or_else(|| self.all_frameworks().find(|f| f.id == id))
    }

    /// Every framework of every loaded deck, the bundled `frameworks` deck's first.
    pub fn all_frameworks(&self) -> impl Iterator<Item = &Framework> {
        let (core, rest): (Vec<&Deck>, Vec<&Deck>) =
            self.decks.iter().partition(|d| d.id.0 == "frameworks");
        core.into_iter()
            .chain(rest)
            .flat_map(|d| d.frameworks.iter())
    }

    /// The framework a card is answered in, looked up in its own deck first.
    pub fn framework_for(&self, card: &Card) -> Option<&Framework> {
        let id = card.framework_id()?;
        let deck = self.deck(card.id.deck())?;
        self.framework_in(deck, id)
    }

    pub fn deck(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|d| d.id.0 == id)
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        let id = CardId::parse(id)?;
        self.deck(id.deck())?.cards.iter().find(|c| c.id == id)
    }

    pub fn cards(&self) -> impl Iterator<Item = &Card> {
        self.decks.iter().flat_map(|d| d.cards.iter())
    }

    /// Card ids closest to `query`, best first, for "did you mean" on an unknown id.
    pub fn suggest_cards(&self, query: &str, limit: usize) -> Vec<String> {
        let matcher = SkimMatcherV2::default();
        let mut scored: Vec<(i64, &str)> = self
            .cards()
            .filter_map(|c| {
                let fuzzy = matcher.fuzzy_match(c.id.as_str(), query);
                let typo = strsim::normalized_damerau_levenshtein(c.id.as_str(), query);
                let score = fuzzy.unwrap_or(0) + (typo * 100.0) as i64;
                (fuzzy.is_some() || typo > 0.6).then_some((score, c.id.as_str()))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(limit)
            .map(|(_, id)| id.to_string())
            .collect()
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Frameworks of `deck` whose ids a deck in `others` already defines. Any card may use a
/// framework defined in another deck, so two with one id would leave it to load order which
/// one a card gets, and `list` would show both: the later definition is an error.
fn framework_clashes(deck: &Deck, others: &[Deck]) -> Vec<Diagnostic> {
    let path = deck.origin.display();
    deck.frameworks
        .iter()
        .filter_map(|framework| {
            let first = others
                .iter()
                .filter(|other| other.id != deck.id)
                .find(|other| other.frameworks.iter().any(|f| f.id == framework.id))?;
            let source = match &first.origin {
                Origin::Bundled(_) => format!("the bundled deck `{}`", first.id),
                Origin::File(path) => path.display().to_string(),
            };
            Some(
                Diagnostic::at_location(
                    Severity::Error,
                    &path,
                    &framework.location,
                    format!("the framework `{}` is already defined", framework.id),
                )
                .with_hint(format!(
                    "{source} defines it; every deck shares framework ids, so give this one another id (and the cards that use it)"
                )),
            )
        })
        .collect()
}

fn is_mock_plan_file(origin: &Origin) -> bool {
    let name = match origin {
        Origin::Bundled(name) => (*name).to_string(),
        Origin::File(path) => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    name == super::MOCK_PLANS_FILE || name.ends_with(".mocks.toml")
}

/// Every `.toml` file under `dir`, sorted, skipping hidden folders (such as `.git`).
fn collect_toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if path.is_dir() && !hidden {
            collect_toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") && !hidden {
            out.push(path);
        }
    }
}

/// Reads a deck file within the size limit, as UTF-8, with a located message otherwise.
pub fn read_deck_file(path: &Path) -> Result<String, Box<Diagnostic>> {
    let display = path.display().to_string();
    let whole_file =
        |message: String| Box::new(Diagnostic::file(Severity::Error, &display, message));
    let unreadable =
        |e: std::io::Error| whole_file(format!("cannot read this file: {}", io_reason(&e)));
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if metadata.len() > MAX_DECK_BYTES {
        return Err(whole_file(format!(
            "this file is {:.1} MB, over the {} MB limit for a deck; split it into several decks",
            metadata.len() as f64 / 1e6,
            MAX_DECK_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid =
            String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into_owned();
        let at = super::diag::locate(&valid, valid.len());
        let message = "this file is not UTF-8 text from here on; save it as UTF-8";
        Box::new(Diagnostic::at_location(
            Severity::Error,
            &display,
            &at,
            message,
        ))
    })
}

/// An I/O error's reason in plain words, without Rust's `(os error N)` suffix.
pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = error.to_string();
            text.split(" (os error")
                .next()
                .unwrap_or(&text)
                .to_lowercase()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bank's error messages, in order.
    fn error_messages(bank: &Bank) -> Vec<&str> {
        bank.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.as_str())
            .collect()
    }

    fn deck(id: &str, extra: &str) -> String {
        format!(
            "[deck]\nid = \"{id}\"\ntitle = \"T\"\n{extra}\n[[cards]]\nid = \"c\"\ntitle = \"C\"\nprompt = \"P\"\nframework = \"fw\"\ntime_limit = \"5m\"\n\n[[cards.rubric]]\nid = \"r\"\ndesc = \"d\"\nany = [\"thing\"]\nsection = \"one\"\n"
        )
    }

    const FW: &str = "[[frameworks]]\nid = \"fw\"\ntitle = \"F\"\n[[frameworks.sections]]\nid = \"one\"\ntitle = \"One\"\nkey = \"O\"\nshare = 1.0\n";

    #[test]
    fn frameworks_resolve_across_decks_and_bad_sections_break_only_their_deck() {
        let files = vec![
            (Origin::File("a.toml".into()), Ok(deck("a", FW))),
            (Origin::File("b.toml".into()), Ok(deck("b", ""))),
            (
                Origin::File("c.toml".into()),
                Ok(deck("c", "").replace("section = \"one\"", "section = \"onee\"")),
            ),
        ];
        let bank = Bank::from_files(files);
        assert_eq!(
            bank.decks
                .iter()
                .map(|d| d.id.0.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(bank.broken.len(), 1);
        let d = bank.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(d.message, "section `onee` is not in the `fw` framework");
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `one`?")
        );
        assert!(bank.framework_for(bank.card("b/c").unwrap()).is_some());
    }

    #[test]
    fn a_duplicate_deck_id_is_located_at_the_deck_id() {
        let files = vec![
            (Origin::File("a.toml".into()), Ok(deck("same", FW))),
            (Origin::File("b.toml".into()), Ok(deck("same", ""))),
        ];
        let bank = Bank::from_files(files);
        let d = bank.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(d.message, "duplicate deck id `same`");
        assert_eq!((d.path.as_str(), d.line, d.col), ("b.toml", 2, 6));
    }

    #[test]
    fn a_broken_deck_still_has_its_frameworks_resolved() {
        let broken = deck("a", "")
            .replace(
                "time_limit = \"5m\"",
                "time_limit = \"5m\"\ndifficulty = \"x\"",
            )
            .replace("section = \"one\"", "section = \"onee\"");
        let bank = Bank::from_files(vec![
            (Origin::File("fw.toml".into()), Ok(deck("fw", FW))),
            (Origin::File("a.toml".into()), Ok(broken)),
        ]);
        let errors = error_messages(&bank);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[1].starts_with("section `onee` is not in"),
            "{errors:?}"
        );
        assert_eq!(bank.broken.len(), 1);
        assert_eq!(bank.broken[0].errors, 2);
    }

    #[test]
    fn a_card_of_a_framework_dropped_for_an_error_is_not_unknown_too() {
        let broken = deck("a", FW).replace("key = \"O\"", "key = 1");
        let bank = Bank::from_files(vec![(Origin::File("a.toml".into()), Ok(broken))]);
        let errors = error_messages(&bank);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("wrong type"), "{errors:?}");
    }

    #[test]
    fn a_framework_defined_twice_breaks_the_later_deck() {
        let bank = Bank::from_files(vec![
            (Origin::File("a.toml".into()), Ok(deck("a", FW))),
            (Origin::File("b.toml".into()), Ok(deck("b", FW))),
        ]);
        let d = bank.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(d.message, "the framework `fw` is already defined");
        assert_eq!((d.path.as_str(), d.line), ("b.toml", 5));
        assert_eq!(
            d.hint
                .as_deref()
                .map(|h| h.starts_with("a.toml defines it")),
            Some(true)
        );
        assert_eq!(bank.decks.len(), 1);
        assert_eq!(bank.all_frameworks().filter(|f| f.id == "fw").count(), 1);
    }

    #[test]
    fn suggests_near_card_ids() {
        let bank = Bank::from_files(vec![(Origin::File("a.toml".into()), Ok(deck("a", FW)))]);
        assert_eq!(bank.suggest_cards("a/d", 3), vec!["a/c".to_string()]);
    }
}
