//! Nothing lost: processes killed with SIGKILL in the middle of writing, and two processes
//! writing at once. The writers are this test binary started again as a child
//! (`crash --child WHAT HOME`), recording through the library in a loop and reporting each
//! committed write on stdout, and the real `prepdeck` binary killed mid-review. Afterwards
//! the database must pass SQLite's integrity check and hold every write reported done.
//!
//! Runs without the libtest harness (`harness = false` in Cargo.toml) so that it can be its
//! own child process.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use prepdeck::config::ScheduleSettings;
use prepdeck::deck::{Bank, CardId, DeckSources};
use prepdeck::score::{self, Lexicon, Rating};
use prepdeck::store::{Draft, NewAttempt, SectionAnswer, Store};

const REVIEWS_EACH: usize = 200;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, what, home] = &args[..]
        && flag == "--child"
    {
        child(what, Path::new(home));
        return;
    }
    let tests: [(&str, fn()); 4] = [
        (
            "a_draft_writer_killed_loses_at_most_the_last_save",
            a_draft_writer_killed_loses_at_most_the_last_save,
        ),
        (
            "a_review_writer_killed_mid_write_leaves_whole_reviews_only",
            a_review_writer_killed_mid_write_leaves_whole_reviews_only,
        ),
        (
            "the_real_binary_killed_mid_review_never_corrupts_the_database",
            the_real_binary_killed_mid_review_never_corrupts_the_database,
        ),
        (
            "two_processes_recording_at_once_keep_every_review",
            two_processes_recording_at_once_keep_every_review,
        ),
    ];
    let filter = args.iter().skip(1).find(|a| !a.starts_with('-'));
    for (name, test) in tests {
        if filter.is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        println!("test {name} ...");
        test();
        println!("test {name} ... ok");
    }
}

fn bank() -> Bank {
    Bank::load(&DeckSources {
        bundled: true,
        ..DeckSources::default()
    })
}

fn database(home: &Path) -> PathBuf {
    home.join("prepdeck.sqlite3")
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-03-01T09:00:00+01:00").expect("a valid time")
}

/// The child's side: write forever (drafts, reviews) or a fixed number of reviews, printing
/// a line after each write is committed.
fn child(what: &str, home: &Path) {
    let mut store = Store::open_at(&database(home)).expect("the child opens the database");
    match what {
        "drafts" => {
            let card = CardId::parse("carpool/track-performance").expect("a card id");
            for n in 0.. {
                let text = format!("Riders share rides. Keystroke {n}.");
                store
                    .save_draft(&Draft {
                        card: card.clone(),
                        answers: vec![SectionAnswer {
                            section: "goals".into(),
                            text,
                        }],
                        elapsed: Duration::from_millis(n),
                        hints_used: 0,
                        updated_at: now().to_utc(),
                    })
                    .expect("the draft is saved");
                println!("{n}");
            }
        }
        "reviews-forever" => record_reviews(&mut store, usize::MAX),
        "reviews" => record_reviews(&mut store, REVIEWS_EACH),
        other => panic!("unknown child task {other}"),
    }
}

fn record_reviews(store: &mut Store, count: usize) {
    let bank = bank();
    let scheduler = store
        .scheduler(&ScheduleSettings::default())
        .expect("a scheduler");
    let cards: Vec<_> = bank.cards().take(10).collect();
    let reports: Vec<_> = cards
        .iter()
        .map(|card| {
            let deck = bank.deck(card.id.deck()).expect("its deck");
            score::score_card(
                card,
                bank.framework_for(card),
                &Lexicon::new(&deck.thesaurus),
                "## Goals\nRiders share rides.\n## Metrics\nmatch rate = matched / requests",
                score::Options::default(),
            )
        })
        .collect();
    for n in 0..count {
        let attempt = NewAttempt {
            card: cards[n % cards.len()],
            answers: vec![SectionAnswer {
                section: "goals".into(),
                text: "Riders share rides.".repeat(50),
            }],
            time_used: Duration::from_secs(300),
            report: &reports[n % cards.len()],
            hands_in_draft: false,
        };
        let at = now() + chrono::Duration::minutes(n as i64);
        store
            .record_review(&attempt, Rating::ALL[n % 4], &scheduler, at)
            .expect("the review is recorded");
        println!("{n}");
    }
}

fn spawn_child(what: &str, home: &Path) -> Child {
    Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--child", what])
        .arg(home)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the child starts")
}

/// Reads the child's committed-write lines until `enough` of them, then kills it with
/// SIGKILL; returns the last line read.
fn kill_after(mut child: Child, enough: usize) -> Option<usize> {
    let stdout = child.stdout.take().expect("piped stdout");
    let mut last = None;
    for (seen, line) in BufReader::new(stdout).lines().enumerate() {
        last = line.ok().and_then(|l| l.trim().parse().ok());
        if seen + 1 >= enough {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("the child is reaped");
    last
}

/// Opens the database as a new user would, and runs SQLite's full integrity check.
fn assert_intact(home: &Path) -> rusqlite::Connection {
    Store::open_at(&database(home)).expect("prepdeck opens the database after the kill");
    let conn = rusqlite::Connection::open(database(home)).expect("open");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity check");
    assert_eq!(check, "ok");
    conn
}

fn count(conn: &rusqlite::Connection, sql: &str) -> usize {
    conn.query_row(sql, [], |row| row.get::<_, i64>(0))
        .expect("a count") as usize
}

/// Every review has its attempt and every card's state is the result of the last review
/// recorded for it: no transaction was left half done.
fn assert_consistent(conn: &rusqlite::Connection) {
    assert_eq!(
        count(conn, "SELECT COUNT(*) FROM reviews"),
        count(conn, "SELECT COUNT(*) FROM attempts WHERE mode = 'review'")
    );
    assert_eq!(
        count(
            conn,
            "SELECT COUNT(*) FROM reviews r WHERE NOT EXISTS
             (SELECT 1 FROM attempts a WHERE a.id = r.attempt_id)"
        ),
        0
    );
    assert_eq!(
        count(
            conn,
            "SELECT COUNT(*) FROM card_states s WHERE s.last_review <>
             (SELECT at FROM reviews r WHERE r.card_id = s.card_id ORDER BY id DESC LIMIT 1)"
        ),
        0
    );
}

fn a_draft_writer_killed_loses_at_most_the_last_save() {
    let home = tempfile::tempdir().expect("a temp dir");
    let last = kill_after(spawn_child("drafts", home.path()), 300).expect("saves reported");
    assert_intact(home.path());
    let store = Store::open_at(&database(home.path())).expect("open");
    let draft = store
        .latest_draft()
        .expect("drafts readable")
        .expect("the draft survived");
    let saved: usize = draft.answers[0]
        .text
        .trim_end_matches('.')
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a keystroke number");
    assert!(
        saved == last || saved == last + 1,
        "reported {last} saved, found {saved}"
    );
    assert_eq!(draft.elapsed, Duration::from_millis(saved as u64));
}

fn a_review_writer_killed_mid_write_leaves_whole_reviews_only() {
    let home = tempfile::tempdir().expect("a temp dir");
    let last = kill_after(spawn_child("reviews-forever", home.path()), 60).expect("reviews");
    let conn = assert_intact(home.path());
    let reviews = count(&conn, "SELECT COUNT(*) FROM reviews");
    assert!(
        reviews == last + 1 || reviews == last + 2,
        "reported {} recorded, found {reviews}",
        last + 1
    );
    assert_consistent(&conn);
}

fn the_real_binary_killed_mid_review_never_corrupts_the_database() {
    let home = tempfile::tempdir().expect("a temp dir");
    let answer = home.path().join("answer.md");
    std::fs::write(&answer, "## Goals\nRiders share rides.\n").expect("write the answer");
    let binary = assert_cmd::cargo::cargo_bin("prepdeck");
    let started = Instant::now();
    let mut finished = 0;
    for round in 0..24u64 {
        let mut child = Command::new(&binary)
            .env("PREPDECK_HOME", home.path())
            .env("PREPDECK_NOW", "2025-03-01T09:00:00+01:00")
            .args([
                "review",
                "carpool/track-performance",
                "--rating",
                "good",
                "--answer",
            ])
            .arg(&answer)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prepdeck starts");
        // Spread the kills over the run: some before the write, some during, some after.
        std::thread::sleep(Duration::from_millis(5 + round * 7));
        if child.try_wait().expect("status").is_some() {
            finished += 1;
        } else {
            child.kill().expect("SIGKILL");
        }
        child.wait().expect("reaped");
    }
    let conn = assert_intact(home.path());
    assert_consistent(&conn);
    assert!(count(&conn, "SELECT COUNT(*) FROM reviews") >= finished);
    assert!(started.elapsed() < Duration::from_secs(120));
}

fn two_processes_recording_at_once_keep_every_review() {
    let home = tempfile::tempdir().expect("a temp dir");
    let children = [
        spawn_child("reviews", home.path()),
        spawn_child("reviews", home.path()),
    ];
    for mut child in children {
        let stdout = child.stdout.take().expect("piped stdout");
        let reported = BufReader::new(stdout).lines().count();
        assert!(child.wait().expect("reaped").success());
        assert_eq!(reported, REVIEWS_EACH);
    }
    let conn = assert_intact(home.path());
    assert_eq!(
        count(&conn, "SELECT COUNT(*) FROM reviews"),
        2 * REVIEWS_EACH
    );
    assert_eq!(
        count(&conn, "SELECT COUNT(DISTINCT uid) FROM attempts"),
        2 * REVIEWS_EACH
    );
    assert_consistent(&conn);
}
