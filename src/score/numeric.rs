//! Numeric cards: the number the answer states ("8,400", "8.4k", "8400 users", "12%")
//! against the expected value and its relative tolerance. The stated number is the first
//! one, unless the candidate shows working (`n = 16 × 0.21 / 0.0004 = 8400`): then it is
//! the first number after the last `=`.

use super::{ItemReport, ItemSource, NumericReport, Options, Rating, Report, Status};

pub fn score(
    card_id: &str,
    expected: f64,
    tolerance: f64,
    unit: &str,
    answer: &str,
    options: Options,
) -> Report {
    let given = stated_number(answer);
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
    let evidence_line = answer
        .lines()
        .position(|l| first_number(l).is_some())
        .map(|i| i + 1);
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

/// The number an answer states. Working is common ("p = 0.3, MDE = 0.02, n = 16 × 0.21 /
/// 0.0004 = 8,400"), so numbers are read in order and classed: the result of a computation
/// (after an `=` whose left side holds an operator) wins, the last one if several; otherwise
/// the first number that is not a parameter being set (`MDE = 0.02`); otherwise the first.
pub fn stated_number(text: &str) -> Option<f64> {
    let chars: Vec<char> = text.chars().collect();
    let classed: Vec<(NumberClass, f64)> = numbers(&chars)
        .into_iter()
        .map(|(start, value)| (classify(&chars[..start]), value))
        .collect();
    let of_class = |wanted: NumberClass| {
        classed
            .iter()
            .filter(move |(class, _)| *class == wanted)
            .map(|(_, value)| *value)
    };
    of_class(NumberClass::Result)
        .next_back()
        .or_else(|| of_class(NumberClass::Plain).next())
        .or_else(|| classed.first().map(|(_, value)| *value))
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

/// Reads the first number in text; see [`numbers`] for the forms understood.
pub fn first_number(text: &str) -> Option<f64> {
    let chars: Vec<char> = text.chars().collect();
    numbers(&chars).first().map(|&(_, value)| value)
}

/// Every number in the text with its start (a char index), understanding thousands
/// separators, decimals, a k/m/b suffix and a sign: "8,400" → 8400, "8.4k" → 8400,
/// "-3.5%" → -3.5, "$1.2M" → 1200000. Digits inside words ("p95", "q2") are not numbers.
fn numbers(chars: &[char]) -> Vec<(usize, f64)> {
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
        let suffix = chars.get(end).map(|c| c.to_ascii_lowercase());
        let after_suffix = chars.get(end + 1).is_none_or(|c| !c.is_alphabetic());
        let multiplier = match suffix {
            Some('k') if after_suffix => 1e3,
            Some('m') if after_suffix => 1e6,
            Some('b') if after_suffix => 1e9,
            _ => 1.0,
        };
        if let Ok(value) = cleaned.parse::<f64>() {
            let value = value * multiplier;
            found.push((start, if negative { -value } else { value }));
        }
        i = end.max(start + 1);
    }
    found
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            assert_eq!(first_number(text), Some(want), "{text}");
        }
        assert_eq!(first_number("no digits here"), None);
        assert_eq!(first_number("8 minutes"), Some(8.0));
        assert_eq!(
            stated_number("n = 16*0.21/0.0004 = 8400 per group"),
            Some(8400.0)
        );
        assert_eq!(
            stated_number("p = 0.3, MDE = 0.02\nn = 16 x 0.21 / 0.0004\n= 8,400"),
            Some(8400.0)
        );
        assert_eq!(
            stated_number("8400 per group (16 × 0.21 / 0.0004)"),
            Some(8400.0)
        );
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
}
