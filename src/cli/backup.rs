//! `prepdeck export` and `prepdeck import`: the whole history as JSON, and merging it back.

use std::io::Write as _;
use std::path::Path;

use super::{App, Failure, Outcome, open_store};
use crate::store::Export;

pub fn export(app: &App, out: Option<&Path>) -> Outcome {
    let store = open_store(app)?;
    let export = store.export().map_err(|e| Failure::new(e.to_string()))?;
    let text = export.to_json();
    let Some(path) = out.filter(|p| p.as_os_str() != "-") else {
        std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| Failure::new(format!("cannot write the export: {e}")))?;
        return Ok(0);
    };
    write_whole(path, &text, "the export")?;
    eprintln!(
        "Exported {} attempts and {} reviews to {}.",
        export.attempts.len(),
        export.reviews.len(),
        path.display()
    );
    Ok(0)
}

/// Writes beside the target and renames over it, so an interrupted write never leaves a
/// half-written file where a good one was. `what` names the text in messages.
pub(super) fn write_whole(path: &Path, text: &str, what: &str) -> Result<(), Failure> {
    let fail = |e: std::io::Error| {
        Failure::new(format!(
            "cannot write {what} to {}: {}",
            path.display(),
            crate::deck::bank::io_reason(&e)
        ))
    };
    let name = path
        .file_name()
        .ok_or_else(|| Failure::usage(format!("{} is not a file name", path.display())))?;
    let partial = path.with_file_name(format!(
        ".{}.partial-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&partial, text).map_err(fail)?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        fail(e)
    })
}

pub fn import(app: &App, file: &Path) -> Outcome {
    let source = file.display().to_string();
    let text = read_text(file)
        .map_err(|reason| Failure::new(format!("cannot import {source}: {reason}")))?;
    let export = Export::from_json(&text, &source).map_err(|e| Failure::new(e.to_string()))?;
    let mut store = open_store(app)?;
    let summary = store
        .import(&export, &source)
        .map_err(|e| Failure::new(e.to_string()))?;
    println!(
        "Imported {} attempts and {} reviews from {source} ({} attempts and {} reviews were already here); {} card schedules updated.",
        summary.attempts_added,
        summary.reviews_added,
        summary.attempts_present,
        summary.reviews_present,
        summary.card_states_updated
    );
    Ok(0)
}

/// A text file's contents, or why it cannot be read, as the end of a sentence.
pub(super) fn read_text(file: &Path) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidData {
            "it is not UTF-8 text".to_string()
        } else {
            crate::deck::bank::io_reason(&e)
        }
    })
}
