//! `prepdeck deck lint`'s judgement: warnings about decks that load and pass their examples
//! but would judge real answers badly — phrases found in answers to any question, items
//! that overlap, items no example tests, cards without a weak example, hints that give the
//! answer away, and time limits far from the framework's norm. Words are matched with the
//! scorer's own lexicon and matcher, so what lint calls a match is what scoring calls one.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Duration;

use crate::deck::locator::{Locator, Step};
use crate::deck::{Bank, Card, CardKind, Deck, Diagnostic, Example, RubricItem, Severity};
use crate::duration;
use crate::score::matcher::{AnalyzedUnit, CompiledPhrase, Vocabulary};
use crate::score::{self, ItemSource, Lexicon, Options, Report, answer};

/// A phrase found in more than this share of the bank's worked examples is too generic: the
/// examples answer unrelated questions, so a phrase that a quarter of them state is evidence
/// of nothing in particular. (In the bundled bank the phrases past this line all match by
/// accident of stemming or typo tolerance; none reaches half.)
const GENERIC_SHARE: f64 = 0.25;
/// With fewer worked examples in the bank than this, a share says too little to warn on.
const MIN_EXAMPLES_FOR_GENERIC: usize = 20;
/// A time limit this many times shorter or longer than its norm is "far" from it.
const FAR_FACTOR: u32 = 2;
/// Without a norm, only limits outside these bounds are worth a warning.
const SHORTEST_SENSIBLE: Duration = Duration::from_secs(30);
const LONGEST_SENSIBLE: Duration = Duration::from_secs(60 * 60);

/// A deck to lint, with the source text it was loaded from (for locating warnings).
pub struct Target<'a> {
    pub deck: &'a Deck,
    pub source: &'a str,
}

/// Every lint warning for the target decks, in file order. `bank` supplies the frameworks
/// and the worked examples that "generic" is measured against; the targets must be in it.
pub fn lint(bank: &Bank, targets: &[Target]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for target in targets {
        let lexicon = Lexicon::new(&target.deck.thesaurus);
        let mut deck = DeckLint {
            bank,
            deck: target.deck,
            lexicon: &lexicon,
            corpus: Corpus::new(bank, &lexicon),
            locator: Locator::new(&target.deck.origin.display(), target.source),
            generic_spreads: HashMap::new(),
            warnings: Vec::new(),
        };
        deck.run();
        let mut found = deck.warnings;
        found.sort_by_key(|d| (d.line, d.col));
        warnings.extend(found);
    }
    warnings
}

/// The bank's worked examples, analysed once with one deck's lexicon, with an index from
/// each word to the examples that hold it so a phrase is only matched where it could be.
struct Corpus {
    vocabulary: Vocabulary,
    examples: Vec<Vec<AnalyzedUnit<'static>>>,
    postings: HashMap<u32, Vec<usize>>,
}

impl Corpus {
    fn new(bank: &Bank, lexicon: &Lexicon) -> Corpus {
        let mut corpus = Corpus {
            vocabulary: Vocabulary::default(),
            examples: Vec::new(),
            postings: HashMap::new(),
        };
        for card in bank.cards() {
            let sections = bank.framework_for(card).map_or(&[][..], |f| &f.sections);
            for example in &card.examples {
                corpus.add(lexicon, &answer::parse(&example.answer, sections));
            }
            for followup in &card.followups {
                for example in &followup.examples {
                    corpus.add(lexicon, &answer::parse(&example.answer, &[]));
                }
            }
        }
        corpus
    }

    fn add(&mut self, lexicon: &Lexicon, parsed: &answer::ParsedAnswer) {
        let index = self.examples.len();
        let units: Vec<AnalyzedUnit> = parsed
            .units
            .iter()
            .map(|u| AnalyzedUnit::new(lexicon, &u.text, &mut self.vocabulary))
            .collect();
        for &id in units.iter().flat_map(|u| u.ids.iter()) {
            let examples = self.postings.entry(id).or_default();
            if examples.last() != Some(&index) {
                examples.push(index);
            }
        }
        self.examples.push(units);
    }

    /// How many examples state the phrase (not negated) in one of their sentences, and the
    /// answer words it is most often found at.
    fn examples_with(&mut self, lexicon: &Lexicon, phrase: &str) -> Spread {
        let phrase = CompiledPhrase::compile(lexicon, &mut self.vocabulary, phrase);
        let mut spread = Spread::default();
        if phrase.words.is_empty() {
            return spread;
        }
        let mut candidates: Option<BTreeSet<usize>> = None;
        for word in &phrase.words {
            let holding: BTreeSet<usize> = word
                .iter()
                .filter_map(|id| self.postings.get(id))
                .flatten()
                .copied()
                .collect();
            candidates = Some(match candidates {
                None => holding,
                Some(so_far) => so_far.intersection(&holding).copied().collect(),
            });
        }
        let mut words: HashMap<&str, usize> = HashMap::new();
        for example in candidates.unwrap_or_default() {
            let found = self.examples[example]
                .iter()
                .find_map(|unit| match unit.find(&phrase) {
                    Some((start, false)) => {
                        Some(self.vocabulary.text(unit.words[unit.content[start]]))
                    }
                    _ => None,
                });
            if let Some(word) = found {
                spread.examples += 1;
                *words.entry(word).or_default() += 1;
            }
        }
        let mut common: Vec<(&str, usize)> = words.into_iter().collect();
        common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        spread.found_at = common.iter().take(3).map(|(w, _)| w.to_string()).collect();
        spread
    }
}

/// How widely a phrase is found among the bank's worked examples.
#[derive(Debug, Clone, Default)]
struct Spread {
    examples: usize,
    /// The answer words it is most often found at, most frequent first.
    found_at: Vec<String>,
}

/// A rubric of the deck and the route to it in the source.
struct RubricAt<'a> {
    items: &'a [RubricItem],
    route: Vec<Step<'a>>,
}

impl<'a> RubricAt<'a> {
    fn item(&self, index: usize) -> Vec<Step<'a>> {
        let mut route = self.route.clone();
        route.push(Step::Index(index));
        route
    }

    fn phrase(&self, index: usize, field: &'a str, phrase: &'a str) -> Vec<Step<'a>> {
        let mut route = self.item(index);
        route.extend([Step::Key(field), Step::Text(phrase)]);
        route
    }
}

/// Phrases that count as evidence for an item (`none` phrases disqualify instead).
fn evidence_phrases(item: &RubricItem) -> impl Iterator<Item = (&'static str, &str)> {
    let any = item.any.iter().map(|p| ("any", p.as_str()));
    any.chain(item.all.iter().map(|p| ("all", p.as_str())))
}

struct DeckLint<'a> {
    bank: &'a Bank,
    deck: &'a Deck,
    lexicon: &'a Lexicon,
    corpus: Corpus,
    locator: Locator<'a>,
    generic_spreads: HashMap<String, Spread>,
    warnings: Vec<Diagnostic>,
}

impl<'a> DeckLint<'a> {
    fn warn(&mut self, route: &[Step], message: String, hint: String) {
        let d = self
            .locator
            .diagnostic(Severity::Warning, route, message)
            .with_hint(hint);
        self.warnings.push(d);
    }

    fn run(&mut self) {
        let deck = self.deck;
        for (f, framework) in deck.frameworks.iter().enumerate() {
            let rubric = RubricAt {
                items: &framework.rubric,
                route: vec![Step::Key("frameworks"), Step::Index(f), Step::Key("rubric")],
            };
            self.generic_phrases(&rubric);
        }
        for (c, card) in deck.cards.iter().enumerate() {
            let card_route = vec![Step::Key("cards"), Step::Index(c)];
            let rubric = RubricAt {
                items: &card.rubric,
                route: [&card_route[..], &[Step::Key("rubric")]].concat(),
            };
            self.generic_phrases(&rubric);
            self.overlaps(&rubric);
            let framework_items = self.bank.framework_for(card).map_or(&[][..], |f| &f.rubric);
            let hinted: Vec<&RubricItem> = card.rubric.iter().chain(framework_items).collect();
            self.giveaways(&card.hints, &hinted, &card_route);
            let reports = self.score_examples(&card.examples, |lexicon, text| {
                score::score_card(
                    card,
                    self.bank.framework_for(card),
                    lexicon,
                    text,
                    Options::default(),
                )
            });
            self.untested_items(&rubric, &reports, &card.id.to_string());
            self.weak_example(card, &card_route);
            self.time_limit(card.time_limit, card_norm(card), &card_route);
            for (f, followup) in card.followups.iter().enumerate() {
                let followup_route =
                    [&card_route[..], &[Step::Key("followups"), Step::Index(f)]].concat();
                let rubric = RubricAt {
                    items: &followup.rubric,
                    route: [&followup_route[..], &[Step::Key("rubric")]].concat(),
                };
                self.generic_phrases(&rubric);
                self.overlaps(&rubric);
                let items: Vec<&RubricItem> = followup.rubric.iter().collect();
                self.giveaways(&followup.hints, &items, &followup_route);
                let reports = self.score_examples(&followup.examples, |lexicon, text| {
                    score::score_followup(card, followup, lexicon, text, Options::default())
                });
                self.untested_items(&rubric, &reports, &format!("{}#{}", card.id, followup.id));
                self.time_limit(followup.time_limit, None, &followup_route);
            }
        }
    }

    fn score_examples(
        &self,
        examples: &[Example],
        score: impl Fn(&Lexicon, &str) -> Report,
    ) -> Vec<Report> {
        examples
            .iter()
            .map(|e| score(self.lexicon, &e.answer))
            .collect()
    }

    /// Phrases found in most of the bank's worked examples match almost any answer.
    fn generic_phrases(&mut self, rubric: &RubricAt<'a>) {
        let total = self.corpus.examples.len();
        if total < MIN_EXAMPLES_FOR_GENERIC {
            return;
        }
        for (index, item) in rubric.items.iter().enumerate() {
            let phrases =
                evidence_phrases(item).chain(item.none.iter().map(|p| ("none", p.as_str())));
            for (field, phrase) in phrases {
                let spread = match self.generic_spreads.get(phrase) {
                    Some(spread) => spread.clone(),
                    None => {
                        let spread = self.corpus.examples_with(self.lexicon, phrase);
                        self.generic_spreads
                            .insert(phrase.to_string(), spread.clone());
                        spread
                    }
                };
                if (spread.examples as f64) <= GENERIC_SHARE * total as f64 {
                    continue;
                }
                let effect = if field == "none" {
                    "as a `none` phrase it would disqualify answers for using everyday words"
                } else {
                    "a phrase this common says nothing about this card"
                };
                let words: Vec<String> =
                    spread.found_at.iter().map(|w| format!("\"{w}\"")).collect();
                self.warn(
                    &rubric.phrase(index, field, phrase),
                    format!(
                        "the phrase \"{phrase}\" of `{}` is found in {} of the bank's {total} worked examples",
                        item.id, spread.examples
                    ),
                    format!(
                        "the scorer finds it at words such as {}: {effect}; name the idea itself in two or three distinctive words",
                        join_and(&words)
                    ),
                );
            }
        }
    }

    /// Two items of one rubric that look for the same words are both earned by one sentence.
    /// Each phrase of a later item is reported once, naming every earlier item it overlaps.
    /// Items bound to different sections are told apart by where the words are written (a
    /// signal's event name may well repeat a goal's words), so they are not compared.
    fn overlaps(&mut self, rubric: &RubricAt<'a>) {
        let normalized: Vec<Vec<Normalized>> = rubric
            .items
            .iter()
            .map(|item| {
                evidence_phrases(item)
                    .map(|(field, text)| Normalized {
                        field,
                        text,
                        stems: stems(self.lexicon, text),
                    })
                    .filter(|phrase| !phrase.stems.is_empty())
                    .collect()
            })
            .collect();
        for later in 1..rubric.items.len() {
            let mut found: Vec<(usize, Vec<(usize, &Normalized)>)> = Vec::new();
            for earlier in 0..later {
                if placed_apart(&rubric.items[earlier], &rubric.items[later]) {
                    continue;
                }
                let clash = normalized[later].iter().enumerate().find_map(|(p, mine)| {
                    normalized[earlier]
                        .iter()
                        .find(|theirs| mine.overlaps(theirs))
                        .map(|theirs| (p, theirs))
                });
                if let Some((p, theirs)) = clash {
                    match found.iter_mut().find(|(q, _)| *q == p) {
                        Some((_, list)) => list.push((earlier, theirs)),
                        None => found.push((p, vec![(earlier, theirs)])),
                    }
                }
            }
            for (p, theirs) in found {
                let mine = &normalized[later][p];
                let item = |i: usize| format!("`{}`", rubric.items[i].id);
                let message = if theirs.iter().all(|(_, t)| t.stems == mine.stems) {
                    let mut names: Vec<String> = theirs.iter().map(|(i, _)| item(*i)).collect();
                    names.push(item(later));
                    let both = if names.len() == 2 { "both" } else { "all" };
                    format!(
                        "items {} {both} look for \"{}\"",
                        join_and(&names),
                        mine.text
                    )
                } else {
                    let others: Vec<String> = theirs
                        .iter()
                        .map(|(i, t)| format!("\"{}\" of {}", t.text, item(*i)))
                        .collect();
                    format!(
                        "\"{}\" of {} overlaps {}",
                        mine.text,
                        item(later),
                        join_and(&others)
                    )
                };
                let mut readings: Vec<String> = std::iter::once(mine)
                    .chain(theirs.iter().map(|(_, t)| *t))
                    .map(|phrase| format!("\"{}\"", phrase.stems.join(" ")))
                    .collect();
                readings.dedup();
                self.warn(
                    &rubric.phrase(later, mine.field, mine.text),
                    message,
                    format!(
                        "the scorer reads {} {}, so one sentence earns them all; give each item phrases for its own idea",
                        if readings.len() == 1 { "each as" } else { "them as" },
                        join_and(&readings)
                    ),
                );
            }
        }
    }

    /// Items that no worked example earns any credit for have phrases nobody has tested.
    fn untested_items(&mut self, rubric: &RubricAt<'a>, reports: &[Report], card: &str) {
        if reports.is_empty() {
            return;
        }
        let earned: HashSet<&str> = reports
            .iter()
            .flat_map(|r| &r.items)
            .filter(|i| i.from == ItemSource::Card && i.credit > 0.0)
            .map(|i| i.id.as_str())
            .collect();
        for (index, item) in rubric.items.iter().enumerate() {
            if earned.contains(item.id.as_str()) {
                continue;
            }
            let mut route = rubric.item(index);
            route.push(Step::Key("id"));
            self.warn(
                &route,
                format!("no worked example of `{card}` hits `{}`", item.id),
                format!(
                    "add an example that makes this point in a candidate's words; `prepdeck score {} --answer FILE` shows which phrases match",
                    card.split('#').next().unwrap_or(card)
                ),
            );
        }
    }

    fn weak_example(&mut self, card: &Card, card_route: &[Step]) {
        if card.examples.iter().any(|e| e.max_score.is_some()) {
            return;
        }
        let route = [card_route, &[Step::Key("id")]].concat();
        self.warn(
            &route,
            format!("card `{}` has no weak example", card.id),
            "add a [[cards.examples]] with max_score (say 40) and a plausible answer that misses the point, so `deck check` proves the rubric does not reward it".into(),
        );
    }

    /// A hint that says an item's phrase hands the candidate the item.
    fn giveaways(&mut self, hints: &[String], items: &[&RubricItem], owner: &[Step]) {
        for (index, hint) in hints.iter().enumerate() {
            let mut vocabulary = Vocabulary::default();
            let units: Vec<AnalyzedUnit> = answer::parse(hint, &[])
                .units
                .iter()
                .map(|u| AnalyzedUnit::new(self.lexicon, &u.text, &mut vocabulary))
                .collect();
            let given = items.iter().find_map(|item| {
                evidence_phrases(item).find_map(|(_, phrase)| {
                    let compiled = CompiledPhrase::compile(self.lexicon, &mut vocabulary, phrase);
                    // One word is no giveaway: the scorer itself wants a second word of the
                    // concept beside a one-word phrase before it counts.
                    if compiled.words.len() < 2 {
                        return None;
                    }
                    units.iter().find_map(|unit| {
                        let (start, _) = unit.find(&compiled)?;
                        let word = vocabulary.text(unit.words[unit.content[start]]).to_string();
                        Some((item.id.as_str(), phrase, word))
                    })
                })
            });
            if let Some((item, phrase, word)) = given {
                let route = [owner, &[Step::Key("hints"), Step::Index(index)]].concat();
                self.warn(
                    &route,
                    format!("this hint gives away \"{phrase}\", a phrase of `{item}`"),
                    format!(
                        "the scorer finds the phrase at \"{word}\"; point toward the idea without the words the rubric looks for"
                    ),
                );
            }
        }
    }

    fn time_limit(&mut self, limit: Duration, norm: Option<Norm>, owner: &[Step]) {
        let route = [owner, &[Step::Key("time_limit")]].concat();
        let shown = duration::format(limit);
        match norm {
            Some(norm) if limit < norm.low / FAR_FACTOR || limit > norm.high * FAR_FACTOR => {
                self.warn(
                    &route,
                    format!(
                        "the time limit {shown} is far from the {} norm of {}",
                        norm.name,
                        norm.range()
                    ),
                    format!(
                        "candidates practise at interview pace; {} answers take {}",
                        norm.name,
                        norm.range()
                    ),
                );
            }
            None if !(SHORTEST_SENSIBLE..=LONGEST_SENSIBLE).contains(&limit) => {
                self.warn(
                    &route,
                    format!("the time limit {shown} is outside any interview answer"),
                    format!(
                        "interview answers take from {} to {}",
                        duration::format(SHORTEST_SENSIBLE),
                        duration::format(LONGEST_SENSIBLE)
                    ),
                );
            }
            _ => {}
        }
    }
}

/// How long an interview gives an answer of one kind.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Norm {
    name: &'static str,
    low: Duration,
    high: Duration,
}

impl Norm {
    fn range(&self) -> String {
        format!(
            "{}–{}",
            duration::format(self.low),
            duration::format(self.high)
        )
    }
}

const fn minutes(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

fn card_norm(card: &Card) -> Option<Norm> {
    let (name, low, high) = match &card.kind {
        CardKind::Sectioned { framework } if framework == "gsmt" => ("GSM-T", 10, 15),
        CardKind::Sectioned { framework } if framework == "star" => ("STAR", 3, 5),
        CardKind::Recall => ("recall", 2, 3),
        _ => return None,
    };
    Some(Norm {
        name,
        low: minutes(low),
        high: minutes(high),
    })
}

/// A rubric phrase with the words the scorer compares: stemmed, after the thesaurus.
struct Normalized<'a> {
    field: &'static str,
    text: &'a str,
    stems: Vec<String>,
}

impl Normalized<'_> {
    /// The same words, or one phrase's words, two or more of them, as a run inside the
    /// other's. A single shared word is not a clash: a one-word phrase needs a second word of
    /// its concept nearby before the scorer takes it, and longer phrases share common words.
    fn overlaps(&self, other: &Normalized) -> bool {
        let (shorter, longer) = if self.stems.len() <= other.stems.len() {
            (self, other)
        } else {
            (other, self)
        };
        shorter.stems == longer.stems
            || (shorter.stems.len() >= 2 && contains(&longer.stems, &shorter.stems))
    }
}

/// True when both items must be evidenced in a section, and not the same one.
fn placed_apart(a: &RubricItem, b: &RubricItem) -> bool {
    matches!((&a.section, &b.section), (Some(x), Some(y)) if x != y)
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A phrase as the scorer compares it: stemmed content words after the thesaurus.
fn stems(lexicon: &Lexicon, phrase: &str) -> Vec<String> {
    lexicon
        .phrase(phrase)
        .iter()
        .map(|w| w.stem.to_string())
        .collect()
}

/// Whether `needle` appears as a run of consecutive words in `haystack`.
fn contains(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Origin;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn containment_is_a_run_of_whole_words() {
        assert!(contains(&words("weekly match rate"), &words("match rate")));
        assert!(!contains(&words("match the rate"), &words("match rate")));
        assert!(!contains(&words("match rate"), &[]));
        assert_eq!(join_and(&words("a b c")), "a, b and c");
    }

    fn bank_with(deck: &str) -> Bank {
        Bank::from_files(vec![(Origin::File("t.toml".into()), Ok(deck.to_string()))])
    }

    const DECK: &str = r#"
[deck]
id = "t"
title = "T"

[[cards]]
id = "c"
title = "C"
prompt = "How do you measure retention?"
kind = "recall"
time_limit = "20m"
hints = ["Think about the weekly retention curve."]

[[cards.rubric]]
id = "retention"
desc = "Names retention"
any = ["retention curve"]

[[cards.rubric]]
id = "weekly"
desc = "Weekly retention"
any = ["weekly retention curve"]

[[cards.rubric]]
id = "cohorts"
desc = "Cohorts"
any = ["signup cohort"]

[[cards.examples]]
label = "strong"
min_score = 10
answer = "I would plot the retention curve for each week."
"#;

    #[test]
    fn finds_overlaps_giveaways_untested_items_missing_weak_examples_and_odd_limits() {
        let bank = bank_with(DECK);
        let deck = bank.deck("t").unwrap();
        let warnings = lint(&bank, &[Target { deck, source: DECK }]);
        let messages: Vec<&str> = warnings.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "card `t/c` has no weak example",
                "the time limit 20m is far from the recall norm of 2m–3m",
                "this hint gives away \"retention curve\", a phrase of `retention`",
                "no worked example of `t/c` hits `weekly`",
                "\"weekly retention curve\" of `weekly` overlaps \"retention curve\" of `retention`",
                "no worked example of `t/c` hits `cohorts`",
            ]
        );
        assert!(
            warnings
                .iter()
                .all(|d| d.line > 0 && d.source_line.is_some())
        );
    }

    const PLACED: &str = r#"
[deck]
id = "p"
title = "P"

[[frameworks]]
id = "gsm"
title = "GSM"

[[frameworks.sections]]
id = "goals"
title = "Goals"
key = "G"
share = 0.3
guide = "What this section names."

[[frameworks.sections]]
id = "signals"
title = "Signals"
key = "S"
share = 0.3
guide = "What this section names."

[[frameworks.sections]]
id = "metrics"
title = "Metrics"
key = "M"
share = 0.4
guide = "What this section names."

[[cards]]
id = "c"
title = "C"
prompt = "How would you measure shared rides?"
framework = "gsm"
time_limit = "12m"

[[cards.rubric]]
id = "goal"
desc = "Riders share rides"
section = "goals"
any = ["shared ride"]

[[cards.rubric]]
id = "event"
desc = "A ride-shared event"
section = "signals"
any = ["shared ride event"]

[[cards.rubric]]
id = "rate"
desc = "Share rate"
section = "metrics"
any = ["share rate", "fill"]

[[cards.rubric]]
id = "fill"
desc = "Seat fill"
section = "metrics"
any = ["seat fill rate"]
"#;

    #[test]
    fn items_in_different_sections_or_sharing_one_word_are_not_overlaps() {
        let bank = bank_with(PLACED);
        let deck = bank.deck("p").unwrap();
        let warnings = lint(
            &bank,
            &[Target {
                deck,
                source: PLACED,
            }],
        );
        assert!(
            !warnings.iter().any(|d| d.message.contains("overlaps")),
            "{:?}",
            warnings.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }

    #[test]
    fn equal_readings_and_longer_runs_overlap() {
        let phrase = |stems: &str| Normalized {
            field: "any",
            text: "",
            stems: words(stems),
        };
        assert!(phrase("ride").overlaps(&phrase("ride")));
        assert!(phrase("match rate").overlaps(&phrase("weekly match rate")));
        assert!(!phrase("rate").overlaps(&phrase("weekly match rate")));
    }
}
