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
