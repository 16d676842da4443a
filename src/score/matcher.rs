//! Finding evidence: phrases matched in order within a small window of one unit, with typo
//! tolerance and negation, and the structural signals a unit carries (numbers, events,
//! formulas, timeframes, first person) that `needs` asks for.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use super::lexicon::{Analysis, Connective, Flags, Follower, Lexicon, PhraseWord, Word, WordSet};
use crate::deck::Need;

/// Extra words a phrase match may stretch over, beyond the phrase's own length.
const WINDOW_SLACK: usize = 2;
/// How far back (in words) a negation reaches within its clause.
const NEGATION_REACH: usize = 5;
/// How far on (in words, from the start of a match) a dismissal in its clause reaches.
const SET_ASIDE_REACH: usize = 8;

/// A unit of the answer with its words and what it carries. Its words are borrowed from the
/// lists an answer's units share ([`AnswerWords`]), or owned by a unit analysed on its own.
#[derive(Debug)]
pub struct AnalyzedUnit<'w> {
    pub words: Cow<'w, [Word]>,
    /// Indexes of content words in `words`, the positions phrases are matched on.
    pub content: Cow<'w, [usize]>,
    /// Vocabulary ids of the content words, parallel to `content`.
    pub ids: Cow<'w, [u32]>,
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
    /// as in "we track retention, DAU and guardrails", or when a verb anywhere in the unit
    /// makes it a sentence ("Germany (-7) I treat as its own problem: a checkout change").
    pub list_like: bool,
    /// Has a verb (not part of an identifier).
    verb: bool,
    /// Where the first clause that says something starts (a word index), if one does.
    saying_from: Option<usize>,
    pub word_count: usize,
    pub function_words: usize,
}

/// The words of an answer's units, with their content positions and ids, end to end in
/// one list each for the whole answer: a long answer has a hundred units, and three lists
/// of their own for each would take three hundred allocations to score it.
#[derive(Debug, Default)]
pub struct AnswerWords {
    words: Vec<Word>,
    content: Vec<usize>,
    ids: Vec<u32>,
}

impl AnswerWords {
    /// Lists with room for an answer of about this many words.
    pub fn with_capacity(words: usize) -> AnswerWords {
        AnswerWords {
            words: Vec::with_capacity(words),
            content: Vec::with_capacity(words),
            ids: Vec::with_capacity(words),
        }
    }

    /// Analyses the units of an answer, in order, into these lists; each unit borrows its
    /// part of them.
    pub fn analyze<'w, 't>(
        &'w mut self,
        lexicon: &Lexicon,
        texts: impl Iterator<Item = &'t str>,
        vocabulary: &mut Vocabulary,
    ) -> Vec<AnalyzedUnit<'w>> {
        let mut units: Vec<AnalyzedUnit<'w>> = Vec::with_capacity(texts.size_hint().0);
        let mut parts = Vec::with_capacity(units.capacity());
        for text in texts {
            let (words, content) = (self.words.len(), self.content.len());
            units.push(AnalyzedUnit::read(lexicon, text, vocabulary, self));
            parts.push((words..self.words.len(), content..self.content.len()));
        }
        // Every unit is read and the lists are complete: each unit can borrow its part.
        let lists: &'w AnswerWords = self;
        for (unit, (words, content)) in units.iter_mut().zip(parts) {
            unit.words = Cow::Borrowed(&lists.words[words]);
            unit.content = Cow::Borrowed(&lists.content[content.clone()]);
            unit.ids = Cow::Borrowed(&lists.ids[content]);
        }
        units
    }
}

impl AnalyzedUnit<'static> {
    /// Analyses one unit on its own.
    pub fn new(lexicon: &Lexicon, text: &str, vocabulary: &mut Vocabulary) -> Self {
        let mut lists = AnswerWords::default();
        let mut unit = AnalyzedUnit::read(lexicon, text, vocabulary, &mut lists);
        unit.words = Cow::Owned(lists.words);
        unit.content = Cow::Owned(lists.content);
        unit.ids = Cow::Owned(lists.ids);
        unit
    }

    /// Adds a unit's words to the end of `lists` and works out what it carries; its own
    /// words are left empty, for the caller to point at them.
    fn read(
        lexicon: &Lexicon,
        text: &str,
        vocabulary: &mut Vocabulary,
        lists: &mut AnswerWords,
    ) -> Self {
        let first_word = lists.words.len();
        let first_content = lists.content.len();
        lexicon.words_into(text, vocabulary, &mut lists.words);
        lexicon.canonicalize(&mut lists.words, first_word, vocabulary);
        let words = &lists.words[first_word..];
        let mut word_count = 0;
        let mut function_words = 0;
        let mut number = false;
        let mut event_word = false;
        let mut verb = false;
        let mut operator = false;
        let mut identifier = false;
        let mut first_person = false;
        let mut plural_person = false;
        // Clauses split at clause breaks; one says something when it has a verb, a number,
        // an operator, an event name or two function words, or one function word in three
        // words or more ("a new competitor nearby" is a phrase, "the DAU" a term). Counted in
        // the same pass.
        let mut clause_count = 1;
        let mut clause_start = 0;
        let mut clause_function_words = 0;
        let mut clause_words = 0;
        let mut saying_from = None;
        for (index, word) in words.iter().enumerate() {
            if word.is_content() {
                lists.content.push(index);
                lists.ids.push(vocabulary.intern(word));
            }
            let symbol = word.has(Flags::SYMBOL);
            word_count += usize::from(!symbol);
            let function_word = word.has(Flags::FUNCTION) && !word.has(Flags::LIST_JOINER);
            function_words += usize::from(function_word);
            clause_function_words += usize::from(function_word);
            clause_words += usize::from(!symbol);
            let says = word
                .has(Flags::VERB | Flags::IDENTIFIER | Flags::NUMBER | Flags::EVENT | Flags::PER)
                || (symbol && !word.has(Flags::OPEN_BRACKET))
                || clause_function_words >= 2 - usize::from(clause_words >= 3);
            if says && saying_from.is_none() {
                saying_from = Some(clause_start);
            }
            if word.has(Flags::CLAUSE_END) {
                clause_count += 1;
                clause_start = index + 1;
                clause_function_words = 0;
                clause_words = 0;
            }
            number |= word.has(Flags::NUMBER);
            event_word |= word.has(Flags::EVENT);
            verb |= word.has(Flags::VERB) && !word.has(Flags::IDENTIFIER);
            operator |= symbol && !word.has(Flags::OPEN_BRACKET);
            identifier |= word.has(Flags::IDENTIFIER);
            first_person |= word.has(Flags::FIRST_PERSON);
            plural_person |= word.has(Flags::PLURAL_PERSON);
        }
        let event = event_word || starts_with_event_label(text);
        let connected = function_words >= 2 || (function_words == 1 && word_count <= 6);
        // A break after the last word opens no clause.
        if !words.is_empty() && clause_start == words.len() {
            clause_count -= 1;
        }
        let content_words = lists.content.len() - first_content;
        let list_like = clause_count >= 4 && content_words * 2 <= clause_count * 5;
        let formula = OnceCell::new();
        let substantive = verb
            || number
            || operator
            || event
            || connected
            || identifier
            || *formula.get_or_init(|| has_formula(words));
        AnalyzedUnit {
            list_like,
            verb,
            saying_from,
            number,
            event,
            formula,
            timeframe: OnceCell::new(),
            first_person,
            plural_person,
            substantive,
            word_count,
            function_words,
            words: Cow::Borrowed(&[]),
            content: Cow::Borrowed(&[]),
            ids: Cow::Borrowed(&[]),
        }
    }
}

impl AnalyzedUnit<'_> {
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
        if !self.list_like || self.verb {
            return self.substantive;
        }
        // Clauses run in order, so its own clause or an earlier one says something exactly
        // when the first that does starts at or before it.
        let word = self.content[content_pos];
        self.saying_from.is_some_and(|start| start <= word)
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
                if !self.negated(first) && !self.set_aside(first) {
                    return Some((first, false));
                }
                negated_match.get_or_insert((first, true));
            }
        }
        negated_match
    }

    /// Follows the remaining phrase words in order from `start`, within the window, each
    /// after the connective the phrase puts before it.
    fn follow(&self, phrase: &CompiledPhrase, start: usize, from: usize) -> Option<usize> {
        let limit = (start + phrase.words.len() + WINDOW_SLACK).min(self.ids.len());
        let mut at = start;
        for (word, normalized) in phrase.words[from..].iter().zip(&phrase.normalized[from..]) {
            let join = normalized.joined_by;
            at = (at + 1..limit).find(|&next| {
                word.contains(&self.ids[next]) && join.is_none_or(|c| self.joined(at, next, c))
            })?;
        }
        Some(start)
    }

    /// Whether a word between these two content positions says the connective.
    fn joined(&self, from: usize, to: usize, connective: Connective) -> bool {
        self.words[self.content[from] + 1..self.content[to]]
            .iter()
            .any(|w| w.flags.connective().is_some_and(|c| connective.said_by(c)))
    }

    /// A two-word phrase also matches reversed when words join them the other way round:
    /// "rate of completion" for "completion rate", "penalties are paused" for "pause
    /// penalties", "suggestions dismissed or reported" for "reported suggestions", "active 15+
    /// days" for "days active". Reversed words with no small word or number joining them
    /// ("edit_applied (crop|filter") are not the phrase.
    fn reverse_pair(&self, phrase: &CompiledPhrase, second_at: usize) -> Option<usize> {
        // A connective fixes the order: "days since launch" is not "launch days".
        if phrase.normalized[1].joined_by.is_some() {
            return None;
        }
        let low = second_at.saturating_sub(1 + WINDOW_SLACK);
        let before = &self.ids[low..second_at];
        let first = low + before.iter().position(|id| phrase.words[1].contains(id))?;
        let between = &self.words[self.content[first] + 1..self.content[second_at]];
        between
            .iter()
            .any(|w| w.has(Flags::FUNCTION | Flags::NUMBER))
            .then_some(first)
    }

    /// A negation word earlier in the same clause, close enough to govern the match.
    fn negated(&self, content_pos: usize) -> bool {
        let word_index = self.content[content_pos];
        for back in 1..=NEGATION_REACH.min(word_index) {
            let word = &self.words[word_index - back];
            if word.has(Flags::CLAUSE_END | Flags::CONTRAST) {
                return false;
            }
            if word.has(Flags::NEGATION)
                && !word.has(Flags::JOINED)
                && !self.bound_or_double_negative(word_index - back)
            {
                return true;
            }
            if word.has(Flags::INSTEAD) && back >= 2 {
                return true;
            }
        }
        false
    }

    /// Words after the match, in its clause, that set it aside: "cohort retention curves are
    /// not needed", "retention is overrated".
    fn set_aside(&self, content_pos: usize) -> bool {
        let start = self.content[content_pos];
        let mut previous_negation = None;
        for (index, word) in self
            .words
            .iter()
            .enumerate()
            .skip(start)
            .take(SET_ASIDE_REACH)
        {
            if word.has(Flags::CONTRAST) {
                return false;
            }
            let negation = word.has(Flags::NEGATION) && !word.has(Flags::JOINED);
            if word.has(Flags::DISMISSAL)
                || (word.has(Flags::STANCE) && previous_negation.is_some_and(|at| index - at <= 2))
            {
                return true;
            }
            if negation {
                previous_negation = Some(index);
            }
            if word.has(Flags::CLAUSE_END) {
                return false;
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
            .any(|w| w.has(Flags::BOUND | Flags::HARM))
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
/// Words that, negated, set aside what their clause named: "X is not needed".
static STANCE_WORDS: WordSet = WordSet::new(&[
    "needed",
    "necessary",
    "required",
    "useful",
    "helpful",
    "important",
    "relevant",
    "worth",
    "worthwhile",
    "valuable",
    "matter",
    "matters",
    "essential",
    "meaningful",
]);

/// Words that set aside what their clause named: "X is overrated".
static DISMISSALS: WordSet = WordSet::new(&[
    "overrated",
    "irrelevant",
    "unnecessary",
    "useless",
    "pointless",
    "meaningless",
    "unimportant",
    "overkill",
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

/// The words of the texts analysed with it: each distinct spelling once, with its analysis,
/// and each distinct stem as an id, so phrase words can be compared to answer words by id.
pub struct Vocabulary {
    /// Tells this vocabulary from every other in the process, for [`Analysis::seen_in`].
    serial: u64,
    /// Each distinct spelling, in the order first seen: a [`Word`] holds its index. (A word
    /// taken in by two vocabularies in turn may be listed twice, as the same spelling.)
    spellings: Vec<Spelling>,
    /// Stem ids by stem, and the stem of each id.
    ids: HashMap<Rc<str>, u32>,
    stems: Vec<Rc<str>>,
    /// The spellings of the typo candidates, each listed once whichever of its words (such
    /// as "user" and "user's") came first.
    surfaces: FxHashSet<Rc<str>>,
    /// The spellings long enough to carry a typo, each with the stem id it was first seen
    /// with, in the order seen.
    typo_candidates: Vec<TypoCandidate>,
    /// The typo candidates by first letter, so that a typo search only compares words that
    /// could be within reach.
    typo_index: TypoIndex,
    /// Phrase words repeat across a rubric; their accepted ids are worked out once.
    accepted: HashMap<PhraseWord, Rc<[u32]>>,
    /// Where a phrase word's accepted ids are gathered before they are shared.
    gathered: Vec<u32>,
    /// The accepted ids of every phrase word the answer does not use, shared: most words of
    /// a rubric are missing from any one answer, and need no set of their own.
    accepts_none: Rc<[u32]>,
}

struct Spelling {
    analysis: Rc<Analysis>,
    /// The id of the spelling's own stem.
    stem: u32,
    /// Whether its text has been offered to the typo candidates, as a content word's.
    surfaced: bool,
}

struct TypoCandidate {
    /// Length in characters.
    length: usize,
    first: char,
    surface: Rc<str>,
    id: u32,
    letters: u64,
}

/// Typo candidates grouped by first letter and length: candidates are added while an
/// answer is analysed, and grouped once, when a phrase first asks for them.
#[derive(Default)]
struct TypoIndex {
    /// Candidate indexes, ordered by [`TypoIndex::group`].
    order: Vec<u32>,
    /// Where each group starts in `order`, and where the last ends.
    starts: Vec<u32>,
    /// How many candidates were grouped.
    grouped: usize,
}

impl TypoIndex {
    /// A group of letters for each ASCII lowercase letter, one for every other first
    /// character; within each, a group per length, with the longest words together.
    const LETTERS: usize = 27;
    const LENGTHS: usize = 20;

    fn group(first: char, length: usize) -> usize {
        let letter = if first.is_ascii_lowercase() {
            first as usize - 'a' as usize
        } else {
            Self::LETTERS - 1
        };
        letter * Self::LENGTHS + length.min(Self::LENGTHS - 1)
    }

    /// Groups the candidates (a counting sort).
    fn rebuild(&mut self, candidates: &[TypoCandidate]) {
        let group_of = |c: &TypoCandidate| Self::group(c.first, c.length);
        self.starts.clear();
        self.starts.resize(Self::LETTERS * Self::LENGTHS + 1, 0);
        for candidate in candidates {
            self.starts[group_of(candidate) + 1] += 1;
        }
        for group in 1..self.starts.len() {
            self.starts[group] += self.starts[group - 1];
        }
        let mut next = self.starts.clone();
        self.order.clear();
        self.order.resize(candidates.len(), 0);
        for (index, candidate) in candidates.iter().enumerate() {
            let group = group_of(candidate);
            self.order[next[group] as usize] = index as u32;
            next[group] += 1;
        }
        self.grouped = candidates.len();
    }

    /// Whether the index holds every one of this many candidates.
    fn covers(&self, candidates: usize) -> bool {
        !self.starts.is_empty() && self.grouped == candidates
    }

    /// The indexes of the candidates that may start with this character and have a length
    /// in this range (both to be checked: groups are shared).
    fn within(&self, first: char, shortest: usize, longest: usize) -> &[u32] {
        let from = self.starts[Self::group(first, shortest)] as usize;
        let to = self.starts[Self::group(first, longest) + 1] as usize;
        &self.order[from..to]
    }
}

impl Default for Vocabulary {
    fn default() -> Vocabulary {
        static SERIALS: AtomicU64 = AtomicU64::new(1);
        Vocabulary {
            serial: SERIALS.fetch_add(1, Ordering::Relaxed),
            spellings: Vec::new(),
            ids: HashMap::default(),
            stems: Vec::new(),
            surfaces: FxHashSet::default(),
            typo_candidates: Vec::new(),
            typo_index: TypoIndex::default(),
            accepted: HashMap::default(),
            gathered: Vec::new(),
            accepts_none: Rc::from([]),
        }
    }
}

impl Vocabulary {
    /// A vocabulary with room for about this many distinct words, so that interning an
    /// answer rarely has to regrow its tables.
    pub fn with_capacity(distinct_words: usize) -> Vocabulary {
        Vocabulary {
            spellings: Vec::with_capacity(distinct_words),
            ids: HashMap::with_capacity_and_hasher(distinct_words, Default::default()),
            stems: Vec::with_capacity(distinct_words),
            surfaces: FxHashSet::with_capacity_and_hasher(distinct_words, Default::default()),
            typo_candidates: Vec::with_capacity(distinct_words),
            ..Vocabulary::default()
        }
    }

    /// A word with this analysis (and these flags besides), its spelling and stem added to
    /// the vocabulary when new.
    pub(super) fn word(&mut self, analysis: &Rc<Analysis>, flags: Flags) -> Word {
        let spelling = match analysis.seen_in.get() {
            (serial, index) if serial == self.serial => index,
            _ => {
                let index = self.spellings.len() as u32;
                let stem = self.shared_stem_id(&analysis.stem);
                self.spellings.push(Spelling {
                    analysis: Rc::clone(analysis),
                    stem,
                    surfaced: false,
                });
                analysis.seen_in.set((self.serial, index));
                index
            }
        };
        Word {
            spelling,
            stem: self.spellings[spelling as usize].stem,
            flags: analysis.flags | flags,
        }
    }

    /// The id of a stem, added when new.
    pub fn stem_id(&mut self, stem: &str) -> u32 {
        match self.ids.get(stem) {
            Some(&id) => id,
            None => self.shared_stem_id(&Rc::from(stem)),
        }
    }

    fn shared_stem_id(&mut self, stem: &Rc<str>) -> u32 {
        let next = self.stems.len() as u32;
        let id = *self.ids.entry(Rc::clone(stem)).or_insert(next);
        if id == next {
            self.stems.push(Rc::clone(stem));
        }
        id
    }

    /// The analysis of a word's spelling.
    pub(super) fn analysis(&self, word: Word) -> &Analysis {
        &self.spellings[word.spelling as usize].analysis
    }

    /// The word as written, folded.
    pub fn text(&self, word: Word) -> &str {
        &self.analysis(word).text
    }

    pub fn stem_text(&self, id: u32) -> &str {
        &self.stems[id as usize]
    }

    /// Interns a content word: its stem id, with its surface spelling remembered for typo
    /// matching.
    pub fn intern(&mut self, word: &Word) -> u32 {
        let spelling = &mut self.spellings[word.spelling as usize];
        if std::mem::replace(&mut spelling.surfaced, true) {
            return word.stem;
        }
        let analysis = &spelling.analysis;
        let surface = &analysis.text;
        let typo_candidate = analysis.len >= 4 && !surface.bytes().any(|b| b.is_ascii_digit());
        if let Some(first) = surface.chars().next().filter(|_| typo_candidate)
            && self.surfaces.insert(Rc::clone(surface))
        {
            self.typo_candidates.push(TypoCandidate {
                length: analysis.len,
                first,
                surface: Rc::clone(surface),
                id: word.stem,
                letters: analysis.letters,
            });
        }
        word.stem
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
            if !self.typo_index.covers(self.typo_candidates.len()) {
                self.typo_index.rebuild(&self.typo_candidates);
            }
            self.add_misspellings(word, &mut ids);
        }
        let shared: Rc<[u32]> = if ids.is_empty() {
            Rc::clone(&self.accepts_none)
        } else {
            Rc::from(&ids[..])
        };
        self.gathered = ids;
        self.accepted.insert(word.clone(), Rc::clone(&shared));
        shared
    }

    /// How many distinct stems the vocabulary holds (ids run from 0 to this).
    pub fn distinct_stems(&self) -> usize {
        self.stems.len()
    }

    fn add_misspellings(&self, word: &PhraseWord, ids: &mut Vec<u32>) {
        let Some(first) = word.surface.chars().next() else {
            return;
        };
        let (len, mask, budget) = (word.length, word.letters, word.typo_budget);
        let shortest = len.saturating_sub(budget);
        for &index in self.typo_index.within(first, shortest, len + budget) {
            let candidate = &self.typo_candidates[index as usize];
            let within_reach = candidate.first == first
                && candidate.length >= shortest
                && candidate.length <= len + budget;
            if !within_reach || ids.contains(&candidate.id) {
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
    /// The phrase's stemmed content words, as [`Lexicon::phrase`] gives them: kept so that
    /// what else is asked of the phrase needs no second look-up.
    pub normalized: Arc<[PhraseWord]>,
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
        let normalized = lexicon.phrase(text);
        CompiledPhrase {
            text,
            words: normalized.iter().map(|w| vocabulary.accepted(w)).collect(),
            normalized,
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
        let has_second = |unit: usize| {
            self.words
                .get(1)
                .is_none_or(|second| second.iter().any(|&id| occurrences.in_unit(id, unit)))
        };
        starts
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|places| has_second(places[0].0))
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
        for &id in units.iter().flat_map(|u| u.ids.iter()) {
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

    /// Whether the id occurs in the unit (its places are in answer order: by unit).
    fn in_unit(&self, id: u32, unit: usize) -> bool {
        self.of(id)
            .binary_search_by_key(&unit, |&(place, _)| place)
            .is_ok()
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
fn formula_followers(stem: &str) -> u8 {
    match stem {
        "divid" => Follower::BY,
        "out" | "rate" | "share" | "percentag" | "percent" | "number" => Follower::OF,
        "count" => Follower::OF | Follower::DISTINCT | Follower::BRACKET,
        "avg" | "sum" => Follower::BRACKET,
        "x" => Follower::HUNDRED,
        _ => 0,
    }
}

/// Which of the words that complete a formula this stem or spelling is.
fn follower(word: &str) -> u8 {
    match word {
        "by" => Follower::BY,
        "of" => Follower::OF,
        "distinct" => Follower::DISTINCT,
        "(" => Follower::BRACKET,
        "100" => Follower::HUNDRED,
        _ => 0,
    }
}

/// What a stem tells the matcher, worked out once per word when it is first analysed (and
/// for each thesaurus term): negation, formula and timeframe signals.
pub(super) fn stem_traits(stem: &str) -> Flags {
    [
        (stem == "but", Flags::CONTRAST),
        (stem == "instead" || stem == "rather", Flags::INSTEAD),
        (HARM_STEMS.contains(stem), Flags::HARM),
        (formula_stem(stem), Flags::FORMULA_STEM),
        (TIME_WORDS.contains(stem), Flags::TIME_WORD),
        (TIME_UNITS.contains(stem), Flags::TIME_UNIT),
        (stem == "day", Flags::DAY),
        (stem == "(", Flags::OPEN_BRACKET),
        (matches!(stem, "/" | "÷"), Flags::DIVIDE),
        (stem == "=", Flags::EQUALS),
        (
            matches!(stem, "/" | "÷" | "*" | "×" | "+"),
            Flags::ARITHMETIC,
        ),
    ]
    .into_iter()
    .filter(|&(holds, _)| holds)
    .fold(
        Flags::leading(formula_followers(stem)) | Flags::stem_following(follower(stem)),
        |flags, (_, flag)| flags | flag,
    )
}

/// What a word's spelling tells the matcher, worked out once per word: bounds after a
/// negation, "per", and the words around a unit of time.
pub(super) fn text_traits(text: &str) -> Flags {
    [
        (BOUND_WORDS.contains(text), Flags::BOUND),
        (text == "per", Flags::PER),
        (TIME_LEADERS.contains(text), Flags::TIME_LEADER),
        (text == "a", Flags::ARTICLE),
        (compact_duration(text), Flags::COMPACT_DURATION),
        (TIME_QUALIFIERS.contains(text), Flags::TIME_QUALIFIER),
        (STANCE_WORDS.contains(text), Flags::STANCE),
        (DISMISSALS.contains(text), Flags::DISMISSAL),
    ]
    .into_iter()
    .filter(|&(holds, _)| holds)
    .fold(
        Flags::text_following(follower(text))
            | Connective::of(text).map_or(Flags::NONE, Flags::of_connective),
        |flags, (_, flag)| flags | flag,
    )
}

fn has_formula(words: &[Word]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1);
        let symbol = w.has(Flags::SYMBOL);
        let prev_is_term = i > 0 && !words[i - 1].has(Flags::SYMBOL);
        let next_is_term = next.is_some_and(|n| !n.has(Flags::SYMBOL));
        (symbol && w.has(Flags::DIVIDE) && prev_is_term && next_is_term)
            || (symbol
                && w.has(Flags::EQUALS)
                && prev_is_term
                && next_is_term
                && words[i + 1..]
                    .iter()
                    .any(|n| n.has(Flags::SYMBOL) && n.has(Flags::ARITHMETIC)))
            || w.has(Flags::PER | Flags::FORMULA_STEM)
            || next.is_some_and(|n| w.flags.leads() & n.flags.follows() != 0)
    })
}

static TIME_UNITS: WordSet = WordSet::new(&[
    "second",
    "minut",
    "min",
    "hour",
    "hr",
    "day",
    "week",
    "wk",
    "month",
    "quarter",
    "year",
    "yr",
    "sprint",
    "weekend",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]);
static TIME_QUALIFIERS: WordSet = WordSet::new(&[
    "business", "working", "calendar", "trading", "school", "full",
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
    // The thesaurus writes "day 7" as "d7": still a point in time.
    "d1",
    "d3",
    "d7",
    "d14",
    "d28",
    "d30",
    "d60",
    "d90",
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
                .take_while(|p| {
                    p.has(
                        Flags::FUNCTION
                            | Flags::TIME_LEADER
                            | Flags::NUMBER
                            | Flags::TIME_QUALIFIER,
                    )
                })
                .any(|p| p.has(Flags::NUMBER | Flags::TIME_LEADER | Flags::ARTICLE))
        };
        let next = words.get(i + 1);
        w.has(Flags::TIME_WORD)
            || (w.has(Flags::TIME_UNIT) && led())
            || (w.has(Flags::DAY) && next.is_some_and(|n| n.has(Flags::NUMBER)))
            || (w.has(Flags::NUMBER) && w.has(Flags::COMPACT_DURATION))
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

    fn unit(text: &str) -> (AnalyzedUnit<'static>, Vocabulary, Lexicon) {
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
    fn a_clause_that_sets_the_phrase_aside_cancels_it() {
        let retention = "cohort retention";
        for text in [
            "Cohort retention curves are not needed; DAU is enough.",
            "Cohort retention is overrated, so we leave it out.",
            "Cohort retention isn't really useful here.",
        ] {
            assert_eq!(find(text, retention), Some(true), "{text}");
        }
        for text in [
            "Cohort retention matters most; DAU is not needed.",
            "Cohort retention must not drop below 40%, which is important.",
            "Cohort retention, not DAU, but it is needed.",
        ] {
            assert_eq!(find(text, retention), Some(false), "{text}");
        }
    }

    #[test]
    fn a_noun_phrase_in_a_list_says_something_a_bare_term_does_not() {
        let lexicon = Lexicon::new(&[]);
        let mut vocabulary = Vocabulary::default();
        let mut says = |text: &str, word: &str| {
            let unit = AnalyzedUnit::new(&lexicon, text, &mut vocabulary);
            let phrase = CompiledPhrase::compile(&lexicon, &mut vocabulary, word);
            let (start, _) = unit.find(&phrase).expect("found");
            unit.substantive_at(start)
        };
        assert!(says(
            "Demand elsewhere: a new competitor nearby, or seasonality (students leaving for summer).",
            "competitor"
        ));
        assert!(!says(
            "Retention, DAU, the guardrails, churn, cohorts.",
            "guardrails"
        ));
    }

    #[test]
    fn a_connective_in_the_phrase_must_join_its_words() {
        let since = "days since last message";
        assert_eq!(find("days since the last message", since), Some(false));
        assert_eq!(find("messages in the last 30 days", since), None);
        assert_eq!(find("days active in the last message thread", since), None);
        let per = "cost per delivery";
        for text in [
            "cost per delivery fell",
            "cost/delivery fell",
            "the cost of each delivery fell",
            "cost by delivery type",
        ] {
            assert_eq!(find(text, per), Some(false), "{text}");
        }
        assert_eq!(find("the cost of the delivery fell", per), None);
        assert_eq!(
            find("moved to next quarter", "pushed to next quarter"),
            None
        );
        assert_eq!(
            find("pushed to next quarter", "pushed to next quarter"),
            Some(false)
        );
        assert_eq!(
            find("pushed it into next quarter", "pushed to next quarter"),
            None
        );
        assert_eq!(
            find("server-side IP → city lookup", "ip to city"),
            Some(false)
        );
        assert_eq!(
            find("city of the IP", "ip to city"),
            None,
            "no reversal past a connective"
        );
    }

    #[test]
    fn a_reversed_pair_needs_words_that_join_it() {
        assert_eq!(
            find("the rate of completion rose", "completion rate"),
            Some(false)
        );
        assert_eq!(
            find("penalties are paused for now", "pause penalties"),
            Some(false)
        );
        assert_eq!(
            find("edit_applied (tool = crop|filter)", "filter apply"),
            None
        );
        assert_eq!(find("active 15+ days a month", "days active"), Some(false));
        assert_eq!(find("crash; rate, completion", "completion rate"), None);
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
        let (u, ..) = unit("Germany (-7) I treat as its own problem: maybe a checkout change.");
        assert!(u.list_like && u.substantive_at(0));
        let (u, ..) = unit("Default retention with auto-expiry (e.g. 13 months for raw).");
        assert!(
            !u.list_like && u.substantive_at(0),
            "an abbreviation ends no clause"
        );
        let (u, ..) = unit("Ship the postmortem within 5 business days.");
        assert!(u.number && u.timeframe());
        let (u, ..) = unit("Decide by Friday whether to launch.");
        assert!(u.timeframe());
        let (u, ..) = unit("Friday traffic is the highest.");
        assert!(!u.timeframe());
    }
}
