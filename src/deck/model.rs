//! The validated deck model: what the rest of prepdeck works with once a TOML file has been
//! parsed and checked. Every string here is already free of terminal control characters.

use std::fmt;
use std::time::Duration;

/// The hardest a card can be rated by its author; decks write `difficulty` from 1 to this.
pub const MAX_DIFFICULTY: u8 = 3;

/// A deck's id, such as `carpool`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeckId(pub String);

/// A card's full id, `deck/card`, such as `carpool/track-performance`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardId(String);

impl CardId {
    pub fn new(deck: &DeckId, card: &str) -> Self {
        CardId(format!("{}/{}", deck.0, card))
    }

    /// Parses `deck/card`; returns `None` when either half is missing.
    pub fn parse(full: &str) -> Option<Self> {
        let (deck, card) = full.split_once('/')?;
        (!deck.is_empty() && !card.is_empty() && !card.contains('/'))
            .then(|| CardId(full.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn deck(&self) -> &str {
        self.0.split_once('/').map_or("", |(deck, _)| deck)
    }

    pub fn card(&self) -> &str {
        self.0.split_once('/').map_or("", |(_, card)| card)
    }
}

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for DeckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a deck came from: compiled into the binary, or a file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled(&'static str),
    File(std::path::PathBuf),
}

impl Origin {
    /// The name used in messages: `content/carpool.toml` or the file's path.
    pub fn display(&self) -> String {
        match self {
            Origin::Bundled(name) => format!("content/{name}"),
            Origin::File(path) => path.display().to_string(),
        }
    }
}

/// A position in a deck's source, kept where later checks need to point back at the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub line: usize,
    pub col: usize,
    pub source_line: String,
    /// How many characters of `source_line`, from `col`, the located value covers, for the
    /// underline; 1 when only a point is known.
    pub width: usize,
}

#[derive(Debug, Clone)]
pub struct Deck {
    pub id: DeckId,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub version: u32,
    pub origin: Origin,
    /// Where the deck's `id` is written, for errors about the deck as a whole.
    pub location: Location,
    /// Canonical term and its other spellings, added to the shared thesaurus for this deck.
    pub thesaurus: Vec<(String, Vec<String>)>,
    pub frameworks: Vec<Framework>,
    pub cards: Vec<Card>,
}

#[derive(Debug, Clone)]
pub struct Card {
    pub id: CardId,
    pub title: String,
    pub prompt: String,
    pub kind: CardKind,
    pub time_limit: Duration,
    pub tags: Vec<String>,
    /// 1 (easy) to [`MAX_DIFFICULTY`].
    pub difficulty: u8,
    pub hints: Vec<String>,
    pub outline: String,
    pub rubric: Vec<RubricItem>,
    pub followups: Vec<Followup>,
    pub examples: Vec<Example>,
    /// Where the card's id is written, for checks that run after loading.
    pub location: Location,
    /// Where `framework = ...` is written, when it is.
    pub framework_location: Option<Location>,
}

impl Card {
    pub fn framework_id(&self) -> Option<&str> {
        match &self.kind {
            CardKind::Sectioned { framework } => Some(framework),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum CardKind {
    /// Answered in the sections of a framework.
    Sectioned { framework: String },
    /// One free-text answer.
    Recall,
    /// One number, right when within `tolerance` (relative) of `answer`.
    Numeric {
        answer: f64,
        tolerance: f64,
        unit: String,
    },
}

impl CardKind {
    pub fn label(&self) -> &str {
        match self {
            CardKind::Sectioned { framework } => framework,
            CardKind::Recall => "recall",
            CardKind::Numeric { .. } => "numeric",
        }
    }
}

/// One checklist line of a rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct RubricItem {
    pub id: String,
    pub desc: String,
    pub weight: u8,
    pub any: Vec<String>,
    pub all: Vec<String>,
    pub none: Vec<String>,
    pub section: Option<String>,
    pub needs: Vec<Need>,
    /// Structural items only: nearly every sentence of the section must meet `needs`.
    pub every: bool,
    /// Where `section = ...` is written, when it is.
    pub section_location: Option<Location>,
    /// Where the item's id is written.
    pub location: Location,
}

impl RubricItem {
    /// A structural item has no phrases and is judged on its section's sentences alone.
    pub fn is_structural(&self) -> bool {
        self.any.is_empty() && self.all.is_empty()
    }
}

/// A structural requirement on an item's evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Need {
    Number,
    Event,
    Formula,
    Timeframe,
    FirstPerson,
}

impl Need {
    pub const ALL: [(&'static str, Need); 5] = [
        ("number", Need::Number),
        ("event", Need::Event),
        ("formula", Need::Formula),
        ("timeframe", Need::Timeframe),
        ("first-person", Need::FirstPerson),
    ];

    pub fn parse(text: &str) -> Option<Need> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, need)| *need)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, need)| *need == self)
            .map_or("", |(name, _)| name)
    }
}

#[derive(Debug, Clone)]
pub struct Followup {
    pub id: String,
    pub prompt: String,
    pub time_limit: Duration,
    pub hints: Vec<String>,
    pub outline: String,
    pub rubric: Vec<RubricItem>,
    pub examples: Vec<Example>,
}

/// A worked answer with the score range the rubric must give it.
#[derive(Debug, Clone)]
pub struct Example {
    pub label: String,
    pub answer: String,
    pub min_score: Option<u8>,
    pub max_score: Option<u8>,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Framework {
    pub id: String,
    pub title: String,
    pub description: String,
    pub sections: Vec<Section>,
    pub rubric: Vec<RubricItem>,
    pub balance: Vec<BalanceRule>,
    pub location: Location,
}

impl Framework {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub key: char,
    pub share: f64,
    pub guide: String,
}

/// An expectation about how an answer's words are spread over the sections.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceRule {
    pub id: String,
    pub desc: String,
    pub weight: u8,
    pub section: String,
    pub largest: bool,
    pub min_share: Option<f64>,
    pub max_share: Option<f64>,
}
