//! `prepdeck report merge FILE...`: reads candidates' exports and mock reports and prints the
//! cohort view ([`crate::cohort`]) as Markdown or CSV, to standard output or a file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};

use super::backup::{read_text, write_whole};
use super::{Failure, Outcome};
use crate::cohort::{Cohort, Input, candidate_names, read_inputs, render_csv, render_markdown};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Merge several candidates' exports (`prepdeck export`) and mock reports (`prepdeck mock
    /// report ID --format json`) into a cohort view: the rubric concepts most candidates miss,
    /// per deck and per card. Each file is one candidate, named by the file's stem, counted by
    /// their latest answer to each card.
    Merge {
        /// The files to merge, one per candidate.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Markdown tables, or CSV with a row per deck and card concept for a spreadsheet.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Write the report to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Csv,
}

pub fn run(command: &ReportCommand) -> Outcome {
    let ReportCommand::Merge { files, format, out } = command;
    let cohort =
        Cohort::merge(&read_inputs(&inputs(files)?).map_err(|e| Failure::new(e.to_string()))?);
    let text = match format {
        Format::Markdown => render_markdown(&cohort),
        Format::Csv => render_csv(&cohort).map_err(Failure::new)?,
    };
    match out.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            write_whole(path, &text, "the report")?;
            eprintln!(
                "Wrote the report of {} candidates to {}.",
                cohort.candidates.len(),
                path.display()
            );
        }
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| Failure::new(format!("cannot write the report: {e}")))?,
    }
    Ok(0)
}

fn inputs(files: &[PathBuf]) -> Result<Vec<Input>, Failure> {
    for (index, file) in files.iter().enumerate() {
        if files[..index].contains(file) {
            return Err(Failure::usage(format!(
                "{} is given twice; each file is one candidate",
                file.display()
            )));
        }
    }
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    files
        .iter()
        .zip(candidate_names(&paths))
        .map(|(file, candidate)| {
            Ok(Input {
                file: file.display().to_string(),
                candidate,
                text: read_text(file).map_err(|reason| {
                    Failure::new(format!("cannot read {}: {reason}", file.display()))
                })?,
            })
        })
        .collect()
}
