//! Bad deck input, against the real binary: each case gives a located, one-sentence error
//! with the right exit code, never a panic, and the good decks still load.

mod common;

use common::{Home, valid_deck};
use predicates::prelude::*;

fn no_panic() -> impl Predicate<str> {
    predicate::str::contains("panicked")
        .not()
        .and(predicate::str::contains("RUST_BACKTRACE").not())
}

/// `deck check` on one bad file: exit 1, the message located at file:line:col.
fn check_fails_with(home: &Home, file: &str, contents: &str, location: &str, message: &str) {
    let path = home.write(file, contents);
    home.cmd()
        .args(["deck", "check"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "{}:{location}: error: {message}",
            path.display()
        )))
        .stderr(no_panic());
}

/// What `deck check` prints for a file it finds problems in (exit 1).
fn failing_check(home: &Home, path: &std::path::Path) -> String {
    let output = home
        .cmd()
        .args(["deck", "check"])
        .arg(path)
        .assert()
        .code(1);
    common::stdout(output.get_output())
}

/// The good deck beside the bad one still loads and lists.
fn good_deck_still_loads(home: &Home) {
    home.write("decks/good.toml", valid_deck("good"));
    home.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("good"))
        .stderr(predicate::str::contains("skipped the broken deck"));
}

#[test]
fn malformed_toml() {
    let home = Home::new();
    let bad = valid_deck("bad").replace(
        "title = \"Checkout redesign\"",
        "title = \"Checkout redesign",
    );
    check_fails_with(
        &home,
        "decks/bad.toml",
        &bad,
        "7:27",
        "this is not valid TOML: invalid basic string",
    );
    good_deck_still_loads(&home);
}

#[test]
fn wrong_type() {
    let home = Home::new();
    let bad = valid_deck("bad").replace("weight = 3", "weight = \"heavy\"");
    check_fails_with(
        &home,
        "decks/bad.toml",
        &bad,
        "17:10",
        "wrong type in a [[cards.rubric]] entry: found string \"heavy\", but it should be a whole number",
    );
    good_deck_still_loads(&home);
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let home = Home::new();
    let bad = valid_deck("bad").replace("time_limit = \"12m\"", "time_limt = \"12m\"");
    let path = home.write("decks/bad.toml", &bad);
    home.cmd()
        .args(["deck", "check"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "{}:10:1: error: unknown key `time_limt` in a [[cards]] entry",
            path.display()
        )))
        .stdout(predicate::str::contains(
            "= hint: did you mean `time_limit`?",
        ))
        .stdout(predicate::str::contains(
            "10 | time_limt = \"12m\"\n   | ^^^^^^^^^",
        ));
    good_deck_still_loads(&home);
}

#[test]
fn duplicate_card_id_points_at_the_first() {
    let home = Home::new();
    let card = valid_deck("x");
    let second = &card[card.find("[[cards]]").expect("a card")..];
    let bad = format!("{}\n{second}", valid_deck("bad"));
    let path = home.write("decks/bad.toml", &bad);
    home.cmd()
        .args(["deck", "check"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error: duplicate card id `checkout`",
        ))
        .stdout(predicate::str::contains(
            "the first `checkout` is on line 6",
        ));
    good_deck_still_loads(&home);
}

#[test]
fn empty_rubric() {
    let home = Home::new();
    let deck = valid_deck("bad");
    let bad = &deck[..deck.find("[[cards.rubric]]").expect("a rubric")];
    check_fails_with(
        &home,
        "decks/bad.toml",
        bad,
        "6:6",
        "card `checkout` has an empty rubric",
    );
    good_deck_still_loads(&home);
}

#[test]
fn section_not_in_the_framework() {
    let home = Home::new();
    let bad = valid_deck("bad").replace("section = \"metrics\"", "section = \"metric\"");
    let path = home.write("decks/bad.toml", &bad);
    home.cmd()
        .args(["deck", "check"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "{}:15:11: error: section `metric` is not in the `gsmt` framework",
            path.display()
        )))
        .stdout(predicate::str::contains("did you mean `metrics`?"));
    good_deck_still_loads(&home);
}

#[test]
fn non_utf8_file() {
    let home = Home::new();
    let mut bytes = valid_deck("bad").into_bytes();
    bytes.splice(20..20, [0xff, 0xfe]);
    let path = home.write("decks/bad.toml", &bytes);
    home.cmd()
        .args(["deck", "check"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "{}:3:3: error: this file is not UTF-8 text from here on; save it as UTF-8",
            path.display()
        )));
    good_deck_still_loads(&home);
}

#[test]
fn fifty_megabyte_file_is_refused_by_size() {
    let home = Home::new();
    let path = home.path().join("decks/huge.toml");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(50 * 1024 * 1024).expect("sparse 50 MB file");
    home.cmd()
        .args(["deck", "check"])
        .arg(&path)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "this file is 52.4 MB, over the 4 MB limit for a deck",
        ));
    good_deck_still_loads(&home);
}

#[test]
fn ansi_escapes_warn_and_never_reach_the_terminal() {
    let home = Home::new();
    let deck = valid_deck("ansi").replace(
        "title = \"Checkout redesign\"",
        "title = \"\\u001b[2J\\u001b[31mCheckout\\u001b]0;owned\\u0007 redesign\"",
    );
    let path = home.write("decks/ansi.toml", &deck);
    home.cmd()
        .args(["deck", "check"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("warning: a terminal control character is escaped here; it will be stripped before display"))
        .stdout(predicate::str::contains('\u{1b}').not());
    home.cmd()
        .args(["show", "ansi/checkout"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ansi/checkout — Checkout redesign",
        ))
        .stdout(predicate::str::contains('\u{1b}').not())
        .stdout(predicate::str::contains('\u{7}').not());
}

#[test]
fn missing_decks_path_is_a_usage_error() {
    let home = Home::new();
    home.cmd()
        .args(["--decks", "no/such/folder", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::diff(
            "prepdeck: error: the --decks path `no/such/folder` does not exist\n",
        ));
    home.cmd()
        .args(["deck", "check", "no/such.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot check `no/such.toml`: it does not exist",
        ));
}

#[test]
fn every_problem_in_every_file_in_one_run() {
    let home = Home::new();
    home.write(
        "decks/one.toml",
        valid_deck("one").replace("time_limit = \"12m\"", "time_limit = \"12\""),
    );
    home.write(
        "decks/two.toml",
        valid_deck("two")
            .replace("weight = 3", "weight = 9")
            .replace("needs = \"formula\"", "needs = \"formulae\""),
    );
    home.cmd()
        .args(["deck", "check"])
        .arg(home.path().join("decks"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("one.toml:10:14: error: `12` is not a time limit: the number 12 has no unit; write it like \"9m\", \"90s\" or \"1h30m\""))
        .stdout(predicate::str::contains("two.toml:17:10: error: `weight` must be from 1 to 5, not 9"))
        .stdout(predicate::str::contains("two.toml:16:9: error: unknown need \"formulae\""))
        .stdout(predicate::str::contains("did you mean \"formula\"?"))
        .stdout(predicate::str::contains("3 errors, 0 warnings"));
}

#[test]
fn unknown_card_suggests_near_ids() {
    let home = Home::new();
    home.cmd()
        .args(["show", "carpool/track-performanse"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("prepdeck: error: there is no card `carpool/track-performanse`; did you mean `carpool/track-performance`"));
}

#[test]
fn invalid_config_is_a_located_error() {
    let home = Home::new();
    home.write("config.toml", "[schedule]\nnew_per_dai = 3\n");
    home.cmd()
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "config.toml:2:1: error: invalid config: unknown setting `new_per_dai`",
        ));
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let home = Home::new();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("prepdeck"))
        .args(["list", "--json"])
        .env("PREPDECK_HOME", home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn prepdeck");
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    child.wait().expect("wait");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Each stage of checking runs on whatever the earlier ones could read: a card with a wrong
/// type still has its ids and needs checked, a deck with parse errors still has its sections
/// and frameworks resolved and its sound cards' examples scored, and nothing is said twice.
#[test]
fn every_stage_of_checking_reports_in_the_same_run() {
    let home = Home::new();
    let first = valid_deck("stages")
        .replace(
            "time_limit = \"12m\"",
            "time_limit = \"12m\"\ndifficulty = \"hard\"",
        )
        .replace("id = \"conversion\"", "id = \"Conversion\"")
        .replace("needs = \"formula\"", "needs = \"formulae\"");
    let second = valid_deck("unused")
        .split("[[cards]]")
        .nth(1)
        .unwrap()
        .replace("id = \"checkout\"", "id = \"sections\"")
        .replace("section = \"metrics\"", "section = \"metric\"")
        + "\n[[cards.examples]]\nlabel = \"weak\"\nanswer = \"checkout conversion\"\nmax_score = 0\n";
    let third = "\n[[cards]]\nid = \"framework\"\ntitle = \"T\"\nprompt = \"P\"\nframework = \"gsmtt\"\ntime_limit = \"5m\"\n[[cards.rubric]]\nid = \"r\"\ndesc = \"d\"\nany = [\"retention\"]\n";
    let fourth = "\n[[cards]]\nid = \"example\"\ntitle = \"T\"\nprompt = \"P\"\nkind = \"recall\"\ntime_limit = \"5m\"\n[[cards.rubric]]\nid = \"r\"\ndesc = \"d\"\nany = [\"retention rate\"]\n[[cards.examples]]\nlabel = \"weak\"\nanswer = \"I would track the retention rate weekly.\"\nmax_score = 10\n";
    let path = home.write(
        "stages.toml",
        format!("{first}\n[[cards]]{second}{third}{fourth}"),
    );
    let stdout = failing_check(&home, &path);
    for expected in [
        "wrong type in a [[cards]] entry: found string \"hard\"",
        "the rubric item id `Conversion` is not kebab-case",
        "unknown need \"formulae\"",
        "section `metric` is not in the `gsmt` framework",
        "unknown framework `gsmtt`",
        "example \"weak\" of `stages/example` scores 100, above its max_score 10",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    assert!(
        stdout.contains("6 errors, 0 warnings"),
        "the example of the card with a section error is not scored as well:\n{stdout}"
    );
    assert!(
        stdout.contains("(1 more not scored until their cards' errors are fixed)"),
        "and the summary says it was left:\n{stdout}"
    );
    let lines: Vec<usize> = stdout
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.split(':').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(lines.is_sorted(), "in file order: {lines:?}");
}

/// An example that scores above its range names the items it earns, half-credited ones too.
#[test]
fn an_example_above_its_range_names_the_items_that_earned_it() {
    let home = Home::new();
    let deck = "[deck]\nid = \"partly\"\ntitle = \"Partly\"\n\n[[cards]]\nid = \"example\"\ntitle = \"T\"\nprompt = \"P\"\nkind = \"recall\"\ntime_limit = \"5m\"\n[[cards.rubric]]\nid = \"retention\"\ndesc = \"Retention with a number\"\nneeds = \"number\"\nany = [\"retention rate\"]\n[[cards.examples]]\nlabel = \"weak\"\nanswer = \"I would track the retention rate weekly.\"\nmax_score = 10\n";
    let path = home.write("partly.toml", deck);
    let stdout = failing_check(&home, &path);
    assert!(
        stdout.contains("scores 50, above its max_score 10")
            && stdout.contains("items it earns: `retention` (partly)"),
        "{stdout}"
    );
}
