//! Cohort reports for coaches: several candidates' exported histories and mock reports merged
//! into one view of the rubric concepts candidates miss, per card and per deck, the most
//! missed first. A candidate is one input file, counted by their latest answer to each card.
//! Pure: documents come in as text and the report goes out as Markdown or CSV; the command
//! reads and writes the files.

mod read;
mod render;

pub use read::{Input, Kind, MergeError, candidate_names, read_inputs};
pub use render::{render_csv, render_markdown};

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::deck::CardId;
use crate::score::Status;

/// One scored answer to a card, from either kind of document.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub card: CardId,
    pub at: DateTime<Utc>,
    pub score: u8,
    pub items: Vec<ItemMark>,
}

/// A rubric item's verdict in one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemMark {
    pub id: String,
    pub desc: String,
    pub status: Status,
}

/// One candidate: the answers one input file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub name: String,
    pub answers: Vec<Answer>,
}

/// How many candidates missed, half-met and covered one concept (a rubric item, by id).
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptCount {
    pub id: String,
    pub desc: String,
    pub missed: u32,
    pub partial: u32,
    pub covered: u32,
}

impl ConceptCount {
    fn new(id: &str, desc: &str) -> ConceptCount {
        ConceptCount {
            id: id.to_string(),
            desc: desc.to_string(),
            missed: 0,
            partial: 0,
            covered: 0,
        }
    }

    fn add(&mut self, status: Status) {
        match status {
            Status::Miss => self.missed += 1,
            Status::Partial => self.partial += 1,
            Status::Hit => self.covered += 1,
        }
    }

    /// The candidates with a verdict on this concept.
    pub fn candidates(&self) -> u32 {
        self.missed + self.partial + self.covered
    }

    /// The share of those candidates who missed it, 0 to 1.
    pub fn missed_share(&self) -> f64 {
        share(self.missed, self.candidates())
    }

    fn partial_share(&self) -> f64 {
        share(self.partial, self.candidates())
    }
}

fn share(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}

/// One card across the cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView {
    pub card: CardId,
    /// The candidates who answered it.
    pub candidates: u32,
    /// The median of those candidates' latest scores.
    pub median_score: f64,
    /// The card's concepts, the most missed first.
    pub concepts: Vec<ConceptCount>,
}

/// One deck across the cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckView {
    pub deck: String,
    /// The candidates who answered any of its cards.
    pub candidates: u32,
    /// Every concept of the deck's cards, each candidate counted once at their worst verdict
    /// on it among the deck's cards; the most missed first.
    pub concepts: Vec<ConceptCount>,
    /// The deck's cards, the lowest median score first.
    pub cards: Vec<CardView>,
}

/// The merged view of a cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    /// The candidates' names, in the order the files were given.
    pub candidates: Vec<String>,
    /// Every answer the files hold.
    pub answers_read: usize,
    /// The answers counted: each candidate's latest to each card.
    pub answers_counted: usize,
    /// The decks, by id.
    pub decks: Vec<DeckView>,
}

impl Cohort {
    /// Merges the candidates, counting each one's latest answer to each card (of two answers
    /// at the same moment, the later in the file).
    pub fn merge(candidates: &[Candidate]) -> Cohort {
        let latest: Vec<BTreeMap<&CardId, &Answer>> = candidates
            .iter()
            .map(|candidate| {
                let mut latest: BTreeMap<&CardId, &Answer> = BTreeMap::new();
                for answer in &candidate.answers {
                    let newer = latest
                        .get(&answer.card)
                        .is_none_or(|held| answer.at >= held.at);
                    if newer {
                        latest.insert(&answer.card, answer);
                    }
                }
                latest
            })
            .collect();
        // deck → card → the candidates' answers; deck → each candidate's answers in it.
        let mut by_card: BTreeMap<&str, BTreeMap<&CardId, Vec<&Answer>>> = BTreeMap::new();
        let mut by_candidate: BTreeMap<&str, Vec<Vec<&Answer>>> = BTreeMap::new();
        for (index, answers) in latest.iter().enumerate() {
            for (card, answer) in answers {
                by_card
                    .entry(card.deck())
                    .or_default()
                    .entry(card)
                    .or_default()
                    .push(answer);
                by_candidate
                    .entry(card.deck())
                    .or_insert_with(|| vec![Vec::new(); latest.len()])[index]
                    .push(answer);
            }
        }
        let decks = by_card
            .into_iter()
            .map(|(deck, cards)| {
                let per_candidate = by_candidate.remove(deck).unwrap_or_default();
                let mut cards: Vec<CardView> = cards
                    .into_iter()
                    .map(|(card, answers)| card_view(card, &answers))
                    .collect();
                cards.sort_by(|a, b| {
                    a.median_score
                        .total_cmp(&b.median_score)
                        .then_with(|| a.card.as_str().cmp(b.card.as_str()))
                });
                DeckView {
                    deck: deck.to_string(),
                    candidates: per_candidate.iter().filter(|a| !a.is_empty()).count() as u32,
                    concepts: deck_concepts(&per_candidate),
                    cards,
                }
            })
            .collect();
        Cohort {
            candidates: candidates.iter().map(|c| c.name.clone()).collect(),
            answers_read: candidates.iter().map(|c| c.answers.len()).sum(),
            answers_counted: latest.iter().map(BTreeMap::len).sum(),
            decks,
        }
    }
}

fn card_view(card: &CardId, answers: &[&Answer]) -> CardView {
    let mut concepts = Concepts::default();
    for answer in newest_first(answers.to_vec()) {
        for item in &answer.items {
            concepts.count(item, item.status);
        }
    }
    let mut scores: Vec<u8> = answers.iter().map(|a| a.score).collect();
    CardView {
        card: card.clone(),
        candidates: answers.len() as u32,
        median_score: median(&mut scores),
        concepts: concepts.ranked(),
    }
}

/// Each candidate's worst verdict on each concept among their answers in a deck, counted.
fn deck_concepts(per_candidate: &[Vec<&Answer>]) -> Vec<ConceptCount> {
    let mut concepts = Concepts::default();
    for answer in newest_first(per_candidate.concat()) {
        for item in &answer.items {
            concepts.name(item);
        }
    }
    for answers in per_candidate {
        let mut worst: BTreeMap<&str, (&ItemMark, Status)> = BTreeMap::new();
        for answer in answers {
            for item in &answer.items {
                worst
                    .entry(&item.id)
                    .and_modify(|(_, status)| {
                        if severity(item.status) > severity(*status) {
                            *status = item.status;
                        }
                    })
                    .or_insert((item, item.status));
            }
        }
        for (item, status) in worst.into_values() {
            concepts.count(item, status);
        }
    }
    concepts.ranked()
}

/// Concept counts by item id, each with the description it was first named with.
#[derive(Default)]
struct Concepts(BTreeMap<String, ConceptCount>);

impl Concepts {
    /// Adds the concept with no counts, unless it is already named.
    fn name(&mut self, item: &ItemMark) -> &mut ConceptCount {
        self.0
            .entry(item.id.clone())
            .or_insert_with(|| ConceptCount::new(&item.id, &item.desc))
    }

    fn count(&mut self, item: &ItemMark, status: Status) {
        self.name(item).add(status);
    }

    /// The most missed first, then the most half-met, then by id.
    fn ranked(self) -> Vec<ConceptCount> {
        let mut concepts: Vec<ConceptCount> = self.0.into_values().collect();
        concepts.sort_by(|a, b| {
            b.missed_share()
                .total_cmp(&a.missed_share())
                .then_with(|| b.partial_share().total_cmp(&a.partial_share()))
                .then_with(|| a.id.cmp(&b.id))
        });
        concepts
    }
}

/// The newest answer first, so the wording of the latest rubric names each concept.
fn newest_first(mut answers: Vec<&Answer>) -> Vec<&Answer> {
    answers.sort_by_key(|a| std::cmp::Reverse(a.at));
    answers
}

fn severity(status: Status) -> u8 {
    match status {
        Status::Hit => 0,
        Status::Partial => 1,
        Status::Miss => 2,
    }
}

fn median(scores: &mut [u8]) -> f64 {
    scores.sort_unstable();
    let middle = scores.len() / 2;
    match scores.len() {
        0 => 0.0,
        n if n % 2 == 1 => f64::from(scores[middle]),
        _ => (f64::from(scores[middle - 1]) + f64::from(scores[middle])) / 2.0,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An answer to `card` on day `day` of March 2025, with its items' verdicts.
    pub(crate) fn answer(card: &str, day: u32, score: u8, items: &[(&str, Status)]) -> Answer {
        Answer {
            card: CardId::parse(card).expect("a card id"),
            at: format!("2025-03-{day:02}T09:00:00Z")
                .parse()
                .expect("a time"),
            score,
            items: items
                .iter()
                .map(|(id, status)| ItemMark {
                    id: id.to_string(),
                    desc: format!("{id} described"),
                    status: *status,
                })
                .collect(),
        }
    }

    pub(crate) fn candidate(name: &str, answers: Vec<Answer>) -> Candidate {
        Candidate {
            name: name.to_string(),
            answers,
        }
    }

    fn counts(c: &ConceptCount) -> (&str, u32, u32, u32) {
        (c.id.as_str(), c.missed, c.partial, c.covered)
    }

    use Status::{Hit, Miss, Partial};

    #[test]
    fn each_candidate_counts_with_their_latest_answer_to_a_card() {
        let cohort = Cohort::merge(&[
            candidate(
                "anna",
                vec![
                    answer("d/one", 3, 90, &[("goal", Hit)]),
                    answer("d/one", 1, 10, &[("goal", Miss)]),
                ],
            ),
            candidate("ben", vec![answer("d/one", 2, 20, &[("goal", Miss)])]),
        ]);
        assert_eq!(cohort.candidates, ["anna", "ben"]);
        assert_eq!((cohort.answers_read, cohort.answers_counted), (3, 2));
        let card = &cohort.decks[0].cards[0];
        assert_eq!(card.candidates, 2);
        assert_eq!(card.median_score, 55.0);
        assert_eq!(
            card.concepts.iter().map(counts).collect::<Vec<_>>(),
            [("goal", 1, 0, 1)]
        );
    }

    #[test]
    fn a_deck_counts_each_candidate_once_at_their_worst_verdict() {
        let cohort = Cohort::merge(&[
            candidate(
                "anna",
                vec![
                    answer("d/one", 1, 50, &[("goal", Hit), ("metric", Partial)]),
                    answer("d/two", 1, 50, &[("goal", Miss)]),
                ],
            ),
            candidate(
                "ben",
                vec![answer("d/one", 1, 70, &[("goal", Hit), ("metric", Hit)])],
            ),
            candidate("chen", vec![answer("e/three", 1, 70, &[("goal", Miss)])]),
        ]);
        let decks: Vec<(&str, u32)> = cohort
            .decks
            .iter()
            .map(|d| (d.deck.as_str(), d.candidates))
            .collect();
        assert_eq!(decks, [("d", 2), ("e", 1)]);
        let d = &cohort.decks[0];
        assert_eq!(
            d.concepts.iter().map(counts).collect::<Vec<_>>(),
            [("goal", 1, 0, 1), ("metric", 0, 1, 1)]
        );
        let cards: Vec<(&str, u32, f64)> = d
            .cards
            .iter()
            .map(|c| (c.card.as_str(), c.candidates, c.median_score))
            .collect();
        assert_eq!(
            cards,
            [("d/two", 1, 50.0), ("d/one", 2, 60.0)],
            "the lowest median first"
        );
    }

    #[test]
    fn concepts_rank_by_missed_share_then_partial_share_then_id() {
        let cohort = Cohort::merge(&[
            candidate(
                "anna",
                vec![answer(
                    "d/one",
                    1,
                    0,
                    &[("b", Miss), ("a", Miss), ("c", Partial), ("d", Hit)],
                )],
            ),
            candidate(
                "ben",
                vec![answer(
                    "d/one",
                    1,
                    0,
                    &[("b", Miss), ("a", Hit), ("c", Hit), ("d", Hit)],
                )],
            ),
        ]);
        let ids: Vec<&str> = cohort.decks[0].cards[0]
            .concepts
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["b", "a", "c", "d"]);
        assert_eq!(cohort.decks[0].cards[0].concepts[1].missed_share(), 0.5);
    }

    #[test]
    fn the_newest_answer_names_a_concept() {
        let mut old = answer("d/one", 1, 0, &[("goal", Miss)]);
        old.items[0].desc = "old wording".into();
        let cohort = Cohort::merge(&[
            candidate("anna", vec![old]),
            candidate("ben", vec![answer("d/one", 2, 0, &[("goal", Hit)])]),
        ]);
        assert_eq!(cohort.decks[0].concepts[0].desc, "goal described");
        assert_eq!(cohort.decks[0].cards[0].concepts[0].desc, "goal described");
    }

    #[test]
    fn medians_of_odd_even_and_no_scores() {
        assert_eq!(median(&mut [30, 10, 20]), 20.0);
        assert_eq!(median(&mut [40, 10, 20, 30]), 25.0);
        assert_eq!(median(&mut []), 0.0);
    }

    #[test]
    fn no_answers_merge_into_no_decks() {
        let cohort = Cohort::merge(&[candidate("anna", Vec::new())]);
        assert!(cohort.decks.is_empty());
        assert_eq!((cohort.answers_read, cohort.answers_counted), (0, 0));
    }
}
