//! Numeric cards: the first number in the answer ("8,400", "8.4k", "8400 users", "12%")
//! against the expected value and its relative tolerance.

use super::{ItemReport, ItemSource, NumericReport, Options, Rating, Report, Status};

pub fn score(
    card_id: &str,
    expected: f64,
    tolerance: f64,
    unit: &str,
    answer: &str,
    options: Options,
) -> Report {
    let given = first_number(answer);
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

/// Reads the first number in text, with thousands separators, decimals, a k/m/b suffix
/// and a sign: "8,400" → 8400, "8.4k" → 8400, "-3.5%" → -3.5, "$1.2M" → 1200000.
pub fn first_number(text: &str) -> Option<f64> {
    let chars: Vec<char> = text.chars().collect();
    let start = chars.iter().enumerate().position(|(i, c)| {
        c.is_ascii_digit() || (*c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
    })?;
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
    let mut value: f64 = cleaned.parse().ok()?;
    let suffix = chars.get(end).map(|c| c.to_ascii_lowercase());
    let after_suffix = chars.get(end + 1).is_none_or(|c| !c.is_alphabetic());
    let multiplier = match suffix {
        Some('k') if after_suffix => 1e3,
        Some('m') if after_suffix => 1e6,
        Some('b') if after_suffix => 1e9,
        _ => 1.0,
    };
    value *= multiplier;
    Some(if negative { -value } else { value })
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
