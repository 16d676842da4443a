//! `prepdeck review` (score an answer, record the attempt and the rating, print the next due
//! date) and `prepdeck undo` (take back the last review).

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use serde_json::json;

use super::score::{read_answer, render};
use super::{App, Failure, Outcome, open_store, print_json, shortfall, when};
use crate::schedule::{CardState, Phase, RELEARN_DELAY_MINUTES};
use crate::score::{self, Lexicon, Options, Rating};
use crate::store::{NewAttempt, SectionAnswer};

/// What `prepdeck review` was asked to do.
pub struct ReviewArgs<'a> {
    pub card: &'a str,
    pub answer: Option<&'a Path>,
    pub rating: Option<Rating>,
    pub time_used: Option<Duration>,
    pub hints_used: u32,
    pub cram: bool,
    pub json: bool,
}

pub fn run(app: &App, now: DateTime<FixedOffset>, args: &ReviewArgs<'_>) -> Outcome {
    let card = app.card(args.card)?;
    if args.cram && args.rating.is_some() {
        return Err(Failure::usage(
            "--rating and --cram do not go together: a cram attempt does not change the schedule",
        ));
    }
    let text = read_answer(args.answer)?;
    let deck = app
        .bank
        .deck(card.id.deck())
        .ok_or_else(|| Failure::new("the card's deck vanished while loading"))?;
    let framework = app.bank.framework_for(card);
    let report = score::score_card(
        card,
        framework,
        &Lexicon::new(&deck.thesaurus),
        &text,
        Options {
            thresholds: app.config.rating,
            hints_used: args.hints_used,
        },
    );
    let attempt = NewAttempt {
        card,
        answers: SectionAnswer::from_markdown(&text, framework),
        time_used: args.time_used.unwrap_or_default(),
        report: &report,
        hands_in_draft: false,
    };
    let mut store = open_store(app)?;
    let fail = |e: crate::store::StoreError| Failure::new(e.to_string());
    if args.cram {
        store.record_attempt(&attempt, now).map_err(fail)?;
        let state = store.card_state(&card.id).map_err(fail)?;
        if args.json {
            return print_json(&json!({
                "card": card.id.as_str(), "mode": "cram", "score": report.score,
                "suggested_rating": report.rating, "due": state.map(|s| s.due), "report": report,
            }));
        }
        print!("{}", render(&report, &card.title));
        let due = state.map_or("it is still new".to_string(), |s| {
            format!("it stays due {}", when::day(s.due, now))
        });
        println!("\nCram attempt recorded; the schedule is unchanged ({due}).");
        return Ok(0);
    }
    let rating = args.rating.unwrap_or(report.rating);
    let scheduler = store.scheduler(&app.config.schedule).map_err(fail)?;
    let outcome = store
        .record_review(&attempt, rating, &scheduler, now)
        .map_err(fail)?;
    let missing = if outcome.leech {
        store.missed_concepts(&card.id, 3).map_err(fail)?
    } else {
        Vec::new()
    };
    if args.json {
        return print_json(&json!({
            "card": card.id.as_str(), "mode": "review", "score": report.score,
            "suggested_rating": report.rating, "rating": rating,
            "due": outcome.after.due, "interval_days": outcome.after.interval_days,
            "phase": outcome.after.phase, "lapses": outcome.after.lapses, "leech": outcome.leech,
            "keeps_missing": missing, "report": report,
        }));
    }
    print!("{}", render(&report, &card.title));
    let chosen = if rating == report.rating {
        format!("Rated {}", rating.name())
    } else {
        format!(
            "Rated {} (the score suggested {})",
            rating.name(),
            report.rating.name()
        )
    };
    println!("\n{chosen}; {}.", next_due(&outcome.after, now));
    if outcome.leech {
        let concepts: Vec<String> = missing
            .iter()
            .map(|c| format!("{} ({})", c.desc, shortfall(c)))
            .collect();
        let keeps = if concepts.is_empty() {
            String::new()
        } else {
            format!("; it keeps missing: {}", concepts.join("; "))
        };
        println!(
            "This card is a leech: failed {} times{keeps}.",
            outcome.after.lapses
        );
    }
    Ok(0)
}

fn next_due(state: &CardState, now: DateTime<FixedOffset>) -> String {
    match state.phase {
        Phase::Relearning => {
            format!("it comes back in {RELEARN_DELAY_MINUTES} minutes, later in this session")
        }
        Phase::Review => format!(
            "next due {} ({})",
            when::day(state.due, now),
            when::relative(state.due, now)
        ),
    }
}

pub fn undo(app: &App, now: DateTime<FixedOffset>, json: bool) -> Outcome {
    let mut store = open_store(app)?;
    let undone = store
        .undo_last_review()
        .map_err(|e| Failure::new(e.to_string()))?
        .ok_or_else(|| Failure::new("there is no review to undo"))?;
    if json {
        return print_json(&json!({
            "card": undone.card, "rating": undone.rating, "at": undone.at,
            "restored": undone.restored, "answer_kept": undone.answer_kept,
        }));
    }
    let state = match &undone.restored {
        None => "it is new again".to_string(),
        Some(state) => format!(
            "it is due {} again, as before",
            when::relative(state.due, now)
        ),
    };
    let kept = if undone.answer_kept {
        "; the answer waits as a draft in the trainer"
    } else {
        ""
    };
    println!(
        "Took back the {} review of {} from {}; {state}{kept}.",
        undone.rating.name(),
        undone.card,
        when::local(undone.at, now)
    );
    Ok(0)
}
