//! `prepdeck history CARD`: every attempt and review of a card, its schedule now, and the
//! concepts it keeps missing.

use chrono::{DateTime, FixedOffset};
use serde_json::json;

use super::{App, Failure, Outcome, open_store, plural, print_json, shortfall, when};
use crate::duration;
use crate::store::{AttemptMode, ReviewRecord};

pub fn run(app: &App, now: DateTime<FixedOffset>, card_id: &str, json: bool) -> Outcome {
    let card = app.card(card_id)?;
    let store = open_store(app)?;
    let fail = |e: crate::store::StoreError| Failure::new(e.to_string());
    let history = store.card_history(&card.id).map_err(fail)?;
    let missing = store.missed_concepts(&card.id, 5).map_err(fail)?;
    let hash = card.content_hash();
    if json {
        let attempts: Vec<_> = history
            .attempts
            .iter()
            .map(|a| {
                let mut value = serde_json::to_value(a).unwrap_or_default();
                value["card_changed_since"] = json!(a.card_hash != hash);
                value
            })
            .collect();
        return print_json(&json!({
            "card": card.id.as_str(), "title": card.title, "content_hash": hash,
            "state": history.state, "attempts": attempts, "reviews": history.reviews,
            "keeps_missing": missing,
        }));
    }
    println!("{} — {}", card.id, crate::text::strip_control(&card.title));
    match &history.state {
        None => println!("Never reviewed: it is a new card."),
        Some(state) => println!(
            "{} · due {} ({}) · memory {:.1} days · difficulty {:.1} · {} · failed {}",
            state.phase.name(),
            when::day(state.due, now),
            when::relative(state.due, now),
            state.stability,
            state.difficulty,
            plural(state.reps, "review", "reviews"),
            plural(state.lapses, "time", "times")
        ),
    }
    if history.attempts.is_empty() {
        println!(
            "No attempts yet: `prepdeck review {} --answer FILE` records one.",
            card.id
        );
        return Ok(0);
    }
    println!();
    for attempt in &history.attempts {
        let review: Option<&ReviewRecord> = history
            .reviews
            .iter()
            .find(|r| r.attempt.as_deref() == Some(attempt.uid.as_str()));
        let outcome = match (attempt.mode, review) {
            (AttemptMode::Cram, _) => "cram, schedule unchanged".to_string(),
            (AttemptMode::Review, Some(r)) => format!(
                "rated {} → due {}",
                r.rating.name(),
                when::day(r.after.due, now)
            ),
            (AttemptMode::Review, None) => "not rated".to_string(),
        };
        let used = if attempt.time_used_ms > 0 {
            format!(
                " · {} used",
                duration::format(std::time::Duration::from_millis(attempt.time_used_ms))
            )
        } else {
            String::new()
        };
        let edited = if attempt.card_hash == hash {
            ""
        } else {
            " · the card was edited since"
        };
        println!(
            "{}  score {:>3} (suggested {}) · {outcome}{used}{edited}",
            when::local(attempt.at, now),
            attempt.score,
            attempt.suggested_rating.name()
        );
    }
    if !missing.is_empty() {
        println!("\nMissed most:");
        for concept in &missing {
            println!("  {} — {}", concept.desc, shortfall(concept));
        }
    }
    Ok(0)
}
