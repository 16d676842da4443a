//! `prepdeck score`: an answer against a card's rubric, as a checklist or as JSON.

use std::io::Read;
use std::path::Path;

use super::{App, Failure, Outcome, print_json};
use crate::deck::{Card, Followup};
use crate::score::{self, Lexicon, Options, Report};

/// Answers larger than this are refused rather than read: no typed answer comes close.
const MAX_ANSWER_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Scores a card, or one of its follow-ups when the id is `DECK/CARD#FOLLOWUP`.
pub fn run(app: &App, target: &str, answer: Option<&Path>, json: bool, hints_used: u32) -> Outcome {
    let (card_id, followup_id) = match target.split_once('#') {
        Some((card, followup)) => (card, Some(followup)),
        None => (target, None),
    };
    let card = app.card(card_id)?;
    let followup = match followup_id {
        Some(id) => Some(find_followup(card, id)?),
        None => None,
    };
    let text = read_answer(answer)?;
    let lexicon = app
        .bank
        .deck(card.id.deck())
        .map_or_else(|| Lexicon::new(&[]), |deck| Lexicon::new(&deck.thesaurus));
    let options = Options {
        thresholds: app.config.rating,
        hints_used,
    };
    let report = match followup {
        Some(followup) => score::score_followup(card, followup, &lexicon, &text, options),
        None => score::score_card(card, app.bank.framework_for(card), &lexicon, &text, options),
    };
    if json {
        return print_json(
            &serde_json::to_value(&report).map_err(|e| Failure::new(e.to_string()))?,
        );
    }
    let title = followup.map_or(card.title.as_str(), |f| {
        f.prompt.lines().next().unwrap_or("")
    });
    print!("{}", render(&report, title));
    Ok(0)
}

fn find_followup<'a>(card: &'a Card, id: &str) -> Result<&'a Followup, Failure> {
    card.followups.iter().find(|f| f.id == id).ok_or_else(|| {
        let clean = crate::text::strip_control(id);
        let known: Vec<String> = card
            .followups
            .iter()
            .map(|f| format!("`{}#{}`", card.id, f.id))
            .collect();
        if known.is_empty() {
            Failure::new(format!(
                "card `{}` has no follow-ups, so there is no `{clean}`",
                card.id
            ))
        } else {
            Failure::new(format!(
                "card `{}` has no follow-up `{clean}`; its follow-ups are {}",
                card.id,
                known.join(", ")
            ))
        }
    })
}

/// Reads the answer from a file, or standard input for `-` or no path; invalid UTF-8 is
/// replaced rather than refused, so pasted binary junk is still scored (poorly).
pub fn read_answer(path: Option<&Path>) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    match path.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let metadata = std::fs::metadata(path).map_err(|e| {
                Failure::new(format!(
                    "cannot read the answer file {}: {}",
                    path.display(),
                    crate::deck::bank::io_reason(&e)
                ))
            })?;
            if metadata.len() > MAX_ANSWER_FILE_BYTES {
                return Err(Failure::new(format!(
                    "the answer file {} is over {} MB; an answer is a few pages at most",
                    path.display(),
                    MAX_ANSWER_FILE_BYTES / (1024 * 1024)
                )));
            }
            bytes = std::fs::read(path).map_err(|e| {
                Failure::new(format!(
                    "cannot read the answer file {}: {}",
                    path.display(),
                    crate::deck::bank::io_reason(&e)
                ))
            })?;
        }
        None => {
            std::io::stdin()
                .take(MAX_ANSWER_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| {
                    Failure::new(format!("cannot read the answer from standard input: {e}"))
                })?;
            if bytes.len() as u64 > MAX_ANSWER_FILE_BYTES {
                return Err(Failure::new(format!(
                    "the answer on standard input is over {} MB; an answer is a few pages at most",
                    MAX_ANSWER_FILE_BYTES / (1024 * 1024)
                )));
            }
        }
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The human-readable report: checklist with evidence, sections, score and rating.
pub fn render(report: &Report, title: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}",
        report.card,
        crate::text::strip_control(title)
    );
    let _ = writeln!(
        out,
        "Score {}/100 · suggested rating: {}{}",
        report.score,
        capitalize(report.rating.name()),
        hint_note(report.hints_used)
    );
    if let Some(numeric) = &report.numeric {
        let _ = writeln!(
            out,
            "Your answer: {} · expected: {} {} (within {:.0}%)",
            numeric.describe_given(),
            numeric.expected,
            numeric.unit,
            numeric.tolerance * 100.0
        );
    }
    out.push('\n');
    for item in &report.items {
        let _ = writeln!(
            out,
            " {} [{}] {}",
            item.status.mark(),
            item.weight,
            item.desc
        );
        if let (Some(evidence), Some(line)) = (&item.evidence, item.line) {
            let _ = writeln!(out, "       “{evidence}” (line {line})");
        }
        if let Some(note) = &item.note {
            let _ = writeln!(out, "       note: {note}");
        }
    }
    if !report.sections.is_empty() {
        let parts: Vec<String> = report
            .sections
            .iter()
            .map(|s| {
                if s.present {
                    format!("{} {} words", s.title, s.words)
                } else {
                    format!("{} — empty", s.title)
                }
            })
            .collect();
        let _ = writeln!(out, "\nSections: {}", parts.join(" · "));
    }
    let _ = writeln!(out, "Words: {}", report.words);
    if !report.flags.is_empty() {
        let _ = writeln!(
            out,
            "Flags: {}",
            report
                .flags
                .iter()
                .map(|f| score::describe_flag(f))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    out
}

fn hint_note(hints: u32) -> String {
    match hints {
        0 => String::new(),
        1 => " (lowered a step for the hint used)".into(),
        n => format!(" (lowered {n} steps for the hints used)"),
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
