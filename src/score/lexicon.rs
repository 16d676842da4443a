//! Words as the scorer sees them: Unicode folding, identifier splitting, stemming, function
//! words, and the thesaurus that makes "DAU" and "daily active users" the same term.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap as HashMap;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// The field's abbreviations and their long forms; the first entry of each group is the
/// canonical term. Decks add their own groups with `[thesaurus]`.
const SHARED_THESAURUS: &[&[&str]] = &[
    &[
        "dau",
        "daily active users",
        "daily active user",
        "daily actives",
    ],
    &[
        "wau",
        "weekly active users",
        "weekly active user",
        "weekly actives",
    ],
    &[
        "mau",
        "monthly active users",
        "monthly active user",
        "monthly actives",
    ],
    &["csat", "customer satisfaction", "satisfaction score"],
    &["nps", "net promoter score"],
    &[
        "eta",
        "estimated time of arrival",
        "estimated arrival time",
        "arrival estimate",
    ],
    &["p50", "50th percentile", "median"],
    &["p90", "90th percentile"],
    &["p95", "95th percentile"],
    &["p99", "99th percentile"],
    &[
        "pp",
        "percentage point",
        "percentage points",
        "pct point",
        "pct points",
        "pts",
    ],
    &[
        "abtest",
        "a/b test",
        "a/b tests",
        "a/b testing",
        "ab test",
        "ab testing",
        "split test",
        "controlled experiment",
        "randomized experiment",
        "experiment",
    ],
    &[
        "did",
        "difference in differences",
        "diff in diff",
        "difference-in-differences",
    ],
    &["slo", "service level objective"],
    &["sla", "service level agreement"],
    &["sli", "service level indicator"],
    &[
        "mttr",
        "mean time to recovery",
        "mean time to recover",
        "mean time to resolve",
        "mean time to repair",
        "time to recovery",
    ],
    &[
        "mttd",
        "mean time to detect",
        "time to detection",
        "time to detect",
    ],
    &["ctr", "click through rate", "clickthrough rate"],
    &["kpi", "key performance indicator"],
    &["ltv", "lifetime value", "customer lifetime value", "clv"],
    &["arpu", "average revenue per user"],
    &["gmv", "gross merchandise value"],
    &["aov", "average order value", "average basket size"],
    &["roi", "return on investment"],
    &["cac", "customer acquisition cost"],
    &["yoy", "year over year"],
    &["qoq", "quarter over quarter"],
    &["mom", "month over month"],
    &["wow", "week over week"],
    &["dod", "day over day"],
    &["mde", "minimum detectable effect"],
    &["rca", "root cause analysis"],
    &["etl", "extract transform load"],
    &["nsm", "north star metric", "north star", "northstar"],
    &[
        "guardrail",
        "counter metric",
        "countermetric",
        "counter-metric",
        "guardrail metric",
        "guard rail",
    ],
    &["killswitch", "kill switch", "off switch"],
    &["rollback", "roll back", "revert"],
    &["backfill", "back fill", "back-fill"],
    &[
        "postmortem",
        "post mortem",
        "post-mortem",
        "retrospective",
        "retro",
    ],
    &["otdr", "on time delivery rate", "on-time delivery rate"],
    &["pymk", "people you may know"],
    &["ux", "user experience"],
    &["ml", "machine learning"],
    &["pm", "product manager"],
    &[
        "moscow",
        "must/should/could",
        "must/should/could/won't",
        "must-haves",
        "must haves",
        "musts and shoulds",
    ],
];

/// Function words: ignored inside phrases and counted as connecting text in answers.
static FUNCTION_WORDS: WordSet = WordSet::new(&[
    "a", "an", "the", "of", "to", "in", "on", "for", "with", "by", "at", "from", "as", "into",
    "onto", "about", "over", "under", "is", "are", "was", "were", "be", "been", "being", "am",
    "it", "its", "it's", "this", "that", "these", "those", "there", "and", "or", "but", "if",
    "then", "than", "so", "such", "also", "just", "very", "which", "who", "whom", "what", "when",
    "where", "why", "how", "we", "i", "you", "they", "he", "she", "our", "my", "your", "their",
    "his", "her", "me", "us", "them", "do", "does", "did", "have", "has", "had", "will", "would",
    "should", "could", "can", "may", "might", "must", "shall", "per", "each", "every", "any",
    "all", "some", "more", "most", "less", "both", "because", "since", "while", "after", "before",
    "during", "through", "between", "against", "up", "down", "out", "off", "too", "only", "own",
    "i'm", "i've", "i'd", "i'll", "we'd", "we'll", "we're", "we've", "they're", "let's", "whether",
    "via", "within", "and/or",
]);

/// Connectives that do not make a list of terms into a statement.
const LIST_JOINERS: &[&str] = &["and", "or", "and/or", "&", "plus", "also"];

static NEGATIONS: WordSet = WordSet::new(&[
    "not",
    "no",
    "never",
    "none",
    "without",
    "neither",
    "nor",
    "cannot",
    "can't",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "wouldn't",
    "shouldn't",
    "couldn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "haven't",
    "hasn't",
    "hadn't",
    "avoid",
    "skip",
    "ignore",
    "exclude",
]);

const FIRST_PERSON: &[&str] = &[
    "i", "my", "me", "mine", "myself", "i'm", "i've", "i'd", "i'll",
];
const FIRST_PERSON_PLURAL: &[&str] = &[
    "we",
    "our",
    "us",
    "ours",
    "ourselves",
    "we'd",
    "we'll",
    "we're",
    "we've",
];

/// Common verbs (stemmed): a clause that holds one says something about its terms.
static VERB_STEMS: WordSet = WordSet::new(&[
    "measur",
    "track",
    "increas",
    "decreas",
    "grow",
    "grew",
    "improv",
    "reduc",
    "compar",
    "monitor",
    "defin",
    "divid",
    "calcul",
    "comput",
    "segment",
    "launch",
    "expect",
    "aim",
    "achiev",
    "indic",
    "captur",
    "emit",
    "fire",
    "ship",
    "block",
    "paus",
    "decid",
    "escal",
    "investig",
    "check",
    "verifi",
    "confirm",
    "found",
    "learn",
    "build",
    "built",
    "creat",
    "design",
    "led",
    "lead",
    "drove",
    "drive",
    "rais",
    "lower",
    "keep",
    "kept",
    "stay",
    "remain",
    "exceed",
    "fall",
    "fell",
    "rise",
    "rose",
    "reach",
    "tell",
    "told",
    "said",
    "say",
    "wrote",
    "write",
    "sent",
    "send",
    "join",
    "store",
    "shown",
    "treat",
    "watch",
    "wait",
    "move",
    "shift",
    "cut",
    "add",
    "remov",
    "trigger",
    "estim",
    "predict",
    "forecast",
    "detect",
    "prevent",
    "protect",
    "ensur",
    "guarante",
    "requir",
    "includ",
    "exclud",
    "contain",
    "becom",
    "becam",
    "seem",
    "look",
    "find",
    "know",
    "knew",
    "think",
    "thought",
    "believ",
    "prefer",
    "choos",
    "chose",
    "pick",
    "schedul",
    "roll",
    "convert",
    "retain",
    "upload",
    "deliv",
    "cancel",
    "complet",
    "finish",
    "earn",
    "lose",
    "lost",
    "win",
    "won",
    "resolv",
    "document",
    "automat",
    "migrat",
    "replac",
    "agre",
    "negoti",
    "present",
    "explain",
    "communic",
    "coach",
    "mentor",
    "hire",
    "train",
    "approv",
    "reject",
    "prioritis",
    "prioritiz",
    "focus",
    "balanc",
    "throttl",
    "revert",
    "interview",
    "surfac",
    "declin",
    "doubl",
    "tripl",
    "halv",
    "went",
    "came",
    "made",
    "get",
    "got",
    "take",
    "took",
    "give",
    "gave",
    "make",
    "see",
    "saw",
    "run",
    "ran",
    "use",
    "help",
    "need",
    "want",
    "show",
    "ask",
    "meet",
    "met",
    "align",
    "own",
    "hold",
    "held",
    "set",
    "let",
    "go",
    "goe",
    "come",
    "stop",
    "start",
    "tri",
    "pull",
    "push",
    "ping",
    "call",
    "email",
    "post",
    "publish",
    "flip",
    "turn",
    "switch",
    "land",
]);

/// A fixed list of words, hashed on first use: these are looked up for every word of
/// every answer.
pub struct WordSet {
    words: &'static [&'static str],
    set: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordSet {
            words,
            set: std::sync::OnceLock::new(),
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word)
    }
}

/// The normalised forms a scorer needs for one deck: its stemmer, its thesaurus and caches.
pub struct Lexicon {
    stemmer: Stemmer,
    /// Every thesaurus variant, keyed by its first stem (most words start none), longest
    /// first so that the longest spelling wins.
    variants: HashMap<String, Vec<Variant>>,
    /// The first byte and length of every variant's first stem, as a bit per length for each
    /// byte: most words are ruled out without hashing them.
    variant_shapes: [u32; 256],
    /// Rubric phrases are normalised once per lexicon, not once per answer.
    phrases: Mutex<HashMap<String, Arc<[PhraseWord]>>>,
}

impl Lexicon {
    /// The shared thesaurus plus a deck's own groups (canonical term, other spellings).
    pub fn new(extra: &[(String, Vec<String>)]) -> Lexicon {
        let mut lexicon = Lexicon {
            stemmer: Stemmer::create(Algorithm::English),
            variants: HashMap::default(),
            variant_shapes: [0; 256],
            phrases: Mutex::new(HashMap::default()),
        };
        let groups = SHARED_THESAURUS
            .iter()
            .map(|group| {
                (
                    group[0].to_string(),
                    group.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                )
            })
            .chain(extra.iter().map(|(term, others)| {
                (
                    term.clone(),
                    std::iter::once(term.clone())
                        .chain(others.iter().cloned())
                        .collect(),
                )
            }));
        for (canonical, spellings) in groups {
            let canonical = compact(&canonical);
            for spelling in spellings {
                let stems: Vec<String> = lexicon
                    .words(&spelling)
                    .into_iter()
                    .filter(Word::is_content)
                    .map(|w| w.stem.to_string())
                    .collect();
                let Some(first) = stems.first() else {
                    continue;
                };
                let starting_here = lexicon.variants.entry(first.clone()).or_default();
                // A spelling listed twice belongs to the group that lists it last.
                match starting_here.iter_mut().find(|v| v.stems == stems) {
                    Some(variant) => variant.canonical = canonical.clone(),
                    None => starting_here.push(Variant {
                        stems,
                        canonical: canonical.clone(),
                    }),
                }
            }
        }
        for (first, starting_here) in &mut lexicon.variants {
            starting_here.sort_by_key(|v| std::cmp::Reverse(v.stems.len()));
            let (byte, length) = stem_shape(first);
            lexicon.variant_shapes[byte] |= length;
        }
        lexicon
    }

    /// The thesaurus variants that start with this stem, longest first.
    fn variants_from(&self, stem: &str) -> &[Variant] {
        let (byte, length) = stem_shape(stem);
        if self.variant_shapes[byte] & length == 0 {
            return &[];
        }
        self.variants.get(stem).map_or(&[], Vec::as_slice)
    }

    /// Splits text into words with stems and flags, before the thesaurus is applied.
    pub fn words(&self, text: &str) -> Vec<Word> {
        thread_local! {
            /// Stemming and the word-list lookups dominate scoring time, and answers repeat
            /// their words, so each folded word's result is cached per thread (a pure
            /// function's cache: it changes nothing but speed).
            static CACHE: RefCell<WordCache> = RefCell::default();
        }
        // Words are at least one character and mostly followed by a space: a unit rarely
        // holds more than a word per four bytes, and reserving that avoids regrowing.
        let mut out = Vec::with_capacity(text.len() / 4 + 1);
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let mut folded = std::mem::take(&mut cache.folded);
            for raw in RawWords::new(text) {
                self.push_word(raw, &mut out, &mut folded, &mut cache);
            }
            cache.folded = folded;
        });
        out
    }

    fn push_word(
        &self,
        raw: RawWord<'_>,
        out: &mut Vec<Word>,
        folded: &mut String,
        cache: &mut WordCache,
    ) {
        match raw {
            RawWord::Break => {
                if let Some(last) = out.last_mut() {
                    last.clause_end = true;
                }
            }
            RawWord::Operator(op) => out.push(Word::symbol(op, cache.new_spelling())),
            RawWord::Text {
                text,
                lowercase: true,
            } => out.push(self.word(text, cache)),
            RawWord::Text { text, .. } => {
                let shape = Shape::of(text);
                if shape.numeric || !shape.compound {
                    let lower = if shape.folded {
                        text
                    } else {
                        fold_into(text, folded);
                        folded
                    };
                    out.push(self.word(lower, cache));
                    return;
                }
                if let Some(words) = cache.compounds.get(text) {
                    out.extend(words.iter().cloned());
                    return;
                }
                let is_identifier = is_identifier(text);
                let parts = split_identifier(text);
                let joined = parts.len() > 1;
                let words: Vec<Word> = parts
                    .iter()
                    .enumerate()
                    .map(|(i, part)| {
                        let mut word = self.word(part, cache);
                        word.identifier = is_identifier;
                        word.joined = joined;
                        word.event = is_identifier && i == 0 && is_event_identifier(&parts);
                        word
                    })
                    .collect();
                out.extend(words.iter().cloned());
                cache.remember_compound(text, words);
            }
        }
    }

    /// The word's stem and flags, from the cache when the word was seen before.
    fn word(&self, lower: &str, cache: &mut WordCache) -> Word {
        if let Some(word) = cache.words.get(lower) {
            return word.clone();
        }
        let word = self.fresh_word(lower, cache.new_spelling());
        if cache.words.len() >= WordCache::LIMIT {
            cache.words.clear();
        }
        cache.words.insert(lower.to_string(), word.clone());
        word
    }

    fn fresh_word(&self, lower: &str, spelling: u64) -> Word {
        let lower = lower.trim_matches('\'').replace('’', "'");
        let base = lower.strip_suffix("'s").unwrap_or(&lower);
        let is_number = is_number_word(base);
        let stem = if is_number || base.chars().any(|c| c.is_ascii_digit()) {
            base.to_string()
        } else {
            self.stemmer.stem(base).into_owned()
        };
        Word {
            function: FUNCTION_WORDS.contains(base),
            list_joiner: LIST_JOINERS.contains(&base),
            negation: NEGATIONS.contains(base),
            first_person: FIRST_PERSON.contains(&base),
            plural_person: FIRST_PERSON_PLURAL.contains(&base),
            verb: (VERB_STEMS.contains(&stem) && !noun_form(base)) || looks_like_verb(base),
            number: is_number,
            len: base.chars().count(),
            text: Rc::from(base),
            stem: Rc::from(stem),
            spelling,
            symbol: false,
            identifier: false,
            event: false,
            joined: false,
            canonical: false,
            clause_end: false,
        }
    }

    /// Replaces thesaurus variants in a word sequence with their canonical term, longest
    /// match first; the canonical word keeps the flags of the first word it replaces.
    pub fn canonicalize(&self, mut words: Vec<Word>) -> Vec<Word> {
        let mut i = 0;
        while i < words.len() {
            if words[i].is_content()
                && let Some((last, canonical)) = self.variant_at(&words[i..])
            {
                // The variant's words become one, which ends a clause if any of them did.
                let clause_end = words[i..=i + last].iter().any(|w| w.clause_end);
                words.drain(i + 1..=i + last);
                let word = &mut words[i];
                word.stem = Rc::from(canonical);
                word.function = false;
                word.canonical = true;
                // A canonical term is matched exactly: its spellings are already listed.
                word.len = 0;
                word.canonical_number_guard();
                word.clause_end = clause_end;
            }
            i += 1;
        }
        words
    }

    /// The longest thesaurus variant that the content words at the start of `words` spell:
    /// the index of its last word, and its canonical term.
    fn variant_at(&self, words: &[Word]) -> Option<(usize, &str)> {
        self.variants_from(&words[0].stem)
            .iter()
            .find_map(|variant| Some((spans(words, &variant.stems)?, variant.canonical.as_str())))
    }

    /// The stemmed content words of a rubric phrase, after the thesaurus.
    pub fn phrase(&self, text: &str) -> Arc<[PhraseWord]> {
        if let Ok(cache) = self.phrases.lock()
            && let Some(words) = cache.get(text)
        {
            return Arc::clone(words);
        }
        let words = self.normalize_phrase(text);
        if let Ok(mut cache) = self.phrases.lock() {
            cache.insert(text.to_string(), Arc::clone(&words));
        }
        words
    }

    fn normalize_phrase(&self, text: &str) -> Arc<[PhraseWord]> {
        self.canonicalize(self.words(text))
            .into_iter()
            .filter(|w| !w.function && !w.symbol)
            .map(|w| PhraseWord {
                typo_budget: typo_budget(w.len, &w.stem),
                surface: Arc::from(if w.len == 0 { "" } else { &*w.text }),
                stem: Arc::from(&*w.stem),
            })
            .collect()
    }
}

/// Words already analysed on this thread, by their folded spelling.
#[derive(Default)]
struct WordCache {
    words: HashMap<String, Word>,
    /// Compounds (`order_delivered`, `rideRequested`) as written, split into their words.
    compounds: HashMap<String, Vec<Word>>,
    /// The next [`Word::spelling`]; it only grows, even when the cache is cleared.
    next_spelling: u64,
    /// A buffer for folding words, kept to save allocating one for every unit.
    folded: String,
}

impl WordCache {
    /// Entries kept per table before it is emptied, to bound the memory of a long session.
    const LIMIT: usize = 50_000;

    fn remember_compound(&mut self, text: &str, words: Vec<Word>) {
        if self.compounds.len() >= Self::LIMIT {
            self.compounds.clear();
        }
        self.compounds.insert(text.to_string(), words);
    }

    fn new_spelling(&mut self) -> u64 {
        self.next_spelling += 1;
        self.next_spelling
    }
}

/// A stem's first byte, and its length as a bit (lengths from 31 up share one).
fn stem_shape(stem: &str) -> (usize, u32) {
    let byte = stem.as_bytes().first().copied().unwrap_or(0);
    (usize::from(byte), 1 << stem.len().min(31))
}

/// Whether the content words at the start of `words` have these stems; if so, the index of
/// the last of them.
fn spans(words: &[Word], stems: &[String]) -> Option<usize> {
    let mut content = words.iter().enumerate().filter(|(_, w)| w.is_content());
    let mut last = 0;
    for stem in stems {
        let (index, word) = content.next()?;
        if *word.stem != **stem {
            return None;
        }
        last = index;
    }
    Some(last)
}

/// A spelling in the thesaurus: its stemmed content words and the term they stand for.
struct Variant {
    stems: Vec<String>,
    canonical: String,
}

/// One word of a rubric phrase and how many typos it forgives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhraseWord {
    /// Shared, like the surface, because answers' vocabularies keep phrase words as keys.
    pub stem: Arc<str>,
    /// The word as the author wrote it, folded; typos are measured against it.
    pub surface: Arc<str>,
    pub typo_budget: usize,
}

/// Five letters or more forgive one typo, eight or more two; numbers and short terms none.
fn typo_budget(len: usize, stem: &str) -> usize {
    if stem.chars().any(|c| c.is_ascii_digit()) {
        0
    } else if len >= 8 {
        2
    } else if len >= 5 {
        1
    } else {
        0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The folded word as written (apostrophe-s removed). Shared, because words are cloned
    /// out of a cache for every occurrence.
    pub text: Rc<str>,
    /// The stem, or the thesaurus's canonical term.
    pub stem: Rc<str>,
    /// Identifies the cached analysis the word was cloned from: words with the same number
    /// have the same text and the same own stem, so an answer's vocabulary can recognise a
    /// repeated word without hashing its text. Never reused on a thread.
    pub spelling: u64,
    pub len: usize,
    pub function: bool,
    pub list_joiner: bool,
    pub negation: bool,
    pub first_person: bool,
    pub plural_person: bool,
    pub verb: bool,
    pub number: bool,
    /// An operator or symbol such as `/`, `=`, `(`.
    pub symbol: bool,
    /// Came from a `snake_case`, `camelCase` or `kebab-case` identifier.
    pub identifier: bool,
    /// The first word of an identifier that reads as a loggable event name.
    pub event: bool,
    /// Split from a hyphenated or compound word ("no-show" is not a negation).
    pub joined: bool,
    /// Stands for a thesaurus term: its stem is the canonical term, not its spelling's.
    pub canonical: bool,
    /// A clause ends after this word (comma, semicolon, colon, bracket, dash).
    pub clause_end: bool,
}

impl Word {
    fn symbol(op: &str, spelling: u64) -> Word {
        let len = op.len();
        let op: Rc<str> = Rc::from(op);
        Word {
            text: Rc::clone(&op),
            stem: op,
            spelling,
            len,
            function: false,
            list_joiner: false,
            negation: false,
            first_person: false,
            plural_person: false,
            verb: false,
            number: false,
            symbol: true,
            identifier: false,
            event: false,
            joined: false,
            canonical: false,
            clause_end: false,
        }
    }

    /// A canonical term such as `p95` or `dau` is a concept, not a figure.
    fn canonical_number_guard(&mut self) {
        self.number = false;
    }

    pub fn is_content(&self) -> bool {
        !self.function && !self.symbol
    }
}

/// Unicode-folds a word: compatibility forms (full-width letters, ligatures) and case.
fn fold(text: &str) -> String {
    let mut folded = String::new();
    fold_into(text, &mut folded);
    folded
}

/// [`fold`] into a reused buffer: most words are ASCII and need no allocation.
fn fold_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&text.nfkc().collect::<String>().to_lowercase());
    }
}

fn compact(term: &str) -> String {
    fold(term).chars().filter(|c| c.is_alphanumeric()).collect()
}

enum RawWord<'a> {
    /// A word as written; `lowercase` when it is only ASCII lowercase letters, as most words
    /// are: folded already, with no compound or number inside to look into.
    Text {
        text: &'a str,
        lowercase: bool,
    },
    Operator(&'a str),
    Break,
}

/// Splits text into words, operators and clause breaks. Keeps `8,400`, `3.5`, `12%`, `$40k`,
/// `don't`, `ride_requested` and `p95` whole.
struct RawWords<'a> {
    text: &'a str,
    /// Byte offset of the next character to read.
    at: usize,
    /// An opening bracket yields an operator and then a break.
    break_next: bool,
}

impl<'a> RawWords<'a> {
    fn new(text: &'a str) -> Self {
        RawWords {
            text,
            at: 0,
            break_next: false,
        }
    }
}

impl<'a> Iterator for RawWords<'a> {
    type Item = RawWord<'a>;

    // Called for every word and mark of every answer: inlined into the caller's loop, it
    // saves a call each.
    #[inline]
    fn next(&mut self) -> Option<RawWord<'a>> {
        if std::mem::take(&mut self.break_next) {
            return Some(RawWord::Break);
        }
        let text = self.text;
        loop {
            let start = self.at;
            let c = char_at(text, start)?;
            let after = start + c.len_utf8();
            self.at = after;
            // Spacing only separates words: the commonest character needs no other test.
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                continue;
            }
            let next = || char_at(text, after);
            if is_word_char(c)
                || (matches!(c, '$' | '€' | '£') && next().is_some_and(|n| n.is_ascii_digit()))
            {
                let (end, lowercase) = word_end(text, start);
                // "A/B" and "and/or" are words, not ratios.
                let slash_word = match text.as_bytes().get(end) {
                    Some(b'/') => slash_word_len(&text[start..]),
                    _ => None,
                };
                self.at = slash_word.map_or(end, |len| start + len);
                return Some(RawWord::Text {
                    text: &text[start..self.at],
                    lowercase: lowercase && slash_word.is_none(),
                });
            }
            match c {
                '/' | '÷' | '=' | '×' | '*' | '+' | '<' | '>' | '≥' | '≤' | '≈' | '%' => {
                    return Some(RawWord::Operator(&text[start..after]));
                }
                '(' => {
                    self.break_next = true;
                    return Some(RawWord::Operator("("));
                }
                ',' | ';' | ':' | ')' | '—' | '–' | '[' | ']' | '"' | '“' | '”' | '!' | '?'
                | '.' => {
                    return Some(RawWord::Break);
                }
                '-' if next().is_some_and(char::is_whitespace) => return Some(RawWord::Break),
                _ => {}
            }
        }
    }
}

/// The end of the word that starts at `start`: word characters, with apostrophes and
/// hyphens inside words, separators inside numbers and a percent sign after digits. Also
/// says whether the word is only ASCII lowercase letters.
fn word_end(text: &str, start: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let Some(mut prev) = text[start..].chars().next() else {
        return (start, false);
    };
    let mut lowercase = prev.is_ascii_lowercase();
    let mut at = start + prev.len_utf8();
    loop {
        // Most of a word is ASCII letters and digits, which need no decoding or look-ahead.
        let plain_from = at;
        while let Some(&b) = bytes.get(at) {
            match PLAIN_WORD_BYTES[usize::from(b)] {
                Plain::Lowercase => {}
                Plain::Other => lowercase = false,
                Plain::Not => break,
            }
            at += 1;
        }
        if at > plain_from {
            prev = char::from(bytes[at - 1]);
        }
        let Some(c) = char_at(text, at) else {
            return (text.len(), lowercase);
        };
        let next = || char_at(text, at + c.len_utf8());
        let continues = is_word_char(c)
            || match c {
                '\'' | '’' | '-' => {
                    prev.is_alphanumeric() && next().is_some_and(char::is_alphanumeric)
                }
                '.' | ',' => prev.is_ascii_digit() && next().is_some_and(|n| n.is_ascii_digit()),
                '%' => prev.is_ascii_digit(),
                _ => false,
            };
        if !continues {
            return (at, lowercase);
        }
        lowercase = false;
        prev = c;
        at += c.len_utf8();
    }
}

/// Whether a byte is an ASCII word character (a letter, digit or `_`), and a lowercase letter.
#[derive(Clone, Copy)]
enum Plain {
    Lowercase,
    Other,
    Not,
}

/// [`Plain`] as a table: every byte of every answer is looked up.
const PLAIN_WORD_BYTES: [Plain; 256] = {
    let mut table = [Plain::Not; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_lowercase() {
            Plain::Lowercase
        } else if byte.is_ascii_alphanumeric() || byte == b'_' {
            Plain::Other
        } else {
            Plain::Not
        };
        b += 1;
    }
    table
};

/// The character starting at byte `at` (a character boundary); ASCII needs no decoding.
fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text[at..].chars().next(),
        None => None,
    }
}

/// What a word looks like before it is folded, from one pass over it.
struct Shape {
    /// A `snake_case`, `kebab-case` or `camelCase` compound, to split into its words.
    compound: bool,
    /// Holds a digit.
    numeric: bool,
    /// ASCII without capitals: folding would not change it.
    folded: bool,
}

impl Shape {
    fn of(text: &str) -> Shape {
        if text.is_ascii() {
            let bytes = text.as_bytes();
            let upper_after_first = bytes.iter().skip(1).any(u8::is_ascii_uppercase);
            return Shape {
                compound: upper_after_first || bytes.iter().any(|&b| b == b'_' || b == b'-'),
                numeric: bytes.iter().any(u8::is_ascii_digit),
                folded: !upper_after_first && !bytes[0].is_ascii_uppercase(),
            };
        }
        let mut compound = false;
        let mut numeric = false;
        for (i, c) in text.chars().enumerate() {
            compound |= c == '_' || c == '-' || (i > 0 && c.is_uppercase());
            numeric |= c.is_ascii_digit();
        }
        Shape {
            compound,
            numeric,
            folded: false,
        }
    }
}

fn slash_word_len(text: &str) -> Option<usize> {
    [
        "must/should/could/won't",
        "must/should/could",
        "must/should",
        "a/b",
        "and/or",
    ]
    .iter()
    .find_map(|word| {
        let head = text.get(..word.len())?;
        let boundary = text[word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        (head.eq_ignore_ascii_case(word) && boundary).then_some(word.len())
    })
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric() || is_combining(c)
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// True for `snake_case` and `camelCase` names (the shape of logged events and fields).
fn is_identifier(text: &str) -> bool {
    let has_letter = text.chars().any(char::is_alphabetic);
    let snake = text.contains('_') && text.split('_').filter(|p| !p.is_empty()).count() >= 2;
    let camel = text.chars().next().is_some_and(char::is_lowercase)
        && text.chars().skip(1).any(char::is_uppercase);
    has_letter && (snake || camel)
}

/// Splits `carpool_ride_request`, `rideRequested` and `no-show` into their words, folded.
fn split_identifier(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if c == '_' || c == '-' {
            if !current.is_empty() {
                parts.push(fold(&current));
            }
            current.clear();
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            parts.push(fold(&current));
            current.clear();
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.push(c);
    }
    if !current.is_empty() {
        parts.push(fold(&current));
    }
    parts
}

/// Field-like suffixes: `user_id` or `created_at` name an attribute, not an event.
const ATTRIBUTE_SUFFIXES: &[&str] = &[
    "id", "ids", "at", "ts", "time", "date", "type", "count", "name", "key", "pct", "rate", "ms",
    "sec", "secs", "flag", "status", "score",
];

fn is_event_identifier(parts: &[String]) -> bool {
    parts.len() >= 2
        && parts.iter().all(|p| p.chars().any(char::is_alphabetic))
        && parts
            .last()
            .is_some_and(|last| !ATTRIBUTE_SUFFIXES.contains(&last.as_str()))
}

static NUMBER_WORDS: WordSet = WordSet::new(&[
    "zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "hundred", "thousand", "million", "billion", "half", "double", "doubled", "twice",
    "triple", "tripled", "dozen", "quarter", "percent",
]);

fn is_number_word(word: &str) -> bool {
    let first = word.chars().next();
    let digits = first.is_some_and(|c| c.is_ascii_digit() || matches!(c, '$' | '€' | '£'));
    digits || NUMBER_WORDS.contains(word)
}

/// "engagement" and "completions" share a stem with verbs but are nouns.
fn noun_form(word: &str) -> bool {
    let singular = word.strip_suffix('s').unwrap_or(word);
    [
        "ment", "tion", "sion", "ness", "ity", "ance", "ence", "er", "or", "ics", "ure", "age",
    ]
    .iter()
    .any(|suffix| singular.ends_with(suffix))
}

fn looks_like_verb(word: &str) -> bool {
    let n = word.len();
    (n > 4 && word.ends_with("ed") && !word.ends_with("eed"))
        || (n > 5 && (word.ends_with("ize") || word.ends_with("ise") || word.ends_with("ify")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(lexicon: &Lexicon, text: &str) -> Vec<String> {
        lexicon
            .canonicalize(lexicon.words(text))
            .into_iter()
            .filter(Word::is_content)
            .map(|w| w.stem.to_string())
            .collect()
    }

    #[test]
    fn splits_identifiers_and_keeps_numbers_whole() {
        let lexicon = Lexicon::new(&[]);
        assert_eq!(
            stems(&lexicon, "carpool_ride_request"),
            ["carpool", "ride", "request"]
        );
        assert_eq!(stems(&lexicon, "rideRequested"), ["ride", "request"]);
        assert_eq!(
            stems(&lexicon, "8,400 users at 3.5% by $40k"),
            ["8,400", "user", "3.5%", "$40k"]
        );
    }

    #[test]
    fn thesaurus_maps_both_ways() {
        let lexicon = Lexicon::new(&[("otdr".into(), vec!["on-time delivery rate".into()])]);
        assert_eq!(
            stems(&lexicon, "Daily Active Users grew"),
            stems(&lexicon, "DAU grew")
        );
        assert_eq!(stems(&lexicon, "the on-time delivery rate"), ["otdr"]);
        assert_eq!(lexicon.phrase("A/B test"), lexicon.phrase("experiment"));
        assert_eq!(
            stems(&lexicon, "a must/should/could sort"),
            ["moscow", "sort"]
        );
    }

    #[test]
    fn flags_events_negation_and_person() {
        let lexicon = Lexicon::new(&[]);
        let words = lexicon.words("I logged order_delivered, but we don't track user_id");
        assert!(words[0].first_person);
        assert!(words.iter().any(|w| w.event && &*w.text == "order"));
        assert!(!words.iter().any(|w| w.event && &*w.text == "user"));
        assert!(words.iter().any(|w| w.negation));
        assert!(words.iter().any(|w| w.plural_person));
        let no_show = lexicon.words("no-show rate");
        assert!(no_show[0].joined && no_show[0].negation);
    }

    #[test]
    fn folds_unicode() {
        let lexicon = Lexicon::new(&[]);
        assert_eq!(
            stems(&lexicon, "ＲＥＴＥＮＴＩＯＮ"),
            stems(&lexicon, "retention")
        );
    }
}
