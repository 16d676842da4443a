//! What the screens show about progress, read from the store once per visit to a screen.

use chrono::{DateTime, FixedOffset, Utc};

use crate::cli::when::relative;

/// A card's progress as Browse shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardProgress {
    pub last_score: Option<u8>,
    pub next_due: Option<DateTime<Utc>>,
    pub due_now: bool,
}

impl CardProgress {
    /// Whether the card's main prompt has been answered: an attempt is on record, or the
    /// card has a schedule (which only a rated answer gives it).
    pub fn answered(&self) -> bool {
        self.last_score.is_some() || self.next_due.is_some()
    }
}

/// A deck's progress: cards due now and the share of its cards mastered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeckProgress {
    pub due: usize,
    pub mastery: f64,
}

/// "now", "in 10 min", "tomorrow", "in 3 days", or "new" for a card never drilled: worded
/// and counted (in calendar days) as `prepdeck history` does, so both say the same.
pub fn due_label(next_due: Option<DateTime<Utc>>, now: DateTime<FixedOffset>) -> String {
    match next_due {
        None => "new".into(),
        Some(due) if due <= now.to_utc() => "now".into(),
        Some(due) => relative(due, now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn due_labels_read_naturally() {
        let now = DateTime::parse_from_rfc3339("2025-03-01T22:00:00+01:00").unwrap();
        let ahead = |minutes: i64| Some(now.to_utc() + Duration::minutes(minutes));
        assert_eq!(due_label(None, now), "new");
        assert_eq!(due_label(ahead(-5), now), "now");
        assert_eq!(due_label(ahead(30), now), "in 30 min");
        assert_eq!(due_label(ahead(60), now), "in 1 h");
        assert_eq!(
            due_label(ahead(3 * 60), now),
            "tomorrow",
            "past local midnight"
        );
        assert_eq!(due_label(ahead(12 * 24 * 60), now), "in 12 days");
        assert_eq!(
            due_label(ahead(2 * 24 * 60 - 1), now),
            "in 2 days",
            "a moment short of two days is still two calendar days on"
        );
    }
}
