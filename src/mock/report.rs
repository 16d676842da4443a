//! The report of a finished mock: per question the answers (or the interviewer's ticks and
//! notes), the checklist with evidence, the score and the time used; per mock a verdict on a
//! five-point scale, the concepts to practise next and the trend against earlier mocks. A
//! pure value built from the finished session, rendered by pure functions.

use std::fmt::Write as _;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::RatingThresholds;
use crate::deck::{Bank, Card};
use crate::duration::clock;
use crate::score::{self, ItemReport, ItemSource, Lexicon, Options, Rating, Report, Status};
use crate::session::{Mock, MockEnd, MockPhase, Mode, PartEnd, PartResult};

/// The verdict scale, from the mock's overall score (0–100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    VeryWeak,
    Weak,
    Neutral,
    Strong,
    VeryStrong,
}

/// Each verdict and the lowest overall score that earns it.
pub const VERDICT_THRESHOLDS: [(Verdict, u8); 5] = [
    (Verdict::VeryWeak, 0),
    (Verdict::Weak, 35),
    (Verdict::Neutral, 50),
    (Verdict::Strong, 65),
    (Verdict::VeryStrong, 80),
];

/// The version of the JSON shape [`render_json`] writes; a report without one is version 1.
pub const MOCK_REPORT_SCHEMA_VERSION: u32 = 1;

/// A main answer counts this many times a follow-up does in its question's score.
const MAIN_WEIGHT: u32 = 2;
/// How many concepts the report recommends.
const PRACTICE_SHOWN: usize = 3;

impl Verdict {
    pub fn of(score: u8) -> Verdict {
        VERDICT_THRESHOLDS
            .iter()
            .rev()
            .find(|(_, from)| score >= *from)
            .map_or(Verdict::VeryWeak, |(verdict, _)| *verdict)
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::VeryWeak => "very weak",
            Verdict::Weak => "weak",
            Verdict::Neutral => "neutral",
            Verdict::Strong => "strong",
            Verdict::VeryStrong => "very strong",
        }
    }
}

/// A part of the mock with the scorer's report (none for a part not reached).
#[derive(Debug, Clone)]
pub struct ScoredPart {
    pub result: PartResult,
    pub report: Option<Report>,
}

/// Scores every part of a finished mock: typed answers through the scorer, an interviewer's
/// ticks as a checklist (a ticked item is a hit, an unticked one a miss).
pub fn score_parts(
    results: &[PartResult],
    mode: Mode,
    bank: &Bank,
    thresholds: RatingThresholds,
) -> Vec<ScoredPart> {
    results
        .iter()
        .map(|result| ScoredPart {
            report: score_part(result, mode, bank, thresholds),
            result: result.clone(),
        })
        .collect()
}

fn score_part(
    result: &PartResult,
    mode: Mode,
    bank: &Bank,
    thresholds: RatingThresholds,
) -> Option<Report> {
    if result.end == PartEnd::NotReached {
        return None;
    }
    let card = bank.card(&result.part.card)?;
    let followup = match &result.part.followup {
        Some(id) => Some(card.followups.iter().find(|f| &f.id == id)?),
        None => None,
    };
    let options = Options {
        thresholds,
        hints_used: 0,
    };
    match mode {
        Mode::Candidate => {
            let thesaurus = bank.deck(card.id.deck()).map_or(&[][..], |d| &d.thesaurus);
            let lexicon = Lexicon::new(thesaurus);
            Some(match followup {
                Some(f) => score::score_followup(card, f, &lexicon, &result.answer, options),
                None => score::score_card(
                    card,
                    bank.framework_for(card),
                    &lexicon,
                    &result.answer,
                    options,
                ),
            })
        }
        Mode::Interviewer => Some(checklist_report(bank, card, result, thresholds)),
    }
}

fn checklist_report(
    bank: &Bank,
    card: &Card,
    result: &PartResult,
    thresholds: RatingThresholds,
) -> Report {
    let (id, items): (String, Vec<(&crate::deck::RubricItem, ItemSource)>) = match result
        .part
        .followup
        .as_ref()
        .and_then(|id| card.followups.iter().find(|f| &f.id == id))
    {
        Some(f) => (
            format!("{}#{}", card.id, f.id),
            f.rubric.iter().map(|i| (i, ItemSource::Card)).collect(),
        ),
        None => {
            let framework = bank.framework_for(card).map_or(&[][..], |f| &f.rubric);
            (
                card.id.to_string(),
                card.rubric
                    .iter()
                    .map(|i| (i, ItemSource::Card))
                    .chain(framework.iter().map(|i| (i, ItemSource::Framework)))
                    .collect(),
            )
        }
    };
    let items: Vec<ItemReport> = items
        .into_iter()
        .map(|(item, from)| {
            let ticked = result.ticked.contains(&item.id);
            ItemReport {
                id: item.id.clone(),
                desc: item.desc.clone(),
                weight: item.weight,
                status: if ticked { Status::Hit } else { Status::Miss },
                evidence: ticked.then(|| "ticked by the interviewer".to_string()),
                line: None,
                note: None,
                from,
                credit: if ticked { 1.0 } else { 0.0 },
            }
        })
        .collect();
    let total: f64 = items.iter().map(|i| f64::from(i.weight)).sum();
    let earned: f64 = items.iter().map(|i| f64::from(i.weight) * i.credit).sum();
    let score = if total > 0.0 {
        (earned / total * 100.0).round() as u8
    } else {
        0
    };
    Report {
        card: id,
        score,
        rating: Rating::suggest(score, &thresholds, 0),
        words: 0,
        flags: Vec::new(),
        sections: Vec::new(),
        items,
        numeric: None,
        hints_used: 0,
    }
}

/// A checklist line as the report keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedItem {
    pub id: String,
    pub desc: String,
    pub weight: u8,
    pub status: Status,
    pub evidence: Option<String>,
}

/// One part: a main answer or a follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartReport {
    pub followup: Option<String>,
    pub prompt: String,
    pub end: PartEnd,
    /// None when the part was not reached.
    pub score: Option<u8>,
    pub answer: String,
    pub ticked: Vec<String>,
    pub notes: String,
    pub items: Vec<CheckedItem>,
    pub limit_secs: u64,
    pub elapsed_secs: u64,
    /// Seconds spent in each section of the answer, by section title.
    pub section_secs: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionReport {
    pub card: String,
    pub title: String,
    /// The main answer weighted twice, each follow-up once; parts not reached count 0.
    pub score: u8,
    pub parts: Vec<PartReport>,
}

/// A concept worth practising: a rubric item missed or half-met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Practice {
    pub id: String,
    pub desc: String,
    pub card: String,
    pub status: Status,
}

/// An earlier mock's score, for the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastMock {
    pub id: String,
    pub at: DateTime<Utc>,
    pub plan: String,
    pub score: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MockReport {
    pub id: String,
    pub plan: String,
    pub plan_title: String,
    pub mode: Mode,
    pub started_at: DateTime<Utc>,
    pub end: MockEnd,
    pub limit_secs: u64,
    pub elapsed_secs: u64,
    pub pauses: u32,
    pub questions: Vec<QuestionReport>,
    /// The mean of the question scores.
    pub score: u8,
    pub verdict: Verdict,
    pub practise_next: Vec<Practice>,
    /// Earlier mocks, oldest first.
    pub trend: Vec<PastMock>,
}

impl MockReport {
    /// One sentence on how the mock went, and where to read the whole report.
    pub fn summary(&self) -> String {
        format!(
            "Mock `{}`: {} ({}/100); `prepdeck mock report {}` prints the report.",
            self.id,
            self.verdict.label(),
            self.score,
            self.id
        )
    }

    /// The report of a finished mock; `None` while it is still running.
    pub fn build(
        id: &str,
        started_at: DateTime<Utc>,
        mock: &Mock,
        scored: &[ScoredPart],
        bank: &Bank,
        earlier: Vec<PastMock>,
    ) -> Option<MockReport> {
        let MockPhase::Finished(end) = mock.phase() else {
            return None;
        };
        let plan = mock.plan();
        let questions: Vec<QuestionReport> = plan
            .questions
            .iter()
            .enumerate()
            .map(|(index, question)| {
                let parts: Vec<&ScoredPart> = scored
                    .iter()
                    .filter(|s| s.result.part.question == index)
                    .collect();
                let card = bank.card(&question.card);
                QuestionReport {
                    card: question.card.clone(),
                    title: card.map_or_else(|| question.card.clone(), |c| c.title.clone()),
                    score: question_score(&parts),
                    parts: parts.iter().map(|s| part_report(s, card)).collect(),
                }
            })
            .collect();
        let score = if questions.is_empty() {
            0
        } else {
            let sum: u32 = questions.iter().map(|q| u32::from(q.score)).sum();
            (f64::from(sum) / questions.len() as f64).round() as u8
        };
        Some(MockReport {
            id: id.to_string(),
            plan: plan.id.clone(),
            plan_title: plan.title.clone(),
            mode: mock.mode(),
            started_at,
            end,
            limit_secs: plan.time_limit_secs,
            elapsed_secs: scored.iter().map(|s| s.result.elapsed_ms).sum::<u64>() / 1000,
            pauses: mock.pauses(),
            questions,
            score,
            verdict: Verdict::of(score),
            practise_next: practise_next(scored),
            trend: earlier,
        })
    }

    /// The change in score since the last earlier mock.
    pub fn change(&self) -> Option<i32> {
        self.trend
            .last()
            .map(|last| i32::from(self.score) - i32::from(last.score))
    }
}

fn question_score(parts: &[&ScoredPart]) -> u8 {
    let mut weight = 0;
    let mut sum = 0;
    for part in parts {
        let w = if part.result.part.followup.is_none() {
            MAIN_WEIGHT
        } else {
            1
        };
        weight += w;
        sum += w * part.report.as_ref().map_or(0, |r| u32::from(r.score));
    }
    if weight == 0 {
        0
    } else {
        (f64::from(sum) / f64::from(weight)).round() as u8
    }
}

fn part_report(scored: &ScoredPart, card: Option<&Card>) -> PartReport {
    let result = &scored.result;
    let prompt = card
        .and_then(|c| match &result.part.followup {
            Some(id) => c
                .followups
                .iter()
                .find(|f| &f.id == id)
                .map(|f| f.prompt.clone()),
            None => Some(c.prompt.clone()),
        })
        .unwrap_or_default();
    PartReport {
        followup: result.part.followup.clone(),
        prompt,
        end: result.end,
        score: scored.report.as_ref().map(|r| r.score),
        answer: result.answer.clone(),
        ticked: result.ticked.clone(),
        notes: result.notes.clone(),
        items: scored.report.as_ref().map_or_else(Vec::new, |r| {
            r.items
                .iter()
                .map(|i| CheckedItem {
                    id: i.id.clone(),
                    desc: i.desc.clone(),
                    weight: i.weight,
                    status: i.status,
                    evidence: i.evidence.clone(),
                })
                .collect()
        }),
        limit_secs: result.part.limit_secs,
        elapsed_secs: result.elapsed().as_secs(),
        section_secs: result
            .sections
            .iter()
            .filter(|s| !s.id.is_empty())
            .map(|s| (s.title.clone(), s.secs))
            .collect(),
    }
}

/// The missed and half-met items of the parts answered, the heaviest loss first.
fn practise_next(scored: &[ScoredPart]) -> Vec<Practice> {
    let mut lost: Vec<(f64, Practice)> = scored
        .iter()
        .filter_map(|s| s.report.as_ref().map(|r| (s, r)))
        .flat_map(|(s, r)| {
            r.items
                .iter()
                .filter(|i| i.status != Status::Hit)
                .map(move |i| {
                    (
                        f64::from(i.weight) * (1.0 - i.credit),
                        Practice {
                            id: i.id.clone(),
                            desc: i.desc.clone(),
                            card: s.result.part.card.clone(),
                            status: i.status,
                        },
                    )
                })
        })
        .collect();
    lost.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let mut chosen: Vec<Practice> = Vec::new();
    for (_, practice) in lost {
        if chosen.len() == PRACTICE_SHOWN {
            break;
        }
        if !chosen.iter().any(|c| c.id == practice.id) {
            chosen.push(practice);
        }
    }
    chosen
}

fn end_label(end: PartEnd) -> &'static str {
    match end {
        PartEnd::Submitted => "submitted",
        PartEnd::TimeUp => "time up, locked",
        PartEnd::MockTimeUp => "the mock's time ran out",
        PartEnd::Ended => "the mock was ended",
        PartEnd::NotReached => "not reached",
    }
}

fn mock_end_label(end: MockEnd) -> &'static str {
    match end {
        MockEnd::Completed => "every question answered",
        MockEnd::TimeUp => "the overall clock ran out",
        MockEnd::Ended => "ended early",
    }
}

fn pacing(elapsed: u64, limit: u64) -> String {
    let share = (elapsed * 100).checked_div(limit).unwrap_or(0);
    if elapsed > limit {
        format!(
            "{share}% of the time, over by {}",
            secs_clock(elapsed - limit)
        )
    } else {
        format!("{share}% of the time")
    }
}

fn secs_clock(secs: u64) -> String {
    clock(Duration::from_secs(secs))
}

fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Hit => "[x]",
        Status::Partial => "[~]",
        Status::Miss => "[ ]",
    }
}

/// The report as Markdown, to keep or hand to a coach.
pub fn render_markdown(report: &MockReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Mock interview: {}", report.plan_title);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "- Report: `{}` · plan `{}` · {} mode · {}",
        report.id,
        report.plan,
        match report.mode {
            Mode::Candidate => "candidate",
            Mode::Interviewer => "interviewer",
        },
        report.started_at.format("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(
        out,
        "- Verdict: **{}** (overall score {}/100)",
        report.verdict.label(),
        report.score
    );
    let scale: Vec<String> = VERDICT_THRESHOLDS
        .iter()
        .zip(
            VERDICT_THRESHOLDS
                .iter()
                .skip(1)
                .map(|(_, from)| Some(*from))
                .chain([None]),
        )
        .map(|((verdict, from), next)| match next {
            Some(next) => format!("{} {from}–{}", verdict.label(), next - 1),
            None => format!("{} {from}–100", verdict.label()),
        })
        .collect();
    let _ = writeln!(out, "- Scale: {}", scale.join(" · "));
    let _ = writeln!(
        out,
        "- Time: {} of {} ({}); {}{}",
        secs_clock(report.elapsed_secs),
        secs_clock(report.limit_secs),
        pacing(report.elapsed_secs, report.limit_secs),
        mock_end_label(report.end),
        match report.pauses {
            0 => String::new(),
            1 => "; 1 pause".to_string(),
            n => format!("; {n} pauses"),
        }
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "## Practise next");
    let _ = writeln!(out);
    if report.practise_next.is_empty() {
        let _ = writeln!(out, "Nothing missed: every checklist item was met.");
    }
    for (n, practice) in report.practise_next.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. {} (`{}`, {})",
            n + 1,
            practice.desc,
            practice.id,
            practice.card
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "## Trend");
    let _ = writeln!(out);
    match report.change() {
        None => {
            let _ = writeln!(
                out,
                "This is your first mock: the next one will be compared with it."
            );
        }
        Some(change) => {
            let scores: Vec<String> = report
                .trend
                .iter()
                .map(|p| p.score.to_string())
                .chain([format!("**{}**", report.score)])
                .collect();
            let _ = writeln!(
                out,
                "{} ({:+} since the last mock, {} mocks in all)",
                scores.join(" → "),
                change,
                report.trend.len() + 1
            );
        }
    }
    for (n, question) in report.questions.iter().enumerate() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "## Question {}: {} — {}/100",
            n + 1,
            question.title,
            question.score
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "Card `{}`.", question.card);
        for part in &question.parts {
            render_part(&mut out, part);
        }
    }
    out
}

fn render_part(out: &mut String, part: &PartReport) {
    let _ = writeln!(out);
    let heading = match &part.followup {
        Some(id) => format!("### Follow-up `{id}`"),
        None => "### Main question".to_string(),
    };
    let score = part
        .score
        .map_or_else(|| "not scored".to_string(), |s| format!("{s}/100"));
    let _ = writeln!(out, "{heading} — {score}");
    let _ = writeln!(out);
    for line in part.prompt.lines() {
        let _ = writeln!(out, "> {line}");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Time: {} of {} ({}), {}.",
        secs_clock(part.elapsed_secs),
        secs_clock(part.limit_secs),
        pacing(part.elapsed_secs, part.limit_secs),
        end_label(part.end)
    );
    if !part.section_secs.is_empty() {
        let sections: Vec<String> = part
            .section_secs
            .iter()
            .map(|(title, secs)| format!("{title} {}", secs_clock(*secs)))
            .collect();
        let _ = writeln!(out, "Per section: {}.", sections.join(", "));
    }
    if part.end == PartEnd::NotReached {
        return;
    }
    if !part.answer.trim().is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "#### Answer");
        let _ = writeln!(out);
        for line in part.answer.trim_end().lines() {
            // The answer's own headings are quoted so they do not break the report's outline.
            let _ = writeln!(out, "> {line}");
        }
    }
    if !part.notes.trim().is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "#### Interviewer's notes");
        let _ = writeln!(out);
        for line in part.notes.trim_end().lines() {
            let _ = writeln!(out, "> {line}");
        }
    }
    if !part.items.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "#### Checklist");
        let _ = writeln!(out);
        for item in &part.items {
            let evidence = item
                .evidence
                .as_ref()
                .map_or_else(String::new, |e| format!(" — “{e}”"));
            let _ = writeln!(
                out,
                "- {} {} (weight {}){evidence}",
                status_mark(item.status),
                item.desc,
                item.weight
            );
        }
    }
}

/// The report as JSON, with the `schema_version` of its shape, so tools that read reports
/// (`prepdeck report merge`) can tell a newer shape from a damaged file.
pub fn render_json(report: &MockReport) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or(serde_json::Value::Null);
    if let Some(object) = value.as_object_mut() {
        object.insert("schema_version".into(), MOCK_REPORT_SCHEMA_VERSION.into());
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::mock::{Plan, PlannedQuestion};
    use crate::session::MockEvent;

    fn bank() -> Bank {
        Bank::bundled()
    }

    /// One OTDR question with its first follow-up, ten minutes each.
    fn plan(bank: &Bank) -> Plan {
        let card = bank.card("otdr/triage-plan").expect("a bundled card");
        Plan {
            id: "one".into(),
            title: "One question".into(),
            description: String::new(),
            time_limit_secs: 1800,
            questions: vec![PlannedQuestion {
                card: card.id.to_string(),
                time_limit_secs: 600,
                followups: vec![card.followups[0].id.clone()],
            }],
            origin: "a test".into(),
        }
    }

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn build(bank: &Bank, mock: &Mock, earlier: Vec<PastMock>) -> MockReport {
        let scored = score_parts(mock.results(), mock.mode(), bank, Config::default().rating);
        let started = DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z").expect("a time");
        MockReport::build("m1", started.to_utc(), mock, &scored, bank, earlier)
            .expect("a finished mock has a report")
    }

    #[test]
    fn verdicts_follow_the_stated_thresholds() {
        let cases = [
            (0, Verdict::VeryWeak),
            (34, Verdict::VeryWeak),
            (35, Verdict::Weak),
            (49, Verdict::Weak),
            (50, Verdict::Neutral),
            (64, Verdict::Neutral),
            (65, Verdict::Strong),
            (79, Verdict::Strong),
            (80, Verdict::VeryStrong),
            (100, Verdict::VeryStrong),
        ];
        for (score, verdict) in cases {
            assert_eq!(Verdict::of(score), verdict, "score {score}");
        }
    }

    #[test]
    fn an_unfinished_mock_has_no_report() {
        let bank = bank();
        let mock = Mock::start(plan(&bank), &bank, Mode::Candidate, secs(0)).expect("starts");
        let scored = score_parts(mock.results(), mock.mode(), &bank, Config::default().rating);
        let started = DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z").expect("a time");
        assert!(MockReport::build("m1", started.to_utc(), &mock, &scored, &bank, vec![]).is_none());
    }

    #[test]
    fn the_interviewers_ticks_score_the_checklist_and_the_main_answer_counts_double() {
        let bank = bank();
        let mut mock = Mock::start(plan(&bank), &bank, Mode::Interviewer, secs(0)).expect("starts");
        let main_items = mock.checklist().expect("a checklist").0.len();
        for index in 0..main_items {
            mock.update(MockEvent::Toggle(index), secs(10));
        }
        mock.update(MockEvent::Notes("Covered everything.".into()), secs(20));
        mock.update(MockEvent::Submit, secs(300));
        mock.update(MockEvent::Submit, secs(400));
        assert!(mock.is_finished());
        let report = build(&bank, &mock, vec![]);

        let question = &report.questions[0];
        assert_eq!(question.parts[0].score, Some(100), "every item ticked");
        assert_eq!(question.parts[1].score, Some(0), "nothing ticked");
        assert_eq!(question.score, 67, "(2 × 100 + 1 × 0) / 3");
        assert_eq!(report.score, 67);
        assert_eq!(report.verdict, Verdict::Strong);
        assert!(
            report.practise_next.len() == PRACTICE_SHOWN
                && report
                    .practise_next
                    .iter()
                    .all(|p| p.status == Status::Miss),
            "the follow-up's missed items are what to practise"
        );
        let markdown = render_markdown(&report);
        assert!(markdown.contains("interviewer mode"), "{markdown}");
        assert!(markdown.contains("#### Interviewer's notes"), "{markdown}");
        assert!(markdown.contains("Covered everything."), "{markdown}");
        assert_eq!(
            markdown.matches("ticked by the interviewer").count(),
            main_items
        );
    }

    #[test]
    fn the_trend_compares_with_the_last_earlier_mock() {
        let bank = bank();
        let mut mock = Mock::start(plan(&bank), &bank, Mode::Candidate, secs(0)).expect("starts");
        mock.update(MockEvent::End, secs(30));
        let at = DateTime::parse_from_rfc3339("2026-02-01T09:00:00Z").expect("a time");
        let earlier = vec![
            PastMock {
                id: "a".into(),
                at: at.to_utc(),
                plan: "one".into(),
                score: 70,
            },
            PastMock {
                id: "b".into(),
                at: at.to_utc(),
                plan: "one".into(),
                score: 40,
            },
        ];
        let report = build(&bank, &mock, earlier);
        assert_eq!(report.score, 0);
        assert_eq!(report.change(), Some(-40));
        assert_eq!(report.questions[0].parts[1].end, PartEnd::NotReached);
        assert_eq!(report.questions[0].parts[1].score, None);
        let json = render_json(&report);
        assert_eq!(json["verdict"], "very-weak");
        assert_eq!(json["questions"][0]["parts"][1]["end"], "not-reached");
    }
}
