//! Search across every card's id, title, deck, tags and prompt, with the matched characters
//! of the field that matched best, for highlighting.
//!
//! Every word of the query must match the card. The short fields are matched fuzzily, so a
//! dropped letter still finds a title, but only when the matched letters sit nearly
//! together; the prompt is matched only at the starts of its words, since a
//! paragraph holds a scattered subsequence of almost any query.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::deck::{Bank, CardId};
use crate::text::strip_control;

/// The fields a card is searched by, best first: a title match outranks a prompt match of
/// the same quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Id,
    Deck,
    Tags,
    Prompt,
}

impl Field {
    fn bonus(self) -> i64 {
        match self {
            Field::Title => 30,
            Field::Id => 20,
            Field::Deck => 15,
            Field::Tags => 10,
            Field::Prompt => 0,
        }
    }
}

/// How many chars a fuzzy match in a short field may skip, per four chars of the query word
/// (and at least one): a dropped letter still finds its word ("carpol" finds "carpool"),
/// letters picked out across a title do not.
const SKIPS_PER_FOUR_CHARS: usize = 1;

/// One card as search sees it, cleaned once.
#[derive(Debug, Clone)]
struct Entry {
    card: CardId,
    fields: [(Field, String); 5],
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
                        (Field::Id, strip_control(card.id.as_str())),
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

    /// Cards matching every word of `query`, best first (ties in bank order); every card
    /// for an empty query.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let mut hits: Vec<Hit> = self
            .entries
            .iter()
            .filter_map(|entry| self.hit(entry, &words))
            .collect();
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits
    }

    /// The card as a hit when every word matches one of its fields: scored by the sum of
    /// each word's best match, shown by the field that scored most, with every word's
    /// matched characters in that field.
    fn hit(&self, entry: &Entry, words: &[String]) -> Option<Hit> {
        let title = &entry.fields[0].1;
        let deck = &entry.fields[2].1;
        let mut score = 0;
        let mut per_field = [0i64; 5];
        let mut indices: [Vec<usize>; 5] = Default::default();
        for word in words {
            let mut best: Option<(i64, usize)> = None;
            for (slot, (field, text)) in entry.fields.iter().enumerate() {
                let Some((word_score, matched)) = self.match_word(*field, text, word) else {
                    continue;
                };
                let word_score = word_score + field.bonus();
                per_field[slot] += word_score;
                indices[slot].extend(matched);
                if best.is_none_or(|(top, _)| word_score > top) {
                    best = Some((word_score, slot));
                }
            }
            score += best?.0;
        }
        let shown = (0..entry.fields.len())
            .filter(|&slot| !words.is_empty() || slot == 0)
            .max_by_key(|&slot| (per_field[slot], std::cmp::Reverse(slot)))?;
        let mut matched = std::mem::take(&mut indices[shown]);
        matched.sort_unstable();
        matched.dedup();
        let (field, text) = &entry.fields[shown];
        Some(Hit {
            card: entry.card.clone(),
            title: title.clone(),
            deck: deck.clone(),
            field: *field,
            text: text.clone(),
            indices: matched,
            score,
        })
    }

    /// How well one lowercase query word matches a field, and the chars it matched.
    fn match_word(&self, field: Field, text: &str, word: &str) -> Option<(i64, Vec<usize>)> {
        if field == Field::Prompt {
            return word_prefixes(text, word);
        }
        let (score, indices) = self.matcher.fuzzy_indices(text, word)?;
        let length = word.chars().count();
        let skips = (length * SKIPS_PER_FOUR_CHARS / 4).max(1);
        let span = indices.last()? - indices.first()? + 1;
        (span <= length + skips).then_some((score, indices))
    }
}

/// Where `word` begins a word of `text` (case-insensitively): a score growing with the
/// length matched, and the matched chars of the first such word.
fn word_prefixes(text: &str, word: &str) -> Option<(i64, Vec<usize>)> {
    let word: Vec<char> = word.chars().collect();
    let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    // Lowercasing can lengthen a char (rare outside a few scripts); positions would drift.
    if chars.len() != text.chars().count() {
        return None;
    }
    let start = (0..chars.len())
        .find(|&i| (i == 0 || !chars[i - 1].is_alphanumeric()) && chars[i..].starts_with(&word))?;
    Some((
        PREFIX_SCORE_PER_CHAR * word.len() as i64,
        (start..start + word.len()).collect(),
    ))
}

/// What each char of a word-start match in the prompt is worth: below a tight fuzzy match in
/// a short field (about 16 a char plus that field's bonus), so a title match ranks first.
const PREFIX_SCORE_PER_CHAR: i64 = 12;

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
    fn scattered_letters_in_a_prompt_do_not_match() {
        let index = index();
        let count = index.entries.len();
        assert!(index.search("holdouxyzzy").is_empty());
        let churn = index.search("churn");
        assert!(
            !churn.is_empty() && churn.len() * 4 < count,
            "{} of {count} cards match churn",
            churn.len()
        );
        for hit in &churn {
            let chars: Vec<char> = hit.text.chars().collect();
            let matched: String = hit.indices.iter().map(|&i| chars[i]).collect();
            assert_eq!(matched.to_lowercase(), "churn", "{hit:?}");
        }
    }

    #[test]
    fn every_word_must_match_and_a_dropped_letter_still_finds_a_title() {
        let index = index();
        let typo = index.search("carpol");
        assert!(
            typo.first()
                .is_some_and(|hit| hit.card.as_str().starts_with("carpool/")),
            "{typo:?}"
        );
        let both = index.search("carpool metric");
        assert!(!both.is_empty());
        assert!(both.len() <= index.search("carpool").len());
        assert!(index.search("carpool zzqqxxjj").is_empty());
    }

    #[test]
    fn the_prompt_matches_at_word_starts_only() {
        assert_eq!(
            word_prefixes("Retention fell", "fell"),
            Some((48, vec![10, 11, 12, 13]))
        );
        assert_eq!(
            word_prefixes("Retention fell", "ret").map(|m| m.1),
            Some(vec![0, 1, 2])
        );
        assert_eq!(word_prefixes("Retention fell", "tent"), None);
        assert_eq!(
            word_prefixes("re-tention", "tention").map(|m| m.1.len()),
            Some(7)
        );
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
