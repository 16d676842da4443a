//! Points back into a deck's source after loading: finds where a value is written from its
//! route (`cards[2].rubric[0].any["match rate"]`), so checks that run on the loaded model
//! can still report `file:line:col` with the source line, as the loader does.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diag::{Diagnostic, Severity};
use crate::text::strip_control;

/// One step of a route into the deck's TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A key of a table.
    Key(&'a str),
    /// An element of an array, by position.
    Index(usize),
    /// The string element of an array that reads as this text once loaded (control characters
    /// stripped, trimmed): the loader drops empty phrases, so positions can shift.
    Text(&'a str),
}

/// A deck's source, parsed once for locating values in it.
pub struct Locator<'s> {
    path: String,
    source: &'s str,
    root: Option<Spanned<DeValue<'s>>>,
}

impl<'s> Locator<'s> {
    /// `path` is how messages name the file; an unparsable source locates nothing.
    pub fn new(path: &str, source: &'s str) -> Self {
        let root = DeTable::parse(source)
            .ok()
            .map(|table| Spanned::new(table.span(), DeValue::Table(table.into_inner())));
        Locator {
            path: path.to_string(),
            source,
            root,
        }
    }

    /// The byte span of the value at `route`, when every step resolves.
    pub fn span(&self, route: &[Step]) -> Option<Range<usize>> {
        let mut at = self.root.as_ref()?;
        for step in route {
            at = child(at, *step)?;
        }
        Some(at.span())
    }

    /// A diagnostic at the value of `route`, or at the deepest part of it that resolves, or
    /// at the whole file when nothing does.
    pub fn diagnostic(
        &self,
        severity: Severity,
        route: &[Step],
        message: impl Into<String>,
    ) -> Diagnostic {
        let span = (1..=route.len())
            .rev()
            .find_map(|len| self.span(&route[..len]));
        match span {
            Some(span) => Diagnostic::at(severity, &self.path, self.source, span, message),
            None => Diagnostic::file(severity, &self.path, message),
        }
    }
}

fn child<'v, 's>(value: &'v Spanned<DeValue<'s>>, step: Step) -> Option<&'v Spanned<DeValue<'s>>> {
    match step {
        Step::Key(key) => value.get_ref().get(key),
        Step::Index(index) => value.get_ref().get(index),
        Step::Text(text) => value.get_ref().as_array()?.iter().find(|element| {
            element
                .get_ref()
                .as_str()
                .is_some_and(|s| strip_control(s).trim() == text)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[cards]]\nid = \"one\"\n\n[[cards]]\nid = \"two\"\nhints = [\"first\", \"  second \"]\n\n[[cards.rubric]]\nid = \"r\"\nany = [\"\", \"match rate\"]\n";

    fn line_col(locator: &Locator, route: &[Step]) -> (usize, usize) {
        let d = locator.diagnostic(Severity::Warning, route, "here");
        (d.line, d.col)
    }

    #[test]
    fn follows_keys_indexes_and_phrases() {
        let locator = Locator::new("d.toml", SOURCE);
        use Step::*;
        assert_eq!(
            line_col(&locator, &[Key("cards"), Index(1), Key("id")]),
            (9, 6)
        );
        assert_eq!(
            line_col(&locator, &[Key("cards"), Index(1), Key("hints"), Index(1)]),
            (10, 19)
        );
        assert_eq!(
            line_col(
                &locator,
                &[
                    Key("cards"),
                    Index(1),
                    Key("rubric"),
                    Index(0),
                    Key("any"),
                    Text("match rate")
                ]
            ),
            (14, 12)
        );
        assert_eq!(
            line_col(
                &locator,
                &[Key("cards"), Index(1), Key("hints"), Text("second")]
            ),
            (10, 19)
        );
    }

    #[test]
    fn falls_back_to_the_nearest_part_that_exists() {
        let locator = Locator::new("d.toml", SOURCE);
        use Step::*;
        let missing = [Key("cards"), Index(0), Key("time_limit")];
        assert_eq!(locator.span(&missing), None);
        let d = locator.diagnostic(Severity::Warning, &missing, "no time limit");
        assert!(d.line >= 5, "{d:?}");
        let broken = Locator::new("b.toml", "not = [toml");
        assert_eq!(
            broken
                .diagnostic(Severity::Warning, &[Key("cards")], "x")
                .line,
            0
        );
    }
}
