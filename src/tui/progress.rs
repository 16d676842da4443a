//! What the screens show about progress, read from the store once per visit to a screen.

use chrono::{DateTime, Utc};

/// A card's progress as Browse shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardProgress {
    pub last_score: Option<u8>,
    pub next_due: Option<DateTime<Utc>>,
    pub due_now: bool,
}

/// A deck's progress: cards due now and the share of its cards mastered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeckProgress {
    pub due: usize,
    pub mastery: f64,
}

/// "now", "in 3 days", "in 5 hours" or "new" for a card never drilled.
pub fn due_label(next_due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let Some(due) = next_due else {
        return "new".into();
    };
    let ahead = due - now;
    if ahead.num_minutes() <= 0 {
        "now".into()
    } else if ahead.num_hours() < 1 {
        format!("in {} min", ahead.num_minutes())
    } else if ahead.num_days() < 1 {
        format!("in {} h", ahead.num_hours())
    } else {
        let days = ahead.num_days();
        format!("in {days} day{}", if days == 1 { "" } else { "s" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn due_labels_read_naturally() {
        let now = Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap();
        assert_eq!(due_label(None, now), "new");
        assert_eq!(due_label(Some(now), now), "now");
        assert_eq!(
            due_label(Some(now + chrono::Duration::minutes(30)), now),
            "in 30 min"
        );
        assert_eq!(
            due_label(Some(now + chrono::Duration::hours(5)), now),
            "in 5 h"
        );
        assert_eq!(
            due_label(Some(now + chrono::Duration::days(1)), now),
            "in 1 day"
        );
        assert_eq!(
            due_label(Some(now + chrono::Duration::days(12)), now),
            "in 12 days"
        );
    }
}
