//! Progress that lasts, against the real binary: reviews scheduled by FSRS, the due queue,
//! undo, cram, weak-concept focus, statistics, history, export/import, optimize, and the
//! database refusing or setting aside files it must not use. The clock is `PREPDECK_NOW`.

mod common;

use std::path::PathBuf;

use common::{Home, valid_deck};
use predicates::prelude::*;
use serde_json::Value;

const T0: &str = "2025-03-01T09:00:00+01:00";

const STRONG: &str = "## Goals
Riders who share a ride pay less and still arrive on time; drivers earn more per hour.
## Signals
- `carpool_requested` (rider_id, origin, destination, seats, requested_at)
- `carpool_matched` and `match_failed` with a reason code
## Metrics
- match rate = matched requests / carpool requests, per city per week
- cancellations per match as a guardrail
## Targets
- match rate above 60% within 8 weeks
";

const WEAK: &str = "## Goals\nMore rides.\n";

fn db(home: &Home) -> PathBuf {
    home.path().join("prepdeck.sqlite3")
}

/// Runs the binary at `now` and returns its stdout as JSON.
fn json(home: &Home, now: &str, args: &[&str]) -> Value {
    let output = home
        .cmd()
        .env("PREPDECK_NOW", now)
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn review(home: &Home, now: &str, card: &str, answer: &str, extra: &[&str]) -> Value {
    let file = home.write("answer.md", answer);
    let file = file.to_str().expect("a UTF-8 path");
    let mut args = vec!["review", card, "--answer", file, "--json"];
    args.extend_from_slice(extra);
    json(home, now, &args)
}

fn queue_ids(queue: &Value) -> Vec<String> {
    queue["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["card"].as_str().expect("a card id").to_string())
        .collect()
}

fn local_time(utc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .expect("an RFC 3339 time")
        .with_timezone(&chrono::FixedOffset::east_opt(3600).expect("an offset"))
        .to_rfc3339()
}

#[test]
fn a_review_takes_the_card_off_the_queue_until_fsrs_says_it_is_due() {
    let home = Home::new();
    let first = json(&home, T0, &["next", "--json"]);
    assert_eq!(queue_ids(&first).len(), 5);
    let card = "carpool/track-performance";

    let reviewed = review(
        &home,
        T0,
        card,
        STRONG,
        &["--rating", "good", "--time-used", "9m"],
    );
    assert_eq!(reviewed["rating"], "good");
    assert_eq!(reviewed["mode"], "review");
    let expected = fsrs::FSRS::default()
        .next_states(None, 0.9, 0)
        .expect("the crate's first states")
        .good
        .interval
        .round() as u64;
    assert_eq!(reviewed["interval_days"], expected);

    let after = json(&home, T0, &["next", "--json"]);
    assert!(!queue_ids(&after).contains(&card.to_string()));
    assert_eq!(after["new_today"], 1);

    let due = local_time(reviewed["due"].as_str().expect("a due time"));
    let on_the_day = json(&home, &due, &["next", "--json"]);
    let entry = &on_the_day["entries"][0];
    assert_eq!(
        (entry["card"].as_str(), entry["kind"].as_str()),
        (Some(card), Some("review"))
    );

    home.cmd()
        .env("PREPDECK_NOW", T0)
        .args(["history", card])
        .assert()
        .success()
        .stdout(predicate::str::contains("rated good").and(predicate::str::contains("9m used")));
}

#[test]
fn a_time_used_without_a_unit_is_refused_with_the_forms_it_takes() {
    let home = Home::new();
    let answer = home.write("answer.md", STRONG);
    home.cmd()
        .env("PREPDECK_NOW", T0)
        .args(["review", "carpool/track-performance", "--time-used", "9", "--answer"])
        .arg(&answer)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`9` is not a length of time: the number 9 has no unit; write it like \"9m\", \"90s\" or \"1h30m\"",
        ));
    assert!(!db(&home).exists(), "nothing is recorded");
}

#[test]
fn the_suggested_rating_is_used_unless_overridden() {
    let home = Home::new();
    let weak = review(&home, T0, "carpool/track-performance", WEAK, &[]);
    assert_eq!(weak["rating"], weak["suggested_rating"]);
    assert_eq!(weak["rating"], "again");
    let overridden = review(
        &home,
        T0,
        "reels/launch-metrics",
        WEAK,
        &["--rating", "hard"],
    );
    assert_eq!(overridden["rating"], "hard");
    assert_eq!(overridden["suggested_rating"], "again");
    home.cmd()
        .env("PREPDECK_NOW", T0)
        .args(["review", "reels/launch-metrics", "--rating", "superb"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("again, hard, good or easy"));
}

#[test]
fn a_card_rated_again_comes_back_later_in_the_same_session() {
    let home = Home::new();
    let card = "carpool/track-performance";
    review(&home, T0, card, STRONG, &["--rating", "again"]);
    let now = json(&home, T0, &["next", "--json"]);
    let last = now["entries"]
        .as_array()
        .expect("entries")
        .last()
        .expect("an entry");
    assert_eq!(
        (last["card"].as_str(), last["kind"].as_str()),
        (Some(card), Some("relearning"))
    );

    let later = json(&home, "2025-03-01T09:12:00+01:00", &["next", "--json"]);
    assert_eq!(later["entries"][0]["card"], card);
    let again = review(
        &home,
        "2025-03-01T09:12:00+01:00",
        card,
        STRONG,
        &["--rating", "good"],
    );
    assert_eq!(again["phase"], "review");
}

#[test]
fn undo_takes_back_the_last_review() {
    let home = Home::new();
    let card = "carpool/track-performance";
    let first = review(&home, T0, card, STRONG, &["--rating", "good"]);
    let due = local_time(first["due"].as_str().expect("a due time"));
    review(&home, &due, card, WEAK, &["--rating", "again"]);

    home.cmd()
        .env("PREPDECK_NOW", &due)
        .arg("undo")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Took back the again review of carpool/track-performance")
                .and(predicate::str::contains("the answer waits as a draft")),
        );
    let history = json(&home, &due, &["history", card, "--json"]);
    assert_eq!(history["attempts"].as_array().expect("attempts").len(), 1);
    assert_eq!(history["state"]["due"], first["due"]);

    home.cmd()
        .env("PREPDECK_NOW", &due)
        .arg("undo")
        .assert()
        .success();
    home.cmd()
        .env("PREPDECK_NOW", &due)
        .arg("undo")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is no review to undo"));
}

#[test]
fn cram_drills_cards_that_are_not_due_without_moving_them() {
    let home = Home::new();
    let card = "carpool/track-performance";
    review(&home, T0, card, STRONG, &["--rating", "good"]);
    let cram = json(
        &home,
        T0,
        &["next", "--cram", "--deck", "carpool", "--json"],
    );
    assert_eq!(cram["entries"][0]["card"], card);
    assert_eq!(cram["entries"][0]["kind"], "cram");

    let before = json(&home, T0, &["history", card, "--json"])["state"].clone();
    let crammed = review(&home, "2025-03-01T10:00:00+01:00", card, WEAK, &["--cram"]);
    assert_eq!(crammed["mode"], "cram");
    let history = json(&home, T0, &["history", card, "--json"]);
    assert_eq!(history["state"], before);
    assert_eq!(history["attempts"].as_array().expect("attempts").len(), 2);
    assert_eq!(history["reviews"].as_array().expect("reviews").len(), 1);
}

#[test]
fn focus_weak_puts_the_cards_that_drill_missed_concepts_first() {
    let home = Home::new();
    for card in ["carpool/track-performance", "reels/launch-metrics"] {
        review(&home, T0, card, WEAK, &["--cram"]);
    }
    let weak = json(&home, T0, &["next", "--focus", "weak", "--json"]);
    let entries = weak["entries"].as_array().expect("entries");
    assert!(entries[0]["weakness"].as_f64().expect("a weakness") > 0.5);
    let weaknesses: Vec<f64> = entries
        .iter()
        .map(|e| e["weakness"].as_f64().expect("a weakness"))
        .collect();
    assert!(
        weaknesses.windows(2).all(|w| w[0] >= w[1]),
        "{weaknesses:?}"
    );

    let stats = json(&home, T0, &["stats", "--json"]);
    let weakest = &stats["weakest"][0];
    assert_eq!(weakest["misses"], 2);
    assert_eq!(weakest["cards"], 2);
    home.cmd()
        .env("PREPDECK_NOW", T0)
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("Concepts you miss most"));
}

#[test]
fn stats_show_reviews_retention_forecast_mastery_and_streak() {
    let home = Home::new();
    let card = "carpool/track-performance";
    let first = review(&home, T0, card, STRONG, &["--rating", "good"]);
    review(
        &home,
        T0,
        "reels/launch-metrics",
        STRONG,
        &["--rating", "easy"],
    );
    let due = local_time(first["due"].as_str().expect("a due time"));
    review(&home, &due, card, STRONG, &["--rating", "good"]);

    let stats = json(&home, &due, &["stats", "--json"]);
    assert_eq!(stats["reviews"], 3);
    assert_eq!(stats["retention"], 1.0);
    assert_eq!(stats["retention_reviews"], 1);
    assert_eq!(stats["reviews_per_day"].as_array().expect("days").len(), 30);
    assert_eq!(stats["forecast"].as_array().expect("days").len(), 30);
    let carpool = stats["decks"]
        .as_array()
        .expect("decks")
        .iter()
        .find(|d| d["deck"] == "carpool")
        .expect("the carpool deck");
    assert_eq!(carpool["seen"], 1);
    assert_eq!(stats["streak_days"], 1);
    home.cmd()
        .env("PREPDECK_NOW", &due)
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("Retention").and(predicate::str::contains("carpool")));
}

#[test]
fn a_leech_is_flagged_with_the_concepts_it_keeps_missing() {
    let home = Home::new();
    home.write("config.toml", "[schedule]\nleech_threshold = 2\n");
    let card = "carpool/track-performance";
    review(&home, T0, card, WEAK, &["--rating", "again"]);
    let second = review(
        &home,
        "2025-03-01T09:20:00+01:00",
        card,
        WEAK,
        &["--rating", "again"],
    );
    assert_eq!(second["leech"], true);
    assert!(
        !second["keeps_missing"]
            .as_array()
            .expect("concepts")
            .is_empty()
    );
    let stats = json(&home, "2025-03-01T09:30:00+01:00", &["stats", "--json"]);
    assert_eq!(stats["leeches"][0]["card"], card);
}

#[test]
fn an_edited_card_keeps_its_history_and_is_reported_as_changed() {
    let home = Home::new();
    home.write("decks/mine.toml", valid_deck("mine"));
    review(
        &home,
        T0,
        "mine/checkout",
        "checkout conversion",
        &["--rating", "good"],
    );
    home.write(
        "decks/mine.toml",
        valid_deck("mine").replace("as a guardrail", "as a guardrail metric"),
    );
    let stats = json(&home, T0, &["stats", "--json"]);
    assert_eq!(stats["changed_cards"][0], "mine/checkout");
    let history = json(&home, T0, &["history", "mine/checkout", "--json"]);
    assert_eq!(history["attempts"][0]["card_changed_since"], true);
}

#[test]
fn history_counts_half_credit_apart_from_misses() {
    let home = Home::new();
    home.write("decks/mine.toml", valid_deck("mine"));
    // Conversion defined in Signals rather than Metrics earns half; then it is not said at all.
    let misplaced = "## Signals\ncheckout conversion = orders / checkout starts\n";
    review(
        &home,
        T0,
        "mine/checkout",
        misplaced,
        &["--rating", "again"],
    );
    review(&home, T0, "mine/checkout", WEAK, &["--rating", "again"]);
    home.cmd()
        .env("PREPDECK_NOW", T0)
        .args(["history", "mine/checkout"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Defines checkout conversion as orders over checkout starts — missed 1, partial 1 of 2 attempts",
        ));
}

#[test]
fn export_import_into_an_empty_home_and_export_again_is_identical() {
    let source = Home::new();
    review(
        &source,
        T0,
        "carpool/track-performance",
        STRONG,
        &["--rating", "good"],
    );
    review(&source, T0, "reels/launch-metrics", WEAK, &[]);
    review(&source, T0, "reels/launch-metrics", WEAK, &["--cram"]);
    let exported = source.path().join("backup.json");
    source
        .cmd()
        .args(["export", "--out"])
        .arg(&exported)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Exported 3 attempts and 2 reviews",
        ));
    let text = std::fs::read_to_string(&exported).expect("the export");
    let document: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(document["schema_version"], 1);

    let target = Home::new();
    target
        .cmd()
        .arg("import")
        .arg(&exported)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Imported 3 attempts and 2 reviews",
        ));
    let again = target.cmd().arg("export").output().expect("export runs");
    assert_eq!(String::from_utf8_lossy(&again.stdout), text);

    target
        .cmd()
        .arg("import")
        .arg(&exported)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Imported 0 attempts and 0 reviews",
        ));
}

#[test]
fn import_refuses_what_is_not_an_export_and_changes_nothing() {
    let home = Home::new();
    review(
        &home,
        T0,
        "carpool/track-performance",
        STRONG,
        &["--rating", "good"],
    );
    let before = home
        .cmd()
        .arg("export")
        .output()
        .expect("export runs")
        .stdout;
    let bad = home.write(
        "bad.json",
        "{\"schema_version\": 1, \"attempts\": [{\"uid\": 3}]}",
    );
    home.cmd()
        .arg("import")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot import").and(predicate::str::contains("line 1")));
    let newer = home.write("newer.json", "{\"schema_version\": 9}");
    home.cmd()
        .arg("import")
        .arg(&newer)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("newer prepdeck"));
    let after = home
        .cmd()
        .arg("export")
        .output()
        .expect("export runs")
        .stdout;
    assert_eq!(before, after);
}

#[test]
fn optimize_says_how_many_reviews_it_still_needs() {
    let home = Home::new();
    review(
        &home,
        T0,
        "carpool/track-performance",
        STRONG,
        &["--rating", "good"],
    );
    home.cmd().arg("optimize").assert().code(1).stderr(
        predicate::str::contains("at least 64 reviews it can learn from")
            .and(predicate::str::contains("you have none yet")),
    );
}

#[test]
fn optimize_fits_and_stores_personal_parameters() {
    let home = Home::new();
    record_long_history(&home);
    let result = json(&home, T0, &["optimize", "--json"]);
    assert_eq!(
        result["parameters"].as_array().expect("parameters").len(),
        21
    );
    assert!(result["reviews"].as_u64().expect("a count") >= 64);
    let export = json(&home, T0, &["export"]);
    let stored: Vec<f64> = serde_json::from_str(
        export["settings"]["fsrs.parameters"]
            .as_str()
            .expect("stored parameters"),
    )
    .expect("a JSON array");
    assert_eq!(serde_json::json!(stored), result["parameters"]);
    assert_ne!(stored[..4], fsrs::DEFAULT_PARAMETERS.map(f64::from)[..4]);
}

/// Forty cards, each first rated Good and then reviewed five more times when due, recorded
/// through the library (the optimizer learns from patterns that many cards share).
fn record_long_history(home: &Home) {
    use prepdeck::config::ScheduleSettings;
    use prepdeck::deck::{Bank, DeckSources};
    use prepdeck::score::{self, Lexicon, Rating};
    use prepdeck::store::{NewAttempt, Store};

    let bank = Bank::load(&DeckSources {
        bundled: true,
        ..DeckSources::default()
    });
    let mut store = Store::open_at(&db(home)).expect("a new database");
    let scheduler = store
        .scheduler(&ScheduleSettings::default())
        .expect("a scheduler");
    let start = chrono::DateTime::parse_from_rfc3339("2024-01-01T09:00:00+00:00").expect("a time");
    for (n, card) in bank.cards().take(40).enumerate() {
        let deck = bank.deck(card.id.deck()).expect("its deck");
        let report = score::score_card(
            card,
            bank.framework_for(card),
            &Lexicon::new(&deck.thesaurus),
            STRONG,
            score::Options::default(),
        );
        let mut at = start + chrono::Duration::days(n as i64);
        for step in 0..6 {
            let rating = match (n + step) % 5 {
                _ if step == 0 => Rating::Good,
                0 => Rating::Again,
                1 => Rating::Hard,
                4 => Rating::Easy,
                _ => Rating::Good,
            };
            let attempt = NewAttempt {
                card,
                answers: Vec::new(),
                time_used: std::time::Duration::from_secs(300),
                report: &report,
                hands_in_draft: false,
            };
            let outcome = store
                .record_review(&attempt, rating, &scheduler, at)
                .expect("a recorded review");
            at = outcome
                .after
                .due
                .fixed_offset()
                .max(at + chrono::Duration::days(1));
        }
    }
}

#[test]
fn a_file_that_is_not_a_database_is_moved_aside_and_reported_in_one_sentence() {
    let home = Home::new();
    let junk = b"these are my notes, not a database\n".repeat(20);
    std::fs::write(db(&home), &junk).expect("write");
    let output = home
        .cmd()
        .env("PREPDECK_NOW", T0)
        .arg("next")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("is damaged") && stderr.contains("moved aside to"),
        "{stderr}"
    );
    assert!(!db(&home).exists());
    let moved = moved_aside(&home);
    assert_eq!(std::fs::read(&moved).expect("the moved file"), junk);
    home.cmd()
        .env("PREPDECK_NOW", T0)
        .arg("next")
        .assert()
        .success();
}

/// The one file beside the database named `prepdeck.sqlite3.damaged-…`.
fn moved_aside(home: &Home) -> PathBuf {
    let mut moved: Vec<PathBuf> = std::fs::read_dir(home.path())
        .expect("the home")
        .map(|e| e.expect("an entry").path())
        .filter(|p| {
            let name = p
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            name.starts_with("prepdeck.sqlite3.damaged-")
                && !name.ends_with("-wal")
                && !name.ends_with("-shm")
        })
        .collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    moved.remove(0)
}

/// A database with some history, closed (so it is checkpointed into the one file).
fn database_with_history(home: &Home) -> Vec<u8> {
    review(
        home,
        T0,
        "carpool/track-performance",
        STRONG,
        &["--rating", "good"],
    );
    review(
        home,
        T0,
        "reels/launch-metrics",
        STRONG,
        &["--rating", "good"],
    );
    std::fs::read(db(home)).expect("the database")
}

#[test]
fn a_truncated_database_is_detected_at_open_and_moved_aside() {
    let home = Home::new();
    let bytes = database_with_history(&home);
    std::fs::write(db(&home), &bytes[..bytes.len() / 2]).expect("truncate");
    home.cmd()
        .env("PREPDECK_NOW", T0)
        .arg("stats")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("is damaged").and(predicate::str::contains("moved aside")),
        );
    assert_eq!(
        std::fs::read(moved_aside(&home)).expect("moved").len(),
        bytes.len() / 2
    );
    home.cmd()
        .env("PREPDECK_NOW", T0)
        .arg("stats")
        .assert()
        .success();
}

#[test]
fn overwritten_pages_are_caught_on_first_use_and_never_written_over() {
    let home = Home::new();
    let mut bytes = database_with_history(&home);
    let page = 4096;
    for byte in &mut bytes[page..] {
        *byte = 0xA5;
    }
    std::fs::write(db(&home), &bytes).expect("overwrite");
    home.cmd()
        .env("PREPDECK_NOW", T0)
        .arg("next")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("is damaged").and(predicate::str::contains("moved aside")),
        );
    assert_eq!(std::fs::read(moved_aside(&home)).expect("moved"), bytes);
    home.cmd()
        .env("PREPDECK_NOW", T0)
        .arg("next")
        .assert()
        .success();
}

#[test]
fn a_database_from_a_newer_prepdeck_is_refused_and_left_untouched() {
    let home = Home::new();
    database_with_history(&home);
    {
        let conn = rusqlite::Connection::open(db(&home)).expect("open");
        conn.pragma_update(None, "user_version", 99)
            .expect("set the version");
    }
    let before = std::fs::read(db(&home)).expect("the database");
    home.cmd()
        .env("PREPDECK_NOW", T0)
        .arg("next")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "written by a newer prepdeck (schema 99",
        ));
    assert_eq!(std::fs::read(db(&home)).expect("the database"), before);
}

#[test]
fn a_read_only_data_folder_gives_a_clear_error() {
    let home = Home::new();
    let folder = ReadOnlyFolder::new(home.path().join("data"));
    home.cmd()
        .env("PREPDECK_HOME", &folder.path)
        .env("PREPDECK_NOW", T0)
        .arg("next")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("cannot save progress in the data folder")
                .and(predicate::str::contains("read-only"))
                .and(predicate::str::contains("PREPDECK_HOME")),
        );
}

/// A folder nobody can write to, made writable again when dropped. Permissions alone do not
/// stop root, so as root the folder is also made immutable (`chattr +i`); where even that is
/// not allowed, the read-only `/sys` stands in.
struct ReadOnlyFolder {
    path: PathBuf,
    immutable: bool,
}

impl ReadOnlyFolder {
    fn new(path: PathBuf) -> ReadOnlyFolder {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(&path).expect("create the folder");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        if !writable(&path) {
            return ReadOnlyFolder {
                path,
                immutable: false,
            };
        }
        let chattr = std::process::Command::new("chattr")
            .arg("+i")
            .arg(&path)
            .output();
        if chattr.is_ok_and(|o| o.status.success()) && !writable(&path) {
            return ReadOnlyFolder {
                path,
                immutable: true,
            };
        }
        assert!(
            !writable("/sys".as_ref()),
            "no read-only folder to test with"
        );
        ReadOnlyFolder {
            path: "/sys".into(),
            immutable: false,
        }
    }
}

fn writable(dir: &std::path::Path) -> bool {
    let probe = dir.join("probe");
    let ok = std::fs::write(&probe, "x").is_ok();
    let _ = std::fs::remove_file(probe);
    ok
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.path)
                .output();
        }
        if self.path != std::path::Path::new("/sys") {
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[test]
fn a_bad_clock_override_is_a_usage_error() {
    let home = Home::new();
    home.cmd()
        .env("PREPDECK_NOW", "yesterday")
        .arg("next")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PREPDECK_NOW"));
}
