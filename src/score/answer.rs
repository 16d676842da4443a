//! Reads a Markdown answer into sections (by heading or `Name:` line) and units of evidence
//! (one bullet, table row or sentence each), keeping line numbers for quoting.

use crate::deck::Section;

/// One bullet or sentence of the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub text: String,
    /// 1-based line in the answer where the unit starts.
    pub line: usize,
    /// Index into the framework's sections; `None` before the first heading or in unsectioned answers.
    pub section: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedAnswer {
    pub units: Vec<Unit>,
    /// Words per framework section (same order as the framework's sections).
    pub section_words: Vec<usize>,
    /// Words outside any section (before the first heading, or the whole of an unsectioned answer).
    pub loose_words: usize,
    /// True when at least one section heading was found.
    pub structured: bool,
    /// Words in the whole answer, headings, list markers and code fences included: the
    /// length a report gives. Counted line by line here, since every line is read anyway.
    pub answer_words: usize,
}

/// Splits `answer` by the sections of its framework (empty for recall cards).
pub fn parse(answer: &str, sections: &[Section]) -> ParsedAnswer {
    let mut parsed = ParsedAnswer {
        // Most units are a line; reserving that many saves regrowing a long answer's list.
        units: Vec::with_capacity(answer.bytes().filter(|&b| b == b'\n').count() + 1),
        section_words: vec![0; sections.len()],
        ..ParsedAnswer::default()
    };
    let headings = Headings::new(sections);
    let mut current: Option<usize> = None;
    let mut paragraph = Paragraph::default();
    let mut in_code = false;
    for (index, raw_line) in answer.lines().enumerate() {
        let line_no = index + 1;
        let line = raw_line.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            paragraph.flush(&mut parsed.units, current);
            in_code = !in_code;
            parsed.answer_words += crate::text::word_count(line);
            continue;
        }
        if !in_code
            && !sections.is_empty()
            && let Some((section, rest)) = headings.find(line)
        {
            {
                parsed.answer_words += crate::text::word_count(line);
                paragraph.flush(&mut parsed.units, current);
                parsed.structured = true;
                current = Some(section);
                if !rest.is_empty() {
                    paragraph.push(rest, line_no);
                    add_words(&mut parsed, current, rest);
                }
                continue;
            }
        }
        if line.is_empty() {
            paragraph.flush(&mut parsed.units, current);
            continue;
        }
        let (content, is_item) = if in_code {
            (line, true)
        } else {
            strip_list_marker(line)
        };
        let content = if in_code {
            content
        } else {
            content.trim_start_matches('#').trim()
        };
        let content_words = add_words(&mut parsed, current, content);
        parsed.answer_words += content_words + words_before(line, content);
        let table_row = line.starts_with('|');
        // A heading that names no section (`## Contain` on a STAR card) is a line of its
        // own, not the start of the sentence below it.
        let other_heading = !in_code && line.starts_with('#');
        if is_item
            || table_row
            || in_code
            || other_heading
            || (paragraph.bullet && !raw_line.starts_with(' '))
        {
            paragraph.flush(&mut parsed.units, current);
        }
        paragraph.push(content, line_no);
        paragraph.bullet |= is_item || table_row || in_code;
        if other_heading {
            paragraph.flush(&mut parsed.units, current);
        }
    }
    paragraph.flush(&mut parsed.units, current);
    parsed
}

/// The answer's text under each section heading, in the order written, for storing an
/// answer section by section. Text before the first heading (all of it, for a card without
/// sections) comes first with no section; blank chunks are dropped.
pub fn split_sections(answer: &str, sections: &[Section]) -> Vec<(Option<usize>, String)> {
    let headings = Headings::new(sections);
    let mut chunks: Vec<(Option<usize>, String)> = vec![(None, String::new())];
    let mut in_code = false;
    for line in answer.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
        }
        let heading = (!in_code && !sections.is_empty())
            .then(|| headings.find(trimmed))
            .flatten();
        match heading {
            Some((section, rest)) => chunks.push((Some(section), rest.to_string())),
            None => {
                if let Some((_, text)) = chunks.last_mut() {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(line);
                }
            }
        }
    }
    chunks
        .into_iter()
        .map(|(section, text)| (section, text.trim().to_string()))
        .filter(|(section, text)| section.is_some() || !text.is_empty())
        .collect()
}

/// Adds the words of `text` to its section's count; returns how many there were.
fn add_words(parsed: &mut ParsedAnswer, section: Option<usize>, text: &str) -> usize {
    let words = crate::text::word_count(text);
    match section {
        Some(i) => parsed.section_words[i] += words,
        None => parsed.loose_words += words,
    }
    words
}

/// The words of `line` before `content`, the part of it that ends it (what a list marker
/// or heading hashes leave), not counting again a word that runs on into `content`.
fn words_before(line: &str, content: &str) -> usize {
    let before = &line[..line.len() - content.len()];
    let runs_on = !content.is_empty() && before.ends_with(|c: char| !c.is_whitespace());
    crate::text::word_count(before) - usize::from(runs_on)
}

/// Lines of running text waiting to be split into sentences.
#[derive(Default)]
struct Paragraph {
    text: String,
    /// Byte offset in `text` where each source line starts, with its line number.
    line_starts: Vec<(usize, usize)>,
    /// The paragraph is one list item (or table row, or code line): it is one unit, and
    /// only an indented line continues it.
    bullet: bool,
}

impl Paragraph {
    fn push(&mut self, content: &str, line_no: usize) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.line_starts.push((self.text.len(), line_no));
        self.text.push_str(content);
    }

    fn line_at(&self, offset: usize) -> usize {
        self.line_starts
            .iter()
            .rev()
            .find(|(start, _)| *start <= offset)
            .map_or(1, |(_, line)| *line)
    }

    fn flush(&mut self, units: &mut Vec<Unit>, section: Option<usize>) {
        if !self.text.trim().is_empty() {
            if self.bullet {
                units.push(Unit {
                    text: self.text.trim().to_string(),
                    line: self.line_at(0),
                    section,
                });
            } else {
                for (start, sentence) in sentences(&self.text) {
                    units.push(Unit {
                        text: sentence.to_string(),
                        line: self.line_at(start),
                        section,
                    });
                }
            }
        }
        self.text.clear();
        self.line_starts.clear();
        self.bullet = false;
    }
}

const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "vs", "etc", "approx", "est", "dr", "mr", "ms", "no", "fig", "cf", "incl",
];

/// Splits running text at `.`, `!` or `?` followed by a space, except after abbreviations.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let boundary = matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_some_and(|n| n.is_ascii_whitespace());
        if !boundary {
            continue;
        }
        let before = &text[start..i];
        let last_word = before
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        let single_letter =
            last_word.len() == 1 && last_word.chars().all(|c| c.is_ascii_alphabetic());
        let abbreviation = ABBREVIATIONS
            .iter()
            .any(|a| a.eq_ignore_ascii_case(last_word));
        if b == b'.' && (abbreviation || single_letter) {
            continue;
        }
        let sentence = text[start..=i].trim();
        if !sentence.is_empty() {
            out.push((
                start + (text[start..].len() - text[start..].trim_start().len()),
                sentence,
            ));
        }
        start = i + 1;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push((
            start + (text[start..].len() - text[start..].trim_start().len()),
            rest,
        ));
    }
    out
}

/// Removes a bullet or numbered-list marker; says whether there was one.
fn strip_list_marker(line: &str) -> (&str, bool) {
    for marker in ["- ", "* ", "+ ", "• ", "– ", "· "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return (rest.trim_start(), true);
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (rest.trim_start(), true);
        }
    }
    (line, false)
}

/// A framework's sections with their ids and titles normalised once, since every line of
/// an answer is checked for a heading.
struct Headings<'a> {
    sections: &'a [Section],
    ids: Vec<String>,
    titles: Vec<String>,
}

impl<'a> Headings<'a> {
    fn new(sections: &'a [Section]) -> Headings<'a> {
        Headings {
            sections,
            ids: sections.iter().map(|s| normalize_label(&s.id)).collect(),
            titles: sections.iter().map(|s| normalize_label(&s.title)).collect(),
        }
    }

    /// Recognises a section heading: `## Goals`, `## G`, `Signals:`, `**Targets**`,
    /// `1. Metrics`, or `Result: text…` (a label with text after the colon). Returns the
    /// section and the rest.
    fn find<'l>(&self, line: &'l str) -> Option<(usize, &'l str)> {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) {
            let title = line[hashes..].trim();
            return self.match_section(title).map(|i| (i, ""));
        }
        // A bullet such as "- Growth levers: ..." is a list item, not a section label.
        if strip_list_marker(line).1 {
            return None;
        }
        let unbolded = line.trim_start_matches(['*', '_']);
        if let Some(colon) = unbolded.find(':') {
            let label = &unbolded[..colon];
            let rest = unbolded[colon + 1..].trim_start_matches(['*', '_']).trim();
            if label.chars().count() <= 40 && !label.contains('`') {
                return self.match_section(label).map(|i| (i, rest));
            }
            return None;
        }
        let bold = line.starts_with("**") && line.ends_with("**") && line.len() > 4;
        if bold {
            return self.match_section(line.trim_matches('*')).map(|i| (i, ""));
        }
        None
    }

    /// Matches a heading's text to a section by id, title or key letter, forgiving case,
    /// numbering, a trailing plural `s`, emphasis and a parenthesised remark.
    fn match_section(&self, text: &str) -> Option<usize> {
        let text = text.trim().trim_matches(['*', '_', ':']).trim();
        let text = text.split(['(', '—', '–']).next().unwrap_or(text).trim();
        let text = text
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')')
            .trim();
        let normal = normalize_label(text);
        if normal.is_empty() {
            return None;
        }
        fn singular(label: &str) -> &str {
            label.strip_suffix('s').unwrap_or(label)
        }
        let exact = self.ids.iter().zip(&self.titles).position(|(id, title)| {
            normal == *id
                || normal == *title
                || singular(&normal) == singular(id)
                || singular(&normal) == singular(title)
        });
        if exact.is_some() {
            return exact;
        }
        let mut words = normal.split(' ');
        let first = words.next()?;
        let rest: Vec<&str> = words.collect();
        let letter = first
            .chars()
            .next()
            .filter(|_| first.chars().count() == 1)?;
        self.sections
            .iter()
            .zip(&self.titles)
            .position(|(s, title)| {
                // "G", or "G - Goals": the key letter, alone or before the title.
                s.key.eq_ignore_ascii_case(&letter) && (rest.is_empty() || rest.join(" ") == *title)
            })
    }
}

/// Lowercases a label and joins its words with single spaces. Every heading and every line
/// with a colon is checked for a label, so ASCII text (nearly all) takes one allocation.
fn normalize_label(text: &str) -> String {
    let lowered;
    let text = if text.is_ascii() {
        text
    } else {
        lowered = text.to_lowercase();
        &lowered
    };
    let mut label = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !label.is_empty() {
            label.push(' ');
        }
        label.push_str(word);
    }
    // Already lowercase unless the text was ASCII.
    label.make_ascii_lowercase();
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gsmt() -> Vec<Section> {
        ["goals", "signals", "metrics", "targets"]
            .iter()
            .map(|id| Section {
                id: id.to_string(),
                title: format!("{}{}", id[..1].to_uppercase(), &id[1..]),
                key: id.chars().next().unwrap().to_ascii_uppercase(),
                share: 0.25,
                guide: String::new(),
            })
            .collect()
    }

    fn section_heading<'l>(line: &'l str, sections: &[Section]) -> Option<(usize, &'l str)> {
        Headings::new(sections).find(line)
    }

    #[test]
    fn recognises_every_heading_form() {
        let s = gsmt();
        for (line, want) in [
            ("## Goals", 0),
            ("## G", 0),
            ("Signals:", 1),
            ("### targets", 3),
            ("**Metrics**", 2),
            ("# 3. Metrics (how we compute)", 2),
            ("**Goal:**", 0),
        ] {
            assert_eq!(
                section_heading(line, &s).map(|(i, _)| i),
                Some(want),
                "{line}"
            );
        }
        assert_eq!(
            section_heading("Targets: 5% in 30 days", &s),
            Some((3, "5% in 30 days"))
        );
        assert_eq!(section_heading("Note: this is not a heading", &s), None);
        assert_eq!(section_heading("## My approach", &s), None);
        assert_eq!(section_heading("- Goals: grow", &s), None);
    }

    #[test]
    fn splits_units_with_line_numbers() {
        let answer = "Intro line.\n\n## Goals\nGrow trips. Keep riders happy, e.g. fewer cancels.\n\n## Metrics\n- match rate = matched / requests\n- p95 ETA\n  per city\n";
        let parsed = parse(answer, &gsmt());
        let units: Vec<(&str, usize, Option<usize>)> = parsed
            .units
            .iter()
            .map(|u| (u.text.as_str(), u.line, u.section))
            .collect();
        assert_eq!(
            units,
            [
                ("Intro line.", 1, None),
                ("Grow trips.", 4, Some(0)),
                ("Keep riders happy, e.g. fewer cancels.", 4, Some(0)),
                ("match rate = matched / requests", 7, Some(2)),
                ("p95 ETA per city", 8, Some(2)),
            ]
        );
        assert!(parsed.structured);
        assert_eq!(parsed.section_words[2], 10);
        assert_eq!(parsed.loose_words, 2);
    }

    #[test]
    fn splits_an_answer_into_section_texts() {
        let answer = "Intro.\n\n## Goals\nGrow trips.\n\nKeep riders.\n```\n## Metrics in code\n```\nTargets: 5% in 30 days\n## Signals\n";
        assert_eq!(
            split_sections(answer, &gsmt()),
            [
                (None, "Intro.".to_string()),
                (
                    Some(0),
                    "Grow trips.\n\nKeep riders.\n```\n## Metrics in code\n```".to_string()
                ),
                (Some(3), "5% in 30 days".to_string()),
                (Some(1), String::new()),
            ]
        );
        assert_eq!(
            split_sections("Goals: all of it", &[]),
            [(None, "Goals: all of it".to_string())]
        );
        assert!(split_sections("  \n", &[]).is_empty());
    }

    #[test]
    fn a_heading_of_no_section_is_a_unit_of_its_own() {
        let parsed = parse("## Contain\nFirst I freeze the rollout.\n", &gsmt());
        let texts: Vec<&str> = parsed.units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(texts, ["Contain", "First I freeze the rollout."]);
        assert!(!parsed.structured);
    }

    #[test]
    fn counts_the_words_of_the_whole_answer() {
        for answer in [
            "## Goals\nGrow trips.\n- one\n-two\n1. first\n12) second\n#tag and ##\n##\n",
            "Targets: 5% in 30 days\n**Metrics**\n```\n## not a heading\n```\n~~~ rust\n",
            "• bullet\u{a0}with\u{2003}spaces\r\n\r\n  - indented\n* star\n+ plus\n– dash",
            "| a | b |\n|---|---|\n| 1 | 2 |\n# Unknown heading\n#\n-\n1.\n",
        ] {
            for sections in [gsmt(), Vec::new()] {
                assert_eq!(
                    parse(answer, &sections).answer_words,
                    crate::text::word_count(answer),
                    "{answer:?}"
                );
            }
        }
    }

    #[test]
    fn recall_answers_have_no_sections() {
        let parsed = parse("Goals: none here.\nJust text.", &[]);
        assert!(!parsed.structured);
        assert_eq!(parsed.units.len(), 2);
    }
}
