//! `prepdeck deck check --watch`: re-checks whenever a watched deck file is saved, by polling
//! modification times (no file-system notification crate needed for a handful of files).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::Outcome;

/// How often the files are looked at: quick enough to feel immediate after a save.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// What was seen of each watched file: its modification time and size, or `None` when it
/// could not be read (deleted, or mid-save).
pub type Snapshot = BTreeMap<PathBuf, Option<(SystemTime, u64)>>;

/// Runs `check` now and again after every change, until the user presses Ctrl-C (which
/// ends the process: there is nothing to save or restore).
pub fn run(paths: &[PathBuf], check: impl Fn() -> Outcome) -> Outcome {
    let mut seen = snapshot(paths);
    check()?;
    println!("watching for changes; press Ctrl-C to stop");
    loop {
        std::thread::sleep(POLL_EVERY);
        let now = snapshot(paths);
        let changed = changes(&seen, &now);
        if changed.is_empty() {
            continue;
        }
        seen = now;
        let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
        println!("\n──────── changed: {} ────────\n", names.join(", "));
        // Some editors save by replacing the file, so a watched path can be missing for a
        // moment: say so and keep watching; the next poll sees the file back.
        if let Err(failure) = check() {
            eprintln!("prepdeck: error: {}", failure.message);
        }
    }
}

/// The files whose state differs between two snapshots: modified, created or removed.
pub fn changes(before: &Snapshot, after: &Snapshot) -> Vec<PathBuf> {
    let mut changed: Vec<PathBuf> = after
        .iter()
        .filter(|(path, state)| before.get(*path) != Some(state))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(
        before
            .keys()
            .filter(|path| !after.contains_key(*path))
            .cloned(),
    );
    changed.sort();
    changed
}

/// The watched paths as they are now: each file named, and every `.toml` file in each folder.
fn snapshot(paths: &[PathBuf]) -> Snapshot {
    let mut files = Snapshot::new();
    for path in paths {
        if path.is_dir() {
            add_folder(path, &mut files);
        } else {
            files.insert(path.clone(), state(path));
        }
    }
    files
}

fn add_folder(dir: &Path, files: &mut Snapshot) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if path.is_dir() {
            add_folder(&path, files);
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.insert(path.clone(), state(&path));
        }
    }
}

fn state(path: &Path) -> Option<(SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64, len: u64) -> Option<(SystemTime, u64)> {
        Some((SystemTime::UNIX_EPOCH + Duration::from_secs(secs), len))
    }

    fn snapshot(entries: &[(&str, Option<(SystemTime, u64)>)]) -> Snapshot {
        entries
            .iter()
            .map(|(path, state)| (PathBuf::from(path), *state))
            .collect()
    }

    #[test]
    fn nothing_changed_means_no_recheck() {
        let s = snapshot(&[("a.toml", at(10, 100)), ("b.toml", at(20, 5))]);
        assert!(changes(&s, &s.clone()).is_empty());
    }

    #[test]
    fn a_save_a_new_file_and_a_deletion_are_all_changes() {
        let before = snapshot(&[("a.toml", at(10, 100)), ("b.toml", at(20, 5))]);
        let saved = snapshot(&[("a.toml", at(11, 100)), ("b.toml", at(20, 5))]);
        assert_eq!(changes(&before, &saved), [PathBuf::from("a.toml")]);
        let resized = snapshot(&[("a.toml", at(10, 101)), ("b.toml", at(20, 5))]);
        assert_eq!(changes(&before, &resized), [PathBuf::from("a.toml")]);
        let added = snapshot(&[
            ("a.toml", at(10, 100)),
            ("b.toml", at(20, 5)),
            ("c.toml", at(30, 1)),
        ]);
        assert_eq!(changes(&before, &added), [PathBuf::from("c.toml")]);
        let removed = snapshot(&[("b.toml", at(20, 5))]);
        assert_eq!(changes(&before, &removed), [PathBuf::from("a.toml")]);
    }

    #[test]
    fn a_named_file_that_vanishes_and_returns_is_seen_both_times() {
        let there = snapshot(&[("a.toml", at(10, 100))]);
        let gone = snapshot(&[("a.toml", None)]);
        assert_eq!(changes(&there, &gone), [PathBuf::from("a.toml")]);
        assert_eq!(changes(&gone, &there), [PathBuf::from("a.toml")]);
    }
}
