//! Time limits as authors write them ("90s", "12m", "1h30m") and as the trainer shows them.

use std::time::Duration;

/// Parses a compact duration: one or more `<number><unit>` parts with units `h`, `m`, `s`,
/// largest first, such as `"90s"`, `"12m"` or `"1h30m"`. A bare number is not accepted:
/// "10" could mean seconds or minutes, and a deck should say which.
pub fn parse(text: &str) -> Result<Duration, String> {
    parse_as(text, "a time limit")
}

/// Parses the time someone spent, such as `--time-used 9m`: the forms [`parse`] reads, with
/// errors that call it what it is rather than a limit.
pub fn parse_time_spent(text: &str) -> Result<Duration, String> {
    parse_as(text, "a length of time")
}

/// [`parse`], with errors that name the value `what` ("a time limit") and show the forms read.
fn parse_as(text: &str, what: &str) -> Result<Duration, String> {
    const FORMS: &str = "write it like \"9m\", \"90s\" or \"1h30m\"";
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("{what} cannot be empty; {FORMS}"));
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut last_unit_rank = 0u8;
    for c in trimmed.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let (rank, seconds) = match c {
            'h' => (3, 3600),
            'm' => (2, 60),
            's' => (1, 1),
            _ => {
                return Err(format!(
                    "`{trimmed}` is not {what}: `{c}` is not a unit; use h, m or s, as in \"1h30m\""
                ));
            }
        };
        if digits.is_empty() {
            return Err(format!(
                "`{trimmed}` is not {what}: the unit `{c}` has no number before it; {FORMS}"
            ));
        }
        if last_unit_rank != 0 && rank >= last_unit_rank {
            return Err(format!(
                "`{trimmed}` is not {what}: write the units largest first, each once, as in \"1h30m\""
            ));
        }
        last_unit_rank = rank;
        let value: u64 = digits
            .parse()
            .map_err(|_| format!("`{trimmed}` is too large to be {what}"))?;
        total = value
            .checked_mul(seconds)
            .and_then(|part| total.checked_add(part))
            .ok_or_else(|| format!("`{trimmed}` is too large to be {what}"))?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(format!(
            "`{trimmed}` is not {what}: the number {digits} has no unit; {FORMS}"
        ));
    }
    if total == 0 {
        return Err(format!(
            "`{trimmed}` is not {what}: it must be longer than zero"
        ));
    }
    Ok(Duration::from_secs(total))
}

/// Formats a duration the way [`parse`] reads it: `"1h30m"`, `"12m"`, `"45s"`, `"2m05s"`.
pub fn format(duration: Duration) -> String {
    let secs = duration.as_secs();
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m{s:02}s"),
        (h, 0, 0) => format!("{h}h"),
        (h, m, 0) => format!("{h}h{m:02}m"),
        (h, m, s) => format!("{h}h{m:02}m{s:02}s"),
    }
}

/// Formats a clock reading as `mm:ss` (or `h:mm:ss` past an hour), for countdowns.
pub fn clock(duration: Duration) -> String {
    let secs = duration.as_secs();
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, (secs % 3600) / 60, secs % 60)
    } else {
        format!("{:02}:{:02}", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_author_forms() {
        assert_eq!(parse("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse("12m"), Ok(Duration::from_secs(720)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse(" 2m30s "), Ok(Duration::from_secs(150)));
    }

    #[test]
    fn rejects_ambiguous_or_broken_forms() {
        for bad in [
            "",
            "10",
            "m",
            "5x",
            "30s2m",
            "1m1m",
            "0s",
            "99999999999999999999h",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn errors_name_the_value_and_show_the_forms_read() {
        assert_eq!(
            parse_time_spent("9"),
            Err("`9` is not a length of time: the number 9 has no unit; write it like \"9m\", \"90s\" or \"1h30m\"".into())
        );
        assert_eq!(
            parse("12"),
            Err("`12` is not a time limit: the number 12 has no unit; write it like \"9m\", \"90s\" or \"1h30m\"".into())
        );
        assert!(
            parse_time_spent("")
                .unwrap_err()
                .starts_with("a length of time cannot be empty")
        );
    }

    #[test]
    fn formats_round_trip() {
        for text in ["45s", "12m", "2m05s", "1h", "1h30m", "1h02m03s"] {
            assert_eq!(format(parse(text).unwrap()), text);
        }
        assert_eq!(clock(Duration::from_secs(605)), "10:05");
        assert_eq!(clock(Duration::from_secs(3725)), "1:02:05");
    }
}
