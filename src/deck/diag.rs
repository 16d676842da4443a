//! Located diagnostics, rendered the way compilers do: `path:line:col: error: message`, the
//! offending source line, a caret under the spot, and a hint where one helps.

use std::fmt::Write as _;
use std::ops::Range;

use super::model::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub source_line: Option<String>,
    pub caret_len: usize,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem with the whole file (unreadable, too large, not UTF-8 before any line).
    pub fn file(severity: Severity, path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: path.to_string(),
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
            caret_len: 0,
            hint: None,
        }
    }

    /// A problem at a byte span of `source`.
    pub fn at(
        severity: Severity,
        path: &str,
        source: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let location = locate(source, span.start);
        Diagnostic {
            severity,
            path: path.to_string(),
            line: location.line,
            col: location.col,
            message: message.into(),
            caret_len: value_width(source, &span, &location),
            source_line: Some(location.source_line),
            hint: None,
        }
    }

    /// A problem at a location recorded earlier (for checks that run after parsing),
    /// underlined as wide as the value recorded there.
    pub fn at_location(
        severity: Severity,
        path: &str,
        location: &Location,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            path: path.to_string(),
            line: location.line,
            col: location.col,
            message: message.into(),
            source_line: Some(location.source_line.clone()),
            caret_len: location.width.max(1),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line alone: `path:line:col: error: message`.
    pub fn headline(&self) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            format!("{}: {label}: {}", self.path, self.message)
        } else {
            format!(
                "{}:{}:{}: {label}: {}",
                self.path, self.line, self.col, self.message
            )
        }
    }

    /// The full rendering with source line, caret and hint.
    pub fn render(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let Some(source_line) = &self.source_line {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let shown = crate::text::strip_control(source_line).replace('\t', " ");
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {shown}");
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(self.col.saturating_sub(1)),
                "^".repeat(self.caret_len.max(1))
            );
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        out
    }
}

/// The start of every line of a source, so that many offsets can be located without
/// rescanning the text from the top each time.
pub struct LineIndex<'s> {
    source: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    pub fn new(source: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { source, starts }
    }

    /// Where the value at `span` is written, with the width of its first line.
    pub fn locate_span(&self, span: &Range<usize>) -> Location {
        let mut location = self.locate(span.start);
        location.width = value_width(self.source, span, &location);
        location
    }

    /// The same as [`locate`], in logarithmic time.
    pub fn locate(&self, offset: usize) -> Location {
        let offset = floor_char_boundary(self.source, offset.min(self.source.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let line_end = self
            .starts
            .get(line)
            .map_or(self.source.len(), |next| next - 1);
        Location {
            line,
            col: self.source[line_start..offset].chars().count() + 1,
            source_line: self.source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
            width: 1,
        }
    }
}

/// Turns a byte offset into a 1-based line and column (in characters) with the line's text.
pub fn locate(source: &str, offset: usize) -> Location {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line = source[..line_start].matches('\n').count() + 1;
    let col = source[line_start..offset].chars().count() + 1;
    Location {
        line,
        col,
        source_line: source[line_start..line_end]
            .trim_end_matches('\r')
            .to_string(),
        width: 1,
    }
}

/// How many characters of `location`'s line the value at `span` covers: its first line,
/// at least one character and no further than the line's end.
fn value_width(source: &str, span: &Range<usize>, location: &Location) -> usize {
    let rest_of_line = location
        .source_line
        .chars()
        .count()
        .saturating_sub(location.col - 1);
    let span_chars = source
        .get(span.clone())
        .map_or(1, |s| s.lines().next().unwrap_or("").chars().count());
    span_chars.clamp(1, rest_of_line.max(1))
}

fn floor_char_boundary(source: &str, mut index: usize) -> usize {
    while !source.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(distance, c)| *distance <= (c.len().max(word.len()) / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let source = "a = 1\nbé = \"x\"\n";
        let at = locate(source, source.find('=').unwrap());
        assert_eq!((at.line, at.col), (1, 3));
        let second = source.rfind('=').unwrap();
        let at = locate(source, second);
        assert_eq!(
            (at.line, at.col, at.source_line.as_str()),
            (2, 4, "bé = \"x\"")
        );
    }

    #[test]
    fn line_index_agrees_with_locate() {
        let source = "one\ntwo é\n\nfour\n";
        let index = LineIndex::new(source);
        for offset in 0..=source.len() {
            assert_eq!(
                index.locate(offset),
                locate(source, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn renders_caret_under_the_span() {
        let source = "[deck]\ntitel = \"x\"\n";
        let d = Diagnostic::at(
            Severity::Error,
            "d.toml",
            source,
            7..12,
            "unknown key `titel`",
        )
        .with_hint("did you mean `title`?");
        assert_eq!(
            d.render(),
            "d.toml:2:1: error: unknown key `titel`\n  |\n2 | titel = \"x\"\n  | ^^^^^\n  = hint: did you mean `title`?\n"
        );
    }

    #[test]
    fn suggests_only_close_names() {
        assert_eq!(nearest("titel", ["title", "tags", "id"]), Some("title"));
        assert_eq!(nearest("zzzzzz", ["title", "tags"]), None);
    }
}
