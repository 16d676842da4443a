//! Reading the documents a cohort is merged from: `prepdeck export` histories and
//! `prepdeck mock report ID --format json` reports, told apart by their keys. Anything else
//! is refused with one sentence naming the file (and the line and column, for JSON that does
//! not parse or does not have the expected shape), and files of one kind must share a
//! schema version.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::{Answer, Candidate, ItemMark};
use crate::deck::CardId;
use crate::mock::{MOCK_REPORT_SCHEMA_VERSION, MockReport};
use crate::store::{EXPORT_SCHEMA_VERSION, Export};
use crate::text::strip_control;

/// One input file: how the user named it, the candidate it stands for, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub file: String,
    pub candidate: String,
    pub text: String,
}

/// The kinds of document a cohort is merged from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Export,
    MockReport,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Export => "export",
            Kind::MockReport => "mock report",
        }
    }

    /// The newest schema version this prepdeck reads.
    fn supported(self) -> u32 {
        match self {
            Kind::Export => EXPORT_SCHEMA_VERSION,
            Kind::MockReport => MOCK_REPORT_SCHEMA_VERSION,
        }
    }

    /// The command that writes this kind, for messages.
    fn writer(self) -> &'static str {
        match self {
            Kind::Export => "prepdeck export",
            Kind::MockReport => "prepdeck mock report ID --format json",
        }
    }
}

/// Why the files cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// The text is not JSON.
    NotJson {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
    /// JSON of a known kind that does not have that kind's shape.
    Malformed {
        file: String,
        kind: Kind,
        line: usize,
        column: usize,
        reason: String,
    },
    /// JSON, but neither an export nor a mock report.
    Unrecognised { file: String },
    /// Two files of one kind written with different schema versions.
    Versions {
        kind: Kind,
        first: (String, u32),
        second: (String, u32),
    },
    /// A file written by a newer prepdeck.
    Newer {
        file: String,
        kind: Kind,
        version: u32,
    },
    /// An answer to something that is not a card id.
    NotACard { file: String, card: String },
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::NotJson {
                file,
                line,
                column,
                reason,
            } => write!(
                f,
                "{file}:{line}:{column}: this is not JSON ({reason}); `report merge` reads files written by `prepdeck export` or `prepdeck mock report ID --format json`"
            ),
            MergeError::Malformed {
                file,
                kind,
                line,
                column,
                reason,
            } => write!(
                f,
                "{file}:{line}:{column}: this looks like a prepdeck {} but {reason}; write it again with `{}`",
                kind.label(),
                kind.writer()
            ),
            MergeError::Unrecognised { file } => write!(
                f,
                "{file} is neither a `prepdeck export` (an object with `schema_version` and `attempts`) nor a mock report from `prepdeck mock report ID --format json` (an object with `plan`, `questions` and `verdict`)"
            ),
            MergeError::Versions {
                kind,
                first,
                second,
            } => write!(
                f,
                "{} is {} schema version {} but {} is version {}; write both with the same prepdeck before merging them",
                first.0,
                kind.label(),
                first.1,
                second.0,
                second.1
            ),
            MergeError::Newer {
                file,
                kind,
                version,
            } => write!(
                f,
                "{file} was written by a newer prepdeck ({} schema version {version}; this one reads up to {}); upgrade prepdeck to merge it",
                kind.label(),
                kind.supported()
            ),
            MergeError::NotACard { file, card } => write!(
                f,
                "{file} has an answer to `{}`, which is not a card id (DECK/CARD); is the file damaged?",
                strip_control(card)
            ),
        }
    }
}

impl std::error::Error for MergeError {}

/// The candidates' names: each file's stem, or the file as given where two stems are the same.
pub fn candidate_names(files: &[&Path]) -> Vec<String> {
    let stems: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_stem()
                .map_or_else(|| f.display().to_string(), |s| s.to_string_lossy().into())
        })
        .collect();
    stems
        .iter()
        .zip(files)
        .map(|(stem, file)| {
            if stems.iter().filter(|s| *s == stem).count() > 1 {
                file.display().to_string()
            } else {
                stem.clone()
            }
        })
        .collect()
}

/// Reads every input into a candidate, after checking that files of one kind share a schema
/// version this prepdeck reads.
pub fn read_inputs(inputs: &[Input]) -> Result<Vec<Candidate>, MergeError> {
    let probed = inputs.iter().map(probe).collect::<Result<Vec<_>, _>>()?;
    for kind in [Kind::Export, Kind::MockReport] {
        let mut of_kind = probed.iter().filter(|p| p.kind == kind);
        let Some(first) = of_kind.next() else {
            continue;
        };
        if let Some(other) = of_kind.find(|p| p.version != first.version) {
            return Err(MergeError::Versions {
                kind,
                first: (first.input.file.clone(), first.version),
                second: (other.input.file.clone(), other.version),
            });
        }
        if first.version > kind.supported() {
            return Err(MergeError::Newer {
                file: first.input.file.clone(),
                kind,
                version: first.version,
            });
        }
    }
    probed.iter().map(candidate).collect()
}

/// An input with its kind and schema version known.
struct Probed<'a> {
    input: &'a Input,
    kind: Kind,
    version: u32,
}

#[derive(Deserialize)]
struct ExportVersion {
    schema_version: u32,
}

#[derive(Deserialize)]
struct ReportVersion {
    /// Reports written before the field existed are version 1.
    #[serde(default = "first_version")]
    schema_version: u32,
}

fn first_version() -> u32 {
    1
}

fn probe(input: &Input) -> Result<Probed<'_>, MergeError> {
    let value: Value = serde_json::from_str(&input.text).map_err(|e| MergeError::NotJson {
        file: input.file.clone(),
        line: e.line(),
        column: e.column(),
        reason: reason(&e),
    })?;
    let has = |key: &str| value.get(key).is_some();
    let kind = if has("schema_version") && has("attempts") {
        Kind::Export
    } else if has("plan") && has("questions") && has("verdict") {
        Kind::MockReport
    } else {
        return Err(MergeError::Unrecognised {
            file: input.file.clone(),
        });
    };
    let version = match kind {
        Kind::Export => typed::<ExportVersion>(input, kind)?.schema_version,
        Kind::MockReport => typed::<ReportVersion>(input, kind)?.schema_version,
    };
    Ok(Probed {
        input,
        kind,
        version,
    })
}

/// Parses the text again as `T`, so a shape error has its line and column.
fn typed<T: serde::de::DeserializeOwned>(input: &Input, kind: Kind) -> Result<T, MergeError> {
    serde_json::from_str(&input.text).map_err(|e| MergeError::Malformed {
        file: input.file.clone(),
        kind,
        line: e.line(),
        column: e.column(),
        reason: reason(&e),
    })
}

/// serde_json's message without its own " at line L column C", which the error places first.
fn reason(error: &serde_json::Error) -> String {
    let message = error.to_string();
    message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string()
}

fn candidate(probed: &Probed) -> Result<Candidate, MergeError> {
    let input = probed.input;
    let card = |id: &str| {
        CardId::parse(id).ok_or_else(|| MergeError::NotACard {
            file: input.file.clone(),
            card: id.to_string(),
        })
    };
    let answers = match probed.kind {
        Kind::Export => {
            let export: Export = typed(input, probed.kind)?;
            export
                .attempts
                .into_iter()
                .map(|attempt| {
                    Ok(Answer {
                        card: card(&attempt.card)?,
                        at: attempt.at,
                        score: attempt.score,
                        items: attempt
                            .items
                            .into_iter()
                            .map(|i| ItemMark {
                                id: i.id,
                                desc: i.desc,
                                status: i.status,
                            })
                            .collect(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
        }
        Kind::MockReport => {
            let report: MockReport = typed(input, probed.kind)?;
            let mut answers = Vec::new();
            for question in report.questions {
                // Follow-ups are practice on top of a card, and parts never reached have
                // no verdicts: only main answers count.
                for part in question.parts {
                    let (None, Some(score)) = (&part.followup, part.score) else {
                        continue;
                    };
                    answers.push(Answer {
                        card: card(&question.card)?,
                        at: report.started_at,
                        score,
                        items: part
                            .items
                            .into_iter()
                            .map(|i| ItemMark {
                                id: i.id,
                                desc: i.desc,
                                status: i.status,
                            })
                            .collect(),
                    });
                }
            }
            answers
        }
    };
    Ok(Candidate {
        name: input.candidate.clone(),
        answers,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::mock::{CheckedItem, PartReport, QuestionReport, Verdict, render_json};
    use crate::score::Status;
    use crate::session::{MockEnd, Mode, PartEnd};

    fn input(file: &str, text: &str) -> Input {
        Input {
            file: file.to_string(),
            candidate: file.trim_end_matches(".json").to_string(),
            text: text.to_string(),
        }
    }

    fn export(version: u32, card: &str) -> String {
        serde_json::to_string_pretty(&json!({
            "schema_version": version,
            "generator": "prepdeck 0.1.0",
            "attempts": [{
                "uid": "a1", "card": card, "card_hash": "h", "mode": "review",
                "at": "2025-03-01T09:00:00.000Z", "day": "2025-03-01",
                "answers": [{ "section": "goals", "text": "More rides." }],
                "time_used_ms": 60000, "hints_used": 0, "score": 30,
                "suggested_rating": "again", "flags": [],
                "items": [
                    { "id": "goal", "source": "card", "desc": "Names the goal", "weight": 2,
                      "status": "miss", "credit": 0.0 },
                    { "id": "metric", "source": "framework", "desc": "Defines a metric",
                      "weight": 1, "status": "partial", "credit": 0.5 }
                ]
            }],
            "reviews": [], "card_states": [], "mock_sessions": [], "settings": {}
        }))
        .expect("JSON")
    }

    fn part(followup: Option<&str>, score: Option<u8>, status: Status) -> PartReport {
        PartReport {
            followup: followup.map(str::to_string),
            prompt: String::new(),
            end: if score.is_some() {
                PartEnd::Submitted
            } else {
                PartEnd::NotReached
            },
            score,
            answer: String::new(),
            ticked: Vec::new(),
            notes: String::new(),
            items: vec![CheckedItem {
                id: "goal".into(),
                desc: "Names the goal".into(),
                weight: 2,
                status,
                evidence: None,
            }],
            limit_secs: 60,
            elapsed_secs: 30,
            section_secs: Vec::new(),
        }
    }

    fn mock_report() -> String {
        let report = MockReport {
            id: "m1".into(),
            plan: "tiny".into(),
            plan_title: "Tiny".into(),
            mode: Mode::Candidate,
            started_at: "2025-03-02T09:00:00Z".parse().expect("a time"),
            end: MockEnd::Completed,
            limit_secs: 120,
            elapsed_secs: 60,
            pauses: 0,
            questions: vec![
                QuestionReport {
                    card: "d/one".into(),
                    title: "One".into(),
                    score: 80,
                    parts: vec![
                        part(None, Some(80), Status::Hit),
                        part(Some("why"), Some(10), Status::Miss),
                    ],
                },
                QuestionReport {
                    card: "d/two".into(),
                    title: "Two".into(),
                    score: 0,
                    parts: vec![part(None, None, Status::Miss)],
                },
            ],
            score: 40,
            verdict: Verdict::Weak,
            practise_next: Vec::new(),
            trend: Vec::new(),
        };
        render_json(&report).to_string()
    }

    fn error(inputs: &[Input]) -> MergeError {
        read_inputs(inputs).expect_err("the inputs are refused")
    }

    #[test]
    fn reads_an_export_and_the_main_answers_a_mock_report_reached() {
        let candidates = read_inputs(&[
            input("anna.json", &export(1, "d/one")),
            input("ben.json", &mock_report()),
        ])
        .expect("both read");
        assert_eq!(candidates[0].name, "anna");
        let anna = &candidates[0].answers;
        assert_eq!(anna.len(), 1);
        assert_eq!(anna[0].card.as_str(), "d/one");
        assert_eq!(anna[0].score, 30);
        let marks: Vec<(&str, Status)> = anna[0]
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.status))
            .collect();
        assert_eq!(marks, [("goal", Status::Miss), ("metric", Status::Partial)]);
        let ben = &candidates[1].answers;
        assert_eq!(
            ben.len(),
            1,
            "the follow-up and the part not reached are left out"
        );
        assert_eq!((ben[0].card.as_str(), ben[0].score), ("d/one", 80));
        assert_eq!(ben[0].at.to_rfc3339(), "2025-03-02T09:00:00+00:00");
    }

    #[test]
    fn a_mock_report_without_a_version_is_version_one() {
        let mut report: Value = serde_json::from_str(&mock_report()).expect("JSON");
        assert_eq!(report["schema_version"], 1);
        report
            .as_object_mut()
            .expect("an object")
            .remove("schema_version");
        let candidates = read_inputs(&[
            input("old.json", &report.to_string()),
            input("new.json", &mock_report()),
        ])
        .expect("both are version 1");
        assert_eq!(candidates.len(), 2);
    }

    #[test]
    fn text_that_is_not_json_is_located() {
        let message =
            error(&[input("a.json", "{\n  \"schema_version\": 1,\n  oops\n}")]).to_string();
        assert!(
            message.starts_with("a.json:3:3: this is not JSON (key must be a string)"),
            "{message}"
        );
    }

    #[test]
    fn a_malformed_export_is_located() {
        let text = export(1, "d/one").replace("\"score\": 30", "\"score\": \"high\"");
        let failure = error(&[input("a.json", &text)]);
        assert!(
            matches!(failure, MergeError::Malformed { kind: Kind::Export, line, .. } if line > 1),
            "{failure:?}"
        );
        let message = failure.to_string();
        assert!(
            message.contains("this looks like a prepdeck export but invalid type: string \"high\""),
            "{message}"
        );
    }

    #[test]
    fn other_json_says_what_was_expected() {
        for text in ["[1, 2]", "{\"attempts\": []}", "{\"deck\": {}}"] {
            let message = error(&[input("a.json", text)]).to_string();
            assert!(
                message.starts_with("a.json is neither a `prepdeck export`"),
                "{message}"
            );
        }
    }

    #[test]
    fn files_of_one_kind_must_share_a_version() {
        let failure = error(&[
            input("a.json", &export(1, "d/one")),
            input("b.json", &mock_report()),
            input("c.json", &export(2, "d/one")),
        ]);
        assert_eq!(
            failure.to_string(),
            "a.json is export schema version 1 but c.json is version 2; write both with the same prepdeck before merging them"
        );
    }

    #[test]
    fn a_newer_version_asks_for_an_upgrade() {
        let message = error(&[input("a.json", &export(9, "d/one"))]).to_string();
        assert_eq!(
            message,
            "a.json was written by a newer prepdeck (export schema version 9; this one reads up to 1); upgrade prepdeck to merge it"
        );
    }

    #[test]
    fn an_answer_to_something_that_is_not_a_card_is_refused() {
        let failure = error(&[input("a.json", &export(1, "no-slash"))]);
        assert_eq!(
            failure,
            MergeError::NotACard {
                file: "a.json".into(),
                card: "no-slash".into()
            }
        );
    }

    #[test]
    fn candidates_are_named_by_stem_unless_two_stems_agree() {
        let names = candidate_names(&[
            Path::new("week1/anna.json"),
            Path::new("week1/ben.json"),
            Path::new("week2/ben.json"),
        ]);
        assert_eq!(names, ["anna", "week1/ben.json", "week2/ben.json"]);
    }
}
