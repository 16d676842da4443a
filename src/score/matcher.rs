//! Finding evidence: phrases matched in order within a small window of one unit, with typo
//! tolerance and negation, and the structural signals a unit carries (numbers, events,
//! formulas, timeframes, first person) that `needs` asks for.

use std::cell::OnceCell;
use std::rc::Rc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use super::lexicon::{Lexicon, PhraseWord, Word, WordSet};
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
    /// Whether the unit gives a formula and a timeframe, worked out when first asked: `needs`
    /// ask only about units that hold evidence, and `substantive` only when nothing else
    /// settles it.
    formula: OnceCell<bool>,
    timeframe: OnceCell<bool>,
    pub first_person: bool,
    pub plural_person: bool,
    /// Says something: a verb, a number, an operator, an event or real connecting text.
    pub substantive: bool,
    /// A run of short comma-separated terms ("retention, DAU, guardrails, per app"): a term
    /// in it counts as evidence only once an earlier clause (or its own) has said something,
    /// as in "we track retention, DAU and guardrails".
    pub list_like: bool,
    /// For each word, the index of its clause; and whether each clause says something.
    clause_of: Vec<usize>,
    clause_substantive: Vec<bool>,
    pub word_count: usize,
    pub function_words: usize,
}

impl AnalyzedUnit {
    pub fn new(lexicon: &Lexicon, text: &str, vocabulary: &mut Vocabulary) -> AnalyzedUnit {
        let words = lexicon.canonicalize(lexicon.words(text));
        let mut content = Vec::with_capacity(words.len());
        let mut ids = Vec::with_capacity(words.len());
        let mut word_count = 0;
        let mut function_words = 0;
        let mut number = false;
        let mut event_word = false;
        let mut verb = false;
        let mut operator = false;
        let mut identifier = false;
        let mut first_person = false;
        let mut plural_person = false;
        for (index, word) in words.iter().enumerate() {
            if word.is_content() {
                content.push(index);
                ids.push(vocabulary.intern(word));
            }
            word_count += usize::from(!word.symbol);
            function_words += usize::from(word.function && !word.list_joiner);
            number |= word.number;
            event_word |= word.event;
            verb |= word.verb && !word.identifier;
            operator |= word.symbol && &*word.stem != "(";
            identifier |= word.identifier;
            first_person |= word.first_person;
            plural_person |= word.plural_person;
        }
        let event = event_word || starts_with_event_label(text);
        let connected = function_words >= 2 || (function_words == 1 && word_count <= 6);
        let (clause_of, clause_substantive) = clauses(&words);
        let clause_count = clause_substantive.len();
        let list_like = clause_count >= 4 && content.len() * 2 <= clause_count * 5;
        let mut unit = AnalyzedUnit {
            list_like,
            clause_of,
            clause_substantive,
            number,
            event,
            formula: OnceCell::new(),
            timeframe: OnceCell::new(),
            first_person,
            plural_person,
            substantive: false,
            word_count,
            function_words,
            content,
            ids,
            words,
        };
        unit.substantive =
            verb || number || operator || event || connected || identifier || unit.formula();
        unit
    }

    /// A ratio or aggregate: `/`, "divided by", "per", `COUNT(`, "rate of".
    pub fn formula(&self) -> bool {
        *self.formula.get_or_init(|| has_formula(&self.words))
    }

    /// "within 6 months", "weekly", "by day 5", "Q2".
    pub fn timeframe(&self) -> bool {
        *self.timeframe.get_or_init(|| has_timeframe(&self.words))
    }

    /// Whether the match starting at this content position says something about its concept.
    pub fn substantive_at(&self, content_pos: usize) -> bool {
        if !self.list_like {
            return self.substantive;
        }
        let word = self.content[content_pos];
        self.clause_substantive[..=self.clause_of[word]]
            .iter()
            .any(|&says| says)
    }

    pub fn meets(&self, need: Need) -> bool {
        match need {
            Need::Number => self.number,
            Need::Event => self.event,
            Need::Formula => self.formula(),
            Need::Timeframe => self.timeframe(),
            Need::FirstPerson => self.first_person,
        }
    }

    /// Finds the phrase; returns the content position where the match starts, and whether it
    /// is negated in its clause. Non-negated matches are preferred.
    pub fn find(&self, phrase: &CompiledPhrase) -> Option<(usize, bool)> {
        let first = phrase.words.first()?;
        let starts = (0..self.ids.len()).filter(|&start| first.contains(&self.ids[start]));
        self.find_from(phrase, starts)
    }

    /// [`find`](Self::find), trying only the given content positions, in ascending order,
    /// as starts: they must be every position of the phrase's first word in this unit.
    fn find_from(
        &self,
        phrase: &CompiledPhrase,
        starts: impl Iterator<Item = usize>,
    ) -> Option<(usize, bool)> {
        let k = phrase.words.len();
        if k == 0 || self.ids.len() < k {
            return None;
        }
        let mut negated_match = None;
        for start in starts {
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
            let after = self.ids.get(at + 1..limit)?;
            at += 1 + after.iter().position(|id| word.contains(id))?;
        }
        Some(start)
    }

    /// A two-word phrase also matches reversed ("rate of completion" for "completion rate").
    fn reverse_pair(&self, phrase: &CompiledPhrase, second_at: usize) -> Option<usize> {
        let low = second_at.saturating_sub(1 + WINDOW_SLACK);
        let before = &self.ids[low..second_at];
        Some(low + before.iter().position(|id| phrase.words[1].contains(id))?)
    }

    /// A negation word earlier in the same clause, close enough to govern the match.
    fn negated(&self, content_pos: usize) -> bool {
        let word_index = self.content[content_pos];
        for back in 1..=NEGATION_REACH.min(word_index) {
            let word = &self.words[word_index - back];
            if word.clause_end || &*word.stem == "but" {
                return false;
            }
            if word.negation && !word.joined && !self.bound_or_double_negative(word_index - back) {
                return true;
            }
            if (&*word.stem == "instead" || &*word.stem == "rather") && back >= 2 {
                return true;
            }
        }
        false
    }

    /// "no more than 4 minutes slower" states a bound and "without hurting trust" keeps the
    /// thing it names: neither negates the words that follow.
    fn bound_or_double_negative(&self, negation: usize) -> bool {
        self.words[negation + 1..]
            .iter()
            .take(2)
            .any(|w| BOUND_WORDS.contains(&w.text) || HARM_STEMS.contains(&w.stem))
    }

    /// The share of this unit's content words that are concept words of the rubric.
    pub fn concept_words(&self, concepts: &FxHashSet<u32>) -> usize {
        self.ids.iter().filter(|id| concepts.contains(id)).count()
    }
}

static BOUND_WORDS: WordSet = WordSet::new(&[
    "more",
    "less",
    "fewer",
    "greater",
    "higher",
    "lower",
    "later",
    "earlier",
    "longer",
    "shorter",
    "worse",
    "above",
    "below",
    "over",
    "under",
    "exceed",
    "exceeding",
    "than",
    "much",
    "beyond",
]);
static HARM_STEMS: WordSet = WordSet::new(&[
    "hurt",
    "harm",
    "damag",
    "degrad",
    "compromis",
    "sacrific",
    "break",
    "lose",
    "losing",
    "cannib",
    "erod",
    "tank",
    "regress",
    "reduc",
    "lower",
    "undermin",
]);

/// Interns stems so phrase words can be compared to answer words by id.
#[derive(Default)]
pub struct Vocabulary {
    ids: HashMap<Rc<str>, u32>,
    /// The stem id of each word already interned as itself (not as a thesaurus term), by its
    /// [`Word::spelling`]: a repeated word needs no hashing of its text.
    by_spelling: HashMap<u64, u32>,
    /// Each distinct spelling in the answer.
    surfaces: FxHashSet<Rc<str>>,
    /// The spellings long enough to carry a typo, by first letter and in order of length,
    /// each with the stem id it was first seen with: a typo search only compares words that
    /// could be within reach.
    typo_candidates: HashMap<char, Vec<TypoCandidate>>,
    /// Phrase words repeat across a rubric; their accepted ids are worked out once.
    accepted: HashMap<PhraseWord, Rc<[u32]>>,
    /// Where a phrase word's accepted ids are gathered before they are shared.
    gathered: Vec<u32>,
}

struct TypoCandidate {
    /// Length in characters.
    length: usize,
    surface: Rc<str>,
    id: u32,
    letters: u64,
}

impl Vocabulary {
    /// A vocabulary with room for about this many distinct words, so that interning an
    /// answer rarely has to regrow its tables.
    pub fn with_capacity(distinct_words: usize) -> Vocabulary {
        Vocabulary {
            ids: HashMap::with_capacity_and_hasher(distinct_words, Default::default()),
            by_spelling: HashMap::with_capacity_and_hasher(distinct_words, Default::default()),
            surfaces: FxHashSet::with_capacity_and_hasher(distinct_words, Default::default()),
            ..Vocabulary::default()
        }
    }

    /// Interns a word's stem; its surface spelling is remembered for typo matching.
    pub fn intern(&mut self, word: &Word) -> u32 {
        if !word.canonical
            && let Some(&id) = self.by_spelling.get(&word.spelling)
        {
            return id;
        }
        let next_id = self.ids.len() as u32;
        let id = *self.ids.entry(Rc::clone(&word.stem)).or_insert(next_id);
        let surface = &word.text;
        if !surface.is_empty() && self.surfaces.insert(Rc::clone(surface)) {
            let length = surface.chars().count();
            let typo_candidate = length >= 4 && !surface.chars().any(|c| c.is_ascii_digit());
            if let Some(first) = surface.chars().next().filter(|_| typo_candidate) {
                let same_start = self.typo_candidates.entry(first).or_default();
                let at = same_start.partition_point(|c| c.length <= length);
                same_start.insert(
                    at,
                    TypoCandidate {
                        length,
                        surface: Rc::clone(surface),
                        id,
                        letters: letter_mask(surface),
                    },
                );
            }
        }
        if !word.canonical {
            self.by_spelling.insert(word.spelling, id);
        }
        id
    }

    /// Every answer word a phrase word accepts: the same stem, and misspellings within its
    /// typo budget. Typos are judged on the words as written, not on stems, because stems
    /// of unrelated words can sit close ("congest" and "connect"); and they must share the
    /// first letter, which typos rarely hit and which keeps "attention" from passing for
    /// "retention".
    pub fn accepted(&mut self, word: &PhraseWord) -> Rc<[u32]> {
        if let Some(ids) = self.accepted.get(word) {
            return Rc::clone(ids);
        }
        let mut ids = std::mem::take(&mut self.gathered);
        ids.clear();
        ids.extend(self.ids.get(&*word.stem));
        if word.typo_budget > 0 {
            self.add_misspellings(word, &mut ids);
        }
        let shared: Rc<[u32]> = Rc::from(&ids[..]);
        self.gathered = ids;
        self.accepted.insert(word.clone(), Rc::clone(&shared));
        shared
    }

    /// How many distinct stems the answer holds (ids run from 0 to this).
    pub fn distinct_stems(&self) -> usize {
        self.ids.len()
    }

    fn add_misspellings(&self, word: &PhraseWord, ids: &mut Vec<u32>) {
        let Some(first) = word.surface.chars().next() else {
            return;
        };
        let len = word.surface.chars().count();
        let mask = letter_mask(&word.surface);
        let budget = word.typo_budget;
        let same_start = self
            .typo_candidates
            .get(&first)
            .map_or(&[][..], Vec::as_slice);
        let shortest = same_start.partition_point(|c| c.length < len.saturating_sub(budget));
        let within_reach = same_start[shortest..]
            .iter()
            .take_while(|c| c.length <= len + budget);
        for candidate in within_reach {
            if ids.contains(&candidate.id) {
                continue;
            }
            // Each edit adds or removes at most one distinct letter on each side, so more
            // letters than the budget missing from either word rules it out cheaply.
            if !more_bits_than(mask & !candidate.letters, budget)
                && !more_bits_than(candidate.letters & !mask, budget)
                && could_be_within(&candidate.surface, &word.surface, budget)
                && strsim::osa_distance(&candidate.surface, &word.surface) <= budget
            {
                ids.push(candidate.id);
            }
        }
        ids.sort_unstable();
    }
}

/// The set of characters in a word, folded into 64 bits (letters and digits by value, the
/// rest hashed into the high bits): enough to rule out most typo candidates at once.
fn letter_mask(word: &str) -> u64 {
    word.chars().fold(0u64, |mask, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            other => 36 + other as u32 % 28,
        };
        mask | 1 << bit
    })
}

/// Whether more than `n` bits are set: clearing the lowest set bit `n` times leaves some.
/// Cheaper than counting them, for the small `n` of a typo budget.
fn more_bits_than(mut bits: u64, n: usize) -> bool {
    for _ in 0..n {
        bits &= bits.wrapping_sub(1);
    }
    bits != 0
}

/// Whether two spellings could be within `budget` edits, judged cheaply before the edit
/// distance. An edit (insertion, deletion, substitution, swap of neighbours) moves the
/// letters after it by at most one place, so every letter no insertion, deletion or
/// substitution touches has its twin in the other word at most `budget` places away, and at
/// most `budget` letters are touched. Words beyond ASCII are left to the edit distance.
fn could_be_within(a: &str, b: &str, budget: usize) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return true;
    }
    let unpaired = |from: &[u8], to: &[u8]| {
        from.iter()
            .enumerate()
            .filter(|&(i, letter)| {
                let near = &to[i.saturating_sub(budget)..(i + budget + 1).min(to.len())];
                !near.contains(letter)
            })
            .count()
    };
    let (a, b) = (a.as_bytes(), b.as_bytes());
    unpaired(a, b) <= budget && unpaired(b, a) <= budget
}

/// A phrase whose words are sets of accepted answer-word ids.
#[derive(Debug, Clone)]
pub struct CompiledPhrase<'t> {
    pub text: &'t str,
    pub words: Vec<Rc<[u32]>>,
}

impl<'t> CompiledPhrase<'t> {
    /// Compiles a rubric phrase against the answer words interned so far. Analyse every unit
    /// first: typo tolerance sees only words already interned, and the vocabulary keeps each
    /// phrase word's result.
    pub fn compile(
        lexicon: &Lexicon,
        vocabulary: &mut Vocabulary,
        text: &'t str,
    ) -> CompiledPhrase<'t> {
        CompiledPhrase {
            text,
            words: lexicon
                .phrase(text)
                .iter()
                .map(|w| vocabulary.accepted(w))
                .collect(),
        }
    }

    /// Every unit that states the phrase, in answer order.
    pub fn hits(&self, units: &[AnalyzedUnit], occurrences: &Occurrences) -> Vec<Hit> {
        let merged: Vec<(usize, usize)>;
        let starts = match self.words.first().map(|first| &first[..]) {
            None | Some([]) => return Vec::new(),
            Some(&[id]) => occurrences.of(id),
            // A misspelt first word has several ids, each with its own places, to interleave.
            Some(ids) => {
                let mut places: Vec<(usize, usize)> = ids
                    .iter()
                    .flat_map(|&id| occurrences.of(id))
                    .copied()
                    .collect();
                places.sort_unstable();
                merged = places;
                &merged
            }
        };
        // A unit without the phrase's second word cannot state it, in order or reversed.
        let with_second: Option<Vec<usize>> = self.words.get(1).map(|second| {
            let mut units: Vec<usize> = second
                .iter()
                .flat_map(|&id| occurrences.of(id))
                .map(|&(unit, _)| unit)
                .collect();
            units.sort_unstable();
            units.dedup();
            units
        });
        starts
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|places| {
                with_second
                    .as_ref()
                    .is_none_or(|units| units.binary_search(&places[0].0).is_ok())
            })
            .filter_map(|places| {
                let unit = places[0].0;
                let positions = places.iter().map(|&(_, position)| position);
                let (start, negated) = units[unit].find_from(self, positions)?;
                Some(Hit {
                    unit,
                    start,
                    negated,
                })
            })
            .collect()
    }
}

/// Where each vocabulary id occurs in the answer, as (unit, content position) pairs in
/// answer order, so a phrase is only looked for where its first word is.
pub struct Occurrences {
    /// The pairs of id `i` are `places[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    places: Vec<(usize, usize)>,
}

impl Occurrences {
    pub fn new(units: &[AnalyzedUnit], vocabulary: &Vocabulary) -> Occurrences {
        let mut starts = vec![0; vocabulary.distinct_stems() + 1];
        for &id in units.iter().flat_map(|u| &u.ids) {
            starts[id as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut places = vec![(0, 0); starts[starts.len() - 1]];
        for (index, unit) in units.iter().enumerate() {
            for (position, &id) in unit.ids.iter().enumerate() {
                places[next[id as usize]] = (index, position);
                next[id as usize] += 1;
            }
        }
        Occurrences { starts, places }
    }

    fn of(&self, id: u32) -> &[(usize, usize)] {
        let id = id as usize;
        &self.places[self.starts[id]..self.starts[id + 1]]
    }
}

/// A unit that states a phrase: what [`AnalyzedUnit::find`] says about it.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub unit: usize,
    /// The content position where the match starts.
    pub start: usize,
    pub negated: bool,
}

/// Splits a unit's words into clauses at clause breaks; a clause says something when it has
/// a verb, a number, an operator, an event name or two function words.
fn clauses(words: &[Word]) -> (Vec<usize>, Vec<bool>) {
    let mut clause_of = Vec::with_capacity(words.len());
    let mut substantive = Vec::with_capacity(words.iter().filter(|w| w.clause_end).count() + 1);
    substantive.push(false);
    let mut function_words = 0;
    for word in words {
        let index = substantive.len() - 1;
        clause_of.push(index);
        if word.function && !word.list_joiner {
            function_words += 1;
        }
        let says = word.verb
            || word.identifier
            || word.number
            || word.event
            || (word.symbol && &*word.stem != "(")
            || &*word.text == "per"
            || function_words >= 2;
        substantive[index] |= says;
        if word.clause_end {
            substantive.push(false);
            function_words = 0;
        }
    }
    if substantive.len() > 1
        && clause_of
            .last()
            .is_some_and(|&last| last < substantive.len() - 1)
    {
        substantive.pop();
    }
    (clause_of, substantive)
}

/// A line such as `event: order_delivered` names its event even when the name is one word.
fn starts_with_event_label(text: &str) -> bool {
    let text = text.trim_start();
    ["event:", "event name:", "events:"].iter().any(|label| {
        text.get(..label.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(label))
    })
}

/// Stems that name a ratio or an aggregate on their own.
fn formula_stem(stem: &str) -> bool {
    matches!(
        stem,
        "ratio"
            | "proport"
            | "fraction"
            | "numer"
            | "denomin"
            | "averag"
            | "mean"
            | "p50"
            | "p90"
            | "p95"
            | "p99"
            | "sum"
            | "percentil"
            | "median"
    )
}

/// The words that make a formula after a stem: "divided by", "rate of", `COUNT(`, "x 100".
fn formula_followers(stem: &str) -> &'static [&'static str] {
    match stem {
        "divid" => &["by"],
        "out" | "rate" | "share" | "percentag" | "percent" | "number" => &["of"],
        "count" => &["of", "distinct", "("],
        "avg" | "sum" => &["("],
        "x" => &["100"],
        _ => &[],
    }
}

fn has_formula(words: &[Word]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1).map(|n| &*n.stem).unwrap_or("");
        let prev_is_term = i > 0 && !words[i - 1].symbol;
        let next_is_term = words.get(i + 1).is_some_and(|n| !n.symbol);
        (w.symbol && matches!(&*w.stem, "/" | "÷") && prev_is_term && next_is_term)
            || (w.symbol
                && &*w.stem == "="
                && prev_is_term
                && next_is_term
                && words[i + 1..]
                    .iter()
                    .any(|n| n.symbol && matches!(&*n.stem, "/" | "÷" | "*" | "×" | "+")))
            || &*w.text == "per"
            || formula_stem(&w.stem)
            || formula_followers(&w.stem).iter().any(|follower| {
                next == *follower || words.get(i + 1).is_some_and(|n| &*n.text == *follower)
            })
    })
}

static TIME_UNITS: WordSet = WordSet::new(&[
    "second", "minut", "min", "hour", "hr", "day", "week", "wk", "month", "quarter", "year", "yr",
    "sprint", "weekend",
]);
static TIME_WORDS: WordSet = WordSet::new(&[
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
]);
static TIME_LEADERS: WordSet = WordSet::new(&[
    "within", "by", "next", "this", "each", "every", "per", "last", "first", "end", "over",
    "after", "until",
]);

fn has_timeframe(words: &[Word]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        // "by the end of the month": look back past a few small words for a leader.
        let led = || {
            words[..i]
                .iter()
                .rev()
                .take(4)
                .take_while(|p| p.function || TIME_LEADERS.contains(&p.text) || p.number)
                .any(|p| p.number || TIME_LEADERS.contains(&p.text) || &*p.text == "a")
        };
        let next = words.get(i + 1);
        TIME_WORDS.contains(&w.stem)
            || (TIME_UNITS.contains(&w.stem) && led())
            || (&*w.stem == "day" && next.is_some_and(|n| n.number))
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
        let (unit, mut vocabulary, lexicon) = unit(text);
        unit.find(&CompiledPhrase::compile(&lexicon, &mut vocabulary, phrase))
            .map(|(_, negated)| negated)
    }

    #[test]
    fn a_phrase_compiled_after_the_answer_forgives_its_typos() {
        let lexicon = Lexicon::new(&[]);
        let mut vocabulary = Vocabulary::default();
        let unit = AnalyzedUnit::new(&lexicon, "weekly retnetion fell", &mut vocabulary);
        let phrase = CompiledPhrase::compile(&lexicon, &mut vocabulary, "retention");
        assert_eq!(phrase.text, "retention");
        assert_eq!(unit.find(&phrase), Some((1, false)));
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
    fn forgives_typos_on_longer_words_only() {
        assert_eq!(
            find("track rider retnetion weekly", "retention"),
            Some(false)
        );
        assert_eq!(find("track rider attention", "retention"), None);
        assert_eq!(find("the cat sat", "car"), None);
        assert_eq!(
            find("It fits the mission of connecting people", "congestion"),
            None
        );
        assert_eq!(find("Each row keeps the parent post", "partition"), None);
        assert_eq!(find("Every count needs a walk", "counters"), None);
        assert_eq!(find("share of trips with a detuor", "detour"), Some(false));
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
        assert_eq!(
            find(
                "batched orders no more than 4 minutes slower",
                "minutes slower"
            ),
            Some(false)
        );
        assert_eq!(
            find("grow connections without hurting trust", "trust"),
            Some(false)
        );
        assert_eq!(
            find("ship it without a kill switch", "kill switch"),
            Some(true)
        );
    }

    #[test]
    fn detects_what_needs_ask_for() {
        let (u, ..) = unit("Match rate = matched_requests / total requests, daily");
        assert!(u.formula() && u.timeframe() && u.event && !u.number);
        let (u, ..) = unit("Lift 7-day retention by 3pp within 6 weeks");
        assert!(u.number && u.timeframe());
        let (u, ..) =
            unit("Audience expansion above 0.5 for successful shares, reviewed quarterly.");
        assert!(u.number && u.timeframe());
        let (u, ..) = unit("Reach 5% by the end of the month.");
        assert!(u.timeframe());
        let (u, ..) = unit("Zero contact leaks in Q2.");
        assert!(u.number && u.timeframe());
        let (u, ..) = unit("- profile_key, content_key, device_key, date_key, time_key");
        assert!(u.substantive_at(0));
        let (u, ..) = unit("A/B test against a holdout");
        assert!(!u.formula());
        let (u, ..) = unit("I rewrote the pipeline");
        assert!(u.first_person && u.substantive);
        let (u, ..) = unit("retention, engagement, guardrails, north star");
        assert!(!u.substantive);
        let (u, ..) = unit("identity, interests, contacts, opt-in, safety, per app, opt-out rate");
        assert!(u.substantive && u.list_like);
        assert!(!u.substantive_at(0) && u.substantive_at(5) && u.substantive_at(6));
        let (u, ..) = unit("Each week we track retention, DAU, saves, shares and guardrails");
        assert!(u.list_like && u.substantive_at(3));
    }
}
