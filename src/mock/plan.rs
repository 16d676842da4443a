//! Mock plans. A plans file (`mocks.toml` or `NAME.mocks.toml`) holds `[[mock]]` tables:
//!
//! ```toml
//! [[mock]]
//! id = "product-sense"                 # what `prepdeck mock product-sense` names
//! title = "Product sense loop"
//! description = "Two GSM-T questions with their follow-ups."
//! time_limit = "45m"                   # the overall clock
//!
//! [[mock.questions]]
//! card = "carpool/track-performance"   # DECK/CARD
//! time_limit = "15m"                   # optional: the card's own limit by default
//! followups = ["cancellation-spike"]   # optional: every follow-up by default; [] for none
//! ```
//!
//! Plans are checked against the bank with located diagnostics, like decks; a plan with an
//! error is skipped and the others still load. A later file replaces a plan with the same id,
//! so a coach can override a bundled plan.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::deck::diag::nearest;
use crate::deck::{Bank, Card, CardKind, Diagnostic, Severity};

/// A mock plan, checked against the bank: every card and follow-up exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The overall clock, in seconds.
    pub time_limit_secs: u64,
    pub questions: Vec<PlannedQuestion>,
    /// The file the plan comes from, or `ad hoc`.
    pub origin: String,
}

/// One main question and the follow-ups asked after it, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedQuestion {
    /// The card's full id, `deck/card`.
    pub card: String,
    pub time_limit_secs: u64,
    pub followups: Vec<String>,
}

impl Plan {
    pub fn time_limit(&self) -> Duration {
        Duration::from_secs(self.time_limit_secs)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    mock: Vec<RawPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    description: String,
    time_limit: Spanned<String>,
    questions: Spanned<Vec<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    card: Spanned<String>,
    time_limit: Option<Spanned<String>>,
    followups: Option<Vec<Spanned<String>>>,
}

/// Parses one plans file against the bank: the plans without errors, and every problem.
pub fn parse_plans(path: &str, source: &str, bank: &Bank) -> (Vec<Plan>, Vec<Diagnostic>) {
    let error = |span: Range<usize>, message: String| {
        Diagnostic::at(Severity::Error, path, source, span, message)
    };
    let raw: RawFile = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(e) => {
            let message = e.message().trim_end().to_string();
            let diagnostic = match e.span() {
                Some(span) => error(span, message),
                None => Diagnostic::file(Severity::Error, path, message),
            };
            return (Vec::new(), vec![diagnostic]);
        }
    };
    let mut plans = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen = HashSet::new();
    for plan in raw.mock {
        let before = diagnostics.len();
        if !seen.insert(plan.id.get_ref().clone()) {
            diagnostics.push(error(
                plan.id.span(),
                format!("a second mock plan with the id `{}`", plan.id.get_ref()),
            ));
        }
        if !is_id(plan.id.get_ref()) {
            diagnostics.push(error(
                plan.id.span(),
                format!(
                    "`{}` is not a plan id; use lowercase letters, digits and hyphens",
                    plan.id.get_ref()
                ),
            ));
        }
        let limit = crate::duration::parse(plan.time_limit.get_ref())
            .map_err(|m| diagnostics.push(error(plan.time_limit.span(), m)))
            .ok();
        if plan.questions.get_ref().is_empty() {
            diagnostics.push(error(
                plan.questions.span(),
                "a mock plan needs at least one question".to_string(),
            ));
        }
        let mut questions = Vec::new();
        for question in plan.questions.get_ref() {
            let Some(card) = bank.card(question.card.get_ref()) else {
                let suggestion = bank.suggest_cards(question.card.get_ref(), 1);
                let mut d = error(
                    question.card.span(),
                    format!("there is no card `{}`", question.card.get_ref()),
                );
                if let Some(s) = suggestion.first() {
                    d = d.with_hint(format!("did you mean `{s}`?"));
                }
                diagnostics.push(d);
                continue;
            };
            let own_limit = match &question.time_limit {
                Some(text) => match crate::duration::parse(text.get_ref()) {
                    Ok(limit) => limit,
                    Err(m) => {
                        diagnostics.push(error(text.span(), m));
                        continue;
                    }
                },
                None => card.time_limit,
            };
            let followups = match &question.followups {
                None => card.followups.iter().map(|f| f.id.clone()).collect(),
                Some(ids) => {
                    for id in ids {
                        if !card.followups.iter().any(|f| &f.id == id.get_ref()) {
                            let known = card.followups.iter().map(|f| f.id.as_str());
                            let mut d = error(
                                id.span(),
                                format!(
                                    "the card `{}` has no follow-up `{}`",
                                    card.id,
                                    id.get_ref()
                                ),
                            );
                            d = match nearest(id.get_ref(), known) {
                                Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                                None => d.with_hint(format!(
                                    "its follow-ups are: {}",
                                    followup_list(card)
                                )),
                            };
                            diagnostics.push(d);
                        }
                    }
                    ids.iter().map(|id| id.get_ref().clone()).collect()
                }
            };
            questions.push(PlannedQuestion {
                card: card.id.to_string(),
                time_limit_secs: own_limit.as_secs(),
                followups,
            });
        }
        if let (Some(limit), true) = (limit, diagnostics.len() == before) {
            plans.push(Plan {
                id: plan.id.into_inner(),
                title: plan.title,
                description: plan.description,
                time_limit_secs: limit.as_secs(),
                questions,
                origin: path.to_string(),
            });
        }
    }
    (plans, diagnostics)
}

fn followup_list(card: &Card) -> String {
    if card.followups.is_empty() {
        return "none".to_string();
    }
    card.followups
        .iter()
        .map(|f| format!("`{}`", f.id))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Every plan the bank's plan files hold (later files replace plans with the same id), in id
/// order, with the problems found.
pub fn load_plans(bank: &Bank) -> (Vec<Plan>, Vec<Diagnostic>) {
    let mut plans: Vec<Plan> = Vec::new();
    let mut diagnostics = Vec::new();
    for (path, text) in &bank.mock_plan_files {
        let (found, problems) = parse_plans(path, text, bank);
        diagnostics.extend(problems);
        for plan in found {
            plans.retain(|p| p.id != plan.id);
            plans.push(plan);
        }
    }
    plans.sort_by(|a, b| a.id.cmp(&b.id));
    (plans, diagnostics)
}

/// What an ad-hoc mock is drawn from.
#[derive(Debug, Clone, Default)]
pub struct AdhocOptions {
    pub deck: Option<String>,
    /// A card qualifies when it has any of these tags (or the list is empty).
    pub tags: Vec<String>,
    pub count: usize,
    /// The overall clock; the questions' and follow-ups' limits summed when absent.
    pub minutes: Option<u64>,
}

/// The most follow-ups an ad-hoc question asks.
const ADHOC_FOLLOWUPS: usize = 2;

/// Builds a plan from the bank: `count` written cards (numeric cards are drills, not interview
/// questions) matching the filters, those exercising the `weak` concepts (rubric item ids,
/// weakest first) ahead, ties broken by `seed` so that mocks vary.
pub fn adhoc_plan(
    bank: &Bank,
    options: &AdhocOptions,
    weak: &[String],
    seed: u64,
) -> Result<Plan, String> {
    let mut candidates: Vec<(u64, u64, &Card)> = adhoc_candidates(bank, options)?
        .into_iter()
        .map(|card| (weakness(bank, card, weak), tie_break(seed, card), card))
        .collect();
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let questions: Vec<PlannedQuestion> = candidates
        .into_iter()
        .take(options.count.max(1))
        .map(|(_, _, card)| PlannedQuestion {
            card: card.id.to_string(),
            time_limit_secs: card.time_limit.as_secs(),
            followups: card
                .followups
                .iter()
                .take(ADHOC_FOLLOWUPS)
                .map(|f| f.id.clone())
                .collect(),
        })
        .collect();
    let planned: u64 = questions
        .iter()
        .map(|q| {
            let card = bank.card(&q.card);
            q.time_limit_secs
                + card.map_or(0, |c| {
                    c.followups
                        .iter()
                        .filter(|f| q.followups.contains(&f.id))
                        .map(|f| f.time_limit.as_secs())
                        .sum()
                })
        })
        .sum();
    Ok(Plan {
        id: "ad-hoc".to_string(),
        title: format!("Ad-hoc mock of {} questions", questions.len()),
        description: "Drawn from the bank, weakest concepts first.".to_string(),
        time_limit_secs: options.minutes.map_or(planned, |m| m * 60),
        questions,
        origin: "ad hoc".to_string(),
    })
}

/// The cards an ad-hoc mock with these filters could ask: written cards (numeric ones are
/// drills, not interview questions) of the deck and tags asked for, or an error when none is.
pub fn adhoc_candidates<'b>(
    bank: &'b Bank,
    options: &AdhocOptions,
) -> Result<Vec<&'b Card>, String> {
    let cards: Vec<&Card> = bank
        .cards()
        .filter(|c| !matches!(c.kind, CardKind::Numeric { .. }))
        .filter(|c| options.deck.as_deref().is_none_or(|d| c.id.deck() == d))
        .filter(|c| options.tags.is_empty() || c.tags.iter().any(|t| options.tags.contains(t)))
        .collect();
    if cards.is_empty() {
        return Err("no card matches those filters; `prepdeck list` shows the decks".to_string());
    }
    Ok(cards)
}

/// How much a card exercises the weak concepts: the weakest counts most.
fn weakness(bank: &Bank, card: &Card, weak: &[String]) -> u64 {
    let framework_items = bank.framework_for(card).map_or(&[][..], |f| &f.rubric);
    card.rubric
        .iter()
        .chain(framework_items)
        .filter_map(|item| weak.iter().position(|w| *w == item.id))
        .map(|rank| (weak.len() - rank) as u64)
        .sum()
}

fn tie_break(seed: u64, card: &Card) -> u64 {
    let mut hasher = DefaultHasher::new();
    seed.hash(&mut hasher);
    card.id.as_str().hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank() -> Bank {
        Bank::bundled()
    }

    #[test]
    fn the_bundled_plans_load_without_problems() {
        let bank = bank();
        let (plans, diagnostics) = load_plans(&bank);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let otdr = plans
            .iter()
            .find(|p| p.id == "otdr-case")
            .expect("the otdr plan");
        assert_eq!(otdr.time_limit(), Duration::from_secs(45 * 60));
        let followups: Vec<&str> = otdr
            .questions
            .iter()
            .flat_map(|q| q.followups.iter().map(String::as_str))
            .collect();
        assert_eq!(
            followups,
            ["defensive-colleague", "carrier-breakout", "engineer-pulled"]
        );
        assert!(plans.len() >= 3);
    }

    #[test]
    fn problems_are_located_and_other_plans_still_load() {
        let bank = bank();
        let source = r#"[[mock]]
id = "good"
title = "Good"
time_limit = "20m"
[[mock.questions]]
card = "otdr/triage-plan"
followups = []

[[mock]]
id = "bad"
title = "Bad"
time_limit = "20m"
[[mock.questions]]
card = "otdr/triage-plam"
[[mock.questions]]
card = "otdr/launch-decision"
followups = ["carrier-breakuot"]
"#;
        let (plans, diagnostics) = parse_plans("team.mocks.toml", source, &bank);
        assert_eq!(plans.len(), 1);
        assert_eq!(plans[0].questions[0].followups, Vec::<String>::new());
        assert_eq!(
            plans[0].questions[0].time_limit_secs,
            bank.card("otdr/triage-plan").unwrap().time_limit.as_secs()
        );
        let rendered: Vec<String> = diagnostics.iter().map(Diagnostic::render).collect();
        assert_eq!(diagnostics.len(), 2, "{rendered:?}");
        assert!(
            rendered[0]
                .starts_with("team.mocks.toml:14:8: error: there is no card `otdr/triage-plam`")
        );
        assert!(rendered[0].contains("did you mean `otdr/triage-plan`?"));
        assert!(rendered[1].starts_with("team.mocks.toml:17:14: error: the card `otdr/launch-decision` has no follow-up `carrier-breakuot`"));
        assert!(rendered[1].contains("did you mean `carrier-breakout`?"));
    }

    #[test]
    fn syntax_errors_and_unknown_keys_are_located() {
        let bank = bank();
        let (_, diagnostics) =
            parse_plans("m.toml", "[[mock]]\nid = \"x\"\ntitel = \"X\"\n", &bank);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].line, 3);
        assert!(
            diagnostics[0].message.contains("titel"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn adhoc_plans_put_weak_concepts_first_and_respect_filters() {
        let bank = bank();
        let card = bank.card("otdr/launch-decision").unwrap();
        let weak = vec![card.rubric[0].id.clone()];
        let options = AdhocOptions {
            deck: Some("otdr".into()),
            count: 2,
            minutes: Some(30),
            ..AdhocOptions::default()
        };
        for seed in 0..5 {
            let plan = adhoc_plan(&bank, &options, &weak, seed).unwrap();
            assert_eq!(plan.questions.len(), 2);
            assert_eq!(plan.questions[0].card, "otdr/launch-decision");
            assert!(plan.questions.iter().all(|q| q.card.starts_with("otdr/")));
            assert_eq!(plan.time_limit_secs, 1800);
        }
        let none = AdhocOptions {
            tags: vec!["no-such-tag".into()],
            count: 2,
            ..AdhocOptions::default()
        };
        assert!(adhoc_plan(&bank, &none, &[], 0).is_err());
    }
}
