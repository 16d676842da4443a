//! From deck source text to the validated model: parses the TOML once, deserializes each
//! card and framework on its own (so one bad card does not hide the problems of the next),
//! and reports every problem with its location.

use std::collections::{HashMap, HashSet};
use std::ops::{DerefMut, Range};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, ValueDeserializer};

use super::diag::{Diagnostic, LineIndex, Severity, locate, nearest};
use super::model::*;
use super::raw::*;
use crate::duration;
use crate::text::strip_control;

/// The outcome of parsing one deck file: the deck when it had no errors, what could still be
/// read of it when it had some, and every diagnostic (errors and warnings) found on the way.
#[derive(Debug)]
pub struct Parsed {
    pub deck: Option<Deck>,
    pub partial: Option<Partial>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A deck with errors, as far as it could be read: never loaded for practice, but checked
/// across decks (frameworks, sections, worked examples) so one `deck check` run reports
/// every problem, without repeating the consequences of one already reported.
#[derive(Debug)]
pub struct Partial {
    pub deck: Deck,
    /// Cards with an error of their own; their worked examples are not scored, since a
    /// broken rubric would score them wrong.
    pub flawed_cards: HashSet<CardId>,
    /// Frameworks of this deck that were dropped or lost a section to an error: a card's
    /// reference to one, or a section missing from one, is a consequence, not a new mistake.
    pub incomplete_frameworks: IncompleteFrameworks,
}

#[derive(Debug, Default)]
pub struct IncompleteFrameworks {
    ids: HashSet<String>,
    /// A [[frameworks]] entry was dropped before its id could be read.
    unnamed: bool,
}

impl IncompleteFrameworks {
    pub fn covers(&self, id: &str) -> bool {
        self.unnamed || self.ids.contains(id)
    }
}

/// Parses and validates one deck. Framework references and rubric sections are checked
/// later, by the bank, because a card may use a framework defined in another deck.
pub fn parse_deck(source: &str, origin: Origin) -> Parsed {
    let mut cx = Context {
        path: origin.display(),
        source,
        lines: LineIndex::new(source),
        diagnostics: Vec::new(),
        removals: Vec::new(),
        flawed_cards: HashSet::new(),
        incomplete_frameworks: IncompleteFrameworks::default(),
    };
    cx.warn_control_escapes();
    let deck = cx.deck(origin);
    // In the order of the file, as a compiler reports; whole-file notes come last.
    cx.diagnostics.sort_by_key(|d| (d.line == 0, d.line, d.col));
    let (deck, partial) = match deck {
        Some(deck) if cx.diagnostics.iter().any(Diagnostic::is_error) => (
            None,
            Some(Partial {
                deck,
                flawed_cards: cx.flawed_cards,
                incomplete_frameworks: cx.incomplete_frameworks,
            }),
        ),
        deck => (deck, None),
    };
    Parsed {
        deck,
        partial,
        diagnostics: cx.diagnostics,
    }
}

struct Context<'s> {
    path: String,
    source: &'s str,
    lines: LineIndex<'s>,
    diagnostics: Vec<Diagnostic>,
    /// Keys taken out of entries so the rest of each entry could still be read and checked.
    removals: Vec<Removal>,
    flawed_cards: HashSet<CardId>,
    incomplete_frameworks: IncompleteFrameworks,
}

/// A key taken out of an entry after an error in it: `key` of the table reached through the
/// ids in `owners` (outermost first; a table without an id is named by its `label`). For a
/// dropped array element, `key` is the array's and `element` is set.
#[derive(Debug)]
struct Removal {
    owners: Vec<String>,
    key: String,
    element: bool,
}

impl<'s> Context<'s> {
    /// Whether an error already reported took one of `keys` out of the table at `owners`, so
    /// that a check on their absence would only repeat it.
    fn lost(&self, owners: &[&str], keys: &[&str]) -> bool {
        self.removals
            .iter()
            .any(|r| r.owners == owners && keys.contains(&r.key.as_str()))
    }

    fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, span, message)
    }

    fn warning(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Warning, span, message)
    }

    fn push(
        &mut self,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic = Diagnostic::at(severity, &self.path, self.source, span, message);
        self.diagnostics.push(diagnostic);
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn location(&self, span: &Range<usize>) -> Location {
        self.lines.locate_span(span)
    }

    /// Strings escaped into control characters (`"\u001b[2J"`) are legal TOML but could drive
    /// the user's terminal; they are stripped on load, and the author is told where they are.
    fn warn_control_escapes(&mut self) {
        let source = self.source;
        let mut found = Vec::new();
        let bytes = source.as_bytes();
        let mut i = 0;
        while i + 1 < bytes.len() {
            if bytes[i] == b'\\' {
                if let Some(len) = control_escape_len(&source[i..]) {
                    found.push(i..i + len);
                    i += len;
                    continue;
                }
                i += 2;
                continue;
            }
            i += 1;
        }
        let total = found.len();
        for span in found.into_iter().take(5) {
            self.warning(
                span,
                "a terminal control character is escaped here; it will be stripped before display",
            )
            .hint = Some("shared decks may not drive the terminal: remove the escape".into());
        }
        if total > 5 {
            let d = Diagnostic::file(
                Severity::Warning,
                &self.path,
                format!("{} more control-character escapes in this file", total - 5),
            );
            self.diagnostics.push(d);
        }
    }

    fn deck(&mut self, origin: Origin) -> Option<Deck> {
        let (root, errors) = DeTable::parse_recoverable(self.source);
        if !errors.is_empty() {
            for error in errors {
                let span = error.span().unwrap_or(0..0);
                let message = first_sentence(error.message());
                self.error(span, format!("this is not valid TOML: {message}"));
            }
            return None;
        }
        let root_span = root.span();
        let mut meta = None;
        let mut thesaurus = Vec::new();
        let mut cards = Vec::new();
        let mut frameworks = Vec::new();
        for (key, value) in root.into_inner() {
            let key_span = key.span();
            match key.get_ref().as_ref() {
                "deck" => {
                    meta = self
                        .deserialize::<RawDeckMeta>(value, "the [deck] table")
                        .map(Spanned::into_inner)
                }
                "thesaurus" => thesaurus = self.thesaurus(value),
                "cards" => cards = self.array(value, "cards"),
                "frameworks" => frameworks = self.array(value, "frameworks"),
                other => {
                    let hint = nearest(other, ROOT_KEYS.iter().copied())
                        .map(|k| format!("did you mean `{k}`?"));
                    let d = self.error(key_span, format!("unknown top-level key `{other}`"));
                    d.hint = Some(hint.unwrap_or_else(|| {
                        format!("a deck file has only {}", list_keys(ROOT_KEYS))
                    }));
                }
            }
        }
        let Some(meta) = meta else {
            if !self.diagnostics.iter().any(Diagnostic::is_error) {
                self.error(
                    root_span.start..root_span.start,
                    "this file has no [deck] table",
                )
                .hint = Some("start the file with [deck] and at least `id` and `title`".into());
            }
            return None;
        };
        let location = self.location(&meta.id.span());
        let deck_id = self.kebab_id(&meta.id, "deck");
        let version = match meta.version {
            Some(v) if *v.get_ref() < 1 || *v.get_ref() > u32::MAX as i64 => {
                self.error(v.span(), "`version` must be a whole number from 1 up");
                1
            }
            Some(v) => *v.get_ref() as u32,
            None => 1,
        };
        let deck_id = DeckId(deck_id);
        let raw_cards: Vec<Spanned<RawCard>> = cards
            .into_iter()
            .filter_map(|v| self.deserialize(v, "a [[cards]] entry"))
            .collect();
        let mut raw_frameworks: Vec<Spanned<RawFramework>> = Vec::new();
        for value in frameworks {
            let id = table_id(&value);
            match self.deserialize(value, "a [[frameworks]] entry") {
                Some(framework) => raw_frameworks.push(framework),
                None => match id {
                    Some(id) => _ = self.incomplete_frameworks.ids.insert(id),
                    None => self.incomplete_frameworks.unnamed = true,
                },
            }
        }
        let frameworks = self.frameworks(raw_frameworks);
        let cards = self.cards(&deck_id, raw_cards);
        Some(Deck {
            id: deck_id,
            title: clean(meta.title),
            description: clean(meta.description),
            tags: meta.tags.into_iter().map(clean).collect(),
            version,
            origin,
            location,
            thesaurus,
            frameworks,
            cards,
        })
    }

    fn array(&mut self, value: Spanned<DeValue<'s>>, key: &str) -> Vec<Spanned<DeValue<'s>>> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => items.into_iter().collect(),
            other => {
                let kind = other.type_str();
                self.error(
                    span,
                    format!(
                        "`{key}` must be an array of tables ([[{key}]]), not {}",
                        a_or_an(kind)
                    ),
                );
                Vec::new()
            }
        }
    }

    fn thesaurus(&mut self, value: Spanned<DeValue<'s>>) -> Vec<(String, Vec<String>)> {
        let Some(table) = self.deserialize::<std::collections::BTreeMap<String, Vec<String>>>(
            value,
            "the [thesaurus] table",
        ) else {
            return Vec::new();
        };
        table
            .into_inner()
            .into_iter()
            .map(|(term, variants)| (clean(term), variants.into_iter().map(clean).collect()))
            .collect()
    }

    /// Deserializes one value, turning serde's messages into located, actionable diagnostics.
    ///
    /// serde stops at an entry's first mistake, so after each one the offending key is taken
    /// out and the entry read again: a card with three typos gets three errors in one run.
    /// What remains is returned for the later checks (ids, needs, frameworks, sections),
    /// which skip what hangs on a removed key; an entry that lost a required key is dropped.
    fn deserialize<T: DeserializeOwned>(
        &mut self,
        mut value: Spanned<DeValue<'s>>,
        what: &str,
    ) -> Option<Spanned<T>> {
        let span = value.span();
        let mut removed_keys: Vec<String> = Vec::new();
        loop {
            let error = match T::deserialize(ValueDeserializer::from(value.clone())) {
                Ok(parsed) => return Some(Spanned::new(span, parsed)),
                Err(error) => error,
            };
            let at = error.span().unwrap_or_else(|| span.clone());
            let message = first_sentence(error.message());
            let consequence_of_a_removal = message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
                .is_some_and(|field| {
                    removed_keys.iter().any(|key| key == field)
                        || nearest(field, removed_keys.iter().map(String::as_str)).is_some()
                });
            if consequence_of_a_removal {
                return None;
            }
            let what = self.table_at(at.start, what);
            self.report_serde_error(at.clone(), &message, &what);
            let removal = remove_entry_at(&mut value, &at, Vec::new())?;
            if !removal.element {
                removed_keys.push(removal.key.clone());
            }
            self.removals.push(removal);
        }
    }

    /// Names the array-of-tables entry written at `offset` more precisely than `what` when it
    /// is nested (`[[frameworks.sections]]` inside a `[[frameworks]]` entry): the nearest
    /// `[[...]]` header at or above that line, if it belongs to the same root table.
    fn table_at(&self, offset: usize, what: &str) -> String {
        let line_end = self.source[offset.min(self.source.len())..]
            .find('\n')
            .map_or(self.source.len(), |n| offset + n);
        let root = what
            .split_once("[[")
            .and_then(|(_, rest)| rest.split_once("]]"))
            .map(|(root, _)| root);
        let header = self.source[..line_end]
            .lines()
            .rev()
            .map(str::trim)
            .find(|line| line.starts_with('['))
            .and_then(|line| line.strip_prefix("[["))
            .and_then(|line| line.split_once("]]"))
            .map(|(name, _)| name.trim());
        match (root, header) {
            (Some(root), Some(name)) if name.starts_with(&format!("{root}.")) => {
                format!("a [[{name}]] entry")
            }
            _ => what.to_string(),
        }
    }

    fn report_serde_error(&mut self, span: Range<usize>, message: &str, what: &str) {
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
            let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let hint = match nearest(field, valid.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                // TOML gives every key after a `[table]` header to that table, so a
                // top-level table written as `key = ...` below `[deck]` lands in it.
                None if what == "the [deck] table" && ROOT_KEYS.contains(&field) => format!(
                    "`{field}` belongs to the whole file, but here it sits inside [deck]; write it as its own [{field}] table or move it above [deck]"
                ),
                None => format!("valid keys here: {}", list_keys(&valid)),
            };
            self.error(span, format!("unknown key `{field}` in {what}"))
                .hint = Some(hint);
        } else if let Some(rest) = message.strip_prefix("missing field `") {
            let field = rest.split('`').next().unwrap_or(rest);
            self.error(
                span,
                format!("{what} is missing the required key `{field}`"),
            );
        } else if let Some(rest) = message.strip_prefix("invalid type: ") {
            let rest = rest.replace(", expected", ", but it should be");
            let rest = match rest.rsplit_once(' ') {
                Some((head, "i64" | "u8" | "u16" | "u32" | "u64" | "usize")) => {
                    format!("{head} a whole number")
                }
                Some((head, "f32" | "f64")) => format!("{head} a number"),
                _ => rest,
            };
            self.error(span, format!("wrong type in {what}: found {rest}"));
        } else if message.starts_with("data did not match any variant of untagged enum OneOrMany") {
            self.error(span, "`needs` must be a string or a list of strings");
        } else {
            self.error(span, format!("{what}: {message}"));
        }
    }

    fn kebab_id(&mut self, id: &Spanned<String>, what: &str) -> String {
        let text = id.get_ref();
        if !is_kebab(text) {
            self.error(
                id.span(),
                format!("the {what} id `{}` is not kebab-case", strip_control(text)),
            )
            .hint = Some(
                "use lowercase letters, digits and single dashes, like `track-performance`".into(),
            );
        }
        strip_control(text)
    }

    /// Reports a repeated id, pointing at the first one.
    fn unique(
        &mut self,
        seen: &mut HashMap<String, Range<usize>>,
        id: &Spanned<String>,
        what: &str,
    ) {
        let key = id.get_ref().clone();
        if let Some(first) = seen.get(&key) {
            let first_line = locate(self.source, first.start).line;
            self.error(
                id.span(),
                format!("duplicate {what} id `{}`", strip_control(&key)),
            )
            .hint = Some(format!(
                "the first `{}` is on line {first_line}; ids must be unique",
                strip_control(&key)
            ));
        } else {
            seen.insert(key, id.span());
        }
    }

    fn time_limit(&mut self, raw: &Spanned<String>) -> std::time::Duration {
        match duration::parse(raw.get_ref()) {
            Ok(limit) => limit,
            Err(message) => {
                self.error(raw.span(), message);
                std::time::Duration::from_secs(60)
            }
        }
    }

    fn small_int(
        &mut self,
        raw: &Option<Spanned<i64>>,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
        default: u8,
    ) -> u8 {
        match raw {
            None => default,
            Some(v) if range.contains(v.get_ref()) => *v.get_ref() as u8,
            Some(v) => {
                self.error(
                    v.span(),
                    format!(
                        "`{key}` must be from {} to {}, not {}",
                        range.start(),
                        range.end(),
                        v.get_ref()
                    ),
                );
                default
            }
        }
    }

    fn cards(&mut self, deck: &DeckId, raw_cards: Vec<Spanned<RawCard>>) -> Vec<Card> {
        let mut seen = HashMap::new();
        let mut cards = Vec::new();
        for raw in raw_cards {
            let raw = raw.into_inner();
            let errors_before = self.error_count();
            let owner = raw.id.get_ref().clone();
            let card_id = self.kebab_id(&raw.id, "card");
            self.unique(&mut seen, &raw.id, "card");
            let kind = self.card_kind(&raw);
            let framework_location = raw.framework.as_ref().map(|f| self.location(&f.span()));
            // With its `framework` or `kind` lost to an error, whether the card has sections
            // is unknown, so its items' sections are not held against it.
            let sectioned = matches!(kind, CardKind::Sectioned { .. })
                || self.lost(&[&owner], &["framework", "kind"]);
            if raw.rubric.is_empty()
                && !matches!(kind, CardKind::Numeric { .. })
                && !self.lost(&[&owner], &["rubric"])
            {
                self.error(
                    raw.id.span(),
                    format!("card `{card_id}` has an empty rubric"),
                )
                .hint = Some(
                    "add at least one [[cards.rubric]] item with `id`, `desc` and `any` phrases"
                        .into(),
                );
            }
            let rubric = self.rubric(raw.rubric, sectioned, false, &[&owner]);
            let followups = self.followups(raw.followups, &owner);
            let examples = self.examples(raw.examples, &[&owner]);
            let time_limit = self.time_limit(&raw.time_limit);
            let difficulty = self.small_int(
                &raw.difficulty,
                "difficulty",
                1..=i64::from(MAX_DIFFICULTY),
                2,
            );
            let id = CardId::new(deck, &card_id);
            let repaired = self.removals.iter().any(|r| r.owners[0] == owner);
            if repaired || self.error_count() > errors_before {
                self.flawed_cards.insert(id.clone());
            }
            cards.push(Card {
                id,
                title: clean(raw.title),
                prompt: clean(raw.prompt),
                kind,
                time_limit,
                tags: raw.tags.into_iter().map(clean).collect(),
                difficulty,
                hints: raw.hints.into_iter().map(clean).collect(),
                outline: clean(raw.outline),
                rubric,
                followups,
                examples,
                location: self.location(&raw.id.span()),
                framework_location,
            });
        }
        cards
    }

    fn card_kind(&mut self, raw: &RawCard) -> CardKind {
        let owner = raw.id.get_ref().as_str();
        const KINDS: [&str; 3] = ["sectioned", "recall", "numeric"];
        let kind = raw.kind.as_ref().map(|k| (k.get_ref().as_str(), k.span()));
        if let Some((name, span)) = &kind
            && !KINDS.contains(name)
        {
            let hint = nearest(name, KINDS).map_or_else(
                || "use \"sectioned\", \"recall\" or \"numeric\"".to_string(),
                |k| format!("did you mean \"{k}\"?"),
            );
            self.error(
                span.clone(),
                format!("unknown card kind \"{}\"", strip_control(name)),
            )
            .hint = Some(hint);
            return CardKind::Recall;
        }
        match (kind, &raw.framework) {
            (None | Some(("sectioned", _)), Some(framework)) => CardKind::Sectioned {
                framework: strip_control(framework.get_ref()),
            },
            (Some(("sectioned", _)), None) if self.lost(&[owner], &["framework"]) => {
                CardKind::Recall
            }
            (Some(("sectioned", span)), None) => {
                self.error(span, "a sectioned card needs a `framework`")
                    .hint =
                    Some("add framework = \"gsmt\" (or \"star\", or one your deck defines)".into());
                CardKind::Recall
            }
            (None, None) if self.lost(&[owner], &["framework", "kind"]) => CardKind::Recall,
            (None, None) => {
                self.error(raw.id.span(), "the card has neither a `framework` nor a `kind`")
                    .hint = Some("add framework = \"gsmt\" for a sectioned drill, or kind = \"recall\" or kind = \"numeric\"".into());
                CardKind::Recall
            }
            (Some((name, _)), Some(framework)) => {
                self.error(
                    framework.span(),
                    format!("a {name} card cannot have a `framework`"),
                )
                .hint =
                    Some("remove `framework`, or remove `kind` to make the card sectioned".into());
                CardKind::Recall
            }
            (Some(("numeric", _)), None) => {
                let tolerance = match &raw.tolerance {
                    Some(t) if *t.get_ref() < 0.0 || !t.get_ref().is_finite() => {
                        self.error(
                            t.span(),
                            "`tolerance` must be zero or more (0.05 means within 5%)",
                        );
                        0.05
                    }
                    Some(t) => *t.get_ref(),
                    None => 0.05,
                };
                let Some(answer) = raw.answer.filter(|a| a.is_finite()) else {
                    if !self.lost(&[owner], &["answer"]) {
                        self.error(raw.id.span(), "a numeric card needs an `answer`").hint = Some("add answer = 8400 (the expected number), and optionally tolerance and unit".into());
                    }
                    return CardKind::Recall;
                };
                CardKind::Numeric {
                    answer,
                    tolerance,
                    unit: clean(raw.unit.clone().unwrap_or_default()),
                }
            }
            (Some(_), None) => CardKind::Recall,
        }
    }

    fn rubric(
        &mut self,
        raw_items: Vec<Spanned<RawRubricItem>>,
        sectioned: bool,
        framework_level: bool,
        owners: &[&str],
    ) -> Vec<RubricItem> {
        let mut seen = HashMap::new();
        let mut items = Vec::new();
        for raw in raw_items {
            let raw = raw.into_inner();
            let item_owners = [owners, &[raw.id.get_ref().as_str()]].concat();
            let id = self.kebab_id(&raw.id, "rubric item");
            self.unique(&mut seen, &raw.id, "rubric item");
            let weight = self.small_int(&raw.weight, "weight", 1..=5, 1);
            let needs = self.needs(raw.needs);
            let any = clean_phrases(raw.any);
            let all = clean_phrases(raw.all);
            let none = clean_phrases(raw.none);
            if any.is_empty() && all.is_empty() && !self.lost(&item_owners, &["any", "all"]) {
                if !framework_level {
                    self.error(raw.id.span(), format!("rubric item `{id}` has no phrases"))
                        .hint = Some(
                        "list the ways a candidate would say it in `any = [\"...\", \"...\"]`"
                            .into(),
                    );
                } else if (raw.section.is_none() || needs.is_empty())
                    && !self.lost(&item_owners, &["section", "needs"])
                {
                    self.error(raw.id.span(), format!("framework item `{id}` has no phrases, so it needs a `section` and `needs` to be judged on"));
                }
            }
            if raw.every && !(any.is_empty() && all.is_empty()) {
                self.warning(
                    raw.id.span(),
                    format!(
                        "`every` has no effect on `{id}`: it applies only to items without phrases"
                    ),
                );
            }
            if let Some(section) = &raw.section
                && !sectioned
                && !framework_level
            {
                self.error(
                    section.span(),
                    "this card has no sections, so its rubric items cannot name one",
                )
                .hint = Some("remove `section`, or give the card a `framework`".into());
            }
            items.push(RubricItem {
                location: self.location(&raw.id.span()),
                id,
                desc: clean(raw.desc),
                weight,
                any,
                all,
                none,
                section_location: raw.section.as_ref().map(|s| self.location(&s.span())),
                section: raw.section.map(|s| strip_control(s.get_ref())),
                needs,
                every: raw.every,
            });
        }
        items
    }

    fn needs(&mut self, raw: Option<Spanned<OneOrMany>>) -> Vec<Need> {
        let Some(raw) = raw else { return Vec::new() };
        let span = raw.span();
        let mut needs = Vec::new();
        for name in raw.into_inner().into_vec() {
            match Need::parse(&name) {
                Some(need) if !needs.contains(&need) => needs.push(need),
                Some(_) => {}
                None => {
                    let names: Vec<&str> = Need::ALL.iter().map(|(n, _)| *n).collect();
                    let hint = nearest(&name, names.iter().copied()).map_or_else(
                        || format!("use one of {}", list_keys(&names)),
                        |n| format!("did you mean \"{n}\"?"),
                    );
                    self.error(
                        span.clone(),
                        format!("unknown need \"{}\"", strip_control(&name)),
                    )
                    .hint = Some(hint);
                }
            }
        }
        needs
    }

    fn followups(&mut self, raw_followups: Vec<Spanned<RawFollowup>>, card: &str) -> Vec<Followup> {
        let mut seen = HashMap::new();
        let mut followups = Vec::new();
        for raw in raw_followups {
            let raw = raw.into_inner();
            let owners = [card, raw.id.get_ref().as_str()];
            let id = self.kebab_id(&raw.id, "follow-up");
            self.unique(&mut seen, &raw.id, "follow-up");
            if raw.rubric.is_empty() && !self.lost(&owners, &["rubric"]) {
                self.error(
                    raw.id.span(),
                    format!("follow-up `{id}` has an empty rubric"),
                );
            }
            let rubric = self.rubric(raw.rubric, false, false, &owners);
            let examples = self.examples(raw.examples, &owners);
            followups.push(Followup {
                id,
                prompt: clean(raw.prompt),
                time_limit: self.time_limit(&raw.time_limit),
                hints: raw.hints.into_iter().map(clean).collect(),
                outline: clean(raw.outline),
                rubric,
                examples,
            });
        }
        followups
    }

    fn examples(
        &mut self,
        raw_examples: Vec<Spanned<RawExample>>,
        owners: &[&str],
    ) -> Vec<Example> {
        let mut examples = Vec::new();
        for raw in raw_examples {
            let span = raw.span();
            let raw = raw.into_inner();
            let scores_lost = self.lost(
                &[owners, &[raw.label.as_str()]].concat(),
                &["min_score", "max_score"],
            );
            let mut bound = |value: &Option<Spanned<i64>>, key: &str| match value {
                Some(v) if (0..=100).contains(v.get_ref()) => Some(*v.get_ref() as u8),
                Some(v) => {
                    self.error(
                        v.span(),
                        format!("`{key}` must be a score from 0 to 100, not {}", v.get_ref()),
                    );
                    None
                }
                None => None,
            };
            let min_score = bound(&raw.min_score, "min_score");
            let max_score = bound(&raw.max_score, "max_score");
            if raw.min_score.is_none() && raw.max_score.is_none() && !scores_lost {
                self.error(
                    span.clone(),
                    format!(
                        "example \"{}\" has neither `min_score` nor `max_score`",
                        strip_control(&raw.label)
                    ),
                )
                .hint = Some(
                    "add min_score = 70 to a strong example or max_score = 45 to a weak one".into(),
                );
            }
            if let (Some(min), Some(max)) = (min_score, max_score)
                && min > max
            {
                self.error(
                    span.clone(),
                    format!(
                        "example \"{}\" has min_score {min} above max_score {max}",
                        strip_control(&raw.label)
                    ),
                );
            }
            examples.push(Example {
                label: clean(raw.label),
                answer: clean(raw.answer),
                min_score,
                max_score,
                location: self.location(&span),
            });
        }
        examples
    }

    fn frameworks(&mut self, raw_frameworks: Vec<Spanned<RawFramework>>) -> Vec<Framework> {
        let mut seen = HashMap::new();
        let mut frameworks = Vec::new();
        for raw in raw_frameworks {
            let raw = raw.into_inner();
            let owner = raw.id.get_ref().clone();
            let id = self.kebab_id(&raw.id, "framework");
            self.unique(&mut seen, &raw.id, "framework");
            let sections_lost = self.lost(&[&owner], &["sections"]);
            if sections_lost {
                self.incomplete_frameworks.ids.insert(owner.clone());
            }
            if raw.sections.is_empty() && !sections_lost {
                self.error(raw.id.span(), format!("framework `{id}` has no sections"))
                    .hint = Some(
                    "add [[frameworks.sections]] entries with id, title, key, share and guide"
                        .into(),
                );
            }
            let sections = self.sections(raw.sections);
            let total_share: f64 = sections.iter().map(|s| s.share).sum();
            if !sections.is_empty() && !sections_lost && (total_share - 1.0).abs() > 0.05 {
                self.warning(
                    raw.id.span(),
                    format!("the section shares of `{id}` add up to {total_share:.2}, not 1"),
                )
                .hint = Some("shares split the time budget; make them add up to 1".into());
            }
            let rubric = self.rubric(raw.rubric, true, true, &[&owner]);
            for item in rubric.iter().filter(|_| !sections_lost) {
                self.check_framework_section(
                    &sections,
                    item.section.as_deref(),
                    item.section_location.as_ref(),
                    &id,
                );
            }
            let mut balance = Vec::new();
            for rule in raw.balance {
                let rule = rule.into_inner();
                let rule_owners = [owner.as_str(), rule.id.get_ref().as_str()];
                let rule_id = self.kebab_id(&rule.id, "balance rule");
                if !sections_lost && !sections.iter().any(|s| &s.id == rule.section.get_ref()) {
                    self.error(
                        rule.section.span(),
                        format!(
                            "framework `{id}` has no section `{}`",
                            strip_control(rule.section.get_ref())
                        ),
                    )
                    .hint = Some(format!(
                        "its sections are {}",
                        list_keys(&sections.iter().map(|s| s.id.as_str()).collect::<Vec<_>>())
                    ));
                }
                let weight = self.small_int(&rule.weight, "weight", 1..=5, 1);
                let shares_ok = [rule.min_share, rule.max_share]
                    .iter()
                    .flatten()
                    .all(|s| (0.0..=1.0).contains(s));
                if !shares_ok {
                    self.error(
                        rule.id.span(),
                        "`min_share` and `max_share` are fractions from 0 to 1",
                    );
                }
                if !rule.largest
                    && rule.min_share.is_none()
                    && rule.max_share.is_none()
                    && !self.lost(&rule_owners, &["largest", "min_share", "max_share"])
                {
                    self.error(rule.id.span(), format!("balance rule `{rule_id}` sets none of `largest`, `min_share`, `max_share`"));
                }
                balance.push(BalanceRule {
                    id: rule_id,
                    desc: clean(rule.desc),
                    weight,
                    section: strip_control(rule.section.get_ref()),
                    largest: rule.largest,
                    min_share: rule.min_share,
                    max_share: rule.max_share,
                });
            }
            frameworks.push(Framework {
                location: self.location(&raw.id.span()),
                id,
                title: clean(raw.title),
                description: clean(raw.description),
                sections,
                rubric,
                balance,
            });
        }
        frameworks
    }

    fn check_framework_section(
        &mut self,
        sections: &[Section],
        section: Option<&str>,
        at: Option<&Location>,
        framework: &str,
    ) {
        if let (Some(section), Some(at)) = (section, at)
            && !sections.iter().any(|s| s.id == section)
        {
            let names: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();
            let d = Diagnostic::at_location(
                Severity::Error,
                &self.path,
                at,
                format!("framework `{framework}` has no section `{section}`"),
            )
            .with_hint(format!("its sections are {}", list_keys(&names)));
            self.diagnostics.push(d);
        }
    }

    fn sections(&mut self, raw_sections: Vec<Spanned<RawSection>>) -> Vec<Section> {
        let mut seen = HashMap::new();
        let mut keys: HashMap<char, usize> = HashMap::new();
        let mut sections = Vec::new();
        for raw in raw_sections {
            let raw = raw.into_inner();
            let id = self.kebab_id(&raw.id, "section");
            self.unique(&mut seen, &raw.id, "section");
            let mut letters = raw.key.get_ref().chars();
            let key = match (letters.next(), letters.next()) {
                (Some(c), None) if c.is_alphanumeric() => c.to_ascii_uppercase(),
                _ => {
                    self.error(
                        raw.key.span(),
                        "a section `key` must be one letter, such as \"G\"",
                    );
                    '?'
                }
            };
            if key != '?'
                && let Some(first) = keys.insert(key, raw.key.span().start)
            {
                let line = locate(self.source, first).line;
                self.error(
                    raw.key.span(),
                    format!("the key \"{key}\" is already used by another section on line {line}"),
                );
            }
            let share = *raw.share.get_ref();
            if !(0.0..=1.0).contains(&share) {
                self.error(
                    raw.share.span(),
                    "a section `share` is a fraction of the time budget, from 0 to 1",
                );
            }
            sections.push(Section {
                id,
                title: clean(raw.title),
                key,
                share,
                guide: clean(raw.guide),
            });
        }
        sections
    }
}

/// Strips terminal control characters from a field; the warning was given on the source.
/// Removes the innermost table entry (or array element) whose key or value holds `at`, and
/// says what it removed, with the ids of the tables above it (`owners`, those of the tables
/// already passed through); `None` when nothing narrower than `value` itself holds it. Every
/// child is searched, not only those whose span holds `at`: an array of tables
/// (`[[cards.rubric]]`) is written in pieces, so its span says little about where its
/// entries are.
fn remove_entry_at(
    value: &mut Spanned<DeValue<'_>>,
    at: &Range<usize>,
    mut owners: Vec<String>,
) -> Option<Removal> {
    let holds = |span: Range<usize>| span.start <= at.start && at.end <= span.end;
    let owner = table_id(value);
    match value.get_mut() {
        DeValue::Table(table) => {
            owners.push(owner.unwrap_or_default());
            let keys: Vec<_> = table.iter().map(|(key, _)| key.clone()).collect();
            for key in keys {
                let entry = table.get_mut(&key)?;
                if !holds(key.span()) {
                    if let DeValue::Array(items) = entry.get_mut() {
                        if let Some(removed) = remove_element_at(items, at, &owners) {
                            return Some(removed);
                        }
                        if let Some(index) = items.iter().position(|item| holds(item.span())) {
                            remove_element(items, index);
                            return Some(Removal {
                                owners,
                                key: key.into_inner().into_owned(),
                                element: true,
                            });
                        }
                    } else if let Some(removed) = remove_entry_at(entry, at, owners.clone()) {
                        return Some(removed);
                    }
                    if !holds(entry.span()) {
                        continue;
                    }
                }
                table.remove(&key);
                return Some(Removal {
                    owners,
                    key: key.into_inner().into_owned(),
                    element: false,
                });
            }
            None
        }
        _ => None,
    }
}

/// The removal inside one of the tables of an array, if `at` lies within one.
fn remove_element_at(
    items: &mut DeArray<'_>,
    at: &Range<usize>,
    owners: &[String],
) -> Option<Removal> {
    items
        .deref_mut()
        .iter_mut()
        .find_map(|item| remove_entry_at(item, at, owners.to_vec()))
}

fn remove_element(items: &mut DeArray<'_>, index: usize) {
    // `DeArray` has no `remove`; its other state only matters while parsing.
    *items = std::mem::replace(items, DeArray::new())
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| (i != index).then_some(item))
        .collect();
}

/// The name a table goes by in a `Removal`: its `id`, or its `label` (worked examples).
fn table_id(value: &Spanned<DeValue<'_>>) -> Option<String> {
    let DeValue::Table(table) = value.get_ref() else {
        return None;
    };
    ["id", "label"].iter().find_map(|name| {
        table.get(*name).and_then(|v| match v.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            _ => None,
        })
    })
}

fn clean(text: String) -> String {
    if crate::text::has_control(&text) {
        strip_control(&text)
    } else {
        text
    }
}

fn clean_phrases(phrases: Vec<String>) -> Vec<String> {
    phrases
        .into_iter()
        .map(clean)
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn list_keys(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn a_or_an(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

/// serde and toml messages can run over several lines; a diagnostic keeps the first.
fn first_sentence(message: &str) -> String {
    message
        .lines()
        .next()
        .unwrap_or(message)
        .trim()
        .trim_end_matches('.')
        .to_string()
}

/// The length of a string escape at the start of `text` that decodes to a control character.
fn control_escape_len(text: &str) -> Option<usize> {
    let hex = |digits: &str| {
        u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
    };
    let (len, decoded) = match text.as_bytes().get(1)? {
        b'e' => (2, Some('\u{1b}')),
        b'b' => (2, Some('\u{8}')),
        b'f' => (2, Some('\u{c}')),
        b'r' => (2, Some('\r')),
        b'x' => (4, text.get(2..4).and_then(hex)),
        b'u' => (6, text.get(2..6).and_then(hex)),
        b'U' => (10, text.get(2..10).and_then(hex)),
        _ => return None,
    };
    decoded.filter(|c| crate::text::is_control(*c)).map(|_| len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Parsed {
        parse_deck(source, Origin::File("t.toml".into()))
    }

    const GOOD: &str = r#"
[deck]
id = "demo"
title = "Demo"

[[cards]]
id = "one"
title = "One"
prompt = "Why?"
kind = "recall"
time_limit = "2m"

[[cards.rubric]]
id = "because"
desc = "Gives a reason"
any = ["because", "the reason is"]
weight = 2

[[cards.examples]]
label = "strong"
answer = "Because it matters."
min_score = 50
"#;

    #[test]
    fn parses_a_good_deck() {
        let parsed = parse(GOOD);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let deck = parsed.deck.unwrap();
        assert_eq!(deck.id.0, "demo");
        let card = &deck.cards[0];
        assert_eq!(card.id.as_str(), "demo/one");
        assert_eq!(card.kind, CardKind::Recall);
        assert_eq!(card.time_limit.as_secs(), 120);
        assert_eq!(card.rubric[0].weight, 2);
        assert_eq!(card.examples[0].location.line, 19);
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let source = GOOD.replace("title = \"One\"", "titel = \"One\"\ntitle = \"One\"");
        let parsed = parse(&source);
        assert!(parsed.deck.is_none());
        let d = &parsed.diagnostics[0];
        assert_eq!(d.message, "unknown key `titel` in a [[cards]] entry");
        assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(d.line, 8);
    }

    #[test]
    fn a_top_level_table_written_inside_deck_is_explained() {
        let source = GOOD.replace(
            "title = \"Demo\"",
            "title = \"Demo\"\nthesaurus = { ctr = [\"click-through rate\"] }",
        );
        let parsed = parse(&source);
        let d = &parsed.diagnostics[0];
        assert_eq!(d.message, "unknown key `thesaurus` in the [deck] table");
        assert!(
            d.hint
                .as_deref()
                .is_some_and(|h| h.contains("own [thesaurus] table")),
            "{:?}",
            d.hint
        );
    }

    #[test]
    fn a_nested_table_is_named_as_written() {
        let source = GOOD.replace(
            "any = [\"because\", \"the reason is\"]",
            "any = [\"because\", \"the reason is\"]\nwieght = 2",
        );
        let parsed = parse(&source);
        let d = &parsed.diagnostics[0];
        assert_eq!(
            d.message,
            "unknown key `wieght` in a [[cards.rubric]] entry"
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `weight`?"));
    }

    #[test]
    fn every_bad_card_is_reported_in_one_run() {
        let source = format!(
            "{GOOD}\n[[cards]]\nid = \"Bad Id\"\ntitle = \"x\"\nprompt = \"x\"\nkind = \"recall\"\ntime_limit = \"10\"\n\n[[cards]]\nid = \"one\"\ntitle = \"x\"\nprompt = \"x\"\nkind = \"recall\"\ntime_limit = \"1m\"\n"
        );
        let parsed = parse(&source);
        let messages: Vec<&str> = parsed
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains("not kebab-case")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("has no unit")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("duplicate card id `one`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("empty rubric")),
            "{messages:?}"
        );
    }

    #[test]
    fn every_mistake_in_one_card_is_reported_in_file_order() {
        let source = GOOD
            .replace(
                "time_limit = \"2m\"",
                "time_limt = \"2m\"\ndifficulty = \"hard\"",
            )
            .replace("weight = 2", "wieght = 2")
            .replace("label = \"strong\"", "");
        let parsed = parse(&source);
        assert!(parsed.deck.is_none());
        let found: Vec<(usize, &str)> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (11, "unknown key `time_limt` in a [[cards]] entry"),
                (
                    12,
                    "wrong type in a [[cards]] entry: found string \"hard\", but it should be a whole number"
                ),
                (18, "unknown key `wieght` in a [[cards.rubric]] entry"),
                (
                    20,
                    "a [[cards.examples]] entry is missing the required key `label`"
                ),
            ],
            "the misspelt `time_limit` is not reported a second time as missing"
        );
    }

    fn messages(parsed: &Parsed) -> Vec<&str> {
        parsed
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect()
    }

    #[test]
    fn a_card_with_a_wrong_type_still_has_its_other_checks() {
        let source = GOOD
            .replace(
                "time_limit = \"2m\"",
                "time_limit = \"2m\"\ndifficulty = \"hard\"",
            )
            .replace("id = \"because\"", "id = \"Because\"\nneeds = \"numbr\"");
        let parsed = parse(&source);
        assert!(parsed.deck.is_none());
        assert_eq!(
            messages(&parsed),
            [
                "wrong type in a [[cards]] entry: found string \"hard\", but it should be a whole number",
                "the rubric item id `Because` is not kebab-case",
                "unknown need \"numbr\"",
            ]
        );
        let partial = parsed.partial.expect("what could be read is kept");
        assert_eq!(partial.deck.cards.len(), 1);
        assert!(partial.flawed_cards.contains(&partial.deck.cards[0].id));
    }

    #[test]
    fn a_key_lost_to_a_type_error_is_not_reported_missing_too() {
        let source = GOOD
            .replace("kind = \"recall\"", "kind = 3")
            .replace(
                "any = [\"because\", \"the reason is\"]",
                "any = \"because\"\nsection = \"goals\"",
            )
            .replace("min_score = 50", "min_score = \"50\"");
        let parsed = parse(&source);
        let found = messages(&parsed);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found.iter().all(|m| m.starts_with("wrong type")),
            "{found:?}"
        );
    }

    #[test]
    fn a_framework_that_lost_a_section_is_not_judged_on_it() {
        let source = format!(
            "{GOOD}\n[[frameworks]]\nid = \"fw\"\ntitle = \"F\"\n[[frameworks.sections]]\nid = \"one\"\ntitle = \"One\"\nkey = 1\nshare = 1.0\n[[frameworks.balance]]\nid = \"b\"\ndesc = \"d\"\nsection = \"one\"\nlargest = true\n"
        );
        let parsed = parse(&source);
        assert_eq!(
            messages(&parsed),
            [
                "wrong type in a [[frameworks.sections]] entry: found integer `1`, but it should be a string"
            ]
        );
        assert!(parsed.partial.unwrap().incomplete_frameworks.covers("fw"));
    }

    #[test]
    fn control_escapes_warn_and_are_stripped() {
        let source = GOOD.replace(
            "prompt = \"Why?\"",
            "prompt = \"\\u001b[31mWhy?\\u001b[0m\"",
        );
        let parsed = parse(&source);
        assert_eq!(parsed.diagnostics.len(), 2);
        assert!(
            parsed
                .diagnostics
                .iter()
                .all(|d| d.severity == Severity::Warning)
        );
        assert_eq!(parsed.deck.unwrap().cards[0].prompt, "Why?");
    }

    #[test]
    fn numeric_cards_need_an_answer() {
        let source = GOOD.replace("kind = \"recall\"", "kind = \"numeric\"");
        let parsed = parse(&source);
        assert!(
            parsed
                .diagnostics
                .iter()
                .any(|d| d.message == "a numeric card needs an `answer`")
        );
    }
}
