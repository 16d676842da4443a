//! Fuzzy search across every card's title, deck, tags and prompt, with the matched characters
//! of the field that matched best, for highlighting.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::deck::{Bank, CardId};
use crate::text::strip_control;

/// The fields a card is searched by, best first: a title match outranks a prompt match of
/// the same quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Deck,
    Tags,
    Prompt,
}

impl Field {
    fn bonus(self) -> i64 {
        match self {
            Field::Title => 30,
            Field::Deck => 15,
            Field::Tags => 10,
            Field::Prompt => 0,
        }
    }
}

/// One card as search sees it, cleaned once.
#[derive(Debug, Clone)]
struct Entry {
    card: CardId,
    fields: [(Field, String); 4],
}

/// A matching card: the field that matched best and the matched characters in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub card: CardId,
    pub title: String,
    pub deck: String,
    pub field: Field,
    /// The matched field's text.
    pub text: String,
    /// Char positions in `text` that matched, ascending.
    pub indices: Vec<usize>,
    pub score: i64,
}

pub struct Index {
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
}

impl Index {
    pub fn new(bank: &Bank) -> Index {
        let entries = bank
            .decks
            .iter()
            .flat_map(|deck| {
                deck.cards.iter().map(|card| Entry {
                    card: card.id.clone(),
                    fields: [
                        (Field::Title, strip_control(&card.title)),
                        (Field::Deck, strip_control(&deck.title)),
                        (Field::Tags, strip_control(&card.tags.join(" "))),
                        (
                            Field::Prompt,
                            strip_control(
                                &card.prompt.split_whitespace().collect::<Vec<_>>().join(" "),
                            ),
                        ),
                    ],
                })
            })
            .collect();
        Index {
            entries,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Cards matching `query`, best first (ties in bank order); every card for an empty query.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let query = query.trim();
        let mut hits: Vec<Hit> = self
            .entries
            .iter()
            .filter_map(|entry| {
                let title = &entry.fields[0].1;
                let deck = &entry.fields[1].1;
                let best = if query.is_empty() {
                    Some((0, Field::Title, title.clone(), Vec::new()))
                } else {
                    entry
                        .fields
                        .iter()
                        .filter_map(|(field, text)| {
                            self.matcher
                                .fuzzy_indices(text, query)
                                .map(|(score, indices)| {
                                    (score + field.bonus(), *field, text.clone(), indices)
                                })
                        })
                        .max_by_key(|(score, field, ..)| (*score, -(*field as i64)))
                };
                best.map(|(score, field, text, indices)| Hit {
                    card: entry.card.clone(),
                    title: title.clone(),
                    deck: deck.clone(),
                    field,
                    text,
                    indices,
                    score,
                })
            })
            .collect();
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits
    }
}

/// A window of about `max` chars of `text` around its first matched char, with the matched
/// positions moved to the window; marks cut ends with `…`.
pub fn snippet(text: &str, indices: &[usize], max: usize) -> (String, Vec<usize>) {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return (text.to_string(), indices.to_vec());
    }
    let first = indices.first().copied().unwrap_or(0);
    let start = first.saturating_sub(max / 4).min(chars.len() - max);
    let end = start + max;
    let mut out = String::new();
    let mut shift = start;
    if start > 0 {
        out.push('…');
        shift = start - 1;
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    let moved = indices
        .iter()
        .filter(|&&i| i >= start && i < end)
        .map(|&i| i - shift)
        .collect();
    (out, moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::DeckSources;

    fn index() -> Index {
        Index::new(&Bank::load(&DeckSources {
            bundled: true,
            ..DeckSources::default()
        }))
    }

    #[test]
    fn empty_query_lists_every_card() {
        let index = index();
        assert_eq!(index.search("").len(), index.entries.len());
    }

    #[test]
    fn finds_by_title_deck_tag_and_prompt_with_matched_characters() {
        let index = index();
        let hits = index.search("carpool");
        assert!(!hits.is_empty());
        assert!(
            hits[0].card.as_str().starts_with("carpool/"),
            "{:?}",
            hits[0]
        );
        for hit in &hits {
            let chars: Vec<char> = hit.text.chars().collect();
            let matched: String = hit.indices.iter().map(|&i| chars[i]).collect();
            assert_eq!(matched.to_lowercase(), "carpool", "{hit:?}");
        }
        assert!(index.search("zzqqxxjj").is_empty());
    }

    #[test]
    fn snippets_keep_matches_in_view() {
        let text = "a".repeat(100) + "needle" + &"b".repeat(100);
        let indices: Vec<usize> = (100..106).collect();
        let (shown, moved) = snippet(&text, &indices, 40);
        let chars: Vec<char> = shown.chars().collect();
        let matched: String = moved.iter().map(|&i| chars[i]).collect();
        assert_eq!(matched, "needle");
        assert!(shown.starts_with('…') && shown.ends_with('…'));
    }
}
