//! Numeric cards: the number the answer states ("8,400", "8.4k", "8.4 thousand", "12%")
//! against the expected value and its relative tolerance. The stated number is the first
//! one, unless the candidate shows working (`n = 16 × 0.21 / 0.0004 = 8400`): then it is
//! the first number after the last `=`. On a card whose unit is `%`, a bare fraction
//! ("0.506", no % sign anywhere) also counts when, read as a percentage, it is right.

use super::{ItemReport, ItemSource, NumericReport, Options, Rating, Report, Status};

pub fn score(
    card_id: &str,
    expected: f64,
    tolerance: f64,
    unit: &str,
    answer: &str,
    options: Options,
) -> Report {
    let chars: Vec<char> = answer.chars().collect();
    let reading = stated_number(&chars).map(|number| {
        read(
            &number,
            answer,
            &chars,
            Expected {
                value: expected,
                tolerance,
                unit,
            },
        )
    });
    let given = reading.as_ref().map(|r| r.value);
    let right = given.is_some_and(|g| within(g, expected, tolerance));
    let score = if right { 100 } else { 0 };
    let shown = format!(
        "{}{}",
        format_number(expected),
        if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        }
    );
    let note = match given {
        None => Some(format!("no number found; the expected answer is {shown}")),
        Some(g) if !right => Some(format!(
            "{} is off; the expected answer is {shown} (within {:.0}%)",
            format_number(g),
            tolerance * 100.0
        )),
        Some(_) => None,
    };
    // The line holding the number that was read, which is not always the first with one.
    let evidence_line = reading
        .as_ref()
        .map(|r| 1 + chars[..r.start].iter().filter(|&&c| c == '\n').count());
    let item = ItemReport {
        id: "value".into(),
        desc: format!("The answer is {shown}, within {:.0}%", tolerance * 100.0),
        weight: 1,
        status: if right { Status::Hit } else { Status::Miss },
        evidence: evidence_line
            .and_then(|l| answer.lines().nth(l - 1))
            .map(|l| crate::text::strip_control(l.trim())),
        line: evidence_line,
        note,
        from: ItemSource::Card,
        credit: f64::from(u8::from(right)),
    };
    Report {
        card: card_id.to_string(),
        score,
        rating: Rating::suggest(score, &options.thresholds, options.hints_used),
        words: crate::text::word_count(answer),
        flags: if answer.trim().is_empty() {
            vec!["empty".into()]
        } else {
            Vec::new()
        },
        sections: Vec::new(),
        items: vec![item],
        numeric: Some(NumericReport {
            expected,
            tolerance,
            unit: unit.to_string(),
            given,
            given_text: reading.as_ref().map(|r| r.text.clone()),
            read_as_fraction: reading.is_some_and(|r| r.as_fraction),
        }),
        hints_used: options.hints_used,
    }
}

fn within(given: f64, expected: f64, tolerance: f64) -> bool {
    let allowed = if expected == 0.0 {
        tolerance
    } else {
        tolerance * expected.abs()
    };
    (given - expected).abs() <= allowed + f64::EPSILON
}

/// What a numeric card expects: the value, its relative tolerance and its unit.
#[derive(Debug, Clone, Copy)]
struct Expected<'a> {
    value: f64,
    tolerance: f64,
    unit: &'a str,
}

/// A number as the answer writes it: where it starts and ends (char indices, the end past
/// any suffix or scale word) and its value.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Written {
    start: usize,
    end: usize,
    value: f64,
}

/// How the stated number was taken: its value, its text as written, and whether it is a
/// fraction read as a percentage.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    start: usize,
    value: f64,
    text: String,
    as_fraction: bool,
}

/// Takes the stated number as written, except that on a percentage card a bare fraction
/// within 0..1 ("0.506" for 50.6%) is read as a percentage when only that reading is right.
/// A % sign or the word "percent" anywhere in the answer rules that out: the candidate has
/// then said which scale they mean.
fn read(number: &Written, answer: &str, chars: &[char], expected: Expected<'_>) -> Reading {
    let text: String = chars[number.start..number.end].iter().collect();
    let says_percent = || answer.contains('%') || answer.to_lowercase().contains("percent");
    let as_written = Reading {
        start: number.start,
        value: number.value,
        text,
        as_fraction: false,
    };
    let could_be_fraction = expected.unit.trim() == "%"
        && (0.0..=1.0).contains(&number.value)
        && !within(number.value, expected.value, expected.tolerance);
    if could_be_fraction && !says_percent() {
        let percent = round_off(number.value * 100.0);
        if within(percent, expected.value, expected.tolerance) {
            return Reading {
                value: percent,
                as_fraction: true,
                ..as_written
            };
        }
    }
    as_written
}

/// Drops the binary noise a scaling leaves (0.507 × 100 = 50.7 exactly, not 50.699…).
fn round_off(value: f64) -> f64 {
    const PLACES: f64 = 1e9;
    (value * PLACES).round() / PLACES
}

/// The number an answer states. Working is common ("p = 0.3, MDE = 0.02, n = 16 × 0.21 /
/// 0.0004 = 8,400"), so numbers are read in order and classed: the result of a computation
/// (after an `=` whose left side holds an operator) wins, the last one if several; otherwise
/// the first number that is not a parameter being set (`MDE = 0.02`); otherwise the first.
fn stated_number(chars: &[char]) -> Option<Written> {
    let classed: Vec<(NumberClass, Written)> = numbers(chars)
        .into_iter()
        .map(|number| (classify(&chars[..number.start]), number))
        .collect();
    let of_class = |wanted: NumberClass| {
        classed
            .iter()
            .filter(move |(class, _)| *class == wanted)
            .map(|(_, number)| *number)
    };
    of_class(NumberClass::Result)
        .next_back()
        .or_else(|| of_class(NumberClass::Plain).next())
        .or_else(|| classed.first().map(|(_, number)| *number))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum NumberClass {
    Result,
    Plain,
    Parameter,
}

/// Classes a number by the text before it on its line (or, for a line that starts with
/// `=`, by the line above, where the computation was written).
fn classify(before: &[char]) -> NumberClass {
    let text: String = before.iter().collect();
    let mut lines = text.rsplit('\n');
    let line = lines.next().unwrap_or("");
    let trimmed = line
        .trim_end()
        .trim_end_matches(['-', '−', '$', '€', '£', '~'])
        .trim_end();
    let Some(left) = trimmed.strip_suffix(['=', '≈']) else {
        return NumberClass::Plain;
    };
    let mut left_side = left.rsplit(['=', '≈']).next().unwrap_or(left).trim();
    if left_side.is_empty() {
        left_side = lines.find(|l| !l.trim().is_empty()).unwrap_or("");
    }
    if left_side.contains(['*', '×', '/', '÷', '+', '^', '·']) {
        NumberClass::Result
    } else {
        NumberClass::Parameter
    }
}

/// Every number in the text, understanding thousands separators, decimals, a k/m/b suffix
/// or a scale word, and a sign: "8,400" → 8400, "8.4k" and "8.4 thousand" → 8400, "-3.5%" →
/// -3.5, "$1.2M" → 1200000. Digits inside words ("p95", "q2") are not numbers.
fn numbers(chars: &[char]) -> Vec<Written> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if !starts || (i > 0 && chars[i - 1].is_alphabetic()) {
            i += 1;
            continue;
        }
        let start = i;
        let negative = start > 0
            && matches!(chars[start - 1], '-' | '−')
            && (start < 2 || !chars[start - 2].is_alphanumeric());
        let mut end = start;
        while end < chars.len() {
            let c = chars[end];
            let separator =
                (c == ',' || c == '.') && chars.get(end + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || separator {
                end += 1;
            } else {
                break;
            }
        }
        let digits: String = chars[start..end].iter().collect();
        let cleaned = if digits.matches('.').count() > 1 {
            digits.replace('.', "")
        } else {
            digits.replace(',', "")
        };
        let (multiplier, scaled_end) = scale(chars, end);
        if let Ok(value) = cleaned.parse::<f64>() {
            let value = value * multiplier;
            found.push(Written {
                start,
                end: scaled_end,
                value: if negative { -value } else { value },
            });
        }
        i = end.max(start + 1);
    }
    found
}

/// The scale written right after a number's digits (which end at `end`): a k/m/b suffix
/// ("8.4k") or, after spaces, a word ("8.4 thousand"); with where the number's text ends.
fn scale(chars: &[char], end: usize) -> (f64, usize) {
    let suffix = chars.get(end).map(char::to_ascii_lowercase);
    let after_suffix = chars.get(end + 1).is_none_or(|c| !c.is_alphabetic());
    match suffix {
        Some('k') if after_suffix => return (1e3, end + 1),
        Some('m') if after_suffix => return (1e6, end + 1),
        Some('b') if after_suffix => return (1e9, end + 1),
        _ => {}
    }
    let word_start = end
        + chars[end..]
            .iter()
            .take_while(|&&c| c == ' ' || c == '\t')
            .count();
    let word_len = chars[word_start..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .count();
    let word: String = chars[word_start..word_start + word_len]
        .iter()
        .collect::<String>()
        .to_lowercase();
    match word.as_str() {
        "thousand" => (1e3, word_start + word_len),
        "million" => (1e6, word_start + word_len),
        "billion" => (1e9, word_start + word_len),
        _ => (1.0, end),
    }
}

pub(super) fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_number(text: &str) -> Option<f64> {
        let chars: Vec<char> = text.chars().collect();
        numbers(&chars).first().map(|number| number.value)
    }

    fn stated(text: &str) -> Option<f64> {
        let chars: Vec<char> = text.chars().collect();
        stated_number(&chars).map(|number| number.value)
    }

    #[test]
    fn reads_numbers_as_people_write_them() {
        for (text, want) in [
            ("8,400", 8400.0),
            ("about 8.4k users", 8400.0),
            ("8400 users", 8400.0),
            ("n = 3,843 per arm", 3843.0),
            ("$1.2M", 1_200_000.0),
            ("-3.5%", -3.5),
            ("roughly .5", 0.5),
            ("1.234.567", 1_234_567.0),
            ("About 8.4 thousand", 8400.0),
            ("1.2 million riders", 1_200_000.0),
            ("3 billion", 3e9),
        ] {
            assert_eq!(first_number(text), Some(want), "{text}");
        }
        assert_eq!(first_number("no digits here"), None);
        assert_eq!(first_number("8 minutes"), Some(8.0));
        assert_eq!(first_number("5 thousandths"), Some(5.0));
        assert_eq!(stated("n = 16*0.21/0.0004 = 8400 per group"), Some(8400.0));
        assert_eq!(
            stated("p = 0.3, MDE = 0.02\nn = 16 x 0.21 / 0.0004\n= 8,400"),
            Some(8400.0)
        );
        assert_eq!(stated("8400 per group (16 × 0.21 / 0.0004)"), Some(8400.0));
    }

    #[test]
    fn scores_within_tolerance() {
        let options = Options::default();
        assert_eq!(
            score("d/c", 8400.0, 0.05, "users", "I get 8,300 users", options).score,
            100
        );
        let wrong = score("d/c", 8400.0, 0.05, "users", "about 5000", options);
        assert_eq!(wrong.score, 0);
        assert!(
            wrong.items[0]
                .note
                .as_deref()
                .unwrap()
                .contains("8400 users")
        );
        assert_eq!(score("d/c", 8400.0, 0.05, "", "", options).flags, ["empty"]);
    }

    #[test]
    fn a_scale_word_is_read_and_the_report_says_so() {
        let report = score(
            "d/c",
            8400.0,
            0.03,
            "users",
            "About 8.4 thousand",
            Options::default(),
        );
        assert_eq!(report.score, 100);
        let numeric = report.numeric.unwrap();
        assert_eq!(numeric.given, Some(8400.0));
        assert_eq!(numeric.describe_given(), "8400 (read from “8.4 thousand”)");
    }

    #[test]
    fn a_bare_fraction_counts_for_a_percentage_only_when_nothing_says_percent() {
        let options = Options::default();
        let fraction = score("d/c", 50.6, 0.01, "%", "0.506", options);
        assert_eq!(fraction.score, 100);
        let numeric = fraction.numeric.unwrap();
        assert_eq!(numeric.given, Some(50.6));
        assert!(numeric.read_as_fraction);
        assert_eq!(
            numeric.describe_given(),
            "50.6 (read from “0.506” as a fraction of 1)"
        );
        // A % sign says the scale: 0.506% is not 50.6%.
        assert_eq!(score("d/c", 50.6, 0.01, "%", "0.506%", options).score, 0);
        assert_eq!(
            score("d/c", 50.6, 0.01, "%", "0.506 percent", options).score,
            0
        );
        // Only a card measured in % reads fractions, and only within 0..1.
        assert_eq!(score("d/c", 50.6, 0.01, "users", "0.506", options).score, 0);
        assert_eq!(score("d/c", 150.0, 0.01, "%", "1.5", options).score, 0);
        // A fraction that is right as written stays as written.
        let small = score("d/c", 0.5, 0.01, "%", "0.5", options);
        assert_eq!(small.score, 100);
        assert!(!small.numeric.unwrap().read_as_fraction);
    }

    #[test]
    fn the_evidence_is_the_line_of_the_number_read() {
        let working = "p = 0.3, MDE = 0.02\nn = 16 x 0.21 / 0.0004\n= 8,400";
        let report = score("d/c", 8400.0, 0.05, "", working, Options::default());
        assert_eq!(report.items[0].line, Some(3));
        assert_eq!(report.items[0].evidence.as_deref(), Some("= 8,400"));
    }
}
