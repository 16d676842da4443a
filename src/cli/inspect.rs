//! `prepdeck list` and `prepdeck show`: what the bank holds, for people and scripts.

use serde_json::json;

use super::{App, Outcome, print_json};
use crate::deck::{Card, CardKind, Origin};
use crate::duration;

pub fn list(app: &App, json: bool) -> Outcome {
    let bank = &app.bank;
    if json {
        let decks: Vec<_> = bank
            .decks
            .iter()
            .map(|d| {
                json!({
                    "id": d.id.0, "title": d.title, "description": d.description, "tags": d.tags, "version": d.version,
                    "cards": d.cards.len(), "source": d.origin.display(), "bundled": matches!(d.origin, Origin::Bundled(_)),
                    "replaces_bundled": bank.replaced.iter().any(|r| r.deck == d.id),
                })
            })
            .collect();
        let frameworks: Vec<_> = bank
            .all_frameworks()
            .map(|f| json!({ "id": f.id, "title": f.title, "sections": f.sections.iter().map(|s| json!({"id": s.id, "title": s.title, "key": s.key.to_string(), "share": s.share})).collect::<Vec<_>>() }))
            .collect();
        let broken: Vec<_> = bank
            .broken
            .iter()
            .map(|b| json!({ "path": b.path, "errors": b.errors, "first_error": b.first_error }))
            .collect();
        return print_json(&json!({ "decks": decks, "frameworks": frameworks, "broken": broken }));
    }
    let width = bank
        .decks
        .iter()
        .map(|d| d.id.0.len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!("{:<width$}  {:>5}  TITLE", "DECK", "CARDS");
    for deck in &bank.decks {
        let marker = if bank.replaced.iter().any(|r| r.deck == deck.id) {
            "  (yours, replaces the bundled deck)"
        } else {
            ""
        };
        println!(
            "{:<width$}  {:>5}  {}{marker}",
            deck.id.0,
            deck.cards.len(),
            deck.title
        );
    }
    let total: usize = bank.decks.iter().map(|d| d.cards.len()).sum();
    println!("\n{} decks, {total} cards.", bank.decks.len());
    let frameworks: Vec<String> = bank
        .all_frameworks()
        .map(|f| {
            format!(
                "{} ({})",
                f.id,
                f.sections
                    .iter()
                    .map(|s| s.title.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    println!("Frameworks: {}", frameworks.join("; "));
    for r in &bank.replaced {
        println!("Your deck {} replaces the bundled `{}`.", r.by, r.deck);
    }
    for b in &bank.broken {
        println!("Broken: {} — {}", b.path, b.first_error);
    }
    Ok(0)
}

/// `prepdeck list DECK`: the deck's cards, to find the id to score, show or drill.
pub fn list_deck(app: &App, deck_id: &str, json: bool) -> Outcome {
    let deck = app.deck(deck_id)?;
    let kind = |card: &Card| kind_label(card, app.bank.framework_for(card));
    if json {
        let cards: Vec<_> = deck
            .cards
            .iter()
            .map(|c| {
                json!({
                    "id": c.id.as_str(), "kind": c.kind.label(), "title": c.title,
                    "time_limit": duration::format(c.time_limit), "difficulty": c.difficulty,
                    "followups": c.followups.len(),
                })
            })
            .collect();
        return print_json(&json!({ "deck": deck.id.0, "title": deck.title, "cards": cards }));
    }
    let id_width = deck
        .cards
        .iter()
        .map(|c| c.id.as_str().len())
        .max()
        .unwrap_or(4)
        .max(4);
    let kind_width = deck
        .cards
        .iter()
        .map(|c| kind(c).chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{} — {}
",
        deck.id.0, deck.title
    );
    println!("{:<id_width$}  {:<kind_width$}  TITLE", "CARD", "KIND");
    for card in &deck.cards {
        println!(
            "{:<id_width$}  {:<kind_width$}  {}",
            card.id.as_str(),
            kind(card),
            card.title
        );
    }
    println!(
        "
{} card{}; `prepdeck show DECK/CARD` shows one.",
        deck.cards.len(),
        if deck.cards.len() == 1 { "" } else { "s" }
    );
    Ok(0)
}

pub fn show(app: &App, card_id: &str, json: bool) -> Outcome {
    let card = app.card(card_id)?;
    let framework = app.bank.framework_for(card);
    if json {
        return print_json(&card_json(card, framework));
    }
    println!("{} — {}", card.id, card.title);
    println!(
        "{} · time limit {} · difficulty {}/3{}",
        kind_label(card, framework),
        duration::format(card.time_limit),
        card.difficulty,
        tags(card)
    );
    println!("\n{}\n", card.prompt.trim());
    if let Some(framework) = framework {
        println!("Sections:");
        for s in &framework.sections {
            let seconds = (card.time_limit.as_secs_f64() * s.share).round() as u64;
            println!(
                "  {} {:<12} {:>3.0}% · {:>6}  {}",
                s.key,
                s.title,
                s.share * 100.0,
                duration::format(std::time::Duration::from_secs(seconds.max(1))),
                s.guide
            );
        }
        println!();
    }
    if let CardKind::Numeric {
        unit, tolerance, ..
    } = &card.kind
    {
        println!(
            "Answer with one number{} (within {:.0}%).\n",
            if unit.is_empty() {
                String::new()
            } else {
                format!(" in {unit}")
            },
            tolerance * 100.0
        );
    }
    if !card.rubric.is_empty() {
        println!("Rubric:");
        for item in &card.rubric {
            let place = item
                .section
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            println!("  [{}] {}{place}", item.weight, item.desc);
        }
    }
    if let Some(framework) = framework.filter(|f| !f.rubric.is_empty() || !f.balance.is_empty()) {
        println!("From {}:", framework.title);
        for item in &framework.rubric {
            println!("  [{}] {}", item.weight, item.desc);
        }
        for rule in &framework.balance {
            println!("  [{}] {}", rule.weight, rule.desc);
        }
    }
    println!(
        "\nHints: {} · Follow-ups: {} · Worked examples: {}",
        card.hints.len(),
        card.followups.len(),
        card.examples.len()
    );
    Ok(0)
}

fn tags(card: &Card) -> String {
    if card.tags.is_empty() {
        String::new()
    } else {
        format!(" · {}", card.tags.join(", "))
    }
}

fn kind_label(card: &Card, framework: Option<&crate::deck::Framework>) -> String {
    match (&card.kind, framework) {
        (CardKind::Sectioned { .. }, Some(f)) => f.title.clone(),
        (kind, _) => kind.label().to_string(),
    }
}

fn card_json(card: &Card, framework: Option<&crate::deck::Framework>) -> serde_json::Value {
    let sections: Vec<_> = framework
        .map(|f| {
            f.sections
                .iter()
                .map(|s| json!({ "id": s.id, "title": s.title, "key": s.key.to_string(), "share": s.share, "seconds": (card.time_limit.as_secs_f64() * s.share).round() as u64, "guide": s.guide }))
                .collect()
        })
        .unwrap_or_default();
    let items = |rubric: &[crate::deck::RubricItem]| -> Vec<serde_json::Value> {
        rubric.iter().map(|i| json!({ "id": i.id, "desc": i.desc, "weight": i.weight, "section": i.section, "needs": i.needs.iter().map(|n| n.name()).collect::<Vec<_>>() })).collect()
    };
    let numeric = match &card.kind {
        CardKind::Numeric {
            unit, tolerance, ..
        } => json!({ "unit": unit, "tolerance": tolerance }),
        _ => serde_json::Value::Null,
    };
    json!({
        "id": card.id.as_str(), "title": card.title, "prompt": card.prompt, "kind": card.kind.label(),
        "framework": framework.map(|f| f.id.clone()), "time_limit_seconds": card.time_limit.as_secs(),
        "time_limit": duration::format(card.time_limit), "difficulty": card.difficulty, "tags": card.tags,
        "sections": sections, "rubric": items(&card.rubric),
        "framework_rubric": framework.map(|f| items(&f.rubric)).unwrap_or_default(),
        "hints": card.hints.len(), "numeric": numeric,
        "followups": card.followups.iter().map(|f| json!({ "id": f.id, "prompt": f.prompt, "time_limit": duration::format(f.time_limit), "rubric": items(&f.rubric) })).collect::<Vec<_>>(),
    })
}
