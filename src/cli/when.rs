//! Times as the commands print them: in the local time zone, and relative to now.

use chrono::{DateTime, FixedOffset, Utc};

/// `2025-03-04 10:00`, in `now`'s time zone.
pub fn local(at: DateTime<Utc>, now: DateTime<FixedOffset>) -> String {
    at.with_timezone(now.offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// `2025-03-04`, in `now`'s time zone.
pub fn day(at: DateTime<Utc>, now: DateTime<FixedOffset>) -> String {
    at.with_timezone(now.offset())
        .format("%Y-%m-%d")
        .to_string()
}

/// "now", "in 10 min", "in 3 h", "tomorrow", "in 4 days", "2 days ago", …
pub fn relative(at: DateTime<Utc>, now: DateTime<FixedOffset>) -> String {
    // Rounded, not cut: a card due in ten minutes is due in 9:59.999 a moment later.
    let minutes = ((at - now.to_utc()).num_milliseconds() as f64 / 60_000.0).round() as i64;
    let days = (at.with_timezone(now.offset()).date_naive() - now.date_naive()).num_days();
    match (days, minutes) {
        (_, -1..=1) => "now".into(),
        (_, 2..=59) => format!("in {minutes} min"),
        (_, -59..=-2) => format!("{} min ago", -minutes),
        (0, m) if m > 0 => format!("in {} h", m / 60),
        (0, m) => format!("{} h ago", -m / 60),
        (1, _) => "tomorrow".into(),
        (-1, _) => "yesterday".into(),
        (d, _) if d > 1 => format!("in {d} days"),
        (d, _) => format!("{} days ago", -d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn relative_times_read_naturally() {
        let now = t("2025-03-01T10:00:00+01:00");
        for (at, want) in [
            ("2025-03-01T10:00:30+01:00", "now"),
            ("2025-03-01T10:10:00+01:00", "in 10 min"),
            ("2025-03-01T10:09:59.900+01:00", "in 10 min"),
            ("2025-03-01T09:30:00+01:00", "30 min ago"),
            ("2025-03-01T15:00:00+01:00", "in 5 h"),
            ("2025-03-02T08:00:00+01:00", "tomorrow"),
            ("2025-03-05T08:00:00+01:00", "in 4 days"),
            ("2025-02-27T08:00:00+01:00", "2 days ago"),
        ] {
            assert_eq!(relative(t(at).to_utc(), now), want, "{at}");
        }
        assert_eq!(
            local(t("2025-03-01T09:00:00Z").to_utc(), now),
            "2025-03-01 10:00"
        );
    }
}
