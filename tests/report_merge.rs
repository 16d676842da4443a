//! `prepdeck report merge` against the real binary: three candidates record real attempts
//! (each in their own PREPDECK_HOME, at PREPDECK_NOW) and export them; the merge counts who
//! missed each concept, per deck and per card, as Markdown and CSV. Then every kind of bad
//! input is refused with one sentence and exit code 1.

mod common;

use std::path::{Path, PathBuf};

use common::{Home, stderr, stdout};

/// Two recall cards sharing the concept `segments`, so the deck view merges it.
const DECK: &str = r#"[deck]
id = "cohort"
title = "Cohort test deck"

[[cards]]
id = "funnel"
title = "Signup funnel"
prompt = "How would you find where the signup funnel leaks?"
kind = "recall"
time_limit = "3m"

[[cards.rubric]]
id = "step-conversion"
desc = "Measures the conversion from each step to the next"
needs = "formula"
any = ["step conversion", "conversion from step"]

[[cards.rubric]]
id = "segments"
desc = "Slices by platform and acquisition channel"
any = ["by platform", "acquisition channel"]

[[cards]]
id = "pricing"
title = "Pricing test"
prompt = "How would you test a new price for the premium plan?"
kind = "recall"
time_limit = "3m"

[[cards.rubric]]
id = "willingness"
desc = "Tests willingness to pay with a price experiment"
any = ["price experiment", "willingness to pay"]

[[cards.rubric]]
id = "segments"
desc = "Slices by platform and acquisition channel"
any = ["by platform", "acquisition channel"]
"#;

/// Both funnel items met (score 100).
const FUNNEL_FULL: &str = "We compute the step conversion as users who reach a step divided by users at the step before. We slice every step by platform and by acquisition channel.";
/// The step conversion without a formula (half credit), no segments (score 25).
const FUNNEL_PARTIAL: &str = "We would watch the step conversion of the funnel.";
const NOTHING: &str = "I would talk to some users.";
/// Both pricing items met (score 100).
const PRICING_FULL: &str = "We run a price experiment to learn their willingness to pay. We slice the results by platform and acquisition channel.";

/// Records `answers` (day of March 2025, card, text) in a fresh home with the test deck and
/// exports the history to `folder/NAME.json`.
fn candidate(folder: &Path, name: &str, answers: &[(u32, &str, &str)]) -> PathBuf {
    let home = Home::new();
    home.write("decks/cohort.toml", DECK);
    for (day, card, text) in answers {
        let answer = home.write("answer.md", text);
        let run = home
            .cmd()
            .env("PREPDECK_NOW", format!("2025-03-{day:02}T09:00:00+00:00"))
            .args(["review", &format!("cohort/{card}"), "--cram", "--answer"])
            .arg(&answer)
            .output()
            .expect("review runs");
        assert!(run.status.success(), "{}", stderr(&run));
    }
    let export = folder.join(format!("{name}.json"));
    let run = home
        .cmd()
        .args(["export", "--out"])
        .arg(&export)
        .output()
        .expect("export runs");
    assert!(run.status.success(), "{}", stderr(&run));
    export
}

/// anna covers everything; ben's latest funnel answer covers it after an empty one; chen
/// half-meets the step conversion and misses the rest.
fn cohort(folder: &Path) {
    candidate(
        folder,
        "anna",
        &[(1, "funnel", FUNNEL_FULL), (1, "pricing", PRICING_FULL)],
    );
    candidate(
        folder,
        "ben",
        &[(1, "funnel", NOTHING), (3, "funnel", FUNNEL_FULL)],
    );
    candidate(
        folder,
        "chen",
        &[(2, "funnel", FUNNEL_PARTIAL), (2, "pricing", NOTHING)],
    );
}

/// `report merge` run in `folder`, so files are named as a coach would type them.
fn merge(folder: &Path, args: &[&str]) -> std::process::Output {
    Home::new()
        .cmd()
        .current_dir(folder)
        .args(["report", "merge"])
        .args(args)
        .output()
        .expect("report merge runs")
}

/// The table rows of the section that starts with `heading`, up to the next heading.
fn rows_under<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("the report has {heading:?}:\n{text}"));
    text[start + heading.len()..]
        .lines()
        .skip(1)
        .take_while(|line| !line.starts_with('#'))
        .filter(|line| line.starts_with("| ") && !line.starts_with("| Concept"))
        .collect()
}

#[test]
fn merges_three_exports_into_concept_counts_per_deck_and_card() {
    let folder = tempfile::tempdir().unwrap();
    cohort(folder.path());
    let run = merge(folder.path(), &["anna.json", "ben.json", "chen.json"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = stdout(&run);
    assert!(
        text.contains("3 candidates, one per file: anna, ben, chen."),
        "{text}"
    );
    assert!(
        text.contains("latest answer to each card: 5 answers counted of the 6 read"),
        "{text}"
    );
    assert_eq!(
        rows_under(&text, "## Deck `cohort`: 3 candidates"),
        [
            "| Tests willingness to pay with a price experiment | `willingness` | 2 | 1 | 0 | 1 | 50% |",
            "| Slices by platform and acquisition channel | `segments` | 3 | 1 | 0 | 2 | 33% |",
            "| Measures the conversion from each step to the next | `step-conversion` | 3 | 0 | 1 | 2 | 0% |",
        ]
    );
    assert_eq!(
        rows_under(&text, "### `cohort/pricing`: 2 candidates, median score 50"),
        [
            "| Slices by platform and acquisition channel | `segments` | 2 | 1 | 0 | 1 | 50% |",
            "| Tests willingness to pay with a price experiment | `willingness` | 2 | 1 | 0 | 1 | 50% |",
        ]
    );
    assert_eq!(
        rows_under(&text, "### `cohort/funnel`: 3 candidates, median score 100"),
        [
            "| Slices by platform and acquisition channel | `segments` | 3 | 1 | 0 | 2 | 33% |",
            "| Measures the conversion from each step to the next | `step-conversion` | 3 | 0 | 1 | 2 | 0% |",
        ]
    );
}

#[test]
fn writes_csv_to_a_file() {
    let folder = tempfile::tempdir().unwrap();
    cohort(folder.path());
    let run = merge(
        folder.path(),
        &[
            "anna.json",
            "ben.json",
            "chen.json",
            "--format",
            "csv",
            "--out",
            "cohort.csv",
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(stdout(&run), "");
    assert!(stderr(&run).contains("cohort.csv"), "{}", stderr(&run));
    let csv = std::fs::read_to_string(folder.path().join("cohort.csv")).unwrap();
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "scope,deck,card,item,concept,candidates,missed,partial,covered,missed_share,median_score",
            "deck,cohort,,willingness,Tests willingness to pay with a price experiment,2,1,0,1,0.50,",
            "deck,cohort,,segments,Slices by platform and acquisition channel,3,1,0,2,0.33,",
            "deck,cohort,,step-conversion,Measures the conversion from each step to the next,3,0,1,2,0.00,",
            "card,cohort,pricing,segments,Slices by platform and acquisition channel,2,1,0,1,0.50,50",
            "card,cohort,pricing,willingness,Tests willingness to pay with a price experiment,2,1,0,1,0.50,50",
            "card,cohort,funnel,segments,Slices by platform and acquisition channel,3,1,0,2,0.33,100",
            "card,cohort,funnel,step-conversion,Measures the conversion from each step to the next,3,0,1,2,0.00,100",
        ]
    );
}

/// Runs a merge that must fail: exit 1, nothing on stdout, one sentence on stderr.
fn refused(folder: &Path, args: &[&str]) -> String {
    let run = merge(folder, args);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_eq!(stdout(&run), "");
    let message = stderr(&run);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.starts_with("prepdeck: error: "), "{message}");
    message
}

#[test]
fn bad_input_is_refused_in_one_sentence_naming_the_file() {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    let anna = candidate(dir, "anna", &[(1, "funnel", FUNNEL_FULL)]);
    let export = std::fs::read_to_string(&anna).unwrap();

    std::fs::write(
        dir.join("broken.json"),
        "{\n  \"schema_version\": 1,\n  oops\n}\n",
    )
    .unwrap();
    let message = refused(dir, &["anna.json", "broken.json"]);
    assert!(
        message.contains("broken.json:3:3: this is not JSON (key must be a string)"),
        "{message}"
    );

    let damaged = export.replacen("\"score\": 100", "\"score\": \"full\"", 1);
    assert_ne!(damaged, export);
    std::fs::write(dir.join("damaged.json"), &damaged).unwrap();
    let line = damaged
        .lines()
        .position(|l| l.contains("\"full\""))
        .unwrap()
        + 1;
    let message = refused(dir, &["damaged.json"]);
    assert!(
        message.contains(&format!("damaged.json:{line}:")),
        "{message}"
    );
    assert!(
        message.contains("this looks like a prepdeck export but invalid type: string \"full\""),
        "{message}"
    );

    let newer = export.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1);
    std::fs::write(dir.join("newer.json"), newer).unwrap();
    let message = refused(dir, &["anna.json", "newer.json"]);
    assert!(
        message.contains(
            "anna.json is export schema version 1 but newer.json is version 2; write both with the same prepdeck"
        ),
        "{message}"
    );
    let message = refused(dir, &["newer.json"]);
    assert!(
        message.contains("newer.json was written by a newer prepdeck (export schema version 2; this one reads up to 1)"),
        "{message}"
    );

    std::fs::write(dir.join("deck.json"), "{\"deck\": {\"id\": \"x\"}}").unwrap();
    let message = refused(dir, &["anna.json", "deck.json"]);
    assert!(
        message.contains("deck.json is neither a `prepdeck export`"),
        "{message}"
    );
    assert!(
        message.contains("prepdeck mock report ID --format json"),
        "{message}"
    );

    let message = refused(dir, &["anna.json", "missing.json"]);
    assert!(
        message.contains("cannot read missing.json: it does not exist"),
        "{message}"
    );
}

#[test]
fn a_file_given_twice_is_a_usage_error() {
    let folder = tempfile::tempdir().unwrap();
    let anna = candidate(folder.path(), "anna", &[(1, "funnel", FUNNEL_FULL)]);
    let run = merge(folder.path(), &["anna.json", "anna.json"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("anna.json is given twice"),
        "{}",
        stderr(&run)
    );
    assert!(anna.exists());
}
