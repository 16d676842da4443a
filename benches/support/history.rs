//! A plausible review history for benchmarks: every bundled card drilled in turn, about
//! fifteen reviews a day, answers scored by the real scorer and states from the real
//! scheduler, as an export that imports in one transaction.

use chrono::{DateTime, Duration, FixedOffset};
use prepdeck::config::ScheduleSettings;
use prepdeck::deck::Bank;
use prepdeck::schedule::Scheduler;
use prepdeck::score::{self, Lexicon, Rating};
use prepdeck::store::{
    AttemptMode, AttemptRecord, EXPORT_SCHEMA_VERSION, Export, ItemResult, ReviewKind,
    ReviewRecord, SectionAnswer,
};

/// The time the history ends: the benchmarks' "now".
pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-06-01T09:00:00+02:00").expect("a valid time")
}

/// `reviews` reviews ending at [`now`].
pub fn history(bank: &Bank, reviews: usize) -> Export {
    let scheduler =
        Scheduler::new(&[], &ScheduleSettings::default()).expect("the default parameters");
    let cards: Vec<_> = bank.cards().collect();
    let answer = format!(
        "## Goals\n{}\n## Signals\n- `ride_requested` (rider_id, requested_at)\n## Metrics\nmatch rate = matched requests / requests, with cancellations as a guardrail.\n## Targets\nMatch rate above 60% within 30 days.\n",
        "Riders who share a ride pay less and still arrive on time. ".repeat(30)
    );
    let mut states = std::collections::HashMap::new();
    let mut export = Export {
        schema_version: EXPORT_SCHEMA_VERSION,
        generator: "bench".into(),
        attempts: Vec::new(),
        reviews: Vec::new(),
        card_states: Vec::new(),
        mock_sessions: Vec::new(),
        settings: Default::default(),
    };
    let start = now() - Duration::days((reviews / 15) as i64);
    let reports: Vec<_> = cards
        .iter()
        .map(|card| {
            let deck = bank.deck(card.id.deck()).expect("the card's deck");
            score::score_card(
                card,
                bank.framework_for(card),
                &Lexicon::new(&deck.thesaurus),
                &answer,
                score::Options::default(),
            )
        })
        .collect();
    for i in 0..reviews {
        let card = cards[i % cards.len()];
        let report = &reports[i % cards.len()];
        let at = start + Duration::minutes(96 * i as i64);
        let rating = Rating::ALL[(i * 7 + i / 13) % 4];
        let before = states.get(card.id.as_str()).copied();
        let after = scheduler
            .review(before.as_ref(), rating, at)
            .expect("a valid state");
        states.insert(card.id.to_string(), after);
        let uid = format!("attempt-{i}");
        export.attempts.push(AttemptRecord {
            uid: uid.clone(),
            card: card.id.to_string(),
            card_hash: card.content_hash(),
            mode: AttemptMode::Review,
            at: after.last_review,
            day: at.date_naive(),
            answers: SectionAnswer::from_markdown(&answer, bank.framework_for(card)),
            time_used_ms: 540_000,
            hints_used: 0,
            score: report.score,
            suggested_rating: report.rating,
            flags: report.flags.clone(),
            items: report
                .items
                .iter()
                .map(|item| ItemResult {
                    id: item.id.clone(),
                    source: item.from,
                    desc: item.desc.clone(),
                    weight: item.weight,
                    status: item.status,
                    credit: item.credit,
                })
                .collect(),
        });
        export.reviews.push(ReviewRecord {
            uid: format!("review-{i}"),
            card: card.id.to_string(),
            attempt: Some(uid),
            kind: ReviewKind::of(before.as_ref()),
            rating,
            suggested_rating: Some(report.rating),
            at: after.last_review,
            day: at.date_naive(),
            before,
            after,
        });
    }
    export.card_states = states
        .into_iter()
        .map(|(card, state)| prepdeck::store::CardStateRecord { card, state })
        .collect();
    export
}
