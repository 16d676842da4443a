//! `prepdeck next`: the due queue in order, or the cards to cram, for people and scripts.

use chrono::{DateTime, FixedOffset};
use serde_json::json;

use super::{App, Failure, Outcome, open_store, print_json, when};
use crate::store::{EntryKind, Focus, Queue, QueueOptions};

pub fn run(
    app: &App,
    now: DateTime<FixedOffset>,
    deck: Option<&str>,
    focus: Focus,
    cram: bool,
    json: bool,
) -> Outcome {
    if let Some(deck) = deck
        && app.bank.deck(deck).is_none()
    {
        let known: Vec<&str> = app.bank.decks.iter().map(|d| d.id.0.as_str()).collect();
        return Err(Failure::usage(format!(
            "there is no deck `{}`; the decks are {}",
            crate::text::strip_control(deck),
            known.join(", ")
        )));
    }
    let store = open_store(app)?;
    let options = QueueOptions {
        deck: deck.map(str::to_string),
        focus,
        cram,
        ..QueueOptions::new(&app.config.schedule)
    };
    let queue = store
        .due_queue(&app.bank, now, &options)
        .map_err(|e| Failure::new(e.to_string()))?;
    if json {
        return print_json(&to_json(app, &queue, &options));
    }
    print!("{}", render(app, &queue, &options, now));
    Ok(0)
}

fn title<'a>(app: &'a App, card: &str) -> &'a str {
    app.bank.card(card).map_or("", |c| c.title.as_str())
}

fn kind_name(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Relearning => "relearning",
        EntryKind::Review => "review",
        EntryKind::New => "new",
        EntryKind::Cram => "cram",
    }
}

fn to_json(app: &App, queue: &Queue, options: &QueueOptions) -> serde_json::Value {
    let entries: Vec<_> = queue
        .entries
        .iter()
        .map(|e| {
            json!({
                "card": e.card.as_str(), "title": title(app, e.card.as_str()),
                "kind": kind_name(e.kind), "due": e.due, "lapses": e.lapses, "leech": e.leech,
                "weakness": e.weakness,
            })
        })
        .collect();
    json!({
        "entries": entries,
        "cram": options.cram,
        "focus": options.focus,
        "new_today": queue.new_today,
        "reviewed_today": queue.reviewed_today,
        "new_per_day": options.new_per_day,
        "reviews_per_day": options.reviews_per_day,
        "reviews_held_back": queue.reviews_held_back,
        "unseen": queue.unseen,
        "next_due": queue.next_due,
    })
}

fn render(app: &App, queue: &Queue, options: &QueueOptions, now: DateTime<FixedOffset>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if queue.entries.is_empty() {
        if options.cram {
            out.push_str("There is nothing to cram: every card in scope is due now; `prepdeck next` lists them.\n");
        } else {
            let next = queue.next_due.map_or(String::new(), |due| {
                format!(" The next card is due {}.", when::relative(due, now))
            });
            let _ = writeln!(
                out,
                "Nothing is due now.{next} `prepdeck next --cram` lists cards to drill ahead without changing their schedule."
            );
        }
    } else {
        let width = queue
            .entries
            .iter()
            .map(|e| e.card.as_str().len())
            .max()
            .unwrap_or(0);
        for (i, entry) in queue.entries.iter().enumerate() {
            let due = match (entry.kind, entry.due) {
                (EntryKind::New, _) | (_, None) => String::new(),
                (_, Some(due)) if due <= now.to_utc() => "due".into(),
                (EntryKind::Review, Some(_)) => "due today".into(),
                (_, Some(due)) => format!("due {}", when::relative(due, now)),
            };
            let leech = if entry.leech { "  [leech]" } else { "" };
            let _ = writeln!(
                out,
                "{:>3}. {:<width$}  {:<10}  {:<14}  {}{leech}",
                i + 1,
                entry.card.as_str(),
                kind_name(entry.kind),
                due,
                title(app, entry.card.as_str())
            );
        }
    }
    if !options.cram {
        let _ = writeln!(
            out,
            "\nToday: {} of {} reviews and {} of {} new cards done.",
            queue.reviewed_today, options.reviews_per_day, queue.new_today, options.new_per_day
        );
        if queue.reviews_held_back > 0 {
            let _ = writeln!(
                out,
                "{} more reviews are due but over the daily limit (schedule.reviews_per_day).",
                queue.reviews_held_back
            );
        }
    }
    out
}
