//! Words as the scorer sees them: Unicode folding, identifier splitting, stemming, function
//! words, and the thesaurus that makes "DAU" and "daily active users" the same term.

use std::cell::{Cell, RefCell};
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap as HashMap;

use super::matcher::{Vocabulary, stem_traits, text_traits};

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
    // Retention at a day mark, as analysts shorten it.
    &["d1", "day 1", "day one", "day-1"],
    &["d3", "day 3", "day three", "day-3"],
    &["d7", "day 7", "day seven", "day-7"],
    &["d14", "day 14", "day fourteen", "day-14"],
    &["d28", "day 28", "day-28"],
    &["d30", "day 30", "day thirty", "day-30"],
    &["d60", "day 60", "day sixty", "day-60"],
    &["d90", "day 90", "day ninety", "day-90"],
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
    /// Tells this lexicon from every other in the process, for [`Analysis::starts_variant`].
    serial: u64,
}

impl Lexicon {
    /// The shared thesaurus plus a deck's own groups (canonical term, other spellings).
    pub fn new(extra: &[(String, Vec<String>)]) -> Lexicon {
        let mut lexicon = Lexicon {
            stemmer: Stemmer::create(Algorithm::English),
            variants: HashMap::default(),
            variant_shapes: [0; 256],
            phrases: Mutex::new(HashMap::default()),
            serial: {
                static SERIALS: AtomicU64 = AtomicU64::new(1);
                SERIALS.fetch_add(1, Ordering::Relaxed)
            },
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
        let mut spellings = Vocabulary::default();
        for (canonical, variants) in groups {
            let canonical = compact(&canonical);
            let traits = stem_traits(&canonical);
            for spelling in variants {
                let stems: Vec<String> = lexicon
                    .words(&spelling, &mut spellings)
                    .into_iter()
                    .filter(Word::is_content)
                    .map(|w| spellings.stem_text(w.stem).to_string())
                    .collect();
                let Some(first) = stems.first() else {
                    continue;
                };
                let starting_here = lexicon.variants.entry(first.clone()).or_default();
                // A spelling listed twice belongs to the group that lists it last.
                match starting_here.iter_mut().find(|v| v.stems == stems) {
                    Some(variant) => {
                        variant.canonical = canonical.clone();
                        variant.traits = traits;
                    }
                    None => starting_here.push(Variant {
                        stems,
                        canonical: canonical.clone(),
                        traits,
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

    /// Splits text into words with stems and flags, before the thesaurus is applied; the
    /// vocabulary keeps their spellings and stems.
    pub fn words(&self, text: &str, vocabulary: &mut Vocabulary) -> Vec<Word> {
        let mut words = Vec::new();
        self.words_into(text, vocabulary, &mut words);
        words
    }

    /// [`words`](Self::words), added to the end of `out`: an answer's units share one list.
    pub fn words_into(&self, text: &str, vocabulary: &mut Vocabulary, out: &mut Vec<Word>) {
        thread_local! {
            /// Stemming and the word-list lookups dominate scoring time, and answers repeat
            /// their words, so each folded word's result is cached per thread (a pure
            /// function's cache: it changes nothing but speed).
            static CACHE: RefCell<WordCache> = RefCell::default();
        }
        // Words are at least one character and mostly followed by a space: a unit rarely
        // holds more than a word per four bytes, and reserving that avoids regrowing.
        out.reserve(text.len() / 4 + 1);
        let first = out.len();
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let mut folded = std::mem::take(&mut cache.folded);
            for raw in RawWords::new(text) {
                self.push_word(raw, out, first, &mut folded, &mut cache, vocabulary);
            }
            cache.folded = folded;
        });
    }

    /// Adds a word of the text whose words start at `out[first]`.
    fn push_word(
        &self,
        raw: RawWord<'_>,
        out: &mut Vec<Word>,
        first: usize,
        folded: &mut String,
        cache: &mut WordCache,
        vocabulary: &mut Vocabulary,
    ) {
        match raw {
            RawWord::Break => {
                // A break before the text's first word ends no clause of an earlier text.
                if out.len() > first
                    && let Some(last) = out.last_mut()
                {
                    last.flags |= Flags::CLAUSE_END;
                }
            }
            RawWord::Operator(op) => out.push(vocabulary.word(&cache.symbol(op), Flags::NONE)),
            RawWord::Text {
                text,
                lowercase: true,
            } => out.push(self.word(text, cache, vocabulary)),
            RawWord::Text { text, .. } => {
                let shape = Shape::of(text);
                if shape.numeric || !shape.compound {
                    let lower = if shape.folded {
                        text
                    } else {
                        fold_into(text, folded);
                        folded
                    };
                    out.push(self.word(lower, cache, vocabulary));
                    return;
                }
                if let Some(parts) = cache.compounds.get(text) {
                    out.extend(
                        parts
                            .iter()
                            .map(|(part, flags)| vocabulary.word(part, *flags)),
                    );
                    return;
                }
                let is_identifier = is_identifier(text);
                let split = split_identifier(text);
                let joined = if split.len() > 1 {
                    Flags::JOINED
                } else {
                    Flags::NONE
                };
                let parts: Vec<Part> = split
                    .iter()
                    .enumerate()
                    .map(|(i, part)| {
                        let mut flags = joined;
                        if is_identifier {
                            flags |= Flags::IDENTIFIER;
                            if i == 0 && is_event_identifier(&split) {
                                flags |= Flags::EVENT;
                            }
                        }
                        (self.analysis(part, cache), flags)
                    })
                    .collect();
                out.extend(
                    parts
                        .iter()
                        .map(|(part, flags)| vocabulary.word(part, *flags)),
                );
                cache.remember_compound(text, parts);
            }
        }
    }

    /// The word in the vocabulary, analysed from the cache when it was seen before.
    fn word(&self, lower: &str, cache: &mut WordCache, vocabulary: &mut Vocabulary) -> Word {
        match cache.words.get(lower) {
            Some(analysis) => vocabulary.word(analysis, Flags::NONE),
            None => vocabulary.word(&self.analysis(lower, cache), Flags::NONE),
        }
    }

    /// The word's stem and flags, from the cache when the word was seen before.
    fn analysis(&self, lower: &str, cache: &mut WordCache) -> Rc<Analysis> {
        if let Some(analysis) = cache.words.get(lower) {
            return Rc::clone(analysis);
        }
        let analysis = Rc::new(self.fresh_analysis(lower));
        if cache.words.len() >= WordCache::LIMIT {
            cache.words.clear();
        }
        cache.words.insert(lower.to_string(), Rc::clone(&analysis));
        analysis
    }

    fn fresh_analysis(&self, lower: &str) -> Analysis {
        let lower = lower.trim_matches('\'').replace('’', "'");
        let base = lower.strip_suffix("'s").unwrap_or(&lower);
        let is_number = is_number_word(base);
        let stem = if is_number || base.chars().any(|c| c.is_ascii_digit()) {
            base.to_string()
        } else {
            self.stemmer.stem(base).into_owned()
        };
        let own = [
            (FUNCTION_WORDS.contains(base), Flags::FUNCTION),
            (LIST_JOINERS.contains(&base), Flags::LIST_JOINER),
            (NEGATIONS.contains(base), Flags::NEGATION),
            (FIRST_PERSON.contains(&base), Flags::FIRST_PERSON),
            (FIRST_PERSON_PLURAL.contains(&base), Flags::PLURAL_PERSON),
            (
                (VERB_STEMS.contains(&stem) && !noun_form(base)) || looks_like_verb(base),
                Flags::VERB,
            ),
            (is_number, Flags::NUMBER),
        ];
        let flags = own.into_iter().filter(|&(holds, _)| holds).fold(
            stem_traits(&stem) | text_traits(base),
            |flags, (_, flag)| flags | flag,
        );
        Analysis {
            len: base.chars().count(),
            letters: letter_mask(base),
            text: Rc::from(base),
            stem: Rc::from(stem),
            flags,
            seen_in: Cell::default(),
            starts_variant: Cell::default(),
        }
    }

    /// Replaces thesaurus variants in a word sequence (`words[from..]`, the last text's
    /// words) with their canonical term, longest match first; the canonical word keeps the
    /// flags of the first word it replaces, except those that come from its stem.
    pub fn canonicalize(&self, words: &mut Vec<Word>, from: usize, vocabulary: &mut Vocabulary) {
        let mut i = from;
        while i < words.len() {
            if words[i].is_content()
                && let Some((last, variant)) = self.variant_at(&words[i..], vocabulary)
            {
                // The variant's words become one, which ends a clause if any of them did.
                let clause_end = words[i..=i + last]
                    .iter()
                    .fold(Flags::NONE, |end, w| end | (w.flags & Flags::CLAUSE_END));
                words.drain(i + 1..=i + last);
                let word = &mut words[i];
                word.stem = vocabulary.stem_id(&variant.canonical);
                // A canonical term is a concept, not a figure or a function word, and is
                // matched exactly: its spellings are already listed.
                word.flags = word.flags.without(
                    Flags::STEM_TRAITS | Flags::FUNCTION | Flags::NUMBER | Flags::CLAUSE_END,
                ) | variant.traits
                    | Flags::CANONICAL
                    | clause_end;
            }
            i += 1;
        }
    }

    /// The longest thesaurus variant that the content words at the start of `words` spell:
    /// the index of its last word, and the variant.
    fn variant_at(&self, words: &[Word], vocabulary: &Vocabulary) -> Option<(usize, &Variant)> {
        // Most words start no variant, and each spelling remembers whether it does.
        let analysis = vocabulary.analysis(words[0]);
        let (lexicon, starts) = analysis.starts_variant.get();
        if lexicon == self.serial && !starts {
            return None;
        }
        let variants = self.variants_from(&analysis.stem);
        analysis
            .starts_variant
            .set((self.serial, !variants.is_empty()));
        variants
            .iter()
            .find_map(|variant| Some((spans(words, &variant.stems, vocabulary)?, variant)))
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
        let mut vocabulary = Vocabulary::default();
        let mut words = self.words(text, &mut vocabulary);
        self.canonicalize(&mut words, 0, &mut vocabulary);
        let mut phrase = Vec::with_capacity(words.len());
        let mut connective = None;
        for word in &words {
            if !word.is_content() {
                connective = connective.or(word.flags.connective());
                continue;
            }
            let stem = vocabulary.stem_text(word.stem);
            // A canonical term's spellings are all listed: it forgives no typos.
            let surface = if word.has(Flags::CANONICAL) {
                ""
            } else {
                vocabulary.text(*word)
            };
            let budget = typo_budget(surface.chars().count(), stem);
            let mut phrase_word = PhraseWord::new(stem, surface, budget);
            // Only a connective between two words binds them: one before the first
            // ("to next quarter") leaves nothing to join.
            if !phrase.is_empty() {
                phrase_word.joined_by = connective;
            }
            connective = None;
            phrase.push(phrase_word);
        }
        phrase.into()
    }
}

/// A word's analysis, the same wherever it is written: every occurrence on a thread shares it.
#[derive(Debug)]
pub struct Analysis {
    /// The folded word as written (apostrophe-s removed).
    pub text: Rc<str>,
    pub stem: Rc<str>,
    /// Length in characters (in bytes for an operator).
    pub len: usize,
    /// The letters of `text`, for ruling out typo matches cheaply (see [`letter_mask`]).
    pub letters: u64,
    pub flags: Flags,
    /// The vocabulary that last took this word in (by its serial), and the index of the
    /// spelling there: most words of an answer are repeats, found without hashing.
    pub seen_in: Cell<(u64, u32)>,
    /// Whether the stem starts a thesaurus variant, in the lexicon (by its serial) that last
    /// asked.
    starts_variant: Cell<(u64, bool)>,
}

impl Analysis {
    fn symbol(op: &str) -> Analysis {
        let op: Rc<str> = Rc::from(op);
        Analysis {
            len: op.len(),
            letters: letter_mask(&op),
            flags: Flags::SYMBOL | stem_traits(&op) | text_traits(&op),
            text: Rc::clone(&op),
            stem: op,
            seen_in: Cell::default(),
            starts_variant: Cell::default(),
        }
    }
}

/// A word of a compound, with the flags it takes from the compound.
type Part = (Rc<Analysis>, Flags);

/// Words already analysed on this thread, by their folded spelling.
#[derive(Default)]
struct WordCache {
    words: HashMap<String, Rc<Analysis>>,
    /// Compounds (`order_delivered`, `rideRequested`) as written, split into their words,
    /// each with the flags it takes from the compound.
    compounds: HashMap<String, Rc<[Part]>>,
    /// Operators, which are few.
    symbols: HashMap<String, Rc<Analysis>>,
    /// A buffer for folding words, kept to save allocating one for every unit.
    folded: String,
}

impl WordCache {
    /// Entries kept per table before it is emptied, to bound the memory of a long session.
    const LIMIT: usize = 50_000;

    fn remember_compound(&mut self, text: &str, parts: Vec<Part>) {
        if self.compounds.len() >= Self::LIMIT {
            self.compounds.clear();
        }
        self.compounds.insert(text.to_string(), Rc::from(parts));
    }

    fn symbol(&mut self, op: &str) -> Rc<Analysis> {
        if let Some(symbol) = self.symbols.get(op) {
            return Rc::clone(symbol);
        }
        let symbol = Rc::new(Analysis::symbol(op));
        self.symbols.insert(op.to_string(), Rc::clone(&symbol));
        symbol
    }
}

/// A stem's first byte, and its length as a bit (lengths from 31 up share one).
fn stem_shape(stem: &str) -> (usize, u32) {
    let byte = stem.as_bytes().first().copied().unwrap_or(0);
    (usize::from(byte), 1 << stem.len().min(31))
}

/// Whether the content words at the start of `words` have these stems; if so, the index of
/// the last of them.
fn spans(words: &[Word], stems: &[String], vocabulary: &Vocabulary) -> Option<usize> {
    let mut content = words.iter().enumerate().filter(|(_, w)| w.is_content());
    let mut last = 0;
    for stem in stems {
        let (index, word) = content.next()?;
        if vocabulary.stem_text(word.stem) != stem {
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
    /// The flags the canonical term's stem gives a word.
    traits: Flags,
}

/// A small word that fixes how two words of a phrase relate: "days *since* last", "cost
/// *per* delivery", "pushed *to* next quarter". Dropped like other function words, the phrase
/// would match "days active in the last month" or "for the next quarter".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Connective(u8);

impl Connective {
    /// The connectives, by spelling; a code is an index here plus one.
    const WORDS: [&'static str; 12] = [
        "since", "after", "before", "per", "to", "from", "into", "over", "against", "between",
        "within", "than",
    ];
    const PER: Connective = Connective(4);
    const TO: Connective = Connective(5);
    const OVER: Connective = Connective(8);
    /// `/` or `÷`, which say "per" and "over".
    const RATIO: Connective = Connective(13);
    /// "a", "an", "each", "every", "by": "twice a week", "deliveries an hour", "cost by
    /// pipeline" say "per".
    const EACH: Connective = Connective(14);

    /// The connective a spelling is.
    pub fn of(text: &str) -> Option<Connective> {
        let code = match text {
            "/" | "÷" => Self::RATIO.0,
            "a" | "an" | "each" | "every" | "by" => Self::EACH.0,
            "→" => Self::TO.0,
            _ => Self::WORDS.iter().position(|w| *w == text)? as u8 + 1,
        };
        Some(Connective(code))
    }

    /// Whether an answer word that is `written` says what this phrase connective says.
    pub fn said_by(self, written: Connective) -> bool {
        written == self
            || (matches!(self, Self::PER | Self::EACH)
                && matches!(written, Self::PER | Self::RATIO | Self::EACH))
            || (matches!(self, Self::OVER | Self::RATIO)
                && matches!(written, Self::OVER | Self::RATIO))
            || (self == Self::RATIO && written == Self::PER)
    }
}

/// One word of a rubric phrase and how many typos it forgives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseWord {
    /// Shared, like the surface, because answers' vocabularies keep phrase words as keys.
    pub stem: Arc<str>,
    /// The word as the author wrote it, folded; typos are measured against it.
    pub surface: Arc<str>,
    pub typo_budget: usize,
    /// The connective written before this word in the phrase ("days *since* last", "cost
    /// *per* delivery"), which the answer must also have between the two words.
    pub joined_by: Option<Connective>,
    /// The surface's length in characters and its letters, for ruling out typos cheaply.
    pub length: usize,
    pub letters: u64,
    /// The hash of the word's stem, surface and budget, worked out once: answers' vocabularies
    /// look phrase words up for every rubric phrase.
    hash: u64,
}

impl PhraseWord {
    fn new(stem: &str, surface: &str, typo_budget: usize) -> PhraseWord {
        let hash = {
            let mut hasher = rustc_hash::FxHasher::default();
            (stem, surface, typo_budget).hash(&mut hasher);
            hasher.finish()
        };
        PhraseWord {
            stem: Arc::from(stem),
            surface: Arc::from(surface),
            typo_budget,
            joined_by: None,
            length: surface.chars().count(),
            letters: letter_mask(surface),
            hash,
        }
    }
}

impl Hash for PhraseWord {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Five letters or more forgive one typo, eight or more two; numbers and short terms none.
pub(super) fn typo_budget(len: usize, stem: &str) -> usize {
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

/// One word of an analysed text: small enough to copy, with its spelling and stem as ids in
/// the [`Vocabulary`] that holds their text, and what it is as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// The index of the word's spelling in its vocabulary.
    pub spelling: u32,
    /// The id of its stem in the vocabulary, or of the thesaurus term it stands for.
    pub stem: u32,
    pub flags: Flags,
}

impl Word {
    pub fn has(&self, flag: Flags) -> bool {
        self.flags.has(flag)
    }

    pub fn is_content(&self) -> bool {
        !self.has(Flags::FUNCTION | Flags::SYMBOL)
    }
}

/// What a word is, as bits: the scorer asks several of these of every word of every answer.
/// Some come from the word's own spelling, some from its stem (and change when the thesaurus
/// puts a canonical term in its place), some from the identifier it was split from or from
/// where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags(u64);

impl Flags {
    pub const NONE: Flags = Flags(0);
    pub const FUNCTION: Flags = Flags(1);
    pub const LIST_JOINER: Flags = Flags(1 << 1);
    pub const NEGATION: Flags = Flags(1 << 2);
    pub const FIRST_PERSON: Flags = Flags(1 << 3);
    pub const PLURAL_PERSON: Flags = Flags(1 << 4);
    pub const VERB: Flags = Flags(1 << 5);
    pub const NUMBER: Flags = Flags(1 << 6);
    /// An operator or symbol such as `/`, `=`, `(`.
    pub const SYMBOL: Flags = Flags(1 << 7);
    /// Came from a `snake_case`, `camelCase` or `kebab-case` identifier.
    pub const IDENTIFIER: Flags = Flags(1 << 8);
    /// The first word of an identifier that reads as a loggable event name.
    pub const EVENT: Flags = Flags(1 << 9);
    /// Split from a hyphenated or compound word ("no-show" is not a negation).
    pub const JOINED: Flags = Flags(1 << 10);
    /// Stands for a thesaurus term: its stem is the canonical term, not its spelling's.
    pub const CANONICAL: Flags = Flags(1 << 11);
    /// A clause ends after this word (comma, semicolon, colon, bracket, dash).
    pub const CLAUSE_END: Flags = Flags(1 << 12);

    // Flags that come from the stem (bits 16 to 47), worked out by `matcher::stem_traits`.
    /// "but": ends the reach of a negation.
    pub const CONTRAST: Flags = Flags(1 << 16);
    /// "instead", "rather": negate what they follow.
    pub const INSTEAD: Flags = Flags(1 << 17);
    /// "hurt", "lose": after a negation, keep the thing they name ("without hurting trust").
    pub const HARM: Flags = Flags(1 << 18);
    /// Names a ratio or an aggregate on its own ("ratio", "median").
    pub const FORMULA_STEM: Flags = Flags(1 << 19);
    /// A timeframe on its own ("weekly", "Q2").
    pub const TIME_WORD: Flags = Flags(1 << 20);
    /// A unit of time ("week"), a timeframe after a leader such as "within".
    pub const TIME_UNIT: Flags = Flags(1 << 21);
    pub const DAY: Flags = Flags(1 << 22);
    pub const OPEN_BRACKET: Flags = Flags(1 << 23);
    /// `/` or `÷`.
    pub const DIVIDE: Flags = Flags(1 << 24);
    pub const EQUALS: Flags = Flags(1 << 25);
    /// `/`, `÷`, `*`, `×` or `+`.
    pub const ARITHMETIC: Flags = Flags(1 << 26);
    /// Bits 27 to 30: the [`Connective`] a word is. It comes from the spelling, but
    /// connectives are function words and symbols, which the thesaurus never replaces.
    const CONNECTIVE_SHIFT: u32 = 27;
    const CONNECTIVE_BITS: u64 = 0xF << Self::CONNECTIVE_SHIFT;
    /// Every flag that comes from the stem, including the [`Follower`] sets.
    pub const STEM_TRAITS: Flags = Flags(0xFFFF_FFFF << 16);

    // Flags that come from the spelling (bits 48 up), worked out by `matcher::text_traits`.
    /// "more", "less", "than": after a negation, a bound ("no more than 4 minutes").
    pub const BOUND: Flags = Flags(1 << 48);
    pub const PER: Flags = Flags(1 << 49);
    /// "within", "by", "next": makes a unit of time after it a timeframe.
    pub const TIME_LEADER: Flags = Flags(1 << 50);
    /// "a", as in "once a week".
    pub const ARTICLE: Flags = Flags(1 << 51);
    /// A number fused with a unit of time (`7d`, `30-day`).
    pub const COMPACT_DURATION: Flags = Flags(1 << 52);
    /// "business", "working", "calendar": may stand between a number and its unit of time
    /// ("within 5 business days").
    pub const TIME_QUALIFIER: Flags = Flags(1 << 53);
    /// "needed", "useful", "worth": after a negation, the speaker sets aside what came
    /// before ("retention curves are not needed").
    pub const STANCE: Flags = Flags(1 << 54);
    /// "overrated", "irrelevant": sets aside what came before on its own.
    pub const DISMISSAL: Flags = Flags(1 << 55);

    /// A word whose stem makes a formula when one of these [`Follower`]s comes next
    /// ("divided by", "rate of").
    pub const fn leading(followers: u8) -> Flags {
        Flags((followers as u64) << 32)
    }

    /// A word whose stem is one of these [`Follower`]s.
    pub const fn stem_following(followers: u8) -> Flags {
        Flags((followers as u64) << 40)
    }

    /// A word whose spelling is one of these [`Follower`]s.
    pub const fn text_following(followers: u8) -> Flags {
        Flags((followers as u64) << 56)
    }

    /// A word that is this connective.
    pub fn of_connective(connective: Connective) -> Flags {
        Flags(u64::from(connective.0) << Self::CONNECTIVE_SHIFT)
    }

    /// The connective this word is, if any.
    pub fn connective(self) -> Option<Connective> {
        let code = (self.0 & Self::CONNECTIVE_BITS) >> Self::CONNECTIVE_SHIFT;
        (code != 0).then_some(Connective(code as u8))
    }

    /// The [`Follower`]s that make a formula after this word.
    pub fn leads(self) -> u8 {
        (self.0 >> 32) as u8
    }

    /// The [`Follower`]s this word is, by stem or by spelling.
    pub fn follows(self) -> u8 {
        (self.0 >> 40) as u8 | (self.0 >> 56) as u8
    }

    /// Whether any of `flags` is set.
    pub fn has(self, flags: Flags) -> bool {
        self.0 & flags.0 != 0
    }

    pub fn without(self, flags: Flags) -> Flags {
        Flags(self.0 & !flags.0)
    }
}

/// The words that complete a formula after a word such as "rate" or "divided", as bits of a
/// set.
pub struct Follower;

impl Follower {
    pub const BY: u8 = 1;
    pub const OF: u8 = 1 << 1;
    pub const DISTINCT: u8 = 1 << 2;
    pub const BRACKET: u8 = 1 << 3;
    pub const HUNDRED: u8 = 1 << 4;
}

impl std::ops::BitOr for Flags {
    type Output = Flags;

    fn bitor(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for Flags {
    fn bitor_assign(&mut self, other: Flags) {
        self.0 |= other.0;
    }
}

impl std::ops::BitAnd for Flags {
    type Output = Flags;

    fn bitand(self, other: Flags) -> Flags {
        Flags(self.0 & other.0)
    }
}

/// The set of characters in a word, folded into 64 bits (letters and digits by value, the
/// rest hashed into the high bits): enough to rule out most typo candidates at once.
pub fn letter_mask(word: &str) -> u64 {
    word.chars().fold(0u64, |mask, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            other => 36 + other as u32 % 28,
        };
        mask | 1 << bit
    })
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
                '/' | '÷' | '=' | '×' | '*' | '+' | '<' | '>' | '≥' | '≤' | '≈' | '%' | '→' =>
                {
                    return Some(RawWord::Operator(&text[start..after]));
                }
                '(' => {
                    self.break_next = true;
                    return Some(RawWord::Operator("("));
                }
                // A full stop inside a unit is an abbreviation's ("e.g.", "vs."): sentences
                // were already split at the real ones.
                ',' | ';' | ':' | ')' | '—' | '–' | '[' | ']' | '"' | '“' | '”' | '!' | '?' =>
                {
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
        let mut vocabulary = Vocabulary::default();
        let mut words = lexicon.words(text, &mut vocabulary);
        lexicon.canonicalize(&mut words, 0, &mut vocabulary);
        words
            .into_iter()
            .filter(Word::is_content)
            .map(|w| vocabulary.stem_text(w.stem).to_string())
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
        assert_eq!(
            stems(&lexicon, "active at day 7"),
            stems(&lexicon, "active at D7")
        );
    }

    #[test]
    fn flags_events_negation_and_person() {
        let lexicon = Lexicon::new(&[]);
        let mut vocabulary = Vocabulary::default();
        let words = lexicon.words(
            "I logged order_delivered, but we don't track user_id",
            &mut vocabulary,
        );
        let event = |text: &str| {
            words
                .iter()
                .any(|w| w.has(Flags::EVENT) && vocabulary.text(*w) == text)
        };
        assert!(words[0].has(Flags::FIRST_PERSON));
        assert!(event("order"));
        assert!(!event("user"));
        assert!(words.iter().any(|w| w.has(Flags::NEGATION)));
        assert!(words.iter().any(|w| w.has(Flags::PLURAL_PERSON)));
        let no_show = lexicon.words("no-show rate", &mut vocabulary);
        assert!(no_show[0].has(Flags::JOINED) && no_show[0].has(Flags::NEGATION));
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
