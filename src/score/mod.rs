//! Scoring: pure functions from (card, framework, answer text) to a report of which rubric
//! items the answer covers, with the evidence quoted from it, a 0–100 score and a suggested
//! rating. No I/O, no clock, no randomness: the same input always gives the same report.

pub mod answer;
mod assign;
pub mod lexicon;
pub mod matcher;
mod numeric;

use rustc_hash::FxHashSet as HashSet;
use serde::{Deserialize, Serialize};

use crate::config::RatingThresholds;
use crate::deck::{BalanceRule, Card, CardKind, Followup, Framework, Need, RubricItem, Section};
use assign::Offer;
pub use lexicon::Lexicon;
use matcher::{AnalyzedUnit, AnswerWords, CompiledPhrase, Hit, Occurrences, Vocabulary};

/// Score cap for an answer flagged as a list of concept words without connecting text.
pub const KEYWORD_LIST_CAP: f64 = 25.0;
/// Share of an item's weight earned when its evidence is misplaced or lacks what `needs` asks.
const PARTIAL_CREDIT: f64 = 0.5;
/// A structural `every` item counts as met when at least this share of its sentences qualify.
const EVERY_THRESHOLD: f64 = 0.8;
/// Answers beyond this many bytes are scored on their first part only, to keep scoring fast.
pub const MAX_ANSWER_BYTES: usize = 200_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The rating a score suggests; each hint used lowers it one step (never below Again).
    pub fn suggest(score: u8, thresholds: &RatingThresholds, hints_used: u32) -> Rating {
        let base: usize = if score < thresholds.again_below {
            0
        } else if score < thresholds.hard_below {
            1
        } else if score < thresholds.good_below {
            2
        } else {
            3
        };
        Rating::ALL[base.saturating_sub(hints_used.min(3) as usize)]
    }

    pub fn name(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    pub fn parse(text: &str) -> Option<Rating> {
        Rating::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Hit,
    Partial,
    Miss,
}

impl Status {
    pub fn mark(self) -> &'static str {
        match self {
            Status::Hit => "✓",
            Status::Partial => "~",
            Status::Miss => "✗",
        }
    }
}

/// Whether an item comes from the card's rubric or its framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemSource {
    Card,
    Framework,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemReport {
    pub id: String,
    pub desc: String,
    pub weight: u8,
    pub status: Status,
    /// The sentence or bullet that counts as evidence, as the candidate wrote it.
    pub evidence: Option<String>,
    /// Its line in the answer, 1-based.
    pub line: Option<usize>,
    pub note: Option<String>,
    pub from: ItemSource,
    /// The share of the weight earned, 0 to 1.
    pub credit: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionReport {
    pub id: String,
    pub title: String,
    pub words: usize,
    pub present: bool,
}

/// The expected value of a numeric card, shown with the number the answer gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NumericReport {
    pub expected: f64,
    pub tolerance: f64,
    pub unit: String,
    /// The number read from the answer, as compared with `expected`.
    pub given: Option<f64>,
    /// That number as the answer wrote it ("8.4 thousand", "0.506").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_text: Option<String>,
    /// True when `given` is a bare fraction read as a percentage: "0.506" as 50.6%.
    pub read_as_fraction: bool,
}

impl NumericReport {
    /// The number read and, when it is not plain digits, how: "8400 (read from “8.4
    /// thousand”)", "50.6 (read from “0.506” as a fraction of 1)", "no number".
    pub fn describe_given(&self) -> String {
        let Some(given) = self.given else {
            return "no number".to_string();
        };
        let shown = numeric::format_number(given);
        match self.given_text.as_deref().map(crate::text::strip_control) {
            Some(text) if self.read_as_fraction => {
                format!("{shown} (read from “{text}” as a fraction of 1)")
            }
            Some(text) if text.contains(char::is_alphabetic) => {
                format!("{shown} (read from “{text}”)")
            }
            _ => shown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub card: String,
    pub score: u8,
    pub rating: Rating,
    pub words: usize,
    pub flags: Vec<String>,
    pub sections: Vec<SectionReport>,
    pub items: Vec<ItemReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numeric: Option<NumericReport>,
    pub hints_used: u32,
}

impl Report {
    /// Concept ids missed (status miss) — what the store tracks as weaknesses.
    pub fn missed(&self) -> impl Iterator<Item = &ItemReport> {
        self.items.iter().filter(|i| i.status == Status::Miss)
    }
}

/// A report flag with what it means, for people: `keyword-list: mostly terms …`.
pub fn describe_flag(flag: &str) -> String {
    match flag {
        "keyword-list" => format!(
            "keyword-list: mostly terms without sentences connecting them; capped at {KEYWORD_LIST_CAP}"
        ),
        "no-structure" => "no-structure: no section headings, so placement was ignored; use `## Goals`-style headings".into(),
        "empty" => "empty: there is no answer to score".into(),
        "truncated" => format!("truncated: only the first {} KB were scored", MAX_ANSWER_BYTES / 1000),
        other => other.into(),
    }
}

/// What a scorer needs beyond the answer: thresholds for the rating and hints used.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub thresholds: RatingThresholds,
    pub hints_used: u32,
}

/// Scores an answer to a card (its framework's items and balance rules included).
pub fn score_card(
    card: &Card,
    framework: Option<&Framework>,
    lexicon: &Lexicon,
    answer: &str,
    options: Options,
) -> Report {
    if let CardKind::Numeric {
        answer: expected,
        tolerance,
        unit,
    } = &card.kind
    {
        return numeric::score(
            card.id.as_str(),
            *expected,
            *tolerance,
            unit,
            answer,
            options,
        );
    }
    let sections = framework.map_or(&[][..], |f| &f.sections);
    let framework_items = framework.map_or(&[][..], |f| &f.rubric);
    let balance = framework.map_or(&[][..], |f| &f.balance);
    let rubric = Rubric {
        sections,
        card_items: &card.rubric,
        framework_items,
        balance,
        sectioned: framework.is_some(),
    };
    rubric.score(card.id.as_str(), lexicon, answer, options)
}

/// Scores an answer to one of a card's follow-ups (free text, no sections).
pub fn score_followup(
    card: &Card,
    followup: &Followup,
    lexicon: &Lexicon,
    answer: &str,
    options: Options,
) -> Report {
    let rubric = Rubric {
        sections: &[],
        card_items: &followup.rubric,
        framework_items: &[],
        balance: &[],
        sectioned: false,
    };
    rubric.score(
        &format!("{}#{}", card.id, followup.id),
        lexicon,
        answer,
        options,
    )
}

struct Rubric<'a> {
    sections: &'a [Section],
    card_items: &'a [RubricItem],
    framework_items: &'a [RubricItem],
    balance: &'a [BalanceRule],
    sectioned: bool,
}

/// One way an item could be evidenced, before sentences are shared out among items. What
/// falls short is kept rather than described: only the chosen candidate gets a note.
struct Candidate<'p> {
    unit: usize,
    credit: f64,
    /// Found outside the item's section.
    misplaced: bool,
    unmet: Vec<Need>,
    /// The one-word phrase the unit names without another word of the idea: in the item's
    /// own section that earns part of the weight (see [`Judge::judge`]).
    lone: Option<&'p str>,
}

/// An item's verdict before evidence is assigned: candidates best first, or a final outcome.
enum Pending<'a> {
    Candidates {
        candidates: Vec<Candidate<'a>>,
        /// The item's `all` phrases the answer never states.
        missing_all: Vec<&'a str>,
        fallback_note: Option<String>,
    },
    Decided(ItemReport),
}

impl Rubric<'_> {
    fn score(&self, card_id: &str, lexicon: &Lexicon, answer: &str, options: Options) -> Report {
        let full_length = answer.len();
        let answer = truncate(answer, MAX_ANSWER_BYTES);
        let parsed = answer::parse(answer, if self.sectioned { self.sections } else { &[] });
        // Most words of an answer repeat: half its length is room enough for its vocabulary.
        let words = parsed.section_words.iter().sum::<usize>() + parsed.loose_words;
        let mut vocabulary = Vocabulary::with_capacity(words / 2);
        let mut answer_words = AnswerWords::with_capacity(words);
        let units = answer_words.analyze(
            lexicon,
            parsed.units.iter().map(|u| u.text.as_str()),
            &mut vocabulary,
        );
        let total_words: usize = units.iter().map(|u| u.word_count).sum();

        let items: Vec<(&RubricItem, ItemSource)> = self
            .card_items
            .iter()
            .map(|i| (i, ItemSource::Card))
            .chain(
                self.framework_items
                    .iter()
                    .map(|i| (i, ItemSource::Framework)),
            )
            .collect();
        let occurrences = Occurrences::new(&units, &vocabulary);
        let locate = |phrases| locate(phrases, &units, &occurrences);
        let mut concepts = HashSet::default();
        let mut compiled = Vec::with_capacity(items.len());
        for (item, _) in &items {
            let any = compile_phrases(&item.any, lexicon, &mut vocabulary, Some(&mut concepts));
            let all = compile_phrases(&item.all, lexicon, &mut vocabulary, Some(&mut concepts));
            let (any, all) = (locate(any), locate(all));
            // Only a one-word phrase found in the answer asks for the rest of its concept
            // (see `corroborated`).
            let asks_for_concept = any
                .iter()
                .chain(&all)
                .any(|p| p.phrase.words.len() == 1 && !p.hits.is_empty());
            let (concept, one_word_idea) = if asks_for_concept {
                let description = compile_phrases(
                    std::slice::from_ref(&item.desc),
                    lexicon,
                    &mut vocabulary,
                    None,
                );
                let phrases = || {
                    any.iter()
                        .map(|p| &p.phrase)
                        .chain(all.iter().map(|p| &p.phrase))
                        .chain(&description)
                };
                // Sized once for every id: grown as it fills, the set would be rehashed
                // several times for every item.
                let ids = || phrases().flat_map(|p| p.words.iter().flat_map(|w| w.iter().copied()));
                let mut concept =
                    HashSet::with_capacity_and_hasher(ids().count(), Default::default());
                concept.extend(ids());
                (concept, one_word_idea(phrases()))
            } else {
                (HashSet::default(), false)
            };
            compiled.push(CompiledItem {
                any,
                all,
                none: locate(compile_phrases(&item.none, lexicon, &mut vocabulary, None)),
                concept,
                one_word_idea,
            });
        }

        let cx = Judge {
            units: &units,
            parsed: &parsed,
            sections: self.sections,
        };
        let pending: Vec<Pending> = items
            .iter()
            .zip(&compiled)
            .map(|((item, source), phrases)| cx.judge(item, *source, phrases))
            .collect();
        let mut reports = assign_evidence(&items, pending, &cx);
        reports.extend(
            self.balance
                .iter()
                .map(|rule| judge_balance(rule, &parsed, self.sections)),
        );

        let mut flags = Vec::new();
        if answer.len() < full_length {
            flags.push("truncated".to_string());
        }
        if total_words == 0 {
            flags.push("empty".to_string());
        } else if self.sectioned && !parsed.structured {
            flags.push("no-structure".to_string());
        }
        let keyword_list = is_keyword_list(&units, total_words, &concepts);
        if keyword_list {
            flags.push("keyword-list".to_string());
        }
        let total_weight: f64 = reports.iter().map(|r| f64::from(r.weight)).sum();
        let earned: f64 = reports.iter().map(|r| f64::from(r.weight) * r.credit).sum();
        let mut score = if total_weight > 0.0 {
            100.0 * earned / total_weight
        } else {
            0.0
        };
        if keyword_list {
            score = score.min(KEYWORD_LIST_CAP);
        }
        let score = score.round().clamp(0.0, 100.0) as u8;
        let sections = self
            .sections
            .iter()
            .enumerate()
            .filter(|_| self.sectioned)
            .map(|(i, s)| SectionReport {
                id: s.id.clone(),
                title: s.title.clone(),
                words: parsed.section_words[i],
                present: parsed.section_words[i] > 0,
            })
            .collect();
        Report {
            card: card_id.to_string(),
            score,
            rating: Rating::suggest(score, &options.thresholds, options.hints_used),
            words: parsed.answer_words,
            flags,
            sections,
            items: reports,
            numeric: None,
            hints_used: options.hints_used,
        }
    }
}

/// A rubric phrase with the units that state it.
struct Located<'t> {
    phrase: CompiledPhrase<'t>,
    hits: Vec<Hit>,
    reading: Reading,
}

/// How much a phrase says on its own, by how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reading {
    /// Two content words or more: found in order, it is evidence.
    Words,
    /// One word as written ("hours"), which turns up everywhere: evidence only beside another
    /// word of the item's idea.
    Lone,
    /// A thesaurus term written in several words ("kill switch", "prep time"): one word to
    /// the scorer, but as specific as the words it stands for.
    Term,
    /// Several words of which all but one are function words ("by platform", "my lesson"):
    /// specific where the answer writes them out, a lone word elsewhere. Holds the words
    /// as written, folded.
    Spelled(Vec<String>),
}

impl Reading {
    fn of(phrase: &CompiledPhrase) -> Reading {
        let several_written = written_words(phrase.text).nth(1).is_some();
        match &phrase.normalized[..] {
            [word] if several_written && word.surface.is_empty() => Reading::Term,
            [_] if several_written => {
                Reading::Spelled(written_words(phrase.text).map(str::to_lowercase).collect())
            }
            [_] => Reading::Lone,
            _ => Reading::Words,
        }
    }
}

/// The words of a text as written, split at anything that is not a letter, digit or
/// apostrophe: for comparing what was written word for word.
fn written_words(text: &str) -> impl Iterator<Item = &str> + Clone {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

/// Whether `words` (lowercase) appear one after another in `text`, as whole words. Every hit
/// of a spelled-out phrase asks this of its unit, so the unit's words are compared where
/// they stand rather than lowercased into strings of their own.
fn writes_out(text: &str, words: &[String]) -> bool {
    if words.is_empty() {
        return false;
    }
    let mut from = written_words(text);
    loop {
        let mut window = from.clone();
        if words
            .iter()
            .all(|word| window.next().is_some_and(|w| spelled_like(w, word)))
        {
            return true;
        }
        if from.next().is_none() {
            return false;
        }
    }
}

/// Whether `written` is `lower` (a lowercased word) or a misspelling of it within the typo
/// budget the matcher allows ("feedbak from" writes out "feedback from").
fn spelled_like(written: &str, lower: &str) -> bool {
    if lowercases_to(written, lower) {
        return true;
    }
    let budget = lexicon::typo_budget(lower.chars().count(), lower);
    budget > 0 && {
        let written = written.to_lowercase();
        written.chars().next() == lower.chars().next()
            && strsim::osa_distance(&written, lower) <= budget
    }
}

/// Whether `written` lowercased is `lower`, a lowercased text: ASCII needs no new string.
fn lowercases_to(written: &str, lower: &str) -> bool {
    if written.is_ascii() {
        // `lower` holds no ASCII capitals, and no byte beyond ASCII equals an ASCII one.
        written.eq_ignore_ascii_case(lower)
    } else {
        written.to_lowercase() == lower
    }
}

impl Located<'_> {
    /// The first unit that states the phrase, not negated.
    fn first_affirmed(&self) -> Option<usize> {
        self.hits.iter().find(|h| !h.negated).map(|h| h.unit)
    }
}

struct CompiledItem<'t> {
    any: Vec<Located<'t>>,
    all: Vec<Located<'t>>,
    none: Vec<Located<'t>>,
    /// Every answer-word id that belongs to the item's concept: the words of its phrases
    /// and of its description. Left empty unless a one-word phrase is found in the answer,
    /// since nothing else asks.
    concept: HashSet<u32>,
    /// Every phrase and the description come down to one and the same word: there is no
    /// other word to look for beside it.
    one_word_idea: bool,
}

/// Whether the item's phrases and description (all of them compiled) come down to one word.
fn one_word_idea<'p>(phrases: impl Iterator<Item = &'p CompiledPhrase<'p>>) -> bool {
    let mut stems = phrases.flat_map(|p| p.normalized.iter().map(|w| &w.stem));
    match stems.next() {
        Some(first) => stems.all(|stem| stem == first),
        None => true,
    }
}

impl CompiledItem<'_> {
    /// Whether a hit of `phrase` in `unit` (whose text is `text`) can stand as evidence: a
    /// lone word counts when the same sentence names another word of the item's concept
    /// too, or when the item offers no other word to look for.
    fn corroborated(&self, unit: &AnalyzedUnit, text: &str, phrase: &Located) -> bool {
        match &phrase.reading {
            Reading::Words | Reading::Term => return true,
            Reading::Spelled(words) if writes_out(text, words) => return true,
            Reading::Spelled(_) | Reading::Lone => {}
        }
        let own = &phrase.phrase.words[0];
        self.one_word_idea
            || unit
                .ids
                .iter()
                .any(|id| self.concept.contains(id) && !own.contains(id))
    }
}

struct Judge<'a> {
    units: &'a [AnalyzedUnit<'a>],
    parsed: &'a answer::ParsedAnswer,
    sections: &'a [Section],
}

impl Judge<'_> {
    fn judge<'p>(
        &self,
        item: &RubricItem,
        source: ItemSource,
        phrases: &'p CompiledItem<'p>,
    ) -> Pending<'p> {
        if item.is_structural() {
            return Pending::Decided(self.structural(item, source));
        }
        if let Some((phrase, unit)) = self.first_match(&phrases.none) {
            let line = self.parsed.units[unit].line;
            return Pending::Decided(report(
                item,
                source,
                Status::Miss,
                0.0,
                Some(format!(
                    "says “{phrase}” (line {line}), a common mistake here"
                )),
            ));
        }
        let missing_all: Vec<&str> = phrases
            .all
            .iter()
            .filter(|p| p.first_affirmed().is_none())
            .map(|p| p.phrase.text)
            .collect();
        let evidence_phrases = if phrases.any.is_empty() {
            &phrases.all
        } else {
            &phrases.any
        };

        let mut negated_line = None;
        let mut idle_line = None;
        let mut lone_word = None;
        // Every hit of every phrase, by unit and then phrase; counted first, since a list
        // grown hit by hit is copied several times over for each item.
        let mut hits: Vec<(usize, &Located, Hit)> =
            Vec::with_capacity(evidence_phrases.iter().map(|p| p.hits.len()).sum());
        hits.extend(
            evidence_phrases
                .iter()
                .flat_map(|p| p.hits.iter().map(move |&hit| (hit.unit, p, hit))),
        );
        let mut candidates = Vec::with_capacity(hits.len());
        hits.sort_by_key(|&(unit, ..)| unit);
        for group in hits.chunk_by(|a, b| a.0 == b.0) {
            let index = group[0].0;
            let unit = &self.units[index];
            // Whether the unit states a phrase at all, not negated, and saying something; or
            // only names a lone word of it. Written in the item's own section, a lone word is
            // half the idea ("Seasonal demand: students leave for summer" under Hypotheses);
            // anywhere else it could be about anything.
            let misplaced = self.misplaced(item, index).is_some();
            let in_own_section = self.parsed.structured && item.section.is_some() && !misplaced;
            let (mut stated, mut affirmed, mut says) = (false, false, false);
            let (mut fully, mut lone) = (false, None);
            for (_, phrase, hit) in group {
                let corroborated =
                    phrases.corroborated(unit, &self.parsed.units[index].text, phrase);
                if corroborated || in_own_section {
                    stated = true;
                    affirmed |= !hit.negated;
                    let affirms = !hit.negated && unit.substantive_at(hit.start);
                    says |= affirms;
                    if affirms && corroborated {
                        fully = true;
                    } else if affirms {
                        lone.get_or_insert(phrase.phrase.text);
                    }
                } else if !hit.negated {
                    lone_word.get_or_insert((self.parsed.units[index].line, phrase.phrase.text));
                }
            }
            let lone = lone.filter(|_| !fully);
            if !stated {
                continue;
            }
            let line = self.parsed.units[index].line;
            if !affirmed {
                negated_line.get_or_insert(line);
                continue;
            }
            if !says {
                idle_line.get_or_insert(line);
                continue;
            }
            let unmet: Vec<Need> = item
                .needs
                .iter()
                .copied()
                .filter(|n| !unit.meets(*n))
                .collect();
            let shortfalls = [
                misplaced,
                !unmet.is_empty(),
                !missing_all.is_empty(),
                lone.is_some(),
            ];
            let credit = shortfalls
                .iter()
                .filter(|&&short| short)
                .fold(1.0, |credit, _| credit * PARTIAL_CREDIT);
            candidates.push(Candidate {
                unit: index,
                credit,
                misplaced,
                unmet,
                lone,
            });
        }
        candidates.sort_by(|a, b| b.credit.total_cmp(&a.credit).then(a.unit.cmp(&b.unit)));
        let fallback_note = match (idle_line, negated_line, lone_word) {
            (Some(line), ..) => Some(format!("named on line {line} but nothing is said about it")),
            (None, Some(line), _) => Some(format!("only mentioned in the negative (line {line})")),
            (None, None, Some((line, word))) => Some(format!(
                "line {line} touches on “{word}” but says nothing else of this idea"
            )),
            (None, None, None) => {
                // Two phrasings that differ once normalised ("guardrail" and "guardrails"
                // would teach nothing twice).
                let mut examples: Vec<&Located> = Vec::with_capacity(2);
                for phrase in evidence_phrases {
                    if examples.len() < 2
                        && examples
                            .iter()
                            .all(|e| e.phrase.words != phrase.phrase.words)
                    {
                        examples.push(phrase);
                    }
                }
                let examples: Vec<&str> = examples.iter().map(|p| p.phrase.text).collect();
                (!examples.is_empty()).then(|| {
                    format!(
                        "no sentence states it; it could read like {}",
                        quote_list(&examples, " or ")
                    )
                })
            }
        };
        Pending::Candidates {
            candidates,
            missing_all,
            fallback_note,
        }
    }

    /// What keeps a candidate from full credit, for the report.
    fn note(
        &self,
        item: &RubricItem,
        candidate: &Candidate,
        missing_all: &[&str],
    ) -> Option<String> {
        let mut notes = Vec::new();
        if candidate.misplaced
            && let Some((found_in, wanted)) = self.misplaced(item, candidate.unit)
        {
            let place = found_in.map_or_else(
                || "before the first section".to_string(),
                |i| format!("in {}", self.sections[i].title),
            );
            notes.push(format!(
                "found {place} (line {}); it belongs in {}",
                self.parsed.units[candidate.unit].line, self.sections[wanted].title
            ));
        }
        if !candidate.unmet.is_empty() {
            let line = self.parsed.units[candidate.unit].line;
            let says_we = self.units[candidate.unit].plural_person;
            notes.push(format!(
                "line {line} {}",
                describe_unmet(&candidate.unmet, says_we)
            ));
        }
        if let Some(word) = candidate.lone {
            notes.push(format!(
                "line {} names only “{word}”; say more of the idea for full credit",
                self.parsed.units[candidate.unit].line
            ));
        }
        if !missing_all.is_empty() {
            notes.push(format!("never mentions {}", quote_list(missing_all, ", ")));
        }
        (!notes.is_empty()).then(|| notes.join("; "))
    }

    /// The first unit that states one of the phrases, not negated, with the phrase.
    fn first_match<'p>(&self, phrases: &[Located<'p>]) -> Option<(&'p str, usize)> {
        phrases
            .iter()
            .filter_map(|p| Some((p.phrase.text, p.first_affirmed()?)))
            .min_by_key(|&(_, unit)| unit)
    }

    fn section_index(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }

    /// Where the evidence sits and the section it belongs in, when those differ (only for
    /// structured answers).
    fn misplaced(&self, item: &RubricItem, unit: usize) -> Option<(Option<usize>, usize)> {
        let wanted = self.section_index(item.section.as_deref()?)?;
        if !self.parsed.structured {
            return None;
        }
        let found_in = self.parsed.units[unit].section;
        (found_in != Some(wanted)).then_some((found_in, wanted))
    }

    /// An item without phrases, judged on the sentences of its section by its `needs`.
    fn structural(&self, item: &RubricItem, source: ItemSource) -> ItemReport {
        let wanted = item.section.as_deref().and_then(|s| self.section_index(s));
        let title = wanted.map_or("the answer".to_string(), |i| self.sections[i].title.clone());
        let in_scope: Vec<usize> = (0..self.units.len())
            .filter(|&i| {
                !self.parsed.structured
                    || wanted.is_none()
                    || self.parsed.units[i].section == wanted
            })
            .collect();
        let substantive: Vec<usize> = in_scope
            .iter()
            .copied()
            .filter(|&i| self.units[i].substantive)
            .collect();
        if substantive.is_empty() {
            let note = if self.parsed.structured || wanted.is_none() {
                format!("{title} is empty")
            } else {
                format!("no {title} section")
            };
            return report(item, source, Status::Miss, 0.0, Some(note));
        }
        let first_person_only = item.needs == [Need::FirstPerson];
        let eligible: Vec<usize> = if first_person_only {
            substantive
                .iter()
                .copied()
                .filter(|&i| self.units[i].first_person || self.units[i].plural_person)
                .collect()
        } else {
            substantive
        };
        if eligible.is_empty() {
            return report(
                item,
                source,
                Status::Hit,
                1.0,
                Some(format!("no sentence in {title} hides behind “we”")),
            );
        }
        let meets = |i: &usize| item.needs.iter().all(|n| self.units[*i].meets(*n));
        let satisfied: Vec<usize> = eligible.iter().copied().filter(meets).collect();
        let evidence = satisfied.first().copied();
        let needs_text = item
            .needs
            .iter()
            .map(|n| need_phrase(*n))
            .collect::<Vec<_>>()
            .join(" and ");
        let (credit, note) = if item.every {
            let ratio = satisfied.len() as f64 / eligible.len() as f64;
            let note = (satisfied.len() < eligible.len()).then(|| {
                format!(
                    "{} of {} sentences in {title} have {needs_text}",
                    satisfied.len(),
                    eligible.len()
                )
            });
            (if ratio >= EVERY_THRESHOLD { 1.0 } else { ratio }, note)
        } else if satisfied.is_empty() {
            (
                0.0,
                Some(format!("no sentence in {title} has {needs_text}")),
            )
        } else {
            (1.0, None)
        };
        let status = status_of(credit);
        let mut report = report(item, source, status, credit, note);
        if let Some(unit) = evidence {
            report.evidence = Some(quote(&self.parsed.units[unit].text));
            report.line = Some(self.parsed.units[unit].line);
        }
        report
    }
}

/// The phrases with the units that state them.
fn locate<'t>(
    phrases: Vec<CompiledPhrase<'t>>,
    units: &[AnalyzedUnit],
    occurrences: &Occurrences,
) -> Vec<Located<'t>> {
    phrases
        .into_iter()
        .map(|phrase| {
            let hits = phrase.hits(units, occurrences);
            // Only a phrase found somewhere is ever asked how it reads.
            let reading = if hits.is_empty() {
                Reading::Words
            } else {
                Reading::of(&phrase)
            };
            Located {
                hits,
                reading,
                phrase,
            }
        })
        .collect()
}

fn compile_phrases<'t>(
    phrases: &'t [String],
    lexicon: &Lexicon,
    vocabulary: &mut Vocabulary,
    mut concepts: Option<&mut HashSet<u32>>,
) -> Vec<CompiledPhrase<'t>> {
    phrases
        .iter()
        .map(|text| {
            let phrase = CompiledPhrase::compile(lexicon, vocabulary, text);
            if let Some(concepts) = concepts.as_deref_mut() {
                concepts.extend(phrase.words.iter().flat_map(|w| w.iter().copied()));
            }
            phrase
        })
        .collect()
}

/// Shares sentences out among items: each sentence can back only a few items (more for
/// longer ones), so one dense sentence cannot carry a rubric; within that limit the items
/// earn as much as they can together (see [`assign`]).
fn assign_evidence(
    items: &[(&RubricItem, ItemSource)],
    pending: Vec<Pending>,
    judge: &Judge,
) -> Vec<ItemReport> {
    let parsed = judge.parsed;
    let capacity: Vec<usize> = judge
        .units
        .iter()
        .map(|u| (2 + u.word_count / 12).min(5))
        .collect();
    fn candidates_of<'p>(pending: &'p Pending<'p>) -> &'p [Candidate<'p>] {
        match pending {
            Pending::Candidates { candidates, .. } => candidates,
            Pending::Decided(_) => &[],
        }
    }
    // Ties go to heavier items, then to those with fewer sentences to choose from.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(items[i].0.weight),
            candidates_of(&pending[i]).len(),
            i,
        )
    });
    let mut priority = vec![0; items.len()];
    for (rank, &item) in order.iter().enumerate() {
        priority[item] = rank;
    }
    let offers: Vec<Vec<Offer>> = items
        .iter()
        .zip(&pending)
        .map(|((item, _), p)| {
            candidates_of(p)
                .iter()
                .map(|c| Offer {
                    unit: c.unit,
                    // Credits are halvings of 1: eighths are exact.
                    value: (f64::from(item.weight) * c.credit * 8.0).round() as u64,
                })
                .collect()
        })
        .collect();
    let chosen = assign::assign(&offers, &priority, &capacity);
    items
        .iter()
        .zip(pending)
        .zip(chosen)
        .map(|((&(item, source), pending), chosen)| match pending {
            Pending::Decided(report) => report,
            Pending::Candidates {
                candidates,
                missing_all,
                fallback_note,
            } => match chosen.map(|c| &candidates[c]) {
                Some(c) => {
                    let note = judge.note(item, c, &missing_all);
                    let mut r = report(item, source, status_of(c.credit), c.credit, note);
                    r.evidence = Some(quote(&parsed.units[c.unit].text));
                    r.line = Some(parsed.units[c.unit].line);
                    r
                }
                None if !candidates.is_empty() => {
                    let line = parsed.units[candidates[0].unit].line;
                    report(
                        item,
                        source,
                        Status::Miss,
                        0.0,
                        Some(format!(
                            "line {line} already stands as evidence for several other items; say this one in its own words"
                        )),
                    )
                }
                None => report(item, source, Status::Miss, 0.0, fallback_note),
            },
        })
        .collect()
}

fn judge_balance(
    rule: &BalanceRule,
    parsed: &answer::ParsedAnswer,
    sections: &[Section],
) -> ItemReport {
    let item = |status, credit, note: Option<String>| ItemReport {
        id: rule.id.clone(),
        desc: rule.desc.clone(),
        weight: rule.weight,
        status,
        evidence: None,
        line: None,
        note,
        from: ItemSource::Framework,
        credit,
    };
    let Some(index) = sections.iter().position(|s| s.id == rule.section) else {
        return item(Status::Miss, 0.0, None);
    };
    if !parsed.structured {
        return item(
            Status::Miss,
            0.0,
            Some("the answer has no sections to compare".into()),
        );
    }
    let words = &parsed.section_words;
    let total: usize = words.iter().sum();
    let mine = words[index];
    let share = if total == 0 {
        0.0
    } else {
        mine as f64 / total as f64
    };
    let title = &sections[index].title;
    let mut problems = Vec::new();
    if rule.largest && (mine == 0 || words.iter().any(|&w| w > mine)) {
        let (longest, _) = words
            .iter()
            .enumerate()
            .max_by_key(|(_, w)| **w)
            .unwrap_or((index, &0));
        problems.push(format!(
            "{title} has {mine} words; {} is longer with {}",
            sections[longest].title, words[longest]
        ));
    }
    if let Some(min) = rule.min_share
        && share < min
    {
        problems.push(format!(
            "{title} is {:.0}% of the answer; aim for at least {:.0}%",
            share * 100.0,
            min * 100.0
        ));
    }
    if let Some(max) = rule.max_share
        && share > max
    {
        problems.push(format!(
            "{title} is {:.0}% of the answer; keep it under {:.0}%",
            share * 100.0,
            max * 100.0
        ));
    }
    if problems.is_empty() {
        item(Status::Hit, 1.0, None)
    } else {
        item(Status::Miss, 0.0, Some(problems.join("; ")))
    }
}

/// An answer that is mostly concept words without the text that would connect them.
fn is_keyword_list(units: &[AnalyzedUnit], total_words: usize, concepts: &HashSet<u32>) -> bool {
    if total_words < 6 {
        return false;
    }
    let substantive_words: usize = units
        .iter()
        .filter(|u| u.substantive)
        .map(|u| u.word_count)
        .sum();
    let function_words: usize = units.iter().map(|u| u.function_words).sum();
    let substantive_share = substantive_words as f64 / total_words as f64;
    let function_share = function_words as f64 / total_words as f64;
    // Looking up every content word among the concepts is the costly part, and only an
    // answer nearly without connecting text needs it.
    let concept_share = || {
        let content_words: usize = units.iter().map(|u| u.ids.len()).sum();
        let concept_words: usize = units.iter().map(|u| u.concept_words(concepts)).sum();
        if content_words == 0 {
            0.0
        } else {
            concept_words as f64 / content_words as f64
        }
    };
    substantive_share < 0.5 || (function_share < 0.1 && concept_share() > 0.5)
}

fn report(
    item: &RubricItem,
    source: ItemSource,
    status: Status,
    credit: f64,
    note: Option<String>,
) -> ItemReport {
    ItemReport {
        id: item.id.clone(),
        desc: item.desc.clone(),
        weight: item.weight,
        status,
        evidence: None,
        line: None,
        note,
        from: source,
        credit,
    }
}

fn status_of(credit: f64) -> Status {
    if credit >= 0.999 {
        Status::Hit
    } else if credit > 0.0 {
        Status::Partial
    } else {
        Status::Miss
    }
}

fn need_phrase(need: Need) -> &'static str {
    match need {
        Need::Number => "a number",
        Need::Event => "a loggable event name",
        Need::Formula => "a formula",
        Need::Timeframe => "a timeframe",
        Need::FirstPerson => "“I”",
    }
}

/// What a unit lacks; `says_we` tells a sentence hiding behind "we" from one that names no
/// actor at all.
fn describe_unmet(unmet: &[Need], says_we: bool) -> String {
    let parts: Vec<&str> = unmet
        .iter()
        .map(|n| match n {
            Need::Number => "has no number",
            Need::Event => "names no loggable event (such as order_delivered)",
            Need::Formula => "gives no formula (what is divided by what)",
            Need::Timeframe => "has no timeframe (such as “within 6 weeks”)",
            Need::FirstPerson if says_we => "says “we”, not what you did",
            Need::FirstPerson => "does not say what you did (no “I”)",
        })
        .collect();
    parts.join(" and ")
}

/// Phrases in quotes, joined: “a”, “b” or “a” or “b”.
fn quote_list(phrases: &[&str], joiner: &str) -> String {
    phrases
        .iter()
        .map(|p| format!("“{p}”"))
        .collect::<Vec<_>>()
        .join(joiner)
}

/// Evidence as shown to the user: the candidate's own words, shortened if long. A long
/// quote ends at a word boundary, so it never shows half a word ("corre…").
fn quote(text: &str) -> String {
    const MAX_CHARS: usize = 160;
    let clean = crate::text::strip_control(text);
    if clean.len() <= MAX_CHARS {
        return clean;
    }
    // Where the first MAX_CHARS - 1 characters end, and whether more than MAX_CHARS follow.
    let mut starts = clean.char_indices().map(|(at, _)| at);
    let (Some(cut), Some(_)) = (starts.nth(MAX_CHARS - 1), starts.next()) else {
        return clean;
    };
    let head = &clean[..cut];
    let ends_on_word_boundary = clean[cut..].starts_with(char::is_whitespace);
    let kept = match head.rfind(char::is_whitespace) {
        // Back up to the last space, unless that loses over half the quote: text without
        // spaces (a long URL, or a script written without them) is cut where it stands.
        Some(space) if !ends_on_word_boundary && space >= cut / 2 => &head[..space],
        _ => head,
    };
    let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'));
    format!("{kept}…")
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse::parse_deck;
    use crate::deck::{Deck, Origin};

    /// A deck with a three-section framework and one card whose rubric is `rubric` (TOML
    /// `[[cards.rubric]]` entries).
    fn deck(rubric: &str) -> Deck {
        deck_with_thesaurus("", rubric)
    }

    fn deck_with_thesaurus(thesaurus: &str, rubric: &str) -> Deck {
        let source = format!(
            r#"
[deck]
id = "t"
title = "T"

[thesaurus]
{thesaurus}

[[frameworks]]
id = "plan"
title = "Plan"
[[frameworks.sections]]
id = "goals"
title = "Goals"
key = "g"
share = 0.3
guide = "Why"
[[frameworks.sections]]
id = "metrics"
title = "Metrics"
key = "m"
share = 0.4
guide = "What"
[[frameworks.sections]]
id = "targets"
title = "Targets"
key = "t"
share = 0.3
guide = "How much"

[[cards]]
id = "c"
title = "C"
prompt = "Measure it."
framework = "plan"
time_limit = "10m"
{rubric}
"#
        );
        let parsed = parse_deck(&source, Origin::File("t.toml".into()));
        parsed
            .deck
            .unwrap_or_else(|| panic!("the test deck parses: {:?}", parsed.diagnostics))
    }

    fn score(deck: &Deck, answer: &str) -> Report {
        score_card(
            &deck.cards[0],
            deck.frameworks.first(),
            &Lexicon::new(&deck.thesaurus),
            answer,
            Options::default(),
        )
    }

    fn item<'r>(report: &'r Report, id: &str) -> &'r ItemReport {
        report
            .items
            .iter()
            .find(|i| i.id == id)
            .unwrap_or_else(|| panic!("no item {id} in {report:?}"))
    }

    const RETENTION: &str = r#"
[[cards.rubric]]
id = "retention"
desc = "Tracks retention"
section = "metrics"
any = ["retention", "come back"]
"#;

    #[test]
    fn evidence_in_the_wrong_section_earns_part_and_says_where_it_belongs() {
        let deck = deck(RETENTION);
        let placed = score(
            &deck,
            "## Metrics\nWe track retention of new riders weekly.",
        );
        assert_eq!(item(&placed, "retention").status, Status::Hit);
        let misplaced = score(&deck, "## Goals\nWe track retention of new riders weekly.");
        let report = item(&misplaced, "retention");
        assert_eq!(report.status, Status::Partial);
        assert_eq!(report.credit, PARTIAL_CREDIT);
        assert_eq!(
            report.note.as_deref(),
            Some("found in Goals (line 2); it belongs in Metrics")
        );
        assert_eq!(report.line, Some(2));
    }

    #[test]
    fn a_missing_requirement_earns_part_with_a_precise_note() {
        let deck = deck(
            r#"
[[cards.rubric]]
id = "target"
desc = "Sets a retention target"
section = "targets"
needs = ["number", "timeframe"]
any = ["retention rate"]
"#,
        );
        let vague = score(&deck, "## Targets\nRetention rate should improve a lot.");
        let report = item(&vague, "target");
        assert_eq!(report.status, Status::Partial);
        assert_eq!(
            report.note.as_deref(),
            Some("line 2 has no number and has no timeframe (such as “within 6 weeks”)")
        );
        let precise = score(
            &deck,
            "## Targets\nRetention rate rises to 40% within 8 weeks.",
        );
        assert_eq!(item(&precise, "target").status, Status::Hit);
    }

    #[test]
    fn the_first_person_note_tells_we_from_no_actor() {
        let deck = deck(
            r#"
[[cards.rubric]]
id = "owned"
desc = "Owned the rollout"
needs = "first-person"
any = ["rollout plan"]
"#,
        );
        let note = |answer| item(&score(&deck, answer), "owned").note.clone();
        assert_eq!(
            note("## Goals\nWe wrote the rollout plan for every region."),
            Some("line 2 says “we”, not what you did".into())
        );
        assert_eq!(
            note("## Goals\nThe rollout plan covered every region."),
            Some("line 2 does not say what you did (no “I”)".into())
        );
        assert_eq!(
            note("## Goals\nI wrote the rollout plan for every region."),
            None
        );
    }

    #[test]
    fn negated_and_disqualifying_phrases_are_not_evidence() {
        let deck = deck(
            r#"
[[cards.rubric]]
id = "retention"
desc = "Tracks retention"
any = ["retention"]
none = ["vanity metric"]
"#,
        );
        let negated = score(&deck, "## Metrics\nWe would not track retention at first.");
        let report = item(&negated, "retention");
        assert_eq!(report.status, Status::Miss);
        assert_eq!(
            report.note.as_deref(),
            Some("only mentioned in the negative (line 2)")
        );
        let mistaken = score(
            &deck,
            "## Metrics\nRetention is tracked weekly. Page views are our vanity metric.",
        );
        assert_eq!(item(&mistaken, "retention").status, Status::Miss);
    }

    #[test]
    fn an_unstructured_answer_is_scored_without_placement_and_flagged() {
        let deck = deck(RETENTION);
        let report = score(&deck, "We track retention of new riders every week.");
        assert_eq!(item(&report, "retention").status, Status::Hit);
        assert!(report.flags.contains(&"no-structure".to_string()));
    }

    #[test]
    fn a_list_of_concept_words_is_flagged_and_capped() {
        let deck = deck(
            r#"
[[cards.rubric]]
id = "retention"
desc = "Tracks retention"
any = ["retention"]

[[cards.rubric]]
id = "conversion"
desc = "Tracks conversion"
any = ["conversion"]

[[cards.rubric]]
id = "churn"
desc = "Tracks churn"
any = ["churn"]
"#,
        );
        let report = score(
            &deck,
            "## Metrics\nretention, conversion, churn, retention rate, conversion funnel, churn risk",
        );
        assert!(
            report.flags.contains(&"keyword-list".to_string()),
            "{report:?}"
        );
        assert!(f64::from(report.score) <= KEYWORD_LIST_CAP);
    }

    #[test]
    fn one_sentence_backs_only_a_few_items() {
        let rubric: String = ["retention", "conversion", "churn", "activation", "referral"]
            .iter()
            .map(|concept| {
                format!("[[cards.rubric]]\nid = \"{concept}\"\ndesc = \"Tracks {concept}\"\nany = [\"{concept}\"]\n\n")
            })
            .collect();
        let deck = deck(&rubric);
        let report = score(
            &deck,
            "## Metrics\nWe track retention, conversion, churn, activation and referral.",
        );
        let hits = report
            .items
            .iter()
            .filter(|i| i.status == Status::Hit)
            .count();
        assert_eq!(hits, 2, "a short sentence stands for two items: {report:?}");
        let crowded = report
            .items
            .iter()
            .filter(|i| i.status == Status::Miss)
            .all(|i| {
                i.note
                    .as_deref()
                    .is_some_and(|n| n.contains("already stands as evidence"))
            });
        assert!(crowded, "{report:?}");
    }

    #[test]
    fn a_phrase_written_out_counts_where_the_answer_writes_it_out() {
        let deck = deck(
            r#"
[[cards.rubric]]
id = "segments"
desc = "Segments the drop"
any = ["by platform"]
"#,
        );
        let status = |answer| item(&score(&deck, answer), "segments").status;
        assert_eq!(
            status("## Metrics\nSplit the drop by platform."),
            Status::Hit
        );
        assert_eq!(
            status("## Metrics\nThe platform matters because churn rose 5%."),
            Status::Miss,
            "elsewhere it is the lone word \"platform\""
        );
        let unsaid = score(&deck, "## Metrics\nChurn rose 5% last week.");
        assert_eq!(
            item(&unsaid, "segments").note.as_deref(),
            Some("no sentence states it; it could read like “by platform”"),
            "a plain miss shows how the idea could be put"
        );
        let lone = score(
            &deck,
            "## Metrics\nThe platform matters because churn rose 5%.",
        );
        assert_eq!(
            item(&lone, "segments").note.as_deref(),
            Some("line 2 touches on “by platform” but says nothing else of this idea"),
            "a lone word's miss says why"
        );
        assert_eq!(
            status("## Metrics\nI would segment the platform numbers weekly."),
            Status::Hit,
            "a lone word still counts beside another word of the idea"
        );
    }

    #[test]
    fn a_term_of_several_words_is_as_specific_as_its_words() {
        let deck = deck_with_thesaurus(
            r#""prep time" = ["preparation time"]"#,
            r#"
[[cards.rubric]]
id = "kitchen"
desc = "Kitchen speed"
any = ["prep time"]
"#,
        );
        let status = |answer| item(&score(&deck, answer), "kitchen").status;
        assert_eq!(status("## Metrics\nWe track prep time daily."), Status::Hit);
        assert_eq!(
            status("## Metrics\nWe track preparation time daily."),
            Status::Hit
        );
    }

    #[test]
    fn a_spelled_out_phrase_forgives_a_typo_where_it_is_written() {
        let deck = deck(
            r#"
[[cards.rubric]]
id = "feedback"
desc = "Hears from the team"
any = ["feedback from"]
"#,
        );
        let report = score(
            &deck,
            "## Metrics\nI would get feedbak from the team first.",
        );
        assert_eq!(item(&report, "feedback").status, Status::Hit);
    }

    #[test]
    fn a_lone_word_in_the_items_own_section_earns_part() {
        let deck = deck(
            r#"
[[cards.rubric]]
id = "season"
desc = "Hypothesis: season or weather"
section = "metrics"
any = ["seasonal", "weather"]
"#,
        );
        let report = score(
            &deck,
            "## Metrics\nSeasonal demand: students leave, so orders fall.",
        );
        let season = item(&report, "season");
        assert_eq!(season.status, Status::Partial);
        assert_eq!(
            season.note.as_deref(),
            Some("line 2 names only “seasonal”; say more of the idea for full credit")
        );
        let elsewhere = score(
            &deck,
            "## Goals\nSeasonal demand: students leave, so orders fall.",
        );
        assert_eq!(
            item(&elsewhere, "season").status,
            Status::Miss,
            "out of its section a lone word could be about anything"
        );
        let both = score(
            &deck,
            "## Metrics\nSeasonal demand and wet weather cut orders.",
        );
        assert_eq!(item(&both, "season").status, Status::Hit);
    }

    #[test]
    fn an_idea_of_one_word_needs_no_second_word() {
        let deck = deck(
            r#"
[[cards.rubric]]
id = "holdout"
desc = "Holdout"
any = ["holdout"]
"#,
        );
        let report = score(&deck, "## Metrics\nWe keep a holdout for a month.");
        assert_eq!(item(&report, "holdout").status, Status::Hit);
    }

    #[test]
    fn a_long_quote_ends_at_a_word_boundary() {
        let sentence = "First, stop the bleeding: I paused the consumer that writes to the product \
            cache and pinned pages to the last good snapshot, which was 25 minutes old but \
            correct, and then asked commerce to hide the badge.";
        let quoted = quote(sentence);
        assert_eq!(
            quoted,
            "First, stop the bleeding: I paused the consumer that writes to the product cache \
             and pinned pages to the last good snapshot, which was 25 minutes old but…"
        );
        assert!(quoted.chars().count() <= 160);
    }

    #[test]
    fn a_long_quote_without_spaces_is_cut_where_it_stands() {
        let unbroken = "x".repeat(400);
        let quoted = quote(&unbroken);
        assert_eq!(quoted, format!("{}…", "x".repeat(159)));
        assert_eq!(quote("short enough"), "short enough");
    }
}
