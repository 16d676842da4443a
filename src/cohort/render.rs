//! The cohort report as Markdown (a deck table and a table per card, the most missed concepts
//! first) and as CSV (one row per deck concept and per card concept, for a spreadsheet).

use std::fmt::Write as _;

use super::{Cohort, ConceptCount};
use crate::text::strip_control;

const TABLE_HEAD: &str = "| Concept | Item | Candidates | Missed | Partial | Covered | Missed share |\n|---|---|--:|--:|--:|--:|--:|\n";

/// The report as Markdown.
pub fn render_markdown(cohort: &Cohort) -> String {
    let mut out = String::from("# Cohort report: the concepts candidates miss\n\n");
    let names: Vec<String> = cohort.candidates.iter().map(|n| cell(n)).collect();
    let _ = writeln!(
        out,
        "{}, one per file: {}.",
        count(cohort.candidates.len(), "candidate", "candidates"),
        names.join(", ")
    );
    let _ = writeln!(
        out,
        "Each candidate counts with their latest answer to each card: {} of the {} read (follow-ups in mock reports are left out).",
        count(cohort.answers_counted, "answer counted", "answers counted"),
        cohort.answers_read
    );
    if cohort.decks.is_empty() {
        out.push_str("\nThe files hold no scored answers, so there is nothing to count.\n");
        return out;
    }
    for deck in &cohort.decks {
        let _ = write!(
            out,
            "\n## Deck `{}`: {}\n\nEach candidate counts once per concept, at their worst verdict on it among the deck's cards.\n\n{TABLE_HEAD}",
            code(&deck.deck),
            count(deck.candidates as usize, "candidate", "candidates")
        );
        table_rows(&mut out, &deck.concepts);
        for card in &deck.cards {
            let _ = write!(
                out,
                "\n### `{}`: {}, median score {}\n\n{TABLE_HEAD}",
                code(card.card.as_str()),
                count(card.candidates as usize, "candidate", "candidates"),
                score(card.median_score)
            );
            table_rows(&mut out, &card.concepts);
        }
    }
    out
}

fn table_rows(out: &mut String, concepts: &[ConceptCount]) {
    for c in concepts {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {:.0}% |",
            cell(&c.desc),
            code(&c.id),
            c.candidates(),
            c.missed,
            c.partial,
            c.covered,
            c.missed_share() * 100.0
        );
    }
}

/// Text safe inside a table cell: one line, no control characters, pipes escaped.
fn cell(text: &str) -> String {
    strip_control(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
}

/// Text safe inside a code span in a table cell.
fn code(text: &str) -> String {
    cell(text).replace('`', "'")
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A median: whole, or with the half an even count can give.
fn score(median: f64) -> String {
    if median.fract() == 0.0 {
        format!("{median:.0}")
    } else {
        format!("{median:.1}")
    }
}

/// The report as CSV: a row per concept of each deck (`scope` = `deck`, no card) and of each
/// card (`scope` = `card`, with the card's median score).
pub fn render_csv(cohort: &Cohort) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| format!("cannot write the CSV: {e}");
    writer
        .write_record([
            "scope",
            "deck",
            "card",
            "item",
            "concept",
            "candidates",
            "missed",
            "partial",
            "covered",
            "missed_share",
            "median_score",
        ])
        .map_err(fail)?;
    for deck in &cohort.decks {
        for c in &deck.concepts {
            writer
                .write_record(row("deck", &deck.deck, "", c, ""))
                .map_err(fail)?;
        }
        for card in &deck.cards {
            let median = score(card.median_score);
            for c in &card.concepts {
                writer
                    .write_record(row("card", &deck.deck, card.card.card(), c, &median))
                    .map_err(fail)?;
            }
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| format!("cannot write the CSV: {}", e.error()))?;
    String::from_utf8(bytes).map_err(|e| format!("cannot write the CSV: {e}"))
}

fn row(scope: &str, deck: &str, card: &str, c: &ConceptCount, median: &str) -> [String; 11] {
    [
        scope.to_string(),
        spreadsheet_text(deck),
        spreadsheet_text(card),
        spreadsheet_text(&c.id),
        spreadsheet_text(&strip_control(&c.desc)),
        c.candidates().to_string(),
        c.missed.to_string(),
        c.partial.to_string(),
        c.covered.to_string(),
        format!("{:.2}", c.missed_share()),
        median.to_string(),
    ]
}

/// Text from the merged files as a spreadsheet will read it: a cell starting with `=`, `+`,
/// `-`, `@` or a tab would be run as a formula when a coach opens the CSV, so such text gets
/// a leading apostrophe (OWASP's advice for CSV injection), which spreadsheets hide.
fn spreadsheet_text(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::tests::{answer, candidate};
    use crate::score::Status::{Hit, Miss, Partial};

    fn cohort() -> Cohort {
        let mut tricky = answer("d/one", 1, 40, &[("goal", Miss), ("metric", Partial)]);
        tricky.items[0].desc = "Goals | \"both\" sides,\nclearly".into();
        Cohort::merge(&[
            candidate("anna", vec![tricky]),
            candidate(
                "ben",
                vec![answer("d/one", 1, 71, &[("goal", Hit), ("metric", Hit)])],
            ),
        ])
    }

    #[test]
    fn markdown_has_the_header_a_deck_table_and_a_card_table() {
        let text = render_markdown(&cohort());
        assert!(
            text.contains("2 candidates, one per file: anna, ben."),
            "{text}"
        );
        assert!(text.contains("2 answers counted of the 2 read"), "{text}");
        assert!(text.contains("## Deck `d`: 2 candidates"), "{text}");
        assert!(
            text.contains("### `d/one`: 2 candidates, median score 55.5"),
            "{text}"
        );
        let goal = "| Goals \\| \"both\" sides, clearly | `goal` | 2 | 1 | 0 | 1 | 50% |";
        assert_eq!(text.matches(goal).count(), 2, "{text}");
        assert_eq!(
            text.matches("| metric described | `metric` | 2 | 0 | 1 | 1 | 0% |")
                .count(),
            2,
            "{text}"
        );
    }

    #[test]
    fn markdown_says_when_there_is_nothing_to_count() {
        let text = render_markdown(&Cohort::merge(&[candidate("anna", Vec::new())]));
        assert!(text.contains("1 candidate, one per file: anna."), "{text}");
        assert!(text.contains("nothing to count"), "{text}");
    }

    #[test]
    fn csv_quotes_fields_and_has_a_row_per_deck_and_card_concept() {
        let text = render_csv(&cohort()).expect("CSV");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "scope,deck,card,item,concept,candidates,missed,partial,covered,missed_share,median_score"
        );
        assert_eq!(lines[1], "deck,d,,goal,\"Goals | \"\"both\"\" sides,");
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .collect::<Result<_, _>>()
            .expect("the CSV reads back");
        assert_eq!(rows.len(), 4);
        assert_eq!(&rows[0][4], "Goals | \"both\" sides,\nclearly");
        let card_metric: Vec<&str> = rows[3].iter().collect();
        assert_eq!(
            card_metric,
            [
                "card",
                "d",
                "one",
                "metric",
                "metric described",
                "2",
                "0",
                "1",
                "1",
                "0.00",
                "55.5"
            ]
        );
    }

    #[test]
    fn csv_text_cannot_run_as_a_spreadsheet_formula() {
        let mut answer = answer("d/one", 1, 40, &[("goal", Miss)]);
        answer.items[0].desc = "=HYPERLINK(\"http://x\")".into();
        answer.items[0].id = "@sum".into();
        let text = render_csv(&Cohort::merge(&[candidate("anna", vec![answer])])).expect("CSV");
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .collect::<Result<_, _>>()
            .expect("the CSV reads back");
        assert_eq!(&rows[0][3], "'@sum");
        assert_eq!(&rows[0][4], "'=HYPERLINK(\"http://x\")");
        assert_eq!(spreadsheet_text("goal - signal"), "goal - signal");
    }
}
