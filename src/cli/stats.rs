//! `prepdeck stats`: reviews per day, retention, the 30-day forecast, per-deck mastery, the
//! weakest concepts, leeches and the streak.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::{App, Failure, Outcome, open_store, plural, print_json, shortfall};
use crate::store::{DayCount, Stats};

pub fn run(app: &App, now: DateTime<FixedOffset>, json: bool) -> Outcome {
    let store = open_store(app)?;
    let fail = |e: crate::store::StoreError| Failure::new(e.to_string());
    let scheduler = store.scheduler(&app.config.schedule).map_err(fail)?;
    let stats = store.stats(&app.bank, &scheduler, now).map_err(fail)?;
    if json {
        return print_json(&serde_json::to_value(&stats).map_err(|e| Failure::new(e.to_string()))?);
    }
    print!("{}", render(&stats));
    Ok(0)
}

/// Eight-level bars, one per day, scaled to the busiest day.
fn sparkline(days: &[DayCount]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = days.iter().map(|d| d.count).max().unwrap_or(0).max(1);
    days.iter()
        .map(|d| {
            if d.count == 0 {
                '·'
            } else {
                BARS[((d.count * 8).div_ceil(max) - 1) as usize]
            }
        })
        .collect()
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn render(stats: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} · streak {} · {} · {} · {} seen",
        stats.today,
        plural(stats.streak_days, "day", "days"),
        plural(stats.reviews, "review", "reviews"),
        plural(stats.attempts, "attempt", "attempts"),
        plural(stats.cards_seen, "card", "cards"),
    );
    let done: u32 = stats.reviews_per_day.iter().map(|d| d.count).sum();
    let _ = writeln!(
        out,
        "\nReviews, last 30 days  {}  {done} in all, {} today",
        sparkline(&stats.reviews_per_day),
        stats.reviews_per_day.last().map_or(0, |d| d.count)
    );
    let due: u32 = stats.forecast.iter().map(|d| d.count).sum();
    let week: u32 = stats.forecast.iter().take(7).map(|d| d.count).sum();
    let _ = writeln!(
        out,
        "Due, next 30 days      {}  {} today, {week} this week, {due} in all",
        sparkline(&stats.forecast),
        stats.forecast.first().map_or(0, |d| d.count)
    );
    match stats.retention {
        Some(share) => {
            let _ = writeln!(
                out,
                "Retention              {} of {} recalled in the last 30 days",
                percent(share),
                plural(
                    stats.retention_reviews,
                    "scheduled review",
                    "scheduled reviews"
                )
            );
        }
        None => {
            out.push_str("Retention              no scheduled reviews in the last 30 days yet\n")
        }
    }
    let width = stats
        .decks
        .iter()
        .map(|d| d.deck.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(out, "\n{:<width$}  SEEN    MASTERED  RECALL", "DECK");
    for deck in &stats.decks {
        let recall = deck.recall.map_or("—".to_string(), percent);
        let _ = writeln!(
            out,
            "{:<width$}  {:>3}/{:<3} {:>8}  {recall:>6}",
            deck.deck, deck.seen, deck.cards, deck.mastered
        );
    }
    if !stats.weakest.is_empty() {
        out.push_str("\nConcepts you miss most:\n");
        for concept in &stats.weakest {
            let _ = writeln!(
                out,
                "  {} — {} in {} [{}]",
                concept.desc,
                shortfall(concept),
                plural(concept.cards, "card", "cards"),
                concept.id
            );
        }
        out.push_str("  `prepdeck next --focus weak` puts the cards that drill them first.\n");
    }
    if !stats.leeches.is_empty() {
        out.push_str("\nLeeches (failed again and again):\n");
        for leech in &stats.leeches {
            let missing: Vec<&str> = leech.missing.iter().map(|c| c.desc.as_str()).collect();
            let keeps = if missing.is_empty() {
                String::new()
            } else {
                format!("; keeps missing: {}", missing.join("; "))
            };
            let _ = writeln!(
                out,
                "  {} — failed {}{keeps}",
                leech.card,
                plural(leech.lapses, "time", "times")
            );
        }
    }
    if !stats.changed_cards.is_empty() {
        let _ = writeln!(
            out,
            "\nEdited since your last attempt (their history was scored against the old text): {}",
            stats.changed_cards.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn sparklines_scale_to_the_busiest_day() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let days: Vec<DayCount> = [0, 1, 4, 8]
            .into_iter()
            .map(|count| DayCount { day, count })
            .collect();
        assert_eq!(sparkline(&days), "·▁▄█");
    }
}
