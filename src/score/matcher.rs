//! Finding evidence: phrases matched in order within a small window of one unit, with typo
//! tolerance and negation, and the structural signals a unit carries (numbers, events,
//! formulas, timeframes, first person) that `needs` asks for.

use std::collections::HashMap;

use super::lexicon::{Lexicon, PhraseWord, Word};
use crate::deck::Need;

/// Extra words a phrase match may stretch over, beyond the phrase's own length.
const WINDOW_SLACK: usize = 2;
/// How far back (in words) a negation reaches within its clause.
const NEGATION_REACH: usize = 5;

/// A unit of the answer with its words and what it carries.
#[derive(Debug)]
pub struct AnalyzedUnit {
    pub words: Vec<Word>,
    /// Indexes of content words in `words`, the positions phrases are matched on.
    pub content: Vec<usize>,
    /// Vocabulary ids of the content words, parallel to `content`.
    pub ids: Vec<u32>,
    pub number: bool,
    pub event: bool,
    pub formula: bool,
    pub timeframe: bool,
    pub first_person: bool,
    pub plural_person: bool,
    /// Says something: a verb, a number, an operator, an event or real connecting text.
    pub substantive: bool,
    pub word_count: usize,
    pub function_words: usize,
}

impl AnalyzedUnit {
    pub fn new(lexicon: &Lexicon, text: &str, vocabulary: &mut Vocabulary) -> AnalyzedUnit {
        let words = lexicon.canonicalize(lexicon.words(text));
        let content: Vec<usize> = (0..words.len())
            .filter(|&i| words[i].is_content())
            .collect();
        let ids = content
            .iter()
            .map(|&i| vocabulary.intern(&words[i].stem))
            .collect();
        let word_count = words.iter().filter(|w| !w.symbol).count();
        let function_words = words
            .iter()
            .filter(|w| w.function && !w.list_joiner)
            .count();
        let number = words.iter().any(|w| w.number);
        let event = has_event(&words, text);
        let formula = has_formula(&words);
        let timeframe = has_timeframe(&words);
        let verb = words.iter().any(|w| w.verb && !w.identifier);
        let operator = words.iter().any(|w| w.symbol && w.stem != "(");
        let connected = function_words >= 2 || (function_words == 1 && word_count <= 6);
        AnalyzedUnit {
            number,
            event,
            formula,
            timeframe,
            first_person: words.iter().any(|w| w.first_person),
            plural_person: words.iter().any(|w| w.plural_person),
            substantive: verb || number || operator || event || formula || connected,
            word_count,
            function_words,
            content,
            ids,
            words,
        }
    }

    pub fn meets(&self, need: Need) -> bool {
        match need {
            Need::Number => self.number,
            Need::Event => self.event,
            Need::Formula => self.formula,
            Need::Timeframe => self.timeframe,
            Need::FirstPerson => self.first_person,
        }
    }

    /// Finds the phrase; returns the content position where the match starts, and whether it
    /// is negated in its clause. Non-negated matches are preferred.
    pub fn find(&self, phrase: &CompiledPhrase) -> Option<(usize, bool)> {
        let k = phrase.words.len();
        if k == 0 || self.ids.len() < k {
            return None;
        }
        let mut negated_match = None;
        for start in 0..self.ids.len() {
            if !phrase.words[0].contains(&self.ids[start]) {
                continue;
            }
            let found = self
                .follow(phrase, start, 1)
                .or_else(|| (k == 2).then(|| self.reverse_pair(phrase, start)).flatten());
            if let Some(first) = found {
                if !self.negated(first) {
                    return Some((first, false));
                }
                negated_match.get_or_insert((first, true));
            }
        }
        negated_match
    }

    /// Follows the remaining phrase words in order from `start`, within the window.
    fn follow(&self, phrase: &CompiledPhrase, start: usize, from: usize) -> Option<usize> {
        let limit = (start + phrase.words.len() + WINDOW_SLACK).min(self.ids.len());
        let mut at = start;
        for word in &phrase.words[from..] {
            at = (at + 1..limit).find(|&p| word.contains(&self.ids[p]))?;
        }
        Some(start)
    }

    /// A two-word phrase also matches reversed ("rate of completion" for "completion rate").
    fn reverse_pair(&self, phrase: &CompiledPhrase, second_at: usize) -> Option<usize> {
        let low = second_at.saturating_sub(1 + WINDOW_SLACK);
        (low..second_at).find(|&p| phrase.words[1].contains(&self.ids[p]))
    }

    /// A negation word earlier in the same clause, close enough to govern the match.
    fn negated(&self, content_pos: usize) -> bool {
        let word_index = self.content[content_pos];
        for back in 1..=NEGATION_REACH.min(word_index) {
            let word = &self.words[word_index - back];
            if word.clause_end || word.stem == "but" {
                return false;
            }
            if word.negation && !word.joined {
                return true;
            }
            if (word.stem == "instead" || word.stem == "rather") && back >= 2 {
                return true;
            }
        }
        false
    }

    /// The share of this unit's content words that are concept words of the rubric.
    pub fn concept_words(&self, concepts: &std::collections::HashSet<u32>) -> usize {
        self.ids.iter().filter(|id| concepts.contains(id)).count()
    }
}

/// Interns stems so phrase words can be compared to answer words by id.
#[derive(Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    words: Vec<String>,
}

impl Vocabulary {
    pub fn intern(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(stem.to_string(), id);
        self.words.push(stem.to_string());
        id
    }

    /// Every answer word a phrase word accepts: itself, and near spellings within its typo
    /// budget that share its first letter (typos rarely hit the first letter, and requiring
    /// it keeps "attention" from passing for "retention").
    pub fn accepted(&self, word: &PhraseWord) -> Vec<u32> {
        let mut ids: Vec<u32> = self.ids.get(&word.stem).copied().into_iter().collect();
        if word.typo_budget == 0 {
            return ids;
        }
        let first = word.stem.chars().next();
        let len = word.stem.chars().count();
        for (id, candidate) in self.words.iter().enumerate() {
            let candidate_len = candidate.chars().count();
            if candidate.chars().next() != first
                || candidate_len < 4
                || candidate_len.abs_diff(len) > word.typo_budget
                || candidate == &word.stem
            {
                continue;
            }
            if candidate.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if strsim::osa_distance(candidate, &word.stem) <= word.typo_budget {
                ids.push(id as u32);
            }
        }
        ids
    }
}

/// A phrase whose words are sets of accepted answer-word ids.
#[derive(Debug, Clone)]
pub struct CompiledPhrase {
    pub text: String,
    pub words: Vec<Vec<u32>>,
}

impl CompiledPhrase {
    /// Compiles a rubric phrase against the answer words interned so far: analyse the units
    /// first, then compile, so typo tolerance can see every word they hold.
    pub fn compile(lexicon: &Lexicon, vocabulary: &Vocabulary, text: &str) -> CompiledPhrase {
        CompiledPhrase {
            text: text.to_string(),
            words: lexicon
                .phrase(text)
                .iter()
                .map(|w| vocabulary.accepted(w))
                .collect(),
        }
    }
}

fn has_event(words: &[Word], text: &str) -> bool {
    words.iter().any(|w| w.event) || {
        let lower = text.trim_start().to_lowercase();
        lower.starts_with("event:")
            || lower.starts_with("event name:")
            || lower.starts_with("events:")
    }
}

const FORMULA_STEMS: &[&str] = &[
    "ratio",
    "proport",
    "fraction",
    "numer",
    "denomin",
    "averag",
    "mean",
    "p50",
    "p90",
    "p95",
    "p99",
    "sum",
    "percentil",
    "median",
];
const FORMULA_PAIRS: &[(&str, &str)] = &[
    ("divid", "by"),
    ("out", "of"),
    ("rate", "of"),
    ("share", "of"),
    ("percentag", "of"),
    ("percent", "of"),
    ("number", "of"),
    ("count", "of"),
    ("count", "distinct"),
    ("count", "("),
    ("avg", "("),
    ("sum", "("),
    ("x", "100"),
];

fn has_formula(words: &[Word]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1).map(|n| n.stem.as_str()).unwrap_or("");
        let prev_is_term = i > 0 && !words[i - 1].symbol;
        let next_is_term = words.get(i + 1).is_some_and(|n| !n.symbol);
        (w.symbol && matches!(w.stem.as_str(), "/" | "÷") && prev_is_term && next_is_term)
            || (w.symbol
                && w.stem == "="
                && prev_is_term
                && next_is_term
                && words[i + 1..]
                    .iter()
                    .any(|n| n.symbol && matches!(n.stem.as_str(), "/" | "÷" | "*" | "×" | "+")))
            || w.text == "per"
            || FORMULA_STEMS.contains(&w.stem.as_str())
            || FORMULA_PAIRS.iter().any(|(a, b)| {
                w.stem == *a && (next == *b || words.get(i + 1).is_some_and(|n| n.text == *b))
            })
    })
}

const TIME_UNITS: &[&str] = &[
    "second", "minut", "min", "hour", "hr", "day", "week", "wk", "month", "quarter", "year", "yr",
    "sprint", "weekend",
];
const TIME_WORDS: &[&str] = &[
    "daili",
    "week",
    "weekli",
    "monthli",
    "quarter",
    "quarterli",
    "yearli",
    "annual",
    "hour",
    "hourli",
    "nightli",
    "q1",
    "q2",
    "q3",
    "q4",
    "h1",
    "h2",
    "eod",
    "eow",
    "eom",
    "eoq",
    "eoy",
    "yoy",
    "qoq",
    "mom",
    "wow",
    "dod",
    "januari",
    "februari",
    "march",
    "april",
    "june",
    "juli",
    "august",
    "septemb",
    "octob",
    "novemb",
    "decemb",
    "tomorrow",
    "today",
    "tonight",
    "deadlin",
    "fortnight",
];
const TIME_LEADERS: &[&str] = &[
    "within", "by", "next", "this", "each", "every", "per", "last", "first", "end", "over",
    "after", "until",
];

fn has_timeframe(words: &[Word]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        let is_unit = TIME_UNITS.contains(&w.stem.as_str());
        let prev = i.checked_sub(1).map(|p| &words[p]);
        let next = words.get(i + 1);
        TIME_WORDS.contains(&w.stem.as_str())
            || (is_unit
                && prev.is_some_and(|p| {
                    p.number || TIME_LEADERS.contains(&p.text.as_str()) || p.text == "a"
                }))
            || (w.stem == "day" && next.is_some_and(|n| n.number))
            || (w.number && compact_duration(&w.text))
    })
}

/// `7d`, `30-day`, `24h`, `2wk`, `6mo`, `90min`: a number fused with a time unit.
fn compact_duration(text: &str) -> bool {
    let unit: String = text
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-')
        .to_string();
    !unit.is_empty()
        && text.starts_with(|c: char| c.is_ascii_digit())
        && [
            "d", "day", "days", "h", "hr", "hrs", "w", "wk", "wks", "week", "weeks", "mo", "month",
            "months", "m", "min", "mins", "q", "y", "yr", "year",
        ]
        .contains(&unit.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(text: &str) -> (AnalyzedUnit, Vocabulary, Lexicon) {
        let lexicon = Lexicon::new(&[]);
        let mut vocabulary = Vocabulary::default();
        let unit = AnalyzedUnit::new(&lexicon, text, &mut vocabulary);
        (unit, vocabulary, lexicon)
    }

    fn find(text: &str, phrase: &str) -> Option<bool> {
        let (unit, vocabulary, lexicon) = unit(text);
        unit.find(&CompiledPhrase::compile(&lexicon, &vocabulary, phrase))
            .map(|(_, negated)| negated)
    }

    #[test]
    fn matches_in_order_within_a_window() {
        assert_eq!(
            find(
                "We track the share of requests that get matched",
                "requests matched"
            ),
            Some(false)
        );
        assert_eq!(
            find("Completion rate of trips", "trip completion rate"),
            None
        );
        assert_eq!(
            find("the rate of completion", "completion rate"),
            Some(false)
        );
        assert_eq!(
            find(
                "requests from riders in the evening rush are eventually matched",
                "requests matched"
            ),
            None
        );
    }

    #[test]
    fn a_compiled_phrase_sees_only_the_words_interned_before_it() {
        let lexicon = Lexicon::new(&[]);
        let mut vocabulary = Vocabulary::default();
        let early = CompiledPhrase::compile(&lexicon, &vocabulary, "retention");
        let unit = AnalyzedUnit::new(&lexicon, "weekly retnetion fell", &mut vocabulary);
        assert_eq!(unit.find(&early), None);
        let late = CompiledPhrase::compile(&lexicon, &vocabulary, "retention");
        assert_eq!(unit.find(&late), Some((1, false)));
    }

    #[test]
    fn forgives_typos_on_longer_words_only() {
        assert_eq!(
            find("track rider retnetion weekly", "retention"),
            Some(false)
        );
        assert_eq!(find("track rider attention", "retention"), None);
        assert_eq!(find("the cat sat", "car"), None);
    }

    #[test]
    fn negation_in_the_clause_cancels_evidence() {
        assert_eq!(
            find("we would not track retention", "retention"),
            Some(true)
        );
        assert_eq!(
            find("there are no guardrails here", "guardrails"),
            Some(true)
        );
        assert_eq!(
            find("not DAU, but retention matters", "retention"),
            Some(false)
        );
        assert_eq!(find("the no-show rate rises", "no-show rate"), Some(false));
    }

    #[test]
    fn detects_what_needs_ask_for() {
        let (u, ..) = unit("Match rate = matched_requests / total requests, daily");
        assert!(u.formula && u.timeframe && u.event && !u.number);
        let (u, ..) = unit("Lift 7-day retention by 3pp within 6 weeks");
        assert!(u.number && u.timeframe);
        let (u, ..) = unit("A/B test against a holdout");
        assert!(!u.formula);
        let (u, ..) = unit("I rewrote the pipeline");
        assert!(u.first_person && u.substantive);
        let (u, ..) = unit("retention, engagement, guardrails, north star");
        assert!(!u.substantive);
    }
}
